/* An upload's type and structure (input/upload.c): whole files pass, cut or hollow ones do not. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "input/upload.h"

#define BYTES(s) (const unsigned char *)(s), sizeof(s) - 1

/* SOI, APP0, a 3x2 frame, a scan with two bytes of data, EOI. */
#define JPEG "\xFF\xD8" "\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" \
	"\xFF\xC0\x00\x0B\x08\x00\x02\x00\x03\x01\x01\x11\x00" \
	"\xFF\xDA\x00\x08\x01\x01\x00\x00\x3F\x00" "\x12\x34" "\xFF\xD9"
/* Signature, IHDR 5x7, IDAT of one byte, IEND (CRCs not checked). */
#define PNG "\x89PNG\r\n\x1a\n" "\x00\x00\x00\x0dIHDR\x00\x00\x00\x05\x00\x00\x00\x07\x08\x02\x00\x00\x00" "CRC!" \
	"\x00\x00\x00\x01IDAT\x00" "CRC!" "\x00\x00\x00\x00IEND" "CRC!"
#define WEBP_LOSSY "RIFF\x1a\x00\x00\x00WEBP" "VP8 \x0a\x00\x00\x00" "\x00\x00\x00\x9d\x01\x2a\x0a\x00\x08\x00" "\x00\x00\x00\x00"
#define WEBP_LOSSLESS "RIFF\x12\x00\x00\x00WEBP" "VP8L\x05\x00\x00\x00" "\x2f\x03\x40\x00\x00" "\x00"
#define PDF "%PDF-1.4\n1 0 obj\n<<>>\nendobj\nxref\n0 2\ntrailer\n<<>>\nstartxref\n29\n%%EOF\n"

static void whole(const char *type, const unsigned char *b, size_t len, unsigned w, unsigned h)
{
	unsigned width = 99, height = 99;

	assert_string_equal(upload_type(b, len), type);
	assert_true(upload_whole(type, b, len, &width, &height));
	assert_int_equal(width, w);
	assert_int_equal(height, h);
}

static void broken(const unsigned char *b, size_t len)
{
	const char *type = upload_type(b, len);

	assert_non_null(type);
	assert_false(upload_whole(type, b, len, NULL, NULL));
}

static void whole_files_pass_with_their_size(void **state)
{
	(void)state;
	whole("image/jpeg", BYTES(JPEG), 3, 2);
	whole("image/png", BYTES(PNG), 5, 7);
	whole("image/webp", BYTES(WEBP_LOSSY), 10, 8);
	whole("image/webp", BYTES(WEBP_LOSSLESS), 4, 2);
	whole("application/pdf", BYTES(PDF), 0, 0);
}

static void first_bytes_alone_are_not_a_file(void **state)
{
	(void)state;
	broken(BYTES("\xFF\xD8\xFF"));
	broken(BYTES("\x89PNG\r\n\x1a\n"));
	broken(BYTES("RIFF\x04\x00\x00\x00WEBP"));
	broken(BYTES("%PDF-"));
	broken(BYTES("%PDF-1.4\n%%EOF\n"));
}

static void every_cut_of_a_whole_file_is_refused(void **state)
{
	static const unsigned char jpeg[] = JPEG, png[] = PNG, webp[] = WEBP_LOSSY, pdf[] = PDF;
	(void)state;
	/* A JPEG may lose its coded data and end (phones write such files), not its headers. */
	for (size_t n = 3; n < sizeof(jpeg) - 1 - 4 - 2; n++)
		broken(jpeg, n);
	for (size_t n = 8; n < sizeof(png) - 1; n++)
		broken(png, n);
	for (size_t n = 12; n < sizeof(webp) - 1 - 4; n++)
		broken(webp, n);
	for (size_t n = 5; n < sizeof(pdf) - 1 - 2; n++)
		broken(pdf, n);
}

static void sizes_and_offsets_that_do_not_add_up_are_refused(void **state)
{
	(void)state;
	/* A frame of width 0; a segment longer than the file; an IHDR of height 0. */
	broken(BYTES("\xFF\xD8\xFF\xC0\x00\x0B\x08\x00\x02\x00\x00\x01\x01\x11\x00\xFF\xDA\x00\x08\x01\x01\x00\x00\x3F\x00\x12"));
	broken(BYTES("\xFF\xD8\xFF\xE1\x7F\xFF" "Exif"));
	broken(BYTES("\x89PNG\r\n\x1a\n" "\x00\x00\x00\x0dIHDR\x00\x00\x00\x05\x00\x00\x00\x00\x08\x02\x00\x00\x00" "CRC!"
	             "\x00\x00\x00\x00IEND" "CRC!"));
	/* A RIFF claiming more than the file holds; a startxref past the end or at nothing. */
	broken(BYTES("RIFF\xff\x00\x00\x00WEBP" "VP8 \x0a\x00\x00\x00" "\x00\x00\x00\x9d\x01\x2a\x0a\x00\x08\x00"));
	broken(BYTES("%PDF-1.4\n1 0 obj\n<<>>\nendobj\nxref\n0 2\ntrailer\n<<>>\nstartxref\n9999\n%%EOF\n"));
	broken(BYTES("%PDF-1.4\n1 0 obj\n<<>>\nendobj\nxref\n0 2\ntrailer\n<<>>\nstartxref\n12\n%%EOF\n"));
	assert_null(upload_type(BYTES("GIF89a")));
	assert_false(upload_whole("text/plain", BYTES("hello"), NULL, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_files_pass_with_their_size),
		cmocka_unit_test(first_bytes_alone_are_not_a_file),
		cmocka_unit_test(every_cut_of_a_whole_file_is_refused),
		cmocka_unit_test(sizes_and_offsets_that_do_not_add_up_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
