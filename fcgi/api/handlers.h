/*
 * handlers.h -- every handler the route table names, and the fields each
 * declares, by resource.
 *
 * A handler reads the checked input from the request, does its work in the
 * request's transaction, and either fills the reply and returns ERR_NONE or
 * returns the error to answer with.
 */
#ifndef SAFEGRID_HANDLERS_H
#define SAFEGRID_HANDLERS_H

#include "base/error.h"
#include "input/fields.h"
#include "server/list.h"
#include "server/request.h"

/* health.c */
enum err health_get(struct request *req);
enum err ping_get(struct request *req);
enum err metrics_get(struct request *req);

/* session.c */
extern const struct field session_login_body[], session_password_body[];
enum err session_login(struct request *req);
enum err session_logout(struct request *req);
enum err session_me(struct request *req);
enum err session_password(struct request *req);
/*
 * A sign-in attempt in two steps, for the login and the activation alike:
 * the throttle and the user (user_id "" and *stored NULL for no active user
 * of that name; *stored malloc'd, the caller frees it) -- ERR_TOO_MANY with
 * Retry-After set when the username or the address must wait; then the
 * attempt recorded and, if ok, the session opened and the answer 200
 * {"user", "csrf_token"} with the cookie, else failure answered (the
 * attempt is committed all the same).
 */
enum err session_attempt_lookup(struct request *req, const char *username, char user_id[24],
                                char **stored);
enum err session_attempt_finish(struct request *req, const char *username, const char *user_id,
                                bool ok, enum err failure);

/* township.c */
extern const struct field township_list_query[], township_create_body[], township_update_body[];
enum err township_list(struct request *req);
enum err township_get(struct request *req);
enum err township_create(struct request *req);
enum err township_update(struct request *req);

/* user.c */
extern const struct field user_list_query[], user_create_body[], user_update_body[];
enum err user_list(struct request *req);
enum err user_get(struct request *req);
enum err user_create(struct request *req);
enum err user_update(struct request *req);

/* login.c */
extern const struct field login_issue_body[], login_code_body[], login_activate_body[],
	login_staff_create_body[], login_staff_update_body[];
enum err login_issue(struct request *req);
enum err login_code_reset(struct request *req);
enum err login_activate(struct request *req);
enum err login_staff_list(struct request *req);
enum err login_staff_create(struct request *req);
enum err login_staff_update(struct request *req);
enum err login_staff_code(struct request *req);

/* application.c */
extern const struct field application_create_body[], application_list_query[],
	application_approve_body[], application_refuse_body[];
enum err application_create(struct request *req);
enum err application_townships(struct request *req);
enum err application_list(struct request *req);
enum err application_approve(struct request *req);
enum err application_refuse(struct request *req);

/* audit.c */
extern const struct field audit_list_query[];
enum err audit_list(struct request *req);

/* sector.c */
extern const struct field sector_create_body[], sector_list_query[], sector_update_body[];
enum err sector_list(struct request *req);
enum err sector_create(struct request *req);
enum err sector_update(struct request *req);

/* campaign.c */
extern const struct field campaign_create_body[], campaign_list_query[], campaign_update_body[];
enum err campaign_list(struct request *req);
enum err campaign_create(struct request *req);
enum err campaign_get(struct request *req);
enum err campaign_update(struct request *req);

/* group.c */
extern const struct field group_create_body[], group_template_body[], group_update_body[];
enum err group_list(struct request *req);
enum err group_create(struct request *req);
enum err group_from_template(struct request *req);
enum err group_get(struct request *req);
enum err group_update(struct request *req);
enum err group_delete(struct request *req);

/* grid.c */
extern const struct field grid_create_body[], grid_tree_query[], grid_update_body[];
enum err grid_tree(struct request *req);
enum err grid_create(struct request *req);
enum err grid_get(struct request *req);
enum err grid_update(struct request *req);
enum err grid_delete(struct request *req);
enum err grid_moves(struct request *req);

/* task.c */
extern const struct field task_create_body[], task_list_query[], task_update_body[];
enum err task_list(struct request *req);
enum err task_create(struct request *req);
enum err task_get(struct request *req);
enum err task_update(struct request *req);

/* letter.c */
extern const struct field letter_coverage_query[], letter_create_body[], letter_list_query[], letter_update_body[];
enum err letter_list(struct request *req);
enum err letter_coverage(struct request *req);
enum err letter_create(struct request *req);
enum err letter_get(struct request *req);
enum err letter_update(struct request *req);
enum err letter_attach(struct request *req);

/* enterprise.c */
extern const struct field enterprise_create_body[], enterprise_list_query[], enterprise_update_body[];
enum err enterprise_list(struct request *req);
enum err enterprise_create(struct request *req);
enum err enterprise_import(struct request *req);
enum err enterprise_get(struct request *req);
enum err enterprise_update(struct request *req);

