import Foundation
import Kafka
import PensionDomain
import PensionSimulation
import PensionStore
import PensionWorkers
import Synchronization
import Testing

/// The committed offsets of a group, as a monitor polling them saw them over time.
final class CommittedOffsetLog: Sendable {
    private let state = Mutex<(samples: Int, offsets: [TopicPartition: [Int64]])>((0, [:]))

    /// Records one observation; partitions without a commit yet (negative offsets) are left out.
    func record(_ observed: [TopicPartition: Int64]) {
        state.withLock { state in
            state.samples += 1
            for (partition, offset) in observed where offset >= 0 {
                if state.offsets[partition]?.last != offset { state.offsets[partition, default: []].append(offset) }
            }
        }
    }

    var samples: Int { state.withLock { $0.samples } }
    var sequences: [TopicPartition: [Int64]] { state.withLock { $0.offsets } }

    /// Every place where a partition's committed offset went down: partition, before, after.
    var regressions: [(TopicPartition, Int64, Int64)] {
        sequences.flatMap { partition, offsets in
            zip(offsets, offsets.dropFirst()).filter { $0 > $1 }.map { (partition, $0, $1) }
        }
    }
}

/// A flag a task polls.
final class RunFlag: Sendable {
    private let on = Atomic(true)
    var isOn: Bool { on.load(ordering: .relaxed) }
    func turnOff() { on.store(false, ordering: .relaxed) }
}

/// A registration worker on a topic that keeps being fed while two more workers of its group join and leave again
/// and again: the group's committed offsets only ever move forwards, and every registration is applied once.
///
/// It also caught a stall: a partition paused while the pipeline was full and then revoked came back paused (librdkafka
/// keeps the pause across revocation and assignment) and the worker had forgotten it; `StageWorker.poll` now keeps
/// every partition it paused until it resumes it.
@Suite("Committed offsets under repeated joins and leaves", .serialized, .timeLimit(.minutes(8)))
struct CommittedOffsetTests {
    @Test("committed offsets never go backwards while members join and leave; every registration applied once",
          arguments: [KafkaConsumerConfiguration.RebalanceProtocol.eager, .cooperativeSticky])
    func offsetsNeverGoBackwards(_ rebalance: KafkaConsumerConfiguration.RebalanceProtocol) async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let townships = ["510623100", "510623101", "510623102", "510623103"]
        let population = cleanPopulation(townships, perTownship: 1_000, seed: 51, invalid: 0.02, duplicates: 0.02,
                                         malformed: 0.01)
        let expected = population.expected
        let topic = try fixture.topicName(forEvent: RegistrationSubmitted.eventType)
        let partitions = townships.flatMap { fixture.plan.partitions(of: $0) ?? [] }.map { TopicPartition(topic, $0) }
        let group = "\(fixture.prefix)-registration"
        let store = try SQLiteStore.open(path: fixture.storePath("offsets"))
        try await store.loadHouseholdRegister(population.storeRegister)

