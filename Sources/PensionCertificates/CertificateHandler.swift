import Foundation
import Kafka
import PensionDomain
import PensionStore
import PensionWorkers

/// The certificate printer stage (`pension worker certificate`): consumes `certificate.print.requested`, assigns each
/// pensioner one certificate number (per-township sequence) and a page in the batch's print run for their village,
/// writes each run as one PDF into the spool, optionally sends it to a CUPS printer, and then emits
/// `certificate.printed` with the number, file and page.
///
/// Numbers and pages are assigned in the store transaction with the event gate; the PDFs are written in ``apply(_:)``
/// after that transaction and before it returns, so `certificate.printed` is produced, and the offsets committed, only
/// once the file is durable. A crash in between leaves the runs `assigned`; the next ``apply(_:)`` (the redelivered
/// batch, or any other) renders them from the stored data first.
public struct CertificateHandler: StageHandler {
    public typealias Event = EventEnvelope<CertificatePrintRequested>
    public typealias Context = Void

    public let stage = StoreStage.certificate
    public let inputTopic: String
    public let deadLetterTopic: String
    /// Where `certificate.printed` goes.
    public let printedTopic: String
    private let store: any CertificateStore
    private let spool: CertificateSpool

    /// - Parameters:
    ///   - topics: the topic catalog.
    ///   - store: the certificate store.
    ///   - spool: where the PDFs go (and the printer).
    /// - Throws: `WorkerSetupError` when the catalog lacks a topic this stage needs.
    public init(topics: TopicCatalog, store: any CertificateStore, spool: CertificateSpool) throws {
        let input = try topics.stageTopic(forEvent: CertificatePrintRequested.eventType)
        inputTopic = input.name
        deadLetterTopic = try topics.deadLetterTopic(of: input)
        printedTopic = try topics.stageTopic(forEvent: CertificatePrinted.eventType).name
        self.store = store
        self.spool = spool
    }

    public func decode(_ message: KafkaMessage) throws(EventDecodingError) -> Event {
        try WireDecoder.decode(CertificatePrintRequested.self, from: message.value)
    }

    /// Checks the job (a valid 18-character resident ID, a 12-digit village code in the envelope's township,
    /// `basic_pension`, a positive amount, a `YYYY-MM` month) and decides the `certificate.printed` follow-up: its
    /// ID, key, partition and headers are fixed here; its number, file and page are filled in by ``apply(_:)``.
    public func decide(_ event: Event, at source: SourcePosition, context: Void) throws(EventDecodingError)
        -> Decision<CertificateRecord>
    {
        var job = event.payload
        func invalid(_ field: String, _ message: String) -> EventDecodingError {
            EventDecodingError(code: .invalidValue, field: "payload." + field, message: message)
        }
        let residentId: ResidentID
        do { residentId = try ResidentID.parse(job.residentId) } catch {
            throw invalid("residentId", "must be a valid resident ID number")
        }
        guard job.villageCode.utf8.count == 12, job.villageCode.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            job.villageCode.hasPrefix(event.townshipCode)
        else { throw invalid("villageCode", "must be 12 digits starting with the township code") }
        guard !job.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw invalid("name", "must not be empty") }
        guard job.benefitType == CertificatePrintRequested.basicPension else {
            throw invalid("benefitType", "must be basic_pension")
        }
        guard job.monthlyAmountFen > 0 else { throw invalid("monthlyAmountFen", "must be positive") }
        guard Self.isMonth(job.firstPaidMonth) else { throw invalid("firstPaidMonth", "must be YYYY-MM") }
        job = CertificatePrintRequested(
            residentId: residentId.value, name: job.name, sex: job.sex, birthDate: job.birthDate,
            villageCode: job.villageCode, benefitType: job.benefitType, monthlyAmountFen: job.monthlyAmountFen,
            firstPaidMonth: job.firstPaidMonth, bankAccountMasked: job.bankAccountMasked, eligibleOn: job.eligibleOn,
            eligibilityEventId: job.eligibilityEventId)
        let record = CertificateRecord(
            eventId: event.eventId, source: source, townshipCode: event.townshipCode, job: job,
            occurredAt: event.occurredAt, issuedOn: Self.chinaDate(event.occurredAt))
        let pending = CertificateAssignment(number: "", run: 0, file: "", page: 0, isNew: true)
        return Decision(
            record: record,
            followUps: [try FollowUp(Self.printed(record, pending), topic: printedTopic, key: residentId.value)]
        )
    }

    /// Assigns numbers and pages in one store transaction, then writes every unfinished run into the spool (and
    /// sends it to the printer) before returning.
    public func apply(_ batch: StageBatch<CertificateRecord>) async throws -> [AppliedEvent<CertificateOutcome>] {
        let results = try await store.apply(batch) { record, assignment, decided in
            let value = try Self.printed(record, assignment).encodedBytes()
            return decided.map { message in
                var message = message
                message.value = value
                return message
            }
        }
        try await spool.finishPending(in: store)
        return results
    }

    /// The stored follow-ups, with the assigned number and page.
    public func followUps(applied outcome: CertificateOutcome, decided: [OutboxMessage]) -> [OutboxMessage] {
        outcome.followUps
    }

    public func failureKind(of error: any Error) -> FailureKind? { store.failureKind(of: error) }

    static func printed(_ record: CertificateRecord, _ assignment: CertificateAssignment)
        -> EventEnvelope<CertificatePrinted>
    {
        EventEnvelope(
            eventId: EventIDs.derived(from: record.eventId, "certificate.printed"), occurredAt: record.occurredAt,
            townshipCode: record.townshipCode,
            payload: CertificatePrinted(
                residentId: record.job.residentId, certificateNumber: assignment.number,
                villageCode: record.job.villageCode, printRun: assignment.run, file: assignment.file,
                page: assignment.page,
                outcome: assignment.isNew ? CertificatePrinted.printed : CertificatePrinted.alreadyIssued,
                requestEventId: record.eventId))
    }

    static func isMonth(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 7, parts.count == 2, parts[0].count == 4, let year = Int(parts[0]),
            let month = Int(parts[1]), parts[1].count == 2
        else { return false }
        return year >= 1900 && (1...12).contains(month)
    }

    /// The calendar day of `date` in China Standard Time (UTC+8, no daylight saving).
    static func chinaDate(_ date: Date) -> CivilDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
