/*
 * fuzz_notice.c -- what an enterprise's names become on paper and on the
 * public page: the gate notice (SVG with its QR code) of an enterprise whose
 * name, address, township, cadre and hazards are any text, the QR code of
 * any URL, and the tip form's fields decoded.  The notice is valid UTF-8
 * whatever the names are.
 *
 * Input: lines -- enterprise name, address, township, cadre, as_of, URL,
 * then hazards as item, item_code, deadline, status, mode (five lines each);
 * the whole input is also read as a tip form body.  The page's counts are the
 * list's own, or (for every third URL length) more than the list holds, as
 * app.public_enterprise answers for an enterprise past its 50.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/public.h"
#include "api/qrsvg.h"
#include "input/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *next_line(char **rest)
{
	char *line = *rest, *nl;

	if (line == NULL)
		return "";
	nl = strchr(line, '\n');
	if (nl) {
		*nl = '\0';
		*rest = nl + 1;
	} else {
		*rest = NULL;
	}
	return line;
}

/* Text only if it is valid UTF-8, as the database's text always is. */
static json_object *text(const char *s)
{
	return json_object_new_string(utf8_valid(s, strlen(s)) ? s : "?");
}

static json_object *named(const char *key, const char *value)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, key, text(value));
	return o;
}

static void form(const char *body)
{
	bool bad = false;
	char *value;

	if ((value = public_form_value(body, "text", &bad)) != NULL) {
		if (bad || !utf8_valid(value, strlen(value)))
			abort();
		free(value);
	}
	free(public_form_value(body, "contact", &bad));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1), *rest = copy, *svg, *qr, *url;
	json_object *page, *enterprise, *hazards;
	size_t len = 0;

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	form(copy);

	page = json_object_new_object();
	enterprise = named("name", next_line(&rest));
	json_object_object_add(enterprise, "address", text(next_line(&rest)));
	json_object_object_add(page, "enterprise", enterprise);
	json_object_object_add(page, "township", named("name", next_line(&rest)));
	json_object_object_add(page, "cadre", named("display_name", next_line(&rest)));
	json_object_object_add(page, "as_of", text(next_line(&rest)));
	url = next_line(&rest);
	hazards = json_object_new_array();
	while (rest) {
		json_object *h = named("item", next_line(&rest));

		json_object_object_add(h, "item_code", text(next_line(&rest)));
		json_object_object_add(h, "deadline", text(next_line(&rest)));
		json_object_object_add(h, "status", text(next_line(&rest)));
		json_object_object_add(h, "mode", text(next_line(&rest)));
		json_object_object_add(h, "overdue", json_object_new_boolean(strlen(url) & 1));
		json_object_array_add(hazards, h);
	}
	json_object_object_add(page, "hazards", hazards);
	{
		json_object *counts = json_object_new_object();
		int64_t open = 0, overdue = 0, closed = 0;

		for (size_t i = 0; i < json_object_array_length(hazards); i++) {
			json_object *h = json_object_array_get_idx(hazards, i), *status, *late;

			json_object_object_get_ex(h, "status", &status);
			json_object_object_get_ex(h, "overdue", &late);
			if (strcmp(json_object_get_string(status), "closed") == 0)
				closed++;
			else
				open++;
			overdue += json_object_get_boolean(late);
		}
		if (strlen(url) % 3 == 0)
			open += 100;
		json_object_object_add(counts, "open", json_object_new_int64(open));
		json_object_object_add(counts, "overdue", json_object_new_int64(overdue));
		json_object_object_add(counts, "closed_recently", json_object_new_int64(closed));
		json_object_object_add(page, "hazard_counts", counts);
	}

	qr = qrsvg_group(url, strlen(url), 0, 0, 50, NULL);
	if (qr && strstr(qr, "<g") != qr)
		abort();
	free(qr);

	svg = public_notice_svg(page, *url ? url : "/p/0", &len);
	if (svg) {
		if (len != strlen(svg) || !utf8_valid(svg, len))
			abort();   /* an SVG is UTF-8 text; a name cut mid-character is not */
		free(svg);
	}
	json_object_put(page);
	free(copy);
	return 0;
}
