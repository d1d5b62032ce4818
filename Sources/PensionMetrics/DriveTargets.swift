import Foundation
import PensionDomain

/// The drive's targets (`config/targets.json`): the launch and the deadline, the county's figures from the pilot
/// (the seed's: what the county reported by 31 December 2011), and per township (optionally per village) the
/// target-responsibility figures it signed: residents enrolled, residents aged 60+ paid, certificates issued.
public struct DriveTargets: Sendable, Codable, Hashable {
    /// The launch meeting; progress is measured against the days since.
    public var launch: CivilDate
    /// The deadline.
    public var deadline: CivilDate
    /// A unit is a laggard when its enrolment progress is below this share of the time elapsed (1.0: behind
    /// schedule at all).
    public var laggardBelowPace: Double
    /// The county and its reported figures.
    public var county: County
    /// The townships' targets.
    public var townships: [TownshipTarget]

    /// The county and the figures it reported.
    public struct County: Sendable, Codable, Hashable {
        public var code: String
        public var name: String
        public var seed: SeedFigures
    }

    /// What the pilot county reported (DOMAIN.md).
    public struct SeedFigures: Sendable, Codable, Hashable {
        public var asOf: CivilDate
        public var enrolled: Int
        public var pensionersPaid: Int
        public var certificates: Int
        public var bankCards: Int
        public var source: String
    }

    /// One township's targets, optionally its villages'.
    public struct TownshipTarget: Sendable, Codable, Hashable {
        public var code: String
        public var enrolment: Int
        public var pensionersPaid: Int
        public var certificates: Int
        public var villages: [VillageTarget]?

        public init(code: String, enrolment: Int, pensionersPaid: Int, certificates: Int, villages: [VillageTarget]? = nil) {
            self.code = code
            self.enrolment = enrolment
            self.pensionersPaid = pensionersPaid
            self.certificates = certificates
            self.villages = villages
        }
    }

    /// One village's targets.
    public struct VillageTarget: Sendable, Codable, Hashable {
        public var code: String
        public var enrolment: Int
        public var pensionersPaid: Int
        public var certificates: Int

        public init(code: String, enrolment: Int, pensionersPaid: Int, certificates: Int) {
            self.code = code
            self.enrolment = enrolment
            self.pensionersPaid = pensionersPaid
            self.certificates = certificates
        }
    }

    public init(launch: CivilDate, deadline: CivilDate, laggardBelowPace: Double = 1.0, county: County,
                townships: [TownshipTarget]) {
        self.launch = launch
        self.deadline = deadline
        self.laggardBelowPace = laggardBelowPace
        self.county = county
        self.townships = townships
    }

    /// Reads `config/targets.json` (or another file of its form).
    /// - Throws: ``ConfigurationError``-like text naming the file and the problem.
    public static func load(from url: URL) throws -> DriveTargets {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TargetsError("cannot read the targets file \(url.path)")
        }
        return try load(data, source: url.path)
    }

    /// Decodes and checks a targets file's contents; `source` names it in errors.
    public static func load(_ data: Data, source: String) throws -> DriveTargets {
        let targets: DriveTargets
        do { targets = try JSONDecoder().decode(DriveTargets.self, from: data) } catch {
            throw TargetsError("the targets file \(source) is not valid: \(error)")
        }
        guard targets.launch < targets.deadline else {
            throw TargetsError("the targets file \(source): launch must be before the deadline")
        }
        let codes = targets.townships.map(\.code)
        guard Set(codes).count == codes.count else {
            throw TargetsError("the targets file \(source) lists a township twice")
        }
        return targets
    }

    /// The county's targets: the townships' summed.
    public var countyEnrolment: Int { townships.reduce(0) { $0 + $1.enrolment } }
    public var countyPensionersPaid: Int { townships.reduce(0) { $0 + $1.pensionersPaid } }
    public var countyCertificates: Int { townships.reduce(0) { $0 + $1.certificates } }
}

/// The targets file cannot be used.
public struct TargetsError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
