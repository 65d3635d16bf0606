/*
 * login_letter.h -- the activation letters of a batch of logins, one A4
 * page each, in one PDF file.
 *
 * Pure: letters in, PDF bytes out, nothing else touched.  The Chinese text
 * is set in Adobe's STSong-Light (a CJK font every PDF reader supplies, so
 * nothing is embedded and a page stays a few kilobytes); the login name,
 * the code and the address in Courier.  The QR code is drawn as filled
 * rectangles, one per horizontal run of dark modules, between the content
 * stream comments "%qr <side>" and "%qr end", in module units (row 0 at the
 * top), so a test can redraw it.
 */
#ifndef SAFEGRID_LOGIN_LETTER_H
#define SAFEGRID_LOGIN_LETTER_H

#include <stddef.h>

struct login_letter {
	const char *enterprise;     /* the enterprise's name */
	const char *credit_code;
	const char *township;       /* its township's name */
	const char *username;
	const char *code;           /* the activation code as printed (XXXX-XXXX-XXXX) */
	const char *expires_on;     /* YYYY-MM-DD, the last day the code works */
	const char *url;            /* the activation address; also the QR code's text */
	const char *contact;        /* whom to call */
};

/*
 * The PDF of n letters (n >= 1), malloc'd, its length in *len_out; NULL if
 * memory ran out or a letter's address cannot be drawn as a QR code.
 */
char *login_letter_pdf(const struct login_letter *letters, size_t n, size_t *len_out);

#endif
