import Foundation
import PensionCertificates
import PensionDomain
import PensionStore

extension AppContext {
    /// The spool from `certificate.*`: `spoolDirectory` (default `var/certificates`), `printer` (a CUPS destination;
    /// empty: spool only), `issuingOffice`, `renderConcurrency` (runs rendered at once, default 2).
    func certificateSpool(printer override: String? = nil) -> CertificateSpool {
        let names = Dictionary(uniqueKeysWithValues: townships.townships.map { ($0.code, $0.name) })
        let renderer = CertificateRenderer(
            issuingOffice: config.string(forKey: "certificate.issuingOffice", default: "中江县社会保险事业管理局"),
            townshipNames: names)
        let printer = override ?? config.string(forKey: "certificate.printer", default: "")
        return CertificateSpool(
            directory: URL(fileURLWithPath: config.string(forKey: "certificate.spoolDirectory", default: "var/certificates")),
            renderer: renderer, printer: printer.isEmpty ? nil : CUPSPrinter(name: printer),
            concurrency: config.int(forKey: "certificate.renderConcurrency", default: 2))
    }

    func certificateHandler(store: any CertificateStore) throws -> CertificateHandler {
        try CertificateHandler(topics: topics, store: store, spool: certificateSpool())
    }
}
