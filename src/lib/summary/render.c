/*
 * render.c — a story's result for others to read: the JSON object the
 * CLI and the server print (fields in summary.h), and plain text.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "summary_int.h"

/* ---- JSON ----------------------------------------------------------------
 *
 * Written straight into a buffer, compact (no spaces), members in the
 * order summary.h lists them: a store summarizes thousands of stories and
 * building a document tree for each cost more than the summary. Strings
 * are UTF-8 as they are, with '"', '\\' and the control characters
 * escaped; an invalid UTF-8 sequence becomes U+FFFD REPLACEMENT
 * CHARACTER, so that the output is always valid JSON.
 */

static int raw(marsad_buf *b, const char *s)
{
	return marsad_buf_append(b, s, strlen(s));
}

/* The length of the valid UTF-8 sequence at p (n bytes left), 0 when it
 * is not one: no overlong forms, no surrogates, nothing past U+10FFFF. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t k = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC2 ? 2 : 0;
	if (k == 0 || k > n || p[0] > 0xF4)
		return 0;
	for (size_t i = 1; i < k; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0) ||
	    (p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] >= 0x90))
		return 0;
	return k;
}

/* What a byte starts, for jstr()'s fast scan: 1 a printable ASCII byte
 * that goes as it is (not '"' or '\\'), 2 the lead byte of a two-byte
 * sequence (U+0080 … U+07FF, Arabic among them), 0 anything else. */
#define CLASS(c)                                                          \
	((c) >= 0x20 && (c) < 0x80 && (c) != '"' && (c) != '\\' ? 1     \
	 : (c) >= 0xC2 && (c) < 0xE0				   ? 2     \
								   : 0)
#define C4(c) CLASS(c), CLASS((c) + 1), CLASS((c) + 2), CLASS((c) + 3)
#define C16(c) C4(c), C4((c) + 4), C4((c) + 8), C4((c) + 12)
#define C64(c) C16(c), C16((c) + 16), C16((c) + 32), C16((c) + 48)
static const unsigned char byte_class[256] = {C64(0), C64(64), C64(128),
					      C64(192)};
#undef C64
#undef C16
#undef C4
#undef CLASS

/* Whether the 8 bytes at p all go as they are (byte_class 1): none at or
 * above 0x80, below 0x20, '"' or '\\'; word-at-a-time tests whose "any
 * byte" answer is exact (Anderson's bit twiddling hacks). */
static int plain8(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t w;
	memcpy(&w, p, sizeof w);
	uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\');
	return ((w | ((w - ones * 0x20) & ~w) | ((q - ones) & ~q) |
		 ((bs - ones) & ~bs)) & highs) == 0;
}

#ifdef __SSE2__
/* How many of the 16 bytes at p go as they are, 16 or 15 or 0: each a
 * byte_class 1 byte or a whole two-byte sequence (a lead C2 … DF, then a
 * continuation byte); 15 when only the last byte is a lead whose
 * continuation lies past them. Compares and byte masks, no branch per
 * byte: Arabic prose, two bytes a letter, goes 16 bytes a step. */
static size_t plain16(const unsigned char *p)
{
	const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	unsigned high = (unsigned)_mm_movemask_epi8(v);
	unsigned lead = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		_mm_and_si128(v, _mm_set1_epi8((char)0xE0)),
		_mm_set1_epi8((char)0xC0)));
	unsigned cont = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		_mm_and_si128(v, _mm_set1_epi8((char)0xC0)),
		_mm_set1_epi8((char)0x80)));
	/* C0 and C1 would start overlong forms */
	unsigned overlong = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		_mm_and_si128(v, _mm_set1_epi8((char)0xFE)),
		_mm_set1_epi8((char)0xC0)));
	/* below 0x20 (a signed compare: the bytes at or above 0x80, negative
	 * here, are masked out), '"' and '\\' */
	unsigned esc = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		_mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
			     _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))),
		_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')))) & ~high;
	if (esc | overlong | (high ^ (lead | cont)) |
	    (cont ^ ((lead << 1) & 0xFFFFu)))
		return 0;
	return lead & 0x8000u ? 15 : 16;
}
#endif

