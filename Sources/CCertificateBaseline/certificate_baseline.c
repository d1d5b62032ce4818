#include "certificate_baseline.h"
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

static void show(cairo_t *cr, PangoLayout *layout, double x, double y) {
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout);
}

int pension_bare_certificate_loop(const char *path, const char *title_text, const char *const *lines, int lines_per_page,
                                  const char *checks_label, int pages) {
    const double width = 419.53, height = 595.28;
    cairo_surface_t *surface = cairo_pdf_surface_create(path, width, height);
    cairo_t *cr = cairo_create(surface);
    PangoLayout *title = pango_cairo_create_layout(cr);
    PangoFontDescription *title_font = pango_font_description_from_string("Noto Sans CJK SC Bold 22");
    pango_layout_set_font_description(title, title_font);
    pango_font_description_free(title_font);
    PangoLayout *body = pango_cairo_create_layout(cr);
    PangoFontDescription *body_font = pango_font_description_from_string("Noto Sans CJK SC 11");
    pango_layout_set_font_description(body, body_font);
    pango_font_description_free(body_font);

    for (int page = 0; page < pages; page++) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, 2);
        cairo_rectangle(cr, 20, 20, width - 40, height - 40);
        cairo_stroke(cr);
        cairo_set_line_width(cr, 0.5);
        cairo_rectangle(cr, 26, 26, width - 52, height - 52);
        cairo_stroke(cr);
        int w, h;
        pango_layout_set_text(title, title_text, -1);
        pango_layout_get_size(title, &w, &h);
        show(cr, title, (width - (double)w / PANGO_SCALE) / 2, 50);
        double y = 110;
        for (int line = 0; line < lines_per_page; line++) {
            pango_layout_set_text(body, lines[page * lines_per_page + line], -1);
            show(cr, body, 50, y);
            y += 24;
        }
        pango_layout_set_text(body, checks_label, -1);
        show(cr, body, 50, y + 12);
        cairo_set_line_width(cr, 1);
        for (int box = 0; box < 5; box++) cairo_rectangle(cr, 50 + box * 64.0, y + 40, 56, 56);
        cairo_stroke(cr);
        cairo_show_page(cr);
    }
    g_object_unref(title);
    g_object_unref(body);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    int status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    return status;
}
