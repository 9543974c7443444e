/*
 * utf8.c — UTF-8 validation and repair (marsad_utf8_check/repair).
 *
 * Validity follows Unicode §3.9 table 3-7: no overlong forms, no
 * surrogates, nothing past U+10FFFF. Each maximal invalid subpart counts
 * (and is replaced) once, the substitution practice Unicode recommends and
 * WHATWG's decoder uses. Runs of ASCII and two-byte characters, nearly
 * all of Arabic text, are checked a block at a time.
 */
#include <string.h>

#include "marsad/text.h"
#include "text_internal.h"

/* Is c the lead byte of a two-byte character (0xC2-0xDF)? */
static unsigned char lead2(unsigned char c)
{
	return (unsigned char)(c - 0xC2) < 0x1E;
}

/* Is c a byte of no ASCII or two-byte character (0xC0, 0xC1, 0xE0-0xFF)? */
static unsigned char not2(unsigned char c)
{
	return c >= 0xE0 || (unsigned char)(c - 0xC0) < 2;
}

#define BLOCK 64

/* Non-zero when the BLOCK bytes at s and the byte after them are ASCII
 * and two-byte characters only: exactly when s[0] is no continuation byte,
 * no byte is of a longer or an overlong character, and the bytes followed
 * by a continuation byte are the two-byte leads. Without branches, so
 * that the compiler vectorizes it. */
static int plain_block(const unsigned char *s)
{
	unsigned char bad = (s[0] & 0xC0) == 0x80;
	for (size_t i = 0; i < BLOCK; i++)
		bad |= (lead2(s[i]) ^ ((s[i + 1] & 0xC0) == 0x80)) | not2(s[i]);
	return !bad;
}

/* The length of the run of valid ASCII and two-byte characters at
 * s[0..len): whole blocks of them, then ASCII eight bytes at a time. */
static size_t plain_run(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (len - i > BLOCK && plain_block(s + i))
		i += BLOCK + lead2(s[i + BLOCK - 1]); /* its continuation too */
	while (i + 8 <= len) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ull)
			break;
		i += 8;
	}
	while (i < len && s[i] < 0x80)
		i++;
	return i;
}

size_t marsad_utf8_check(const char *s, size_t len, size_t *first_bad)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t bad = 0, first = len;
	for (size_t i = 0; i < len;) {
		i += plain_run(u + i, len - i);
		if (i >= len)
			break;
		uint32_t cp;
		size_t k = text_decode(u + i, len - i, &cp);
		if (cp == TEXT_BAD_CP) {
			if (!bad++)
				first = i;
		}
		i += k;
	}
	if (first_bad)
		*first_bad = first;
	return bad;
}

int marsad_utf8_repair(const char *s, size_t len, marsad_buf *out,
		       size_t *n_bad)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t bad = 0, done = 0; /* s[done..i) is valid and not yet copied */
	int rc = marsad_buf_reserve(out, len);
	for (size_t i = 0; !rc && i < len;) {
		i += plain_run(u + i, len - i);
		if (i >= len)
			break;
		uint32_t cp;
		size_t k = text_decode(u + i, len - i, &cp);
		if (cp == TEXT_BAD_CP) {
			bad++;
			rc = marsad_buf_append(out, s + done, i - done);
			if (!rc)
				rc = marsad_buf_append(out, "\xEF\xBF\xBD", 3);
			done = i + k;
		}
		i += k;
	}
	if (!rc)
		rc = marsad_buf_append(out, s + done, len - done);
	if (n_bad)
		*n_bad = rc ? 0 : bad;
	return rc;
}
