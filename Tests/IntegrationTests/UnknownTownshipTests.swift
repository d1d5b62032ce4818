import Foundation
import Kafka
import PensionDomain
import PensionSimulation
import PensionStore
import PensionWorkers
import Testing

/// A township code of the right shape that the county does not have, on each stage's input topic: the message is
/// parked on the stage's dead-letter topic with its error code, and the stage goes on with the messages after it.
@Suite("Unknown township on every stage's topic", .serialized, .timeLimit(.minutes(3)))
struct UnknownTownshipTests {
    static let unknown = "510623999"

    /// `dlq` holds exactly one letter: `source` as it was, parked with `code` at field `townshipCode`, naming its
    /// topic, partition and offset.
    static func expectOneDeadLetter(
        on dlq: String, fixture: PipelineFixture, code: String, of source: KafkaProducerMessage, partition: Int32,
        offset: Int64
    ) async throws {
        let parked = try await PipelineFixture.readTopic(dlq, partitions: fixture.plan.partitionCount, atLeast: 1)
        try #require(parked.count == 1, "dead letters: \(parked.map { $0.header(WireHeaders.deadLetterErrorCode) ?? "-" })")
        let letter = parked[0]
        #expect(letter.header(WireHeaders.deadLetterErrorCode) == code)
        #expect(letter.header(WireHeaders.deadLetterErrorField) == "townshipCode")
        #expect(letter.header(WireHeaders.deadLetterSourceTopic) == source.topic)
        #expect(letter.header(WireHeaders.deadLetterSourcePartition) == String(partition))
        #expect(letter.header(WireHeaders.deadLetterSourceOffset) == String(offset))
        #expect(letter.value == source.value)
    }

    @Test("registration: a form from an unknown township is dead-lettered and the forms after it are applied")
    func registration() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let township = "510623101"  // owns one partition, so every form below shares it with the stray one
        let population = cleanPopulation([township], perTownship: 60, seed: 21)
        let records = population.records
        let template = try #require(records.first?.payload)
        let partition = try #require(fixture.plan.partitions(of: township)?.first)

        let stray = EventEnvelope(
            townshipCode: Self.unknown,
            payload: RegistrationSubmitted(
                residentId: "51062319500101001X", name: template.name, sex: template.sex,
                householdNumber: template.householdNumber, villageCode: Self.unknown + "001",
                contributionTierYuan: template.contributionTierYuan
            )
        )
        let middle = records.count / 2
        var messages = try records.map { try fixture.message($0) }
        #expect(Set(messages.map(\.partition)) == [partition])
        messages.insert(try fixture.message(stray, key: "51062319500101001X", partition: partition), at: middle)

        let store = try SQLiteStore.open(path: fixture.storePath("registration"))
        try await store.loadHouseholdRegister(population.storeRegister)
        let reports = try await fixture.send(messages)
        let strayOffset = reports[middle].offset
        #expect(reports.filter { $0.offset > strayOffset }.count == records.count - middle, "forms after the stray one")

        try await fixture.runStages(store, group: fixture.prefix) {
            try await fixture.waitUntilProcessed(store, published: messages.count)
        }

        let summaries = try await store.townshipSummaries()
        #expect(summaries.enrolled == records.count, "every valid form before and after the stray one is applied")
        #expect(summaries.registrationsApplied == records.count)
        #expect(summaries.township(Self.unknown)?.deadLettered == 1)
        #expect(summaries.deadLettered == 1)

        let dlq = try fixture.deadLetterTopicName(forEvent: RegistrationSubmitted.eventType)
        #expect(dlq == "\(fixture.prefix).dlq.registration")
        try await Self.expectOneDeadLetter(
            on: dlq, fixture: fixture, code: "invalid_value", of: messages[middle], partition: partition, offset: strayOffset)
    }

    @Test("ID verification: a request from an unknown township is dead-lettered as unknown_township, the others decided")
    func verification() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let township = "510623102"
        let population = cleanPopulation([township], perTownship: 40, seed: 23)
        let partition = try #require(fixture.plan.partitions(of: township)?.first)
        let requests = try population.records.map { record in
            let form = try #require(record.payload)
            return EventEnvelope(
                townshipCode: record.townshipCode,
                payload: IDVerificationRequested(
                    residentId: record.key, householdNumber: form.householdNumber, villageCode: form.villageCode,
                    registrationEventId: record.eventId ?? UUID()
                )
            )
        }
        let first = try #require(requests.first)
        let stray = EventEnvelope(
            townshipCode: Self.unknown,
            payload: IDVerificationRequested(
                residentId: first.payload.residentId, householdNumber: first.payload.householdNumber,
                villageCode: Self.unknown + "001", registrationEventId: UUID()
            )
        )
        let middle = requests.count / 2
        var messages = try requests.map { try fixture.message($0, key: $0.payload.residentId, partition: partition) }
        messages.insert(try fixture.message(stray, key: stray.payload.residentId, partition: partition), at: middle)
        #expect(messages[middle].topic == "\(fixture.prefix).id-verification")

        let store = try SQLiteStore.open(path: fixture.storePath("verification"))
        try await store.loadHouseholdRegister(population.storeRegister)
        let reports = try await fixture.send(messages)
        let strayOffset = reports[middle].offset

        let verifier = try fixture.worker(try fixture.verificationHandler(store), group: "\(fixture.prefix)-idv")
        let total = messages.count
        try await fixture.run([verifier]) {
            try await TestBroker.eventually(timeout: .seconds(60), "\(total) requests processed") {
                try await store.processedCount(stage: StoreStage.idVerification) == total
            }
        }

        let summaries = try await store.townshipSummaries()
        #expect(summaries.township(Self.unknown)?.deadLettered == 1)
        #expect(summaries.deadLettered == 1)

        let dlq = try fixture.deadLetterTopicName(forEvent: IDVerificationRequested.eventType)
        #expect(dlq == "\(fixture.prefix).dlq.id-verification")
        try await Self.expectOneDeadLetter(
            on: dlq, fixture: fixture, code: "unknown_township", of: messages[middle], partition: partition,
            offset: strayOffset)

        // Every valid request, before and after the stray one, is decided once; the stray one is not.
        let resultsTopic = try fixture.topicName(forEvent: IDVerified.eventType)
        let results = try await PipelineFixture.readTopic(
            resultsTopic, partitions: try fixture.partitionCount(forEvent: IDVerified.eventType), atLeast: requests.count
        )
        var decided: [UUID] = []
        for result in results {
            switch result.header(WireHeaders.eventType) {
            case IDVerified.eventType:
                decided.append(try WireDecoder.decode(IDVerified.self, from: result.value).payload.requestEventId)
            case IDRejected.eventType:
                decided.append(try WireDecoder.decode(IDRejected.self, from: result.value).payload.requestEventId)
            default:
                Issue.record("unexpected event type \(result.header(WireHeaders.eventType) ?? "none") on the results topic")
            }
        }
        #expect(decided.count == requests.count)
        #expect(Set(decided) == Set(requests.map(\.eventId)))
        #expect(!decided.contains(stray.eventId))
    }
}
