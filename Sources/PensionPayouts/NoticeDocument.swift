import PensionDomain
import PensionStore

/// The public notice (公示) of one village: the pensioners about to be paid, with masked ID numbers and monthly
/// amounts, posted for the configured period before the village's first payout. A printable UTF-8 text page.
public enum NoticeDocument {
    /// The file's name: `notice-<village>-<posted on>.txt`.
    public static func fileName(village: String, postedOn: CivilDate) -> String {
        "notice-\(village)-\(postedOn).txt"
    }

    /// The page.
    /// - Parameters:
    ///   - entries: the village's entries.
    ///   - village: the 12-digit village code.
    ///   - townshipName: the township's name.
    ///   - postedOn: the day posted.
    ///   - periodDays: the notice period.
    public static func render(
        _ entries: [NoticeEntry], village: String, townshipName: String, postedOn: CivilDate, periodDays: Int
    ) -> String {
        var text = "城乡居民基本养老保险待遇领取人员公示 — basic pension: public notice\n"
        text += "village \(village), \(townshipName); posted \(postedOn) for \(periodDays) days; "
            + "objections to the township social-security office.\n\n"
        text += "no.   name        resident ID (masked)   monthly (yuan)   first month\n"
        for (index, entry) in entries.enumerated() {
            let number = String(index + 1)
            text += number + String(repeating: " ", count: max(1, 6 - number.count))
                + entry.name + String(repeating: " ", count: max(1, 12 - entry.name.count * 2))
                + Masking.residentID(entry.residentId) + "     "
                + Money.yuan(entry.monthlyAmountFen).padding(toLength: 17, withPad: " ", startingAt: 0)
                + entry.firstPaidMonth + "\n"
        }
        let total = entries.reduce(0) { $0 + $1.monthlyAmountFen }
        text += "\n\(entries.count) pensioners, \(Money.yuan(total)) yuan a month in total.\n"
        return text
    }
}
