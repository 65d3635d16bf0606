/*
 * fuzz_json.c -- a request body through the JSON parser: strict JSON, valid
 * UTF-8, bounded nesting, an object at the top.  What it accepts must be an
 * object that prints and parses again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	json_object *obj = NULL;
	const char *why = NULL;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';   /* as http_read_body leaves it */
	if (json_parse_body(text, size, 16, &obj, &why) == ERR_NONE) {
		const char *printed;
		json_object *again = NULL;

		if (obj == NULL || !json_object_is_type(obj, json_type_object))
			abort();
		printed = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN);
		if (json_parse_body(printed, strlen(printed), 17, &again, &why) != ERR_NONE)
			abort();   /* what we accepted, written out, is JSON we accept */
		json_object_put(again);
	} else if (why == NULL) {
		abort();   /* a refusal always says why */
	}
	json_object_put(obj);
	free(text);
	return 0;
}
