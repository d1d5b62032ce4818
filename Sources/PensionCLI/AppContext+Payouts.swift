import Foundation
import Kafka
import PensionPayouts
import PensionStore

extension AppContext {
    /// The payout operations on the store, publishing with a producer of their own per call.
    func payoutOperations(store: any DriveStore) throws -> PayoutOperations {
        let kafka = self.kafka
        let logger = self.logger
        return PayoutOperations(
            topics: topics, plan: plan, townships: townships, rules: try pensionRules(), store: store,
            publish: { messages in
                let producer = try KafkaProducer.make(configuration: KafkaProducerConfiguration(kafka: kafka), logger: logger)
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
            })
    }
}
