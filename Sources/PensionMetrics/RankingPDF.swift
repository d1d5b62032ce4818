import CPangoCairo
import PangoText

/// The ranking report as a PDF: A4 landscape pages with the title and the table, drawn with Cairo and Pango
/// (Noto Sans CJK SC, as the certificates).
public enum RankingPDF {
    /// Writes the ranking of `progress` to `path`.
    /// - Throws: ``TargetsError`` with Cairo's message when the PDF cannot be written.
    public static func write(_ progress: DriveProgress, to path: String) throws {
        let (width, height) = (842.0, 595.0)
        let surface = cairo_pdf_surface_create(path, width, height)
        defer { cairo_surface_destroy(surface) }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "通报 ranking \(progress.businessDate)")
        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr) }
        let title = TextLayout(cr, font: "Noto Sans CJK SC Bold 13")
        let subtitle = TextLayout(cr, font: "Noto Sans CJK SC 9")
        let text = TextLayout(cr, font: "Noto Sans CJK SC 7.5")
        let bold = TextLayout(cr, font: "Noto Sans CJK SC Bold 7.5")
        let (columns, rows) = ProgressReports.rankingTable(progress)
        // Column widths in points, summing to the page's width less the margins.
        let widths: [Double] = [36, 62, 100, 46, 46, 46, 56, 46, 46, 46, 64, 46, 46, 84]
        let left = 30.0
        let lineHeight = 13.0
        var y = 0.0
        func newPage() {
            y = 28
            cairo_set_source_rgb(cr, 0, 0, 0)
            for (index, line) in ProgressReports.heading(progress).enumerated() {
                let layout = index == 0 ? title : subtitle
                layout.set(line)
                layout.show(at: left, y)
                y += index == 0 ? 22 : 16
            }
            y += 4
            drawRow(columns, header: true)
        }
        func drawRow(_ cells: [String], header: Bool = false, laggard: Bool = false) {
            if laggard {
                cairo_set_source_rgb(cr, 1, 0.9, 0.85)
                cairo_rectangle(cr, left - 2, y - 1, widths.reduce(0, +) + 4, lineHeight)
                cairo_fill(cr)
            }
            cairo_set_source_rgb(cr, 0, 0, 0)
            var x = left
            for (cell, width) in zip(cells, widths) {
                let layout = header ? bold : text
                layout.set(cell)
                layout.show(at: x, y)
                x += width
            }
            cairo_set_line_width(cr, header ? 0.8 : 0.3)
            cairo_move_to(cr, left, y + lineHeight - 1)
            cairo_line_to(cr, left + widths.reduce(0, +), y + lineHeight - 1)
            cairo_stroke(cr)
            y += lineHeight
        }
        newPage()
        for row in rows {
            if y + lineHeight > height - 30 {
                cairo_show_page(cr)
                newPage()
            }
            drawRow(row, laggard: row.last?.hasPrefix("LAGGARD") ?? false)
        }
        cairo_show_page(cr)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw TargetsError("the ranking PDF could not be written: \(String(cString: cairo_status_to_string(status)))")
        }
    }
}