/* The end of the run of bytes from p[i] that go as they are: printable
 * ASCII but '"' and '\\', and the two-byte sequences (U+0080 … U+07FF,
 * Arabic among them), settled without utf8_len(); the NUL at p[n] stops
 * it. With SSE2, 16 bytes at a time, and the window where that fails
 * byte by byte. */
static size_t plain_run(const unsigned char *p, size_t n, size_t i)
{
	for (;;) {
		size_t stop = SIZE_MAX;
#ifdef __SSE2__
		size_t step;
		while (n - i >= 16 && (step = plain16(p + i)) != 0)
			i += step;
		stop = i + 16;
#endif
		while (i < stop) {
			unsigned char k = byte_class[p[i]];
			if (k == 1) {
				/* a run of ASCII (a key, a URL) 8 bytes at
				 * a time */
				i++;
				while (p[i] < 0x80 && n - i >= 8 && plain8(p + i))
					i += 8;
			} else if (k == 2 && (p[i + 1] & 0xC0) == 0x80) {
				i += 2;
			} else {
				return i;
			}
		}
	}
}

static int jstr(marsad_buf *b, const char *s)
{
	if (!s)
		return raw(b, "null");
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = plain_run(p, n, 0);
	int rc = marsad_buf_reserve(b, n + 2);
	if (rc)
		return rc;
	if (i == n) {
		/* the usual string, nothing to escape: written in place, in
		 * the room just reserved (and the NUL's) */
		char *o = b->data + b->len;
		o[0] = '"';
		memcpy(o + 1, s, n);
		o[n + 1] = '"';
		o[n + 2] = 0;
		b->len += n + 2;
		return 0;
	}
	size_t from = 0; /* [from, i) goes as it is */
	rc = marsad_buf_putc(b, '"');
	while (rc == 0 && i < n) {
		size_t k = p[i] >= 0x80 ? utf8_len(p + i, n - i) : 0;
		if (k) {
			i = plain_run(p, n, i + k);
			continue;
		}
		rc = marsad_buf_append(b, s + from, i - from);
		unsigned char c = p[i++];
		from = i;
		const char *esc = c == '"' ? "\\\"" : c == '\\' ? "\\\\"
				  : c == '\n' ? "\\n" : c == '\t' ? "\\t"
				  : c == '\r' ? "\\r" : c == '\b' ? "\\b"
				  : c == '\f' ? "\\f" : NULL;
		char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
		if (rc == 0 && c >= 0x80)
			rc = marsad_buf_put_cp(b, 0xFFFD);
		else if (rc == 0)
			rc = raw(b, esc ? esc : u);
		if (rc == 0)
			i = plain_run(p, n, i);
	}
	if (rc == 0)
		rc = marsad_buf_append(b, s + from, n - from);
	return rc ? rc : marsad_buf_putc(b, '"');
}

/* Appends the n bytes at lit, a literal: with n known when compiled, the
 * copy is a few moves. */
static inline int jlit(marsad_buf *b, const char *lit, size_t n)
{
	if (n < b->cap - b->len) { /* room for them and the NUL */
		memcpy(b->data + b->len, lit, n);
		b->len += n;
		b->data[b->len] = 0;
		return 0;
	}
	return marsad_buf_append(b, lit, n);
}

/* "name": and ,"name": — a member's name, a literal of plain ASCII */
#define JKEY_FIRST(b, name) \
	jlit((b), "\"" name "\":", sizeof "\"" name "\":" - 1)
#define JKEY(b, name) \
	jlit((b), ",\"" name "\":", sizeof ",\"" name "\":" - 1)

static int jint(marsad_buf *b, size_t v)
{
	char n[24];
	size_t k = sizeof n;
	do
		n[--k] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	return marsad_buf_append(b, n + k, sizeof n - k);
}

/* The last numbers jreal() wrote, by their bits: a story's saliences are
 * a few values ((1 + ln mentions) × outlets, for small counts) that
 * recur from story to story, and formatting one costs thousands of
 * instructions. Per thread, as results are written on several. */
#define REAL_MEMO 64

static _Thread_local struct {
	uint64_t bits;
	int used;
	char text[40];
} real_memo[REAL_MEMO];

