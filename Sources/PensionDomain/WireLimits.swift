/// The size limits ``WireDecoder`` enforces on every message, listed in `docs/wire-format.md`.
///
/// Structural limits (whole message, nesting, field count, field names, any one value) are reported as
/// `too_large`; a known text field longer than its ``WireTextLimit`` is `invalid_value` at that field.
public enum WireLimits {
    /// The most bytes a message value may have: 64 KiB.
    public static let maxMessageBytes = 65_536
    /// The most bytes one field's value may take as written in JSON (from its first to its last byte), at any
    /// depth; the envelope's `payload` is bounded by ``maxMessageBytes`` instead.
    public static let maxValueBytes = 1_024
    /// The most bytes a field name may have as written between its quotes.
    public static let maxKeyBytes = 64
    /// The most fields a message may have, counting those of every nested object.
    public static let maxFields = 256
    /// The deepest nesting of objects and arrays; the message's own object is level 1, `payload` level 2.
    public static let maxDepth = 8

    /// The envelope's `type`.
    public static let eventType = WireTextLimit(characters: 64)
    /// A resident ID as typed: loose enough that a wrong length reaches ID verification (`bad_length`).
    public static let residentId = WireTextLimit(characters: 32)
    /// A resident's name (registration rules: 1 to 40 characters).
    public static let name = WireTextLimit(characters: 40)
    /// An ethnicity (民族) such as `汉族`.
    public static let ethnicity = WireTextLimit(characters: 16)
    /// A household register number (registration rules: 1 to 32 characters).
    public static let householdNumber = WireTextLimit(characters: 32)
    /// A village code (registration rules: exactly 12 digits).
    public static let villageCode = WireTextLimit(characters: 16)
    /// A phone number (registration rules: 7 to 15 digits).
    public static let phone = WireTextLimit(characters: 20)
    /// A bank card or passbook number.
    public static let bankAccount = WireTextLimit(characters: 32)
    /// A registration station's ID.
    public static let stationId = WireTextLimit(characters: 64)
    /// An `id.rejected` reason code.
    public static let reasonCode = WireTextLimit(characters: 64)
    /// A benefit type such as `basic_pension`.
    public static let benefitType = WireTextLimit(characters: 32)
    /// A month written `YYYY-MM`.
    public static let month = WireTextLimit(characters: 7)
    /// A certificate number such as `510623100-000123`.
    public static let certificateNumber = WireTextLimit(characters: 32)
    /// A spool file's path relative to the spool directory.
    public static let spoolFile = WireTextLimit(characters: 128)

    /// Every text limit above, for the messages ``WireDecoder`` may pass on.
    static let allText = [
        eventType, residentId, name, ethnicity, householdNumber, villageCode, phone, bankAccount, stationId,
        reasonCode, benefitType, month, certificateNumber, spoolFile,
    ]
}
