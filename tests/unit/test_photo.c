/* A photo's metadata taken out (input/photo.c): what goes, what stays, what is refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "input/photo.h"

#define BYTES(s) (const unsigned char *)(s), sizeof(s) - 1

/* SOI, APP0 JFIF, a frame 1x1, a scan of two bytes, EOI: the picture. */
#define JPEG_SOI "\xFF\xD8"
#define JPEG_APP0 "\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
#define JPEG_SOF "\xFF\xC0\x00\x0B\x08\x00\x01\x00\x01\x01\x01\x11\x00"
#define JPEG_SOS "\xFF\xDA\x00\x08\x01\x01\x00\x00\x3F\x00" "\x12\xFF\x00\x34"
#define JPEG_EOI "\xFF\xD9"
/* EXIF with a GPS tag's bytes, a comment, an IPTC block. */
#define JPEG_EXIF "\xFF\xE1\x00\x10" "Exif\x00\x00" "MM\x00\x2A\x88\x25GP"
#define JPEG_COM "\xFF\xFE\x00\x08secret"
#define JPEG_APP13 "\xFF\xED\x00\x06IPTC"

static void strip_expect(const char *type, const unsigned char *in, size_t len,
                         const unsigned char *want, size_t want_len)
{
	unsigned char *out;
	size_t out_len;

	assert_true(photo_strip(type, in, len, &out, &out_len));
	assert_int_equal(out_len, want_len);
	assert_memory_equal(out, want, want_len);
	free(out);
}

static void refuses(const char *type, const unsigned char *in, size_t len)
{
	unsigned char *out = (unsigned char *)"not touched";
	size_t out_len = 1;

	assert_false(photo_strip(type, in, len, &out, &out_len));
	assert_null(out);
	assert_int_equal(out_len, 0);
}

static void jpeg_loses_exif_comments_and_iptc_and_keeps_the_picture(void **state)
{
	(void)state;
	strip_expect("image/jpeg",
	             BYTES(JPEG_SOI JPEG_EXIF JPEG_APP0 JPEG_COM JPEG_SOF JPEG_APP13 JPEG_SOS JPEG_EOI "trailer"),
	             BYTES(JPEG_SOI JPEG_APP0 JPEG_SOF JPEG_SOS JPEG_EOI));
	/* Nothing to drop: the same bytes. */
	strip_expect("image/jpeg", BYTES(JPEG_SOI JPEG_APP0 JPEG_SOF JPEG_SOS JPEG_EOI),
	             BYTES(JPEG_SOI JPEG_APP0 JPEG_SOF JPEG_SOS JPEG_EOI));
	/* Cut off in its scan: given its end. */
	strip_expect("image/jpeg", BYTES(JPEG_SOI JPEG_EXIF JPEG_SOF JPEG_SOS),
	             BYTES(JPEG_SOI JPEG_SOF JPEG_SOS JPEG_EOI));
}

static void jpeg_that_is_not_one_is_refused(void **state)
{
	(void)state;
	refuses("image/jpeg", BYTES("\xFF\xD8\xFF"));
	refuses("image/jpeg", BYTES(JPEG_SOI JPEG_APP0 JPEG_EOI));                      /* no picture */
	refuses("image/jpeg", BYTES(JPEG_SOI JPEG_APP0 JPEG_SOS JPEG_EOI));             /* a scan without a frame */
	refuses("image/jpeg", BYTES(JPEG_SOI "\xFF\xE1\x7F\xFF" "Exif"));              /* a segment past the end */
	refuses("image/jpeg", BYTES(JPEG_SOI "\xFF\xC0\x00\x0B\x08\x00\x01\x00\x00\x01\x01\x11\x00" JPEG_SOS
	                            JPEG_EOI));                                      /* width 0 */
	refuses("image/jpeg", BYTES(JPEG_SOI "junk"));
}

#define PNG_SIG "\x89PNG\r\n\x1a\n"
#define PNG_IHDR "\x00\x00\x00\x0DIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00" "CRC!"
#define PNG_IDAT "\x00\x00\x00\x02IDAT\x78\x9C" "CRC!"
#define PNG_IEND "\x00\x00\x00\x00IEND" "CRC!"
#define PNG_TEXT "\x00\x00\x00\x0AtEXtAuthor\x00Li4" "CRC!"
#define PNG_EXIF "\x00\x00\x00\x04" "eXIfMM\x00\x2A" "CRC!"
#define PNG_TIME "\x00\x00\x00\x07tIME\x07\xEA\x0C\x04\x0C\x00\x00" "CRC!"

static void png_loses_text_exif_and_time(void **state)
{
	(void)state;
	strip_expect("image/png", BYTES(PNG_SIG PNG_IHDR PNG_TEXT PNG_EXIF PNG_IDAT PNG_TIME PNG_IEND "after"),
	             BYTES(PNG_SIG PNG_IHDR PNG_IDAT PNG_IEND));
	refuses("image/png", BYTES(PNG_SIG));
	refuses("image/png", BYTES(PNG_SIG PNG_IDAT PNG_IEND));                          /* no header first */
	refuses("image/png", BYTES(PNG_SIG PNG_IHDR PNG_IDAT));                          /* no end */
	refuses("image/png", BYTES(PNG_SIG PNG_IHDR "\x7F\x00\x00\x00IDAT" "CRC!" PNG_IEND));
}

#define WEBP_VP8X "VP8X\x0A\x00\x00\x00\x0C\x00\x00\x00\x00\x00\x00\x00\x00\x00"
#define WEBP_VP8X_CLEAN "VP8X\x0A\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
#define WEBP_VP8 "VP8 \x03\x00\x00\x00\x01\x02\x03\x00"
#define WEBP_EXIF "EXIF\x04\x00\x00\x00MM\x00\x2A"
#define WEBP_XMP "XMP \x05\x00\x00\x00<x/>!\x00"

static void webp_loses_exif_and_xmp_and_says_so_in_its_header(void **state)
{
	(void)state;
	/* RIFF size: 4 + 18 + 12 + 12 + 14 = 60 before, 4 + 18 + 12 = 34 after. */
	strip_expect("image/webp",
	             BYTES("RIFF\x3C\x00\x00\x00WEBP" WEBP_VP8X WEBP_VP8 WEBP_EXIF WEBP_XMP),
	             BYTES("RIFF\x22\x00\x00\x00WEBP" WEBP_VP8X_CLEAN WEBP_VP8));
	refuses("image/webp", BYTES("RIFF\x04\x00\x00\x00WEBP"));                       /* no picture */
	refuses("image/webp", BYTES("RIFF\xFF\x00\x00\x00WEBP" WEBP_VP8));             /* size past the end */
	refuses("image/webp", BYTES("RIFF\x10\x00\x00\x00WEBP" "VP8 \xFF\x00\x00\x00\x01\x02\x03\x00"));
}

static void other_types_are_not_photos(void **state)
{
	(void)state;
	refuses("application/pdf", BYTES("%PDF-1.4"));
	refuses(NULL, BYTES(JPEG_SOI));
	refuses("image/jpeg", (const unsigned char *)"", 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(jpeg_loses_exif_comments_and_iptc_and_keeps_the_picture),
		cmocka_unit_test(jpeg_that_is_not_one_is_refused),
		cmocka_unit_test(png_loses_text_exif_and_time),
		cmocka_unit_test(webp_loses_exif_and_xmp_and_says_so_in_its_header),
		cmocka_unit_test(other_types_are_not_photos),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
