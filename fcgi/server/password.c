/*
 * password.c -- hashing and checking passwords.
 */
#include <string.h>
#include <strings.h>

#include "input/fields.h"
#include "server/password.h"

/*
 * The commonest passwords of ten characters or more in the published leak
 * lists (Chinese sites' and others'), lower case: the first a guesser tries.
 */
static const char *const common_passwords[] = {
	"0123456789", "1234567890", "0987654321", "9876543210", "12345678910", "123456789a",
	"a123456789", "1234567890a", "123456789q", "1234qwer!@", "1q2w3e4r5t", "1q2w3e4r5t6y",
	"1qaz2wsx3edc", "1qazxsw23edc", "qwertyuiop", "qwerty1234", "qwerty12345", "qwe123456789",
	"asdfghjkl;", "zxcvbnm123", "password12", "password123", "password1234", "passw0rd123",
	"p@ssw0rd123", "iloveyou12", "iloveyou123", "woaini1314", "woaini123456", "5201314520",
	"1314520520", "abc1234567", "abcd123456", "abcd1234567", "aa12345678", "admin12345",
	"admin123456", "administrator", "welcome123", "qq123456789", "1111111111", "0000000000",
	"1234512345", "1122334455", "147258369a", "1472583690", "a1b2c3d4e5", NULL,
};

/* Whether the password is one character repeated. */
static bool one_character(const char *password)
{
	return password[0] != '\0' && strspn(password, (char[]){password[0], '\0'}) == strlen(password);
}

const char *password_problem(const char *password, const char *username)
{
	long long n = utf8_length(password);

	if (n < PASSWORD_MIN_LENGTH)
		return "must be at least 10 characters long";
	if (n > PASSWORD_MAX_LENGTH)
		return "must be at most 128 characters long";
	if (username && strcasecmp(password, username) == 0)
		return "must not be the username";
	if (one_character(password))
		return "must not be one character repeated";
	for (size_t i = 0; common_passwords[i]; i++)
		if (strcasecmp(password, common_passwords[i]) == 0)
			return "is one of the commonest passwords; choose another";
	return NULL;
}

int password_hash(const char *password, char out[crypto_pwhash_STRBYTES])
{
	return crypto_pwhash_str(out, password, strlen(password),
	                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                         crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

/*
 * The hash of a random password that nobody knows, made once by
 * password_hash (Argon2id with its limits; tests/unit/test_password.c holds
 * them equal): checking it costs what checking a user's hash costs.  Written
 * here rather than made at each worker's start, where the hashing took seconds
 * a worker on a loaded machine, and a restarted safegridd answered that much later.
 */
const char password_dummy_hash[crypto_pwhash_STRBYTES] =
	"$argon2id$v=19$m=65536,t=2,p=1$l683z6A38UzsUPveiTQchw$eDc8Q6NrahRuL+iCrImv0254XCJA9qHSYCswlAFu4jg";

bool password_verify(const char *password, const char *hash)
{
	if (hash == NULL || *hash != '$') {
		/*
		 * Same work as for a real user, and the same answer: no -- for
		 * no such user, and for a login not yet activated (0022: no
		 * password, "!").
		 */
		if (crypto_pwhash_str_verify(password_dummy_hash, password, strlen(password)) == 0)
			return false;   /* cannot happen; keeps the work */
		return false;
	}
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}