/* A number with 17 significant digits that reads back as a real: a ".0"
 * added to an integral value, no '+' or leading zeros in the exponent. */
static int jreal(marsad_buf *b, double v)
{
	uint64_t bits;
	memcpy(&bits, &v, sizeof bits);
	uint64_t mix = (bits ^ bits >> 32) * 0x9e3779b97f4a7c15u;
	size_t slot = (size_t)(mix >> 32) % REAL_MEMO;
	if (real_memo[slot].used && real_memo[slot].bits == bits)
		return raw(b, real_memo[slot].text);
	char n[40], out[40];
	snprintf(n, sizeof n, "%.17g", v);
	if (!strchr(n, '.') && !strchr(n, 'e') && !strchr(n, 'n') &&
	    !strchr(n, 'i'))
		strcat(n, ".0");
	size_t k = 0;
	for (const char *p = n; *p; p++) {
		out[k++] = *p;
		if (*p != 'e')
			continue;
		if (p[1] == '+')
			p++;
		else if (p[1] == '-')
			out[k++] = *++p;
		while (p[1] == '0' && p[2])
			p++;
	}
	out[k] = 0;
	real_memo[slot].bits = bits;
	real_memo[slot].used = 1;
	memcpy(real_memo[slot].text, out, k + 1);
	return raw(b, out);
}

/* The strings of lists an object writes many times over (its articles'
 * keys, in every sentence's and quotation's list): where the last
 * LIST_MEMO written lie in the buffer, by the string's address, so that
 * writing one again is a copy. Per thread; emptied for each object
 * (sm_json()), whose strings stay where they are while it is written. */
#define LIST_MEMO 4

static _Thread_local struct list_str {
	const char *s;
	size_t off, len;
} list_memo[LIST_MEMO];
static _Thread_local size_t list_next;

static int jlist_str(marsad_buf *b, const char *s)
{
	for (size_t i = 0; s && i < LIST_MEMO; i++) {
		if (list_memo[i].s != s)
			continue;
		size_t off = list_memo[i].off, n = list_memo[i].len;
		int rc = marsad_buf_reserve(b, n);
		if (rc)
			return rc;
		memcpy(b->data + b->len, b->data + off, n);
		b->len += n;
		b->data[b->len] = 0;
		return 0;
	}
	size_t off = b->len;
	int rc = jstr(b, s);
	if (rc == 0 && s) {
		list_memo[list_next] = (struct list_str){s, off, b->len - off};
		list_next = (list_next + 1) % LIST_MEMO;
	}
	return rc;
}

static int jkeys(marsad_buf *b, const char *const *keys, size_t n)
{
	int rc = marsad_buf_putc(b, '[');
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (i)
			rc = marsad_buf_putc(b, ',');
		if (rc == 0)
			rc = jlist_str(b, keys[i]);
	}
	return rc ? rc : marsad_buf_putc(b, ']');
}

static int json_sentences(marsad_buf *b, const marsad_summary_result *r)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < r->n_sentences; i++) {
		const marsad_summary_sentence *x = &r->sentences[i];
		rc = raw(b, i ? ",{" : "{");
		if (rc == 0)
			rc = JKEY_FIRST(b, "text");
		if (rc == 0)
			rc = jstr(b, x->text);
		if (rc == 0)
			rc = JKEY(b, "keys");
		if (rc == 0)
			rc = jkeys(b, x->keys, x->n_keys);
		if (rc == 0)
			rc = marsad_buf_putc(b, '}');
	}
	return rc;
}

static int json_timeline(marsad_buf *b, const marsad_summary_result *r)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < r->n_timeline; i++) {
		const marsad_summary_point *p = &r->timeline[i];
		rc = raw(b, i ? ",{" : "{");
		if (rc == 0)
			rc = JKEY_FIRST(b, "date");
		if (rc == 0)
			rc = jstr(b, p->date);
		if (rc == 0)
			rc = JKEY(b, "granularity");
		if (rc == 0)
			rc = jstr(b, marsad_date_granularity_name(p->granularity));
		if (rc == 0)
			rc = JKEY(b, "published");
		if (rc == 0)
			rc = raw(b, p->published ? "true" : "false");
		if (rc == 0)
			rc = JKEY(b, "text");
		if (rc == 0)
			rc = jstr(b, p->text);
		if (rc == 0)
			rc = JKEY(b, "key");
		if (rc == 0)
			rc = jstr(b, p->key);
		if (rc == 0)
			rc = JKEY(b, "keys");
		if (rc == 0)
			rc = jkeys(b, p->keys, p->n_keys);
		if (rc == 0)
			rc = marsad_buf_putc(b, '}');
	}
	return rc;
}

