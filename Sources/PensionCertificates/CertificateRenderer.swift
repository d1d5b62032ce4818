import CPangoCairo
import PangoText
import Foundation
import PensionDomain
import PensionStore

/// Renders certificate pages into one PDF with Cairo and Pango: real text layout (HarfBuzz shaping of the Chinese
/// text in Noto CJK), fonts embedded as subsets. Deterministic: the same pages give the same file (the PDF's
/// creation date is the first page's issue date), so a run rendered again after a crash is the same document.
public struct CertificateRenderer: Sendable {
    /// The issuing office printed on every certificate.
    public var issuingOffice: String
    /// Township names by 9-digit code; a code without a name is printed as the code.
    public var townshipNames: [String: String]

    /// - Parameters:
    ///   - issuingOffice: the issuing office, e.g. 中江县社会保险事业管理局.
    ///   - townshipNames: township names by code.
    public init(issuingOffice: String, townshipNames: [String: String]) {
        self.issuingOffice = issuingOffice
        self.townshipNames = townshipNames
    }

    /// Renders `pages` into a PDF at `path` (written in place; ``CertificateSpool`` makes it durable).
    ///
    /// - Throws: ``CertificateRenderError`` when Cairo reports an error (for example the file cannot be written).
    public func render(_ pages: [CertificatePage], toPath path: String) throws(CertificateRenderError) {
        let surface = cairo_pdf_surface_create(path, CertificatePageDrawing.width, CertificatePageDrawing.height)
        defer { cairo_surface_destroy(surface) }
        if let first = pages.first {
            let date = first.issuedOn
            let stamp = "\(date.description)T00:00:00+08:00"
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, stamp)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, stamp)
        }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, CertificatePageDrawing.title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "pension certificate stage")
        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr) }
        let title = TextLayout(cr, font: "\(CertificatePageDrawing.family) Bold 22")
        let body = TextLayout(cr, font: "\(CertificatePageDrawing.family) 11")
        for page in pages {
            draw(page, cr: cr, title: title, body: body)
            cairo_show_page(cr)
        }
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw CertificateRenderError(message: String(cString: cairo_status_to_string(status)))
        }
    }

    private func draw(_ page: CertificatePage, cr: OpaquePointer, title: TextLayout, body: TextLayout) {
        let width = CertificatePageDrawing.width
        let height = CertificatePageDrawing.height
        cairo_set_source_rgb(cr, 0, 0, 0)
        cairo_set_line_width(cr, 2)
        cairo_rectangle(cr, 20, 20, width - 40, height - 40)
        cairo_stroke(cr)
        cairo_set_line_width(cr, 0.5)
        cairo_rectangle(cr, 26, 26, width - 52, height - 52)
        cairo_stroke(cr)

        title.set(CertificatePageDrawing.title)
        title.show(at: (width - title.width) / 2, 50)

        let lines = CertificatePageDrawing.lines(
            of: page, townshipName: townshipNames[page.job.villageCode.prefix(9).description] ?? String(page.job.villageCode.prefix(9)),
            issuingOffice: issuingOffice)
        var y = 110.0
        for line in lines {
            body.set(line)
            body.show(at: 50, y)
            y += 24
        }
        body.set(CertificatePageDrawing.checksLabel)
        body.show(at: 50, y + 12)
        cairo_set_line_width(cr, 1)
        for box in 0..<CertificatePageDrawing.boxes {
            cairo_rectangle(cr, 50 + Double(box) * 64, y + 40, 56, 56)
        }
        cairo_stroke(cr)

        if let mark = CertificatePageDrawing.reprintMark(page.reprint) {
            cairo_set_source_rgb(cr, 0.8, 0, 0)
            body.set(mark)
            body.show(at: width - 50 - body.width, 32)
            cairo_set_source_rgb(cr, 0, 0, 0)
        }
    }
}

/// Cairo could not render or write a PDF.
public struct CertificateRenderError: Error, CustomStringConvertible {
    /// Cairo's message.
    public let message: String
    /// The message.
    public var description: String { "certificate PDF could not be rendered: \(message)" }
}
