import Foundation

/// The event id of a registration form, derived from what identifies the form, so that publishing the same file again
/// publishes the same events.
///
/// The id is a name-based UUID, version 5 (RFC 9562: SHA-1 over ``namespace`` and the name's UTF-8 bytes), as
/// Python's `uuid.uuid5(namespace, name)` computes it. The name is:
/// - `form:` and the form id, when the form has a `formId`;
/// - otherwise `line:`, the file's name without its directory, a line feed, the line number in decimal, a line feed,
///   and the form's ``contentColumns`` as one CSV line (``FormRow/contentLine``).
public enum FormEventIDs {
    /// `07D4128B-297D-5441-BE22-51271EBC3863`: `uuid5(NAMESPACE_URL, "urn:pension:registration-form")`.
    public static let namespace = UUID(
        uuid: (
            0x07, 0xD4, 0x12, 0x8B, 0x29, 0x7D, 0x54, 0x41, 0xBE, 0x22, 0x51, 0x27, 0x1E, 0xBC, 0x38, 0x63
        ))

    /// The columns whose values make a form's content for an id without a form id, in this order. Fixed: a column
    /// added later must not change the ids of the files published before it.
    static let contentColumns: [FormColumn] = [
        .townshipCode, .residentId, .name, .sex, .ethnicity, .householdNumber, .villageCode, .contributionTierYuan,
        .phone, .bankAccount, .stationId, .submittedAt,
    ]

    /// The event id of the form with the id `formId`, wherever it stands in whichever file.
    ///
    /// - Parameter formId: the form id, trimmed.
    /// - Returns: the UUID v5 of `form:<formId>`.
    public static func eventId(formId: String) -> UUID {
        nameBased("form:" + formId)
    }

    /// The event id of a form without a form id: from the file's name, the line and the form's content.
    ///
    /// - Parameters:
    ///   - fileName: the file's path or name; only the part after the last `/` counts.
    ///   - line: the 1-based line where the form starts.
    ///   - content: ``FormRow/contentLine``.
    /// - Returns: the UUID v5 of `line:<name>\n<line>\n<content>`.
    public static func eventId(fileName: String, line: Int, content: String) -> UUID {
        let baseName = fileName.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        return nameBased("line:" + baseName + "\n" + String(line) + "\n" + content)
    }

    /// The version-5 UUID of `name` in ``namespace``.
    static func nameBased(_ name: String) -> UUID {
        var bytes = withUnsafeBytes(of: namespace.uuid) { Array($0) }
        bytes += Array(name.utf8)
        var digest = SHA1.digest(bytes)
        digest[6] = (digest[6] & 0x0F) | 0x50  // version 5: name-based, SHA-1
        digest[8] = (digest[8] & 0x3F) | 0x80  // RFC 9562 variant
        return UUID(
            uuid: (
                digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
                digest[8], digest[9], digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]
            ))
    }
}
