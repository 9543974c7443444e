/*
 * utf8.c — UTF-8 validation and repair (marsad_utf8_check/repair).
 *
 * Validity follows Unicode §3.9 table 3-7: no overlong forms, no
 * surrogates, nothing past U+10FFFF. Each maximal invalid subpart counts
 * (and is replaced) once, the substitution practice Unicode recommends and
 * WHATWG's decoder uses. ASCII runs are skipped eight bytes at a time.
 */
#include <string.h>

#include "marsad/text.h"
#include "text_internal.h"

/* The length of the ASCII run at s[0..len). */
static size_t ascii_run(const unsigned char *s, size_t len)
{
	size_t i = 0;
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
		i += ascii_run(u + i, len - i);
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
		i += ascii_run(u + i, len - i);
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
