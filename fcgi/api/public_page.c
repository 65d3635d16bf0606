/*
 * public_page.c -- the page a phone opens from the gate notice's QR code
 * (/p/{token}): the enterprise, its cadre, its open hazards, the latest
 * inspection and its kind, and the tip form (举报) -- HTML rendered here, in
 * Simplified Chinese, small and readable at 360 px without scripts.
 *
 * The same content as the public JSON (public.c, app.public_enterprise),
 * every text escaped (svg_text).  The form works without JavaScript (text
 * and contact, posted here); /p/tip.js, when it runs, sends it to the
 * public tips API with the photo as well.  The CSP nginx sends allows only
 * scripts of the site, so the script is a file of its own, not inline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "api/public.h"
#include "input/fields.h"
#include "input/json.h"
#include "input/text.h"

/* ------------------------------------------------------------------------
 * The frame every page shares
 * ------------------------------------------------------------------------ */

static const char page_style[] =
	"*{box-sizing:border-box}"
	"body{margin:0;font:16px/1.6 system-ui,'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif;"
	"color:#111;background:#f6f6f6}"
	"main{max-width:40rem;margin:0 auto;padding:0 0 2rem}"
	"header{background:#b00;color:#fff;padding:1rem}"
	"h1{font-size:1.25rem;margin:0}h2{font-size:1.1rem;margin:0 0 .5rem}h3{font-size:1rem;margin:1rem 0 .25rem}"
	"section{background:#fff;margin:.75rem 0;padding:1rem}"
	"dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem}dt{color:#555}dd{margin:0;overflow-wrap:anywhere}"
	"ol{margin:0;padding-left:1.25rem}li{margin:.5rem 0}.item{overflow-wrap:anywhere}"
	".meta{color:#444;font-size:.9rem}.overdue .status{color:#c00;font-weight:bold}"
	"label{display:block;margin:.75rem 0 .25rem;font-weight:bold}"
	"textarea,input{width:100%;font:inherit;padding:.5rem;border:1px solid #999;border-radius:4px}"
	"button{margin-top:1rem;width:100%;font:inherit;font-weight:bold;padding:.75rem;border:0;border-radius:4px;"
	"background:#b00;color:#fff}"
	".note{color:#444;font-size:.9rem}#tip-status:empty{display:none}#tip-status{padding:.5rem;background:#fff6d6}"
	"footer{padding:0 1rem;font-size:.9rem}a{color:#0645ad}";

static void page_open(FILE *f, const char *title, const char *name)
{
	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"referrer\" content=\"no-referrer\">\n<title>", f);
	svg_text(f, title, 40);
	if (name) {
		fputs("：", f);
		svg_text(f, name, 100);
	}
	fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n", page_style);
}

static void page_close(FILE *f)
{
	fputs("</main>\n</body>\n</html>\n", f);
}

/* A short page of its own: a heading and one paragraph (an error, a receipt). */
static void page_message(FILE *f, const char *title, const char *text, const char *token)
{
	page_open(f, title, NULL);
	fputs("<header><h1>", f);
	svg_text(f, title, 40);
	fputs("</h1></header>\n<section><p>", f);
	svg_text(f, text, 400);
	fputs("</p>", f);
	if (token) {
		fputs("<p><a href=\"" PUBLIC_PAGE_PATH, f);
		svg_text(f, token, 64);
		fputs("\">返回公示页面</a></p>", f);
	}
	fputs("</section>\n", f);
	page_close(f);
}

/* A page being written: open_memstream's stream and buffer. */
struct page {
	FILE *f;
	char *buf;
	size_t len;
};

static bool page_start(struct page *p)
{
	p->buf = NULL;
	p->len = 0;
	return (p->f = open_memstream(&p->buf, &p->len)) != NULL;
}

/* The request answers the page written with status; the request frees it. */
static enum err page_reply(struct request *req, struct page *p, int status)
{
	if (fclose(p->f) != 0) {
		free(p->buf);
		return ERR_INTERNAL;
	}
	req->reply_owned = p->buf;
	req->reply_bytes = p->buf;
	req->reply_len = p->len;
	req->reply_type = "text/html; charset=utf-8";
	req->status = status;
	return ERR_NONE;
}

