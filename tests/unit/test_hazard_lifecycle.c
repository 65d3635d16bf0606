/* The hazard life cycle: every action from every status by every role, and each rule. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "api/hazard_lifecycle.h"

/* The life cycle as DESIGN.md draws it, written out here independently of the table. */
static const struct {
	enum hazard_action action;
	enum hazard_status from, to;
	bool enterprise_may;
} expected[] = {
	{HAZARD_START,  HAZARD_REPORTED,   HAZARD_RECTIFYING, true},
	{HAZARD_SUBMIT, HAZARD_RECTIFYING, HAZARD_SUBMITTED,  true},
	{HAZARD_VERIFY, HAZARD_SUBMITTED,  HAZARD_CLOSED,     false},
	{HAZARD_REJECT, HAZARD_SUBMITTED,  HAZARD_RECTIFYING, false},
	{HAZARD_CLOSE,  HAZARD_REPORTED,   HAZARD_CLOSED,     false},
	{HAZARD_REOPEN, HAZARD_CLOSED,     HAZARD_RECTIFYING, false},
};

/* Everything in place: a general hazard of mode immediate, every piece of evidence, a note. */
static struct hazard_facts ready(enum hazard_status status, enum role role)
{
	struct hazard_facts f = {
		.status = status, .severity = HAZARD_GENERAL, .mode = HAZARD_MODE_IMMEDIATE,
		.role = role, .caller_is_submitter = false, .caller_enterprise_matches = true,
		.has_after_photo = true, .has_before_or_after_photo = true,
		.five_items_complete = false, .has_note = true,
	};
	return f;
}

static enum err check(enum hazard_action action, struct hazard_facts f, struct hazard_verdict *v)
{
	return hazard_lifecycle_check(action, &f, v);
}

static void every_action_from_every_status_by_every_role(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		for (int s = 0; s < HAZARD_STATUS__COUNT; s++) {
			for (int r = ROLE_NONE; r < ROLE__COUNT; r++) {
				struct hazard_verdict v;
				enum err e = check(expected[i].action, ready((enum hazard_status)s, (enum role)r), &v);
				bool role_may = r == ROLE_COMMITTEE || r == ROLE_DEPARTMENT ||
				                (r == ROLE_ENTERPRISE && expected[i].enterprise_may);

				if (!role_may) {
					assert_int_equal(e, ERR_FORBIDDEN);
					assert_int_equal(v.next_status, s);
				} else if ((enum hazard_status)s != expected[i].from) {
					assert_int_equal(e, ERR_BAD_STATE);
					assert_int_equal(v.next_status, s);
				} else {
					assert_int_equal(e, ERR_NONE);
					assert_int_equal(v.next_status, expected[i].to);
				}
				if (e != ERR_NONE)
					assert_non_null(v.message);
			}
		}
	}
}

static void an_enterprise_moves_only_its_own_hazards(void **state)
{
	struct hazard_verdict v;
	struct hazard_facts f = ready(HAZARD_REPORTED, ROLE_ENTERPRISE);

	(void)state;
	f.caller_enterprise_matches = false;
	assert_int_equal(check(HAZARD_START, f, &v), ERR_FORBIDDEN);
	f = ready(HAZARD_RECTIFYING, ROLE_ENTERPRISE);
	f.caller_enterprise_matches = false;
	assert_int_equal(check(HAZARD_SUBMIT, f, &v), ERR_FORBIDDEN);
	/* The role's refusal comes before the state's: never "409" for what it may never do. */
	assert_int_equal(check(HAZARD_VERIFY, ready(HAZARD_REPORTED, ROLE_ENTERPRISE), &v), ERR_FORBIDDEN);
	assert_int_equal(check(HAZARD_CLOSE, ready(HAZARD_CLOSED, ROLE_ENTERPRISE), &v), ERR_FORBIDDEN);
}

static void a_major_hazard_starts_only_with_its_five_items(void **state)
{
	struct hazard_verdict v;
	struct hazard_facts f = ready(HAZARD_REPORTED, ROLE_DEPARTMENT);

	(void)state;
	f.severity = HAZARD_MAJOR;
	f.mode = HAZARD_MODE_MAJOR;
	for (int r = ROLE_COMMITTEE; r < ROLE__COUNT; r++) {
		if (r == ROLE_SUPERVISOR || r == ROLE_COUNTY_ADMIN)
			continue;
		f.role = (enum role)r;
		f.five_items_complete = false;
		assert_int_equal(check(HAZARD_START, f, &v), ERR_VALIDATION);
		assert_string_equal(v.field, "five_items");
		assert_int_equal(v.next_status, HAZARD_REPORTED);
		f.five_items_complete = true;
		assert_int_equal(check(HAZARD_START, f, &v), ERR_NONE);
		assert_int_equal(v.next_status, HAZARD_RECTIFYING);
	}
	/* A general hazard never needs them. */
	assert_int_equal(check(HAZARD_START, ready(HAZARD_REPORTED, ROLE_DEPARTMENT), &v), ERR_NONE);
}

