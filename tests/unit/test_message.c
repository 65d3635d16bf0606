/* Messages in Simplified Chinese: the language asked for, and the translation tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/error.h"
#include "base/message.h"
#include "input/json.h"

/* Whether s holds a CJK ideograph (U+4E00..U+9FFF, E4 B8 80 .. E9 BF BF in UTF-8). */
static int has_chinese(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0xE4 && *p <= 0xE9 && p[1] >= 0x80 && p[2] >= 0x80)
			return 1;
	return 0;
}

static void language_from_the_header(void **state)
{
	(void)state;
	assert_int_equal(message_language(NULL), LANG_ZH);
	assert_int_equal(message_language(""), LANG_ZH);
	assert_int_equal(message_language("zh-CN"), LANG_ZH);
	assert_int_equal(message_language("zh-CN,zh;q=0.9,en;q=0.8"), LANG_ZH);
	assert_int_equal(message_language("ZH_cn"), LANG_ZH);
	assert_int_equal(message_language("en"), LANG_EN);
	assert_int_equal(message_language("en-US,en;q=0.9"), LANG_EN);
	assert_int_equal(message_language("en-US,zh-CN;q=0.5"), LANG_EN);
	assert_int_equal(message_language("zh-CN;q=0.9, en;q=0.3"), LANG_ZH);
	assert_int_equal(message_language("fr-FR"), LANG_ZH);          /* neither: the default */
	assert_int_equal(message_language("en;q=0"), LANG_ZH);         /* q=0 means "not this" */
	assert_int_equal(message_language("english"), LANG_ZH);        /* not a tag of en */
	assert_int_equal(message_language(",,;q=,"), LANG_ZH);
}

static void every_error_has_chinese(void **state)
{
	(void)state;
	for (int e = 0; e < ERR__COUNT; e++)
		assert_true(has_chinese(error_message_zh((enum err)e)));
	assert_string_equal(error_message_zh(ERR_BAD_CREDENTIALS), "用户名或密码错误");
	assert_string_equal(error_message(ERR_BAD_CREDENTIALS), "wrong username or password");
}

static void fixed_and_patterned_messages(void **state)
{
	char buf[512];

	(void)state;
	assert_string_equal(message_translate("is required", buf, sizeof(buf)), "必填");
	assert_string_equal(message_translate("must be a text with a length from 1 to 2000", buf, sizeof(buf)),
	                    "长度应为 1 到 2000 个字符");
	assert_string_equal(message_translate("must be a whole number of at least 1", buf, sizeof(buf)),
	                    "应为不小于 1 的整数");
	assert_string_equal(message_translate("must be one of: general major", buf, sizeof(buf)),
	                    "应为以下之一：general major");
	assert_string_equal(message_translate("must be at least 10 characters long", buf, sizeof(buf)),
	                    "至少需要 10 个字符");
	assert_string_equal(message_translate("统一社会信用代码: the check character (the 18th) does not match; is a character mistyped?",
	                                      buf, sizeof(buf)),
	                    "统一社会信用代码：校验位（第 18 位）不符，是否有字符输错？");
	assert_string_equal(message_translate("统一社会信用代码: is the same as on line 8", buf, sizeof(buf)),
	                    "统一社会信用代码：与第 8 行重复");
	assert_string_equal(message_translate("the row has 9 columns; the header has 8", buf, sizeof(buf)),
	                    "这一行有 9 列，首行有 8 列");
	assert_null(message_translate("no entry has this text", buf, sizeof(buf)));
	assert_null(message_translate("is required!", buf, sizeof(buf)));   /* whole text only */
	assert_null(message_translate(NULL, buf, sizeof(buf)));
}

static void a_small_buffer_is_cut_not_overrun(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_non_null(message_translate("must be a text with a length from 1 to 2000", buf, sizeof(buf)));
	assert_true(strlen(buf) < sizeof(buf));
}

static void detail_codes(void **state)
{
	(void)state;
	assert_true(has_chinese(message_for_detail_code("not_found")));
	assert_true(has_chinese(message_for_detail_code("weak")));
	assert_null(message_for_detail_code("no_such_code"));
	assert_null(message_for_detail_code(NULL));
}

/* Every reason the JSON body parser gives, its own and json-c's, is in the table. */
static void every_json_reason_has_chinese(void **state)
{
	static const char *const bodies[] = {
		"", "{", "{\"a\":1} x", "[1]", "{\"a\":nul}", "{\"a\":tru}", "{\"a\":-}",
		"{\"a\":[1 2]}", "{a:1}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{\"a\":\"\\x\"}",
		"{\"a\":\"\\u0000\"}", "{\"a\":\"\\udc00\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\x01\"}",
		"{\"a\":\"\xff\"}", "{\"a\":[[[[[[[[[[1]]]]]]]]]]}", "{\"a\":1}\0",
	};
	char buf[512];

	(void)state;
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		json_object *out = NULL;
		const char *why = NULL;
		size_t len = strlen(bodies[i]) + (i == sizeof(bodies) / sizeof(bodies[0]) - 1);

		if (json_parse_body(bodies[i], len, 4, &out, &why) == ERR_NONE) {
			json_object_put(out);
			fail_msg("body %zu parsed", i);
		}
		if (message_translate(why, buf, sizeof(buf)) == NULL)
			fail_msg("no Chinese for \"%s\"", why);
	}
	for (int e = json_tokener_error_depth; e <= json_tokener_error_size; e++)
		if (message_translate(json_tokener_error_desc((enum json_tokener_error)e), buf, sizeof(buf)) == NULL)
			fail_msg("no Chinese for json-c's \"%s\"", json_tokener_error_desc((enum json_tokener_error)e));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(language_from_the_header),
		cmocka_unit_test(every_error_has_chinese),
		cmocka_unit_test(fixed_and_patterned_messages),
		cmocka_unit_test(a_small_buffer_is_cut_not_overrun),
		cmocka_unit_test(detail_codes),
		cmocka_unit_test(every_json_reason_has_chinese),
	};
	return cmocka_run_group_tests_name("message", tests, NULL, NULL);
}
