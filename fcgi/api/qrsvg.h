/*
 * qrsvg.h -- a QR code (libqrencode, error correction level M) drawn as SVG.
 *
 * Pure: text in, SVG text out, nothing else touched.  The gate notice prints
 * the code; a phone at the gate reads it, so the drawing keeps the standard
 * quiet zone of four modules and draws dark modules only, on white.
 */
#ifndef SAFEGRID_QRSVG_H
#define SAFEGRID_QRSVG_H

#include <stddef.h>

/* Longest text taken, in bytes: a URL with room to spare, well inside version 40-M. */
#define QRSVG_MAX_INPUT 1024

/* Modules of quiet zone on each side. */
#define QRSVG_QUIET 4

/*
 * An SVG <g> element drawing the QR code of len bytes of text as a square
 * of side size user units with its top-left corner at (x, y): a white
 * background and one <rect> per horizontal run of dark modules, in module
 * units scaled by the group's transform.  *modules_out (if not NULL) gets
 * the side in modules, quiet zone included.
 *
 * Returns a malloc'd string the caller frees, or NULL for text that is
 * empty, holds a NUL byte, is longer than QRSVG_MAX_INPUT, or that
 * libqrencode cannot encode.
 */
char *qrsvg_group(const char *text, size_t len, double x, double y, double size, int *modules_out);

#endif
