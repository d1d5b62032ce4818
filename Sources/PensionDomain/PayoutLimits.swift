/// Text limits of the payout events' own fields.
public enum PayoutLimits {
    /// A month, `YYYY-MM`.
    public static let month = WireTextLimit(characters: 7)
    /// A bank batch ID, `YYYY-MM-<township>-<nnn>`.
    public static let batchId = WireTextLimit(characters: 40)
}
