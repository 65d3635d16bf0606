/* The error table and the SQLSTATE mapping. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/error.h"

static void table_lookups(void **state)
{
	(void)state;
	assert_int_equal(error_status(ERR_NOT_FOUND), 404);
	assert_string_equal(error_code(ERR_NOT_FOUND), "not_found");
	assert_int_equal(error_status(ERR_METHOD), 405);
	assert_int_equal(error_status(ERR_TOO_LARGE), 413);
	assert_int_equal(error_status(ERR_MEDIA_TYPE), 415);
	assert_int_equal(error_status(ERR_VALIDATION), 422);
	assert_int_equal(error_status(ERR_UNAVAILABLE), 503);
	assert_int_equal(error_status((enum err)999), 500);
}

static void every_error_has_a_reason_phrase_and_unique_code(void **state)
{
	(void)state;
	for (int e = 0; e < ERR__COUNT; e++) {
		assert_string_not_equal(http_reason(error_status((enum err)e)), "Unknown");
		for (int f = e + 1; f < ERR__COUNT; f++)
			assert_string_not_equal(error_code((enum err)e), error_code((enum err)f));
	}
}

static void sqlstates_map(void **state)
{
	(void)state;
	assert_int_equal(error_from_sqlstate("23505"), ERR_DUPLICATE);
	assert_int_equal(error_from_sqlstate("23503"), ERR_CONFLICT);
	assert_int_equal(error_from_sqlstate("23514"), ERR_VALIDATION);
	assert_int_equal(error_from_sqlstate("42501"), ERR_FORBIDDEN);
	assert_int_equal(error_from_sqlstate("SG404"), ERR_NOT_FOUND);
	assert_int_equal(error_from_sqlstate("SG409"), ERR_BAD_STATE);
	assert_int_equal(error_from_sqlstate("SG422"), ERR_VALIDATION);
	assert_int_equal(error_from_sqlstate("08006"), ERR_UNAVAILABLE);   /* by class */
	assert_int_equal(error_from_sqlstate("57P01"), ERR_UNAVAILABLE);   /* admin shutdown */
	/* Every data exception is the request's fault, never a 500. */
	assert_int_equal(error_from_sqlstate("22021"), ERR_VALIDATION);   /* half a UTF-8 character */
	assert_int_equal(error_from_sqlstate("22012"), ERR_VALIDATION);   /* division by zero */
	assert_int_equal(error_from_sqlstate("2200H"), ERR_VALIDATION);   /* sequence generator limit */
	assert_int_equal(error_from_sqlstate("22P05"), ERR_VALIDATION);   /* untranslatable character */
	assert_int_equal(error_from_sqlstate("42P01"), ERR_INTERNAL);      /* a bug of ours */
	assert_int_equal(error_from_sqlstate(NULL), ERR_UNAVAILABLE);      /* connection lost */
	assert_int_equal(error_from_sqlstate("123"), ERR_UNAVAILABLE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_lookups),
		cmocka_unit_test(every_error_has_a_reason_phrase_and_unique_code),
		cmocka_unit_test(sqlstates_map),
	};
	return cmocka_run_group_tests_name("error", tests, NULL, NULL);
}
