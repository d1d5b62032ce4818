/// A resident's sex as recorded on the ID card and household register.
public enum Sex: String, Codable, Sendable {
    /// Male; an odd sequence number in the resident ID.
    case male
    /// Female; an even sequence number in the resident ID.
    case female
}