/* A short page answered with status: a heading and one paragraph. */
static enum err page_answer(struct request *req, int status, const char *title, const char *text,
                            const char *token)
{
	struct page p;

	if (!page_start(&p))
		return ERR_INTERNAL;
	page_message(p.f, title, text, token);
	return page_reply(req, &p, status);
}

/*
 * The public JSON of the path's token into *res; for a token no enterprise
 * has (now), the 404 page is answered instead and *res is NULL.
 */
static enum err page_lookup(struct request *req, PGresult **res)
{
	enum err e = public_lookup(req, res);

	if (e != ERR_NOT_FOUND)
		return e;
	return page_answer(req, 404, "公示页面不存在",
	                   "这个二维码已经失效，或地址有误。请以企业门口张贴的最新公示为准。", NULL);
}

/* ------------------------------------------------------------------------
 * The page
 * ------------------------------------------------------------------------ */

static void page_enterprise(FILE *f, json_object *page)
{
	json_object *enterprise = member_object(page, "enterprise");
	char inspected[64];

	public_latest_inspection(page, inspected, sizeof(inspected));
	fputs("<section class=\"enterprise\">\n<h2>", f);
	svg_text(f, member_string(enterprise, "name", ""), 200);
	fputs("</h2>\n<dl>\n<dt>企业地址</dt><dd>", f);
	svg_text(f, member_string(enterprise, "address", "—"), 200);
	fputs("</dd>\n<dt>所属乡镇</dt><dd>", f);
	svg_text(f, member_string(member_object(page, "township"), "name", ""), 100);
	fputs("</dd>\n<dt>包扶干部</dt><dd>", f);
	svg_text(f, member_string(member_object(page, "cadre"), "display_name", "—"), 100);
	fputs("</dd>\n<dt>最近检查</dt><dd class=\"latest-inspection\">", f);
	svg_text(f, inspected, 40);
	fputs("</dd>\n</dl>\n</section>\n", f);
}

/*
 * The open hazards the page lists, one a list item; those closed lately are
 * only counted, and so are the open ones past the list's 50.
 */
static void page_hazards(FILE *f, json_object *page)
{
	json_object *hazards = member_object(page, "hazards");
	struct public_counts c = public_hazard_counts(page);
	size_t n = hazards ? json_object_array_length(hazards) : 0, listed = 0;

	fprintf(f, "<section class=\"hazards\">\n<h2>未销号隐患：%zu 项", c.open);
	if (c.overdue > 0)
		fprintf(f, "，其中逾期 %zu 项", c.overdue);
	fputs("</h2>\n", f);
	if (c.open == 0)
		fputs(c.closed_recently == 0 ? "<p>经排查，暂未发现安全隐患。</p>\n" : "<p>目前没有未销号的隐患。</p>\n", f);
	else
		fputs("<ol>\n", f);
	for (size_t i = 0; i < n; i++) {
		json_object *h = json_object_array_get_idx(hazards, i);
		const char *code = json_string_of(h, "item_code");
		const char *mode = json_string_of(h, "mode");
		const char *deadline = json_string_of(h, "deadline");
		bool late = json_object_get_boolean(member_object(h, "overdue"));

		if (strcmp(member_string(h, "status", ""), "closed") == 0)
			continue;
		listed++;
		fprintf(f, "<li class=\"hazard%s\"><div class=\"item\">", late ? " overdue" : "");
		if (code) {
			svg_text(f, code, 20);
			fputc(' ', f);
		}
		svg_text(f, member_string(h, "item", ""), 200);
		fputs("</div>\n<div class=\"meta\">", f);
		svg_text(f, public_label(public_modes, mode), 10);
		/* Rectified on the spot (立即整改): no deadline (0014), none shown. */
		if (deadline) {
			fputs(" · 整改期限 ", f);
			svg_text(f, deadline, 10);
		}
		fputs(" · <span class=\"status\">", f);
		if (late)
			fputs("已逾期·", f);
		svg_text(f, public_label(public_statuses, json_string_of(h, "status")), 10);
		fputs("</span></div></li>\n", f);
	}
	if (c.open > 0)
		fputs("</ol>\n", f);
	if (c.open > listed)
		fprintf(f, "<p class=\"note\">以上列出整改期限最近的 %zu 项，另有 %zu 项未列出。</p>\n",
		        listed, c.open - listed);
	if (c.closed_recently > 0)
		fprintf(f, "<p class=\"note\">近 90 天已整改销号 %zu 项。</p>\n", c.closed_recently);
	fputs("</section>\n", f);
}

