/* The gate notice's QR code: the drawing holds exactly the code's dark modules. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <qrencode.h>

#include "api/qrsvg.h"

/*
 * Redraw the group's run rectangles into a bitmap of side x side modules;
 * returns the number of dark modules, or -1 if a run overlaps another or
 * leaves the square.
 */
static int redraw(const char *svg, int side, unsigned char *bitmap)
{
	const char *p = svg;
	int dark = 0, x, y, width, height, rects = 0;

	memset(bitmap, 0, (size_t)side * (size_t)side);
	while ((p = strstr(p, "<rect ")) != NULL) {
		assert_int_equal(sscanf(p, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"",
		                        &x, &y, &width, &height), 4);
		p++;
		if (rects++ == 0) {
			/* The white background, quiet zone included. */
			assert_int_equal(x, 0);
			assert_int_equal(width, side);
			assert_int_equal(height, side);
			continue;
		}
		if (height != 1 || width < 1 || x < 0 || y < 0 || x + width > side || y >= side)
			return -1;
		for (int i = x; i < x + width; i++) {
			if (bitmap[y * side + i])
				return -1;
			bitmap[y * side + i] = 1;
			dark++;
		}
	}
	return dark;
}

/* The drawing of text against libqrencode's own symbol for it. */
static void check_drawing(const char *text)
{
	QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int side = 0, expected = 0;
	unsigned char *bitmap;
	char *svg;

	assert_non_null(code);
	svg = qrsvg_group(text, strlen(text), 10, 20, 45, &side);
	assert_non_null(svg);
	assert_int_equal(side, code->width + 2 * QRSVG_QUIET);
	assert_true(strncmp(svg, "<g class=\"qr\" transform=\"translate(10.000 20.000)", 49) == 0);
	assert_true(strcmp(svg + strlen(svg) - 4, "</g>") == 0);
	bitmap = calloc((size_t)side * (size_t)side, 1);
	assert_non_null(bitmap);
	for (int i = 0; i < code->width * code->width; i++)
		expected += code->data[i] & 1;
	assert_int_equal(redraw(svg, side, bitmap), expected);
	/* Module by module, in the right place, and nothing in the quiet zone. */
	for (int row = 0; row < side; row++)
		for (int col = 0; col < side; col++) {
			int inside = row >= QRSVG_QUIET && row < side - QRSVG_QUIET &&
			             col >= QRSVG_QUIET && col < side - QRSVG_QUIET;
			int want = inside ? code->data[(row - QRSVG_QUIET) * code->width + col - QRSVG_QUIET] & 1 : 0;
			assert_int_equal(bitmap[row * side + col], want);
		}
	free(bitmap);
	free(svg);
	QRcode_free(code);
}

static void draws_every_dark_module_of_a_known_input(void **state)
{
	(void)state;
	/* Version 1 (21 modules) at level M holds these 11 characters. */
	check_drawing("HELLO WORLD");
	{
		int side = 0;
		char *svg = qrsvg_group("HELLO WORLD", 11, 0, 0, 29, &side);
		assert_int_equal(side, 21 + 2 * QRSVG_QUIET);
		unsigned char bitmap[29 * 29];
		/* The scale turns modules into the size asked for. */
		assert_non_null(strstr(svg, "scale(1.00000)"));
		/* libqrencode 4.1's symbol for it (mask included) has 222 dark modules. */
		assert_int_equal(redraw(svg, side, bitmap), 222);
		free(svg);
	}
	check_drawing("https://safegrid.example.cn/api/v1/public/enterprises/0123456789abcdef0123456789abcdef");
}

static void a_long_input_still_works(void **state)
{
	char text[QRSVG_MAX_INPUT + 1];
	int side = 0;
	char *svg;

	(void)state;
	for (size_t i = 0; i < QRSVG_MAX_INPUT; i++)
		text[i] = (char)('a' + i % 26);
	text[QRSVG_MAX_INPUT] = '\0';
	check_drawing(text);
	svg = qrsvg_group(text, QRSVG_MAX_INPUT, 0, 0, 50, &side);
	assert_non_null(svg);
	assert_true(side > 100);
	free(svg);
}

static void refuses_empty_nul_and_overlong_input(void **state)
{
	char text[QRSVG_MAX_INPUT + 2];
	int side = -7;

	(void)state;
	assert_null(qrsvg_group("", 0, 0, 0, 10, &side));
	assert_null(qrsvg_group(NULL, 3, 0, 0, 10, &side));
	assert_null(qrsvg_group("ab\0cd", 5, 0, 0, 10, &side));
	assert_null(qrsvg_group("abc", 3, 0, 0, 0, &side));
	memset(text, 'a', sizeof(text));
	text[QRSVG_MAX_INPUT + 1] = '\0';
	assert_null(qrsvg_group(text, QRSVG_MAX_INPUT + 1, 0, 0, 10, &side));
	assert_int_equal(side, -7);
	/* Only len bytes count: a longer buffer is cut, not read past. */
	{
		char *svg = qrsvg_group("HELLO WORLD and more", 11, 0, 0, 10, &side);
		char *same = qrsvg_group("HELLO WORLD", 11, 0, 0, 10, NULL);
		assert_string_equal(svg, same);
		free(svg);
		free(same);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(draws_every_dark_module_of_a_known_input),
		cmocka_unit_test(a_long_input_still_works),
		cmocka_unit_test(refuses_empty_nul_and_overlong_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