static int json_cast(marsad_buf *b, const marsad_summary_result *r)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < r->n_cast; i++) {
		const marsad_summary_actor *a = &r->cast[i];
		rc = raw(b, i ? ",{" : "{");
		if (rc == 0)
			rc = JKEY_FIRST(b, "name");
		if (rc == 0)
			rc = jstr(b, a->name);
		if (rc == 0)
			rc = JKEY(b, "type");
		if (rc == 0)
			rc = jstr(b, marsad_entity_type_name(a->type));
		if (rc == 0)
			rc = JKEY(b, "variants");
		if (rc == 0)
			rc = jkeys(b, a->variants, a->n_variants);
		if (rc == 0)
			rc = JKEY(b, "mentions");
		if (rc == 0)
			rc = jint(b, a->mentions);
		if (rc == 0)
			rc = JKEY(b, "articles");
		if (rc == 0)
			rc = jint(b, a->articles);
		if (rc == 0)
			rc = JKEY(b, "outlets");
		if (rc == 0)
			rc = jint(b, a->outlets);
		if (rc == 0)
			rc = JKEY(b, "salience");
		if (rc == 0)
			rc = jreal(b, a->salience);
		if (rc == 0)
			rc = marsad_buf_putc(b, '}');
	}
	return rc;
}

static int json_quotes(marsad_buf *b, const marsad_summary_result *r)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < r->n_quotes; i++) {
		const marsad_summary_quote *q = &r->quotes[i];
		rc = raw(b, i ? ",{" : "{");
		if (rc == 0)
			rc = JKEY_FIRST(b, "speaker");
		if (rc == 0)
			rc = jstr(b, q->speaker);
		if (rc == 0)
			rc = JKEY(b, "text");
		if (rc == 0)
			rc = jstr(b, q->text);
		if (rc == 0)
			rc = JKEY(b, "verb");
		if (rc == 0)
			rc = jstr(b, q->verb);
		if (rc == 0)
			rc = JKEY(b, "direct");
		if (rc == 0)
			rc = raw(b, q->direct ? "true" : "false");
		if (rc == 0)
			rc = JKEY(b, "key");
		if (rc == 0)
			rc = jstr(b, q->key);
		if (rc == 0)
			rc = JKEY(b, "keys");
		if (rc == 0)
			rc = jkeys(b, q->keys, q->n_keys);
		if (rc == 0)
			rc = marsad_buf_putc(b, '}');
	}
	return rc;
}

int marsad_summary_json(const marsad_summary_result *r, char **out,
			size_t *len)
{
	return sm_json(r, 1, out, len);
}

