/*
 * router.c -- matching a request against the route table.
 */
#include <stdbool.h>
#include <string.h>

#include "server/router.h"

/*
 * Match one pattern.  A "{name}" segment matches one non-empty path segment
 * without '%', which is copied to param_buf.
 */
static bool pattern_match(const char *pattern, const char *path,
                          const char *params[ROUTE_MAX_PARAMS],
                          char *buf, size_t buflen)
{
	size_t used = 0;
	int n = 0;

	while (*pattern && *path) {
		if (*pattern == '{') {
			const char *close = strchr(pattern, '}');
			size_t len = strcspn(path, "/");

			if (close == NULL || len == 0 || n == ROUTE_MAX_PARAMS ||
			    used + len + 1 > buflen || memchr(path, '%', len) != NULL)
				return false;
			/* "{id}" takes a positive decimal id and nothing else. */
			if (strncmp(pattern, "{id}", 4) == 0 &&
			    (len > 18 || path[0] == '0' || strspn(path, "0123456789") < len))
				return false;
			memcpy(buf + used, path, len);
			buf[used + len] = '\0';
			params[n++] = buf + used;
			used += len + 1;
			pattern = close + 1;
			path += len;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++;
		path++;
	}
	while (n < ROUTE_MAX_PARAMS)
		params[n++] = NULL;
	return *pattern == '\0' && *path == '\0';
}

enum route_result route_match(const struct route *table, size_t count,
                              const char *method, const char *path,
                              const struct route **out,
                              const char *params[ROUTE_MAX_PARAMS],
                              char *param_buf, size_t param_len,
                              char *allow, size_t allow_len)
{
	enum route_result result = ROUTE_NOT_FOUND;
	size_t used = 0;

	*out = NULL;
	if (allow_len > 0)
		allow[0] = '\0';
	for (size_t i = 0; i < count; i++) {
		const struct route *r = &table[i];

		if (!pattern_match(r->pattern, path, params, param_buf, param_len))
			continue;
		/* HEAD is GET without the body; http_write leaves the body out. */
		if (strcmp(r->method, method) == 0 ||
		    (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0)) {
			*out = r;
			return ROUTE_FOUND;
		}
		result = ROUTE_WRONG_METHOD;
		if (strstr(allow, r->method) == NULL) {
			size_t len = strlen(r->method);
			if (used + len + 3 < allow_len) {
				if (used > 0) {
					memcpy(allow + used, ", ", 2);
					used += 2;
				}
				memcpy(allow + used, r->method, len + 1);
				used += len;
			}
		}
	}
	return result;
}
