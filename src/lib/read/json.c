/*
 * json.c — one JSON Lines record → one document.
 *
 * A record is a JSON object with any of: title; text, content or body;
 * url; source or outlet; date, published or time (a date string or unix
 * seconds); id (string or number). The key is id, else url, else the file
 * name + ":" + line number. A body that is HTML goes through the HTML text
 * extraction. Duplicate members: the last one counts.
 *
 * Parsing is yajl's event parser straight on the line, keeping only the
 * record's own members of interest (nested values are walked, not built):
 * a tree parser spends most of its time building what is thrown away — on
 * SaudiNewsNet lines jansson's json_loadb costs 5× the instructions. A line
 * with invalid UTF-8 is repaired (U+FFFD) and parsed again, so one bad byte
 * does not cost the record.
 *
 * A line found valid UTF-8 beforehand (marsad_utf8_check, a fraction of
 * the cost of yajl's own check of every string byte) goes to yajl without
 * that check; any other goes to yajl with it, whose error leads to the
 * repair.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "marsad/text.h"
#include "read_int.h"

/* The members read, in the order of preference within each role. */
enum member {
	M_TITLE,
	M_TEXT, M_CONTENT, M_BODY,
	M_URL,
	M_SOURCE, M_OUTLET,
	M_DATE, M_PUBLISHED, M_TIME,
	M_ID,
	N_MEMBERS,
	M_NONE = N_MEMBERS
};
static const char *const member_names[N_MEMBERS] = {
	"title", "text", "content", "body", "url", "source", "outlet",
	"date", "published", "time", "id"};

typedef enum kind { K_ABSENT, K_STRING, K_NUMBER, K_OTHER } kind;

/* A JSON type as the error messages name it. */
typedef enum json_kind {
	J_NONE, J_OBJECT, J_ARRAY, J_STRING, J_NUMBER, J_BOOLEAN, J_NULL
} json_kind;

typedef struct value {
	kind kind;
	marsad_buf text; /* a string's bytes, or a number as written */
} value;

typedef struct record {
	size_t depth;        /* 1 inside the record's own object */
	json_kind top;       /* the type of the record itself */
	enum member pending; /* the member whose value comes next */
	int nul;             /* a kept string holds U+0000 */
	int oom;
	value v[N_MEMBERS];
} record;

static void record_clear(record *r)
{
	for (int m = 0; m < N_MEMBERS; m++)
		marsad_buf_clear(&r->v[m].text);
	memset(r, 0, sizeof *r);
	r->pending = M_NONE;
}

/* Called for every value: notes the record's type at the top level and
 * hands back the member the value belongs to (M_NONE when none). */
static enum member take(record *r, json_kind k)
{
	if (r->depth == 0) {
		if (r->top == J_NONE)
			r->top = k;
		return M_NONE;
	}
	enum member m = r->depth == 1 ? r->pending : M_NONE;
	if (r->depth == 1)
		r->pending = M_NONE;
	return m;
}

static int keep(record *r, enum member m, kind k, const void *s, size_t n)
{
	if (m == M_NONE)
		return 1;
	value *v = &r->v[m];
	v->kind = k;
	marsad_buf_reset(&v->text);
	if (marsad_buf_reserve(&v->text, n) || marsad_buf_append(&v->text, s, n)) {
		r->oom = 1;
		return 0;
	}
	v->text.data[n] = '\0';
	if (k == K_STRING && memchr(s, '\0', n))
		r->nul = 1;
	return 1;
}

static int on_other(record *r, json_kind k)
{
	enum member m = take(r, k);
	if (m != M_NONE) {
		r->v[m].kind = K_OTHER;
		marsad_buf_reset(&r->v[m].text);
	}
	return 1;
}

static int on_null(void *ctx)
{
	return on_other(ctx, J_NULL);
}

static int on_boolean(void *ctx, int b)
{
	(void)b;
	return on_other(ctx, J_BOOLEAN);
}

static int on_number(void *ctx, const char *s, size_t n)
{
	return keep(ctx, take(ctx, J_NUMBER), K_NUMBER, s, n);
}

static int on_string(void *ctx, const unsigned char *s, size_t n)
{
	return keep(ctx, take(ctx, J_STRING), K_STRING, s, n);
}

static int on_start(record *r, json_kind k)
{
	on_other(r, k);
	r->depth++;
	return 1;
}

static int on_start_map(void *ctx)
{
	return on_start(ctx, J_OBJECT);
}

static int on_start_array(void *ctx)
{
	return on_start(ctx, J_ARRAY);
}

