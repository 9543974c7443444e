/*
 * json.c — one JSON Lines record → one document.
 *
 * A record is a JSON object with any of: title; text, content or body;
 * url; source or outlet; date, published or time (a date string or unix
 * seconds); id (string or number). The key is id, else url, else the file
 * name + ":" + line number. A body that is HTML goes through the HTML text
 * extraction. Parsing is jansson's json_loadb straight on the line; a line
 * with invalid UTF-8 is repaired (U+FFFD) and parsed again, so one bad
 * byte does not cost the record.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marsad/text.h"
#include "read_int.h"

/* The first of the named members that is a non-empty string, else the
 * first that is a string at all; NULL when none is. */
static json_t *string_member(json_t *o, const char *const *names)
{
	json_t *empty = NULL;
	for (; *names; names++) {
		json_t *v = json_object_get(o, *names);
		if (!json_is_string(v))
			continue;
		if (json_string_length(v))
			return v;
		if (!empty)
			empty = v;
	}
	return empty;
}

static const char *const title_names[] = {"title", NULL};
static const char *const text_names[] = {"text", "content", "body", NULL};
static const char *const outlet_names[] = {"source", "outlet", NULL};
static const char *const date_names[] = {"date", "published", "time", NULL};

static char *dup_member(json_t *o, const char *name)
{
	json_t *v = json_object_get(o, name);
	return json_is_string(v) && json_string_length(v)
		       ? strndup(json_string_value(v), json_string_length(v))
		       : NULL;
}

/* The key: id (a string or a number), else url, else file:line. */
static char *record_key(json_t *o, const char *url, const char *path,
			size_t line)
{
	json_t *id = json_object_get(o, "id");
	char num[48];
	if (json_is_string(id) && json_string_length(id))
		return strndup(json_string_value(id), json_string_length(id));
	if (json_is_integer(id)) {
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
			 json_integer_value(id));
		return strdup(num);
	}
	if (json_is_real(id)) {
		snprintf(num, sizeof num, "%.17g", json_real_value(id));
		return strdup(num);
	}
	if (url)
		return strdup(url);
	char *k = malloc(strlen(path) + 24);
	if (k)
		sprintf(k, "%s:%zu", read_basename(path), line);
	return k;
}

static char *record_date(json_t *o)
{
	char iso[READ_DATE_SIZE];
	for (const char *const *n = date_names; *n; n++) {
		json_t *v = json_object_get(o, *n);
		int rc = MARSAD_EFORMAT;
		if (json_is_string(v))
			rc = read_date(json_string_value(v), json_string_length(v),
				       iso);
		else if (json_is_number(v) && fabs(json_number_value(v)) < 1e12)
			rc = read_date_unix((long long)json_number_value(v), iso);
		if (rc == 0)
			return strdup(iso);
	}
	return NULL;
}

static const char *type_name(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: case JSON_REAL: return "a number";
	case JSON_TRUE: case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	default: return "an object";
	}
}

/* Title, body, url, outlet and date of a record object. */
static int fill(marsad_doc *doc, json_t *o, json_t *title, json_t *text)
{
	marsad_buf b = MARSAD_BUF_INIT;
	int rc = 0;
	if (title)
		rc = read_inline(json_string_value(title),
				 json_string_length(title), &b);
	if (!rc && !(doc->title = marsad_buf_steal(&b, NULL)))
		rc = MARSAD_ENOMEM;
	if (!rc && text) {
		const char *s = json_string_value(text);
		size_t n = json_string_length(text);
		rc = read_looks_html(s, n) ? read_html_text(s, n, doc, &b)
					   : read_text_lines(s, n, &b);
	}
	if (!rc && !(doc->text = marsad_buf_steal(&b, &doc->text_len)))
		rc = MARSAD_ENOMEM;
	marsad_buf_clear(&b);
	if (rc)
		return rc;
	doc->url = dup_member(o, "url");
	json_t *outlet = string_member(o, outlet_names);
	doc->outlet = outlet && json_string_length(outlet)
			      ? strdup(json_string_value(outlet))
			      : read_url_host(doc->url);
	doc->published = record_date(o);
	return 0;
}

int read_json(const char *path, size_t line, size_t offset, const char *s,
	      size_t len, marsad_doc **out, marsad_read_error *err)
{
	*out = NULL;
	json_error_t je;
	marsad_buf fixed = MARSAD_BUF_INIT;
	size_t bad = 0;
	json_t *j = json_loadb(s, len, JSON_DECODE_ANY, &je);
	if (!j && json_error_code(&je) == json_error_invalid_utf8) {
		int rc = marsad_utf8_repair(s, len, &fixed, &bad);
		if (rc)
			return rc;
		j = json_loadb(fixed.data, fixed.len, JSON_DECODE_ANY, &je);
		marsad_buf_clear(&fixed);
	}
	if (!j) {
		read_error(err, path, line, offset + (size_t)je.position,
			   "invalid JSON at column %d: %s", je.column, je.text);
		return MARSAD_EFORMAT;
	}
	if (!json_is_object(j)) {
		read_error(err, path, line, offset,
			   "record is %s, not a JSON object", type_name(j));
		json_decref(j);
		return MARSAD_EFORMAT;
	}
	json_t *title = string_member(j, title_names);
	json_t *text = string_member(j, text_names);
	if (!title && !text) {
		read_error(err, path, line, offset,
			   "record has no title or text");
		json_decref(j);
		return MARSAD_EFORMAT;
	}
	marsad_doc *doc = calloc(1, sizeof *doc);
	int rc = doc ? fill(doc, j, title, text) : MARSAD_ENOMEM;
	if (rc == MARSAD_EFORMAT)
		read_error(err, path, line, offset,
			   "HTML content nested too deeply to parse");
	if (!rc) {
		doc->key = record_key(j, doc->url, path, line);
		doc->record = line;
		doc->bad_utf8 = bad;
	}
	json_decref(j);
	if (rc) {
		marsad_doc_free(doc);
		return rc;
	}
	rc = read_doc_finish(doc, path);
	if (!rc)
		*out = doc;
	return rc;
}