static void submitting_needs_an_after_photo(void **state)
{
	struct hazard_verdict v;
	struct hazard_facts f = ready(HAZARD_RECTIFYING, ROLE_ENTERPRISE);

	(void)state;
	f.has_after_photo = false;   /* a "before" photo is not enough */
	assert_int_equal(check(HAZARD_SUBMIT, f, &v), ERR_VALIDATION);
	assert_string_equal(v.field, "attachments");
	f.has_after_photo = true;
	f.has_before_or_after_photo = true;
	assert_int_equal(check(HAZARD_SUBMIT, f, &v), ERR_NONE);
	assert_int_equal(v.next_status, HAZARD_SUBMITTED);
}

static void the_submitter_neither_verifies_nor_rejects(void **state)
{
	struct hazard_verdict v;

	(void)state;
	for (int r = ROLE_COMMITTEE; r <= ROLE_DEPARTMENT; r++) {
		struct hazard_facts f = ready(HAZARD_SUBMITTED, (enum role)r);
		if (r == ROLE_SUPERVISOR)
			continue;
		f.caller_is_submitter = true;
		assert_int_equal(check(HAZARD_VERIFY, f, &v), ERR_FORBIDDEN);
		assert_int_equal(check(HAZARD_REJECT, f, &v), ERR_FORBIDDEN);
		f.caller_is_submitter = false;
		assert_int_equal(check(HAZARD_VERIFY, f, &v), ERR_NONE);
		assert_int_equal(check(HAZARD_REJECT, f, &v), ERR_NONE);
	}
}

static void only_the_committee_closes_a_major_hazard(void **state)
{
	struct hazard_verdict v;
	struct hazard_facts f = ready(HAZARD_SUBMITTED, ROLE_DEPARTMENT);

	(void)state;
	f.severity = HAZARD_MAJOR;
	f.mode = HAZARD_MODE_MAJOR;
	f.five_items_complete = true;
	assert_int_equal(check(HAZARD_VERIFY, f, &v), ERR_FORBIDDEN);
	/* The department still sends it back. */
	assert_int_equal(check(HAZARD_REJECT, f, &v), ERR_NONE);
	f.role = ROLE_COMMITTEE;
	assert_int_equal(check(HAZARD_VERIFY, f, &v), ERR_NONE);
	assert_int_equal(v.next_status, HAZARD_CLOSED);
}

static void closing_on_the_spot_is_for_mode_immediate_with_a_photo(void **state)
{
	struct hazard_verdict v;
	struct hazard_facts f = ready(HAZARD_REPORTED, ROLE_DEPARTMENT);

	(void)state;
	assert_int_equal(check(HAZARD_CLOSE, f, &v), ERR_NONE);
	assert_int_equal(v.next_status, HAZARD_CLOSED);
	f.mode = HAZARD_MODE_DEADLINE;
	assert_int_equal(check(HAZARD_CLOSE, f, &v), ERR_BAD_STATE);
	f.mode = HAZARD_MODE_IMMEDIATE;
	f.has_after_photo = f.has_before_or_after_photo = false;
	assert_int_equal(check(HAZARD_CLOSE, f, &v), ERR_VALIDATION);
	assert_string_equal(v.field, "attachments");
	/* A major hazard is never of mode immediate; by a department it is refused all the same. */
	f = ready(HAZARD_REPORTED, ROLE_DEPARTMENT);
	f.severity = HAZARD_MAJOR;
	f.mode = HAZARD_MODE_MAJOR;
	assert_int_equal(check(HAZARD_CLOSE, f, &v), ERR_BAD_STATE);
}

static void rejecting_and_reopening_need_a_note(void **state)
{
	struct hazard_verdict v;
	struct hazard_facts f = ready(HAZARD_SUBMITTED, ROLE_DEPARTMENT);

	(void)state;
	f.has_note = false;
	assert_int_equal(check(HAZARD_REJECT, f, &v), ERR_VALIDATION);
	assert_string_equal(v.field, "note");
	f.status = HAZARD_CLOSED;
	assert_int_equal(check(HAZARD_REOPEN, f, &v), ERR_VALIDATION);
	assert_string_equal(v.field, "note");
	f.has_note = true;
	assert_int_equal(check(HAZARD_REOPEN, f, &v), ERR_NONE);
	assert_int_equal(v.next_status, HAZARD_RECTIFYING);
	/* The other moves go without one. */
	f = ready(HAZARD_REPORTED, ROLE_DEPARTMENT);
	f.has_note = false;
	assert_int_equal(check(HAZARD_START, f, &v), ERR_NONE);
}

