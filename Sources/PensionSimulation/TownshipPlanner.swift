import Foundation
import PensionDomain

/// Plans one township: its residents, their household register, their records and the expected counts.
struct TownshipPlanner {
    let townshipCode: String
    let settings: GeneratorSettings
    let clock: DriveClock

    /// One township's share of the population.
    struct Plan {
        var register: [HouseholdRegisterEntry]
        var records: [PlannedRecord]
        var expected: ExpectedCounts
        var eligibility: ExpectedEligibility = .zero
    }

    /// Plans the township; `serial` numbers the records in planning order and is advanced past them.
    func plan(using rng: inout SplitMix64, usedIDs: inout Set<String>, serial: inout Int) -> Plan {
        let builder = TownshipPopulationBuilder(townshipCode: townshipCode, settings: settings)
        let people = builder.people(using: &rng, usedIDs: &usedIDs)
        var residents = people.residents
        let count = residents.count
        let invalidCount = min(count, Self.count(settings.invalidIDShare, of: count))
        let malformedCount = min(count - invalidCount, Self.count(settings.malformedShare, of: count))
        var order = Array(0..<count)
        rng.shuffle(&order)

        var forms = residents.map { $0.form() }
        var kinds = [GeneratedRecord.Kind](repeating: .valid, count: count)
        var malformations = [Malformation?](repeating: nil, count: count)
        let invalid = InvalidRegistrations(builder: builder, householdNumbers: Self.households(of: residents))
        for (position, index) in order.prefix(invalidCount + malformedCount).enumerated() {
            if position < invalidCount {
                let reason = rng.weighted(InvalidRegistrations.reasonWeights)
                forms[index] = invalid.form(for: &residents[index], reason: reason, using: &rng, usedIDs: &usedIDs)
                kinds[index] = .invalidID(reason: reason.rawValue)
            } else {
                let malformation = Malformation.random(residentId: residents[index].residentId, using: &rng)
                malformations[index] = malformation
                kinds[index] = .malformed(code: malformation.code)
            }
        }

        var plan = Plan(register: (residents + people.absentees).map(\.registerEntry), records: [], expected: .zero)
        var days: [Int] = []
        var verifiedAt: [String: VerificationOrder] = [:]
        for index in 0..<count {
            let day = rng.below(DriveClock.days)
            days.append(day)
            let planned = record(forms[index], kinds[index], malformations[index], day: day, using: &rng, serial: &serial)
            if kinds[index] == .valid {
                verifiedAt[residents[index].residentId] = VerificationOrder(at: planned.occurredAt, serial: planned.serial)
            }
            plan.add(planned)
        }
        plan.eligibility = Self.eligibility(
            of: residents.filter { verifiedAt[$0.residentId] != nil }, register: plan.register,
            verifiedAt: verifiedAt, rules: settings.effectivePensionRules)
        var repeated = (0..<count).filter { kinds[$0] == .valid }
        rng.shuffle(&repeated)
        for index in repeated.prefix(Self.count(settings.duplicateShare, of: count)) {
            let again = repeatedForm(of: residents[index], using: &rng)
            let day = days[index] + rng.int(in: 1...7)
            plan.add(record(again, .duplicate, nil, day: day, using: &rng, serial: &serial))
        }
        return plan
    }

    /// When a resident's verification arrives: the order of their first valid registration.
    struct VerificationOrder: Comparable {
        var at: Date
        var serial: Int

        static func < (lhs: Self, rhs: Self) -> Bool { (lhs.at, lhs.serial) < (rhs.at, rhs.serial) }
    }

    /// The expected eligibility of the verified residents (see ``ExpectedEligibility``).
    static func eligibility(
        of verified: [Resident], register: [HouseholdRegisterEntry], verifiedAt: [String: VerificationOrder],
        rules: PensionRules
    ) -> ExpectedEligibility {
        let households = Dictionary(grouping: register, by: \.householdNumber)
        var expected = ExpectedEligibility()
        for resident in verified {
            guard rules.isPensionAge(bornOn: resident.birthDate), let own = verifiedAt[resident.residentId] else {
                expected.contributors += 1
                continue
            }
            let binding = rules.familyBinding
                ? (households[resident.householdNumber] ?? []).filter { rules.isContributionAge(bornOn: $0.birthDate) }
                : []
            let orders = binding.map { verifiedAt[$0.residentId] }
            guard orders.allSatisfy({ $0 != nil }) else {
                expected.heldByReason["family_binding", default: 0] += 1
                continue
            }
            expected.eligible += 1
            expected.monthlyFen += rules.monthlyPensionFen(balanceFen: 0)
            var decisive = own
            if let last = orders.compactMap({ $0 }).max(), own < last {
                expected.released += 1
                decisive = last
            }
            let day = max(rules.schemeStart, BankSimulation.businessDay(of: decisive.at))
            expected.pensioners.append(ExpectedPensioner(
                residentId: resident.residentId, name: resident.name, townshipCode: resident.townshipCode,
                villageCode: resident.villageCode, eligibleOn: day, firstPaidMonth: rules.firstPaidMonth(eligibleOn: day),
                monthlyAmountFen: rules.monthlyPensionFen(balanceFen: 0), hasRegistrationCard: resident.bankAccount != nil))
        }
        return expected
    }

    /// `share` of `count`, rounded.
    static func count(_ share: Double, of count: Int) -> Int {
        Int((share * Double(count)).rounded())
    }

    /// The distinct household numbers in order of first appearance.
    private static func households(of residents: [Resident]) -> [String] {
        var seen: Set<String> = []
        return residents.map(\.householdNumber).filter { seen.insert($0).inserted }
    }

    private func record(
        _ form: RegistrationSubmitted,
        _ kind: GeneratedRecord.Kind,
        _ malformation: Malformation?,
        day: Int,
        using rng: inout SplitMix64,
        serial: inout Int
    ) -> PlannedRecord {
        serial += 1
        // A random (seeded) form id, so that populations of other seeds or sizes never share one.
        let formId = townshipCode + "-" + rng.uuid().wireString
        return PlannedRecord(
            townshipCode: townshipCode,
            payload: form,
            kind: kind,
            malformation: malformation,
            formId: formId,
            eventId: FormEventIDs.eventId(formId: formId),
            occurredAt: clock.moment(day: day, secondOfDay: DriveClock.officeSecond(using: &rng)),
            serial: serial
        )
    }

    /// The same resident registering again, perhaps with a new phone, another tier or at another station.
    private func repeatedForm(of resident: Resident, using rng: inout SplitMix64) -> RegistrationSubmitted {
        var again = resident
        switch rng.below(4) {
        case 0:
            again.phone = "13" + rng.digits(9)
        case 1 where resident.birthDate.years(until: settings.referenceDate) < 60:
            again.tierYuan = rng.element(of: [100, 200, 300, 400, 500].filter { $0 != resident.tierYuan })
        case 2:
            again.stationId = townshipCode + "-" + rng.int(in: 4...5).zeroPadded(2)
        default:
            break
        }
        return again.form()
    }
}

extension TownshipPlanner.Plan {
    fileprivate mutating func add(_ record: PlannedRecord) {
        records.append(record)
        expected.count(record.kind)
    }
}
