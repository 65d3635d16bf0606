/* Activation letters: one PDF, a page a letter, its cross references true, its QR codes whole. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <qrencode.h>

#include "api/login_letter.h"

static const struct login_letter letter = {
	"地方镇安全测试有限公司", "91371326MA3C12345X", "地方镇", "91371326ma3c12345x",
	"ABCD-EFGH-JKLM", "2026-12-18", "https://safegrid.example.cn/activate?username=91371326ma3c12345x",
	"地方镇安委办 0530-1234567",
};

static size_t count(const char *haystack, size_t len, const char *needle)
{
	size_t n = 0, k = strlen(needle);

	for (size_t i = 0; i + k <= len; i++)
		if (memcmp(haystack + i, needle, k) == 0)
			n++;
	return n;
}

static void one_page_per_letter_and_true_offsets(void **state)
{
	struct login_letter letters[3] = {letter, letter, letter};
	size_t len = 0;
	char *pdf = login_letter_pdf(letters, 3, &len);
	long xref;
	const char *p;

	(void)state;
	assert_non_null(pdf);
	assert_memory_equal(pdf, "%PDF-1.4", 8);
	assert_int_equal(count(pdf, len, "/Type /Page "), 3);
	assert_int_equal(count(pdf, len, "%qr end"), 3);
	p = strstr(pdf, "startxref\n");
	assert_non_null(p);
	xref = atol(p + 10);
	assert_memory_equal(pdf + xref, "xref\n0 13\n", 10);
	/* Each entry points at its object. */
	p = pdf + xref + strlen("xref\n0 13\n0000000000 65535 f \n");
	for (int i = 1; i <= 12; i++, p += 20) {
		char head[24];
		snprintf(head, sizeof(head), "%d 0 obj", i);
		assert_memory_equal(pdf + atol(p), head, strlen(head));
	}
	free(pdf);
}

static void the_qr_code_holds_the_address(void **state)
{
	size_t len = 0;
	char *pdf = login_letter_pdf(&letter, 1, &len);
	QRcode *code = QRcode_encodeString(letter.url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	size_t dark = 0, drawn = 0;
	const char *p;
	int x, y, w;

	(void)state;
	assert_non_null(pdf);
	for (int i = 0; i < code->width * code->width; i++)
		dark += code->data[i] & 1;
	p = strstr(pdf, "0 0 0 rg\n");
	assert_non_null(p);
	for (p += 9; sscanf(p, "%d %d %d 1 re\n", &x, &y, &w) == 3; p = strchr(p, '\n') + 1)
		drawn += (size_t)w;
	assert_int_equal(drawn, dark);
	/* The Chinese text is UCS-2 in hex: 地 is U+5730. */
	assert_non_null(strstr(pdf, "<81F4FF1A5730"));
	QRcode_free(code);
	free(pdf);
}

static void text_beyond_the_bmp_and_no_letters_are_refused_or_replaced(void **state)
{
	struct login_letter odd = letter;
	size_t len = 0;
	char *pdf;

	(void)state;
	assert_null(login_letter_pdf(&letter, 0, &len));
	odd.enterprise = "\xF0\x9F\x98\x80公司(\\)";
	odd.username = "a(b)\\c";
	pdf = login_letter_pdf(&odd, 1, &len);
	assert_non_null(pdf);
	assert_non_null(strstr(pdf, "003F516C53F8"));
	assert_non_null(strstr(pdf, "(a\\(b\\)\\\\c) Tj"));
	free(pdf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_page_per_letter_and_true_offsets),
		cmocka_unit_test(the_qr_code_holds_the_address),
		cmocka_unit_test(text_beyond_the_bmp_and_no_letters_are_refused_or_replaced),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
