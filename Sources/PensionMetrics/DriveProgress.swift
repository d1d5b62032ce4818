import PensionDomain
import PensionStore

/// Progress of one measure (enrolment, 60+ paid, certificates) against its target on the business date.
public struct MeasureProgress: Sendable, Codable, Hashable {
    /// What was achieved.
    public var achieved: Int
    /// The target (0 when none is set).
    public var target: Int
    /// `achieved / target` (0 without a target).
    public var progress: Double
    /// Still to do.
    public var remaining: Int
    /// What must be done a day, from the business date to the deadline, to meet the target (`remaining` when the
    /// deadline is today or past).
    public var neededPerDay: Double

    init(achieved: Int, target: Int, daysLeft: Int) {
        self.achieved = achieved
        self.target = target
        progress = target > 0 ? Double(achieved) / Double(target) : 0
        remaining = max(0, target - achieved)
        neededPerDay = daysLeft > 0 ? Double(remaining) / Double(daysLeft) : Double(remaining)
    }
}

/// One township's, village's or the county's progress.
public struct UnitProgress: Sendable, Codable, Hashable {
    /// The 9-digit township code, 12-digit village code, or the 6-digit county code.
    public var code: String
    /// The name (townships and the county; villages have none in the configuration).
    public var name: String
    /// Residents whose enrolment stands (ID verified).
    public var enrolment: MeasureProgress
    /// Pensioners (60+) paid at least once.
    public var pensionersPaid: MeasureProgress
    /// Certificates printed.
    public var certificates: MeasureProgress
    /// Behind schedule: enrolment progress below the laggard threshold of the time elapsed.
    public var laggard: Bool
    /// 1-based rank by enrolment progress (townships only; 0 otherwise).
    public var rank: Int
    /// The projection's counters.
    public var counters: MetricsCounters
}

/// The drive's progress on a business date: the county, every township ranked, and the villages.
public struct DriveProgress: Sendable, Codable, Hashable {
    /// The business date it is computed on.
    public var businessDate: CivilDate
    public var launch: CivilDate
    public var deadline: CivilDate
    /// Days from the business date to the deadline (0 when past).
    public var daysLeft: Int
    /// Share of the drive's days elapsed on the business date (0…1).
    public var elapsed: Double
    /// The county line.
    public var county: UnitProgress
    /// What the county reported (the seed's figures), for comparison.
    public var seed: DriveTargets.SeedFigures
    /// The townships, best progress first.
    public var townships: [UnitProgress]
    /// The villages, by township and village code (village empty: events with no village known yet).
    public var villages: [UnitProgress]

    /// Computes progress from the projection's counters.
    /// - Parameters:
    ///   - counters: the projection, per township and village.
    ///   - targets: the targets.
    ///   - townships: names of the townships.
    ///   - date: the business date.
    public init(counters: [VillageCounters], targets: DriveTargets, townships: TownshipCatalog, date: CivilDate) {
        businessDate = date
        launch = targets.launch
        deadline = targets.deadline
        daysLeft = max(0, date.days(until: targets.deadline))
        let total = Double(targets.launch.days(until: targets.deadline))
        elapsed = min(1, max(0, Double(targets.launch.days(until: date)) / total))
        seed = targets.county.seed
        var byTownship: [String: MetricsCounters] = [:]
        for village in counters { byTownship[village.townshipCode, default: MetricsCounters()] = byTownship[village.townshipCode, default: MetricsCounters()] + village.counters }
        let targetOf = Dictionary(targets.townships.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let (daysLeft, elapsed, pace) = (daysLeft, elapsed, targets.laggardBelowPace)
        func unit(code: String, name: String, counters: MetricsCounters, enrolment: Int, paid: Int, certificates: Int) -> UnitProgress {
            let enrolled = MeasureProgress(achieved: counters.verified, target: enrolment, daysLeft: daysLeft)
            return UnitProgress(
                code: code, name: name, enrolment: enrolled,
                pensionersPaid: MeasureProgress(achieved: counters.pensionersPaid, target: paid, daysLeft: daysLeft),
                certificates: MeasureProgress(achieved: counters.certificatesPrinted, target: certificates, daysLeft: daysLeft),
                laggard: enrolment > 0 && enrolled.progress < elapsed * pace, rank: 0, counters: counters)
        }
        var rows: [UnitProgress] = []
        for township in townships.townships {
            let target = targetOf[township.code]
            rows.append(unit(code: township.code, name: township.name, counters: byTownship[township.code] ?? MetricsCounters(),
                             enrolment: target?.enrolment ?? 0, paid: target?.pensionersPaid ?? 0,
                             certificates: target?.certificates ?? 0))
        }
        // Counters of a code the catalog does not know (should not happen: the handler maps by the partition plan).
        for (code, counted) in byTownship where townships[code: code] == nil {
            rows.append(unit(code: code, name: code, counters: counted, enrolment: 0, paid: 0, certificates: 0))
        }
        rows.sort {
            ($0.enrolment.progress, $0.enrolment.achieved, $1.code) > ($1.enrolment.progress, $1.enrolment.achieved, $0.code)
        }
        for index in rows.indices { rows[index].rank = index + 1 }
        self.townships = rows
        let all = rows.reduce(MetricsCounters()) { $0 + $1.counters }
        county = unit(code: targets.county.code, name: targets.county.name, counters: all,
                      enrolment: targets.countyEnrolment, paid: targets.countyPensionersPaid,
                      certificates: targets.countyCertificates)
        var villageTargets: [String: DriveTargets.VillageTarget] = [:]
        for township in targets.townships { for village in township.villages ?? [] { villageTargets[village.code] = village } }
        villages = counters.map { village in
            let target = villageTargets[village.villageCode]
            return unit(code: village.villageCode.isEmpty ? village.townshipCode + "-unknown" : village.villageCode,
                        name: village.villageCode.isEmpty ? "(village not known yet)" : "",
                        counters: village.counters, enrolment: target?.enrolment ?? 0,
                        paid: target?.pensionersPaid ?? 0, certificates: target?.certificates ?? 0)
        }
    }
}
