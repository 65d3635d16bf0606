/*
 * login_letter.c -- activation letters as one PDF (see login_letter.h).
 *
 * Written by hand: a PDF of text and rectangles needs a catalog, a page
 * tree, two fonts, a page and a content stream per letter, and a cross-
 * reference table of byte offsets -- no library for that.  Content streams
 * are left uncompressed; a letter is about 6 kB.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "api/login_letter.h"

#define PAGE_WIDTH 595.28
#define PAGE_HEIGHT 841.89
#define MARGIN 64.0
#define QR_QUIET 4
#define FIXED_OBJECTS 6          /* catalog, pages, two fonts' three objects, Courier */

/* The next code point of UTF-8 text (advancing *s), U+FFFD for a bad byte. */
static uint32_t utf8_next(const unsigned char **s)
{
	const unsigned char *p = *s;
	uint32_t c = p[0];
	int extra = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;

	if (extra < 0) {
		*s = p + 1;
		return 0xFFFD;
	}
	c = extra == 0 ? c : c & (0x3Fu >> extra);
	for (int i = 1; i <= extra; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*s = p + i;
			return 0xFFFD;
		}
		c = (c << 6) | (p[i] & 0x3F);
	}
	*s = p + 1 + extra;
	return c;
}

/* Text of the CJK font from bytes [from, to): UCS-2 big-endian in hex, '?' beyond the BMP. */
static void cjk_text(FILE *f, double x, double y, double size, const char *from, const char *to)
{
	const unsigned char *s = (const unsigned char *)from;

	if (to == NULL)
		to = from + strlen(from);
	fprintf(f, "BT /F1 %.1f Tf %.2f %.2f Td <", size, x, y);
	while (s < (const unsigned char *)to && *s) {
		uint32_t c = utf8_next(&s);
		fprintf(f, "%04X", c > 0xFFFF || c < 0x20 ? 0x3Fu : c);
	}
	fputs("> Tj ET\n", f);
}

