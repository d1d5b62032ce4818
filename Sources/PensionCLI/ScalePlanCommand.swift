import ArgumentParser
import Foundation
import PensionOperations
import PensionStore

struct ScalePlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale-plan",
        abstract: "Per stage: how many workers drain the current lag within --drain-minutes, from the lag and the rate "
            + "its workers were measured at, with the worker command lines to run (or --json for an autoscaler).",
        discussion: """
            The rate is measured from the positions the stored lag samples show (pension lag, or a second sample \
            --measure-seconds later when there is none); where nothing moved, scale.assumedEventsPerSecond is used \
            and said. --mode pinned packs townships onto workers by lag; a stage runs either elastic or pinned \
            workers, never both (stop the ones running before starting the others).
            """
    )
    @OptionGroup var options: GlobalOptions
    @Option(help: "Drain the lag within this many minutes. Default: scale.drainMinutes.") var drainMinutes: Double?
    @Option(help: "elastic (group members) or pinned (--township per worker).") var mode = "elastic"
    @Option(help: "Only this consumer group (repeatable). Default: every group named pension-….") var group: [String] = []
    @Option(help: "Seconds to wait for a second sample when none is stored.") var measureSeconds = 10
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let context = try await options.load("pension.scale-plan")
        guard let mode = ScalePlanner.Mode(rawValue: mode) else { throw CLIError("--mode must be elastic or pinned") }
        let minutes = drainMinutes ?? Double(context.config.int(forKey: "scale.drainMinutes", default: 30))
        guard minutes > 0 else { throw CLIError("--drain-minutes must be more than 0") }
        let store = try await context.openStore()
        let sampler = try context.lagSampler(store: store)
        var snapshot = try await sampler.sample(groups: group)
        var history = try await histories(snapshot, store)
        let unmeasured = snapshot.groups.contains { group in
            group.lag > 0 && !(history[group.group] ?? []).contains { snapshot.takenAt.timeIntervalSince($0.sampledAt) >= 5 }
        }
        if unmeasured && measureSeconds > 0 {
            if !json { print("measuring: sampling again in \(measureSeconds) s") }
            try await Task.sleep(for: .seconds(measureSeconds))
            snapshot = try await sampler.sample(groups: group)
            history = try await histories(snapshot, store)
        }
        let leases = try await store.liveLeases(group: nil, now: Date())
        let workers = Dictionary(grouping: leases, by: \.group).mapValues(\.count)
        let planner = ScalePlanner(
            drainMinutes: minutes,
            assumedEventsPerSecond: Double(context.config.int(forKey: "scale.assumedEventsPerSecond", default: 2_000)),
            mode: mode, groupPrefix: sampler.groupPrefix,
            stages: WorkerCommand.configuration.subcommands.map { $0._commandName })
        let plans = planner.plans(snapshot, history: history, workers: workers)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return print(String(decoding: try encoder.encode(plans), as: UTF8.self))
        }
        guard !plans.isEmpty else { return print("no consumer groups found") }
        print("scale plan: drain within \(Int(minutes)) min, \(mode.rawValue) workers")
        print("stage              lag        rate/worker   now          needed  drains in")
        for plan in plans {
            let rate = "\(Int(plan.ratePerWorker))/s \(plan.rateSource.rawValue)"
            print(plan.stage.padding(toLength: 18, withPad: " ", startingAt: 0) + String(plan.lag).leftPad(5)
                + "  " + rate.leftPad(18) + "   " + "\(plan.workersNow) \(plan.modeNow.rawValue)".padding(toLength: 12, withPad: " ", startingAt: 0)
                + String(plan.workersNeeded).leftPad(6) + String(format: "%8.1f min", plan.drainMinutes))
        }
        print("")
        print("commands (one worker each; stop the workers of a stage that runs in the other mode first):")
        for plan in plans { plan.commands.forEach { print("  \($0)") } }
    }

    private func histories(_ snapshot: LagSnapshot, _ store: any DriveStore) async throws -> [String: [LagSampleRecord]] {
        var history: [String: [LagSampleRecord]] = [:]
        for group in snapshot.groups { history[group.group] = try await store.lagSamples(group: group.group) }
        return history
    }
}
