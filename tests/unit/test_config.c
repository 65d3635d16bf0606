/* Configuration from the environment: defaults, overrides, refusals. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/config.h"

static const char *const *fake_env;

static const char *fake_getenv(const char *name)
{
	for (const char *const *p = fake_env; p && p[0]; p += 2)
		if (strcmp(p[0], name) == 0)
			return p[1];
	return NULL;
}

static int load(const char *const *env, struct config *cfg, char *err)
{
	fake_env = env;
	return config_load(cfg, fake_getenv, err, 256);
}

static void defaults(void **state)
{
	struct config cfg;
	char err[256];
	(void)state;
	assert_int_equal(load(NULL, &cfg, err), 0);
	assert_string_equal(cfg.listen, "var/run/safegridd.sock");
	assert_int_equal(cfg.workers, config_cores());
	assert_int_equal(cfg.socket_mode, 0660);
	assert_int_equal(cfg.max_body, 1048576);
	assert_int_equal(cfg.max_upload, 10485760);
	assert_int_equal(cfg.json_depth, 16);
	assert_int_equal(cfg.db_pooled, 0);
}

/* Behind PgBouncer: 1; anything else but 0 is refused, naming the variable. */
static void pooled_is_zero_or_one(void **state)
{
	static const char *const pooled[] = {"SAFEGRID_DB_POOLED", "1", NULL, NULL};
	static const char *const wrong[] = {"SAFEGRID_DB_POOLED", "yes", NULL, NULL};
	static const char *const two[] = {"SAFEGRID_DB_POOLED", "2", NULL, NULL};
	struct config cfg;
	char err[256];
	(void)state;
	assert_int_equal(load(pooled, &cfg, err), 0);
	assert_int_equal(cfg.db_pooled, 1);
	assert_int_equal(load(wrong, &cfg, err), -1);
	assert_non_null(strstr(err, "SAFEGRID_DB_POOLED"));
	assert_int_equal(load(two, &cfg, err), -1);
}

static void overrides(void **state)
{
	static const char *const env[] = {
		"SAFEGRID_LISTEN", "0.0.0.0:9000", "SAFEGRID_WORKERS", "6",
		"SAFEGRID_SOCKET_MODE", "666", "DATABASE_URL", "postgresql://x@db/y",
		"SAFEGRID_WORKERS_UNRELATED", "oops", NULL, NULL,
	};
	struct config cfg;
	char err[256];
	(void)state;
	assert_int_equal(load(env, &cfg, err), 0);
	assert_string_equal(cfg.listen, "0.0.0.0:9000");
	assert_int_equal(cfg.workers, 6);
	assert_int_equal(cfg.socket_mode, 0666);
	assert_string_equal(cfg.database_url, "postgresql://x@db/y");
}

static void refusals_name_the_variable(void **state)
{
	static const char *const bad_workers[] = {"SAFEGRID_WORKERS", "0", NULL, NULL};
	static const char *const not_number[] = {"SAFEGRID_MAX_BODY", "1m", NULL, NULL};
	static const char *const not_octal[] = {"SAFEGRID_SOCKET_MODE", "999", NULL, NULL};
	static const char *const idle_over_max[] = {"SAFEGRID_SESSION_IDLE", "9000",
	                                            "SAFEGRID_SESSION_MAX", "600", NULL, NULL};
	struct config cfg;
	char err[256];
	(void)state;
	assert_int_equal(load(bad_workers, &cfg, err), -1);
	assert_non_null(strstr(err, "SAFEGRID_WORKERS"));
	assert_int_equal(load(not_number, &cfg, err), -1);
	assert_non_null(strstr(err, "SAFEGRID_MAX_BODY"));
	assert_int_equal(load(not_octal, &cfg, err), -1);
	assert_int_equal(load(idle_over_max, &cfg, err), -1);
	assert_non_null(strstr(err, "SAFEGRID_SESSION_IDLE"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(pooled_is_zero_or_one),
		cmocka_unit_test(overrides),
		cmocka_unit_test(refusals_name_the_variable),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