/* Text of the Courier font: printable ASCII, anything else as '?'. */
static void mono_text(FILE *f, double x, double y, double size, const char *text)
{
	fprintf(f, "BT /F2 %.1f Tf %.2f %.2f Td (", size, x, y);
	for (const unsigned char *s = (const unsigned char *)text; *s; s++) {
		if (*s == '(' || *s == ')' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else
			fputc(*s >= 0x20 && *s < 0x7F ? *s : '?', f);
	}
	fputs(") Tj ET\n", f);
}

/* Width of text in ems of the CJK font: full-width characters 1, ASCII half. */
static double ems(const char *from, const char *to)
{
	const unsigned char *s = (const unsigned char *)from;
	double n = 0;

	while (s < (const unsigned char *)to && *s)
		n += utf8_next(&s) < 0x80 ? 0.5 : 1.0;
	return n;
}

/*
 * A paragraph of the CJK font wrapped to width points, from y down; returns
 * the y below its last line.
 */
static double paragraph(FILE *f, double x, double y, double size, double width, const char *text)
{
	const char *line = text, *s = text;
	double used = 0;

	while (*s) {
		const unsigned char *next = (const unsigned char *)s;
		double w = utf8_next(&next) < 0x80 ? 0.5 : 1.0;

		if ((used + w) * size > width) {
			cjk_text(f, x, y, size, line, s);
			y -= size * 1.6;
			line = s;
			used = 0;
		}
		used += w;
		s = (const char *)next;
	}
	if (s > line) {
		cjk_text(f, x, y, size, line, s);
		y -= size * 1.6;
	}
	return y;
}

/* A label in the CJK font and its value in Courier after it. */
static void field(FILE *f, double y, const char *label, const char *value, double size)
{
	cjk_text(f, MARGIN, y, 12, label, label + strlen(label));
	mono_text(f, MARGIN + ems(label, label + strlen(label)) * 12 + 4, y, size, value);
}

/* The QR code of text, side points wide, top-left corner at (x, top). */
static int qr_draw(FILE *f, const char *text, double x, double top, double side)
{
	QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int modules;

	if (code == NULL)
		return -1;
	modules = code->width + 2 * QR_QUIET;
	/* Module units, y downward from the top-left corner. */
	fprintf(f, "q %.5f 0 0 %.5f %.2f %.2f cm\n%%qr %d\n", side / modules, -side / modules, x, top,
	        modules);
	fprintf(f, "1 1 1 rg 0 0 %d %d re f\n0 0 0 rg\n", modules, modules);
	for (int row = 0; row < code->width; row++) {
		const unsigned char *cells = code->data + (size_t)row * (size_t)code->width;
		for (int col = 0; col < code->width;) {
			int start;

			if (!(cells[col] & 1)) {
				col++;
				continue;
			}
			for (start = col; col < code->width && (cells[col] & 1); col++)
				;
			fprintf(f, "%d %d %d 1 re\n", start + QR_QUIET, row + QR_QUIET, col - start);
		}
	}
	fputs("f\n%qr end\nQ\n", f);
	QRcode_free(code);
	return 0;
}

/* One letter's content stream. */
static int letter_content(FILE *f, const struct login_letter *l)
{
	double y = PAGE_HEIGHT - 96, width = PAGE_WIDTH - 2 * MARGIN;
	char line[512];
	static const char title[] = "企业安全生产自查自报账号开通通知书";

	cjk_text(f, (PAGE_WIDTH - ems(title, title + strlen(title)) * 20) / 2, y, 20, title,
	         title + strlen(title));
	y -= 48;
	snprintf(line, sizeof(line), "致：%s", l->enterprise);
	y = paragraph(f, MARGIN, y, 14, width, line);
	snprintf(line, sizeof(line), "统一社会信用代码：%s　所属乡镇：%s", l->credit_code, l->township);
	y = paragraph(f, MARGIN, y, 12, width, line) - 6;
	y = paragraph(f, MARGIN, y, 12, width,
	              "　　为推进企业安全生产隐患自查自报，已为贵单位开通安全网格平台账号。"
	              "请贵单位负责人按下列步骤激活账号并设置自己的密码。");
	y -= 10;
	{
		double top = y + 8, qr_side = 132;

		field(f, y, "登录账号：", l->username, 14);
		y -= 26;
		field(f, y, "激 活 码：", l->code, 16);
		y -= 26;
		snprintf(line, sizeof(line), "激活码有效期至：%s（过期后请联系乡镇重新发放）", l->expires_on);
		cjk_text(f, MARGIN, y, 11, line, line + strlen(line));
		y -= 26;
		cjk_text(f, MARGIN, y, 12, "激活地址：", NULL);
		if (qr_draw(f, l->url, PAGE_WIDTH - MARGIN - qr_side, top + 12, qr_side) != 0)
			return -1;
		cjk_text(f, PAGE_WIDTH - MARGIN - qr_side + 18, top - qr_side + 2, 10, "手机扫码激活", NULL);
		y -= 18;
		mono_text(f, MARGIN, y, 9, l->url);
		y -= 40;
	}
	cjk_text(f, MARGIN, y, 13, "激活步骤", NULL);
	y -= 22;
	y = paragraph(f, MARGIN, y, 11, width,
	              "1. 用手机扫描右上方二维码，或在电脑浏览器中打开上面的激活地址（也可在平台登录页点击“激活账号”）。");
	y = paragraph(f, MARGIN, y, 11, width,
	              "2. 输入登录账号和激活码，设置贵单位自己的密码（至少 10 位，不要使用常见密码）。");
	y = paragraph(f, MARGIN, y, 11, width,
	              "3. 激活后即已登录；以后用登录账号和新密码登录，填报本企业的隐患自查情况。"
	              "企业管理员可在“本企业账号”中为安全员、法定代表人等开通账号。");
	y -= 10;
	y = paragraph(f, MARGIN, y, 11, width,
	              "激活码只能使用一次，请妥善保管，切勿转告他人。工作人员不会以任何方式向您索要激活码或密码。");
	y -= 10;
	snprintf(line, sizeof(line), "如有疑问，请联系：%s", l->contact);
	paragraph(f, MARGIN, y, 11, width, line);
	snprintf(line, sizeof(line), "%s安全生产委员会办公室", l->township);
	cjk_text(f, PAGE_WIDTH - MARGIN - ems(line, line + strlen(line)) * 12, 96, 12, line,
	         line + strlen(line));
	return 0;
}

char *login_letter_pdf(const struct login_letter *letters, size_t n, size_t *len_out)
{
	size_t objects = FIXED_OBJECTS + 2 * n, buf_len = 0, content_len = 0;
	long *offsets = NULL;
	char *buf = NULL, *content = NULL;
	FILE *f = NULL, *c = NULL;
	bool ok = false;

	if (n == 0 || (offsets = calloc(objects + 1, sizeof(*offsets))) == NULL)
		return NULL;
	if ((f = open_memstream(&buf, &buf_len)) == NULL)
		goto out;
#define OBJECT(i) (fflush(f), offsets[(i)] = ftell(f), fprintf(f, "%zu 0 obj\n", (size_t)(i)))
	fputs("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n", f);
	OBJECT(1);
	fputs("<< /Type /Catalog /Pages 2 0 R >>\nendobj\n", f);
	OBJECT(2);
	fputs("<< /Type /Pages /Kids [", f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%zu 0 R ", FIXED_OBJECTS + 1 + 2 * i);
	fprintf(f, "] /Count %zu /MediaBox [0 0 %.2f %.2f] >>\nendobj\n", n, PAGE_WIDTH, PAGE_HEIGHT);
	OBJECT(3);
	fputs("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
	      " /DescendantFonts [4 0 R] >>\nendobj\n", f);
	OBJECT(4);
	fputs("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
	      " /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >>"
	      " /FontDescriptor 5 0 R /DW 1000 >>\nendobj\n", f);
	OBJECT(5);
	fputs("<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6"
	      " /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120"
	      " /CapHeight 880 /StemV 93 >>\nendobj\n", f);
	OBJECT(6);
	fputs("<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>\nendobj\n", f);
	for (size_t i = 0; i < n; i++) {
		size_t page = FIXED_OBJECTS + 1 + 2 * i;

		if ((c = open_memstream(&content, &content_len)) == NULL)
			goto out;
		if (letter_content(c, &letters[i]) != 0)
			goto out;
		if (fclose(c) != 0) {
			c = NULL;
			goto out;
		}
		c = NULL;
		OBJECT(page);
		fprintf(f, "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R /F2 6 0 R >> >>"
		        " /Contents %zu 0 R >>\nendobj\n", page + 1);
		OBJECT(page + 1);
		fprintf(f, "<< /Length %zu >>\nstream\n", content_len);
		fwrite(content, 1, content_len, f);
		fputs("\nendstream\nendobj\n", f);
		free(content);
		content = NULL;
	}
#undef OBJECT
	fflush(f);
	{
		long xref = ftell(f);

		fprintf(f, "xref\n0 %zu\n0000000000 65535 f \n", objects + 1);
		for (size_t i = 1; i <= objects; i++)
			fprintf(f, "%010ld 00000 n \n", offsets[i]);
		fprintf(f, "trailer\n<< /Size %zu /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n", objects + 1, xref);
	}
	ok = !ferror(f);
out:
	if (c != NULL)
		fclose(c);
	free(content);
	if (f != NULL && fclose(f) != 0)
		ok = false;
	free(offsets);
	if (!ok) {
		free(buf);
		return NULL;
	}
	*len_out = buf_len;
	return buf;
}
