import Foundation
import PensionDomain

/// A pensioner as the eligibility stage records them.
public struct Pensioner: Sendable, Hashable, CustomStringConvertible {
    /// The 18-character resident ID.
    public var residentId: String
    /// The name from the registration (empty when there is none).
    public var name: String
    /// The sex.
    public var sex: Sex
    /// The birth date.
    public var birthDate: CivilDate
    /// The household register number (empty when not in the register).
    public var householdNumber: String
    /// The 9-digit township code.
    public var townshipCode: String
    /// The 12-digit village code.
    public var villageCode: String
    /// The monthly pension in fen.
    public var monthlyAmountFen: Int
    /// The day of eligibility (or of the hold).
    public var eligibleOn: CivilDate
    /// The first month paid, `YYYY-MM`.
    public var firstPaidMonth: String
    /// The bank card or passbook number given at registration, if any (never logged).
    public var bankAccount: String?

    /// Creates a pensioner; see the properties.
    public init(
        residentId: String, name: String, sex: Sex, birthDate: CivilDate, householdNumber: String,
        townshipCode: String, villageCode: String, monthlyAmountFen: Int, eligibleOn: CivilDate,
        firstPaidMonth: String, bankAccount: String?
    ) {
        self.residentId = residentId
        self.name = name
        self.sex = sex
        self.birthDate = birthDate
        self.householdNumber = householdNumber
        self.townshipCode = townshipCode
        self.villageCode = villageCode
        self.monthlyAmountFen = monthlyAmountFen
        self.eligibleOn = eligibleOn
        self.firstPaidMonth = firstPaidMonth
        self.bankAccount = bankAccount
    }

    /// The pensioner with ID and name masked, without birth date and card.
    public var description: String {
        "Pensioner(residentId: \(Masking.residentID(residentId)), name: \(Masking.name(name)), "
            + "villageCode: \(villageCode), monthlyAmountFen: \(monthlyAmountFen))"
    }
}

/// What the eligibility transaction decided for one event.
public enum EligibilityChange: Sendable, Hashable {
    /// The verified resident is a pensioner whose binding holds.
    case eligible(Pensioner)
    /// The verified resident is a pensioner whose pension waits, with a reason code (``PensionDomain/PensionHeld``)
    /// and the household members of contribution age not yet enrolled.
    case held(Pensioner, reasonCode: String, membersNotEnrolled: Int)
    /// A pensioner of the household held for family binding is released by this verification.
    case released(Pensioner)
    /// The verified resident is younger than the pension age: a contributor at this tier (yuan a year).
    case contributor(residentId: String, tierYuan: Int)
}

/// What applying one eligibility event did: its changes and the follow-ups the transaction stored for them.
public struct EligibilityOutcome: Sendable, Equatable {
    /// The changes, the resident's own first, then releases.
    public var changes: [EligibilityChange]
    /// The follow-up messages stored in the event's outbox for ``changes``.
    public var followUps: [OutboxMessage]

    /// - Parameters:
    ///   - changes: the changes.
    ///   - followUps: their messages.
    public init(changes: [EligibilityChange], followUps: [OutboxMessage]) {
        self.changes = changes
        self.followUps = followUps
    }
}
