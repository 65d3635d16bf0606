/*
 * public.c -- what anyone at the enterprise's gate may see and send: the
 * public page, the printable A4 notice (安全生产隐患排查整改公示) with its QR
 * code, and tips (举报) with one photo each.
 *
 * A visitor has no session, so row-level security hides every tenant row;
 * the few things the public may read or write go through the security-
 * definer functions of sql/migrations/0010_public.sql, which take the
 * enterprise's public token and answer no more than the gate shows.  The
 * committee rotates the token when a notice must stop working.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api/attachment.h"
#include "db/db.h"
#include "api/handlers.h"
#include "input/json.h"
#include "api/public.h"
#include "api/qrsvg.h"
#include "input/photo.h"
#include "input/text.h"

/* The public page's JSON; the rotation's answer and the docs use it. */
#define PUBLIC_PATH "/api/v1/public/enterprises/"

/* A tip's photo: smaller than other uploads, since anyone may send one. */
#define TIP_PHOTO_MAX (5L * 1024 * 1024)

/* Photo upload tokens: random bytes, handed out in hex (TIP_TOKEN_HEX, public.h). */
#define TIP_TOKEN_BYTES 32

const struct field public_tip_body[] = {
	{"token", FIELD_STRING, FIELD_REQUIRED, 16, 64, NULL, NULL, NULL},
	{"text", FIELD_STRING, FIELD_REQUIRED, 1, 1000, NULL, NULL, NULL},
	{"contact", FIELD_STRING, FIELD_NULLABLE, 0, 60, NULL, NULL, NULL},
	FIELDS_END,
};

const struct field public_tip_photo_query[] = {
	{"token", FIELD_STRING, FIELD_REQUIRED, TIP_TOKEN_HEX, TIP_TOKEN_HEX, NULL, NULL, NULL},
	FIELDS_END,
};

DB_STMT(stmt_enterprise, "select app.public_enterprise($1)");
DB_STMT(stmt_tip,
	"select id, retry_after from app.public_tip($1, $2, $3, $4, $5)");
DB_STMT(stmt_tip_photo,
	"select app.public_tip_photo($1::bigint, $2, $3, $4, $5::int, $6::bytea, $7)");
DB_STMT(stmt_rotate,
	"update enterprise set public_token = encode(gen_random_bytes(16), 'hex')"
	" where id = $1::bigint"
	" returning json_build_object('public_token', public_token,"
	"   'public_url', '" PUBLIC_PATH "' || public_token,"
	"   'notice_url', '" PUBLIC_PATH "' || public_token || '/notice.svg')");

bool public_token_plausible(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n >= 16 && n <= 64 && strspn(s, "0123456789abcdef") == n;
}

/* Hex SHA-256 of len bytes. */
static void public_sha256_hex(const void *bytes, size_t len, char out[65])
{
	unsigned char digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(digest, bytes, len);
	sodium_bin2hex(out, 65, digest, sizeof(digest));
}

/*
 * The public JSON of the token's enterprise into *out (the caller clears
 * it): ERR_NOT_FOUND for a token no enterprise has, the same for one that
 * was rotated away.
 */
enum err public_lookup(struct request *req, PGresult **out)
{
	const char *params[1] = {req->params[0]};
	enum err e;

	*out = NULL;
	if (!public_token_plausible(req->params[0]))
		return ERR_NOT_FOUND;
	if ((e = db_query(req->db, &stmt_enterprise, out, 1, params)) != ERR_NONE)
		return e;
	if (PQntuples(*out) != 1 || PQgetisnull(*out, 0, 0)) {
		PQclear(*out);
		*out = NULL;
		return ERR_NOT_FOUND;
	}
	return ERR_NONE;
}

/*
 * GET /api/v1/public/enterprises/{token} -- no login: 200 {"enterprise":
 * {"name", "address"}, "township": {"name"}, "cadre": {"display_name"} |
 * null, "latest_inspection_on" (the township's), "latest_inspection":
 * {"inspected_on", "kind"} | null (any kind, self-inspections too), "hazards": [{"item_code", "item", "mode",
 * "deadline", "status", "overdue", "reported_on", "closed_on"}], "as_of"};
 * 404 for an unknown or rotated token.
 */
