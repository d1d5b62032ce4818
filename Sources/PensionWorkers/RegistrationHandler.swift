import Foundation
import Kafka
import PensionDomain
import PensionStore

/// The registration stage: validates every field of `registration.submitted`, upserts the enrollee (keyed by
/// resident ID) and asks for ID verification.
///
/// Only the form's shape is checked here (an ID of 15 or 18 digits/X, a known township, a village of that
/// township, an offered tier); whether the ID is genuine is the ID-verification stage's decision.
public struct RegistrationHandler: StageHandler {
    public let stage = "registration"
    public let inputTopic: String
    public let deadLetterTopic: String
    /// Where `id.verification.requested` goes.
    public let verificationTopic: String
    private let store: any PensionStore
    private let plan: PartitionPlan
    private let townships: TownshipCatalog
    private let tiers: Set<Int>

    /// - Parameters:
    ///   - topics: the topic catalog (registration, its dead letters, ID verification).
    ///   - store: where enrollees are written.
    ///   - plan: the partition plan for follow-ups.
    ///   - townships: the county's townships.
    ///   - tiers: the contribution tiers on offer, in yuan a year.
    /// - Throws: `WorkerSetupError` when the catalog lacks a topic this stage needs.
    public init(topics: TopicCatalog, store: any PensionStore, plan: PartitionPlan, townships: TownshipCatalog, tiers: Set<Int>) throws {
        let input = try topics.stageTopic(forEvent: RegistrationSubmitted.eventType)
        inputTopic = input.name
        deadLetterTopic = try topics.deadLetterTopic(of: input)
        verificationTopic = try topics.stageTopic(forEvent: IDVerificationRequested.eventType).name
        self.store = store
        self.plan = plan
        self.townships = townships
        self.tiers = tiers
    }

    public func plan(_ batch: [KafkaMessage]) async throws -> BatchPlan {
        // Decoding, validation and encoding of follow-ups dominate a batch: spread them over the cores.
        let parts = try await withThrowingTaskGroup(of: (Int, Part).self) { group in
            let size = max(250, (batch.count + ProcessInfo.processInfo.activeProcessorCount - 1)
                / ProcessInfo.processInfo.activeProcessorCount)
            for (index, start) in stride(from: 0, to: batch.count, by: size).enumerated() {
                let chunk = batch[start..<min(start + size, batch.count)]
                group.addTask { (index, try self.part(chunk)) }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }.sorted { $0.key < $1.key }.map(\.value)
        }
        let records = parts.flatMap(\.records)
        var result = BatchPlan { [store] deadLetterRecords in
            _ = try await store.applyRegistrations(records, deadLetters: deadLetterRecords)
        }
        result.followUps = parts.flatMap(\.followUps)
        result.deadLetters = parts.flatMap(\.deadLetters)
        return result
    }

    /// What one slice of a batch yields, in message order.
    private struct Part: Sendable {
        var records: [RegistrationRecord] = []
        var followUps: [KafkaProducerMessage] = []
        var deadLetters: [(message: KafkaMessage, error: EventDecodingError, townshipCode: String?)] = []
    }

    private func part(_ messages: ArraySlice<KafkaMessage>) throws -> Part {
        var part = Part()
        for message in messages {
            let data = Data(message.value)
            do {
                let event = try WireDecoder.decode(RegistrationSubmitted.self, from: data)
                try validate(event)
                let residentId = MessageKey.resident(event.payload.residentId)
                part.records.append(record(event, residentId: residentId, source: message.position))
                let request = EventEnvelope(
                    eventId: EventIDs.derived(from: event.eventId, IDVerificationRequested.eventType),
                    occurredAt: event.occurredAt, townshipCode: event.townshipCode,
                    payload: IDVerificationRequested(
                        residentId: residentId, householdNumber: event.payload.householdNumber,
                        villageCode: event.payload.villageCode, registrationEventId: event.eventId
                    )
                )
                part.followUps.append(try request.kafkaMessage(topic: verificationTopic, plan: plan, key: residentId))
            } catch let error as EventDecodingError {
                part.deadLetters.append((message, error, try? WireDecoder.header(of: data).townshipCode))
            }
        }
        return part
    }

    private func validate(_ event: EventEnvelope<RegistrationSubmitted>) throws(EventDecodingError) {
        let form = event.payload
        func invalid(_ field: String, _ problem: String) -> EventDecodingError {
            EventDecodingError(code: .invalidValue, field: field, message: problem)
        }
        guard townships[code: event.townshipCode] != nil else {
            throw invalid("townshipCode", "not a township of this county")
        }
        let id = form.residentId.trimmingCharacters(in: .whitespaces).uppercased()
        let idShape = (id.count == 18 && id.dropLast().allSatisfy(\.isASCIIDigit) && (id.last!.isASCIIDigit || id.last == "X"))
            || (id.count == 15 && id.allSatisfy(\.isASCIIDigit))
        guard idShape else { throw invalid("payload.residentId", "must be 18 digits (last may be X) or 15 digits") }
        guard !form.name.trimmingCharacters(in: .whitespaces).isEmpty, form.name.count <= 40 else {
            throw invalid("payload.name", "must be 1 to 40 characters")
        }
        guard !form.householdNumber.isEmpty, form.householdNumber.count <= 32 else {
            throw invalid("payload.householdNumber", "must be 1 to 32 characters")
        }
        guard form.villageCode.count == 12, form.villageCode.allSatisfy(\.isASCIIDigit),
            form.villageCode.hasPrefix(event.townshipCode)
        else { throw invalid("payload.villageCode", "must be 12 digits starting with the township code") }
        guard tiers.contains(form.contributionTierYuan) else {
            throw invalid("payload.contributionTierYuan", "not a contribution tier on offer")
        }
        if let phone = form.phone, !(phone.count >= 7 && phone.count <= 15 && phone.allSatisfy(\.isASCIIDigit)) {
            throw invalid("payload.phone", "must be 7 to 15 digits")
        }
    }

    private func record(_ event: EventEnvelope<RegistrationSubmitted>, residentId: String, source: SourcePosition)
        -> RegistrationRecord
    {
        let form = event.payload
        return RegistrationRecord(
            eventId: event.eventId, source: source, townshipCode: event.townshipCode, residentId: residentId,
            name: form.name, sex: form.sex, ethnicity: form.ethnicity, householdNumber: form.householdNumber,
            villageCode: form.villageCode, contributionTierYuan: form.contributionTierYuan, phone: form.phone,
            bankAccount: form.bankAccount, occurredAt: event.occurredAt
        )
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
