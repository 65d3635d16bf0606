/*
 * config.c -- environment variables, their defaults and their limits.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/config.h"

enum kind { KIND_STRING, KIND_INT, KIND_LONG, KIND_OCTAL };

static const struct setting {
	const char *name;
	enum kind kind;
	size_t offset;
	const char *fallback;   /* "": the number of cores */
	long min, max;
} settings[] = {
	{"DATABASE_URL", KIND_STRING, offsetof(struct config, database_url),
	 "postgresql://safegrid_app@127.0.0.1:25432/safegrid", 0, 0},
	{"SAFEGRID_LISTEN", KIND_STRING, offsetof(struct config, listen),
	 "var/run/safegridd.sock", 0, 0},
	{"SAFEGRID_WORKERS", KIND_INT, offsetof(struct config, workers), "", 1, 256},
	{"SAFEGRID_SOCKET_MODE", KIND_OCTAL, offsetof(struct config, socket_mode), "660", 0, 0777},
	{"SAFEGRID_MAX_BODY", KIND_LONG, offsetof(struct config, max_body), "1048576", 1024, 64L << 20},
	{"SAFEGRID_MAX_UPLOAD", KIND_LONG, offsetof(struct config, max_upload), "10485760", 1024, 256L << 20},
	{"SAFEGRID_JSON_DEPTH", KIND_INT, offsetof(struct config, json_depth), "16", 2, 64},
	{"SAFEGRID_SESSION_IDLE", KIND_INT, offsetof(struct config, session_idle), "7200", 60, 86400 * 30},
	{"SAFEGRID_SESSION_MAX", KIND_INT, offsetof(struct config, session_max), "43200", 60, 86400 * 90},
	{"SAFEGRID_STATEMENT_TIMEOUT_MS", KIND_INT, offsetof(struct config, statement_timeout_ms), "10000", 100, 600000},
	{"SAFEGRID_SHUTDOWN_GRACE", KIND_INT, offsetof(struct config, shutdown_grace), "30", 1, 3600},
	{"SAFEGRID_PUBLIC_URL", KIND_STRING, offsetof(struct config, public_url), "", 0, 0},
	{"SAFEGRID_DB_POOLED", KIND_INT, offsetof(struct config, db_pooled), "0", 0, 1},
	{"DATABASE_URL_READONLY", KIND_STRING, offsetof(struct config, database_url_readonly), "", 0, 0},
	{"SAFEGRID_ACTIVATION_DAYS", KIND_INT, offsetof(struct config, activation_days), "14", 1, 90},
};

int config_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : (n > 256 ? 256 : (int)n);
}

static int parse_number(const char *text, int base, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, base);
	if (errno != 0 || end == text || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

int config_load(struct config *cfg, config_getenv_fn get, char *errbuf, size_t errlen)
{
	size_t i;

	memset(cfg, 0, sizeof(*cfg));
	for (i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		const struct setting *s = &settings[i];
		const char *value = get(s->name);
		char *field = (char *)cfg + s->offset;
		long number;

		if (value == NULL || *value == '\0')
			value = s->fallback;
		if (s->kind == KIND_STRING) {
			*(const char **)field = value;
			continue;
		}
		if (*value == '\0') {
			*(int *)field = config_cores();
			continue;
		}
		if (parse_number(value, s->kind == KIND_OCTAL ? 8 : 10, &number) != 0 ||
		    number < s->min || number > s->max) {
			snprintf(errbuf, errlen, "%s must be %s from %ld to %ld, not \"%s\"",
			         s->name, s->kind == KIND_OCTAL ? "an octal mode" : "a whole number",
			         s->min, s->max, value);
			return -1;
		}
		if (s->kind == KIND_LONG)
			*(long *)field = number;
		else
			*(int *)field = (int)number;
	}
	if (cfg->session_idle > cfg->session_max) {
		snprintf(errbuf, errlen, "SAFEGRID_SESSION_IDLE (%d) must not exceed SAFEGRID_SESSION_MAX (%d)",
		         cfg->session_idle, cfg->session_max);
		return -1;
	}
	return 0;
}