enum err public_enterprise(struct request *req)
{
	PGresult *res;
	enum err e;

	if ((e = public_lookup(req, &res)) != ERR_NONE)
		return e;
	request_reply_result(req, res, 200);
	return ERR_NONE;
}

/* ------------------------------------------------------------------------
 * The A4 notice
 * ------------------------------------------------------------------------ */

/* The notice's and the page's words for the API's codes. */
const struct public_label public_modes[] = {
	{"immediate", "立即整改"}, {"deadline", "限期整改"}, {"major", "重大隐患"}, {NULL, NULL},
};
const struct public_label public_statuses[] = {
	{"reported", "待整改"}, {"rectifying", "整改中"}, {"submitted", "待验收"}, {"closed", "已销号"},
	{NULL, NULL},
};
const struct public_label public_inspection_kinds[] = {
	{"routine", "日常检查"}, {"joint", "联合检查"}, {"self", "企业自查"}, {"unannounced", "暗访检查"},
	{NULL, NULL},
};

const char *public_label(const struct public_label *table, const char *code)
{
	for (; code && table->code; table++)
		if (strcmp(table->code, code) == 0)
			return table->label;
	return "—";
}

/*
 * Text as XML character data, at most max characters (then "…").  The
 * database's text is UTF-8; what XML 1.0 forbids becomes a space (control
 * characters) or U+FFFD (the noncharacters U+FFFE and U+FFFF).  The same
 * escaping makes it HTML text or a quoted attribute value (public_page.c).
 */
void svg_text(FILE *f, const char *s, int max)
{
	int chars = 0;

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c & 0xC0) != 0x80 && chars++ == max) {
			fputs("…", f);
			return;
		}
		if (c == 0xEF && (unsigned char)s[1] == 0xBF &&
		    ((unsigned char)s[2] == 0xBE || (unsigned char)s[2] == 0xBF)) {
			fputs("\xEF\xBF\xBD", f);
			s += 2;
			continue;
		}
		switch (c) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default: fputc(c < 0x20 || c == 0x7f ? ' ' : c, f); break;
		}
	}
}

/* One <text> line: attributes as given, then the escaped text. */
static void svg_line(FILE *f, const char *attributes, const char *prefix, const char *text, int max)
{
	fprintf(f, "<text %s>", attributes);
	svg_text(f, prefix, 80);
	svg_text(f, text, max);
	fputs("</text>\n", f);
}

const char *member_string(json_object *obj, const char *key, const char *fallback)
{
	const char *s = json_string_of(obj, key);
	return s ? s : fallback;
}

json_object *member_object(json_object *obj, const char *key)
{
	json_object *m = NULL;

	return json_object_object_get_ex(obj, key, &m) ? m : NULL;
}

static size_t count_of(json_object *counts, const char *key)
{
	long long n = json_int_of(counts, key, 0);

	return n > 0 ? (size_t)n : 0;
}

struct public_counts public_hazard_counts(json_object *page)
{
	json_object *counts = member_object(page, "hazard_counts");

	return (struct public_counts){
		.open = count_of(counts, "open"),
		.overdue = count_of(counts, "overdue"),
		.closed_recently = count_of(counts, "closed_recently"),
	};
}

/* The hazards table's geometry, in millimetres. */
#define TABLE_TOP 80.0
#define ROW_HEIGHT 8.0
#define TABLE_ROWS 16   /* rows that fit above the QR code, the header not counted */
static const struct {
	double x;
	const char *title;
} table_columns[] = {
	{15, "序号"}, {27, "隐患（检查项目）"}, {113, "整改方式"}, {139, "整改期限"}, {165, "状态"},
};
#define TABLE_LEFT 15.0
#define TABLE_RIGHT 195.0

/* One cell's text: column, baseline, extra attributes (each with its leading space). */
static void svg_cell(FILE *f, size_t column, double y, const char *style, const char *prefix,
                     const char *text, int max)
{
	char attributes[128];

	snprintf(attributes, sizeof(attributes), "x=\"%.1f\" y=\"%.1f\"%s", table_columns[column].x + 1.5,
	         y, style);
	svg_line(f, attributes, prefix, text, max);
}

