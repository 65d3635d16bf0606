/*
 * cppcheck.h -- what cppcheck must know of the system's headers, which
 * `make analyze` does not let it read (they would slow it down and their own
 * findings are not ours): json-c's iteration macro, which otherwise stops
 * the analysis of every function that uses it (unknownMacro).
 */
#define json_object_object_foreach(obj, key, val) \
	for (const char *key = ""; key; key = 0) \
		for (struct json_object *val = 0; key; key = 0)
