/*
 * password.c -- hashing and checking passwords.
 */
#include <string.h>
#include <strings.h>

#include "input/fields.h"
#include "server/password.h"

const char *password_problem(const char *password, const char *username)
{
	long long n = utf8_length(password);

	if (n < PASSWORD_MIN_LENGTH)
		return "must be at least 10 characters long";
	if (n > PASSWORD_MAX_LENGTH)
		return "must be at most 128 characters long";
	if (username && strcasecmp(password, username) == 0)
		return "must not be the username";
	return NULL;
}

int password_hash(const char *password, char out[crypto_pwhash_STRBYTES])
{
	return crypto_pwhash_str(out, password, strlen(password),
	                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                         crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

static char dummy[crypto_pwhash_STRBYTES];

void password_warm(void)
{
	if (dummy[0] == '\0' && password_hash("not a password of anyone", dummy) != 0)
		dummy[0] = '\0';
}

bool password_verify(const char *password, const char *hash)
{
	if (hash == NULL || *hash == '\0') {
		/* Same work as for a real user, and the same answer: no. */
		password_warm();
		if (dummy[0] == '\0')
			return false;
		if (crypto_pwhash_str_verify(dummy, password, strlen(password)) == 0)
			return false;   /* cannot happen; keeps the work */
		return false;
	}
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}
