import PensionDomain

/// A pensioner to pay in a month.
public struct PensionerDue: Sendable, Hashable {
    /// The 18-character resident ID.
    public var residentId: String
    /// The 9-digit township code.
    public var townshipCode: String
    /// The 12-digit village code.
    public var villageCode: String
    /// The monthly pension in fen.
    public var monthlyAmountFen: Int

    package init(residentId: String, townshipCode: String, villageCode: String, monthlyAmountFen: Int) {
        self.residentId = residentId
        self.townshipCode = townshipCode
        self.villageCode = villageCode
        self.monthlyAmountFen = monthlyAmountFen
    }
}
