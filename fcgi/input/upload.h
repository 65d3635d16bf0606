/*
 * upload.h -- what an uploaded file is, by its bytes, and whether it is whole.
 *
 * Every upload (hazard evidence, inspection photos, documents and letters'
 * scans, tip photos) is taken only as one of four types, decided by its first
 * bytes and never by its name or the Content-Type the client claims, and only
 * when its structure holds: an image whose dimensions can be read (a JPEG's
 * frame header, then a scan header, every segment within the file; a PNG's IHDR and chunks up to IEND, a WebP's
 * VP8, VP8L or VP8X header inside a RIFF of the right size), a PDF with its
 * header, a startxref that points into the file and a %%EOF.  Three bytes
 * that look like a JPEG, or "%PDF-" alone, are not a file.
 */
#ifndef SAFEGRID_UPLOAD_H
#define SAFEGRID_UPLOAD_H

#include <stdbool.h>
#include <stddef.h>

/* image/jpeg, image/png, image/webp or application/pdf by the first bytes; NULL otherwise. */
const char *upload_type(const unsigned char *b, size_t len);

/*
 * Whether the len bytes at b are a whole file of type (as upload_type named
 * it).  For an image, *width and *height (may be NULL) get its dimensions.
 */
bool upload_whole(const char *type, const unsigned char *b, size_t len,
                  unsigned *width, unsigned *height);

#endif
