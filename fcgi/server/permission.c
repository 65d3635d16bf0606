/*
 * permission.c -- lookups in the role x action table.
 */
#include <stdio.h>
#include <string.h>

#include "server/permission.h"

static const struct {
	const char *name;
	unsigned roles;
} actions[ACTION__COUNT] = {
#define X(name, text, roles) [name] = {text, roles},
	FOR_EACH_ACTION(X)
#undef X
};

static const char *const roles[ROLE__COUNT] = {
	[ROLE_NONE] = "",
#define X(name, text, label) [name] = text,
	FOR_EACH_ROLE(X)
#undef X
};

bool permission_allows(enum role role, enum action action)
{
	if (action < 0 || action >= ACTION__COUNT)
		return false;
	if (actions[action].roles & ANYONE)
		return true;
	if (role <= ROLE_NONE || role >= ROLE__COUNT)
		return false;
	return (actions[action].roles & (1u << role)) != 0;
}

const char *action_name(enum action action)
{
	return (action >= 0 && action < ACTION__COUNT) ? actions[action].name : "?";
}

const char *role_name(enum role role)
{
	return (role >= 0 && role < ROLE__COUNT) ? roles[role] : "";
}

enum role role_from_name(const char *name)
{
	for (int r = ROLE_NONE + 1; name && r < ROLE__COUNT; r++)
		if (strcmp(roles[r], name) == 0)
			return (enum role)r;
	return ROLE_NONE;
}

int permission_matrix(char *buf, int len)
{
	int used = 0;

#define APPEND(...) used += snprintf(buf + (used < len ? used : len), \
                                     (size_t)(used < len ? len - used : 0), __VA_ARGS__)
	APPEND("| action |");
	for (int r = ROLE_NONE + 1; r < ROLE__COUNT; r++)
		APPEND(" %s |", roles[r]);
	APPEND("\n|---|");
	for (int r = ROLE_NONE + 1; r < ROLE__COUNT; r++)
		APPEND("---|");
	APPEND("\n");
	for (int a = 0; a < ACTION__COUNT; a++) {
		APPEND("| `%s` |", actions[a].name);
		for (int r = ROLE_NONE + 1; r < ROLE__COUNT; r++)
			APPEND(" %s |", permission_allows((enum role)r, (enum action)a) ? "yes" : "—");
		APPEND("\n");
	}
#undef APPEND
	return used;
}
