import PensionDomain

/// What ``PopulationGenerator`` generates. Shares are fractions of the residents of each township.
public struct GeneratorSettings: Sendable, Hashable {
    /// The seed; the same settings always give byte-identical populations. Default 2011.
    public var seed: UInt64 = 2011
    /// The 9-digit township codes to generate, e.g. `["510623100", "510623101"]`; each starts with a code in
    /// ``acceptedDivisionCodes`` (normally 510623).
    public var townshipCodes: [String]
    /// Distinct residents per township, each with one registration. Default 1000, at most 100,000.
    public var residentsPerTownship: Int = 1000
    /// Residents whose registration the ID-verification worker rejects: a wrong check character, a division that is
    /// not accepted, an impossible birth date, under the minimum age, or a household number that does not match the
    /// register. Default 0.02.
    public var invalidIDShare: Double = 0.02
    /// Extra registrations of already registered valid residents (new event, same person, perhaps a changed phone,
    /// tier or station). Default 0.03.
    public var duplicateShare: Double = 0.03
    /// Residents whose only record can never be processed: invalid JSON, a missing required field, a field of the
    /// wrong type, or an unknown schema version. Default 0.01.
    public var malformedShare: Double = 0.01
    /// Residents aged 60 or more on ``referenceDate``, among those not made invalid for their age. Default 0.25.
    public var elderlyShare: Double = 0.25
    /// Elderly households with a register-only adult child: listed in the household register, never registering,
    /// so family binding keeps that household's elderly held. Default 0.08.
    public var absentChildShare: Double = 0.08
    /// The pension rules the expected eligibility assumes; by default those of ``PensionDomain/PensionRules`` with the
    /// scheme starting on ``referenceDate``.
    public var pensionRules: PensionRules? = nil
    /// Valid residents whose ID number comes from an accepted division other than the township's county, e.g.
    /// 510603 or 510681. Default 0.05.
    public var otherAcceptedOriginShare: Double = 0.05
    /// The day on which ages are computed and the registration drive starts. Default 2011-11-18.
    public var referenceDate: CivilDate = VerificationRules.defaultReferenceDate
    /// Division codes whose holders may enrol; see ``VerificationRules/defaultAcceptedDivisionCodes``.
    public var acceptedDivisionCodes: Set<String> = VerificationRules.defaultAcceptedDivisionCodes
    /// The youngest age allowed to enrol. Default 16.
    public var minimumAge: Int = 16

    /// Settings with the defaults for the given townships.
    ///
    /// - Parameter townshipCodes: the 9-digit township codes to generate.
    public init(townshipCodes: [String]) {
        self.townshipCodes = townshipCodes
    }

    /// The verification rules these settings generate expectations for.
    public var rules: VerificationRules {
        VerificationRules(
            acceptedDivisionCodes: acceptedDivisionCodes,
            minimumAge: minimumAge,
            referenceDate: referenceDate
        )
    }

    /// The pension rules of the expected eligibility: ``pensionRules``, else the defaults starting on
    /// ``referenceDate``.
    public var effectivePensionRules: PensionRules {
        if let pensionRules { return pensionRules }
        var rules = PensionRules()
        rules.schemeStart = referenceDate
        return rules
    }

    /// Checks that the settings can be generated; ``PopulationGenerator/generate(_:)`` requires it.
    ///
    /// - Throws: ``GeneratorSettingsError`` naming the first problem.
    public func validate() throws(GeneratorSettingsError) {
        guard !townshipCodes.isEmpty else { throw GeneratorSettingsError("no township codes are given") }
        guard Set(townshipCodes).count == townshipCodes.count else {
            throw GeneratorSettingsError("a township code is listed twice")
        }
        for code in townshipCodes {
            guard code.utf8.count == 9, code.utf8.allSatisfy({ (48...57).contains($0) }) else {
                throw GeneratorSettingsError("township code \(code) is not 9 digits")
            }
            guard acceptedDivisionCodes.contains(String(code.prefix(6))) else {
                throw GeneratorSettingsError("township code \(code) is not in an accepted division")
            }
        }
        guard (0...100_000).contains(residentsPerTownship) else {
            throw GeneratorSettingsError("residentsPerTownship must be 0...100000")
        }
        let shares = [
            ("invalidIDShare", invalidIDShare), ("duplicateShare", duplicateShare),
            ("malformedShare", malformedShare), ("elderlyShare", elderlyShare),
            ("otherAcceptedOriginShare", otherAcceptedOriginShare), ("absentChildShare", absentChildShare),
        ]
        for (name, share) in shares where !(0...1).contains(share) {
            throw GeneratorSettingsError("\(name) must be 0...1")
        }
        guard invalidIDShare + malformedShare <= 1 else {
            throw GeneratorSettingsError("invalidIDShare + malformedShare must not exceed 1")
        }
        guard (1...59).contains(minimumAge) else { throw GeneratorSettingsError("minimumAge must be 1...59") }
        guard !Origins.notAccepted(excluding: acceptedDivisionCodes).isEmpty else {
            throw GeneratorSettingsError("every division the generator uses for region_not_accepted is accepted")
        }
    }
}
