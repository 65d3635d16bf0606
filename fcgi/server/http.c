/*
 * http.c -- FastCGI parameters in, HTTP answers out.
 *
 * libfcgi's FCGX_FPrintF has its own printf without %zu; everything is
 * formatted with snprintf and written with FCGX_PutStr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/message.h"
#include "db/db.h"
#include "server/http.h"
#include "input/json.h"
#include "server/router.h"

static const char *param(FCGX_Request *fcgx, const char *name)
{
	const char *v = FCGX_GetParam(name, fcgx->envp);
	return v ? v : "";
}

static int valid_request_id(const char *s)
{
	size_t n = strlen(s);

	if (n < 8 || n > 36)
		return 0;
	return strspn(s, "0123456789abcdefABCDEF-") == n;
}

void http_read_request(FCGX_Request *fcgx, struct request *req)
{
	const char *uri, *rid;

	req->method = param(fcgx, "REQUEST_METHOD");
	/* DOCUMENT_URI is nginx's decoded, normalised path without the query. */
	uri = FCGX_GetParam("DOCUMENT_URI", fcgx->envp);
	req->path = uri ? uri : param(fcgx, "SCRIPT_NAME");
	req->query_string = param(fcgx, "QUERY_STRING");
	req->content_type = param(fcgx, "CONTENT_TYPE");
	req->cookie = param(fcgx, "HTTP_COOKIE");
	req->csrf_header = FCGX_GetParam("HTTP_X_CSRF_TOKEN", fcgx->envp);
	req->idempotency_key = FCGX_GetParam("HTTP_IDEMPOTENCY_KEY", fcgx->envp);
	req->accept_language = FCGX_GetParam("HTTP_ACCEPT_LANGUAGE", fcgx->envp);
	req->remote_addr = param(fcgx, "REMOTE_ADDR");
	req->user_agent = param(fcgx, "HTTP_USER_AGENT");
	/*
	 * The address and port the client's connection reached: nginx's
	 * $server_addr and $server_port, facts of the socket, never the Host
	 * header, which the client writes (issue: a forged Host in the gate
	 * notice's QR code).
	 */
	req->host = param(fcgx, "SERVER_ADDR");
	req->port = param(fcgx, "SERVER_PORT");
	if (strlen(req->host) > 45 || strspn(req->host, "0123456789abcdefABCDEF.:") != strlen(req->host))
		req->host = "";
	if (strlen(req->port) > 5 || strspn(req->port, "0123456789") != strlen(req->port))
		req->port = "";
	req->https = strcasecmp(param(fcgx, "HTTPS"), "on") == 0;
	input_header_text(param(fcgx, "HTTP_X_FILE_NAME"), req->file_name, sizeof(req->file_name));
	rid = param(fcgx, "REQUEST_ID");
	if (valid_request_id(rid)) {
		snprintf(req->request_id, sizeof(req->request_id), "%s", rid);
	} else {
		/* Not behind our nginx: make one up from the clock and a counter. */
		static unsigned long counter;
		snprintf(req->request_id, sizeof(req->request_id), "%08lx%08lx%08lx",
		         (unsigned long)req->started.tv_sec, (unsigned long)req->started.tv_nsec,
		         ++counter);
	}
}

enum err http_read_body(FCGX_Request *fcgx, struct request *req, long limit)
{
	const char *cl = FCGX_GetParam("CONTENT_LENGTH", fcgx->envp);
	char *end;
	long length, got = 0;

	if (cl == NULL || *cl == '\0')
		return ERR_NONE;
	length = strtol(cl, &end, 10);
	if (*end != '\0' || length < 0)
		return ERR_BAD_REQUEST;
	if (length > limit)
		return ERR_TOO_LARGE;
	if (length == 0)
		return ERR_NONE;
	req->raw_body = malloc((size_t)length + 1);
	if (req->raw_body == NULL)
		return ERR_INTERNAL;
	while (got < length) {
		int n = FCGX_GetStr(req->raw_body + got, (int)(length - got), fcgx->in);
		if (n <= 0)
			break;
		got += n;
	}
	if (got != length)
		return ERR_BAD_REQUEST;   /* the client went away mid-body */
	req->raw_body[got] = '\0';
	req->raw_len = (size_t)got;
	return ERR_NONE;
}

int http_is_media_type(const char *content_type, const char *media_type)
{
	size_t n = strlen(media_type);

	if (content_type == NULL || strncasecmp(content_type, media_type, n) != 0)
		return 0;
	return content_type[n] == '\0' || content_type[n] == ';' || content_type[n] == ' ';
}

