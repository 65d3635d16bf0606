/*
 * permission.h -- roles, actions, and the one table that says which role
 * may do what.
 *
 * docs/permissions.md shows the same table as a matrix; tests/api/test_docs.py
 * compares it with `safegridctl permissions`, rendered from this table, so the
 * two cannot drift apart.
 * Row-level security in the database decides *which rows*; this table
 * decides *which actions*.
 */
#ifndef SAFEGRID_PERMISSION_H
#define SAFEGRID_PERMISSION_H

#include <stdbool.h>

#define FOR_EACH_ROLE(X)                                   \
	X(ROLE_COUNTY_ADMIN, "county_admin", "county admin")  \
	X(ROLE_COMMITTEE,    "committee",    "committee")     \
	X(ROLE_SUPERVISOR,   "supervisor",   "supervisor")    \
	X(ROLE_DEPARTMENT,   "department",   "department")    \
	X(ROLE_ENTERPRISE,   "enterprise",   "enterprise")

enum role {
	ROLE_NONE = 0,     /* not signed in */
#define X(name, text, label) name,
	FOR_EACH_ROLE(X)
#undef X
	ROLE__COUNT
};

#define ANYONE       0x01u   /* includes callers who are not signed in */
#define COUNTY_ADMIN (1u << ROLE_COUNTY_ADMIN)
#define COMMITTEE    (1u << ROLE_COMMITTEE)
#define SUPERVISOR   (1u << ROLE_SUPERVISOR)
#define DEPARTMENT   (1u << ROLE_DEPARTMENT)
#define ENTERPRISE   (1u << ROLE_ENTERPRISE)
#define SIGNED_IN    (COUNTY_ADMIN | COMMITTEE | SUPERVISOR | DEPARTMENT | ENTERPRISE)

/*        action                    name                 roles allowed */
#define FOR_EACH_ACTION(X)                                                             \
	X(ACTION_PUBLIC,            "public",            ANYONE)                         \
	X(ACTION_SESSION,           "session",           SIGNED_IN)                      \
	X(ACTION_TOWNSHIP_READ,     "township.read",     SIGNED_IN)                      \
	X(ACTION_TOWNSHIP_MANAGE,   "township.manage",   COUNTY_ADMIN)                   \
	X(ACTION_USER_READ,         "user.read",         COUNTY_ADMIN | COMMITTEE | SUPERVISOR) \
	X(ACTION_USER_MANAGE,       "user.manage",       COUNTY_ADMIN | COMMITTEE)       \
	X(ACTION_LOGIN_ISSUE,       "login.issue",       COUNTY_ADMIN | COMMITTEE)       \
	X(ACTION_LOGIN_STAFF,       "login.staff",       ENTERPRISE)                     \
	X(ACTION_APPLICATION_DECIDE, "application.decide", COUNTY_ADMIN | COMMITTEE)    \
	X(ACTION_AUDIT_READ,        "audit.read",        COUNTY_ADMIN | COMMITTEE | SUPERVISOR) \
	X(ACTION_SECTOR_READ,       "sector.read",       SIGNED_IN)                      \
	X(ACTION_SECTOR_MANAGE,     "sector.manage",     COUNTY_ADMIN)                   \
	X(ACTION_CAMPAIGN_READ,     "campaign.read",     SIGNED_IN)                      \
	X(ACTION_CAMPAIGN_MANAGE,   "campaign.manage",   COUNTY_ADMIN | COMMITTEE)       \
	X(ACTION_ORG_READ,          "organization.read", COUNTY_ADMIN | COMMITTEE | SUPERVISOR | DEPARTMENT) \
	X(ACTION_ORG_MANAGE,        "organization.manage", COMMITTEE)                    \
	X(ACTION_TASK_REPORT,       "task.report",       COMMITTEE | DEPARTMENT)         \
	X(ACTION_ENTERPRISE_READ,   "enterprise.read",   SIGNED_IN)                      \
	X(ACTION_ENTERPRISE_MANAGE, "enterprise.manage", COMMITTEE)                      \
	X(ACTION_DOCUMENT_READ,     "document.read",     SIGNED_IN)                      \
	X(ACTION_DOCUMENT_SEND,     "document.send",     COUNTY_ADMIN | COMMITTEE)       \
	X(ACTION_DOCUMENT_ACK,      "document.acknowledge", SIGNED_IN)                   \
	X(ACTION_ATTACHMENT_READ,   "attachment.read",   SIGNED_IN)                      \
	X(ACTION_CHECKLIST_READ,    "checklist.read",    SIGNED_IN)                      \
	X(ACTION_CHECKLIST_MANAGE,  "checklist.manage",  COUNTY_ADMIN)                   \
	X(ACTION_INSPECTION_READ,   "inspection.read",   SIGNED_IN)                      \
	X(ACTION_INSPECTION_WRITE,  "inspection.write",  COMMITTEE | SUPERVISOR | DEPARTMENT | ENTERPRISE) \
	X(ACTION_HAZARD_READ,       "hazard.read",       SIGNED_IN)                      \
	X(ACTION_HAZARD_REGISTER,   "hazard.register",   COMMITTEE | DEPARTMENT | ENTERPRISE) \
	X(ACTION_HAZARD_EDIT,       "hazard.edit",       COMMITTEE | DEPARTMENT)         \
	X(ACTION_HAZARD_EXTEND,     "hazard.extend",     COMMITTEE | DEPARTMENT)         \
	X(ACTION_HAZARD_TRANSITION, "hazard.transition", COMMITTEE | DEPARTMENT | ENTERPRISE) \
	X(ACTION_TIP_READ,          "tip.read",          COUNTY_ADMIN | COMMITTEE | SUPERVISOR | DEPARTMENT) \
	X(ACTION_TIP_HANDLE,        "tip.handle",        COMMITTEE | DEPARTMENT)         \
	X(ACTION_REPORT_READ,       "report.read",       COUNTY_ADMIN | COMMITTEE | SUPERVISOR | DEPARTMENT) \
	X(ACTION_REPORT_SUBMIT,     "report.submit",     COMMITTEE | DEPARTMENT)         \
	X(ACTION_REPORT_ACKNOWLEDGE, "report.acknowledge", COMMITTEE)                    \
	X(ACTION_ORDER_READ,        "order.read",        COUNTY_ADMIN | COMMITTEE | SUPERVISOR | DEPARTMENT) \
	X(ACTION_ORDER_ISSUE,       "order.issue",       SUPERVISOR)                     \
	X(ACTION_ORDER_RESPOND,     "order.respond",     COMMITTEE | DEPARTMENT)         \
	X(ACTION_ORDER_ATTACH,      "order.attach",      COMMITTEE | SUPERVISOR | DEPARTMENT) \
	X(ACTION_ACCOUNTABILITY_READ, "accountability.read", SIGNED_IN)                  \
	X(ACTION_ACCOUNTABILITY_WRITE, "accountability.write", SUPERVISOR)               \
	X(ACTION_DASHBOARD,         "dashboard",         SIGNED_IN)                      \
	X(ACTION_NOTIFICATION,      "notification",      SIGNED_IN)

enum action {
#define X(name, text, roles) name,
	FOR_EACH_ACTION(X)
#undef X
	ACTION__COUNT
};

bool permission_allows(enum role role, enum action action);
const char *action_name(enum action action);
const char *role_name(enum role role);
enum role role_from_name(const char *name);

/*
 * Render docs/permissions.md's matrix (a Markdown table) into buf; returns
 * the length it needed, as snprintf does.
 */
int permission_matrix(char *buf, int len);

#endif
