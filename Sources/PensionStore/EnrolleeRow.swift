import GRDB

/// One `enrollees` row as stored, for inspection and tests.
package struct EnrolleeRow: Sendable, Hashable {
    package var residentId: String
    package var name: String
    package var sex: String
    package var ethnicity: String?
    package var householdNumber: String
    package var villageCode: String
    package var townshipCode: String
    package var contributionTierYuan: Int
    package var phone: String?
    package var bankAccount: String?
    package var registeredAtMilliseconds: Int64
    package var lastRegistrationEvent: String
    package var registrations: Int
    package var status: String
    package var rejectReason: String?
    package var birthDate: String?
    package var decisionEvent: String?
    package var registrationEvents: String
    package var decisionEvents: String

    package init(
        residentId: String, name: String, sex: String, ethnicity: String?, householdNumber: String, villageCode: String, townshipCode: String, contributionTierYuan: Int, phone: String?, bankAccount: String?, registeredAtMilliseconds: Int64, lastRegistrationEvent: String, registrations: Int, status: String, rejectReason: String?, birthDate: String?, decisionEvent: String?, registrationEvents: String, decisionEvents: String
    ) {
        self.residentId = residentId
        self.name = name
        self.sex = sex
        self.ethnicity = ethnicity
        self.householdNumber = householdNumber
        self.villageCode = villageCode
        self.townshipCode = townshipCode
        self.contributionTierYuan = contributionTierYuan
        self.phone = phone
        self.bankAccount = bankAccount
        self.registeredAtMilliseconds = registeredAtMilliseconds
        self.lastRegistrationEvent = lastRegistrationEvent
        self.registrations = registrations
        self.status = status
        self.rejectReason = rejectReason
        self.birthDate = birthDate
        self.decisionEvent = decisionEvent
        self.registrationEvents = registrationEvents
        self.decisionEvents = decisionEvents
    }

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
