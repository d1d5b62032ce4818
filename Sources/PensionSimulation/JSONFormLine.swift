import Foundation

/// One line of a JSON-lines form file: an object with the ``RegistrationForms/columns`` as keys.
///
/// Every value is a string or `null` except `contributionTierYuan`, an integer. Unknown keys are an error.
struct JSONFormLine: Codable {
    /// The text of each column present; the tier as decimal text.
    var values: [FormColumn: String]

    /// A problem in one field, turned into a ``FormError`` with the line by the reader.
    struct FieldProblem: Error {
        let field: String
        let problem: String
    }

    init(row: FormRow) {
        var values: [FormColumn: String] = [:]
        for column in FormColumn.allCases {
            values[column] = column.text(in: row)
        }
        self.values = values
    }

    init(from decoder: any Decoder) throws {
        let container: KeyedDecodingContainer<AnyKey>
        do {
            container = try decoder.container(keyedBy: AnyKey.self)
        } catch {
            throw FieldProblem(field: FormError.wholeRecord, problem: "must be a JSON object")
        }
        guard container.allKeys.allSatisfy({ FormColumn(stringValue: $0.stringValue) != nil }) else {
            throw FieldProblem(field: FormError.wholeRecord, problem: "has a key that is not a form column")
        }
        var values: [FormColumn: String] = [:]
        for column in FormColumn.allCases {
            let key = AnyKey(column.rawValue)
            guard container.contains(key), (try? container.decodeNil(forKey: key)) == false else { continue }
            if column == .contributionTierYuan {
                guard let tier = try? container.decode(Int.self, forKey: key) else {
                    throw FieldProblem(field: column.rawValue, problem: "must be a JSON integer")
                }
                values[column] = String(tier)
            } else {
                guard let text = try? container.decode(String.self, forKey: key) else {
                    throw FieldProblem(field: column.rawValue, problem: "must be a JSON string")
                }
                values[column] = text
            }
        }
        self.values = values
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FormColumn.self)
        for column in FormColumn.allCases {
            guard let text = values[column] else { continue }
            if column == .contributionTierYuan, let tier = Int(text) {
                try container.encode(tier, forKey: column)
            } else {
                try container.encode(text, forKey: column)
            }
        }
    }

    private struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }

        init(_ string: String) {
            stringValue = string
        }

        init?(stringValue: String) {
            self.stringValue = stringValue
        }

        init?(intValue: Int) {
            nil
        }
    }
}
