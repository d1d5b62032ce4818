#ifndef PENSION_CERTIFICATE_BASELINE_H
#define PENSION_CERTIFICATE_BASELINE_H

/// The bare Cairo/Pango loop `pension bench certificates` measures the stage's renderer against: draws `pages`
/// certificate pages into one PDF at `path`, the same geometry as `CertificatePageDrawing` (frame, 22 pt title,
/// `lines_per_page` lines of 11 pt text from `lines` (page after page), the checks label and five boxes).
/// Returns 0 on success, else Cairo's status.
int pension_bare_certificate_loop(const char *path, const char *title, const char *const *lines, int lines_per_page,
                                  const char *checks_label, int pages);

#endif
