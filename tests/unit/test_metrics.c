/* Metrics: counts by route and status, the latency histogram, and counters shared with forked workers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "server/metrics.h"
#include "server/router.h"

static size_t route_index(const char *method, const char *pattern)
{
	for (size_t i = 0; i < route_count; i++)
		if (strcmp(routes[i].method, method) == 0 && strcmp(routes[i].pattern, pattern) == 0)
			return i;
	fail_msg("no route %s %s", method, pattern);
	return 0;
}

static char *render(void)
{
	size_t len = 0;
	char *text = metrics_render(&len);

	assert_non_null(text);
	assert_int_equal(strlen(text), len);
	return text;
}

static void test_requests_count_by_route_and_status(void **state)
{
	size_t me = route_index("GET", "/api/v1/me");
	char *text;

	(void)state;
	metrics_request(me, 200, 0.003);
	metrics_request(me, 200, 0.2);
	metrics_request(me, 401, 0.001);
	metrics_request(me, 418, 0.001);          /* not listed: counted by class */
	metrics_request(route_count, 404, 0.001); /* no route */
	text = render();
	assert_non_null(strstr(text, "safegrid_requests_total{method=\"GET\",route=\"/api/v1/me\",status=\"200\"} 2\n"));
	assert_non_null(strstr(text, "safegrid_requests_total{method=\"GET\",route=\"/api/v1/me\",status=\"401\"} 1\n"));
	assert_non_null(strstr(text, "safegrid_requests_total{method=\"GET\",route=\"/api/v1/me\",status=\"4xx\"} 1\n"));
	assert_non_null(strstr(text, "safegrid_requests_total{method=\"\",route=\"unmatched\",status=\"404\"} 1\n"));
	/* Cumulative buckets: 3 of the 4 within 5 ms, all 4 within 250 ms. */
	assert_non_null(strstr(text, "safegrid_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/me\",le=\"0.005\"} 3\n"));
	assert_non_null(strstr(text, "safegrid_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/me\",le=\"0.1\"} 3\n"));
	assert_non_null(strstr(text, "safegrid_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/me\",le=\"0.25\"} 4\n"));
	assert_non_null(strstr(text, "safegrid_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/me\",le=\"+Inf\"} 4\n"));
	assert_non_null(strstr(text, "safegrid_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/me\"} 4\n"));
	assert_non_null(strstr(text, "safegrid_request_duration_seconds_sum{method=\"GET\",route=\"/api/v1/me\"} 0.205000\n"));
	/* Routes never asked for are left out. */
	assert_null(strstr(text, "route=\"/api/v1/users\""));
	free(text);
}

static void test_children_add_to_the_same_counters(void **state)
{
	char *text;

	(void)state;
	for (int i = 0; i < 3; i++) {
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			metrics_database_error();
			_exit(0);
		}
		waitpid(pid, NULL, 0);
	}
	metrics_worker_restart();
	text = render();
	assert_non_null(strstr(text, "\nsafegrid_database_errors_total 3\n"));
	assert_non_null(strstr(text, "\nsafegrid_worker_restarts_total 1\n"));
	assert_non_null(strstr(text, "# TYPE safegrid_request_duration_seconds histogram\n"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_requests_count_by_route_and_status),
		cmocka_unit_test(test_children_add_to_the_same_counters),
	};

	if (metrics_init(route_count) != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
