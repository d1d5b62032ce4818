import CPangoCairo

/// A Pango layout bound to one Cairo context, reused for every line drawn with one font.
public final class TextLayout {
    private let cr: OpaquePointer
    private let layout: OpaquePointer

    /// - Parameters:
    ///   - cr: the Cairo context it draws on.
    ///   - font: a Pango font description, e.g. `Noto Sans CJK SC Bold 13`.
    public init(_ cr: OpaquePointer, font: String) {
        self.cr = cr
        layout = pango_cairo_create_layout(cr)
        let description = pango_font_description_from_string(font)
        pango_layout_set_font_description(layout, description)
        pango_font_description_free(description)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }

    /// Sets the text to lay out.
    public func set(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { pango_layout_set_text(layout, $0.baseAddress, Int32($0.count)) }
        }
    }

    /// The laid-out text's width in points.
    public var width: Double {
        var width: Int32 = 0
        var height: Int32 = 0
        pango_layout_get_size(layout, &width, &height)
        return Double(width) / Double(PANGO_SCALE)
    }

    /// Draws the text with its top left at (x, y).
    public func show(at x: Double, _ y: Double) {
        cairo_move_to(cr, x, y)
        pango_cairo_show_layout(cr, layout)
    }
}
