/*
 * report.c -- the daily report (日报) to the campaign command.
 *
 * The figures (hazards found, closed, open and overdue, by sector and by
 * grid node, with the change from the day before) and the list of groups
 * and cadres that have not reported (not_reported) are counted from the
 * rows by app.daily_report(), under the caller's row-level security, and
 * served by app.answer (0030) as last computed until a write changes what
 * it counts or the day turns.  A working group sends its submission for
 * the day (the hazards it registered and a note); the committee marks the
 * day's report as read.  The county sees every township's figures side by
 * side.
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "api/handlers.h"
#include "input/json.h"

const struct field report_daily_query[] = {
	{"date", FIELD_DATE, 0, 0, 0, NULL, NULL, NULL},
	{"township_id", FIELD_ID, 0, 0, 0, NULL, NULL, NULL},
	FIELDS_END,
};

const struct field report_submit_body[] = {
	{"group_id", FIELD_ID, FIELD_REQUIRED, 0, 0, NULL, NULL, NULL},
	{"date", FIELD_DATE, 0, 0, 0, NULL, NULL, NULL},
	{"note", FIELD_STRING, FIELD_NULLABLE, 0, 2000, NULL, NULL, NULL},
	{"hazard_ids", FIELD_ARRAY, 0, 0, 1000, NULL, field_ids, NULL},
	FIELDS_END,
};

const struct field report_read_body[] = {
	{"date", FIELD_DATE, 0, 0, 0, NULL, NULL, NULL},
	FIELDS_END,
};

DB_STMT(stmt_daily,
	"select app.answer('daily', t.id, coalesce($2::date, app.today())::text)"
	"  from township t where t.id = coalesce($1::bigint, app.township_id())");

/* The county's townships side by side: the totals and who has not reported. */
DB_STMT(stmt_county,
	"select app.answer('daily_county', null, coalesce($1::date, app.today())::text)");

/*
 * The rules of a submission, as 422 details: a group of the township whose
 * member or leader the caller is (any group for the committee); the
 * township's hazards; a day not in the future nor more than a week back.
 */
DB_STMT(stmt_check,
	"with b as (select $1::jsonb as b),"
	" v as (select (b->>'group_id')::bigint as group_id, app.json_ids(b->'hazard_ids') as hazards,"
	"              coalesce((b->>'date')::date, app.today()) as day from b)"
	"select problem.field, problem.code, problem.message"
	"  from v cross join lateral (values"
	"   ('group_id', 'not_found', 'is not a working group of your township',"
	"    not exists (select 1 from working_group g where g.id = v.group_id and g.township_id = app.township_id())),"
	"   ('group_id', 'not_member', 'you are neither a member nor the leader of this group',"
	"    app.role() <> 'committee' and exists (select 1 from working_group g where g.id = v.group_id"
	"                                            and g.township_id = app.township_id())"
	"    and not exists (select 1 from working_group g where g.id = v.group_id and g.leader_user_id = app.user_id())"
	"    and not exists (select 1 from group_member m where m.township_id = app.township_id()"
	"                     and m.group_id = v.group_id and m.user_id = app.user_id())),"
	"   ('hazard_ids', 'not_found', 'names a hazard that is not your township''s',"
	"    exists (select 1 from unnest(v.hazards) x where not exists (select 1 from hazard h"
	"             where h.id = x and h.township_id = app.township_id()))),"
	"   ('date', 'out_of_range', 'must be today or one of the seven days before',"
	"    v.day > app.today() or v.day < app.today() - 7)"
	"  ) as problem (field, code, message, failed)"
	" where problem.failed");

DB_STMT(stmt_submit,
	"insert into daily_report as r (township_id, group_id, report_date, note, hazard_ids, submitted_by)"
	"select app.township_id(), (b->>'group_id')::bigint, coalesce((b->>'date')::date, app.today()),"
	"       b->>'note', app.json_ids(b->'hazard_ids'), app.user_id()"
	"  from (select $1::jsonb as b) body "
	"on conflict (township_id, report_date, group_id) do update"
	"   set note = excluded.note, hazard_ids = excluded.hazard_ids, submitted_by = excluded.submitted_by "
	"returning jsonb_build_object('id', r.id, 'township_id', r.township_id, 'group_id', r.group_id,"
	"                             'date', r.report_date, 'note', r.note, 'hazard_ids', to_jsonb(r.hazard_ids),"
	"                             'submitted_by', r.submitted_by, 'submitted_at', r.updated_at,"
	"                             'version', r.version)");

DB_STMT(stmt_mark_read,
	"insert into daily_report_read as x (township_id, report_date, read_by)"
	"values (app.township_id(), coalesce($1::date, app.today()), app.user_id())"
	"on conflict (township_id, report_date) do update set read_by = excluded.read_by, read_at = now() "
	"returning jsonb_build_object('township_id', x.township_id, 'date', x.report_date,"
	"                             'read_by', x.read_by, 'read_at', x.read_at)");

/*
 * GET /api/v1/reports/daily[?date=][&township_id=] -- 200 the township's
 * report for the day (today by default): "totals", "by_sector",
 * "by_grid_node" (each with "change" from the day before), "not_reported",
 * "submissions", "read".  A county admin without township_id gets every
 * township's totals side by side ("townships"); 404 for a township not the
 * caller's.
 */
enum err report_daily(struct request *req)
{
	const char *township = request_text(req, "township_id");
	const char *date = request_text(req, "date");

	if (township == NULL && req->who.township_id == 0) {
		const char *params[1] = {date};

		return request_reply_query(req, &stmt_county, 1, params, 200);
	}
	if (township != NULL && req->who.township_id != 0 && request_int(req, "township_id") != req->who.township_id)
		return ERR_NOT_FOUND;
	const char *params[2] = {township, date};

	return request_reply_query(req, &stmt_daily, 2, params, 200);
}

/*
 * POST /api/v1/reports/daily {"group_id", "date", "note", "hazard_ids"} --
 * 201 the submission; sent again for the same group and day, it replaces
 * the earlier one.  The committee, or a member or leader of the group
 * (422 otherwise); 422 for hazards not the township's or a day out of range.
 */
enum err report_submit(struct request *req)
{
	const char *params[1] = {request_body_text(req)};
	enum err e;

	if ((e = request_check_rules(req, &stmt_check)) != ERR_NONE)
		return e;
	return request_reply_query(req, &stmt_submit, 1, params, 201);
}

/*
 * POST /api/v1/reports/daily/read {"date"} -- 200 the committee's read
 * mark for the day (today by default).  Committee only (403).
 */
enum err report_mark_read(struct request *req)
{
	const char *params[1] = {request_text(req, "date")};

	return request_reply_query(req, &stmt_mark_read, 1, params, 200);
}
