import PensionDomain

/// One generated person with their true data and the registration form they hand in.
struct Resident: Sendable {
    var townshipCode: String
    var villageCode: String
    var householdNumber: String
    var isHeadOfHousehold: Bool
    var relationship: HouseholdRelationship
    var name: String
    var sex: Sex
    var birthDate: CivilDate
    /// The true, valid ID number, as in the household register.
    var residentId: String
    var ethnicity: String?
    var phone: String?
    var bankAccount: String?
    var tierYuan: Int
    var stationId: String

    /// The register line for this person.
    var registerEntry: HouseholdRegisterEntry {
        HouseholdRegisterEntry(
            householdNumber: householdNumber,
            residentId: residentId,
            name: name,
            sex: sex,
            birthDate: birthDate,
            villageCode: villageCode,
            isHeadOfHousehold: isHeadOfHousehold,
            relationship: relationship
        )
    }

    /// The registration form, correct unless another ID or household number is given.
    func form(
        residentId typedID: String? = nil,
        householdNumber typedHousehold: String? = nil
    ) -> RegistrationSubmitted {
        RegistrationSubmitted(
            residentId: typedID ?? residentId,
            name: name,
            sex: sex,
            ethnicity: ethnicity,
            householdNumber: typedHousehold ?? householdNumber,
            villageCode: villageCode,
            contributionTierYuan: tierYuan,
            phone: phone,
            bankAccount: bankAccount,
            stationId: stationId
        )
    }
}
