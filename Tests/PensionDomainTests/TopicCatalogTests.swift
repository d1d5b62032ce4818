import Foundation
import PensionDomain
import Testing

@Suite struct TopicCatalogTests {
    @Test func everyEventTypeMapsToOneTopic() throws {
        let catalog = try Fixtures.topics()
        let events = catalog.topics.flatMap(\.events)
        #expect(Set(events).count == events.count)
        for event in events {
            let topic = try #require(catalog.topic(forEvent: event))
            #expect(topic.events.contains(event))
            #expect(catalog.topics.filter { $0.events.contains(event) }.count == 1)
        }
        let payloadTypes = [
            RegistrationSubmitted.eventType, IDVerificationRequested.eventType, IDVerified.eventType,
            IDRejected.eventType,
        ]
        for type in payloadTypes {
            #expect(catalog.topic(forEvent: type) != nil, "\(type)")
        }
        #expect(catalog.topic(forEvent: IDVerified.eventType)?.name == "pension.id-verification.results")
        #expect(catalog.topic(forEvent: CertificatePrinted.eventType)?.name == "pension.certificate.printed")
        #expect(catalog.topic(forEvent: "no.such.event") == nil)
    }

    @Test func partitionsEqualThePlan() throws {
        let catalog = try Fixtures.topics()
        let plan = try Fixtures.plan()
        #expect(catalog.topics.count == 12)
        for topic in catalog.topics {
            #expect(topic.partitions == plan.partitionCount, "\(topic.name)")
        }
        try catalog.checkPartitions(matching: plan)
    }

    @Test func deadLettersExistAndAreKeptLonger() throws {
        let catalog = try Fixtures.topics()
        let stages = catalog.topics.filter { !$0.isDeadLetter }
        #expect(stages.count == 7)
        for topic in stages {
            let deadLetter = try #require(topic.deadLetter.flatMap { catalog[name: $0] })
            #expect(deadLetter.isDeadLetter)
            #expect(deadLetter.retentionHours == 2160)
            #expect(deadLetter.name.hasPrefix("pension.dlq."))
            #expect(topic.retentionHours < deadLetter.retentionHours)
        }
        #expect(catalog["pension.id-verification.results"]?.deadLetter == "pension.dlq.id-verification")
    }

    @Test(arguments: [
        (#"[{"name": "a", "stage": "s", "partitions": 1, "retentionHours": 1, "events": [], "description": ""},"#
            + #"{"name": "a", "stage": "s", "partitions": 1, "retentionHours": 1, "events": [], "description": ""}]"#,
         "topic a is listed twice"),
        (#"[{"name": "a", "stage": "s", "partitions": 1, "retentionHours": 1, "events": [], "deadLetter": "b","#
            + #""description": ""}]"#,
         "dead-letter topic b, which is not listed"),
        (#"[{"name": "a", "stage": "s", "partitions": 0, "retentionHours": 1, "events": [], "description": ""}]"#,
         "at least 1 partition"),
        (#"[{"name": "a", "stage": "s", "partitions": 1, "retentionHours": 1, "events": ["e"], "description": ""},"#
            + #"{"name": "b", "stage": "s", "partitions": 1, "retentionHours": 1, "events": ["e"], "#
            + #""description": ""}]"#,
         "event type e is listed in both a and b"),
        (#"[{"name": "a", "stage": "s", "partitions": 1, "retentionHours": 1, "events": []}]"#,
         "topics[0].description"),
    ])
    func rejectsInvalidCatalogs(topics: String, problem: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try TopicCatalog(decoding: Data(#"{"topics": \#(topics)}"#.utf8))
        }
        #expect(error?.problem.contains(problem) == true, "\(String(describing: error))")
    }

    @Test func detectsPartitionMismatch() throws {
        let plan = try Fixtures.plan()
        let json = #"{"topics": [{"name": "a", "stage": "s", "partitions": 12, "retentionHours": 1, "events": [], "#
            + #""description": ""}]}"#
        let catalog = try TopicCatalog(decoding: Data(json.utf8))
        #expect(throws: ConfigurationError.self) { try catalog.checkPartitions(matching: plan) }
    }
}
