import Foundation
import Kafka
import PensionDomain
import PensionStore
import PensionWorkers

/// The payout-side operator steps, shared by their commands, the demo and the integration tests.
public struct PayoutOperations: Sendable {
    let topics: TopicCatalog
    let plan: PartitionPlan
    let townships: TownshipCatalog
    let rules: PensionRules
    let store: any PayoutStore
    let publish: @Sendable ([KafkaProducerMessage]) async throws -> Int

    /// - Parameters:
    ///   - topics: the topic catalog.
    ///   - plan: the partition plan.
    ///   - townships: the townships (for division names).
    ///   - rules: the pension rules.
    ///   - store: the store.
    ///   - publish: sends messages and returns how many were delivered.
    public init(
        topics: TopicCatalog, plan: PartitionPlan, townships: TownshipCatalog, rules: PensionRules,
        store: any PayoutStore, publish: @escaping @Sendable ([KafkaProducerMessage]) async throws -> Int
    ) {
        self.topics = topics
        self.plan = plan
        self.townships = townships
        self.rules = rules
        self.store = store
        self.publish = publish
    }

    private func topic(for eventType: String) throws -> String {
        guard let topic = topics.topic(forEvent: eventType) else {
            throw PayoutSetupError("config/topics.json has no topic for \(eventType)")
        }
        return topic.name
    }

    /// Posts the notices of every eligible pensioner not posted yet, dated `date`; writes one page per village into
    /// `directory`; returns the entries posted that day.
    public func postNotices(on date: CivilDate, into directory: String) async throws -> [NoticeEntry] {
        let entries = try await store.postNotices(on: date)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (village, lines) in Dictionary(grouping: entries, by: \.villageCode).sorted(by: { $0.key < $1.key }) {
            let name = townships[code: String(village.prefix(9))]?.name ?? String(village.prefix(9))
            let page = NoticeDocument.render(lines, village: village, townshipName: name, postedOn: date,
                                             periodDays: rules.noticePeriodDays)
            try page.write(toFile: directory + "/" + NoticeDocument.fileName(village: village, postedOn: date),
                           atomically: true, encoding: .utf8)
        }
        return entries
    }

    /// Publishes one `payout.requested` per pensioner due for `month` on business date `today`.
    public func schedule(month: PayoutMonth, today: CivilDate) async throws -> Int {
        let due = try await store.pensionersDue(month: month.description, today: today, noticeDays: rules.noticePeriodDays)
        let topic = try topic(for: PayoutRequested.eventType)
        let messages = try PayoutSchedule.requests(for: due, month: month, occurredAt: Date()).map {
            try $0.kafkaMessage(topic: topic, plan: plan, key: $0.payload.residentId)
        }
        return try await publish(messages)
    }

    /// Makes the month's new bank batches and writes every batch file of the month into `directory`.
    public func batches(month: PayoutMonth, into directory: String) async throws -> [BankBatch] {
        let batches = try await store.makeBankBatches(month: month.description, size: rules.bankBatchSize)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for batch in batches {
            let name = townships[code: batch.townshipCode]?.name ?? batch.townshipCode
            try BankBatchFile.render(batch, townshipName: name)
                .write(toFile: directory + "/" + BankBatchFile.fileName(of: batch), atomically: true, encoding: .utf8)
        }
        return batches
    }

    /// Publishes a card file's `bankcard.issued` events.
    public func importCards(csv: String) async throws -> Int {
        let topic = try topic(for: BankCardIssued.eventType)
        let messages = try BankCardFile.events(csv: csv, occurredAt: Date()).map {
            try $0.kafkaMessage(topic: topic, plan: plan, key: $0.payload.residentId)
        }
        return try await publish(messages)
    }

    /// Publishes a result file's `payout.completed` and `payout.failed` events; returns their counts.
    public func importResults(csv: String) async throws -> (completed: Int, failed: Int) {
        let topic = try topic(for: PayoutCompleted.eventType)
        var counts = (completed: 0, failed: 0)
        let messages = try BankResultFile.events(csv: csv, occurredAt: Date()).map { result -> KafkaProducerMessage in
            switch result {
            case .completed(let event):
                counts.completed += 1
                return try event.kafkaMessage(topic: topic, plan: plan, key: event.payload.residentId)
            case .failed(let event):
                counts.failed += 1
                return try event.kafkaMessage(topic: topic, plan: plan, key: event.payload.residentId)
            }
        }
        _ = try await publish(messages)
        return counts
    }
}
