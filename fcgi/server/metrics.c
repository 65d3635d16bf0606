/*
 * metrics.c -- shared request counters and their Prometheus text (metrics.h).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "server/metrics.h"
#include "server/router.h"

/* The statuses counted one by one; any other counts under its class (2xx, 4xx ...). */
static const int statuses[] = {200, 201, 204, 301, 304, 400, 401, 403, 404, 405, 409, 410,
                               413, 415, 422, 429, 500, 503};
#define STATUSES (sizeof(statuses) / sizeof(statuses[0]))
#define CLASSES 5                       /* 1xx .. 5xx */

/* Upper bounds of the latency buckets, in seconds; +Inf is the count. */
static const double bounds[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
#define BOUNDS (sizeof(bounds) / sizeof(bounds[0]))

struct route_counts {
	uint64_t status[STATUSES];
	uint64_t status_class[CLASSES];
	uint64_t bucket[BOUNDS];
	uint64_t count;
	uint64_t micros;                /* the durations' sum */
};

struct shared {
	uint64_t worker_restarts;
	uint64_t database_errors;
	struct route_counts routes[];   /* route_count + 1: the last for requests no route matched */
};

static struct shared *shared;
static size_t routes_mapped;

int metrics_init(size_t count)
{
	size_t size = sizeof(struct shared) + (count + 1) * sizeof(struct route_counts);
	void *map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (map == MAP_FAILED)
		return -1;
	shared = map;                   /* zero-filled by mmap */
	routes_mapped = count;
	return 0;
}

static void add(uint64_t *counter, uint64_t n)
{
	__atomic_fetch_add(counter, n, __ATOMIC_RELAXED);
}

static uint64_t get(const uint64_t *counter)
{
	return __atomic_load_n(counter, __ATOMIC_RELAXED);
}

void metrics_request(size_t route, int status, double seconds)
{
	struct route_counts *c;
	size_t i;

	if (shared == NULL)
		return;
	c = &shared->routes[route < routes_mapped ? route : routes_mapped];
	for (i = 0; i < STATUSES && statuses[i] != status; i++)
		;
	if (i < STATUSES)
		add(&c->status[i], 1);
	else if (status >= 100 && status < 600)
		add(&c->status_class[status / 100 - 1], 1);
	for (i = 0; i < BOUNDS; i++)
		if (seconds <= bounds[i])
			add(&c->bucket[i], 1);
	add(&c->count, 1);
	add(&c->micros, seconds > 0 ? (uint64_t)(seconds * 1e6) : 0);
}

void metrics_worker_restart(void)
{
	if (shared)
		add(&shared->worker_restarts, 1);
}

void metrics_database_error(void)
{
	if (shared)
		add(&shared->database_errors, 1);
}

/* A growing text buffer; on failure it stays failed and the render answers NULL. */
struct text {
	char *buf;
	size_t len, cap;
	int failed;
};

static void put(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->failed)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			t->failed = 1;
			return;
		}
		if ((size_t)n < t->cap - t->len) {
			t->len += (size_t)n;
			return;
		}
		size_t cap = t->cap * 2 + (size_t)n;
		char *grown = realloc(t->buf, cap);
		if (grown == NULL) {
			t->failed = 1;
			return;
		}
		t->buf = grown;
		t->cap = cap;
	}
}

/* The labels of route i: its method and pattern, as the route table has them. */
static void route_labels(size_t i, char *out, size_t size)
{
	if (i < routes_mapped)
		snprintf(out, size, "method=\"%s\",route=\"%s\"", routes[i].method, routes[i].pattern);
	else
		snprintf(out, size, "method=\"\",route=\"unmatched\"");
}

char *metrics_render(size_t *len)
{
	struct text t = {.cap = 16384};
	char labels[192];

	if (shared == NULL || (t.buf = malloc(t.cap)) == NULL)
		return NULL;
	put(&t, "# HELP safegrid_requests_total Requests answered, by route and status.\n"
	        "# TYPE safegrid_requests_total counter\n");
	for (size_t i = 0; i <= routes_mapped; i++) {
		const struct route_counts *c = &shared->routes[i];
		route_labels(i, labels, sizeof(labels));
		for (size_t s = 0; s < STATUSES; s++)
			if (get(&c->status[s]))
				put(&t, "safegrid_requests_total{%s,status=\"%d\"} %llu\n", labels, statuses[s],
				    (unsigned long long)get(&c->status[s]));
		for (size_t k = 0; k < CLASSES; k++)
			if (get(&c->status_class[k]))
				put(&t, "safegrid_requests_total{%s,status=\"%zuxx\"} %llu\n", labels, k + 1,
				    (unsigned long long)get(&c->status_class[k]));
	}
	put(&t, "# HELP safegrid_request_duration_seconds Time from a request's arrival to its answer.\n"
	        "# TYPE safegrid_request_duration_seconds histogram\n");
	for (size_t i = 0; i <= routes_mapped; i++) {
		const struct route_counts *c = &shared->routes[i];
		uint64_t count = get(&c->count);
		if (count == 0)
			continue;
		route_labels(i, labels, sizeof(labels));
		for (size_t b = 0; b < BOUNDS; b++)
			put(&t, "safegrid_request_duration_seconds_bucket{%s,le=\"%g\"} %llu\n", labels,
			    bounds[b], (unsigned long long)get(&c->bucket[b]));
		put(&t, "safegrid_request_duration_seconds_bucket{%s,le=\"+Inf\"} %llu\n", labels,
		    (unsigned long long)count);
		put(&t, "safegrid_request_duration_seconds_sum{%s} %.6f\n", labels,
		    (double)get(&c->micros) / 1e6);
		put(&t, "safegrid_request_duration_seconds_count{%s} %llu\n", labels,
		    (unsigned long long)count);
	}
	put(&t, "# HELP safegrid_worker_restarts_total Workers that died and were replaced.\n"
	        "# TYPE safegrid_worker_restarts_total counter\n"
	        "safegrid_worker_restarts_total %llu\n",
	    (unsigned long long)get(&shared->worker_restarts));
	put(&t, "# HELP safegrid_database_errors_total Requests that failed in the database (5xx).\n"
	        "# TYPE safegrid_database_errors_total counter\n"
	        "safegrid_database_errors_total %llu\n",
	    (unsigned long long)get(&shared->database_errors));
	if (t.failed) {
		free(t.buf);
		return NULL;
	}
	*len = t.len;
	return t.buf;
}
