import Foundation
import PensionDomain

/// The business day of a moment: its date in China Standard Time (UTC+8), where the drive's offices are.
public enum BusinessDay {
    /// The civil date of `moment` at UTC+8.
    /// - Parameter moment: an instant.
    /// - Returns: the date.
    public static func of(_ moment: Date) -> CivilDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let parts = calendar.dateComponents([.year, .month, .day], from: moment)
        guard let date = CivilDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) else {
            preconditionFailure("a calendar date that CivilDate refuses")
        }
        return date
    }
}