static void page_tip_form(FILE *f, const char *token, const char *town)
{
	fputs("<section class=\"tip\">\n<h2>我要举报</h2>\n"
	      "<p>发现本企业存在安全隐患、整改不到位或弄虚作假，请在这里告诉我们。无需注册，可以不留姓名。</p>\n"
	      "<form id=\"tip-form\" method=\"post\" action=\"" PUBLIC_PAGE_PATH, f);
	svg_text(f, token, 64);
	fputs("/tip\" data-token=\"", f);
	svg_text(f, token, 64);
	fputs("\">\n"
	      "<label for=\"tip-text\">看到了什么（必填）</label>\n"
	      "<textarea id=\"tip-text\" name=\"text\" rows=\"5\" maxlength=\"1000\" required></textarea>\n"
	      "<label for=\"tip-photo\">现场照片（选填，一张）</label>\n"
	      "<input id=\"tip-photo\" name=\"photo\" type=\"file\" accept=\"image/jpeg,image/png,image/webp\">\n"
	      "<label for=\"tip-contact\">联系方式（选填）</label>\n"
	      "<input id=\"tip-contact\" name=\"contact\" maxlength=\"60\" autocomplete=\"tel\">\n"
	      "<button type=\"submit\">提交举报</button>\n"
	      "<p id=\"tip-status\" role=\"status\" aria-live=\"polite\"></p>\n"
	      "</form>\n<h3>提交后会怎样</h3>\n<ul class=\"note\">\n<li>举报由", f);
	svg_text(f, town, 100);
	fputs("安全生产攻坚行动指挥部受理：工作人员会到现场核实，查实的隐患纳入整改销号管理，整改情况在本页公示。</li>\n"
	      "<li>举报人信息严格保密：被举报企业看不到举报内容和联系方式，也不会知道隐患来自举报；"
	      "照片里的拍摄位置、时间和设备等信息在保存前即被删除。</li>\n"
	      "<li>联系方式只用于工作人员核实情况时联系您。</li>\n"
	      "<li>照片需要浏览器允许运行脚本才能上传；不能上传时，文字举报同样有效。</li>\n</ul>\n</section>\n", f);
}

/*
 * GET /p/{token} -- no login: 200 the public page (text/html); 404 (an
 * HTML page) for an unknown or rotated token.
 */
enum err public_page(struct request *req)
{
	const char *token = req->params[0];
	json_object *page, *enterprise;
	struct page p;
	PGresult *res;
	enum err e;
	FILE *f;

	if ((e = page_lookup(req, &res)) != ERR_NONE || res == NULL)
		return e;
	page = json_tokener_parse(PQgetvalue(res, 0, 0));
	PQclear(res);
	if (!page_start(&p)) {
		json_object_put(page);
		return ERR_INTERNAL;
	}
	f = p.f;
	enterprise = member_object(page, "enterprise");
	page_open(f, "安全生产隐患排查整改公示", member_string(enterprise, "name", ""));
	fputs("<header><h1>安全生产隐患排查整改公示</h1><div class=\"meta\" style=\"color:#fff\">公示日期：", f);
	svg_text(f, member_string(page, "as_of", ""), 12);
	fputs("</div></header>\n", f);
	page_enterprise(f, page);
	page_hazards(f, page);
	page_tip_form(f, token, member_string(member_object(page, "township"), "name", ""));
	fputs("<footer><p><a href=\"" PUBLIC_PAGE_PATH, f);
	svg_text(f, token, 64);
	fputs("/notice\">打印 A4 公示牌</a></p></footer>\n"
	      "<script src=\"" PUBLIC_PAGE_PATH "tip.js\" defer></script>\n", f);
	page_close(f);
	json_object_put(page);
	return page_reply(req, &p, 200);
}

