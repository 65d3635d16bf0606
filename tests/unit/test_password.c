/* Password hashes: the dummy checked for no user costs what a user's hash costs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "server/password.h"

/*
 * The dummy was made by password_hash: the same algorithm and limits, so its
 * check takes as long (were the limits raised, it must be made again).
 */
static void the_dummy_hash_has_the_limits_of_a_real_one(void **state)
{
	char real[crypto_pwhash_STRBYTES];
	(void)state;
	assert_int_equal(sodium_init() >= 0, 1);
	assert_int_equal(password_hash("a password of ours", real), 0);
	assert_int_equal(crypto_pwhash_str_needs_rehash(password_dummy_hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                                                crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	assert_int_equal(strncmp(password_dummy_hash, real, strlen("$argon2id$v=19$m=65536,t=2,p=1$")), 0);
	assert_int_equal(strlen(password_dummy_hash), strlen(real));
}

static void no_user_and_no_password_never_match(void **state)
{
	char real[crypto_pwhash_STRBYTES];
	(void)state;
	assert_int_equal(password_hash("a password of ours", real), 0);
	assert_true(password_verify("a password of ours", real));
	assert_false(password_verify("another password", real));
	assert_false(password_verify("a password of ours", NULL));
	assert_false(password_verify("a password of ours", "!"));   /* a login not activated yet */
	assert_false(password_verify("", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_dummy_hash_has_the_limits_of_a_real_one),
		cmocka_unit_test(no_user_and_no_password_never_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
