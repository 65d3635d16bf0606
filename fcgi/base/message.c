/*
 * message.c -- Simplified Chinese beside the English of the API's messages.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/message.h"

/*
 * English (as raised; %d and %s match any text) → Chinese (%d and %s take
 * the matched texts in order). The first entry that matches wins, so a more
 * specific entry goes before a general one.
 */
#define FOR_EACH_MESSAGE(X)                                                                          \
	/* field checks (input/fields.c) */                                                          \
	X("is required", "必填")                                                                     \
	X("may not be null", "不能为空")                                                             \
	X("must be a string", "应为文字")                                                            \
	X("must be a whole number", "应为整数")                                                      \
	X("is too large a number", "数值过大")                                                       \
	X("must be true or false", "应为“是”或“否”")                                                 \
	X("must be an object", "格式不正确，应为对象")                                               \
	X("must be an array", "格式不正确，应为列表")                                                \
	X("must be a date written YYYY-MM-DD", "应为日期，格式如 2026-01-31")                       \
	X("must be a positive id or none", "应为正整数编号，或 none（表示没有）")                   \
	X("must be a positive id", "应为正整数编号")                                                 \
	X("must be a list of ids", "应为编号（正整数）的列表")                                        \
	X("is not a field of this request", "不是本请求的字段")                                      \
	X("must be a text with a length from %d to %d", "长度应为 %d 到 %d 个字符")                 \
	X("must be a text with a length of at least %d", "长度至少为 %d 个字符")                     \
	X("must be a whole number from %d to %d", "应为 %d 到 %d 之间的整数")                        \
	X("must be a whole number of at least %d", "应为不小于 %d 的整数")                           \
	X("must be a list with a length from %d to %d", "应有 %d 到 %d 项")                          \
	X("must be a list with a length of at least %d", "至少应有 %d 项")                           \
	X("must be one of: %s", "应为以下之一：%s")                                                  \
	X("is not a cursor this list handed out", "不是本列表给出的翻页位置")                        \
	/* the JSON body (input/json.c), with json-c's own reasons */                                \
	X("the body is empty", "请求内容为空")                                                       \
	X("the body is too long to parse", "请求内容过长，无法解析")                                 \
	X("the body contains a NUL byte", "请求内容含有空字符（NUL）")                               \
	X("the body is not strict JSON in UTF-8", "请求内容不是 UTF-8 编码的标准 JSON")              \
	X("a string holds \\u0000, which no text may hold", "字符串中含有 \\u0000，文字中不允许出现") \
	X("a string holds the second half of a surrogate pair without its first",                   \
	  "字符串中的 UTF-16 代理对缺少前半部分")                                                    \
	X("a string holds the first half of a surrogate pair without its second",                   \
	  "字符串中的 UTF-16 代理对缺少后半部分")                                                    \
	X("a string holds a raw control character, which JSON allows only escaped",                \
	  "字符串中含有未转义的控制字符，JSON 只允许转义形式")                                       \
	X("the JSON text ends early", "JSON 内容不完整，提前结束")                                   \
	X("the JSON nests too deeply", "JSON 嵌套层数过多")                                          \
	X("there is data after the JSON value", "JSON 内容之后还有多余的数据")                       \
	X("the body must be a JSON object", "请求内容应为 JSON 对象")                                \
	X("send the body as application/json", "请以 application/json 格式发送请求内容")            \
	X("nesting too deep", "嵌套层数过多")                                                        \
	X("unexpected end of data", "数据意外结束")                                                  \
	X("unexpected character", "出现了不应有的字符")                                              \
	X("null expected", "此处应为 null")                                                          \
	X("boolean expected", "此处应为 true 或 false")                                              \
	X("number expected", "此处应为数字")                                                         \
	X("array value separator ',' expected", "列表的各项之间应以“,”分隔")                         \
	X("quoted object property name expected", "此处应为带引号的字段名")                          \
	X("object property name separator ':' expected", "字段名之后应为“:”")                        \
	X("object value separator ',' expected", "对象的各字段之间应以“,”分隔")                      \
	X("invalid string sequence", "字符串中有无效的转义序列")                                     \
	X("expected comment", "注释格式不正确")                                                      \
	X("invalid utf-8 string", "含有无效的 UTF-8 字符")                                           \
	X("buffer size overflow", "内容超出缓冲区大小")                                              \
	X("out of memory", "内存不足")                                                               \
	/* passwords (server/password.c, api/session.c) */                                           \
	X("must be at least 10 characters long", "至少需要 10 个字符")                               \
	X("must be at most 128 characters long", "不能超过 128 个字符")                              \
	X("must not be the username", "不能与用户名相同")                                            \
	X("is not your password", "当前密码不正确")                                                  \
	X("must not be one character repeated", "不能由同一个字符重复组成")                            \
	X("is one of the commonest passwords; choose another", "是最常见的密码之一，请换一个")          \
	/* enterprise logins (api/login.c) */                                                          \
	X("no enterprise matches", "没有符合条件的企业")                                                \
	X("must be a mobile number of 11 digits", "应为 11 位手机号码")                                  \
	X("choose the enterprises: a sector, a grid node, ids, credit codes or without_login",                \
	  "请选择企业：按领域、网格、企业编号、信用代码，或“尚无登录账号的企业”")                           \
	X("is required to register a new enterprise", "登记新企业时必填")                                \
	X("matches more than 20000 enterprises; narrow the filter", "符合条件的企业超过 20000 家，请缩小范围") \
	/* the hazard life cycle (api/hazard_lifecycle.c) */                                         \
	X("is not an action of the life cycle", "不是隐患办理中的操作")                              \
	X("an enterprise starts and submits its hazards; the township verifies, rejects, closes and reopens", \
	  "企业只能开始整改和提交整改；验收、驳回、销号和重新打开由乡镇办理")                        \
	X("your role changes no hazard this way", "您的角色不能这样办理隐患")                         \
	X("the hazard is another enterprise's", "这是其他企业的隐患")                                 \
	X("the hazard's status does not allow this action", "隐患当前的状态不允许此操作")             \
	X("only a hazard of mode immediate is closed on the spot; start its rectification",          \
	  "只有“立即整改”的隐患才能当场销号，请先开始整改")                                           \
	X("the one who submitted the rectification does not judge it", "提交整改的人不能验收自己的整改") \
	X("only the committee closes a major hazard", "重大隐患只能由镇指挥部验收销号")               \
	X("a major hazard needs its five items (responsibility, measures, funds, time limit, contingency plan) before rectification starts", \
	  "重大隐患须先落实责任、措施、资金、时限和预案（五落实），才能开始整改")                      \
	X("upload a photo tagged after the rectification first", "请先上传整改后的照片")              \
	X("upload a photo of the hazard (tag before or after) first", "请先上传隐患照片（整改前或整改后）") \
	X("say why in a note", "请在说明中写明理由")                                                  \
	/* credit codes (input/creditcode.c) and phones */                                             \
	X("must be 18 characters", "应为 18 位")                                                       \
	X("must be written in capital letters", "字母应为大写")                                        \
	X("may only hold digits and the capital letters A-Y except I, O, S, V and Z",                  \
	  "只能由数字和除 I、O、S、V、Z 以外的大写字母 A-Y 组成")                                       \
	X("characters 3 to 8 must be digits (the administrative division code)",                       \
	  "第 3 至 8 位应为数字（行政区划码）")                                                         \
	X("the check character (the 18th) does not match; is a character mistyped?",                  \
	  "校验位（第 18 位）不符，是否有字符输错？")                                                   \
	X("is not a valid credit code", "不是有效的统一社会信用代码")                                  \
	X("must be 5 to 20 digits, spaces, '+' or '-'", "应为 5 到 20 位数字、空格、“+”或“-”")          \
	X("is not an active sector of the county", "不是本县在用的行业领域")                            \
	X("is not a work area, department or village of the township's grid",                          \
	  "不是本镇网格中的工作区、部门或村")                                                           \
	/* the enterprise import (api/enterprise.c): "<column>: <problem>" */                           \
	X("nothing was imported: some rows are invalid", "有的行有误，全部未导入")                     \
	X("the file is empty", "文件是空的")                                                          \
	X("the file is not UTF-8; it looks like GBK (GB18030) — save it as CSV UTF-8",                 \
	  "文件不是 UTF-8 编码，看起来是 GBK（GB18030）：请另存为“CSV UTF-8”")                          \
	X("the file is not UTF-8", "文件不是 UTF-8 编码")                                               \
	X("the file has a header but no enterprises", "文件只有首行，没有企业")                         \
	X("the file has more than %d rows; split it", "文件超过 %d 行，请拆分后导入")                   \
	X("the first row must be the header %s", "首行应为表头：%s")                                    \
	X("the row has %d columns; the header has %d", "这一行有 %d 列，首行有 %d 列")                 \
	X("%d more problems are not listed", "另有 %d 个问题未列出")                                   \
	X("the sectors or the grid changed during the import; try again", "导入期间行业领域或网格有变动，请重试") \
	X("send the file as text/csv", "请以 text/csv 格式上传文件")                                   \
	X("%s: is required", "%s：必填")                                                               \
	X("%s: must be a text with a length from %d to %d", "%s：长度应为 %d 到 %d 个字符")            \
	X("%s: must be 18 characters", "%s：应为 18 位")                                                \
	X("%s: must be written in capital letters", "%s：字母应为大写")                                 \
	X("%s: may only hold digits and the capital letters A-Y except I, O, S, V and Z",              \
	  "%s：只能由数字和除 I、O、S、V、Z 以外的大写字母 A-Y 组成")                                   \
	X("%s: characters 3 to 8 must be digits (the administrative division code)",                   \
	  "%s：第 3 至 8 位应为数字（行政区划码）")                                                     \
	X("%s: the check character (the 18th) does not match; is a character mistyped?",              \
	  "%s：校验位（第 18 位）不符，是否有字符输错？")                                               \
	X("%s: must be 5 to 20 digits, spaces, '+' or '-'", "%s：应为 5 到 20 位数字、空格、“+”或“-”")  \
	X("%s: no active sector of the county has this name", "%s：本县没有这个在用的行业领域")         \
	X("%s: no work area, department or village of the township has this name",                    \
	  "%s：本镇网格中没有这个工作区、部门或村")                                                     \
	X("%s: %d grid nodes of the township have this name", "%s：本镇有 %d 个网格重名，无法确定")     \
	X("%s: is registered in the township already", "%s：本镇已登记过")                              \
	X("%s: is the same as on line %d", "%s：与第 %d 行重复")                                        \
	/* handlers' own messages */                                                                     \
	X("a closed hazard is not edited; reopen it first", "已销号的隐患不能修改，请先重新打开")         \
	X("more rows than a sheet holds: narrow the filters, or export CSV",                             \
	  "行数超过一张工作表的上限，请缩小筛选范围，或导出 CSV")                                      \
	X("a closed hazard takes no more evidence; reopen it first", "已销号的隐患不能再上传材料，请先重新打开") \
	X("a closed order takes no more files", "已办结的督办单不能再上传材料")                        \
	X("must be ids of files uploaded to this order", "须为本督办单上传的附件编号")                   \
	X("a self-inspection is of your own enterprise", "自查只能检查本企业")                           \
	X("an assignee reports progress and state only", "承办人只能汇报进度和状态")                     \
	X("every item needs a result before the inspection is submitted", "每一项都填写结果后才能提交检查") \
	X("no such item in this inspection's checklist", "本次检查的检查表中没有这一项")                \
	X("only JPEG, PNG and WebP photos are taken", "只接受 JPEG、PNG 和 WebP 格式的照片")              \
	X("only JPEG, PNG, WebP and PDF files are taken", "只接受 JPEG、PNG、WebP 和 PDF 格式的文件")      \
	X("the image is damaged or cut off: its size cannot be read", "图片已损坏或不完整，无法读取其尺寸") \
	X("the PDF is damaged or cut off: it lacks its cross-reference or end", "PDF 文件已损坏或不完整，缺少交叉引用表或文件结尾") \
	X("severity and mode are settled once rectification has started", "开始整改后不能再改隐患等级和整改方式") \
	X("tasks, letters or documents still name the node", "还有任务、责任书或文件关联这个网格")         \
	X("the campaign is closed and can no longer change", "攻坚行动已结束，不能再修改")               \
	X("the county campaign is closed", "县级攻坚行动已结束")                                         \
	X("the inspection is submitted and can no longer change", "检查已提交，不能再修改")              \
	X("the task is assigned to someone else", "这项任务不是您承办的")                                \
	X("the tip was handled already", "这条举报已处理过")                                             \
	X("too many tips from this address; try again later", "举报过于频繁，请稍后再试")                \
	X("you answer for none of this document's recipients", "您不负责这份文件的任何接收单位")          \
	/* public tips */                                                                              \
	X("describe what you saw", "请描述您看到的情况")                                              \
	X("cannot be in the past", "不能早于今天")                                                    \
	X("must not be before starts_on", "不能早于开始日期")

