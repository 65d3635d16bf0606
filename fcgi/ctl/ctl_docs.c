/*
 * ctl_docs.c -- safegridctl commands that print the program's own tables as
 * JSON, for the checks that documents and the database agree with the code:
 *
 *   fields     every route with its flags and its declared body and query
 *              fields (tests/api/test_docs.py against docs/openapi.yaml)
 *   lifecycle  the hazard life cycle's moves (tests/api/test_lifecycle_agreement.py
 *              against the trigger app.hazard_status_guard)
 */
#include <stdio.h>

#include <json-c/json.h>

#include "api/hazard_lifecycle.h"
#include "ctl/ctl.h"
#include "input/fields.h"
#include "server/permission.h"
#include "server/router.h"

static const char *field_type_name(enum field_type type)
{
	switch (type) {
	case FIELD_STRING: return "string";
	case FIELD_INT: return "int";
	case FIELD_BOOL: return "bool";
	case FIELD_DATE: return "date";
	case FIELD_ENUM: return "enum";
	case FIELD_ID: return "id";
	case FIELD_OBJECT: return "object";
	case FIELD_ARRAY: return "array";
	}
	return "?";
}

/* A field table as {name: {type, required, nullable, min, max, choices}}; null for none. */
static json_object *fields_json(const struct field *fields)
{
	json_object *out;

	if (fields == NULL)
		return NULL;
	out = json_object_new_object();
	for (const struct field *f = fields; f->name; f++) {
		json_object *o = json_object_new_object();
		json_object *choices = NULL;

		json_object_object_add(o, "type", json_object_new_string(field_type_name(f->type)));
		json_object_object_add(o, "required", json_object_new_boolean(f->flags & FIELD_REQUIRED));
		json_object_object_add(o, "nullable", json_object_new_boolean(f->flags & FIELD_NULLABLE));
		json_object_object_add(o, "min", json_object_new_int64(f->min));
		json_object_object_add(o, "max", json_object_new_int64(f->max));
		if (f->choices) {
			choices = json_object_new_array();
			for (const char *const *c = f->choices; *c; c++)
				json_object_array_add(choices, json_object_new_string(*c));
		}
		json_object_object_add(o, "choices", choices);
		json_object_object_add(out, f->name, o);
	}
	return out;
}

static int print_json(json_object *doc)
{
	puts(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(doc);
	return 0;
}

int ctl_fields(int argc, char **argv)
{
	static const struct {
		unsigned bit;
		const char *name;
	} flags[] = {
		{ROUTE_NO_DB, "no_db"}, {ROUTE_NO_TX, "no_tx"}, {ROUTE_BODY_JSON, "body_json"},
		{ROUTE_BODY_RAW, "body_raw"}, {ROUTE_NO_CSRF, "no_csrf"},
	};
	json_object *list = json_object_new_array();

	(void)argc;
	(void)argv;
	for (size_t i = 0; i < route_count; i++) {
		const struct route *r = &routes[i];
		json_object *o = json_object_new_object(), *fl = json_object_new_array();

		for (size_t k = 0; k < sizeof(flags) / sizeof(flags[0]); k++)
			if (r->flags & flags[k].bit)
				json_object_array_add(fl, json_object_new_string(flags[k].name));
		json_object_object_add(o, "method", json_object_new_string(r->method));
		json_object_object_add(o, "path", json_object_new_string(r->pattern));
		json_object_object_add(o, "action", json_object_new_string(action_name(r->action)));
		json_object_object_add(o, "flags", fl);
		json_object_object_add(o, "body", fields_json(r->body));
		json_object_object_add(o, "query", fields_json(r->query));
		json_object_array_add(list, o);
	}
	return print_json(list);
}

int ctl_lifecycle(int argc, char **argv)
{
	static const struct {
		unsigned bit;
		const char *name;
	} needs[] = {
#define X(name, bit, text) {bit, text},
		FOR_EACH_HAZARD_NEED(X)
#undef X
	};
	json_object *list = json_object_new_array();

	(void)argc;
	(void)argv;
	for (int a = 0; a < HAZARD_ACTION__COUNT; a++) {
		const struct hazard_move *m = hazard_lifecycle_move((enum hazard_action)a);
		json_object *o = json_object_new_object();
		json_object *roles = json_object_new_array(), *nd = json_object_new_array();

		for (int r = ROLE_NONE + 1; r < ROLE__COUNT; r++)
			if (m->roles & (1u << r))
				json_object_array_add(roles, json_object_new_string(role_name((enum role)r)));
		for (size_t k = 0; k < sizeof(needs) / sizeof(needs[0]); k++)
			if (m->needs & needs[k].bit)
				json_object_array_add(nd, json_object_new_string(needs[k].name));
		json_object_object_add(o, "action", json_object_new_string(hazard_action_names[a]));
		json_object_object_add(o, "from", json_object_new_string(hazard_status_names[m->from]));
		json_object_object_add(o, "to", json_object_new_string(hazard_status_names[m->to]));
		json_object_object_add(o, "roles", roles);
		json_object_object_add(o, "needs", nd);
		json_object_array_add(list, o);
	}
	return print_json(list);
}
