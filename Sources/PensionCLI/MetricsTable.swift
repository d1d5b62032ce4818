import PensionDomain
import PensionStore

/// The projection's counters as a plain table: one line per township with anything counted, then the county.
enum MetricsTable {
    static func render(_ villages: [VillageCounters], townships: TownshipCatalog) -> String {
        var byTownship: [String: MetricsCounters] = [:]
        for village in villages {
            byTownship[village.townshipCode] = (byTownship[village.townshipCode] ?? MetricsCounters()) + village.counters
        }
        let header = ["township", "submitted", "enrolled", "verified", "rejected", "eligible", "held", "released",
                      "certificates", "bank cards", "60+ paid", "payouts", "yuan", "dead letters"]
        func cells(_ name: String, _ c: MetricsCounters) -> [String] {
            [name, "\(c.submitted)", "\(c.enrolled)", "\(c.verified)", "\(c.rejected)", "\(c.eligible)", "\(c.held)",
             "\(c.released)", "\(c.certificatesPrinted)", "\(c.bankCards)", "\(c.pensionersPaid)", "\(c.payouts)",
             "\(c.payoutsFen / 100).\(c.payoutsFen % 100 < 10 ? "0" : "")\(c.payoutsFen % 100)", "\(c.deadLetterTotal)"]
        }
        var rows = [header]
        for code in byTownship.keys.sorted() {
            rows.append(cells("\(code) \(townships[code: code]?.name ?? "")", byTownship[code]!))
        }
        let county = byTownship.values.reduce(MetricsCounters(), +)
        rows.append(cells("county", county))
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var text = ""
        for row in rows {
            text += zip(row, widths).enumerated().map { index, cell in
                let pad = String(repeating: " ", count: max(0, cell.1 - cell.0.count))
                return index == 0 ? cell.0 + pad : pad + cell.0
            }.joined(separator: "  ") + "\n"
        }
        var reasons: [String] = []
        for (stage, byReason) in county.deadLetters.sorted(by: { $0.key < $1.key }) {
            for (reason, count) in byReason.sorted(by: { $0.key < $1.key }) { reasons.append("\(stage)/\(reason) \(count)") }
        }
        if !reasons.isEmpty { text += "dead letters: " + reasons.joined(separator: ", ") + "\n" }
        return text
    }
}
