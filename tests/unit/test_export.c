/* The ledgers' writers: CSV fields and the dates of date cells. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <xlsxwriter.h>

#include "api/export.h"

/* The field as export_csv_field writes it. */
static char *field(const char *s, bool text)
{
	static char out[256];
	FILE *f;

	memset(out, 0, sizeof(out));
	f = fmemopen(out, sizeof(out), "w");

	export_csv_field(f, s, text);
	fclose(f);
	return out;
}

static void csv_quotes_only_what_needs_it(void **state)
{
	(void)state;
	assert_string_equal(field("配电箱未加锁", true), "配电箱未加锁");
	assert_string_equal(field("甲,乙", true), "\"甲,乙\"");
	assert_string_equal(field("说\"明\"", true), "\"说\"\"明\"\"\"");
	assert_string_equal(field("一行\r\n两行", true), "\"一行\r\n两行\"");
	assert_string_equal(field("", true), "");
}

static void csv_never_hands_excel_a_formula(void **state)
{
	(void)state;
	assert_string_equal(field("=1+1", true), "'=1+1");
	assert_string_equal(field("+86 138", true), "'+86 138");
	assert_string_equal(field("-x", true), "'-x");
	assert_string_equal(field("@SUM(A1)", true), "'@SUM(A1)");
	assert_string_equal(field("=HYPERLINK(\"x\"),y", true), "\"'=HYPERLINK(\"\"x\"\"),y\"");
	/* Numbers and dates are the database's, never a formula: written as they are. */
	assert_string_equal(field("-5", false), "-5");
}

static void dates_and_times_parse(void **state)
{
	lxw_datetime t;

	(void)state;
	assert_true(export_parse_time("2026-03-09", false, &t));
	assert_int_equal(t.year, 2026);
	assert_int_equal(t.month, 3);
	assert_int_equal(t.day, 9);
	assert_int_equal(t.hour, 0);
	assert_true(export_parse_time("2026-03-09 17:45:30", true, &t));
	assert_int_equal(t.hour, 17);
	assert_int_equal(t.min, 45);
	assert_true(t.sec == 30.0);
	assert_true(export_parse_time("2026-03-09T08:05:00.123456+08:00", true, &t));
	assert_int_equal(t.hour, 8);
	assert_int_equal(t.min, 5);
	assert_false(export_parse_time("2026-03-09x", false, &t));
	assert_false(export_parse_time("09/03/2026", false, &t));
	assert_false(export_parse_time("2026-03-09", true, &t));
	assert_false(export_parse_time("2026-03-09_08:05:00", true, &t));
	assert_false(export_parse_time("", false, &t));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_quotes_only_what_needs_it),
		cmocka_unit_test(csv_never_hands_excel_a_formula),
		cmocka_unit_test(dates_and_times_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
