import Foundation
import PensionStore

/// The ranking report (通报) and the progress report, as Markdown or CSV text. Counts only: no personal data.
public enum ProgressReports {
    /// The formats of the reports.
    public enum Format: String, Sendable, CaseIterable {
        case md, csv, pdf
    }

    /// `pension report ranking`: townships ranked by enrolment progress, the county line, the seed's figures,
    /// laggards flagged.
    public static func ranking(_ progress: DriveProgress, format: Format) -> String {
        switch format {
        case .csv: return rankingCSV(progress)
        case .md, .pdf: return rankingMarkdown(progress)
        }
    }

    /// `pension report progress`: every township, then every village.
    public static func progress(_ progress: DriveProgress, format: Format) -> String {
        switch format {
        case .csv: return progressCSV(progress)
        case .md, .pdf: return progressMarkdown(progress)
        }
    }

    /// The ranking's title lines.
    public static func heading(_ p: DriveProgress) -> [String] {
        [
            "\(p.county.name) 城乡居民基本养老保险参保工作进度通报 — enrolment drive ranking",
            "Business date \(p.businessDate) · deadline \(p.deadline) · \(p.daysLeft) days left · "
                + "\(percent(p.elapsed)) of the drive elapsed (since \(p.launch))",
        ]
    }

    /// The ranking's table: header and rows (townships, county, seed), as cells.
    public static func rankingTable(_ p: DriveProgress) -> (header: [String], rows: [[String]]) {
        let header = ["rank", "code", "township", "enrolled", "target", "progress", "needed/day",
                      "60+ paid", "target", "progress", "certificates", "target", "progress", "flag"]
        func cells(_ u: UnitProgress, rank: String) -> [String] {
            [rank, u.code, u.name,
             "\(u.enrolment.achieved)", "\(u.enrolment.target)", percent(u.enrolment.progress), decimal(u.enrolment.neededPerDay),
             "\(u.pensionersPaid.achieved)", "\(u.pensionersPaid.target)", percent(u.pensionersPaid.progress),
             "\(u.certificates.achieved)", "\(u.certificates.target)", percent(u.certificates.progress),
             u.laggard ? "LAGGARD 落后" : ""]
        }
        // Townships with neither a target nor anything counted (a run over a few townships) are left out.
        var rows = p.townships.filter { $0.enrolment.target > 0 || $0.counters != MetricsCounters() }
            .map { cells($0, rank: "\($0.rank)") }
        rows.append(cells(p.county, rank: "county"))
        let s = p.seed
        rows.append(["seed", p.county.code, "reported by \(s.asOf)", "\(s.enrolled)", "", "", "",
                     "\(s.pensionersPaid)", "", "", "\(s.certificates)", "", "", "bank cards \(s.bankCards)"])
        return (header, rows)
    }

    private static func rankingMarkdown(_ p: DriveProgress) -> String {
        let (header, rows) = rankingTable(p)
        var lines = ["# " + heading(p)[0], "", heading(p)[1], ""]
        lines.append("| " + header.joined(separator: " | ") + " |")
        lines.append("|" + String(repeating: "---|", count: header.count))
        for row in rows { lines.append("| " + row.joined(separator: " | ") + " |") }
        let laggards = p.townships.filter(\.laggard).map(\.name)
        lines.append("")
        lines.append(laggards.isEmpty
            ? "No township is behind schedule."
            : "Behind schedule (enrolment below the share of the drive elapsed): " + laggards.joined(separator: "、") + ".")
        lines.append("Enrolled: residents whose ID is verified. 60+ paid: pensioners paid at least once. "
            + "Seed: what the county reported by \(p.seed.asOf) (\(p.seed.source)).")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func rankingCSV(_ p: DriveProgress) -> String {
        let (header, rows) = rankingTable(p)
        return ([header] + rows).map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    private static let progressHeader = ["level", "code", "name", "submitted", "enrolled", "verified", "rejected",
        "eligible", "held", "released", "certificates", "bank cards", "60+ paid", "payouts", "payouts yuan",
        "dead letters", "enrolment target", "enrolment progress", "laggard"]

    private static func progressRows(_ p: DriveProgress) -> [[String]] {
        func cells(_ level: String, _ u: UnitProgress) -> [String] {
            let c = u.counters
            return [level, u.code, u.name, "\(c.submitted)", "\(c.enrolled)", "\(c.verified)", "\(c.rejected)",
                    "\(c.eligible)", "\(c.held)", "\(c.released)", "\(c.certificatesPrinted)", "\(c.bankCards)",
                    "\(c.pensionersPaid)", "\(c.payouts)", yuan(c.payoutsFen), "\(c.deadLetterTotal)",
                    "\(u.enrolment.target)", percent(u.enrolment.progress), u.laggard ? "yes" : ""]
        }
        var rows = [cells("county", p.county)]
        rows += p.townships.sorted { $0.code < $1.code }.map { cells("township", $0) }
        rows += p.villages.map { cells("village", $0) }
        return rows
    }

    private static func progressMarkdown(_ p: DriveProgress) -> String {
        var lines = ["# Progress by township and village", "", heading(p)[1], ""]
        lines.append("| " + progressHeader.joined(separator: " | ") + " |")
        lines.append("|" + String(repeating: "---|", count: progressHeader.count))
        for row in progressRows(p) { lines.append("| " + row.joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func progressCSV(_ p: DriveProgress) -> String {
        ([progressHeader] + progressRows(p)).map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// `0.4567` as `45.7%`.
    public static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
    static func decimal(_ value: Double) -> String { String(format: "%.1f", value) }
    /// Fen as yuan with two decimals.
    public static func yuan(_ fen: Int) -> String { "\(fen / 100).\(String(format: "%02d", fen % 100))" }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
