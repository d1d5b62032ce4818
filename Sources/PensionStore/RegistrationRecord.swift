import Foundation
import PensionDomain

/// One valid `registration.submitted` event, ready to be applied to the store.
///
/// The description masks the resident ID and the name and leaves out the phone and bank account.
public struct RegistrationRecord: Sendable, CustomStringConvertible {
    /// The event's ID; applying the same ID twice changes nothing the second time.
    public var eventId: UUID
    /// Where the event was read from.
    public var source: SourcePosition
    /// The 9-digit township code the registration belongs to; must not be empty.
    public var townshipCode: String
    /// The normalised 18-character resident ID if it parsed, else the number as typed (trimmed, upper-case `X`).
    public var residentId: String
    /// The resident's name.
    public var name: String
    /// The sex stated on the form.
    public var sex: Sex
    /// The ethnicity (民族), if given.
    public var ethnicity: String?
    /// The household register (户口簿) number.
    public var householdNumber: String
    /// The 12-digit village code.
    public var villageCode: String
    /// The chosen yearly contribution tier in yuan.
    public var contributionTierYuan: Int
    /// A contact phone number, if given.
    public var phone: String?
    /// The bank card or passbook number for payouts, if given.
    public var bankAccount: String?
    /// When the registration was entered; stored with millisecond precision.
    public var occurredAt: Date

    /// Creates a record.
    ///
    /// - Parameters:
    ///   - eventId: the event's ID.
    ///   - source: where the event was read from.
    ///   - townshipCode: the township code; must not be empty.
    ///   - residentId: the resident ID, normalised if it parsed.
    ///   - name: the resident's name.
    ///   - sex: the sex stated on the form.
    ///   - ethnicity: the ethnicity, if given.
    ///   - householdNumber: the household register number.
    ///   - villageCode: the 12-digit village code.
    ///   - contributionTierYuan: the yearly contribution tier in yuan.
    ///   - phone: a contact phone number, if given.
    ///   - bankAccount: the bank card or passbook number, if given.
    ///   - occurredAt: when the registration was entered.
    public init(
        eventId: UUID,
        source: SourcePosition,
        townshipCode: String,
        residentId: String,
        name: String,
        sex: Sex,
        ethnicity: String? = nil,
        householdNumber: String,
        villageCode: String,
        contributionTierYuan: Int,
        phone: String? = nil,
        bankAccount: String? = nil,
        occurredAt: Date
    ) {
        self.eventId = eventId
        self.source = source
        self.townshipCode = townshipCode
        self.residentId = residentId
        self.name = name
        self.sex = sex
        self.ethnicity = ethnicity
        self.householdNumber = householdNumber
        self.villageCode = villageCode
        self.contributionTierYuan = contributionTierYuan
        self.phone = phone
        self.bankAccount = bankAccount
        self.occurredAt = occurredAt
    }

    /// The record with the resident ID and name masked and the phone and bank account left out.
    public var description: String {
        "RegistrationRecord(eventId: \(eventId.uuidString), township: \(townshipCode), "
            + "residentId: \(Masking.residentID(residentId)), name: \(Masking.name(name)))"
    }
}
