/*
 * public.h -- what public.c (the JSON, the A4 notice, tips) shares with
 * public_page.c (the page a phone opens from the notice's QR code).
 */
#ifndef SAFEGRID_PUBLIC_H
#define SAFEGRID_PUBLIC_H

#include <stdbool.h>
#include <stdio.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "base/error.h"
#include "server/request.h"

/* The public page's path: the gate notice's QR code leads a phone here. */
#define PUBLIC_PAGE_PATH "/p/"

/* A tip's photo upload token, in hex. */
#define TIP_TOKEN_HEX 64

/* Whether s looks like a public token (lower-case hex); anything else is unknown without asking. */
bool public_token_plausible(const char *s);

/*
 * A tip about the enterprise of public token token, from the request's
 * address: its id and its photo upload token; ERR_NOT_FOUND for an unknown
 * token, ERR_VALIDATION for blank text, ERR_TOO_MANY (with Retry-After)
 * past the address's limit.
 */
enum err public_tip_send(struct request *req, const char *token, const char *text,
                         const char *contact, long long *id_out, char upload_token[TIP_TOKEN_HEX + 1]);

/* The public words for the API's codes. */
struct public_label {
	const char *code, *label;
};
extern const struct public_label public_modes[], public_statuses[], public_inspection_kinds[];

/* The label of code in table, "—" for one it does not hold. */
const char *public_label(const struct public_label *table, const char *code);

/*
 * The public JSON (app.public_enterprise) of the path's token into *out:
 * ERR_NOT_FOUND for a token no enterprise has, or one rotated away.
 */
enum err public_lookup(struct request *req, PGresult **out);

/* The absolute address of a path of the site, and of the token's public page, as QR codes carry them. */
void public_site_url(const struct request *req, char *out, size_t len, const char *path);
void public_page_url(const struct request *req, char *out, size_t len, const char *token);

/* The latest inspection as the gate says it: "2026-11-20（企业自查）", or "尚未检查". */
void public_latest_inspection(json_object *page, char *out, size_t len);

/*
 * The A4 gate notice of page (app.public_enterprise's JSON) as SVG text, its
 * QR code leading to url: malloc'd, *len_out bytes; NULL if memory ran out
 * or url cannot be encoded.
 */
char *public_notice_svg(json_object *page, const char *url, size_t *len_out);

/*
 * The value of key in an application/x-www-form-urlencoded body (the public
 * page's tip form), decoded into a malloc'd string the caller frees: NULL if
 * the key is absent; *bad set for a bad escape, a NUL or invalid UTF-8.
 */
char *public_form_value(const char *body, const char *key, bool *bad);

/* s as escaped XML/HTML text, at most max characters (then "…"). */
void svg_text(FILE *f, const char *s, int max);

/* obj's member key as a string (fallback if none), or as an object (NULL if none). */
const char *member_string(json_object *obj, const char *key, const char *fallback);
json_object *member_object(json_object *obj, const char *key);

/*
 * What the page's "hazard_counts" says (app.public_enterprise, 0035): every
 * hazard its list would hold, the open ones, the overdue ones and those closed
 * in the last 90 days, whether listed or not (the list holds at most 50).
 */
struct public_counts {
	size_t open, overdue, closed_recently;
};
struct public_counts public_hazard_counts(json_object *page);

#endif
