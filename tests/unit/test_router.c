/* Route matching: parameters, 404, 405 with Allow, and the real table's sanity. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "server/router.h"

static enum err dummy(struct request *req) { (void)req; return ERR_NONE; }

static const struct route table[] = {
	{"GET",   "/api/v1/users",              dummy, ACTION_USER_READ, 0, NULL, NULL},
	{"POST",  "/api/v1/users",              dummy, ACTION_USER_MANAGE, 0, NULL, NULL},
	{"GET",   "/api/v1/users/{id}",         dummy, ACTION_USER_READ, 0, NULL, NULL},
	{"PATCH", "/api/v1/users/{id}",         dummy, ACTION_USER_MANAGE, 0, NULL, NULL},
	{"PUT",   "/api/v1/a/{id}/results/{item}", dummy, ACTION_PUBLIC, 0, NULL, NULL},
};
#define N (sizeof(table) / sizeof(table[0]))

struct match {
	const struct route *route;
	const char *params[ROUTE_MAX_PARAMS];
	char buf[256];
	char allow[64];
};

static enum route_result run(struct match *m, const char *method, const char *path)
{
	return route_match(table, N, method, path, &m->route, m->params, m->buf, sizeof(m->buf),
	                   m->allow, sizeof(m->allow));
}

static void exact_path_matches(void **state)
{
	struct match m;
	(void)state;
	assert_int_equal(run(&m, "GET", "/api/v1/users"), ROUTE_FOUND);
	assert_ptr_equal(m.route, &table[0]);
	assert_int_equal(run(&m, "POST", "/api/v1/users"), ROUTE_FOUND);
	assert_ptr_equal(m.route, &table[1]);
}

static void parameters_are_captured(void **state)
{
	struct match m;
	(void)state;
	assert_int_equal(run(&m, "PATCH", "/api/v1/users/42"), ROUTE_FOUND);
	assert_ptr_equal(m.route, &table[3]);
	assert_string_equal(m.params[0], "42");
	assert_null(m.params[1]);
	assert_int_equal(run(&m, "PUT", "/api/v1/a/7/results/B3-02"), ROUTE_FOUND);
	assert_string_equal(m.params[0], "7");
	assert_string_equal(m.params[1], "B3-02");
}

static void unknown_paths_are_not_found(void **state)
{
	struct match m;
	(void)state;
	assert_int_equal(run(&m, "GET", "/api/v1/user"), ROUTE_NOT_FOUND);
	assert_int_equal(run(&m, "GET", "/api/v1/users/"), ROUTE_NOT_FOUND);     /* empty segment */
	assert_int_equal(run(&m, "GET", "/api/v1/users/1/2"), ROUTE_NOT_FOUND);
	assert_int_equal(run(&m, "GET", "/api/v1/users/%2e"), ROUTE_NOT_FOUND);  /* no escapes in ids */
	assert_int_equal(run(&m, "GET", ""), ROUTE_NOT_FOUND);
	assert_null(m.route);
}

static void wrong_method_lists_allowed_ones(void **state)
{
	struct match m;
	(void)state;
	assert_int_equal(run(&m, "DELETE", "/api/v1/users"), ROUTE_WRONG_METHOD);
	assert_string_equal(m.allow, "GET, POST");
	assert_int_equal(run(&m, "POST", "/api/v1/users/3"), ROUTE_WRONG_METHOD);
	assert_string_equal(m.allow, "GET, PATCH");
}

/* The public page's script is its own route, not a {token} of the page. */
static void public_page_script_is_not_a_token(void **state)
{
	const struct route *route;
	const char *params[ROUTE_MAX_PARAMS];
	char buf[256], allow[64];

	(void)state;
	assert_int_equal(route_match(routes, route_count, "GET", "/p/tip.js", &route, params, buf, sizeof(buf),
	                             allow, sizeof(allow)), ROUTE_FOUND);
	assert_null(params[0]);
	assert_int_equal(route_match(routes, route_count, "GET", "/p/0123456789abcdef0123456789abcdef", &route,
	                             params, buf, sizeof(buf), allow, sizeof(allow)), ROUTE_FOUND);
	assert_string_equal(params[0], "0123456789abcdef0123456789abcdef");
}

static void real_table_has_no_duplicates_and_valid_rows(void **state)
{
	(void)state;
	assert_true(route_count > 0);
	for (size_t i = 0; i < route_count; i++) {
		assert_non_null(routes[i].handler);
		/* The API, the public page that the gate notice's QR code opens, and
		 * Prometheus's conventional /metrics. */
		assert_true(strncmp(routes[i].pattern, "/api/v1/", 8) == 0 ||
		            (strncmp(routes[i].pattern, "/p/", 3) == 0 && routes[i].action == ACTION_PUBLIC) ||
		            (strcmp(routes[i].pattern, "/metrics") == 0 && routes[i].action == ACTION_PUBLIC));
		assert_true(routes[i].action >= 0 && routes[i].action < ACTION__COUNT);
		/* A route without a session must be a public one. */
		if (routes[i].flags & (ROUTE_NO_DB | ROUTE_NO_TX))
			assert_int_equal(routes[i].action, ACTION_PUBLIC);
		/* Every table fits the parsed values a request keeps (fields.h: FIELDS_MAX). */
		for (const struct field *tables[2] = {routes[i].body, routes[i].query}, **t = tables; t < tables + 2; t++) {
			size_t n = 0;
			while (*t && (*t)[n].name)
				n++;
			assert_true(n <= FIELDS_MAX);
		}
		for (size_t j = i + 1; j < route_count; j++)
			assert_false(strcmp(routes[i].method, routes[j].method) == 0 &&
			             strcmp(routes[i].pattern, routes[j].pattern) == 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_path_matches),
		cmocka_unit_test(parameters_are_captured),
		cmocka_unit_test(unknown_paths_are_not_found),
		cmocka_unit_test(wrong_method_lists_allowed_ones),
		cmocka_unit_test(real_table_has_no_duplicates_and_valid_rows),
		cmocka_unit_test(public_page_script_is_not_a_token),
	};
	return cmocka_run_group_tests_name("route", tests, NULL, NULL);
}
