import Foundation
import Kafka
import PensionDomain
import PensionSimulation
@testable import PensionStore
import PensionWorkers
import Testing

/// A resident ID of the wrong length or with a letter is recorded by the registration stage and rejected by the
/// ID-verification stage with a reason the station sees; it is not a dead letter.
@Suite("Bad resident IDs end as rejections", .serialized, .timeLimit(.minutes(3)))
struct BadResidentIDTests {
    @Test("17 digits → rejected bad_length, a letter → rejected bad_character; id.rejected sent; nothing dead-lettered")
    func badIDsAreRejected() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let township = "510623104"
        let population = cleanPopulation([township], perTownship: 30, seed: 71)
        let template = try #require(population.records.first?.payload)
        let bad: [(id: String, reason: String, household: String)] = [
            ("51062319510213001", "bad_length", "H-BAD-LENGTH"),
            ("5106231951021A001X", "bad_character", "H-BAD-CHARACTER"),
        ]
        let forms = bad.map { entry in
            EventEnvelope(
                townshipCode: township,
                payload: RegistrationSubmitted(
                    residentId: entry.id, name: template.name, sex: template.sex, ethnicity: template.ethnicity,
                    householdNumber: entry.household, villageCode: template.villageCode,
                    contributionTierYuan: template.contributionTierYuan, phone: template.phone,
                    bankAccount: template.bankAccount, stationId: template.stationId
                )
            )
        }
        let store = try SQLiteStore.open(path: fixture.storePath("bad-ids"))
        try await store.loadHouseholdRegister(population.storeRegister + bad.map {
            HouseholdMember(householdNumber: $0.household, residentId: MessageKey.resident($0.id), name: template.name)
        })
        var messages = try population.records.map { try fixture.message($0) }
        for form in forms {
            let key = MessageKey.resident(form.payload.residentId)
            messages.insert(
                try fixture.message(form, key: key, partition: try fixture.plan.partition(townshipCode: township, key: key)),
                at: messages.count / 2
            )
        }
        _ = try await fixture.send(messages)
        try await fixture.runStages(store, group: fixture.prefix) {
            try await fixture.waitUntilProcessed(store, published: messages.count)
        }

        let summaries = try await store.townshipSummaries()
        let summary = try #require(summaries.township(township))
        #expect(summary.rejectedByReason["bad_length"] == 1, "\(summary.rejectedByReason)")
        #expect(summary.rejectedByReason["bad_character"] == 1, "\(summary.rejectedByReason)")
        #expect(summary.deadLettered == 0)
        #expect(summaries.deadLettered == 0)
        #expect(summary.enrolled == population.records.count + bad.count)
        for entry in bad {
            let row = try #require(try await store.enrollee(residentId: MessageKey.resident(entry.id)), "\(entry.reason)")
            #expect(row.status == "rejected", "\(entry.reason)")
            #expect(row.rejectReason == entry.reason)
        }

        let resultsTopic = try fixture.topicName(forEvent: IDRejected.eventType)
        let results = try await PipelineFixture.readTopic(
            resultsTopic, partitions: try fixture.partitionCount(forEvent: IDRejected.eventType),
            atLeast: messages.count
        )
        #expect(results.count == messages.count, "one result per registration")
        let rejections = try results.filter { $0.header(WireHeaders.eventType) == IDRejected.eventType }.map {
            try WireDecoder.decode(IDRejected.self, from: $0.value).payload
        }
        for entry in bad {
            let matching = rejections.filter { $0.residentId == MessageKey.resident(entry.id) }
            #expect(matching.map(\.reasonCode) == [entry.reason], "id.rejected for the \(entry.reason) ID")
        }

        for eventType in [RegistrationSubmitted.eventType, IDVerificationRequested.eventType] {
            let dlq = try fixture.deadLetterTopicName(forEvent: eventType)
            let parked = try await PipelineFixture.readTopic(dlq, partitions: fixture.plan.partitionCount, atLeast: 0,
                                                             timeout: .seconds(10), settle: .seconds(3))
            #expect(parked.isEmpty, "dead letters on \(dlq): \(parked.map { $0.header(WireHeaders.deadLetterErrorCode) ?? "-" })")
        }
    }
}
