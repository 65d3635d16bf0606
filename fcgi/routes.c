/*
 * routes.c -- the whole API in one table.
 *
 * docs/openapi.yaml and docs/permissions.md are checked against this table.
 */
#include "handlers.h"
#include "route.h"

const struct route routes[] = {
	{"GET", "/api/v1/health", health_get, ACTION_PUBLIC, ROUTE_NO_TX, NULL, NULL},
	{"GET", "/api/v1/ping",   ping_get,   ACTION_PUBLIC, ROUTE_NO_DB, NULL, NULL},
};

const size_t route_count = sizeof(routes) / sizeof(routes[0]);
