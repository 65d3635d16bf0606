/*
 * fuzz_cookie.c -- the headers read before a session is known: the Cookie
 * header (the session and any other cookie), the CSRF header against a
 * session's token, the Content-Type check and the percent-encoded
 * X-File-Name.
 *
 * Input: Cookie header, then "\n" the X-CSRF-Token header, then "\n" the
 * Content-Type, then "\n" the X-File-Name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input/text.h"
#include "server/auth.h"
#include "server/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The next line of *rest (NUL-terminated in place), or NULL past the end. */
static char *next_line(char **rest)
{
	char *line = *rest, *nl;

	if (line == NULL)
		return NULL;
	nl = strchr(line, '\n');
	if (nl) {
		*nl = '\0';
		*rest = nl + 1;
	} else {
		*rest = NULL;
	}
	return line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *rest = text;
	const char *cookie, *csrf, *type, *name;
	char value[128], file_name[256];
	struct request *req;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	cookie = next_line(&rest);
	csrf = next_line(&rest);
	/* Absent, these two are "" as http_read_request reads them; the first two may be NULL. */
	type = (type = next_line(&rest)) ? type : "";
	name = (name = next_line(&rest)) ? name : "";

	if (http_cookie(cookie, SESSION_COOKIE, value, sizeof(value)) == 0 &&
	    strlen(value) >= sizeof(value))
		abort();
	for (size_t outlen = 1; outlen < 8; outlen++)
		if (http_cookie(cookie, "a", value, outlen) == 0 && strlen(value) >= outlen)
			abort();   /* the copy fits what it was given */
	http_is_media_type(type, "application/json");
	http_is_media_type(type, "text/csv");

	if ((req = calloc(1, sizeof(*req))) != NULL) {
		req->csrf_header = csrf;
		if (auth_check_csrf(req) != ERR_NONE)
			abort();   /* no session, nothing to forge */
		req->who.user_id = 1;
		snprintf(req->who.csrf_token, sizeof(req->who.csrf_token), "%s", "0123456789abcdef");
		if (auth_check_csrf(req) == ERR_NONE && (csrf == NULL || strcmp(csrf, "0123456789abcdef") != 0))
			abort();   /* only the session's own token passes */
		free(req);
	}

	input_header_text(name, file_name, sizeof(file_name));
	if (!utf8_valid(file_name, strlen(file_name)))
		abort();   /* a file name is UTF-8 or nothing */
	free(text);
	return 0;
}