/*
 * GET /p/{token}/notice -- no login: 200 the A4 notice framed for the
 * browser's print dialog (one page, no margins: @page); 404 (HTML) for an
 * unknown token.
 */
enum err public_page_notice(struct request *req)
{
	const char *token = req->params[0];
	struct page p;
	PGresult *res;
	enum err e;
	FILE *f;

	if ((e = page_lookup(req, &res)) != ERR_NONE || res == NULL)
		return e;
	PQclear(res);
	if (!page_start(&p))
		return ERR_INTERNAL;
	f = p.f;
	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<title>打印公示牌</title>\n<style>"
	      "@page{size:A4 portrait;margin:0}"
	      "html,body{margin:0;padding:0}"
	      "img{display:block;width:210mm;height:297mm}"
	      "p{font:14px sans-serif;margin:8px}"
	      "@media print{p{display:none}}"
	      "</style>\n</head>\n<body>\n"
	      "<p>请使用浏览器的“打印”功能，纸张选 A4、边距选“无”。</p>\n"
	      "<img alt=\"安全生产隐患排查整改公示\" src=\"/api/v1/public/enterprises/", f);
	svg_text(f, token, 64);
	fputs("/notice.svg\">\n</body>\n</html>\n", f);
	return page_reply(req, &p, 200);
}

/* ------------------------------------------------------------------------
 * The tip form
 * ------------------------------------------------------------------------ */

/*
 * The script of the tip form: the text and contact to the public tips API,
 * then the photo, if one was chosen, with the upload token the tip gave.
 * Without it the form posts to /p/{token}/tip (no photo).
 */
static const char tip_script[] =
	"(function () {\n"
	"  var form = document.getElementById('tip-form');\n"
	"  if (!form || !window.fetch) return;\n"
	"  var status = document.getElementById('tip-status');\n"
	"  function say(text) { status.textContent = text; }\n"
	"  function failure(r) {\n"
	"    return r.json().then(function (b) { return (b.error && b.error.message) || '提交失败'; },\n"
	"                         function () { return '提交失败，请稍后再试'; });\n"
	"  }\n"
	"  form.addEventListener('submit', function (event) {\n"
	"    event.preventDefault();\n"
	"    var button = form.querySelector('button');\n"
	"    var photo = form.elements.photo.files[0];\n"
	"    button.disabled = true;\n"
	"    say('正在提交……');\n"
	"    fetch('/api/v1/public/tips', {method: 'POST', headers: {'Content-Type': 'application/json'},\n"
	"      body: JSON.stringify({token: form.dataset.token, text: form.elements.text.value,\n"
	"                            contact: form.elements.contact.value || null})})\n"
	"    .then(function (r) {\n"
	"      if (r.status !== 201) return failure(r).then(function (m) { throw new Error(m); });\n"
	"      return r.json();\n"
	"    })\n"
	"    .then(function (tip) {\n"
	"      if (!photo) return '';\n"
	"      return fetch('/api/v1/public/tips/' + tip.id + '/photo?token=' + tip.photo_upload_token,\n"
	"                   {method: 'POST', headers: {'Content-Type': photo.type || 'application/octet-stream'},\n"
	"                    body: photo})\n"
	"        .then(function (r) { return r.status === 201 ? '' : failure(r).then(function (m) {\n"
	"          return '（照片未能上传：' + m + '）'; }); });\n"
	"    })\n"
	"    .then(function (photoNote) {\n"
	"      form.reset();\n"
	"      say('举报已收到，谢谢您。工作人员核实后会依法处理，举报人信息严格保密。' + photoNote);\n"
	"    }, function (error) { say(error.message); })\n"
	"    .then(function () { button.disabled = false; });\n"
	"  });\n"
	"})();\n";

