import Foundation
import Kafka
import PensionDomain
import PensionPayouts
import PensionStore
import PensionWorkers

/// The payout-side operator steps, shared by their commands and the demo.
struct PayoutOperations {
    let context: AppContext
    let store: SQLiteStore

    /// Posts the notices of every eligible pensioner not posted yet, dated `date`; writes one page per village into
    /// `directory`; returns the entries posted that day.
    func postNotices(on date: CivilDate, into directory: String) async throws -> [NoticeEntry] {
        let rules = try context.pensionRules()
        let entries = try await store.postNotices(on: date)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (village, lines) in Dictionary(grouping: entries, by: \.villageCode).sorted(by: { $0.key < $1.key }) {
            let name = context.townships[code: String(village.prefix(9))]?.name ?? String(village.prefix(9))
            let page = NoticeDocument.render(lines, village: village, townshipName: name, postedOn: date,
                                             periodDays: rules.noticePeriodDays)
            try page.write(toFile: directory + "/" + NoticeDocument.fileName(village: village, postedOn: date),
                           atomically: true, encoding: .utf8)
        }
        return entries
    }

    /// Publishes one `payout.requested` per pensioner due for `month` on business date `today`.
    func schedule(month: PayoutMonth, today: CivilDate) async throws -> Int {
        let rules = try context.pensionRules()
        let due = try await store.pensionersDue(month: month.description, today: today, noticeDays: rules.noticePeriodDays)
        let topic = try require(context.topics.topic(forEvent: PayoutRequested.eventType), "a topic for payout.requested").name
        let messages = try PayoutSchedule.requests(for: due, month: month, occurredAt: Date()).map {
            try $0.kafkaMessage(topic: topic, plan: context.plan, key: $0.payload.residentId)
        }
        return try await publish(messages)
    }

    /// Makes the month's new bank batches and writes every batch file of the month into `directory`.
    func batches(month: PayoutMonth, into directory: String) async throws -> [BankBatch] {
        let rules = try context.pensionRules()
        let batches = try await store.makeBankBatches(month: month.description, size: rules.bankBatchSize)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for batch in batches {
            let name = context.townships[code: batch.townshipCode]?.name ?? batch.townshipCode
            try BankBatchFile.render(batch, townshipName: name)
                .write(toFile: directory + "/" + BankBatchFile.fileName(of: batch), atomically: true, encoding: .utf8)
        }
        return batches
    }

    /// Publishes a card file's `bankcard.issued` events.
    func importCards(csv: String) async throws -> Int {
        let topic = try require(context.topics.topic(forEvent: BankCardIssued.eventType), "a topic for bankcard.issued").name
        let messages = try BankCardFile.events(csv: csv, occurredAt: Date()).map {
            try $0.kafkaMessage(topic: topic, plan: context.plan, key: $0.payload.residentId)
        }
        return try await publish(messages)
    }

    /// Publishes a result file's `payout.completed` and `payout.failed` events; returns their counts.
    func importResults(csv: String) async throws -> (completed: Int, failed: Int) {
        let topic = try require(context.topics.topic(forEvent: PayoutCompleted.eventType), "a topic for payout.completed").name
        var counts = (completed: 0, failed: 0)
        let messages = try BankResultFile.events(csv: csv, occurredAt: Date()).map { result in
            switch result {
            case .completed(let event):
                counts.completed += 1
                return try event.kafkaMessage(topic: topic, plan: context.plan, key: event.payload.residentId)
            case .failed(let event):
                counts.failed += 1
                return try event.kafkaMessage(topic: topic, plan: context.plan, key: event.payload.residentId)
            }
        }
        _ = try await publish(messages)
        return counts
    }

    private func publish(_ messages: [KafkaProducerMessage]) async throws -> Int {
        let producer = try KafkaProducer.make(configuration: KafkaProducerConfiguration(kafka: context.kafka), logger: context.logger)
        do {
            var delivered = 0
            for start in stride(from: 0, to: messages.count, by: 5_000) {
                delivered += try await producer.send(Array(messages[start..<min(start + 5_000, messages.count)])).count
            }
            try await producer.shutdown()
            return delivered
        } catch {
            try? await producer.shutdown()
            throw error
        }
    }
}
