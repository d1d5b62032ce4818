import PensionDomain

/// One record of a bank batch file.
public struct BankBatchRecord: Sendable, Hashable {
    /// The social-insurance number (the resident ID, Social Insurance Law art. 58).
    public var residentId: String
    /// The name.
    public var name: String
    /// The 12-digit village code (division code).
    public var villageCode: String
    /// The card or passbook to credit (unmasked: the bank file is the one place it is).
    public var cardNumber: String
    /// The amount in fen.
    public var amountFen: Int
    /// Which attempt of this month's payment this is (1 the first).
    public var attempt: Int

    /// Creates a record; see the properties.
    public init(residentId: String, name: String, villageCode: String, cardNumber: String, amountFen: Int, attempt: Int) {
        self.residentId = residentId
        self.name = name
        self.villageCode = villageCode
        self.cardNumber = cardNumber
        self.amountFen = amountFen
        self.attempt = attempt
    }
}
