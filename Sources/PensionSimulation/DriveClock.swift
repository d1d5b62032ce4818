import Foundation
import PensionDomain

/// Times during the registration drive: 33 days from the reference date, 08:30–17:30 China Standard Time.
struct DriveClock: Sendable {
    /// Days in the drive: 18 November to 20 December 2011 with the default reference date.
    static let days = 33

    /// Midnight at the start of the reference date, China Standard Time.
    private let start: Date

    init(referenceDate: CivilDate) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt
        let components = DateComponents(year: referenceDate.year, month: referenceDate.month, day: referenceDate.day)
        guard let start = calendar.date(from: components) else {
            preconditionFailure("the reference date has no start time")
        }
        self.start = start
    }

    /// Whole seconds at `secondOfDay` on the drive's day `day` (0 is the reference date).
    func moment(day: Int, secondOfDay: Int) -> Date {
        start.addingTimeInterval(Double(day * 86_400 + secondOfDay))
    }

    /// A random office-hours second of the day.
    static func officeSecond(using rng: inout SplitMix64) -> Int {
        rng.int(in: 30_600...63_000)
    }
}
