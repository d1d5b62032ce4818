import Foundation
import PensionDomain

/// One `certificate.print.requested` job as the certificate stage applies it.
///
/// The description masks the resident ID and the name.
public struct CertificateRecord: StageRecord, CustomStringConvertible {
    /// The print job's event ID; applying the same ID twice changes nothing the second time.
    public var eventId: UUID
    /// Where the job was read from.
    public var source: SourcePosition
    /// The 9-digit township code (the first 9 digits of the village code).
    public var townshipCode: String
    /// The job's fields, with the resident ID normalised.
    public var job: CertificatePrintRequested
    /// When the job was requested (its envelope's `occurredAt`); the follow-up carries the same time.
    public var occurredAt: Date
    /// The issue date printed on the certificate: the job's `occurredAt` in China Standard Time.
    public var issuedOn: CivilDate

    /// - Parameters:
    ///   - eventId: the job's event ID.
    ///   - source: where it was read from.
    ///   - townshipCode: the township code.
    ///   - job: the job's fields.
    ///   - occurredAt: when the job was requested.
    ///   - issuedOn: the issue date.
    public init(
        eventId: UUID, source: SourcePosition, townshipCode: String, job: CertificatePrintRequested,
        occurredAt: Date, issuedOn: CivilDate
    ) {
        self.occurredAt = occurredAt
        self.eventId = eventId
        self.source = source
        self.townshipCode = townshipCode
        self.job = job
        self.issuedOn = issuedOn
    }

    /// The record with the resident ID and name masked.
    public var description: String {
        "CertificateRecord(eventId: \(eventId.uuidString), township: \(townshipCode), job: \(job))"
    }
}

/// What the store assigned to one print job: the certificate and the page that prints it.
public struct CertificateAssignment: Sendable, Hashable {
    /// The certificate number.
    public var number: String
    /// The print run holding the page.
    public var run: Int
    /// The run's PDF, relative to the spool directory.
    public var file: String
    /// The 1-based page in the run.
    public var page: Int
    /// `false` when the pensioner already had a certificate from an earlier job (nothing new was assigned; run,
    /// file and page are those of its first printing).
    public var isNew: Bool

    /// - Parameters:
    ///   - number: the certificate number.
    ///   - run: the print run.
    ///   - file: the run's PDF.
    ///   - page: the page.
    ///   - isNew: whether this job assigned it.
    public init(number: String, run: Int, file: String, page: Int, isNew: Bool) {
        self.number = number
        self.run = run
        self.file = file
        self.page = page
        self.isNew = isNew
    }
}

/// What applying one print job did: the assignment and the follow-ups that announce it.
public struct CertificateOutcome: Sendable, Equatable {
    /// The certificate and page.
    public var assignment: CertificateAssignment
    /// The follow-ups stored in the outbox with the job (`certificate.printed` with the assignment).
    public var followUps: [OutboxMessage]

    /// - Parameters:
    ///   - assignment: the certificate and page.
    ///   - followUps: the stored follow-ups.
    public init(assignment: CertificateAssignment, followUps: [OutboxMessage]) {
        self.assignment = assignment
        self.followUps = followUps
    }
}