/* One per detail code, for a message that has no entry of its own. */
#define FOR_EACH_DETAIL_CODE(X)                                                                      \
	X("required", "必填")                                                                        \
	X("null", "不能为空")                                                                        \
	X("type", "类型不正确")                                                                      \
	X("length", "长度不符合要求")                                                                \
	X("range", "超出允许的范围")                                                                 \
	X("choice", "不是可选的值")                                                                  \
	X("date", "日期不正确")                                                                      \
	X("id", "编号不正确")                                                                        \
	X("unknown", "不是本请求的字段")                                                             \
	X("invalid", "填写不正确")                                                                   \
	X("not_found", "不存在，或不属于本乡镇")                                                     \
	X("duplicate", "已存在相同的记录")                                                           \
	X("conflict", "与现有记录冲突")                                                              \
	X("weak", "密码不符合要求")                                                                  \
	X("wrong", "不正确")                                                                         \
	X("before_start", "不能早于开始日期")                                                        \
	X("not_allowed", "此处不能填写")                                                             \
	X("missing", "尚未填写")                                                                     \
	X("before_inspection", "不能早于检查日期")                                                   \
	X("more_problems", "还有更多问题未列出")

struct pair {
	const char *english, *chinese;
};

static const struct pair messages[] = {
#define X(en, zh) {en, zh},
	FOR_EACH_MESSAGE(X)
#undef X
};

