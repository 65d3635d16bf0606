/*
 * metrics.h -- counters every worker adds to and GET /metrics shows, in
 * Prometheus's text format: requests by route and status, their latency as a
 * histogram, worker restarts and database errors.
 *
 * The counters live in one shared anonymous mapping made by the supervisor
 * before it forks, so the workers' counts add up and outlive a worker that
 * dies; each is a 64-bit integer changed with atomic adds.
 */
#ifndef SAFEGRID_METRICS_H
#define SAFEGRID_METRICS_H

#include <stddef.h>

/* Map the counters for count routes (and requests that matched none). 0 or -1. */
int metrics_init(size_t count);

/* One answered request: its route's index (route_count for none), status and duration. */
void metrics_request(size_t route, int status, double seconds);

/* A worker died and was replaced; a request failed in the database. */
void metrics_worker_restart(void);
void metrics_database_error(void);

/*
 * The exposition text, malloc'd, its length in *len; NULL when out of memory
 * or before metrics_init.  Route labels come from the route table.
 */
char *metrics_render(size_t *len);

#endif