static int on_end(void *ctx)
{
	((record *)ctx)->depth--;
	return 1;
}

static int on_key(void *ctx, const unsigned char *k, size_t n)
{
	record *r = ctx;
	if (r->depth != 1)
		return 1;
	r->pending = M_NONE;
	for (int m = 0; m < N_MEMBERS; m++)
		if (strlen(member_names[m]) == n && memcmp(member_names[m], k, n) == 0)
			r->pending = (enum member)m;
	return 1;
}

static const yajl_callbacks callbacks = {
	.yajl_null = on_null,
	.yajl_boolean = on_boolean,
	.yajl_number = on_number,
	.yajl_string = on_string,
	.yajl_start_map = on_start_map,
	.yajl_map_key = on_key,
	.yajl_end_map = on_end,
	.yajl_start_array = on_start_array,
	.yajl_end_array = on_end,
};

/* Why a parse failed and where: the byte offset into the line, and yajl's
 * one-line reason without its "parse error: " style prefix. */
typedef struct parse_error {
	size_t at;
	char reason[128];
	int utf8;   /* the reason is invalid UTF-8 in a string */
} parse_error;

/* Parses s into r with yajl. `valid` says s is valid UTF-8: yajl then
 * skips its own check of the strings. */
static int parse(record *r, const char *s, size_t len, int valid,
		 parse_error *pe)
{
	record_clear(r);
	yajl_handle h = yajl_alloc(&callbacks, NULL, r);
	if (!h)
		return MARSAD_ENOMEM;
	if (valid)
		yajl_config(h, yajl_dont_validate_strings, 1);
	const unsigned char *u = (const unsigned char *)s;
	yajl_status st = yajl_parse(h, u, len);
	pe->at = yajl_get_bytes_consumed(h);
	if (st == yajl_status_ok) {
		st = yajl_complete_parse(h);
		pe->at = len;
	}
	int rc = 0;
	if (r->oom) {
		rc = MARSAD_ENOMEM;
	} else if (st != yajl_status_ok) {
		unsigned char *msg = yajl_get_error(h, 0, u, len);
		const char *m = msg ? (const char *)msg : "unreadable";
		const char *colon = strstr(m, ": ");
		m = colon ? colon + 2 : m;
		size_t n = strcspn(m, "\n");
		while (n && (m[n - 1] == ' ' || m[n - 1] == '.'))
			n--;
		snprintf(pe->reason, sizeof pe->reason, "%.*s", (int)n, m);
		pe->utf8 = strstr(m, "UTF8") != NULL;
		yajl_free_error(h, msg);
		rc = MARSAD_EFORMAT;
	}
	yajl_free(h);
	return rc;
}

/* The first of the members first..last that is a non-empty string, else
 * the first that is a string at all; NULL when none is. */
static const value *string_member(const record *r, enum member first,
				  enum member last)
{
	const value *empty = NULL;
	for (int m = first; m <= (int)last; m++) {
		const value *v = &r->v[m];
		if (v->kind != K_STRING)
			continue;
		if (v->text.len)
			return v;
		if (!empty)
			empty = v;
	}
	return empty;
}

static char *dup_string(const value *v)
{
	return v && v->kind == K_STRING && v->text.len
		       ? strndup(v->text.data, v->text.len)
		       : NULL;
}

/* The key: id (a string or a number), else url, else file:line. A number
 * is written back as an integer when it is one, else with %.17g. */
static char *record_key(const record *r, const char *url, const char *path,
			size_t line)
{
	const value *id = &r->v[M_ID];
	if (id->kind == K_STRING && id->text.len)
		return strndup(id->text.data, id->text.len);
	if (id->kind == K_NUMBER) {
		char num[48];
		if (strpbrk(id->text.data, ".eE"))
			snprintf(num, sizeof num, "%.17g",
				 strtod(id->text.data, NULL));
		else
			snprintf(num, sizeof num, "%s", id->text.data);
		return strdup(num);
	}
	if (url)
		return strdup(url);
	char *k = malloc(strlen(path) + 24);
	if (k)
		sprintf(k, "%s:%zu", read_basename(path), line);
	return k;
}

static char *record_date(const record *r)
{
	char iso[READ_DATE_SIZE];
	for (int m = M_DATE; m <= M_TIME; m++) {
		const value *v = &r->v[m];
		int rc = MARSAD_EFORMAT;
		if (v->kind == K_STRING) {
			rc = read_date(v->text.data, v->text.len, iso);
		} else if (v->kind == K_NUMBER) {
			double t = strtod(v->text.data, NULL);
			if (fabs(t) < 1e12)
				rc = read_date_unix((long long)t, iso);
		}
		if (rc == 0)
			return strdup(iso);
	}
	return NULL;
}