/* GET /p/tip.js -- no login: 200 the tip form's script (text/javascript). */
enum err public_page_script(struct request *req)
{
	req->reply_bytes = tip_script;
	req->reply_len = sizeof(tip_script) - 1;
	req->reply_type = "text/javascript; charset=utf-8";
	return ERR_NONE;
}

/*
 * The value of key in an application/x-www-form-urlencoded body, decoded
 * into a malloc'd string (the caller frees it): NULL if the key is absent;
 * *bad set for a bad escape, a NUL or invalid UTF-8.  A form of its own
 * rather than query_parse: a tip's 1000 characters take 9000 bytes encoded,
 * past what a query string may hold.
 */
char *public_form_value(const char *body, const char *key, bool *bad)
{
	size_t klen = strlen(key);

	for (const char *p = body; p && *p; p = strchr(p, '&'), p = p ? p + 1 : NULL) {
		size_t len = strcspn(p, "&");
		char *out, *o;

		if (len <= klen || strncmp(p, key, klen) != 0 || p[klen] != '=')
			continue;
		if ((out = o = malloc(len - klen)) == NULL) {
			*bad = true;
			return NULL;
		}
		for (const char *v = p + klen + 1; v < p + len; v++) {
			if (*v == '+') {
				*o++ = ' ';
			} else if (*v != '%') {
				*o++ = *v;
			} else if (v + 2 < p + len && hex_value(v[1]) >= 0 && hex_value(v[2]) >= 0 &&
			           (hex_value(v[1]) | hex_value(v[2])) != 0) {
				*o++ = (char)(hex_value(v[1]) << 4 | hex_value(v[2]));
				v += 2;
			} else {
				*bad = true;
				free(out);
				return NULL;
			}
		}
		*o = '\0';
		if (!utf8_valid(out, (size_t)(o - out))) {
			*bad = true;
			free(out);
			return NULL;
		}
		return out;
	}
	return NULL;
}

/*
 * POST /p/{token}/tip (text=…&contact=…, a form posted without scripts) --
 * no login, no CSRF token: 201 a page saying the tip arrived; 404, 422,
 * 429 (with Retry-After) a page saying why, as POST /api/v1/public/tips.
 */
enum err public_page_tip(struct request *req)
{
	const char *token = req->params[0];
	char upload_token[TIP_TOKEN_HEX + 1];
	char *text, *contact;
	long long id = 0;
	bool bad = false;
	enum err e;

	text = public_form_value(req->raw_body, "text", &bad);
	contact = public_form_value(req->raw_body, "contact", &bad);
	if (contact && contact[0] == '\0') {
		free(contact);
		contact = NULL;
	}
	if (bad)
		e = ERR_BAD_REQUEST;
	else if ((text && utf8_length(text) > 1000) || (contact && utf8_length(contact) > 60))
		e = ERR_VALIDATION;
	else
		e = public_tip_send(req, token, text, contact, &id, upload_token);
	free(text);
	free(contact);
	switch (e) {
	case ERR_NONE:
		return page_answer(req, 201, "举报已收到",
		                   "谢谢您。举报已转交乡镇安全生产攻坚行动指挥部，工作人员核实后会依法处理，查实的隐患"
		                   "纳入整改销号管理。举报人信息严格保密，被举报企业看不到您的举报内容和联系方式。",
		                   token);
	case ERR_NOT_FOUND:
		return page_answer(req, 404, "公示页面不存在", "这个二维码已经失效，或地址有误。", NULL);
	case ERR_TOO_MANY:
		return page_answer(req, 429, "提交过于频繁", "同一网络提交的举报过多，请稍后再试。", token);
	case ERR_VALIDATION:
		return page_answer(req, 422, "请填写举报内容", "举报内容不能为空，最多 1000 字；联系方式最多 60 字。",
		                   token);
	case ERR_BAD_REQUEST:
		return page_answer(req, 400, "提交失败", "没有看懂提交的内容，请返回重新填写。", token);
	default:
		return e;   /* the database: the API's error, as for any request */
	}
}
