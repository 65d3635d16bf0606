/*
 * routes.c -- the whole API in one table.
 *
 * docs/openapi.yaml and docs/permissions.md are checked against this table.
 */
#include "api/handlers.h"
#include "server/router.h"

#define ID "{id}"

const struct route routes[] = {
	/* method path                                                handler                action                    flags, body fields, query fields */
	{"GET",   "/api/v1/health",                                    health_get,           ACTION_PUBLIC,            ROUTE_NO_TX, NULL, NULL},
	{"GET",   "/api/v1/ping",                                      ping_get,             ACTION_PUBLIC,            ROUTE_NO_DB, NULL, NULL},
	{"GET",   "/metrics",                                          metrics_get,          ACTION_PUBLIC,            ROUTE_NO_DB, NULL, NULL},

	{"POST",  "/api/v1/auth/login",                                session_login,        ACTION_PUBLIC,            ROUTE_BODY_JSON | ROUTE_NO_CSRF, session_login_body, NULL},
	{"POST",  "/api/v1/auth/logout",                               session_logout,       ACTION_SESSION,           0, NULL, NULL},
	{"GET",   "/api/v1/me",                                        session_me,           ACTION_SESSION,           0, NULL, NULL},
	{"POST",  "/api/v1/me/password",                               session_password,     ACTION_SESSION,           ROUTE_BODY_JSON, session_password_body, NULL},
	{"POST",  "/api/v1/auth/activate",                             login_activate,       ACTION_PUBLIC,            ROUTE_BODY_JSON | ROUTE_NO_CSRF, login_activate_body, NULL},

	{"POST",  "/api/v1/enterprise-logins",                         login_issue,          ACTION_LOGIN_ISSUE,       ROUTE_BODY_JSON, login_issue_body, NULL},
	{"POST",  "/api/v1/users/" ID "/activation-code",              login_code_reset,     ACTION_LOGIN_ISSUE,       ROUTE_BODY_JSON, login_code_body, NULL},
	{"GET",   "/api/v1/enterprise-staff",                          login_staff_list,     ACTION_LOGIN_STAFF,       0, NULL, NULL},
	{"POST",  "/api/v1/enterprise-staff",                          login_staff_create,   ACTION_LOGIN_STAFF,       ROUTE_BODY_JSON, login_staff_create_body, NULL},
	{"PATCH", "/api/v1/enterprise-staff/" ID,                      login_staff_update,   ACTION_LOGIN_STAFF,       ROUTE_BODY_JSON, login_staff_update_body, NULL},
	{"POST",  "/api/v1/enterprise-staff/" ID "/activation-code",   login_staff_code,     ACTION_LOGIN_STAFF,       0, NULL, NULL},
	{"GET",   "/api/v1/public/townships",                          application_townships, ACTION_PUBLIC,           0, NULL, NULL},
	{"POST",  "/api/v1/public/login-applications",                 application_create,   ACTION_PUBLIC,            ROUTE_BODY_JSON | ROUTE_NO_CSRF, application_create_body, NULL},
	{"GET",   "/api/v1/login-applications",                        application_list,     ACTION_APPLICATION_DECIDE, 0, NULL, application_list_query},
	{"POST",  "/api/v1/login-applications/" ID "/approve",         application_approve,  ACTION_APPLICATION_DECIDE, ROUTE_BODY_JSON, application_approve_body, NULL},
	{"POST",  "/api/v1/login-applications/" ID "/refuse",          application_refuse,   ACTION_APPLICATION_DECIDE, ROUTE_BODY_JSON, application_refuse_body, NULL},

	{"GET",   "/api/v1/townships",                                 township_list,        ACTION_TOWNSHIP_READ,     0, NULL, township_list_query},
	{"POST",  "/api/v1/townships",                                 township_create,      ACTION_TOWNSHIP_MANAGE,   ROUTE_BODY_JSON, township_create_body, NULL},
	{"GET",   "/api/v1/townships/" ID,                             township_get,         ACTION_TOWNSHIP_READ,     0, NULL, NULL},
	{"PATCH", "/api/v1/townships/" ID,                             township_update,      ACTION_TOWNSHIP_MANAGE,   ROUTE_BODY_JSON, township_update_body, NULL},

	{"GET",   "/api/v1/users",                                     user_list,            ACTION_USER_READ,         0, NULL, user_list_query},
	{"POST",  "/api/v1/users",                                     user_create,          ACTION_USER_MANAGE,       ROUTE_BODY_JSON, user_create_body, NULL},
	{"GET",   "/api/v1/users/" ID,                                 user_get,             ACTION_USER_READ,         0, NULL, NULL},
	{"PATCH", "/api/v1/users/" ID,                                 user_update,          ACTION_USER_MANAGE,       ROUTE_BODY_JSON, user_update_body, NULL},

	{"GET",   "/api/v1/audit",                                     audit_list,           ACTION_AUDIT_READ,        0, NULL, audit_list_query},

	{"GET",   "/api/v1/sectors",                                   sector_list,          ACTION_SECTOR_READ,       0, NULL, sector_list_query},
	{"POST",  "/api/v1/sectors",                                   sector_create,        ACTION_SECTOR_MANAGE,     ROUTE_BODY_JSON, sector_create_body, NULL},
	{"PATCH", "/api/v1/sectors/" ID,                               sector_update,        ACTION_SECTOR_MANAGE,     ROUTE_BODY_JSON, sector_update_body, NULL},

	{"GET",   "/api/v1/campaigns",                                 campaign_list,        ACTION_CAMPAIGN_READ,     0, NULL, campaign_list_query},
	{"POST",  "/api/v1/campaigns",                                 campaign_create,      ACTION_CAMPAIGN_MANAGE,   ROUTE_BODY_JSON, campaign_create_body, NULL},
	{"GET",   "/api/v1/campaigns/" ID,                             campaign_get,         ACTION_CAMPAIGN_READ,     0, NULL, NULL},
	{"PATCH", "/api/v1/campaigns/" ID,                             campaign_update,      ACTION_CAMPAIGN_MANAGE,   ROUTE_BODY_JSON, campaign_update_body, NULL},

	{"GET",   "/api/v1/campaigns/" ID "/groups",                   group_list,           ACTION_ORG_READ,          0, NULL, NULL},
	{"POST",  "/api/v1/campaigns/" ID "/groups",                   group_create,         ACTION_ORG_MANAGE,        ROUTE_BODY_JSON, group_create_body, NULL},
	{"POST",  "/api/v1/campaigns/" ID "/groups/from-template",     group_from_template,  ACTION_ORG_MANAGE,        ROUTE_BODY_JSON, group_template_body, NULL},
	{"GET",   "/api/v1/groups/" ID,                                group_get,            ACTION_ORG_READ,          0, NULL, NULL},
	{"PATCH", "/api/v1/groups/" ID,                                group_update,         ACTION_ORG_MANAGE,        ROUTE_BODY_JSON, group_update_body, NULL},
	{"DELETE", "/api/v1/groups/" ID,                                group_delete,         ACTION_ORG_MANAGE,        0, NULL, NULL},

	{"GET",   "/api/v1/grid",                                      grid_tree,            ACTION_ORG_READ,          ROUTE_REPLICA, NULL, grid_tree_query},
	{"POST",  "/api/v1/grid",                                      grid_create,          ACTION_ORG_MANAGE,        ROUTE_BODY_JSON, grid_create_body, NULL},
	{"GET",   "/api/v1/grid/" ID,                                  grid_get,             ACTION_ORG_READ,          0, NULL, NULL},
	{"PATCH", "/api/v1/grid/" ID,                                  grid_update,          ACTION_ORG_MANAGE,        ROUTE_BODY_JSON, grid_update_body, NULL},
	{"DELETE", "/api/v1/grid/" ID,                                  grid_delete,          ACTION_ORG_MANAGE,        0, NULL, NULL},
	{"GET",   "/api/v1/grid/" ID "/moves",                         grid_moves,           ACTION_ORG_READ,          0, NULL, NULL},

	{"GET",   "/api/v1/tasks",                                     task_list,            ACTION_ORG_READ,          0, NULL, task_list_query},
	{"POST",  "/api/v1/tasks",                                     task_create,          ACTION_ORG_MANAGE,        ROUTE_BODY_JSON, task_create_body, NULL},
	{"GET",   "/api/v1/tasks/" ID,                                 task_get,             ACTION_ORG_READ,          0, NULL, NULL},
	{"PATCH", "/api/v1/tasks/" ID,                                 task_update,          ACTION_TASK_REPORT,       ROUTE_BODY_JSON, task_update_body, NULL},

	{"GET",   "/api/v1/responsibility-letters",                    letter_list,          ACTION_ORG_READ,          0, NULL, letter_list_query},
	{"GET",   "/api/v1/responsibility-letters/coverage",           letter_coverage,      ACTION_ORG_READ,          0, NULL, letter_coverage_query},
	{"POST",  "/api/v1/responsibility-letters",                    letter_create,        ACTION_ORG_MANAGE,        ROUTE_BODY_JSON, letter_create_body, NULL},
	{"GET",   "/api/v1/responsibility-letters/" ID,                letter_get,           ACTION_ORG_READ,          0, NULL, NULL},
	{"PATCH", "/api/v1/responsibility-letters/" ID,                letter_update,        ACTION_ORG_MANAGE,        ROUTE_BODY_JSON, letter_update_body, NULL},
	{"POST",  "/api/v1/responsibility-letters/" ID "/attachment",  letter_attach,        ACTION_ORG_MANAGE,        ROUTE_BODY_RAW, NULL, NULL},

	{"GET",   "/api/v1/enterprises",                               enterprise_list,      ACTION_ENTERPRISE_READ,   0, NULL, enterprise_list_query},
	{"POST",  "/api/v1/enterprises",                               enterprise_create,    ACTION_ENTERPRISE_MANAGE, ROUTE_BODY_JSON, enterprise_create_body, NULL},
	{"POST",  "/api/v1/enterprises/import",                        enterprise_import,    ACTION_ENTERPRISE_MANAGE, ROUTE_BODY_RAW, NULL, NULL},
	{"GET",   "/api/v1/enterprises/" ID,                           enterprise_get,       ACTION_ENTERPRISE_READ,   0, NULL, NULL},
	{"PATCH", "/api/v1/enterprises/" ID,                           enterprise_update,    ACTION_ENTERPRISE_MANAGE, ROUTE_BODY_JSON, enterprise_update_body, NULL},

	{"GET",   "/api/v1/enterprises/" ID "/assignments",            assignment_list,      ACTION_ORG_READ,          0, NULL, assignment_list_query},
	{"POST",  "/api/v1/enterprises/" ID "/assignments",            assignment_create,    ACTION_ORG_MANAGE,        ROUTE_BODY_JSON, assignment_create_body, NULL},

	{"GET",   "/api/v1/documents",                                 document_list,        ACTION_DOCUMENT_READ,     0, NULL, document_list_query},
	{"POST",  "/api/v1/documents",                                 document_create,      ACTION_DOCUMENT_SEND,     ROUTE_BODY_JSON, document_create_body, NULL},
	{"GET",   "/api/v1/documents/" ID,                             document_get,         ACTION_DOCUMENT_READ,     0, NULL, NULL},
	{"POST",  "/api/v1/documents/" ID "/acknowledge",              document_acknowledge, ACTION_DOCUMENT_ACK,      0, NULL, NULL},
	{"POST",  "/api/v1/documents/" ID "/attachment",               document_attach,      ACTION_DOCUMENT_SEND,     ROUTE_BODY_RAW, NULL, NULL},

	{"GET",   "/api/v1/attachments/" ID,                           attachment_get,       ACTION_ATTACHMENT_READ,   0, NULL, NULL},

	{"GET",   "/api/v1/checklists",                                checklist_list,       ACTION_CHECKLIST_READ,    0, NULL, checklist_list_query},
	{"POST",  "/api/v1/checklists",                                checklist_create,     ACTION_CHECKLIST_MANAGE,  ROUTE_BODY_JSON, checklist_create_body, NULL},
	{"GET",   "/api/v1/checklists/" ID,                            checklist_get,        ACTION_CHECKLIST_READ,    0, NULL, NULL},
	{"PATCH", "/api/v1/checklists/" ID,                            checklist_update,     ACTION_CHECKLIST_MANAGE,  ROUTE_BODY_JSON, checklist_update_body, NULL},
	{"POST",  "/api/v1/checklists/" ID "/publish",                 checklist_publish,    ACTION_CHECKLIST_MANAGE,  0, NULL, NULL},

	{"GET",   "/api/v1/inspections",                               inspection_list,      ACTION_INSPECTION_READ,   0, NULL, inspection_list_query},
	{"POST",  "/api/v1/inspections",                               inspection_create,    ACTION_INSPECTION_WRITE,  ROUTE_BODY_JSON, inspection_create_body, NULL},
	{"GET",   "/api/v1/inspections/" ID,                           inspection_get,       ACTION_INSPECTION_READ,   0, NULL, NULL},
	{"PUT",   "/api/v1/inspections/" ID "/results/{item}",         inspection_result_put, ACTION_INSPECTION_WRITE,  ROUTE_BODY_JSON, inspection_result_body, NULL},
	{"POST",  "/api/v1/inspections/" ID "/results/{item}/attachments", inspection_result_attach, ACTION_INSPECTION_WRITE,  ROUTE_BODY_RAW, NULL, attachment_upload_query},
	{"POST",  "/api/v1/inspections/" ID "/submit",                 inspection_submit,    ACTION_INSPECTION_WRITE,  0, NULL, NULL},

	{"GET",   "/api/v1/hazards",                                   hazard_list,          ACTION_HAZARD_READ,       0, NULL, hazard_list_query},
	{"POST",  "/api/v1/hazards",                                   hazard_create,        ACTION_HAZARD_REGISTER,   ROUTE_BODY_JSON, hazard_create_body, NULL},
	{"GET",   "/api/v1/hazards/" ID,                               hazard_get,           ACTION_HAZARD_READ,       0, NULL, NULL},
	{"PATCH", "/api/v1/hazards/" ID,                               hazard_update,        ACTION_HAZARD_EDIT,       ROUTE_BODY_JSON, hazard_update_body, NULL},
	{"POST",  "/api/v1/hazards/" ID "/extensions",                 hazard_extend,        ACTION_HAZARD_EXTEND,     ROUTE_BODY_JSON, hazard_extend_body, NULL},
	{"POST",  "/api/v1/hazards/" ID "/transitions",                hazard_transition,    ACTION_HAZARD_TRANSITION, ROUTE_BODY_JSON, hazard_transition_body, NULL},
	{"GET",   "/api/v1/hazards/" ID "/events",                     hazard_events,        ACTION_HAZARD_READ,       0, NULL, NULL},
	{"POST",  "/api/v1/hazards/" ID "/attachments",                hazard_attach,        ACTION_HAZARD_TRANSITION, ROUTE_BODY_RAW, NULL, attachment_upload_query},
	{"GET",   "/api/v1/hazards/" ID "/attachments",                hazard_attachments,   ACTION_HAZARD_READ,       0, NULL, NULL},

	{"GET",   "/api/v1/public/enterprises/{token}",                public_enterprise,    ACTION_PUBLIC,            0, NULL, NULL},
	{"GET",   "/api/v1/public/enterprises/{token}/notice.svg",     public_notice,        ACTION_PUBLIC,            0, NULL, NULL},
	{"POST",  "/api/v1/public/tips",                               public_tip,           ACTION_PUBLIC,            ROUTE_BODY_JSON | ROUTE_NO_CSRF, public_tip_body, NULL},
	{"POST",  "/api/v1/public/tips/" ID "/photo",                  public_tip_photo,     ACTION_PUBLIC,            ROUTE_BODY_RAW | ROUTE_NO_CSRF, NULL, public_tip_photo_query},
	{"POST",  "/api/v1/enterprises/" ID "/public-token",           public_token_rotate,  ACTION_ENTERPRISE_MANAGE, 0, NULL, NULL},
	/* The public page, outside /api/ (nginx: location /p/); tip.js before {token}. */
	{"GET",   "/p/tip.js",                                         public_page_script,   ACTION_PUBLIC,            0, NULL, NULL},
	{"GET",   "/p/{token}",                                        public_page,          ACTION_PUBLIC,            0, NULL, NULL},
	{"GET",   "/p/{token}/notice",                                 public_page_notice,   ACTION_PUBLIC,            0, NULL, NULL},
	{"POST",  "/p/{token}/tip",                                    public_page_tip,      ACTION_PUBLIC,            ROUTE_BODY_RAW | ROUTE_NO_CSRF, NULL, NULL},

	{"GET",   "/api/v1/tips",                                      tip_list,             ACTION_TIP_READ,          0, NULL, tip_list_query},
	{"POST",  "/api/v1/tips/" ID "/accept",                        tip_accept,           ACTION_TIP_HANDLE,        ROUTE_BODY_JSON, tip_accept_body, NULL},
	{"POST",  "/api/v1/tips/" ID "/dismiss",                       tip_dismiss,          ACTION_TIP_HANDLE,        ROUTE_BODY_JSON, tip_dismiss_body, NULL},

	{"GET",   "/api/v1/reports/daily",                             report_daily,         ACTION_REPORT_READ,       0, NULL, report_daily_query},
	{"POST",  "/api/v1/reports/daily",                             report_submit,        ACTION_REPORT_SUBMIT,     ROUTE_BODY_JSON, report_submit_body, NULL},
	{"POST",  "/api/v1/reports/daily/read",                        report_mark_read,     ACTION_REPORT_ACKNOWLEDGE, ROUTE_BODY_JSON, report_read_body, NULL},

	{"GET",   "/api/v1/supervision-orders",                        order_list,           ACTION_ORDER_READ,        0, NULL, order_list_query},
	{"POST",  "/api/v1/supervision-orders",                        order_create,         ACTION_ORDER_ISSUE,       ROUTE_BODY_JSON, order_create_body, NULL},
	{"GET",   "/api/v1/supervision-orders/" ID,                    order_get,            ACTION_ORDER_READ,        0, NULL, NULL},
	{"POST",  "/api/v1/supervision-orders/" ID "/responses",       order_respond,        ACTION_ORDER_RESPOND,     ROUTE_BODY_JSON, order_response_body, NULL},
	{"POST",  "/api/v1/supervision-orders/" ID "/transitions",     order_transition,     ACTION_ORDER_ISSUE,       ROUTE_BODY_JSON, order_transition_body, NULL},
	{"POST",  "/api/v1/supervision-orders/" ID "/attachments",     order_attach,         ACTION_ORDER_ATTACH,      ROUTE_BODY_RAW, NULL, NULL},

	{"GET",   "/api/v1/accountability",                            accountability_list,  ACTION_ACCOUNTABILITY_READ, 0, NULL, accountability_list_query},
	{"POST",  "/api/v1/accountability",                            accountability_create, ACTION_ACCOUNTABILITY_WRITE, ROUTE_BODY_JSON, accountability_create_body, NULL},
	{"GET",   "/api/v1/accountability/" ID,                        accountability_get,   ACTION_ACCOUNTABILITY_READ, 0, NULL, NULL},
	{"GET",   "/api/v1/accountability-kinds",                      accountability_kinds, ACTION_ACCOUNTABILITY_READ, 0, NULL, dashboard_query},
	{"POST",  "/api/v1/accountability-kinds",                      accountability_kind_create, ACTION_ACCOUNTABILITY_WRITE, ROUTE_BODY_JSON, accountability_kind_body, NULL},

	{"GET",   "/api/v1/exports/hazards.xlsx",                      hazard_export,        ACTION_HAZARD_READ,       0, NULL, hazard_export_query},
	{"GET",   "/api/v1/exports/hazards.csv",                       hazard_export,        ACTION_HAZARD_READ,       0, NULL, hazard_export_query},
	{"GET",   "/api/v1/exports/enterprises.xlsx",                  enterprise_export,    ACTION_ENTERPRISE_READ,   0, NULL, enterprise_export_query},
	{"GET",   "/api/v1/exports/enterprises.csv",                   enterprise_export,    ACTION_ENTERPRISE_READ,   0, NULL, enterprise_export_query},
	{"GET",   "/api/v1/exports/inspections.xlsx",                  inspection_export,    ACTION_INSPECTION_READ,   0, NULL, inspection_export_query},
	{"GET",   "/api/v1/exports/inspections.csv",                   inspection_export,    ACTION_INSPECTION_READ,   0, NULL, inspection_export_query},
	{"GET",   "/api/v1/exports/supervision-orders.xlsx",           order_export,         ACTION_ORDER_READ,        0, NULL, order_export_query},
	{"GET",   "/api/v1/exports/supervision-orders.csv",            order_export,         ACTION_ORDER_READ,        0, NULL, order_export_query},

	{"GET",   "/api/v1/notifications",                             notification_list,    ACTION_NOTIFICATION,      0, NULL, notification_list_query},
	{"POST",  "/api/v1/notifications/read-all",                    notification_read_all, ACTION_NOTIFICATION,     0, NULL, NULL},
	{"POST",  "/api/v1/notifications/" ID "/read",                 notification_read,    ACTION_NOTIFICATION,      0, NULL, NULL},

	{"GET",   "/api/v1/dashboard",                                 dashboard_get,        ACTION_DASHBOARD,         0, NULL, dashboard_query},
};

const size_t route_count = sizeof(routes) / sizeof(routes[0]);
