/*
 * creditcode.c -- the GB 32100-2015 check character.
 */
#include <string.h>

#include "input/creditcode.h"

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* 3^i mod 31, for i = 0..16. */
static const int weights[CREDITCODE_LENGTH - 1] = {
	1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
};

/* The character's value (its place in the alphabet), or -1. */
static int creditcode_value(char c)
{
	const char *at;

	if (c == '\0' || (at = strchr(alphabet, c)) == NULL)
		return -1;
	return (int)(at - alphabet);
}

char creditcode_check_char(const char *first17)
{
	int total = 0;

	for (int i = 0; i < CREDITCODE_LENGTH - 1; i++) {
		int v = creditcode_value(first17[i]);
		if (v < 0)
			return '\0';
		total += v * weights[i];
	}
	return alphabet[(31 - total % 31) % 31];
}

enum creditcode_problem creditcode_check(const char *code, size_t len)
{
	if (len != CREDITCODE_LENGTH)
		return CREDITCODE_LENGTH_WRONG;
	for (size_t i = 0; i < len; i++)
		if (code[i] >= 'a' && code[i] <= 'z')
			return CREDITCODE_LOWER_CASE;
	for (size_t i = 0; i < len; i++)
		if (creditcode_value(code[i]) < 0)
			return CREDITCODE_CHARACTER;
	for (size_t i = 2; i < 8; i++)
		if (code[i] < '0' || code[i] > '9')
			return CREDITCODE_DIVISION;
	if (creditcode_check_char(code) != code[CREDITCODE_LENGTH - 1])
		return CREDITCODE_CHECK;
	return CREDITCODE_OK;
}

bool creditcode_prefix(const char *prefix, size_t len)
{
	if (len > CREDITCODE_LENGTH)
		return false;
	for (size_t i = 0; i < len; i++)
		if (creditcode_value(prefix[i]) < 0 || (i >= 2 && i < 8 && (prefix[i] < '0' || prefix[i] > '9')))
			return false;
	return len < CREDITCODE_LENGTH || creditcode_check_char(prefix) == prefix[CREDITCODE_LENGTH - 1];
}

const char *creditcode_message(enum creditcode_problem problem)
{
	switch (problem) {
	case CREDITCODE_OK:
		return "is valid";
	case CREDITCODE_LENGTH_WRONG:
		return "must be 18 characters";
	case CREDITCODE_LOWER_CASE:
		return "must be written in capital letters";
	case CREDITCODE_CHARACTER:
		return "may only hold digits and the capital letters A-Y except I, O, S, V and Z";
	case CREDITCODE_DIVISION:
		return "characters 3 to 8 must be digits (the administrative division code)";
	case CREDITCODE_CHECK:
		return "the check character (the 18th) does not match; is a character mistyped?";
	}
	return "is not a valid credit code";
}
