import ArgumentParser
import Foundation
import Kafka

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print figures next to a raw librdkafka baseline measured in the same run.",
        subcommands: [Consume.self, Registration.self, Store.self, Certificates.self]
    )

    struct Consume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Consume throughput: the Swift client against a bare librdkafka batch-consume loop, same topic."
        )
        @OptionGroup var options: GlobalOptions
        @Option(help: "Messages to produce and consume.") var messages = 1_000_000
        @Option(help: "Message size in bytes.") var size = 300
        @Option(help: "Partitions of the benchmark topic.") var partitions: Int32 = 4
        @Option(help: "Rounds; each round runs the raw baseline, then the Swift client.") var rounds = 2

        func run() async throws {
            let context = try await options.load("pension.bench")
            let topic = "bench-consume-\(UUID().uuidString.prefix(8).lowercased())"
            let admin = try KafkaAdmin.make(configuration: context.kafka, logger: context.logger)
            _ = try await admin.createTopics([.init(name: topic, partitions: partitions)])

            let produced = try await fill(context, topic: topic)
            print("produced \(messages) × \(size) B to \(topic): \(rate(messages, produced)) msg/s (Swift producer, idempotent)")
            print("round  raw librdkafka msg/s  Swift client msg/s  ratio")
            var best = (raw: 0.0, swift: 0.0)
            for round in 1...rounds {
                let raw = try await RawConsumeBaseline.run(
                    bootstrap: context.kafka.bootstrapServers, topic: topic, partitions: partitions, count: messages
                )
                let swift = try await consumeWithClient(context, topic: topic)
                let (r, s) = (perSecond(messages, raw), perSecond(messages, swift))
                best = (max(best.raw, r), max(best.swift, s))
                print("\(String(round).leftPad(5))  \(format(r).leftPad(20))  \(format(s).leftPad(18))  \(String(format: "%.2f", s / r))")
            }
            print("best   \(format(best.raw).leftPad(20))  \(format(best.swift).leftPad(18))  \(String(format: "%.2f", best.swift / best.raw))  (goal ≥ 0.80)")
        }

        private func fill(_ context: AppContext, topic: String) async throws -> Duration {
            let producer = try KafkaProducer.make(configuration: KafkaProducerConfiguration(kafka: context.kafka), logger: context.logger)
            let value = [UInt8](repeating: UInt8(ascii: "x"), count: size)
            let clock = ContinuousClock()
            let started = clock.now
            var sent = 0
            while sent < messages {
                let chunk = min(50_000, messages - sent)
                try await producer.send((sent..<sent + chunk).map {
                    KafkaProducerMessage(topic: topic, partition: Int32($0) % partitions, key: nil, value: value)
                })
                sent += chunk
            }
            try await producer.shutdown()
            return clock.now - started
        }

        private func consumeWithClient(_ context: AppContext, topic: String) async throws -> Duration {
            var configuration = KafkaConsumerConfiguration(kafka: context.kafka, groupID: nil)
            configuration.maxBatchSize = 2_000
            let consumer = try KafkaConsumer.make(configuration: configuration, logger: context.logger)
            let clock = ContinuousClock()
            let started = clock.now
            try await consumer.assign((0..<partitions).map { TopicPartition(topic, $0) }, offset: KafkaOffset.beginning)
            var received = 0
            for try await batch in consumer.batches {
                received += batch.count
                if received >= messages { break }
            }
            let elapsed = clock.now - started
            try await consumer.close()
            return elapsed
        }

        private func perSecond(_ count: Int, _ duration: Duration) -> Double { Double(count) / duration.seconds }
        private func rate(_ count: Int, _ duration: Duration) -> String { format(perSecond(count, duration)) }
        private func format(_ value: Double) -> String { String(Int(value.rounded())) }
    }
}
