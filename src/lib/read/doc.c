/*
 * doc.c — documents as the readers build them: the error record, UTF-8
 * safe copies, removals, body-line normalization and the finishing touches
 * (language, defaults) every format shares.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "marsad/text.h"
#include "read_int.h"

void marsad_doc_free(marsad_doc *doc)
{
	if (!doc)
		return;
	free(doc->key);
	free(doc->title);
	free(doc->text);
	free(doc->url);
	free(doc->outlet);
	free(doc->published);
	free(doc->path);
	for (size_t i = 0; i < doc->n_removed; i++)
		free(doc->removed[i].line);
	free(doc->removed);
	free(doc);
}

void read_error(marsad_read_error *err, const char *path, size_t record,
		size_t offset, const char *fmt, ...)
{
	if (!err)
		return;
	snprintf(err->path, sizeof err->path, "%s", path ? path : "");
	err->record = record;
	err->offset = offset;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
}

/* The length of the longest prefix of s[0..len) holding at most `chars`
 * UTF-8 characters (s is valid UTF-8). */
static size_t utf8_prefix(const char *s, size_t len, size_t chars)
{
	size_t i = 0;
	/* The next `chars` bytes start at most `chars` characters, so they
	 * are all in the prefix: counted a block at a time (a loop the
	 * compiler vectorizes), they leave a short tail to walk. */
	while (chars >= 64 && len - i > chars) {
		size_t starts = 0;
		for (size_t k = i; k < i + chars; k++)
			starts += ((unsigned char)s[k] & 0xC0) != 0x80;
		i += chars;
		chars -= starts;
	}
	if (len - i <= chars)
		return len;
	for (; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars-- == 0)
			break;
	return i;
}

int read_add_removal(marsad_doc *doc, const char *s, size_t len,
		     const char *reason)
{
	marsad_removal *rm =
		realloc(doc->removed, (doc->n_removed + 1) * sizeof *rm);
	if (!rm)
		return MARSAD_ENOMEM;
	doc->removed = rm;
	len = utf8_prefix(s, len, READ_REMOVED_MAX);
	char *line = malloc(len + 1);
	if (!line)
		return MARSAD_ENOMEM;
	memcpy(line, s, len);
	line[len] = 0;
	rm[doc->n_removed].line = line;
	rm[doc->n_removed].reason = reason;
	doc->n_removed++;
	return 0;
}

static int is_hspace(char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

int read_text_lines(const char *s, size_t len, marsad_buf *out)
{
	int rc = marsad_buf_reserve(out, len);
	size_t blank = 0; /* blank lines seen since the last kept line */
	int any = out->len > 0;
	for (size_t i = 0; !rc && i < len;) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) : len;
		const char *cr = memchr(s + i, '\r', end - i);
		if (cr)
			end = (size_t)(cr - s);
		size_t next = end;
		if (next < len)
			next += s[next] == '\r' && next + 1 < len &&
					s[next + 1] == '\n' ? 2 : 1;
		size_t a = i, b = end;
		while (a < b && is_hspace(s[a]))
			a++;
		while (b > a && is_hspace(s[b - 1]))
			b--;
		i = next;
		if (a == b) {
			blank++;
			continue;
		}
		if (any)
			rc = marsad_buf_append(out, "\n\n", blank ? 2 : 1);
		blank = 0;
		any = 1;
		/* NUL would end the C string early: U+FFFD shows it instead. */
		for (const char *z; !rc && (z = memchr(s + a, 0, b - a));
		     a = (size_t)(z - s) + 1) {
			rc = marsad_buf_append(out, s + a, (size_t)(z - s) - a);
			if (!rc)
				rc = marsad_buf_append(out, "\xEF\xBF\xBD", 3);
		}
		if (!rc)
			rc = marsad_buf_append(out, s + a, b - a);
	}
	return rc;
}

/* The language is judged on the title and at most this much of the body:
 * an article's script is plain within its first few thousand bytes, and
 * the sample keeps the cost per article flat. */
#define LANG_SAMPLE ((size_t)4 << 10)

int read_doc_finish(marsad_doc *doc, const char *path)
{
	if (!doc->title)
		doc->title = strdup("");
	if (!doc->text) {
		doc->text = strdup("");
		doc->text_len = 0;
	}
	if (!doc->path)
		doc->path = strdup(path ? path : "");
	if (!doc->title || !doc->text || !doc->path || !doc->key) {
		marsad_doc_free(doc);
		return MARSAD_ENOMEM;
	}
	size_t tlen = strlen(doc->title);
	size_t blen = utf8_prefix(doc->text, doc->text_len, LANG_SAMPLE);
	char *both = malloc(tlen + 1 + blen);
	if (!both) {
		marsad_doc_free(doc);
		return MARSAD_ENOMEM;
	}
	memcpy(both, doc->title, tlen);
	both[tlen] = '\n';
	memcpy(both + tlen + 1, doc->text, blen);
	doc->lang = marsad_detect_language(both, tlen + 1 + blen, NULL);
	free(both);
	return 0;
}

char *read_url_host(const char *url)
{
	if (!url)
		return NULL;
	const char *p = strstr(url, "://");
	if (!p)
		return NULL;
	p += 3;
	size_t n = strcspn(p, "/?#");
	const char *at = memchr(p, '@', n); /* user:password@host */
	if (at) {
		n -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	const char *colon = memchr(p, ':', n); /* host:port */
	if (colon)
		n = (size_t)(colon - p);
	if (n > 4 && strncasecmp(p, "www.", 4) == 0) {
		p += 4;
		n -= 4;
	}
	if (!n)
		return NULL;
	char *h = malloc(n + 1);
	if (!h)
		return NULL;
	for (size_t i = 0; i < n; i++)
		h[i] = p[i] >= 'A' && p[i] <= 'Z' ? (char)(p[i] + 32) : p[i];
	h[n] = 0;
	return h;
}

char *read_file_key(const char *path)
{
	const char *base = read_basename(path);
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	return strndup(base, n);
}

const char *read_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}