int sm_json(const marsad_summary_result *r, int timeline, char **out,
	    size_t *len)
{
	if (!out)
		return MARSAD_EINVAL;
	*out = NULL;
	if (len)
		*len = 0;
	if (!r)
		return MARSAD_EINVAL;
	/* each array's member name and opening bracket */
#define OPEN(name) ",\"" name "\":[", sizeof ",\"" name "\":[" - 1
	static const struct {
		const char *open;
		size_t n;
		int (*write)(marsad_buf *, const marsad_summary_result *);
	} arrays[] = {
		{OPEN("summary"), json_sentences},
		{OPEN("timeline"), json_timeline},
		{OPEN("cast"), json_cast},
		{OPEN("quotes"), json_quotes},
	};
#undef OPEN
	memset(list_memo, 0, sizeof list_memo);
	marsad_buf b = MARSAD_BUF_INIT;
	/* room for a story's usual object: growing by doubling from a few
	 * bytes would copy it several times */
	int rc = marsad_buf_reserve(&b, 8192);
	if (rc == 0)
		rc = marsad_buf_putc(&b, '{');
	if (rc == 0)
		rc = JKEY_FIRST(&b, "headline");
	if (rc == 0)
		rc = jstr(&b, r->headline);
	if (rc == 0)
		rc = JKEY(&b, "headline_key");
	if (rc == 0)
		rc = jstr(&b, r->headline_key);
	if (rc == 0)
		rc = JKEY(&b, "articles");
	if (rc == 0)
		rc = jint(&b, r->n_articles);
	for (size_t i = 0; rc == 0 && i < sizeof arrays / sizeof *arrays; i++) {
		if (!timeline && arrays[i].write == json_timeline)
			continue;
		rc = jlit(&b, arrays[i].open, arrays[i].n);
		if (rc == 0)
			rc = arrays[i].write(&b, r);
		if (rc == 0)
			rc = marsad_buf_putc(&b, ']');
	}
	if (rc == 0)
		rc = marsad_buf_putc(&b, '}');
	if (rc < 0) {
		marsad_buf_clear(&b);
		return rc;
	}
	size_t n;
	*out = marsad_buf_steal(&b, &n);
	if (len)
		*len = n;
	return 0;
}

/* Appends the formatted text; MARSAD_ENOMEM when it does not fit. */
static int put(marsad_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int put(marsad_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || marsad_buf_reserve(b, (size_t)n + 1) < 0)
		return MARSAD_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

static int put_keys(marsad_buf *b, const char *const *keys, size_t n)
{
	int rc = put(b, " [");
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = put(b, "%s%s", i ? ", " : "", keys[i]);
	return rc ? rc : put(b, "]\n");
}

int marsad_summary_render(const marsad_summary_result *r, marsad_buf *out)
{
	if (!r || !out)
		return MARSAD_EINVAL;
	int rc = put(out, "%s\n", r->headline);
	if (rc == 0 && r->n_sentences)
		rc = put(out, "\nSummary (%zu articles):\n", r->n_articles);
	for (size_t i = 0; rc == 0 && i < r->n_sentences; i++) {
		rc = put(out, "  %zu. %s", i + 1, r->sentences[i].text);
		if (rc == 0)
			rc = put_keys(out, r->sentences[i].keys,
				      r->sentences[i].n_keys);
	}
	if (rc == 0 && r->n_timeline)
		rc = put(out, "\nTimeline:\n");
	for (size_t i = 0; rc == 0 && i < r->n_timeline; i++) {
		const marsad_summary_point *p = &r->timeline[i];
		rc = put(out, "  %-10s %s %s", p->date, p->published ? "*" : "-",
			 p->text);
		if (rc == 0)
			rc = put_keys(out, p->keys, p->n_keys);
	}
	if (rc == 0 && r->n_cast)
		rc = put(out, "\nCast:\n");
	for (size_t i = 0; rc == 0 && i < r->n_cast; i++) {
		const marsad_summary_actor *a = &r->cast[i];
		rc = put(out, "  %s (%s; %zu mentions in %zu articles, %zu outlets)",
			 a->name, marsad_entity_type_name(a->type), a->mentions,
			 a->articles, a->outlets);
		for (size_t v = 0; rc == 0 && v < a->n_variants; v++)
			if (strcmp(a->variants[v], a->name) != 0)
				rc = put(out, " / %s", a->variants[v]);
		if (rc == 0)
			rc = put(out, "\n");
	}
	if (rc == 0 && r->n_quotes)
		rc = put(out, "\nQuotes:\n");
	for (size_t i = 0; rc == 0 && i < r->n_quotes; i++) {
		const marsad_summary_quote *q = &r->quotes[i];
		/* a direct quotation between U+201C and U+201D */
		rc = put(out, "  %s (%s): %s%s%s", q->speaker, q->verb[0] ? q->verb : "-",
			 q->direct ? "\xe2\x80\x9c" : "", q->text,
			 q->direct ? "\xe2\x80\x9d" : "");
		if (rc == 0)
			rc = put_keys(out, q->keys, q->n_keys);
	}
	return rc;
}
