/*
 * photo.c -- metadata out of JPEG, PNG and WebP photos (see photo.h).
 *
 * Each format is walked segment by segment (chunk by chunk) and the
 * segments that carry pictures are copied; what is dropped is named in a
 * short list per format, so a segment nobody listed is kept: everything a
 * decoder needs stays, and only known carriers of metadata go.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input/photo.h"

/* The output: never longer than the input and an EOI, so one allocation of len + 2 bytes. */
struct photo_out {
	unsigned char *bytes;
	size_t len;
};

static void put(struct photo_out *o, const unsigned char *bytes, size_t len)
{
	memcpy(o->bytes + o->len, bytes, len);
	o->len += len;
}

/* ------------------------------------------------------------------------
 * JPEG (ITU T.81, JFIF, EXIF)
 * ------------------------------------------------------------------------ */

/*
 * Markers whose segment is dropped: APP1 (EXIF, XMP), APP3 to APP13 (maker
 * notes, Photoshop's IPTC in APP13, ...), APP15, and COM.  Kept: APP0
 * (JFIF), APP2 (the ICC colour profile) and APP14 (Adobe's colour
 * transform), which decoders read.
 */
static bool jpeg_drops(unsigned char marker)
{
	return marker == 0xE1 || (marker >= 0xE3 && marker <= 0xED) || marker == 0xEF || marker == 0xFE;
}

/* A start-of-frame marker: the segment that holds the picture's size. */
static bool jpeg_frame(unsigned char marker)
{
	return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

static bool jpeg_strip(const unsigned char *in, size_t len, struct photo_out *o)
{
	size_t pos = 2;
	bool frame = false, scan = false;

	if (len < 4 || in[0] != 0xFF || in[1] != 0xD8)
		return false;
	put(o, in, 2);
	while (pos < len) {
		unsigned char marker;
		size_t seglen;

		if (in[pos] != 0xFF)
			return false;
		while (pos < len && in[pos] == 0xFF)   /* fill bytes */
			pos++;
		if (pos >= len)
			return false;
		marker = in[pos++];
		if (marker == 0xD9) {                  /* EOI: what follows is not the picture */
			put(o, (const unsigned char *)"\xFF\xD9", 2);
			return frame && scan;
		}
		if (marker == 0x00 || marker == 0xD8)
			return false;
		if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
			put(o, in + pos - 2, 2);
			continue;
		}
		if (len - pos < 2)
			return false;
		seglen = (size_t)in[pos] << 8 | in[pos + 1];
		if (seglen < 2 || seglen > len - pos)
			return false;
		if (jpeg_frame(marker)) {
			/* precision, height, width: a picture with no width is none */
			if (seglen < 8 || (in[pos + 5] == 0 && in[pos + 6] == 0))
				return false;
			frame = true;
		}
		if (!jpeg_drops(marker)) {
			o->bytes[o->len++] = 0xFF;
			o->bytes[o->len++] = marker;
			put(o, in + pos, seglen);
		}
		pos += seglen;
		if (marker != 0xDA)
			continue;
		/* The entropy-coded data after SOS, up to the next marker. */
		if (!frame)
			return false;
		scan = true;
		while (pos < len) {
			if (in[pos] != 0xFF) {
				o->bytes[o->len++] = in[pos++];
				continue;
			}
			if (pos + 1 >= len)
				return false;
			if (in[pos + 1] == 0x00 || (in[pos + 1] >= 0xD0 && in[pos + 1] <= 0xD7)) {
				put(o, in + pos, 2);
				pos += 2;
				continue;
			}
			break;   /* a marker: the segment loop takes it */
		}
		if (pos >= len) {
			/* The data ends inside the scan, without EOI: decoders show what came, so do we. */
			put(o, (const unsigned char *)"\xFF\xD9", 2);
			return true;
		}
	}
	return false;   /* no EOI */
}

/* ------------------------------------------------------------------------
 * PNG (ISO/IEC 15948)
 * ------------------------------------------------------------------------ */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Chunks of text and time: tEXt, zTXt, iTXt (often XMP), eXIf, tIME. */
