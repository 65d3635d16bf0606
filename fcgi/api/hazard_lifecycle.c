/*
 * hazard_lifecycle.c -- the life cycle of a hazard as one table.
 *
 * Each action has one status it starts from, one it leads to, the roles
 * that may make it, and what it needs.  Department and committee users do
 * what the rules allow; an enterprise user starts and submits its own
 * enterprise's hazards and nothing more; supervisors and county admins
 * change no hazard.
 */
#include <stddef.h>
#include <string.h>

#include "api/hazard_lifecycle.h"

const char *const hazard_action_names[] = {
#define X(name, text) text,
	FOR_EACH_HAZARD_ACTION(X)
#undef X
	NULL,
};

const char *const hazard_status_names[] = {
#define X(name, text) text,
	FOR_EACH_HAZARD_STATUS(X)
#undef X
	NULL,
};

static const struct hazard_move moves[HAZARD_ACTION__COUNT] = {
	[HAZARD_START]  = {HAZARD_REPORTED, HAZARD_RECTIFYING, COMMITTEE | DEPARTMENT | ENTERPRISE,
	                   NEEDS_FIVE_ITEMS},
	[HAZARD_SUBMIT] = {HAZARD_RECTIFYING, HAZARD_SUBMITTED, COMMITTEE | DEPARTMENT | ENTERPRISE,
	                   NEEDS_AFTER_PHOTO},
	[HAZARD_VERIFY] = {HAZARD_SUBMITTED, HAZARD_CLOSED, COMMITTEE | DEPARTMENT,
	                   NOT_BY_SUBMITTER | MAJOR_BY_COMMITTEE},
	[HAZARD_REJECT] = {HAZARD_SUBMITTED, HAZARD_RECTIFYING, COMMITTEE | DEPARTMENT,
	                   NOT_BY_SUBMITTER | NEEDS_NOTE},
	[HAZARD_CLOSE]  = {HAZARD_REPORTED, HAZARD_CLOSED, COMMITTEE | DEPARTMENT,
	                   IMMEDIATE_MODE_ONLY | MAJOR_BY_COMMITTEE | NEEDS_PHOTO},
	[HAZARD_REOPEN] = {HAZARD_CLOSED, HAZARD_RECTIFYING, COMMITTEE | DEPARTMENT, NEEDS_NOTE},
};

const struct hazard_move *hazard_lifecycle_move(enum hazard_action action)
{
	return (unsigned)action < HAZARD_ACTION__COUNT ? &moves[action] : NULL;
}

static int name_index(const char *const *names, const char *name)
{
	for (int i = 0; name && names[i]; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

int hazard_action_parse(const char *name)
{
	return name_index(hazard_action_names, name);
}

int hazard_status_parse(const char *name)
{
	return name_index(hazard_status_names, name);
}

static enum err refuse(struct hazard_verdict *v, enum err e, const char *field, const char *message)
{
	v->field = field;
	v->message = message;
	return e;
}

enum err hazard_lifecycle_check(enum hazard_action action, const struct hazard_facts *f,
                                struct hazard_verdict *v)
{
	const struct hazard_move *m;
	bool major;

	v->next_status = f->status;
	v->field = NULL;
	v->message = NULL;
	if ((unsigned)action >= HAZARD_ACTION__COUNT)
		return refuse(v, ERR_VALIDATION, "action", "is not an action of the life cycle");
	m = &moves[action];
	major = f->severity == HAZARD_MAJOR;

	if (f->role <= ROLE_NONE || f->role >= ROLE__COUNT || !(m->roles & (1u << f->role)))
		return refuse(v, ERR_FORBIDDEN, NULL,
		              f->role == ROLE_ENTERPRISE
		              ? "an enterprise starts and submits its hazards; the township verifies, rejects, closes and reopens"
		              : "your role changes no hazard this way");
	if (f->role == ROLE_ENTERPRISE && !f->caller_enterprise_matches)
		return refuse(v, ERR_FORBIDDEN, NULL, "the hazard is another enterprise's");
	if (f->status != m->from)
		return refuse(v, ERR_BAD_STATE, NULL, "the hazard's status does not allow this action");
	if ((m->needs & IMMEDIATE_MODE_ONLY) && f->mode != HAZARD_MODE_IMMEDIATE)
		return refuse(v, ERR_BAD_STATE, NULL,
		              "only a hazard of mode immediate is closed on the spot; start its rectification");
	if ((m->needs & NOT_BY_SUBMITTER) && f->caller_is_submitter)
		return refuse(v, ERR_FORBIDDEN, NULL, "the one who submitted the rectification does not judge it");
	if ((m->needs & MAJOR_BY_COMMITTEE) && major && f->role != ROLE_COMMITTEE)
		return refuse(v, ERR_FORBIDDEN, NULL, "only the committee closes a major hazard");
	if ((m->needs & NEEDS_FIVE_ITEMS) && major && !f->five_items_complete)
		return refuse(v, ERR_VALIDATION, "five_items",
		              "a major hazard needs its five items (responsibility, measures, funds, time limit, contingency plan) before rectification starts");
	if ((m->needs & NEEDS_AFTER_PHOTO) && !f->has_after_photo)
		return refuse(v, ERR_VALIDATION, "attachments",
		              "upload a photo tagged after the rectification first");
	if ((m->needs & NEEDS_PHOTO) && !f->has_before_or_after_photo)
		return refuse(v, ERR_VALIDATION, "attachments",
		              "upload a photo of the hazard (tag before or after) first");
	if ((m->needs & NEEDS_NOTE) && !f->has_note)
		return refuse(v, ERR_VALIDATION, "note", "say why in a note");
	v->next_status = m->to;
	return ERR_NONE;
}

unsigned hazard_lifecycle_allowed(const struct hazard_facts *facts)
{
	struct hazard_facts brought = *facts;
	struct hazard_verdict verdict;
	unsigned allowed = 0;

	brought.has_after_photo = brought.has_before_or_after_photo = true;
	brought.five_items_complete = brought.has_note = true;
	for (int action = 0; action < HAZARD_ACTION__COUNT; action++)
		if (hazard_lifecycle_check((enum hazard_action)action, &brought, &verdict) == ERR_NONE)
			allowed |= 1u << action;
	return allowed;
}
