import ArgumentParser
import Foundation
import PensionOperations
import PensionStore

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Move a consumer group's offsets on a topic (all or some townships) so its stage reprocesses or skips "
            + "messages; a dry run unless --execute. Same vocabulary as kafka-consumer-groups --reset-offsets.",
        discussion: """
            Exactly one of --to-earliest, --to-latest, --to-datetime, --by-duration, --to-offset, --shift-by. \
            Offsets are clamped to the log. --execute is refused while the group has active members or live workers \
            (elastic or pinned); it records who, when and what in the store's audit log (--history shows it). \
            The stages are idempotent: what they reprocess changes nothing that was already right.
            """
    )
    @OptionGroup var options: GlobalOptions
    @Option(help: "The consumer group, e.g. pension-registration.") var group: String?
    @Option(help: "The topic, e.g. pension.registration.") var topic: String?
    @Option(name: .customLong("township"), help: "Only this township's partitions (repeatable).") var townships: [String] = []
    @Flag(name: .customLong("to-earliest"), help: "To the log start.") var toEarliest = false
    @Flag(name: .customLong("to-latest"), help: "To the log end (skips what is unprocessed).") var toLatest = false
    @Option(name: .customLong("to-datetime"), help: "To the first message at or after a time with its zone, e.g. 2011-11-22T00:00:00+08:00.")
    var toDatetime: String?
    @Option(name: .customLong("by-duration"), help: "To the first message at or after now minus an ISO-8601 duration, e.g. P2D or PT6H.")
    var byDuration: String?
    @Option(name: .customLong("to-offset"), help: "To this offset.") var toOffset: Int64?
    @Option(name: .customLong("shift-by"), help: "Current offset plus this (negative: back).") var shiftBy: Int64?
    @Flag(help: "Apply the plan (default: print it only).") var execute = false
    @Option(help: "Who is executing, for the audit log. Default: SUDO_USER or USER.") var by: String?
    @Flag(help: "Print the plan as JSON.") var json = false
    @Flag(help: "Show the audit log of executed replays (of --group, if given) instead.") var history = false

    func validate() throws {
        if history { return }
        guard group != nil else { throw ValidationError("--group is required") }
        guard topic != nil else { throw ValidationError("--topic is required") }
        let given = [toEarliest, toLatest, toDatetime != nil, byDuration != nil, toOffset != nil, shiftBy != nil].filter { $0 }
        guard given.count == 1 else {
            throw ValidationError(
                "give exactly one of --to-earliest, --to-latest, --to-datetime, --by-duration, --to-offset, --shift-by")
        }
    }

    func run() async throws {
        let context = try await options.load("pension.replay")
        let store = try await context.openStore()
        if history { return try await printHistory(store) }
        let resetter = OffsetResetter(admin: try context.admin(), store: store, topics: context.topics, plan: context.plan)
        let plan: ResetPlan
        do {
            plan = try await resetter.plan(group: group ?? "", topic: topic ?? "", target: try target(), townships: townships)
        } catch let error as ResetError {
            throw CLIError(error.description)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(plan), as: UTF8.self))
        } else {
            printPlan(plan, context: context)
        }
        guard execute else {
            print("dry run: nothing changed. Add --execute to apply it.")
            if let refusal = plan.refusal { print("note: --execute would be refused now: \(refusal)") }
            return
        }
        do {
            let record = try await resetter.execute(plan, by: by ?? AppContext.operatorName)
            print("applied: \(record.partitions.count) partitions of \(plan.group) on \(plan.topic) moved; "
                + "audit #\(record.id) by \(record.executedBy) on \(record.host) at \(record.executedAt.formatted(.iso8601))")
        } catch let error as ResetError {
            throw CLIError(error.description)
        }
    }

    private func target() throws -> ResetTarget {
        if toEarliest { return .earliest }
        if toLatest { return .latest }
        if let toOffset { return .offset(toOffset) }
        if let shiftBy { return .shift(shiftBy) }
        if let toDatetime {
            guard let date = ResetTarget.parseDatetime(toDatetime) else {
                throw CLIError("--to-datetime must be a time with its zone, e.g. 2011-11-22T00:00:00+08:00, not \(toDatetime)")
            }
            return .datetime(date)
        }
        let text = byDuration ?? ""
        guard let seconds = ResetTarget.parseDuration(text) else {
            throw CLIError("--by-duration must be an ISO-8601 duration such as P2D, PT6H or P1DT12H, not \(text)")
        }
        return .duration(seconds)
    }

    private func printPlan(_ plan: ResetPlan, context: AppContext) {
        let scope = plan.townships.isEmpty ? "all townships" : "townships " + plan.townships.joined(separator: ", ")
        print("replay plan: group \(plan.group), topic \(plan.topic), \(plan.spec), \(scope)")
        print("partition  township   name      current       new   log end  reprocess      skip")
        for row in plan.rows {
            let name = row.township.flatMap { context.townships[code: $0]?.name } ?? "-"
            print(
                String(row.partition).leftPad(9) + "  " + (row.township ?? "-").padding(toLength: 10, withPad: " ", startingAt: 0)
                    + " " + name + String(repeating: " ", count: max(0, 8 - name.count * 2))
                    + (row.current.map(String.init) ?? "-").leftPad(9) + String(row.new).leftPad(10)
                    + String(row.logEnd).leftPad(10) + String(row.reprocess).leftPad(11) + String(row.skip).leftPad(10))
        }
        print("in all: \(plan.reprocess) messages to reprocess, \(plan.skip) to skip, on \(plan.rows.count) partitions")
    }

    private func printHistory(_ store: any DriveStore) async throws {
        let resets = try await store.offsetResets(group: group, limit: 50)
        guard !resets.isEmpty else { return print("no replay has been executed" + (group.map { " for \($0)" } ?? "")) }
        for reset in resets {
            let scope = reset.townships.isEmpty ? "all townships" : reset.townships.joined(separator: ",")
            let moved = reset.partitions.reduce(Int64(0)) { $0 + (($1.before ?? 0) - $1.after) }
            print("#\(reset.id) \(reset.executedAt.formatted(.iso8601)) by \(reset.executedBy) on \(reset.host): "
                + "\(reset.group) \(reset.topic) \(reset.spec) (\(scope)); \(reset.partitions.count) partitions, net \(moved) back")
        }
    }
}
