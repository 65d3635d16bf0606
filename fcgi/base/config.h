/*
 * config.h -- safegridd's configuration, read from the environment only.
 *
 * The README's configuration table lists the same variables; config.c holds
 * the defaults in one table.
 */
#ifndef SAFEGRID_CONFIG_H
#define SAFEGRID_CONFIG_H

#include <stddef.h>

struct config {
	const char *database_url;     /* DATABASE_URL */
	const char *listen;           /* SAFEGRID_LISTEN: socket path or host:port */
	int workers;                  /* SAFEGRID_WORKERS */
	int socket_mode;              /* SAFEGRID_SOCKET_MODE (octal) */
	long max_body;                /* SAFEGRID_MAX_BODY: bytes of a JSON body */
	long max_upload;              /* SAFEGRID_MAX_UPLOAD: bytes of an upload */
	int json_depth;               /* SAFEGRID_JSON_DEPTH */
	int session_idle;             /* SAFEGRID_SESSION_IDLE: seconds */
	int session_max;              /* SAFEGRID_SESSION_MAX: seconds */
	int statement_timeout_ms;     /* SAFEGRID_STATEMENT_TIMEOUT_MS */
	int shutdown_grace;           /* SAFEGRID_SHUTDOWN_GRACE: seconds */
	const char *public_url;       /* SAFEGRID_PUBLIC_URL: the site as visitors reach it, or "" */
	int db_pooled;                /* SAFEGRID_DB_POOLED: 1 behind a transaction-mode pooler */
	const char *database_url_readonly; /* DATABASE_URL_READONLY: a streaming replica, or "" */
	int activation_days;          /* SAFEGRID_ACTIVATION_DAYS: an activation code's lifetime */
};

/* Look up one variable; getenv in production, a table in tests. */
typedef const char *(*config_getenv_fn)(const char *name);

/*
 * Fill *cfg from the environment.  Returns 0, or -1 with a sentence naming
 * the variable and what is wrong with it in errbuf.
 */
int config_load(struct config *cfg, config_getenv_fn get, char *errbuf, size_t errlen);

/* The number of online processors, at least 1. */
int config_cores(void);

#endif