static const char *type_name(json_kind k)
{
	switch (k) {
	case J_ARRAY: return "an array";
	case J_STRING: return "a string";
	case J_NUMBER: return "a number";
	case J_BOOLEAN: return "a boolean";
	case J_NULL: return "null";
	default: return "an object";
	}
}

/* Title, body, url, outlet and date of a record. */
static int fill(marsad_doc *doc, const record *r, const value *title,
		const value *text)
{
	marsad_buf b = MARSAD_BUF_INIT;
	int rc = 0;
	if (title)
		rc = read_inline(title->text.data, title->text.len, &b);
	if (!rc && !(doc->title = marsad_buf_steal(&b, NULL)))
		rc = MARSAD_ENOMEM;
	if (!rc && text) {
		const char *s = text->text.data;
		size_t n = text->text.len;
		rc = read_looks_html(s, n) ? read_html_text(s, n, doc, &b)
					   : read_text_lines(s, n, &b);
	}
	if (!rc && !(doc->text = marsad_buf_steal(&b, &doc->text_len)))
		rc = MARSAD_ENOMEM;
	marsad_buf_clear(&b);
	if (rc)
		return rc;
	doc->url = dup_string(&r->v[M_URL]);
	const value *outlet = string_member(r, M_SOURCE, M_OUTLET);
	doc->outlet = outlet && outlet->text.len ? dup_string(outlet)
						 : read_url_host(doc->url);
	doc->published = record_date(r);
	return 0;
}

/* The 1-based character column of byte offset at in s. */
static size_t column(const char *s, size_t at)
{
	size_t col = 1;
	for (size_t i = 0; i < at; i++)
		col += ((unsigned char)s[i] & 0xC0) != 0x80;
	return col;
}

static int build(const char *path, size_t line, size_t offset,
		 const record *r, marsad_doc **out, marsad_read_error *err)
{
	if (r->top != J_OBJECT) {
		read_error(err, path, line, offset,
			   "record is %s, not a JSON object", type_name(r->top));
		return MARSAD_EFORMAT;
	}
	if (r->nul) {
		read_error(err, path, line, offset,
			   "record has a string with a NUL character (\\u0000)");
		return MARSAD_EFORMAT;
	}
	const value *title = string_member(r, M_TITLE, M_TITLE);
	const value *text = string_member(r, M_TEXT, M_BODY);
	if (!title && !text) {
		read_error(err, path, line, offset,
			   "record has no title or text");
		return MARSAD_EFORMAT;
	}
	marsad_doc *doc = calloc(1, sizeof *doc);
	int rc = doc ? fill(doc, r, title, text) : MARSAD_ENOMEM;
	if (rc == MARSAD_EFORMAT)
		read_error(err, path, line, offset,
			   "HTML content nested too deeply to parse");
	if (!rc) {
		doc->key = record_key(r, doc->url, path, line);
		doc->record = line;
	}
	if (rc) {
		marsad_doc_free(doc);
		return rc;
	}
	*out = doc;
	return 0;
}

int read_json(const char *path, size_t line, size_t offset, const char *s,
	      size_t len, marsad_doc **out, marsad_read_error *err)
{
	*out = NULL;
	record r = {.pending = M_NONE};
	parse_error pe = {0};
	marsad_buf fixed = MARSAD_BUF_INIT;
	size_t bad = 0;
	int rc = parse(&r, s, len, marsad_utf8_check(s, len, NULL) == 0, &pe);
	if (rc == MARSAD_EFORMAT && pe.utf8) {
		rc = marsad_utf8_repair(s, len, &fixed, &bad);
		if (!rc) {
			s = fixed.data;
			len = fixed.len;
			rc = parse(&r, s, len, 1, &pe);
		}
	}
	if (rc == MARSAD_EFORMAT)
		read_error(err, path, line, offset + pe.at,
			   "invalid JSON at column %zu: %s", column(s, pe.at),
			   pe.reason);
	marsad_doc *doc = NULL;
	if (!rc)
		rc = build(path, line, offset, &r, &doc, err);
	record_clear(&r);
	marsad_buf_clear(&fixed);
	if (!rc) {
		doc->bad_utf8 = bad;
		rc = read_doc_finish(doc, path); /* frees doc on failure */
	}
	if (!rc)
		*out = doc;
	return rc;
}