/*
 * The hazards, one a row, of the n the page counts; past TABLE_ROWS the last
 * row says how many more the QR code shows.
 */
static void svg_table(FILE *f, json_object *hazards, size_t n)
{
	size_t listed = hazards ? json_object_array_length(hazards) : 0;
	size_t shown = n > TABLE_ROWS ? TABLE_ROWS - 1 : n;

	if (shown > listed)
		shown = listed;
	double bottom = TABLE_TOP + ROW_HEIGHT * (double)(1 + (n == 0 ? 1 : n > TABLE_ROWS ? TABLE_ROWS : n));

	fprintf(f, "<g class=\"hazards\" font-size=\"3.6\">\n"
	        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#f3e3e3\"/>\n",
	        TABLE_LEFT, TABLE_TOP, TABLE_RIGHT - TABLE_LEFT, ROW_HEIGHT);
	for (size_t c = 0; c < sizeof(table_columns) / sizeof(table_columns[0]); c++)
		svg_cell(f, c, TABLE_TOP + 5.5, " font-weight=\"bold\"", "", table_columns[c].title, 20);
	for (size_t i = 0; i < shown; i++) {
		json_object *h = json_object_array_get_idx(hazards, i);
		const char *code = json_string_of(h, "item_code");
		bool overdue = json_object_get_boolean(member_object(h, "overdue"));
		double y = TABLE_TOP + ROW_HEIGHT * (double)(i + 1) + 5.5;
		char number[24], item[32];

		snprintf(number, sizeof(number), "%zu", i + 1);
		snprintf(item, sizeof(item), "%.*s%s", code ? (int)utf8_prefix(code, sizeof(item) - 2) : 0,
		         code ? code : "", code ? " " : "");
		svg_cell(f, 0, y, "", "", number, 4);
		svg_cell(f, 1, y, "", item, member_string(h, "item", ""), 21);
		svg_cell(f, 2, y, "", "", public_label(public_modes, json_string_of(h, "mode")), 6);
		svg_cell(f, 3, y, "", "", member_string(h, "deadline", "—"), 10);
		svg_cell(f, 4, y, overdue ? " fill=\"#c00\" font-weight=\"bold\"" : "", overdue ? "已逾期·" : "",
		         public_label(public_statuses, json_string_of(h, "status")), 6);
	}
	if (n == 0 || n > shown) {
		char text[96];

		if (n == 0)
			snprintf(text, sizeof(text), "经排查，暂未发现安全隐患");
		else
			snprintf(text, sizeof(text), "另有 %zu 项隐患，请扫码查看全部", n - shown);
		svg_cell(f, 1, bottom - ROW_HEIGHT + 5.5, "", "", text, 40);
	}
	/* The grid: a line under every row, and the columns' borders. */
	fputs("<g stroke=\"#333\" stroke-width=\"0.25\" fill=\"none\">\n", f);
	for (double y = TABLE_TOP; y <= bottom + 0.01; y += ROW_HEIGHT)
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
		        TABLE_LEFT, y, TABLE_RIGHT, y);
	for (size_t c = 0; c < sizeof(table_columns) / sizeof(table_columns[0]); c++)
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
		        table_columns[c].x, TABLE_TOP, table_columns[c].x, bottom);
	fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n</g>\n</g>\n",
	        TABLE_RIGHT, TABLE_TOP, TABLE_RIGHT, bottom);
}

/*
 * Where a QR code points: a path (the public page /p/{token}, public_page.c;
 * an enterprise's activation page, login.c) after
 * SAFEGRID_PUBLIC_URL (the site's address as visitors reach it,
 * "https://safegrid.example.cn"); unset, after the address and port the
 * request that asked for the notice reached (request.h: the socket's, never
 * the Host header) -- right when staff print it from the site itself on the
 * township's network.  The port is left out where it is the scheme's own.
 */
