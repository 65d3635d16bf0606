/*
 * password.h -- Argon2id password hashes (libsodium) and the password rules.
 */
#ifndef SAFEGRID_PASSWORD_H
#define SAFEGRID_PASSWORD_H

#include <stdbool.h>
#include <sodium.h>

#define PASSWORD_MIN_LENGTH 10
#define PASSWORD_MAX_LENGTH 128

/* NULL if password is acceptable for username, else the reason. */
const char *password_problem(const char *password, const char *username);

/* Hash into out (crypto_pwhash_STRBYTES); 0 or -1 (out of memory). */
int password_hash(const char *password, char out[crypto_pwhash_STRBYTES]);

/*
 * Whether password matches hash.  With hash NULL (no such user) a dummy hash
 * is checked instead, so that the answer takes the same time.
 */
bool password_verify(const char *password, const char *hash);

/* What password_verify checks for no user: a hash made by password_hash. */
extern const char password_dummy_hash[crypto_pwhash_STRBYTES];

#endif
