/*
 * creditcode.h -- the unified social credit code (统一社会信用代码), GB 32100-2015.
 *
 * 18 characters: registering authority and kind (2, from the code alphabet),
 * administrative division (6 digits), organization code (9, from the
 * alphabet) and a check character over the first 17.  The alphabet is
 * "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, S, V, Z).  The database checks
 * the same rule (app.credit_code_valid); this check runs first so that the
 * answer can say what is wrong.
 *
 * Lower-case letters are refused, not folded: the code is printed in upper
 * case on every business licence, and a code is stored exactly as entered.
 */
#ifndef SAFEGRID_CREDITCODE_H
#define SAFEGRID_CREDITCODE_H

#include <stdbool.h>
#include <stddef.h>

#define CREDITCODE_LENGTH 18

enum creditcode_problem {
	CREDITCODE_OK = 0,
	CREDITCODE_LENGTH_WRONG,    /* not 18 characters */
	CREDITCODE_LOWER_CASE,      /* a lower-case letter */
	CREDITCODE_CHARACTER,       /* a character outside the alphabet (I, O, S, V, Z, ...) */
	CREDITCODE_DIVISION,        /* characters 3-8 are not digits */
	CREDITCODE_CHECK,           /* the check character does not match */
};

/* What is wrong with the len bytes at code, or CREDITCODE_OK. */
enum creditcode_problem creditcode_check(const char *code, size_t len);

/*
 * Whether some valid code begins with the len bytes at prefix: at most 18
 * characters, each from the alphabet, those of places 3-8 digits, and at
 * 18 the check character right.  A search asks it before it looks among
 * the codes at all.
 */
bool creditcode_prefix(const char *prefix, size_t len);

/* A message for a 422 detail, in the API's words. */
const char *creditcode_message(enum creditcode_problem problem);

/*
 * The check character for the first 17 characters of a code, or '\0' if one
 * of them is not in the alphabet.
 */
char creditcode_check_char(const char *first17);

#endif
