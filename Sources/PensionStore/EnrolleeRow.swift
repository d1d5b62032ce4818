import GRDB

/// One `enrollees` row as stored, for inspection and tests.
struct EnrolleeRow: Sendable, Hashable {
    var residentId: String
    var name: String
    var sex: String
    var ethnicity: String?
    var householdNumber: String
    var villageCode: String
    var townshipCode: String
    var contributionTierYuan: Int
    var phone: String?
    var bankAccount: String?
    var registeredAtMilliseconds: Int64
    var lastRegistrationEvent: String
    var registrations: Int
    var status: String
    var rejectReason: String?
    var birthDate: String?
    var decisionEvent: String?
    var registrationEvents: String
    var decisionEvents: String

    init(row: Row) {
        residentId = row["resident_id"]
        name = row["name"]
        sex = row["sex"]
        ethnicity = row["ethnicity"]
        householdNumber = row["household_number"]
        villageCode = row["village_code"]
        townshipCode = row["township_code"]
        contributionTierYuan = row["contribution_tier_yuan"]
        phone = row["phone"]
        bankAccount = row["bank_account"]
        registeredAtMilliseconds = row["registered_at"]
        lastRegistrationEvent = row["last_registration_event"]
        registrations = row["registrations"]
        status = row["status"]
        rejectReason = row["reject_reason"]
        birthDate = row["birth_date"]
        decisionEvent = row["decision_event"]
        registrationEvents = row["registration_events"]
        decisionEvents = row["decision_events"]
    }
}
