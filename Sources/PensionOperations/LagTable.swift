import Foundation

/// `pension lag`'s text: one line per group and topic, then lag per township and group, optionally every partition.
public enum LagTable {
    /// The lines of the report.
    /// - Parameters:
    ///   - snapshot: the sample.
    ///   - townshipName: a township's name for its code, if known.
    ///   - partitions: whether to list every partition.
    ///   - groupPrefix: left out of the per-township columns' headers, e.g. `pension-`.
    public static func lines(
        _ snapshot: LagSnapshot, townshipName: (String) -> String?, partitions: Bool, groupPrefix: String
    ) -> [String] {
        guard !snapshot.groups.isEmpty else { return ["no consumer groups found (none has committed offsets or a live worker)"] }
        let groupWidth = snapshot.groups.map(\.group.count).max() ?? 5
        let topicWidth = snapshot.groups.flatMap(\.topics).map(\.count).max() ?? 5
        let widths = [groupWidth, 9, 7, 6, topicWidth, 9, 18]
        var lines = [
            "consumer lag at \(snapshot.takenAt.formatted(.iso8601)); status over the last \(snapshot.windowSamples) samples",
            row(["group", "mode", "members", "status", "topic", "lag", "oldest unprocessed"], widths),
        ]
        for group in snapshot.groups {
            let mode = group.mode == .pinned ? "pinned \(group.pinnedTownships.count)" : group.mode.rawValue
            for topic in group.topics {
                let topicPartitions = group.partitions.filter { $0.topic == topic }
                let lag = topicPartitions.reduce(Int64(0)) { $0 + $1.lag }
                let age = topicPartitions.compactMap(\.timeLagSeconds).max()
                lines.append(row(
                    [group.group, mode, String(group.members), group.status.rawValue, topic, String(lag), seconds(age)],
                    widths))
            }
        }
        let groups = snapshot.groups.map(\.group)
        let byTownship = Dictionary(grouping: snapshot.byTownship, by: \.township)
        let columns = groups.map { $0.hasPrefix(groupPrefix) ? String($0.dropFirst(groupPrefix.count)) : $0 }
        let columnWidths = [10, 8] + columns.map { max(8, $0.count) }
        lines.append("")
        lines.append("lag per township (messages; * marks a partition not OK)")
        lines.append(row(["township", "name"] + columns, columnWidths))
        let active = Set(snapshot.groups.flatMap(\.partitions).filter { $0.logEnd > 0 }.map { $0.township ?? "-" })
        for township in byTownship.keys.sorted() where active.contains(township) {
            let entries = byTownship[township] ?? []
            let cells = groups.map { group in
                entries.first { $0.group == group }.map { String($0.lag) + ($0.status == .ok ? "" : "*") } ?? "-"
            }
            lines.append(row([township, townshipName(township) ?? "-"] + cells, columnWidths))
        }
        let quiet = Set(byTownship.keys).subtracting(active).count
        if quiet > 0 { lines.append("(\(quiet) townships whose partitions never held a message are left out)") }
        guard partitions else { return lines }
        lines.append("")
        let partitionWidths = [groupWidth, topicWidth, 9, 10, 10, 10, 8, 9, 7, 6]
        lines.append(row(
            ["group", "topic", "partition", "township", "committed", "log end", "lag", "age", "status", "held"],
            partitionWidths))
        for group in snapshot.groups {
            for partition in group.partitions {
                lines.append(row(
                    [
                        group.group, partition.topic, String(partition.partition), partition.township ?? "-",
                        partition.committed.map(String.init) ?? "-", String(partition.logEnd), String(partition.lag),
                        seconds(partition.timeLagSeconds), partition.status.rawValue, partition.owned ? "yes" : "no",
                    ],
                    partitionWidths))
            }
        }
        return lines
    }

    private static func seconds(_ value: Double?) -> String {
        guard let value else { return "-" }
        return value < 120 ? String(format: "%.0f s", value) : String(format: "%.0f min", value / 60)
    }

    private static func row(_ cells: [String], _ widths: [Int]) -> String {
        zip(cells, widths).map { cell, width in
            let padding = max(0, width - displayWidth(cell))
            return cell + String(repeating: " ", count: padding)
        }.joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }

    /// Columns a string takes in a terminal: Chinese characters take two.
    private static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) }
    }
}
