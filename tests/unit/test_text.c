/* utf8_prefix: a copy into a fixed buffer never cuts a character in half. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "input/text.h"

static void keeps_text_that_fits(void **state)
{
	(void)state;
	assert_int_equal(utf8_prefix("", 0), 0);
	assert_int_equal(utf8_prefix("abc", 3), 3);
	assert_int_equal(utf8_prefix("镇", 3), 3);
	assert_int_equal(utf8_prefix("镇", 10), 3);
}

static void cuts_before_a_split_character(void **state)
{
	/* 镇 is three bytes: 5 bytes of "镇镇" is one character, 6 two. */
	(void)state;
	assert_int_equal(utf8_prefix("镇镇", 5), 3);
	assert_int_equal(utf8_prefix("镇镇", 4), 3);
	assert_int_equal(utf8_prefix("镇镇", 2), 0);
	assert_int_equal(utf8_prefix("a镇", 3), 1);
	assert_int_equal(utf8_prefix("ab🏭", 5), 2);   /* four bytes */
	assert_int_equal(utf8_prefix("ab🏭", 6), 6);
}

static void every_cut_is_valid_utf8(void **state)
{
	const char *s = "安全生产a攻坚🏭行动";
	(void)state;
	for (size_t max = 0; max <= strlen(s); max++) {
		size_t n = utf8_prefix(s, max);
		assert_true(n <= max);
		assert_true(utf8_valid(s, n));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keeps_text_that_fits),
		cmocka_unit_test(cuts_before_a_split_character),
		cmocka_unit_test(every_cut_is_valid_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
