/*
 * read_int.h — what the reader's files share: building a document, the
 * error record, line normalization, dates, and one parser per format.
 *
 *   doc.c    documents, errors, line normalization, URL hosts
 *   date.c   publication dates → ISO 8601 UTC
 *   txt.c    plain-text articles
 *   html.c   HTML pages (gumbo) and HTML fragments inside JSON records
 *   json.c   one JSON Lines record
 *   warc.c   web archives (.warc, .warc.gz) of HTML responses
 *   feed.c   RSS and Atom feeds (libxml2)
 *   reader.c files, gzip streams, directories, standard input
 */
#ifndef MARSAD_READ_INT_H
#define MARSAD_READ_INT_H

#include <stddef.h>

#include "marsad/read.h"

/* ---- documents (doc.c) ------------------------------------------------ */

/* Fills err (when non-NULL) with path, record, offset and a formatted
 * message; both strings are cut to fit. */
void read_error(marsad_read_error *err, const char *path, size_t record,
		size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Appends a removal (the first READ_REMOVED_MAX characters of s) to doc. */
int read_add_removal(marsad_doc *doc, const char *s, size_t len,
		     const char *reason);
#define READ_REMOVED_MAX 200

/*
 * Appends s to out as body lines: CR LF and lone CR become LF, white space
 * at both ends of each line is dropped, runs of blank lines become one
 * blank line (a block break) and blank lines at the start and end vanish.
 * NUL bytes become U+FFFD. s must be valid UTF-8.
 */
int read_text_lines(const char *s, size_t len, marsad_buf *out);

/* Completes a document: missing title/text become "", missing path is
 * set, and lang is detected on title + text. Frees doc on failure. */
int read_doc_finish(marsad_doc *doc, const char *path);

/* The host of an absolute URL ("https://www.x.com/a" → "x.com", a leading
 * "www." dropped), as a new string; NULL when url has none. */
char *read_url_host(const char *url);

/* The file name of path without its last extension, as a new string. */
char *read_file_key(const char *path);

/* The last component of a path ("-" stays "-"). */
const char *read_basename(const char *path);

/* ---- dates (date.c) ----------------------------------------------------- */

/* Room for "YYYY-MM-DDTHH:MM:SSZ" and its NUL. */
#define READ_DATE_SIZE 21

/*
 * Normalizes a publication date to ISO 8601 UTC: "YYYY-MM-DDTHH:MM:SSZ",
 * or "YYYY-MM-DD" when s holds only a date. Accepts ISO 8601 (with or
 * without time, seconds, fraction and zone), "YYYY-MM-DD HH:MM:SS",
 * RFC 822/1123 ("Mon, 01 Jan 2018 10:00:00 +0300", zone names too) and
 * unix time in seconds (or milliseconds, 13 digits). A time without a
 * zone is taken as UTC. Returns 0, or MARSAD_EFORMAT when s is none of
 * these.
 */
int read_date(const char *s, size_t len, char out[READ_DATE_SIZE]);

/* Unix seconds → "YYYY-MM-DDTHH:MM:SSZ"; MARSAD_EFORMAT out of range. */
int read_date_unix(long long t, char out[READ_DATE_SIZE]);

/* ---- formats ------------------------------------------------------------- */

/* A plain-text article; key = file name without extension. */
int read_txt(const char *path, const char *s, size_t len, marsad_doc **out,
	     marsad_read_error *err);

/* An HTML page. charset is the encoding its transport declared (an HTTP
 * Content-Type), used when the bytes are not UTF-8 and the page names
 * none; NULL when unknown. */
int read_html(const char *path, const char *s, size_t len,
	      const char *charset, marsad_doc **out, marsad_read_error *err);

/* The body text of an HTML fragment (a record's content), appended to out
 * as lines; what was left out goes to doc->removed. s must be UTF-8. */
int read_html_text(const char *s, size_t len, marsad_doc *doc,
		   marsad_buf *out);

/* The visible text of an HTML fragment on one line (a feed item's
 * title), appended to out. s must be UTF-8. */
int read_html_inline(const char *s, size_t len, marsad_buf *out);

/* Appends s to out with runs of white space (U+00A0 too) made one space
 * and none at either end. */
int read_inline(const char *s, size_t len, marsad_buf *out);

/* Non-zero when s starts (after white space) with an HTML tag. */
int read_looks_html(const char *s, size_t len);

/*
 * One JSON Lines record: s[0..len) is line `line` of path, starting at
 * byte `offset` of the (uncompressed) stream. Invalid UTF-8 is repaired
 * before parsing.
 */
int read_json(const char *path, size_t line, size_t offset, const char *s,
	      size_t len, marsad_doc **out, marsad_read_error *err);

/* ---- record streams: web archives (warc.c) and feeds (feed.c) ---------- */

/*
 * Both read a file one record at a time. _next returns 1 with *doc, 0 at
 * the end of the file, or a negative code with err filled (call again to
 * go on); _close(NULL) is a no-op.
 */
typedef struct read_warc read_warc;
int read_warc_open(const char *path, read_warc **out, marsad_read_error *err);
int read_warc_next(read_warc *w, marsad_doc **doc, marsad_read_error *err);
void read_warc_close(read_warc *w);
/* Non-zero when s starts with a WARC version line. */
int read_looks_warc(const char *s, size_t len);

typedef struct read_feed read_feed;
int read_feed_open(const char *path, read_feed **out, marsad_read_error *err);
int read_feed_next(read_feed *f, marsad_doc **doc, marsad_read_error *err);
void read_feed_close(read_feed *f);
/* Non-zero when s (a file's first bytes) is the start of an RSS, RDF or
 * Atom document. */
int read_looks_feed(const char *s, size_t len);

#endif
