/* The CSV reader: quoting, line breaks, the byte-order mark, errors with line numbers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "input/csv.h"

/* Read all of text into rows[][] (at most 8 records), returning the last status. */
struct parsed {
	size_t records;
	struct csv_record rec[8];
	enum csv_status status;
	struct csv_reader reader;
};

static void parse(struct parsed *out, const char *text, size_t len)
{
	memset(out, 0, sizeof(*out));
	assert_true(csv_init(&out->reader, text, len));
	for (;;) {
		struct csv_record rec;
		out->status = csv_next(&out->reader, &rec);
		if (out->status != CSV_RECORD)
			break;
		assert_true(out->records < 8);
		out->rec[out->records++] = rec;
	}
}

static void parse_text(struct parsed *out, const char *text)
{
	parse(out, text, strlen(text));
}

static void reads_plain_records(void **state)
{
	struct parsed p;
	(void)state;
	parse_text(&p, "a,b,c\n1,2,3\n");
	assert_int_equal(p.status, CSV_END);
	assert_int_equal(p.records, 2);
	assert_int_equal(p.rec[0].count, 3);
	assert_string_equal(p.rec[0].fields[0], "a");
	assert_string_equal(p.rec[0].fields[2], "c");
	assert_string_equal(p.rec[1].fields[1], "2");
	assert_int_equal(p.rec[0].line, 1);
	assert_int_equal(p.rec[1].line, 2);
	csv_free(&p.reader);
}

static void unquotes_commas_quotes_and_line_breaks(void **state)
{
	struct parsed p;
	(void)state;
	parse_text(&p, "\"平邑县, 地方镇\",\"他说\"\"好\"\"\",\"两\r\n行\"\n"
	               "\"\",x\n");
	assert_int_equal(p.status, CSV_END);
	assert_int_equal(p.records, 2);
	assert_int_equal(p.rec[0].count, 3);
	assert_string_equal(p.rec[0].fields[0], "平邑县, 地方镇");
	assert_string_equal(p.rec[0].fields[1], "他说\"好\"");
	assert_string_equal(p.rec[0].fields[2], "两\r\n行");
	/* The embedded line break counts: the next record starts on line 3. */
	assert_int_equal(p.rec[1].line, 3);
	assert_string_equal(p.rec[1].fields[0], "");
	assert_string_equal(p.rec[1].fields[1], "x");
	csv_free(&p.reader);
}

static void skips_the_byte_order_mark(void **state)
{
	struct parsed p;
	(void)state;
	parse_text(&p, "\xEF\xBB\xBF统一社会信用代码,企业名称\r\n");
	assert_int_equal(p.records, 1);
	assert_string_equal(p.rec[0].fields[0], "统一社会信用代码");
	assert_string_equal(p.rec[0].fields[1], "企业名称");
	csv_free(&p.reader);
	/* Only at the start. */
	parse_text(&p, "a,\xEF\xBB\xBF" "b\n");
	assert_string_equal(p.rec[0].fields[1], "\xEF\xBB\xBF" "b");
	csv_free(&p.reader);
}

static void takes_crlf_lf_and_lone_cr(void **state)
{
	struct parsed p;
	(void)state;
	parse_text(&p, "a,b\r\nc,d\re,f\ng,h");
	assert_int_equal(p.status, CSV_END);
	assert_int_equal(p.records, 4);
	assert_string_equal(p.rec[0].fields[1], "b");
	assert_string_equal(p.rec[1].fields[0], "c");
	assert_string_equal(p.rec[2].fields[1], "f");
	assert_string_equal(p.rec[3].fields[1], "h");
	assert_int_equal(p.rec[3].line, 4);
	csv_free(&p.reader);
}

static void a_trailing_line_break_ends_the_file(void **state)
{
	struct parsed p;
	(void)state;
	parse_text(&p, "a,b\r\n");
	assert_int_equal(p.records, 1);
	csv_free(&p.reader);
	/* A blank line in the middle is a record of one empty field. */
	parse_text(&p, "a\n\nb\n");
	assert_int_equal(p.records, 3);
	assert_int_equal(p.rec[1].count, 1);
	assert_string_equal(p.rec[1].fields[0], "");
	assert_int_equal(p.rec[2].line, 3);
	csv_free(&p.reader);
	/* Empty input: no records at all. */
	parse_text(&p, "");
	assert_int_equal(p.status, CSV_END);
	assert_int_equal(p.records, 0);
	csv_free(&p.reader);
	parse_text(&p, "\xEF\xBB\xBF");
	assert_int_equal(p.records, 0);
	csv_free(&p.reader);
}

