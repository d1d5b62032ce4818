import Foundation
import PensionDomain

/// One PDF of certificates: the pages of one village first printed in one batch, or one reprint.
public struct PrintRun: Sendable, Hashable {
    /// Why the run exists.
    public enum Kind: String, Sendable {
        /// First printings.
        case issue
        /// A reprint of one certificate.
        case reprint
    }

    /// How far the run got.
    public enum Status: String, Sendable {
        /// Pages decided, file not yet written.
        case assigned
        /// The file is durable in the spool.
        case rendered
        /// Claimed by one process to hand to the printer.
        case sending
        /// The file was handed to the configured printer.
        case sent
    }

    /// The run number (never reused).
    public var id: Int
    /// First printings or a reprint.
    public var kind: Kind
    /// The 9-digit township code.
    public var townshipCode: String
    /// The 12-digit village code.
    public var villageCode: String
    /// The PDF's path relative to the spool directory.
    public var file: String
    /// How far the run got.
    public var status: Status
    /// The pages in order (page 1 first).
    public var pages: [CertificatePage]

    /// - Parameters:
    ///   - id: the run number.
    ///   - kind: first printings or a reprint.
    ///   - townshipCode: the township.
    ///   - villageCode: the village.
    ///   - file: the PDF's relative path.
    ///   - status: how far it got.
    ///   - pages: the pages in order.
    public init(
        id: Int, kind: Kind, townshipCode: String, villageCode: String, file: String, status: Status,
        pages: [CertificatePage]
    ) {
        self.id = id
        self.kind = kind
        self.townshipCode = townshipCode
        self.villageCode = villageCode
        self.file = file
        self.status = status
        self.pages = pages
    }

    /// The spool path of run `id` of a village: `<township>/<village>/run-<6 digits>.pdf`.
    public static func file(run id: Int, villageCode: String) -> String {
        let digits = String(id)
        let padded = String(repeating: "0", count: max(0, 6 - digits.count)) + digits
        return "\(villageCode.prefix(9))/\(villageCode)/run-\(padded).pdf"
    }
}

/// Everything one certificate page shows, read from the store (so a run renders the same after a restart).
public struct CertificatePage: Sendable, Hashable {
    /// The certificate number.
    public var number: String
    /// The job's fields.
    public var job: CertificatePrintRequested
    /// The issue date.
    public var issuedOn: CivilDate
    /// 0 for the original; n for the n-th reprint (printed as a visible mark with the count).
    public var reprint: Int

    /// - Parameters:
    ///   - number: the certificate number.
    ///   - job: the job's fields.
    ///   - issuedOn: the issue date.
    ///   - reprint: 0, or the reprint count.
    public init(number: String, job: CertificatePrintRequested, issuedOn: CivilDate, reprint: Int) {
        self.number = number
        self.job = job
        self.issuedOn = issuedOn
        self.reprint = reprint
    }
}

/// Certificates per township, for `pension certificate status`.
public struct CertificateTownshipStatus: Sendable, Hashable {
    /// The 9-digit township code.
    public var townshipCode: String
    /// Certificates assigned whose first page is not yet durable in the spool.
    public var queued: Int
    /// Certificates whose first page is durable in the spool (rendered or sent).
    public var printed: Int
    /// Of those, handed to the printer.
    public var sent: Int
    /// Reprints issued.
    public var reprinted: Int
}

extension PrintRun {
    /// A run from its stored columns; an unknown kind or status reads as `issue` or `assigned`.
    package init(id: Int, kind: String, townshipCode: String, villageCode: String, file: String, status: String,
        pages: [CertificatePage]
    ) {
        self.init(
            id: id, kind: Kind(rawValue: kind) ?? .issue, townshipCode: townshipCode, villageCode: villageCode,
            file: file, status: Status(rawValue: status) ?? .assigned, pages: pages)
    }
}

extension CertificatePage {
    /// A page from the stored columns of its certificate.
    /// - Throws: `OutboxCodec.Corrupt` when a stored sex, date or event ID does not parse.
    package init(
        number: String, residentId: String, name: String, sex: String, birthDate: String, villageCode: String,
        benefitType: String, monthlyAmountFen: Int, firstPaidMonth: String, bankAccountMasked: String?,
        eligibleOn: String, eligibilityEvent: String, issuedOn: String, reprint: Int
    ) throws {
        guard let sex = Sex(rawValue: sex), let birthDate = CivilDate(iso: birthDate),
            let eligibleOn = CivilDate(iso: eligibleOn), let issuedOn = CivilDate(iso: issuedOn),
            let eligibilityEvent = UUID(uuidString: eligibilityEvent)
        else { throw OutboxCodec.Corrupt() }
        let job = CertificatePrintRequested(
            residentId: residentId, name: name, sex: sex, birthDate: birthDate, villageCode: villageCode,
            benefitType: benefitType, monthlyAmountFen: monthlyAmountFen, firstPaidMonth: firstPaidMonth,
            bankAccountMasked: bankAccountMasked, eligibleOn: eligibleOn, eligibilityEventId: eligibilityEvent)
        self.init(number: number, job: job, issuedOn: issuedOn, reprint: reprint)
    }
}

extension CertificateTownshipStatus {
    /// The statuses from the first printings' counts per township (queued, printed, sent) and the reprints per
    /// township, sorted by township code.
    package static func assemble(
        counts: [(township: String, queued: Int, printed: Int, sent: Int)], reprints: [(township: String, count: Int)]
    ) -> [CertificateTownshipStatus] {
        var byTownship: [String: CertificateTownshipStatus] = [:]
        func edit(_ code: String, _ change: (inout CertificateTownshipStatus) -> Void) {
            change(&byTownship[code, default: CertificateTownshipStatus(
                townshipCode: code, queued: 0, printed: 0, sent: 0, reprinted: 0)])
        }
        for count in counts {
            edit(count.township) {
                $0.queued = count.queued
                $0.printed = count.printed
                $0.sent = count.sent
            }
        }
        for reprint in reprints { edit(reprint.township) { $0.reprinted = reprint.count } }
        return byTownship.values.sorted { $0.townshipCode < $1.townshipCode }
    }
}

extension CertificateAssignment {
    /// Number `sequence` of a township: `<township>-<6 digits>` (more digits past 999,999).
    package static func number(township: String, sequence: Int) -> String {
        let digits = String(sequence)
        return township + "-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
