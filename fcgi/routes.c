/*
 * routes.c -- the whole API in one table.
 *
 * docs/openapi.yaml and docs/permissions.md are checked against this table.
 */
#include "handlers.h"
#include "route.h"

#define ID "{id}"

const struct route routes[] = {
	/* method   path                          handler           action                  flags, body, query */
	{"GET",   "/api/v1/health",               health_get,       ACTION_PUBLIC,          ROUTE_NO_TX, NULL, NULL},
	{"GET",   "/api/v1/ping",                 ping_get,         ACTION_PUBLIC,          ROUTE_NO_DB, NULL, NULL},

	{"POST",  "/api/v1/auth/login",           session_login,    ACTION_PUBLIC,          ROUTE_BODY_JSON | ROUTE_NO_CSRF, session_login_body, NULL},
	{"POST",  "/api/v1/auth/logout",          session_logout,   ACTION_SESSION,         0, NULL, NULL},
	{"GET",   "/api/v1/me",                   session_me,       ACTION_SESSION,         0, NULL, NULL},
	{"POST",  "/api/v1/me/password",          session_password, ACTION_SESSION,         ROUTE_BODY_JSON, session_password_body, NULL},

	{"GET",   "/api/v1/townships",            township_list,    ACTION_TOWNSHIP_READ,   0, NULL, township_list_query},
	{"POST",  "/api/v1/townships",            township_create,  ACTION_TOWNSHIP_MANAGE, ROUTE_BODY_JSON, township_create_body, NULL},
	{"GET",   "/api/v1/townships/" ID,        township_get,     ACTION_TOWNSHIP_READ,   0, NULL, NULL},
	{"PATCH", "/api/v1/townships/" ID,        township_update,  ACTION_TOWNSHIP_MANAGE, ROUTE_BODY_JSON, township_update_body, NULL},

	{"GET",   "/api/v1/users",                user_list,        ACTION_USER_READ,       0, NULL, user_list_query},
	{"POST",  "/api/v1/users",                user_create,      ACTION_USER_MANAGE,     ROUTE_BODY_JSON, user_create_body, NULL},
	{"GET",   "/api/v1/users/" ID,            user_get,         ACTION_USER_READ,       0, NULL, NULL},
	{"PATCH", "/api/v1/users/" ID,            user_update,      ACTION_USER_MANAGE,     ROUTE_BODY_JSON, user_update_body, NULL},

	{"GET",   "/api/v1/audit",                audit_list,       ACTION_AUDIT_READ,      0, NULL, audit_list_query},
};

const size_t route_count = sizeof(routes) / sizeof(routes[0]);
