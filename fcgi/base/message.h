/*
 * message.h -- the API's words in the language the caller asks for.
 *
 * Errors and their details are written in English where they are raised; the
 * Simplified Chinese beside each English text lives in two tables: the error
 * table (FOR_EACH_ERROR in error.h, one message per error) and FOR_EACH_MESSAGE
 * in message.c (the messages of field checks and handlers, and one per detail
 * code). An answer is put into Chinese as it is written (server/http.c), so no
 * handler knows about languages. Codes and field names never change.
 */
#ifndef SAFEGRID_MESSAGE_H
#define SAFEGRID_MESSAGE_H

#include <stddef.h>

enum lang {
	LANG_ZH,   /* Simplified Chinese: asked for, or no preference stated */
	LANG_EN,
};

/*
 * The language of an Accept-Language header: Chinese unless a language we
 * write (en or zh) with a higher weight than any zh is English. NULL or
 * empty (no preference) is Chinese.
 */
enum lang message_language(const char *accept_language);

/*
 * `english` in Chinese: an entry of the table whose English matches (a %d or
 * %s in it stands for any text, carried into the Chinese in order), written
 * into buf; else NULL. buf holds at least 2 × strlen(english) + 256 bytes.
 */
const char *message_translate(const char *english, char *buf, size_t size);

/* The Chinese of a detail whose own message has no entry, by its code; NULL if none. */
const char *message_for_detail_code(const char *code);

#endif