        let log = CommittedOffsetLog()
        let monitoring = RunFlag()
        let admin = try TestBroker.admin()
        let monitor = Task {
            var failures = 0
            while monitoring.isOn {
                do {
                    log.record(try await admin.committedOffsets(group: group, partitions: partitions))
                } catch {
                    failures += 1
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            return failures
        }

        func member() throws -> RunningService {
            RunningService(try fixture.worker(try fixture.registrationHandler(store), group: group, batch: 100,
                                              protocol: rebalance))
        }
        let first = try member()

        // Feed the topic in chunks the whole time the members come and go.
        let records = population.records
        let chunk = 150
        let feeder = Task {
            let producer = try TestBroker.producer()
            var ends: [TopicPartition: Int64] = [:]
            for start in stride(from: 0, to: records.count, by: chunk) {
                let messages = try records[start..<min(start + chunk, records.count)].map { try fixture.message($0) }
                for report in try await producer.send(messages) {
                    ends[report.topicPartition] = max(ends[report.topicPartition] ?? 0, report.offset + 1)
                }
                try await Task.sleep(for: .milliseconds(600))
            }
            try await producer.shutdown()
            return ends
        }

        let started = ContinuousClock.now
        for cycle in 0..<2 {
            let second = try member()
            try await Task.sleep(for: .seconds(4))
            let third = try member()
            try await Task.sleep(for: .seconds(4))
            try await second.stop()
            try await Task.sleep(for: .seconds(3))
            try await third.stop()
            print("cycle \(cycle) done after \(ContinuousClock.now - started)")
            try await Task.sleep(for: .seconds(2))
        }
        let ends = try await feeder.value
        #expect(ends.values.reduce(0, +) == Int64(records.count))
        // Known, intermittent, a defect of the local broker (Tansu): when the group's leader leaves during a
        // rebalance, Tansu keeps naming the departed member as leader in every JoinGroup response (generation stuck),
        // so the remaining member, a follower, never receives an assignment and its SyncGroup ends in
        // REBALANCE_IN_PROGRESS forever (seen with TEST_KAFKA_DEBUG=cgrp on the cooperative protocol; the eager case
        // stalled the same way once, in a clean-clone run, without logs). Apache Kafka removes a member on LeaveGroup
        // and elects a new leader. It shows mostly under the full parallel suite. Then the offsets seen until the
        // stall must still never have gone backwards; the rest cannot be checked.
        try await withKnownIssue("the group stalls on the local broker: a departed leader stays leader", isIntermittent: true) {
            try await TestBroker.eventually(timeout: .seconds(120), "all \(records.count) registrations processed") {
                try await store.processedCount(stage: StoreStage.registration) == records.count
            }
        }
        let processed = try await store.processedCount(stage: StoreStage.registration)
        guard processed == records.count else {
            let committed = try await admin.committedOffsets(group: group, partitions: partitions)
            let positions = committed.sorted { $0.key.partition < $1.key.partition }
                .map { "\($0.key.partition):\($0.value)/\(ends[$0.key] ?? -1)" }
            print("\(rebalance): stalled at \(processed) of \(records.count); committed/end \(positions.joined(separator: " "))")
            monitoring.turnOff()
            try? await first.stop()
            _ = try await monitor.value
            #expect(log.regressions.isEmpty, "committed offsets went backwards: \(log.regressions.prefix(20))")
            return
        }
        // The last commit lands after the store transaction: wait for the group to catch up with the ends.
        try await TestBroker.eventually(timeout: .seconds(20), "committed offsets to reach the ends") {
            let committed = try await admin.committedOffsets(group: group, partitions: partitions)
            return ends.allSatisfy { committed[$0.key] == $0.value }
        }
        try await first.stop()
        monitoring.turnOff()
        let monitorFailures = try await monitor.value
        #expect(monitorFailures < 5, "reading committed offsets failed \(monitorFailures) times")
        log.record(try await admin.committedOffsets(group: group, partitions: partitions))

        let sequences = log.sequences
        print("\(rebalance): \(log.samples) samples; distinct committed offsets per partition: "
              + "\(sequences.map { "\($0.key.partition):\($0.value.count)" }.sorted().joined(separator: " "))")
        #expect(log.samples > 20, "the monitor observed the group often enough")
        #expect(log.regressions.isEmpty, "committed offsets went backwards: \(log.regressions.prefix(20))")
        for (partition, end) in ends {
            #expect(sequences[partition]?.last == end, "final committed offset of \(partition)")
        }

        // Exactly once: every registration applied once; the state an undisturbed single worker makes.
        #expect(try await store.processedCount(stage: StoreStage.registration) == records.count)
        let summaries = try await store.townshipSummaries()
        #expect(summaries.enrolled == expected.enrolled)
        #expect(summaries.registrationsApplied == records.count - expected.malformed)
        #expect(summaries.deadLettered == expected.malformed)

        let reference = try SQLiteStore.open(path: fixture.storePath("reference"))
        try await reference.loadHouseholdRegister(population.storeRegister)
        let alone = try fixture.worker(try fixture.registrationHandler(reference), group: "\(fixture.prefix)-reference")
        try await fixture.run([alone]) {
            try await TestBroker.eventually(timeout: .seconds(60), "the reference run") {
                try await reference.processedCount(stage: StoreStage.registration) == records.count
            }
        }
        #expect(try await store.stateFingerprint() == (try await reference.stateFingerprint()))
        let referenceSummaries = try await reference.townshipSummaries()
        #expect(summaries.withoutRedeliveries == referenceSummaries.withoutRedeliveries)
    }
}