static const struct pair detail_codes[] = {
#define X(code, zh) {code, zh},
	FOR_EACH_DETAIL_CODE(X)
#undef X
};

/* Weight of one Accept-Language entry ("zh-CN;q=0.8" → 0.8); 1 without q. */
static double entry_weight(const char *entry, size_t len)
{
	const char *q = entry;

	while ((q = memchr(q, ';', (size_t)(entry + len - q))) != NULL) {
		q++;
		while (q < entry + len && *q == ' ')
			q++;
		if (q + 2 <= entry + len && (q[0] == 'q' || q[0] == 'Q') && q[1] == '=')
			return strtod(q + 2, NULL);
	}
	return 1.0;
}

enum lang message_language(const char *header)
{
	double zh = -1.0, en = -1.0;
	const char *p = header;

	if (header == NULL)
		return LANG_ZH;
	while (*p) {
		size_t len = strcspn(p, ",");
		const char *tag = p;
		double w;

		while (tag < p + len && *tag == ' ')
			tag++;
		w = entry_weight(tag, (size_t)(p + len - tag));
		if (strncasecmp(tag, "zh", 2) == 0 && (tag[2] == '\0' || strchr("-_;, ", tag[2])))
			zh = w > zh ? w : zh;
		else if (strncasecmp(tag, "en", 2) == 0 && (tag[2] == '\0' || strchr("-_;, ", tag[2])))
			en = w > en ? w : en;
		p += len;
		if (*p == ',')
			p++;
	}
	return en > zh && en > 0.0 ? LANG_EN : LANG_ZH;
}

