import Foundation
import PensionDomain
import PensionWorkers

/// The bank's account-opening feedback file (开户反馈), CSV with the header
/// `residentId,name,divisionCode,cardNumber,openedOn`: one opened card or passbook per line; `divisionCode` is the
/// 12-digit village code the opening request carried (its first 9 digits are the township), `openedOn` `YYYY-MM-DD`.
/// Blank lines and lines starting with `#` are skipped.
public enum BankCardFile {
    /// The header's columns.
    public static let header = ["residentId", "name", "divisionCode", "cardNumber", "openedOn"]

    /// Reads the file into `bankcard.issued` events, IDs derived from the resident, card and day (importing the
    /// file again repeats the same events).
    /// - Throws: ``BankFileError`` naming the line and column.
    public static func events(csv: String, occurredAt: Date) throws(BankFileError) -> [EventEnvelope<BankCardIssued>] {
        var events: [EventEnvelope<BankCardIssued>] = []
        for (line, fields) in try BankCSV.rows(csv, header: header) {
            guard let id = try? ResidentID.parse(fields[0]) else {
                throw BankFileError(line: line, column: "residentId", "not a valid resident ID")
            }
            guard fields[2].utf8.count == 12, fields[2].utf8.allSatisfy({ (48...57).contains($0) }) else {
                throw BankFileError(line: line, column: "divisionCode", "must be 12 digits")
            }
            guard (8...WireLimits.bankAccount.characters).contains(fields[3].count),
                fields[3].allSatisfy({ $0.isASCII && $0.isNumber })
            else { throw BankFileError(line: line, column: "cardNumber", "must be 8 to 32 digits") }
            guard let openedOn = CivilDate(iso: fields[4]) else {
                throw BankFileError(line: line, column: "openedOn", "must be YYYY-MM-DD")
            }
            let eventId = PayoutSchedule.derived("bankcard.issued/\(id.value)/\(fields[3])/\(openedOn)")
            events.append(EventEnvelope(
                eventId: eventId, occurredAt: occurredAt, townshipCode: String(fields[2].prefix(9)),
                payload: BankCardIssued(residentId: id.value, cardNumber: fields[3], issuedOn: openedOn)))
        }
        return events
    }

    /// A file in this format.
    public static func write(_ lines: [(residentId: String, name: String, divisionCode: String, cardNumber: String,
                                       openedOn: CivilDate)]) -> String {
        var text = header.joined(separator: ",") + "\n"
        for line in lines {
            text += "\(line.residentId),\(line.name),\(line.divisionCode),\(line.cardNumber),\(line.openedOn)\n"
        }
        return text
    }
}

extension PayoutSchedule {
    /// An event ID derived from `purpose` in the payout namespace.
    static func derived(_ purpose: String) -> UUID {
        EventIDs.derived(from: namespace, purpose)
    }
}