static bool png_drops(const unsigned char type[4])
{
	static const char *const dropped[] = {"tEXt", "zTXt", "iTXt", "eXIf", "tIME"};

	for (size_t i = 0; i < sizeof(dropped) / sizeof(dropped[0]); i++)
		if (memcmp(type, dropped[i], 4) == 0)
			return true;
	return false;
}

static bool png_strip(const unsigned char *in, size_t len, struct photo_out *o)
{
	size_t pos = 8;
	bool header = false;

	if (len < 8 || memcmp(in, "\x89PNG\r\n\x1a\n", 8) != 0)
		return false;
	put(o, in, 8);
	while (len - pos >= 12) {
		uint32_t datalen = be32(in + pos);
		const unsigned char *type = in + pos + 4;

		if (datalen > 0x7FFFFFFFu || datalen > len - pos - 12)
			return false;
		if (!header) {
			/* IHDR first, 13 bytes, a width and a height that are not 0 */
			if (memcmp(type, "IHDR", 4) != 0 || datalen != 13 || be32(in + pos + 8) == 0 ||
			    be32(in + pos + 12) == 0)
				return false;
			header = true;
		}
		if (!png_drops(type))
			put(o, in + pos, 12 + (size_t)datalen);
		pos += 12 + (size_t)datalen;
		if (memcmp(type, "IEND", 4) == 0)
			return true;   /* what follows IEND is not the picture */
	}
	return false;
}

/* ------------------------------------------------------------------------
 * WebP (RIFF)
 * ------------------------------------------------------------------------ */

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static void put_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* The VP8X header's flags for the chunks dropped here. */
#define WEBP_FLAG_XMP 0x04
#define WEBP_FLAG_EXIF 0x08

static bool webp_strip(const unsigned char *in, size_t len, struct photo_out *o)
{
	size_t pos = 12, end;
	size_t vp8x = 0;   /* where the VP8X chunk's flags are in the output, if any */
	bool image = false;

	if (len < 12 || memcmp(in, "RIFF", 4) != 0 || memcmp(in + 8, "WEBP", 4) != 0)
		return false;
	if (le32(in + 4) < 4 || le32(in + 4) > len - 8)
		return false;
	end = 8 + (size_t)le32(in + 4);
	put(o, in, 12);
	while (end - pos >= 8) {
		uint32_t datalen = le32(in + pos + 4);
		size_t chunk = 8 + (size_t)datalen + (datalen & 1);
		const unsigned char *fourcc = in + pos;

		if (datalen > end - pos - 8)
			return false;
		if (chunk > end - pos)   /* an odd last chunk without its pad byte */
			chunk = end - pos;
		if (memcmp(fourcc, "VP8 ", 4) == 0 || memcmp(fourcc, "VP8L", 4) == 0 ||
		    memcmp(fourcc, "ANIM", 4) == 0)
			image = true;
		if (memcmp(fourcc, "VP8X", 4) == 0) {
			if (datalen < 10)
				return false;
			vp8x = o->len + 8;
		}
		if (memcmp(fourcc, "EXIF", 4) != 0 && memcmp(fourcc, "XMP ", 4) != 0)
			put(o, in + pos, chunk);
		pos += chunk;
	}
	if (pos != end || !image)
		return false;
	if (vp8x)
		o->bytes[vp8x] &= (unsigned char)~(WEBP_FLAG_XMP | WEBP_FLAG_EXIF);
	put_le32(o->bytes + 4, (uint32_t)(o->len - 8));
	return true;
}

bool photo_strip(const char *type, const unsigned char *in, size_t len,
                 unsigned char **out, size_t *out_len)
{
	struct photo_out o = {NULL, 0};
	bool ok = false;

	*out = NULL;
	*out_len = 0;
	if (type == NULL || len == 0 || (o.bytes = malloc(len + 2)) == NULL)
		return false;
	if (strcmp(type, "image/jpeg") == 0)
		ok = jpeg_strip(in, len, &o);
	else if (strcmp(type, "image/png") == 0)
		ok = png_strip(in, len, &o);
	else if (strcmp(type, "image/webp") == 0)
		ok = webp_strip(in, len, &o);
	if (!ok) {
		free(o.bytes);
		return false;
	}
	*out = o.bytes;
	*out_len = o.len;
	return true;
}