int http_cookie(const char *header, const char *name, char *out, size_t outlen)
{
	size_t nlen = strlen(name);
	const char *p = header;

	while (p && *p) {
		while (*p == ' ' || *p == ';')
			p++;
		if (strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			const char *v = p + nlen + 1;
			size_t vlen = strcspn(v, ";");
			if (vlen + 1 > outlen)
				return -1;
			memcpy(out, v, vlen);
			out[vlen] = '\0';
			return 0;
		}
		p = strchr(p, ';');
	}
	return -1;
}

static void put(FCGX_Request *fcgx, const char *s, size_t len)
{
	if (len > 0)
		FCGX_PutStr(s, (int)len, fcgx->out);
}

/* The first len bytes of f, a chunk at a time: an export of any size in little memory. */
static void put_file(FCGX_Request *fcgx, FILE *f, size_t len)
{
	char chunk[65536];
	size_t n;

	rewind(f);
	while (len > 0 && (n = fread(chunk, 1, len < sizeof(chunk) ? len : sizeof(chunk), f)) > 0) {
		put(fcgx, chunk, n);
		len -= n;
	}
}

/*
 * The details in Chinese: each message from the message table, else the text
 * of its code, else as it was; every other member is copied unchanged.
 */
static json_object *details_zh(json_object *details)
{
	json_object *out = json_object_new_array();
	size_t n = json_object_array_length(details);

	for (size_t i = 0; i < n; i++) {
		json_object *d = json_object_array_get_idx(details, i), *copy;
		json_object *message = NULL, *code = NULL;
		const char *zh = NULL;
		char buf[2048];

		if (!json_object_is_type(d, json_type_object)) {
			json_object_array_add(out, json_object_get(d));
			continue;
		}
		copy = json_object_new_object();
		json_object_object_foreach(d, key, value)
			json_object_object_add(copy, key, json_object_get(value));
		json_object_object_get_ex(d, "message", &message);
		json_object_object_get_ex(d, "code", &code);
		if (message)
			zh = message_translate(json_object_get_string(message), buf, sizeof(buf));
		if (!zh && code)
			zh = message_for_detail_code(json_object_get_string(code));
		if (zh)
			json_object_object_add(copy, "message", json_object_new_string(zh));
		json_object_array_add(out, copy);
	}
	return out;
}

static json_object *error_body(struct request *req, enum err e)
{
	json_object *root = json_object_new_object(), *inner = json_object_new_object();
	const char *message = req->message ? req->message : error_message(e);
	json_object *details;
	char buf[2048];

	if (message_language(req->accept_language) == LANG_ZH) {
		/* A handler's own message without an entry: the error's. */
		const char *zh = req->message ? message_translate(req->message, buf, sizeof(buf)) : NULL;
		message = zh ? zh : error_message_zh(e);
		details = req->details ? details_zh(req->details) : json_object_new_array();
	} else {
		details = req->details ? json_object_get(req->details) : json_object_new_array();
	}
	json_object_object_add(inner, "code", json_object_new_string(error_code(e)));
	json_object_object_add(inner, "message", json_object_new_string(message));
	json_object_object_add(inner, "details", details);
	json_object_object_add(root, "error", inner);
	return root;
}

int http_write(FCGX_Request *fcgx, struct request *req, enum err e)
{
	char head[512];
	const char *body = "", *type = "application/json; charset=utf-8";
	size_t body_len = 0;
	json_object *owned = NULL;
	int status, n;

	if (e != ERR_NONE) {
		status = error_status(e);
		owned = error_body(req, e);
	} else {
		status = req->status ? req->status : 200;
		if (req->reply_file) {
			body_len = req->reply_len;
			type = req->reply_type;
		} else {
			request_answer(req, &body, &body_len, &type);
		}
	}
	if (owned) {
		body = json_object_to_json_string_ext(owned, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
		body_len = strlen(body);
	}
	if (status == 204)
		body_len = 0;
	n = snprintf(head, sizeof(head),
	             "Status: %d %s\r\n"
	             "Content-Type: %s\r\n"
	             "Content-Length: %lu\r\n"
	             "X-Request-Id: %s\r\n"
	             "Cache-Control: no-store\r\n",
	             status, http_reason(status), type, (unsigned long)body_len, req->request_id);
	put(fcgx, head, (size_t)n < sizeof(head) ? (size_t)n : sizeof(head) - 1);
	put(fcgx, req->headers, req->headers_len);
	put(fcgx, "\r\n", 2);
	if (strcmp(req->method, "HEAD") == 0)
		;
	else if (e == ERR_NONE && req->reply_file)
		put_file(fcgx, req->reply_file, body_len);
	else
		put(fcgx, body, body_len);
	json_object_put(owned);
	return status;
}