static void names_parse_both_ways(void **state)
{
	(void)state;
	for (int i = 0; i < HAZARD_ACTION__COUNT; i++)
		assert_int_equal(hazard_action_parse(hazard_action_names[i]), i);
	for (int i = 0; i < HAZARD_STATUS__COUNT; i++)
		assert_int_equal(hazard_status_parse(hazard_status_names[i]), i);
	assert_int_equal(hazard_action_parse("approve"), -1);
	assert_int_equal(hazard_action_parse(NULL), -1);
	assert_int_equal(hazard_status_parse("open"), -1);
	assert_null(hazard_action_names[HAZARD_ACTION__COUNT]);
	assert_null(hazard_status_names[HAZARD_STATUS__COUNT]);
}

static void an_unknown_action_is_refused(void **state)
{
	struct hazard_verdict v;

	(void)state;
	assert_int_equal(check(HAZARD_ACTION__COUNT, ready(HAZARD_REPORTED, ROLE_COMMITTEE), &v),
	                 ERR_VALIDATION);
	assert_string_equal(v.field, "action");
}

#define BIT(action) (1u << (action))

/* The moves offered: status, role and caller decide; evidence yet to come does not. */
static void the_moves_allowed_are_those_the_check_would_allow_with_evidence(void **state)
{
	struct hazard_facts f;

	(void)state;
	f = ready(HAZARD_REPORTED, ROLE_DEPARTMENT);
	f.has_after_photo = f.has_before_or_after_photo = f.has_note = false;
	assert_int_equal(hazard_lifecycle_allowed(&f), BIT(HAZARD_START) | BIT(HAZARD_CLOSE));
	f.mode = HAZARD_MODE_DEADLINE;
	assert_int_equal(hazard_lifecycle_allowed(&f), BIT(HAZARD_START));

	f = ready(HAZARD_REPORTED, ROLE_ENTERPRISE);
	assert_int_equal(hazard_lifecycle_allowed(&f), BIT(HAZARD_START));
	f.caller_enterprise_matches = false;
	assert_int_equal(hazard_lifecycle_allowed(&f), 0);

	f = ready(HAZARD_RECTIFYING, ROLE_ENTERPRISE);
	f.has_after_photo = false;
	assert_int_equal(hazard_lifecycle_allowed(&f), BIT(HAZARD_SUBMIT));

	f = ready(HAZARD_SUBMITTED, ROLE_DEPARTMENT);
	assert_int_equal(hazard_lifecycle_allowed(&f), BIT(HAZARD_VERIFY) | BIT(HAZARD_REJECT));
	f.caller_is_submitter = true;
	assert_int_equal(hazard_lifecycle_allowed(&f), 0);
	f = ready(HAZARD_SUBMITTED, ROLE_ENTERPRISE);
	assert_int_equal(hazard_lifecycle_allowed(&f), 0);

	/* A major hazard: its five items are filled in on the way; only the committee verifies. */
	f = ready(HAZARD_REPORTED, ROLE_DEPARTMENT);
	f.severity = HAZARD_MAJOR;
	f.mode = HAZARD_MODE_MAJOR;
	assert_int_equal(hazard_lifecycle_allowed(&f), BIT(HAZARD_START));
	f.status = HAZARD_SUBMITTED;
	assert_int_equal(hazard_lifecycle_allowed(&f), BIT(HAZARD_REJECT));
	f.role = ROLE_COMMITTEE;
	assert_int_equal(hazard_lifecycle_allowed(&f), BIT(HAZARD_VERIFY) | BIT(HAZARD_REJECT));

	f = ready(HAZARD_CLOSED, ROLE_COMMITTEE);
	f.has_note = false;
	assert_int_equal(hazard_lifecycle_allowed(&f), BIT(HAZARD_REOPEN));
	for (int r = ROLE_NONE; r < ROLE__COUNT; r++) {
		if (r == ROLE_COMMITTEE || r == ROLE_DEPARTMENT || r == ROLE_ENTERPRISE)
			continue;
		for (int s = 0; s < HAZARD_STATUS__COUNT; s++) {
			f = ready((enum hazard_status)s, (enum role)r);
			assert_int_equal(hazard_lifecycle_allowed(&f), 0);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_action_from_every_status_by_every_role),
		cmocka_unit_test(an_enterprise_moves_only_its_own_hazards),
		cmocka_unit_test(a_major_hazard_starts_only_with_its_five_items),
		cmocka_unit_test(submitting_needs_an_after_photo),
		cmocka_unit_test(the_submitter_neither_verifies_nor_rejects),
		cmocka_unit_test(only_the_committee_closes_a_major_hazard),
		cmocka_unit_test(closing_on_the_spot_is_for_mode_immediate_with_a_photo),
		cmocka_unit_test(rejecting_and_reopening_need_a_note),
		cmocka_unit_test(names_parse_both_ways),
		cmocka_unit_test(an_unknown_action_is_refused),
		cmocka_unit_test(the_moves_allowed_are_those_the_check_would_allow_with_evidence),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
