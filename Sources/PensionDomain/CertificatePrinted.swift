import Foundation

/// A collection certificate was printed (`certificate.printed`): its number and the page of the spool file that
/// holds it, written durably before this event is produced. Keyed by resident ID on `pension.certificate.printed`.
public struct CertificatePrinted: EventPayload, Hashable, CustomStringConvertible {
    /// `certificate.printed`.
    public static let eventType = "certificate.printed"
    /// 1.
    public static let schemaVersion = 1

    /// The pensioner's 18-character resident ID number.
    public let residentId: String
    /// The certificate number, e.g. `510623100-000123`; one per pensioner, never reused.
    public let certificateNumber: String
    /// The 12-digit village code.
    public let villageCode: String
    /// The print run (one per village and batch) that holds the page.
    public let printRun: Int
    /// The PDF's path relative to the spool directory, e.g. `510623100/510623100201/run-000042.pdf`.
    public let file: String
    /// The 1-based page of the certificate in `file`.
    public let page: Int
    /// `printed` when this job printed the page; `already_issued` when the pensioner already had a certificate from
    /// an earlier job (nothing new was printed; `file` and `page` are those of the first printing).
    public let outcome: String
    /// The `certificate.print.requested` event this answers.
    public let requestEventId: UUID

    /// The outcome of a job that printed its page.
    public static let printed = "printed"
    /// The outcome of a job for a pensioner who already had a certificate.
    public static let alreadyIssued = "already_issued"

    /// Creates a printed-certificate event.
    ///
    /// - Parameters:
    ///   - residentId: the pensioner's ID number.
    ///   - certificateNumber: the certificate number.
    ///   - villageCode: the village code.
    ///   - printRun: the print run.
    ///   - file: the PDF's path relative to the spool directory.
    ///   - page: the 1-based page.
    ///   - outcome: `printed` or `already_issued`.
    ///   - requestEventId: the print job's event ID.
    public init(
        residentId: String, certificateNumber: String, villageCode: String, printRun: Int, file: String, page: Int,
        outcome: String, requestEventId: UUID
    ) {
        self.residentId = residentId
        self.certificateNumber = certificateNumber
        self.villageCode = villageCode
        self.printRun = printRun
        self.file = file
        self.page = page
        self.outcome = outcome
        self.requestEventId = requestEventId
    }

    private enum CodingKeys: String, CodingKey {
        case residentId, certificateNumber, villageCode, printRun, file, page, outcome, requestEventId
    }

    /// Decodes the event; text over its ``WireLimits`` is reported at that field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        residentId = try container.decodeText(forKey: .residentId, limit: WireLimits.residentId)
        certificateNumber = try container.decodeText(forKey: .certificateNumber, limit: WireLimits.certificateNumber)
        villageCode = try container.decodeText(forKey: .villageCode, limit: WireLimits.villageCode)
        printRun = try container.decodeInteger(forKey: .printRun)
        file = try container.decodeText(forKey: .file, limit: WireLimits.spoolFile)
        page = try container.decodeInteger(forKey: .page)
        outcome = try container.decodeText(forKey: .outcome, limit: WireLimits.reasonCode)
        requestEventId = try container.decode(UUID.self, forKey: .requestEventId)
    }

    /// Always `nil`: the event is read through `init(from:)` (no fast path; no stage consumes it yet).
    public init?(wireFields fields: WireFields) { nil }

    /// Writes the fields in key order.
    public func writeWireFields(to writer: inout WireWriter) {
        writer.write("certificateNumber", string: certificateNumber)
        writer.write("file", string: file)
        writer.write("outcome", string: outcome)
        writer.write("page", integer: page)
        writer.write("printRun", integer: printRun)
        writer.write("requestEventId", uuid: requestEventId)
        writer.write("residentId", string: residentId)
        writer.write("villageCode", string: villageCode)
    }

    /// The event with the resident ID masked.
    public var description: String {
        "CertificatePrinted(residentId: \(Masking.residentID(residentId)), certificateNumber: \(certificateNumber), "
            + "villageCode: \(villageCode), printRun: \(printRun), file: \(file), page: \(page), "
            + "outcome: \(outcome), requestEventId: \(requestEventId.uuidString))"
    }
}