/* assignment.c */
extern const struct field assignment_create_body[], assignment_list_query[];
enum err assignment_list(struct request *req);
enum err assignment_create(struct request *req);

/* document.c */
extern const struct field document_create_body[], document_list_query[];
enum err document_list(struct request *req);
enum err document_create(struct request *req);
enum err document_get(struct request *req);
enum err document_acknowledge(struct request *req);
enum err document_attach(struct request *req);

/* attachment.c */
extern const struct field attachment_upload_query[];
enum err attachment_get(struct request *req);

/* checklist.c */
extern const struct field checklist_create_body[], checklist_list_query[], checklist_update_body[];
enum err checklist_list(struct request *req);
enum err checklist_create(struct request *req);
enum err checklist_get(struct request *req);
enum err checklist_update(struct request *req);
enum err checklist_publish(struct request *req);

/* inspection.c */
extern const struct field inspection_create_body[], inspection_list_query[], inspection_result_body[];
enum err inspection_list(struct request *req);
enum err inspection_create(struct request *req);
enum err inspection_get(struct request *req);
enum err inspection_result_put(struct request *req);
enum err inspection_result_attach(struct request *req);
enum err inspection_submit(struct request *req);

/* hazard.c */
extern const struct field hazard_create_body[], hazard_list_query[], hazard_transition_body[], hazard_update_body[],
                          hazard_extend_body[];
enum err hazard_list(struct request *req);
enum err hazard_create(struct request *req);
enum err hazard_get(struct request *req);
enum err hazard_update(struct request *req);
enum err hazard_extend(struct request *req);
enum err hazard_transition(struct request *req);
enum err hazard_events(struct request *req);
enum err hazard_attach(struct request *req);
enum err hazard_attachments(struct request *req);

/* public.c */
extern const struct field public_tip_body[], public_tip_photo_query[];
enum err public_enterprise(struct request *req);
enum err public_notice(struct request *req);
enum err public_tip(struct request *req);
enum err public_tip_photo(struct request *req);
enum err public_token_rotate(struct request *req);

/* public_page.c */
enum err public_page(struct request *req);
enum err public_page_notice(struct request *req);
enum err public_page_script(struct request *req);
enum err public_page_tip(struct request *req);

/* tip.c */
extern const struct field tip_accept_body[], tip_dismiss_body[], tip_list_query[];
enum err tip_list(struct request *req);
enum err tip_accept(struct request *req);
enum err tip_dismiss(struct request *req);

/* order.c */
extern const struct field order_list_query[], order_create_body[], order_response_body[],
	order_transition_body[];
enum err order_list(struct request *req);
enum err order_create(struct request *req);
enum err order_get(struct request *req);
enum err order_respond(struct request *req);
enum err order_transition(struct request *req);
enum err order_attach(struct request *req);

/* accountability.c */
extern const struct field accountability_list_query[], accountability_create_body[],
	accountability_kind_body[];
enum err accountability_list(struct request *req);
enum err accountability_create(struct request *req);
enum err accountability_get(struct request *req);
enum err accountability_kinds(struct request *req);
enum err accountability_kind_create(struct request *req);

/* report.c */
extern const struct field report_daily_query[], report_submit_body[], report_read_body[];
enum err report_daily(struct request *req);
enum err report_submit(struct request *req);
enum err report_mark_read(struct request *req);

/* dashboard.c */
extern const struct field dashboard_query[];
enum err dashboard_get(struct request *req);

/*
 * list_shapes.c: the lists whose statements are assembled from their
 * filters (list.h: list_answer_shaped), with the route of each, so that
 * safegridctl check-sql prepares every shape.
 */
void enterprise_list_sql(const struct request *req, const struct list_page *page, struct sqlbuf *q);
void inspection_list_sql(const struct request *req, const struct list_page *page, struct sqlbuf *q);
void hazard_list_sql(const struct request *req, const struct list_page *page, struct sqlbuf *q);
void order_list_sql(const struct request *req, const struct list_page *page, struct sqlbuf *q);

struct list_shape {
	const char *pattern;      /* the GET route of the list */
	list_sql_fn sql;
};

extern const struct list_shape list_shapes[];
extern const size_t list_shape_count;

/* The ledgers (台账, api/export.h): each resource's export of its list. */
extern const struct field hazard_export_query[], enterprise_export_query[], inspection_export_query[],
	order_export_query[];
enum err hazard_export(struct request *req);
enum err enterprise_export(struct request *req);
enum err inspection_export(struct request *req);
enum err order_export(struct request *req);

/* notification.c */
extern const struct field notification_list_query[];
enum err notification_list(struct request *req);
enum err notification_read(struct request *req);
enum err notification_read_all(struct request *req);

#endif
