/*
 * hazard_lifecycle.h -- the one place that says which move of a hazard's
 * life cycle is possible, for whom, and on what evidence.
 *
 *   reported --start--> rectifying --submit--> submitted --verify--> closed
 *   reported --close (immediate mode, on the spot)--> closed
 *   submitted --reject--> rectifying;  closed --reopen--> rectifying
 *
 * The check is pure: the handler gathers the facts (the hazard's state, the
 * caller, the evidence) and asks; the database's trigger
 * app.hazard_status_guard keeps the states and moves as a backstop.  The two
 * must agree: `safegridctl lifecycle` prints this table, and
 * tests/api/test_lifecycle_agreement.py plays every move against the trigger.
 */
#ifndef SAFEGRID_HAZARD_LIFECYCLE_H
#define SAFEGRID_HAZARD_LIFECYCLE_H

#include <stdbool.h>

#include "base/error.h"
#include "server/permission.h"

#define FOR_EACH_HAZARD_ACTION(X) \
	X(HAZARD_START,  "start")     \
	X(HAZARD_SUBMIT, "submit")    \
	X(HAZARD_VERIFY, "verify")    \
	X(HAZARD_REJECT, "reject")    \
	X(HAZARD_CLOSE,  "close")     \
	X(HAZARD_REOPEN, "reopen")

enum hazard_action {
#define X(name, text) name,
	FOR_EACH_HAZARD_ACTION(X)
#undef X
	HAZARD_ACTION__COUNT
};

#define FOR_EACH_HAZARD_STATUS(X)       \
	X(HAZARD_REPORTED,   "reported")   \
	X(HAZARD_RECTIFYING, "rectifying") \
	X(HAZARD_SUBMITTED,  "submitted")  \
	X(HAZARD_CLOSED,     "closed")

enum hazard_status {
#define X(name, text) name,
	FOR_EACH_HAZARD_STATUS(X)
#undef X
	HAZARD_STATUS__COUNT
};

enum hazard_severity { HAZARD_GENERAL, HAZARD_MAJOR };
enum hazard_mode { HAZARD_MODE_IMMEDIATE, HAZARD_MODE_DEADLINE, HAZARD_MODE_MAJOR };

/* NULL-terminated names, for field tables and answers. */
extern const char *const hazard_action_names[];
extern const char *const hazard_status_names[];

/* A name's value, or -1 for a name that is not one. */
int hazard_action_parse(const char *name);
int hazard_status_parse(const char *name);

/* What a move needs besides the right status and role. */
#define FOR_EACH_HAZARD_NEED(X)                                          \
	X(NEEDS_FIVE_ITEMS,    0x01u, "five_items")     /* of a major hazard */ \
	X(NEEDS_AFTER_PHOTO,   0x02u, "after_photo")                          \
	X(NEEDS_PHOTO,         0x04u, "photo")          /* before or after */  \
	X(NEEDS_NOTE,          0x08u, "note")                                 \
	X(NOT_BY_SUBMITTER,    0x10u, "not_by_submitter")                     \
	X(MAJOR_BY_COMMITTEE,  0x20u, "major_by_committee")                   \
	X(IMMEDIATE_MODE_ONLY, 0x40u, "immediate_mode_only")

enum hazard_need {
#define X(name, bit, text) name = bit,
	FOR_EACH_HAZARD_NEED(X)
#undef X
};

/* One action: the status it starts from, the one it leads to, who, and what it needs. */
struct hazard_move {
	enum hazard_status from, to;
	unsigned roles;                  /* bits 1 << enum role */
	unsigned needs;                  /* enum hazard_need bits */
};

/* The table's row for action; NULL for a value that is not an action. */
const struct hazard_move *hazard_lifecycle_move(enum hazard_action action);

/* What the caller and the hazard bring to a move. */
struct hazard_facts {
	enum hazard_status status;
	enum hazard_severity severity;
	enum hazard_mode mode;
	enum role role;
	bool caller_is_submitter;        /* the caller submitted it last */
	bool caller_enterprise_matches;  /* an enterprise user's own enterprise's hazard */
	bool has_after_photo;            /* an "after" photo not yet shown by an earlier move */
	bool has_before_or_after_photo;  /* a "before" or "after" photo, likewise */
	bool five_items_complete;
	bool has_note;
};

/* The answer: on ERR_NONE the status the move leads to; otherwise why not. */
struct hazard_verdict {
	enum hazard_status next_status;
	const char *field;               /* ERR_VALIDATION: the missing input */
	const char *message;             /* for the error answer */
};

/*
 * Whether action may happen: ERR_NONE, ERR_BAD_STATE (409: not possible
 * from this status or in this mode), ERR_FORBIDDEN (403: the caller's role,
 * or the caller, may not) or ERR_VALIDATION (422: evidence, note or five
 * items missing; verdict->field names it).  The role is judged first (a
 * role that may never make the move is told so whatever the state), then
 * the state, then who in particular, then the evidence.
 */
enum err hazard_lifecycle_check(enum hazard_action action, const struct hazard_facts *facts,
                                struct hazard_verdict *verdict);

/*
 * The actions the caller may take now, as bits 1 << enum hazard_action:
 * those hazard_lifecycle_check allows when every piece of evidence (the
 * photos, the note, a major hazard's five items) is taken as brought.  The
 * role, the status, the mode and who the caller is decide; missing
 * evidence does not take a move away: the move itself then answers 422,
 * naming what is missing.  The hazard's answer lists these
 * ("allowed_actions"), so that the portal offers what the server allows.
 */
unsigned hazard_lifecycle_allowed(const struct hazard_facts *facts);

#endif
