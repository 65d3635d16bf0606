/*
 * qrsvg.c -- a QR code drawn as a group of SVG rectangles.
 *
 * Runs of dark modules along a row become one rectangle each: a third of
 * the rectangles one per module would take, and no seams between
 * neighbours when a printer rounds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "api/qrsvg.h"

char *qrsvg_group(const char *text, size_t len, double x, double y, double size, int *modules_out)
{
	QRcode *code = NULL;
	char *out = NULL;
	size_t out_len = 0;
	FILE *f = NULL;
	int side;

	if (text == NULL || len == 0 || len > QRSVG_MAX_INPUT || memchr(text, '\0', len) != NULL ||
	    !(size > 0))
		return NULL;
	/* len bytes without a NUL: text[len] may not be one, so encode a copy that ends. */
	{
		char *copy = malloc(len + 1);
		if (copy == NULL)
			return NULL;
		memcpy(copy, text, len);
		copy[len] = '\0';
		code = QRcode_encodeString(copy, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
		free(copy);
	}
	if (code == NULL)
		return NULL;
	side = code->width + 2 * QRSVG_QUIET;
	if ((f = open_memstream(&out, &out_len)) == NULL)
		goto out;
	fprintf(f, "<g class=\"qr\" transform=\"translate(%.3f %.3f) scale(%.5f)\""
	        " fill=\"#000\" shape-rendering=\"crispEdges\">"
	        "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>",
	        x, y, size / side, side, side);
	for (int row = 0; row < code->width; row++) {
		const unsigned char *line = code->data + (size_t)row * (size_t)code->width;
		for (int col = 0; col < code->width;) {
			int start;

			if (!(line[col] & 1)) {
				col++;
				continue;
			}
			for (start = col; col < code->width && (line[col] & 1); col++)
				;
			fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"1\"/>",
			        start + QRSVG_QUIET, row + QRSVG_QUIET, col - start);
		}
	}
	fputs("</g>", f);
	if (fclose(f) != 0) {
		free(out);
		out = NULL;
	}
	if (out && modules_out)
		*modules_out = side;
out:
	QRcode_free(code);
	return out;
}