void public_site_url(const struct request *req, char *out, size_t len, const char *path)
{
	const char *base = req->cfg->public_url, *scheme = req->https ? "https" : "http";
	bool ipv6 = strchr(req->host, ':') != NULL;
	bool default_port = req->port[0] == '\0' ||
	                    strcmp(req->port, req->https ? "443" : "80") == 0;
	size_t n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	if (n > 0)
		snprintf(out, len, "%.*s%s", (int)n, base, path);
	else if (req->host[0])
		snprintf(out, len, "%s://%s%s%s%s%s%s", scheme, ipv6 ? "[" : "", req->host,
		         ipv6 ? "]" : "", default_port ? "" : ":", default_port ? "" : req->port, path);
	else
		snprintf(out, len, "%s", path);
}

void public_page_url(const struct request *req, char *out, size_t len, const char *token)
{
	char path[160];

	snprintf(path, sizeof(path), PUBLIC_PAGE_PATH "%s", token);
	public_site_url(req, out, len, path);
}

void public_latest_inspection(json_object *page, char *out, size_t len)
{
	json_object *latest = member_object(page, "latest_inspection");
	const char *on = json_string_of(latest, "inspected_on");

	if (on == NULL)
		snprintf(out, len, "尚未检查");
	else
		snprintf(out, len, "%s（%s）", on, public_label(public_inspection_kinds, json_string_of(latest, "kind")));
}

/* The whole notice as SVG text (malloc'd), or NULL if memory ran out. */
char *public_notice_svg(json_object *page, const char *url, size_t *len_out)
{
	json_object *enterprise = member_object(page, "enterprise");
	json_object *township = member_object(page, "township");
	json_object *cadre = member_object(page, "cadre");
	json_object *hazards = member_object(page, "hazards");
	const char *town = member_string(township, "name", "");
	struct public_counts c = public_hazard_counts(page);
	size_t n = c.open + c.closed_recently;
	char counts[128], office[256], inspected[64], *out = NULL, *qr;
	size_t out_len = 0;
	FILE *f;

	snprintf(counts, sizeof(counts), "共 %zu 项，未销号 %zu 项，逾期 %zu 项", n, c.open, c.overdue);
	if ((qr = qrsvg_group(url, strlen(url), 15, 222, 50, NULL)) == NULL)
		return NULL;
	if ((f = open_memstream(&out, &out_len)) == NULL) {
		free(qr);
		return NULL;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"210mm\" height=\"297mm\""
	      " viewBox=\"0 0 210 297\" font-family=\"'Noto Sans CJK SC', 'Source Han Sans SC',"
	      " 'Microsoft YaHei', SimHei, sans-serif\" fill=\"#111\">\n<title>", f);
	svg_text(f, "安全生产隐患排查整改公示：", 20);
	svg_text(f, member_string(enterprise, "name", ""), 100);
	fputs("</title>\n"
	      "<rect x=\"0\" y=\"0\" width=\"210\" height=\"297\" fill=\"#fff\"/>\n"
	      "<rect x=\"8\" y=\"8\" width=\"194\" height=\"281\" fill=\"none\" stroke=\"#b00\""
	      " stroke-width=\"0.8\"/>\n"
	      "<text x=\"105\" y=\"27\" text-anchor=\"middle\" font-size=\"9\" font-weight=\"bold\""
	      " fill=\"#b00\">安全生产隐患排查整改公示</text>\n"
	      "<g class=\"enterprise\" font-size=\"4.2\">\n", f);
	svg_line(f, "x=\"15\" y=\"42\"", "企业名称：", member_string(enterprise, "name", ""), 38);
	svg_line(f, "x=\"15\" y=\"50\"", "企业地址：", member_string(enterprise, "address", "—"), 38);
	svg_line(f, "x=\"15\" y=\"58\"", "所属乡镇：", town, 18);
	svg_line(f, "x=\"110\" y=\"58\"", "包扶干部：", member_string(cadre, "display_name", "—"), 16);
	public_latest_inspection(page, inspected, sizeof(inspected));
	svg_line(f, "x=\"15\" y=\"66\"", "最近检查：", inspected, 17);
	svg_line(f, "x=\"110\" y=\"66\"", "隐患：", counts, 30);
	fputs("</g>\n", f);
	svg_table(f, hazards, n);
	fputs(qr, f);
	fputs("\n<text x=\"40\" y=\"277\" text-anchor=\"middle\" font-size=\"3.2\">扫码查看最新整改情况</text>\n"
	      "<g class=\"tips\" font-size=\"3.6\">\n"
	      "<text x=\"72\" y=\"230\" font-size=\"4.2\" font-weight=\"bold\">欢迎社会监督 · 举报方式</text>\n"
	      "<text x=\"72\" y=\"238\">发现本企业存在安全隐患、整改不到位或弄虚作假，</text>\n"
	      "<text x=\"72\" y=\"244\">请用手机扫描左侧二维码，在公示页面提交举报。</text>\n"
	      "<text x=\"72\" y=\"250\">无需注册，可不留姓名，可附现场照片一张。</text>\n", f);
	/* Cut between characters: the SVG is UTF-8 text, whatever the township's name. */
	snprintf(office, sizeof(office), "%.*s安全生产攻坚行动指挥部",
	         (int)utf8_prefix(town, sizeof(office) - sizeof("安全生产攻坚行动指挥部")), town);
	svg_line(f, "x=\"72\" y=\"256\"", "举报受理：", office, 28);
	fputs("<text x=\"72\" y=\"262\">举报人信息严格保密，查实的隐患纳入整改销号管理。</text>\n", f);
	svg_line(f, "x=\"72\" y=\"272\" fill=\"#555\" font-size=\"3.2\"", "公示日期：",
	         member_string(page, "as_of", ""), 12);
	fputs("</g>\n", f);
	svg_line(f, "x=\"105\" y=\"285\" text-anchor=\"middle\" font-size=\"3.6\"", "", office, 40);
	fputs("</svg>\n", f);
	free(qr);
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	*len_out = out_len;
	return out;
}

