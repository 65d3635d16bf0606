/*
 * dashboard.c -- each role's home view, in one request.
 *
 * The committee sees the township's campaign at a glance; the supervisors
 * what is late and who answers for it; a department user its queue; an
 * enterprise its own hazards; the county every township side by side,
 * ranked.  Each is one SQL function of migrations 0017 and 0026 that counts
 * the rows as the caller's row-level security shows them, so a figure never
 * shows what the caller's lists would not; app.answer (0030) serves the
 * answer it last computed for the same township, view and user until a
 * write changes something it counts or the day turns.
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "api/handlers.h"
#include "input/json.h"

const struct field dashboard_query[] = {
	{"township_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	FIELDS_END,
};

DB_STMT(stmt_committee, "select app.answer('committee', app.township_id(), null)");
DB_STMT(stmt_supervisor, "select app.answer('supervisor', app.township_id(), null)");
DB_STMT(stmt_department, "select app.answer('department', app.township_id(), null)");
DB_STMT(stmt_enterprise, "select app.answer('enterprise', app.township_id(), null)");
DB_STMT(stmt_county, "select app.answer('county', null, $1::bigint::text)");

/*
 * GET /api/v1/dashboard[?township_id=] -- 200 the caller's role's
 * dashboard ("role" names which).  township_id narrows the county's to one
 * township; from a township's user it is 422.
 */
enum err dashboard_get(struct request *req)
{
	const char *params[1] = {request_text(req, "township_id")};
	struct db_stmt *stmt = NULL;

	switch (req->who.role) {
	case ROLE_COUNTY_ADMIN: stmt = &stmt_county; break;
	case ROLE_COMMITTEE: stmt = &stmt_committee; break;
	case ROLE_SUPERVISOR: stmt = &stmt_supervisor; break;
	case ROLE_DEPARTMENT: stmt = &stmt_department; break;
	case ROLE_ENTERPRISE: stmt = &stmt_enterprise; break;
	default: return ERR_FORBIDDEN;
	}
	if (stmt != &stmt_county && params[0] != NULL) {
		json_detail_add(request_details(req), "township_id", "not_allowed",
		                "only a county-wide user names the township");
		return ERR_VALIDATION;
	}
	return request_reply_query(req, stmt, stmt == &stmt_county ? 1 : 0, params, 200);
}
