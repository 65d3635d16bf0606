/*
 * fuzz_creditcode.c -- the unified social credit code check on any bytes:
 * a code it passes is 18 characters of the alphabet whose check character
 * is the one creditcode_check_char computes, and every problem has words.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input/creditcode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *code = malloc(size ? size : 1);
	enum creditcode_problem p;

	if (code == NULL)
		return 0;
	memcpy(code, data, size);
	p = creditcode_check(code, size);
	if (creditcode_message(p) == NULL && p != CREDITCODE_OK)
		abort();
	if (p == CREDITCODE_OK) {
		char first17[CREDITCODE_LENGTH];

		if (size != CREDITCODE_LENGTH)
			abort();
		memcpy(first17, code, 17);
		first17[17] = '\0';
		if (creditcode_check_char(first17) != code[17])
			abort();
	} else if (size >= 17) {
		char first17[18];

		memcpy(first17, code, 17);
		first17[17] = '\0';
		(void)creditcode_check_char(first17);
	}
	free(code);
	return 0;
}