/*
 * Match `text` against `pattern`, whose %d / %s match any non-empty run; the
 * matched runs go to spans[] (at most 4). A wildcard takes the shortest run
 * after which the rest matches.
 */
static bool match(const char *pattern, const char *text, const char *spans[][2], int *count)
{
	if (*pattern == '\0')
		return *text == '\0';
	if (pattern[0] == '%' && (pattern[1] == 'd' || pattern[1] == 's')) {
		if (*count >= 4)
			return false;
		for (const char *end = text + 1; end <= text + strlen(text); end++) {
			int saved = *count;
			spans[*count][0] = text;
			spans[*count][1] = end;
			(*count)++;
			if (match(pattern + 2, end, spans, count))
				return true;
			*count = saved;
		}
		return false;
	}
	return *pattern == *text && match(pattern + 1, text + 1, spans, count);
}

const char *message_translate(const char *english, char *buf, size_t size)
{
	if (english == NULL || size == 0)
		return NULL;
	for (size_t i = 0; i < sizeof(messages) / sizeof(messages[0]); i++) {
		const char *spans[4][2];
		int count = 0, used = 0;
		size_t out = 0;

		if (!match(messages[i].english, english, spans, &count))
			continue;
		for (const char *z = messages[i].chinese; *z && out + 1 < size; z++) {
			if (z[0] == '%' && (z[1] == 'd' || z[1] == 's') && used < count) {
				size_t n = (size_t)(spans[used][1] - spans[used][0]);
				if (out + n + 1 > size)
					n = size - out - 1;
				memcpy(buf + out, spans[used][0], n);
				out += n;
				used++;
				z++;
				continue;
			}
			buf[out++] = *z;
		}
		buf[out] = '\0';
		return buf;
	}
	return NULL;
}

const char *message_for_detail_code(const char *code)
{
	if (code == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(detail_codes) / sizeof(detail_codes[0]); i++)
		if (strcmp(detail_codes[i].english, code) == 0)
			return detail_codes[i].chinese;
	return NULL;
}