/*
 * GET /api/v1/public/enterprises/{token}/notice.svg -- no login: 200 the A4
 * notice (image/svg+xml) with a QR code of the public page; 404 for an
 * unknown or rotated token.
 */
enum err public_notice(struct request *req)
{
	char url[512], *svg;
	json_object *page;
	PGresult *res;
	size_t len = 0;
	enum err e;

	if ((e = public_lookup(req, &res)) != ERR_NONE)
		return e;
	page = json_tokener_parse(PQgetvalue(res, 0, 0));
	PQclear(res);
	if (page == NULL)
		return ERR_INTERNAL;
	public_page_url(req, url, sizeof(url), req->params[0]);
	svg = public_notice_svg(page, url, &len);
	json_object_put(page);
	if (svg == NULL)
		return ERR_INTERNAL;
	request_reply_bytes(req, svg, len, "image/svg+xml; charset=utf-8");
	return ERR_NONE;
}

/* ------------------------------------------------------------------------
 * Tips
 * ------------------------------------------------------------------------ */

enum err public_tip_send(struct request *req, const char *token, const char *text,
                         const char *contact, long long *id_out, char upload_token[TIP_TOKEN_HEX + 1])
{
	unsigned char secret[TIP_TOKEN_BYTES];
	char hash[65], wait[16];
	const char *params[5];
	PGresult *res = NULL;
	enum err e;

	if (!public_token_plausible(token))
		return ERR_NOT_FOUND;
	if (text == NULL || strspn(text, " \t\r\n") == strlen(text)) {
		json_detail_add(request_details(req), "text", "required", "describe what you saw");
		return ERR_VALIDATION;
	}
	randombytes_buf(secret, sizeof(secret));
	sodium_bin2hex(upload_token, TIP_TOKEN_HEX + 1, secret, sizeof(secret));
	public_sha256_hex(upload_token, strlen(upload_token), hash);
	params[0] = token;
	params[1] = text;
	params[2] = contact;
	params[3] = req->remote_addr;
	params[4] = hash;
	if ((e = db_query(req->db, &stmt_tip, &res, 5, params)) != ERR_NONE)
		return e;
	if (PQntuples(res) != 1) {
		e = ERR_NOT_FOUND;
	} else if (PQgetisnull(res, 0, 0)) {
		snprintf(wait, sizeof(wait), "%s", PQgetvalue(res, 0, 1));
		request_header(req, "Retry-After", wait);
		request_message(req, "too many tips from this address; try again later");
		e = ERR_TOO_MANY;
	} else {
		*id_out = atoll(PQgetvalue(res, 0, 0));
	}
	PQclear(res);
	return e;
}

