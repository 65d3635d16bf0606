/* The unified social credit code check (GB 32100-2015). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "input/creditcode.h"

static enum creditcode_problem check(const char *code)
{
	return creditcode_check(code, strlen(code));
}

static void accepts_real_codes(void **state)
{
	static const char *const good[] = {
		"91350100M000100Y43",   /* the standard's example */
		"91110000600037341L",
		"913713267060000A18",   /* the demo seed's */
		"913713267060000A2B",
		"913713267060000A3E",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(check(good[i]), CREDITCODE_OK);
}

static void computes_the_check_character(void **state)
{
	(void)state;
	assert_int_equal(creditcode_check_char("91350100M000100Y4"), '3');
	assert_int_equal(creditcode_check_char("91110000600037341"), 'L');
	/* A sum that is a multiple of 31 gives '0', not the 32nd character. */
	assert_int_equal(creditcode_check_char("00000000000000000"), '0');
	assert_int_equal(creditcode_check_char("9135010OM000100Y4"), '\0');
	assert_int_equal(creditcode_check_char("short"), '\0');
}

static void refuses_a_wrong_check_character(void **state)
{
	(void)state;
	assert_int_equal(check("91350100M000100Y44"), CREDITCODE_CHECK);
	assert_int_equal(check("91350100M000100Y4A"), CREDITCODE_CHECK);
	/* Two characters swapped. */
	assert_int_equal(check("19350100M000100Y43"), CREDITCODE_CHECK);
}

static void refuses_lower_case(void **state)
{
	(void)state;
	assert_int_equal(check("91350100m000100y43"), CREDITCODE_LOWER_CASE);
	assert_int_equal(check("913713267060000a18"), CREDITCODE_LOWER_CASE);
}

static void refuses_letters_outside_the_alphabet(void **state)
{
	static const char *const bad[] = {
		"91350100I000100Y43", "91350100O000100Y43", "91350100S000100Y43",
		"91350100V000100Y43", "91350100Z000100Y43", "91350100M000100Y4-",
		"91350100M000 100Y4", "91350100M00010０Y4",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (strlen(bad[i]) == CREDITCODE_LENGTH)
			assert_int_equal(check(bad[i]), CREDITCODE_CHARACTER);
		else
			assert_int_not_equal(check(bad[i]), CREDITCODE_OK);
	}
	/* A NUL inside the 18 bytes is not a character of the code. */
	assert_int_equal(creditcode_check("91350100M000100Y\0003", 18), CREDITCODE_CHARACTER);
}

static void refuses_a_wrong_length(void **state)
{
	(void)state;
	assert_int_equal(check(""), CREDITCODE_LENGTH_WRONG);
	assert_int_equal(check("91350100M000100Y4"), CREDITCODE_LENGTH_WRONG);
	assert_int_equal(check("91350100M000100Y433"), CREDITCODE_LENGTH_WRONG);
	assert_int_equal(check("91350100M000100Y43 "), CREDITCODE_LENGTH_WRONG);
}

static void wants_digits_for_the_division(void **state)
{
	(void)state;
	/* Valid alphabet and check character, but letters where the division code goes. */
	char code[CREDITCODE_LENGTH + 1] = "91A50100M000100Y4";
	code[17] = creditcode_check_char(code);
	code[18] = '\0';
	assert_int_equal(check(code), CREDITCODE_DIVISION);
}

static void explains_every_problem(void **state)
{
	(void)state;
	for (int p = CREDITCODE_LENGTH_WRONG; p <= CREDITCODE_CHECK; p++) {
		const char *m = creditcode_message((enum creditcode_problem)p);
		assert_non_null(m);
		assert_true(strlen(m) > 10);
	}
	assert_non_null(strstr(creditcode_message(CREDITCODE_LOWER_CASE), "capital"));
}

static bool prefix(const char *text)
{
	return creditcode_prefix(text, strlen(text));
}

/* Every beginning of a valid code could begin one; what breaks a rule at its place cannot. */
static void tells_what_could_begin_a_code(void **state)
{
	static const char code[] = "91350100M000100Y43";
	(void)state;
	for (size_t n = 0; n <= CREDITCODE_LENGTH; n++)
		assert_true(creditcode_prefix(code, n));
	assert_false(prefix("91350100M000100Y44"));     /* the check character wrong */
	assert_false(prefix("91350100M000100Y431"));    /* longer than a code */
	assert_false(prefix("913A"));                   /* a letter in the division */
	assert_false(prefix("913501I"));                /* I is not in the alphabet */
	assert_false(prefix("91350100m"));              /* lower case: the caller upper-cases */
	assert_false(prefix("纺织"));
	assert_false(prefix("91 3"));
	assert_false(prefix("Z"));
	assert_true(prefix("YY"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_real_codes),
		cmocka_unit_test(computes_the_check_character),
		cmocka_unit_test(refuses_a_wrong_check_character),
		cmocka_unit_test(refuses_lower_case),
		cmocka_unit_test(refuses_letters_outside_the_alphabet),
		cmocka_unit_test(refuses_a_wrong_length),
		cmocka_unit_test(wants_digits_for_the_division),
		cmocka_unit_test(explains_every_problem),
		cmocka_unit_test(tells_what_could_begin_a_code),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
