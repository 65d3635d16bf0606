/*
 * upload.c -- an upload's type and structure (upload.h).
 */
#include <string.h>

#include "input/upload.h"

const char *upload_type(const unsigned char *b, size_t len)
{
	if (len >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		return "image/jpeg";
	if (len >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (len >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0)
		return "image/webp";
	if (len >= 5 && memcmp(b, "%PDF-", 5) == 0)
		return "application/pdf";
	return NULL;
}

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}
static unsigned long le32(const unsigned char *p)
{
	return (unsigned long)p[3] << 24 | (unsigned long)p[2] << 16 | (unsigned long)p[1] << 8 | p[0];
}
static unsigned le24(const unsigned char *p) { return (unsigned)p[2] << 16 | (unsigned)p[1] << 8 | p[0]; }

/* Whether marker m (the byte after 0xFF) starts a frame: SOF0-3, 5-7, 9-11, 13-15. */
static bool jpeg_sof(unsigned char m)
{
	return m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc;
}

/*
 * The segments from SOI up to the first scan's header: a frame header with its
 * dimensions must come before it.  What follows (the coded data, EOI) is the
 * decoder's business: phones write files cut off there, which show.
 */
static bool jpeg_whole(const unsigned char *b, size_t len, unsigned *w, unsigned *h)
{
	size_t at = 2;
	bool frame = false;

	while (at + 4 <= len) {
		unsigned char m;
		size_t seg;

		if (b[at] != 0xff)
			return false;
		m = b[at + 1];
		if (m == 0xff) {            /* fill byte */
			at++;
			continue;
		}
		if (m == 0x01 || (m >= 0xd0 && m <= 0xd7)) {   /* no length */
			at += 2;
			continue;
		}
		if (m == 0xd9 || m == 0xd8)
			return false;       /* EOI or another SOI before any scan */
		seg = be16(b + at + 2);
		if (seg < 2 || at + 2 + seg > len)
			return false;
		if (jpeg_sof(m)) {
			if (seg < 8)
				return false;
			*h = be16(b + at + 5);
			*w = be16(b + at + 7);
			frame = *w > 0 && *h > 0;
			if (!frame)
				return false;
		}
		if (m == 0xda)              /* start of scan: the frame came first */
			return frame;
		at += 2 + seg;
	}
	return false;
}

/* IHDR first, every chunk within the file, IEND last. */
static bool png_whole(const unsigned char *b, size_t len, unsigned *w, unsigned *h)
{
	size_t at = 8;

	if (len < 8 + 25 || be32(b + 8) != 13 || memcmp(b + 12, "IHDR", 4) != 0)
		return false;
	if (be32(b + 16) == 0 || be32(b + 20) == 0 || be32(b + 16) > 0x7fffffffUL ||
	    be32(b + 20) > 0x7fffffffUL)
		return false;
	*w = (unsigned)be32(b + 16);
	*h = (unsigned)be32(b + 20);
	while (at + 12 <= len) {
		unsigned long n = be32(b + at);

		if (n > len - at - 12)
			return false;
		if (memcmp(b + at + 4, "IEND", 4) == 0)
			return true;
		at += 12 + n;
	}
	return false;
}

/* A RIFF of the file's size whose first chunk is a VP8, VP8L or VP8X header. */
static bool webp_whole(const unsigned char *b, size_t len, unsigned *w, unsigned *h)
{
	unsigned long riff, n;
	const unsigned char *c = b + 12, *d = b + 20;

	if (len < 20)
		return false;
	riff = le32(b + 4);
	if (riff < 12 || riff > len - 8)
		return false;
	n = le32(c + 4);
	if (n > riff - 12)
		return false;
	if (memcmp(c, "VP8 ", 4) == 0) {
		if (n < 10 || d[3] != 0x9d || d[4] != 0x01 || d[5] != 0x2a)
			return false;
		*w = (unsigned)(d[6] | d[7] << 8) & 0x3fff;
		*h = (unsigned)(d[8] | d[9] << 8) & 0x3fff;
	} else if (memcmp(c, "VP8L", 4) == 0) {
		unsigned long bits;

		if (n < 5 || d[0] != 0x2f)
			return false;
		bits = le32(d + 1);
		*w = (unsigned)(bits & 0x3fff) + 1;
		*h = (unsigned)((bits >> 14) & 0x3fff) + 1;
	} else if (memcmp(c, "VP8X", 4) == 0) {
		if (n < 10)
			return false;
		*w = le24(d + 4) + 1;
		*h = le24(d + 7) + 1;
	} else {
		return false;
	}
	return *w > 0 && *h > 0;
}

/* The last occurrence of what (n bytes) in b[from, to), or NULL. */
static const unsigned char *last(const unsigned char *b, size_t from, size_t to, const char *what)
{
	size_t n = strlen(what);

	for (size_t i = to; i >= from + n; i--)
		if (memcmp(b + i - n, what, n) == 0)
			return b + i - n;
	return NULL;
}

/*
 * "%PDF-d.d", then near the end "startxref", an offset inside the file where a
 * cross-reference table ("xref") or stream (an object, "N G obj") begins, and
 * "%%EOF".
 */
static bool pdf_whole(const unsigned char *b, size_t len)
{
	size_t tail = len > 2048 ? len - 2048 : 0, offset = 0;
	const unsigned char *sx, *eof, *p;

	if (len < 8 || b[5] < '1' || b[5] > '9' || b[6] != '.' || b[7] < '0' || b[7] > '9')
		return false;
	if ((eof = last(b, tail, len, "%%EOF")) == NULL || (sx = last(b, tail, (size_t)(eof - b), "startxref")) == NULL)
		return false;
	p = sx + 9;
	while (p < eof && (*p == ' ' || *p == '\r' || *p == '\n'))
		p++;
	if (p == eof || *p < '0' || *p > '9')
		return false;
	while (p < eof && *p >= '0' && *p <= '9') {
		offset = offset * 10 + (size_t)(*p - '0');
		if (offset >= len)
			return false;
		p++;
	}
	if (offset < 8 || offset >= (size_t)(sx - b))
		return false;
	if ((size_t)(sx - b) - offset >= 4 && memcmp(b + offset, "xref", 4) == 0)
		return true;
	return b[offset] >= '1' && b[offset] <= '9';
}

bool upload_whole(const char *type, const unsigned char *b, size_t len,
                  unsigned *width, unsigned *height)
{
	unsigned w = 0, h = 0;
	bool ok;

	if (type == NULL || b == NULL)
		return false;
	if (strcmp(type, "image/jpeg") == 0)
		ok = jpeg_whole(b, len, &w, &h);
	else if (strcmp(type, "image/png") == 0)
		ok = png_whole(b, len, &w, &h);
	else if (strcmp(type, "image/webp") == 0)
		ok = webp_whole(b, len, &w, &h);
	else if (strcmp(type, "application/pdf") == 0)
		ok = pdf_whole(b, len);
	else
		ok = false;
	if (width)
		*width = w;
	if (height)
		*height = h;
	return ok;
}