/*
 * POST /api/v1/public/tips {"token", "text", "contact"?} -- no login, no
 * CSRF token: 201 {"id", "photo_upload_token"} (the tip is pending in the
 * township's queue; the token sends one photo within the hour); 404 for an
 * unknown token; 422 for blank text; 429 with Retry-After past 5 tips an
 * hour or 20 a day from one address.
 */
enum err public_tip(struct request *req)
{
	char upload_token[TIP_TOKEN_HEX + 1];
	long long id = 0;
	enum err e;

	if ((e = public_tip_send(req, request_text(req, "token"), request_text(req, "text"),
	                         request_text(req, "contact"), &id, upload_token)) != ERR_NONE)
		return e;
	req->reply = json_object_new_object();
	json_object_object_add(req->reply, "id", json_object_new_int64(id));
	json_object_object_add(req->reply, "photo_upload_token", json_object_new_string(upload_token));
	req->status = 201;
	return ERR_NONE;
}

/*
 * POST /api/v1/public/tips/{id}/photo?token= (raw JPEG, PNG or WebP) -- no
 * login: 201 {"tip_id", "content_type", "size"}, the photo kept without its
 * metadata (photo.h), size what was kept; 404 for an unknown tip or a wrong
 * token; 409 past the hour or for a second photo; 413 past 5 MiB; 415 for
 * anything but a photo, or one whose structure does not hold; 422 for an
 * empty body.
 */
enum err public_tip_photo(struct request *req)
{
	char token_hash[65], sha[65], size[24];
	const char *type, *params[7];
	const int formats[7] = {0, 0, 0, 0, 0, 1, 0};
	int lengths[7] = {0};
	unsigned char *photo = NULL;
	size_t photo_len = 0;
	enum err e;

	if (req->raw_len > TIP_PHOTO_MAX)
		return ERR_TOO_LARGE;
	if ((e = attachment_check(req, true, &type)) != ERR_NONE)
		return e;
	/* Where and with what it was taken goes before anything is hashed or kept. */
	if (!photo_strip(type, (const unsigned char *)req->raw_body, req->raw_len, &photo, &photo_len)) {
		request_message(req, "the photo is damaged or not what its first bytes claim");
		return ERR_MEDIA_TYPE;
	}
	public_sha256_hex(request_text(req, "token"), request_field(req, "token")->len, token_hash);
	public_sha256_hex(photo, photo_len, sha);
	snprintf(size, sizeof(size), "%lu", (unsigned long)photo_len);
	params[0] = req->params[0];
	params[1] = token_hash;
	params[2] = sha;
	params[3] = type;
	params[4] = size;
	params[5] = (const char *)photo;
	lengths[5] = (int)photo_len;
	params[6] = NULL;   /* the phone's file name is the tipster's too (IMG_<date>, a name) */
	e = db_query_ex(req->db, &stmt_tip_photo, NULL, 7, params, lengths, formats, 0);
	free(photo);
	if (e != ERR_NONE)
		return e;
	req->reply = json_object_new_object();
	json_object_object_add(req->reply, "tip_id", json_object_new_int64(request_param_id(req, 0)));
	json_object_object_add(req->reply, "content_type", json_object_new_string(type));
	json_object_object_add(req->reply, "size", json_object_new_int64((int64_t)photo_len));
	req->status = 201;
	return ERR_NONE;
}

/*
 * POST /api/v1/enterprises/{id}/public-token -- the committee: 200
 * {"public_token", "public_url", "notice_url"}, a new token; the old one
 * answers 404 from now on.  404 for another township's enterprise.
 */
enum err public_token_rotate(struct request *req)
{
	return request_reply_row(req, &stmt_rotate, req->params[0], 200);
}