static void keeps_empty_fields_at_the_end(void **state)
{
	struct parsed p;
	(void)state;
	/* The last field of a file without a final line break needs a byte more than it read. */
	parse_text(&p, "a,");
	assert_int_equal(p.records, 1);
	assert_int_equal(p.rec[0].count, 2);
	assert_string_equal(p.rec[0].fields[1], "");
	csv_free(&p.reader);
	parse_text(&p, ",,\n");
	assert_int_equal(p.rec[0].count, 3);
	csv_free(&p.reader);
	parse_text(&p, "\"\"");
	assert_int_equal(p.rec[0].count, 1);
	assert_string_equal(p.rec[0].fields[0], "");
	csv_free(&p.reader);
}

static void a_bare_quote_inside_a_field_is_literal(void **state)
{
	struct parsed p;
	(void)state;
	parse_text(&p, "5\"屏,b\n");
	assert_int_equal(p.status, CSV_END);
	assert_string_equal(p.rec[0].fields[0], "5\"屏");
	csv_free(&p.reader);
}

static void an_unterminated_quote_names_its_line(void **state)
{
	struct parsed p;
	(void)state;
	parse_text(&p, "h1,h2\nx,y\nz,\"open\nstill open\n");
	assert_int_equal(p.status, CSV_ERROR);
	assert_int_equal(p.records, 2);
	assert_non_null(strstr(p.reader.message, "line 3"));
	assert_non_null(strstr(p.reader.message, "not closed"));
	/* The reader stays failed. */
	{
		struct csv_record rec;
		assert_int_equal(csv_next(&p.reader, &rec), CSV_ERROR);
	}
	csv_free(&p.reader);
}

static void refuses_text_after_a_closing_quote(void **state)
{
	struct parsed p;
	(void)state;
	parse_text(&p, "a\n\"b\"c,d\n");
	assert_int_equal(p.status, CSV_ERROR);
	assert_non_null(strstr(p.reader.message, "line 2"));
	csv_free(&p.reader);
}

static void refuses_nul_bytes_and_too_many_fields(void **state)
{
	static const char nul[] = "a\nb\0c\n";
	char wide[CSV_MAX_FIELDS * 2 + 2];
	struct parsed p;
	(void)state;
	parse(&p, nul, sizeof(nul) - 1);
	assert_int_equal(p.status, CSV_ERROR);
	assert_non_null(strstr(p.reader.message, "line 2"));
	csv_free(&p.reader);

	memset(wide, ',', sizeof(wide) - 1);
	wide[sizeof(wide) - 1] = '\0';
	parse_text(&p, wide);
	assert_int_equal(p.status, CSV_ERROR);
	assert_non_null(strstr(p.reader.message, "line 1"));
	csv_free(&p.reader);
	/* Exactly the most fields is fine. */
	wide[CSV_MAX_FIELDS - 1] = '\0';
	parse_text(&p, wide);
	assert_int_equal(p.status, CSV_END);
	assert_int_equal(p.rec[0].count, CSV_MAX_FIELDS);
	csv_free(&p.reader);
}

static void recognizes_gbk(void **state)
{
	/* "企业名称,地址" in GBK, and a GB18030 four-byte sequence. */
	static const char gbk[] = "\xC6\xF3\xD2\xB5\xC3\xFB\xB3\xC6,\xB5\xD8\xD6\xB7\r\n";
	static const char gb18030[] = "a\x81\x30\x81\x30z";
	(void)state;
	assert_true(csv_looks_like_gbk(gbk, sizeof(gbk) - 1));
	assert_true(csv_looks_like_gbk(gb18030, sizeof(gb18030) - 1));
	/* Plain ASCII has nothing to recognize; Latin-1 and cut sequences are not GBK. */
	assert_false(csv_looks_like_gbk("abc", 3));
	assert_false(csv_looks_like_gbk("caf\xE9", 4));
	assert_false(csv_looks_like_gbk("a\x80" "b", 3));
	assert_false(csv_looks_like_gbk("\xC6\x7F", 2));
	assert_false(csv_looks_like_gbk("\xFF\xFE", 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_plain_records),
		cmocka_unit_test(unquotes_commas_quotes_and_line_breaks),
		cmocka_unit_test(skips_the_byte_order_mark),
		cmocka_unit_test(takes_crlf_lf_and_lone_cr),
		cmocka_unit_test(a_trailing_line_break_ends_the_file),
		cmocka_unit_test(keeps_empty_fields_at_the_end),
		cmocka_unit_test(a_bare_quote_inside_a_field_is_literal),
		cmocka_unit_test(an_unterminated_quote_names_its_line),
		cmocka_unit_test(refuses_text_after_a_closing_quote),
		cmocka_unit_test(refuses_nul_bytes_and_too_many_fields),
		cmocka_unit_test(recognizes_gbk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
