/*
 * warc.c — web archives (ISO 28500, WARC/1.0 and 1.1, plain or gzip) read
 * one record at a time: every `response` record whose HTTP payload is an
 * HTML page (status 200, text/html or application/xhtml+xml) becomes a
 * document through the HTML reader.
 *
 * A record is a version line ("WARC/1.1"), header fields up to a blank
 * line, then a block of exactly Content-Length bytes. The stream goes
 * through zlib's gzread, which reads a .warc.gz — one gzip member per
 * record, concatenated — as one stream, and plain bytes unchanged. Only
 * the current record is held (at most MARSAD_RECORD_MAX bytes); a bigger
 * one is skipped by reading past it, an error only when its HTTP head says
 * it is an HTML page. Request, metadata, warcinfo, revisit and other
 * records, and responses that are not HTML pages, are passed over
 * silently.
 *
 * Errors name the record (1-based) and the byte offset of its version line
 * in the uncompressed stream. When the structure is lost — no version line
 * where a record should start, no usable Content-Length, a block running
 * past the end of the file — reading resynchronizes on the next line that
 * starts with "WARC/"; a block cut by the end of the file is itself
 * searched, since a wrong Content-Length may have swallowed the records
 * after it.
 *
 * The block's HTTP message (RFC 9112): status line, header fields, body;
 * a chunked body is reassembled and a gzip or deflate Content-Encoding
 * inflated. The key and url of a document are the WARC-Target-URI;
 * WARC-Date is the crawl date, not the publication date, and is not used.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "read_int.h"

#define CHUNK ((size_t)64 << 10)
/* A header line longer than this is malformed; a WARC header block
 * longer than WARC_HEADER_MAX too. */
#define LINE_MAX_LEN ((size_t)64 << 10)
#define WARC_HEADER_MAX ((size_t)1 << 20)
/* How much of a block too big to keep is read to see its HTTP head. */
#define HTTP_PEEK ((size_t)64 << 10)

struct read_warc {
	gzFile gz;
	char *path;
	marsad_buf in;      /* unread input is in.data[pos..in.len) */
	size_t pos;
	size_t consumed;    /* stream offset of in.data[pos] */
	int eof;            /* gzread has nothing more to give */
	int cut;            /* the rest of an over-long line is skipped */
	int resync;         /* looking for the next "WARC/" line */
	int zerr_told;      /* a gzip error was already reported */
	size_t record;      /* records begun */
	marsad_buf header;  /* the current record's header lines */
	marsad_buf block;   /* its block */
	marsad_buf body;    /* its HTTP payload, decoded */
};

/* ---- the input window --------------------------------------------------- */

/* Moves the unread bytes to the front and reads more after them. */
static int fill(read_warc *w)
{
	if (w->eof)
		return 0;
	if (w->pos) {
		memmove(w->in.data, w->in.data + w->pos, w->in.len - w->pos);
		w->in.len -= w->pos;
		w->pos = 0;
	}
	int rc = marsad_buf_reserve(&w->in, CHUNK);
	if (rc)
		return rc;
	int n = gzread(w->gz, w->in.data + w->in.len, (unsigned)CHUNK);
	if (n > 0)
		w->in.len += (size_t)n;
	else
		w->eof = 1;
	return 0;
}

/*
 * The next line, without its LF or CR LF: 1 with *s, *n and *at (its
 * stream offset), valid until the next read; 0 at the end of the stream;
 * a negative code when memory runs out. A line longer than LINE_MAX_LEN
 * comes back cut to that length and with *long_line set; the rest of it
 * is skipped.
 */
static int next_line(read_warc *w, const char **s, size_t *n, size_t *at,
		     int *long_line)
{
	for (;;) {
		size_t avail = w->in.len - w->pos;
		char *p = w->in.data + w->pos;
		size_t look = avail < LINE_MAX_LEN ? avail : LINE_MAX_LEN;
		char *nl = look ? memchr(p, '\n', look) : NULL;
		if (w->cut && (nl || avail)) {
			/* the tail of an over-long line */
			size_t skip = nl ? (size_t)(nl - p) + 1 : avail;
			w->pos += skip;
			w->consumed += skip;
			w->cut = !nl;
			continue;
		}
		if (nl || avail >= LINE_MAX_LEN || (w->eof && avail)) {
			size_t take = nl ? (size_t)(nl - p) : look;
			*s = p;
			*at = w->consumed;
			*long_line = !nl && avail >= LINE_MAX_LEN;
			w->cut = *long_line;
			w->pos += take + (nl != NULL);
			w->consumed += take + (nl != NULL);
			*n = take && p[take - 1] == '\r' ? take - 1 : take;
			return 1;
		}
		if (w->eof)
			return 0;
		int rc = fill(w);
		if (rc)
			return rc;
	}
}

/* Reads up to n bytes of block into out (when non-NULL) or past them;
 * returns how many there were before the end of the stream. */
static size_t take_bytes(read_warc *w, size_t n, marsad_buf *out, int *rc)
{
	size_t got = 0;
	*rc = 0;
	while (got < n && !*rc) {
		if (w->pos == w->in.len) {
			if (w->eof)
				break;
			w->in.len = w->pos = 0;
			if (out && n - got >= CHUNK) {
				/* Straight into the block: no double copy. */
				if ((*rc = marsad_buf_reserve(out, n - got)))
					break;
				size_t want = n - got < ((size_t)1 << 30)
						      ? n - got
						      : (size_t)1 << 30;
				int k = gzread(w->gz, out->data + out->len,
					       (unsigned)want);
				if (k <= 0) {
					w->eof = 1;
					break;
				}
				out->len += (size_t)k;
				out->data[out->len] = 0;
				got += (size_t)k;
				w->consumed += (size_t)k;
				continue;
			}
			*rc = fill(w);
			continue;
		}
		size_t k = w->in.len - w->pos;
		if (k > n - got)
			k = n - got;
		if (out)
			*rc = marsad_buf_append(out, w->in.data + w->pos, k);
		w->pos += k;
		w->consumed += k;
		got += k;
	}
	return got;
}

/* ---- errors --------------------------------------------------------------- */

/* zlib's complaint when the stream broke, else NULL. */
static const char *gzip_problem(read_warc *w)
{
	int zerr = Z_OK;
	const char *msg = gzerror(w->gz, &zerr);
	if (zerr == Z_OK)
		return NULL;
	const char *colon = strstr(msg, ": ");
	return colon ? colon + 2 : msg;
}

/* A record cut by the end of the stream. */
static int truncated(read_warc *w, size_t start, const char *what,
		     marsad_read_error *err)
{
	const char *z = gzip_problem(w);
	w->zerr_told = z != NULL;
	read_error(err, w->path, w->record, start, "record %zu truncated: %s%s%s%s",
		   w->record, what, z ? " (gzip stream: " : "", z ? z : "",
		   z ? ")" : "");
	return MARSAD_EFORMAT;
}

/* ---- header fields ---------------------------------------------------------- */

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * The value of header field `name` in lines s[0..len) ("Name: value"
 * separated by LF or CR LF), trimmed; NULL when absent. The first of
 * repeated fields wins.
 */
static const char *field(const char *s, size_t len, const char *name,
			 size_t *vlen)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i < len;) {
		const char *e = memchr(s + i, '\n', len - i);
		size_t end = e ? (size_t)(e - s) : len;
		if (end - i > nl && s[i + nl] == ':' &&
		    strncasecmp(s + i, name, nl) == 0) {
			size_t a = i + nl + 1, b = end;
			while (a < b && is_blank(s[a]))
				a++;
			while (b > a && (is_blank(s[b - 1]) || s[b - 1] == '\r'))
				b--;
			*vlen = b - a;
			return s + a;
		}
		i = end + 1;
	}
	return NULL;
}

/* A media type without parameters equals `type` (case aside). */
static int media_is(const char *v, size_t n, const char *type)
{
	size_t k = 0;
	while (k < n && v[k] != ';' && !is_blank(v[k]))
		k++;
	return k == strlen(type) && strncasecmp(v, type, k) == 0;
}

/* The charset parameter of a Content-Type value, into out ("" if none). */
static void charset_of(const char *v, size_t n, char *out, size_t size)
{
	out[0] = 0;
	for (size_t i = 0; i + 8 <= n; i++) {
		if (strncasecmp(v + i, "charset=", 8) != 0)
			continue;
		i += 8;
		if (i < n && (v[i] == '"' || v[i] == '\''))
			i++;
		size_t k = 0;
		while (i + k < n && k < size - 1 && v[i + k] != ';' &&
		       v[i + k] != '"' && v[i + k] != '\'' && !is_blank(v[i + k]))
			k++;
		memcpy(out, v + i, k);
		out[k] = 0;
		return;
	}
}

/* A decimal number of at most 18 digits; -1 when s is anything else. */
static long long decimal(const char *s, size_t n)
{
	if (!s || !n || n > 18)
		return -1;
	long long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* ---- the HTTP payload ------------------------------------------------------- */

/* Reassembles a chunked body (RFC 9112 §7.1) into out. A body whose first
 * line is no chunk size was stored de-chunked: it is copied as it is. A
 * chunk cut short keeps what came before it. */
static int dechunk(const char *s, size_t len, marsad_buf *out)
{
	size_t i = 0;
	for (int first = 1;; first = 0) {
		size_t size = 0, digits = 0;
		while (i < len && digits < 16) {
			char c = s[i];
			int v = c >= '0' && c <= '9'   ? c - '0'
				: (c | 0x20) >= 'a' && (c | 0x20) <= 'f'
					? (c | 0x20) - 'a' + 10
					: -1;
			if (v < 0)
				break;
			size = size * 16 + (size_t)v;
			digits++;
			i++;
		}
		const char *nl = i < len ? memchr(s + i, '\n', len - i) : NULL;
		if (!digits || !nl) {
			if (first)
				return marsad_buf_append(out, s, len);
			return 0;
		}
		i = (size_t)(nl - s) + 1;
		if (size == 0)
			return 0;
		size_t k = size < len - i ? size : len - i;
		int rc = marsad_buf_append(out, s + i, k);
		if (rc || k < size)
			return rc;
		i += k;
		if (i < len && s[i] == '\r')
			i++;
		if (i < len && s[i] == '\n')
			i++;
	}
}

/* Inflates gzip or zlib data (raw deflate when `raw`) into out, at most
 * MARSAD_RECORD_MAX bytes. */
static int inflate_into(const char *s, size_t len, int raw, marsad_buf *out)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	/* 15 + 32: a gzip or zlib header, detected; -15: no header. */
	if (inflateInit2(&z, raw ? -15 : 15 + 32) != Z_OK)
		return MARSAD_ENOMEM;
	z.next_in = (Bytef *)s;
	int zrc = Z_OK, rc = 0;
	size_t left = len;
	while (!rc && zrc != Z_STREAM_END) {
		if (!z.avail_in) {
			if (!left)
				break;
			z.avail_in = left < (1u << 30) ? (uInt)left : 1u << 30;
			left -= z.avail_in;
		}
		if ((rc = marsad_buf_reserve(out, CHUNK)))
			break;
		z.next_out = (Bytef *)out->data + out->len;
		z.avail_out = (uInt)(out->cap - out->len - 1);
		uInt before = z.avail_out;
		zrc = inflate(&z, Z_NO_FLUSH);
		out->len += before - z.avail_out;
		out->data[out->len] = 0;
		if (zrc == Z_STREAM_END && !raw && z.avail_in >= 2 &&
		    z.next_in[0] == 0x1f && z.next_in[1] == 0x8b) {
			/* Another gzip member follows; anything else after
			 * the end is ignored. */
			inflateReset(&z);
			zrc = Z_OK;
		}
		if (zrc != Z_OK && zrc != Z_STREAM_END &&
		    !(zrc == Z_BUF_ERROR && z.avail_in))
			rc = MARSAD_EFORMAT;
		else if (out->len > MARSAD_RECORD_MAX)
			rc = MARSAD_ETOOBIG;
	}
	inflateEnd(&z);
	return rc;
}

/* The head of an HTTP response. */
typedef struct http_head {
	long long status;
	size_t hend;     /* where the header fields end */
	size_t body;     /* where the body starts; 0 when the head has no end */
	const char *ct;  /* the Content-Type value, NULL when absent */
	size_t ct_len;
} http_head;

/* Reads the head of the response in s; 0 when s is no HTTP response. */
static int http_parse(const char *s, size_t len, http_head *h)
{
	memset(h, 0, sizeof *h);
	if (len < 12 || strncmp(s, "HTTP/", 5) != 0)
		return 0;
	const char *sp = memchr(s, ' ', len < 16 ? len : 16);
	if (!sp || (size_t)(sp - s) + 4 > len)
		return 0;
	h->status = decimal(sp + 1, 3);
	/* The header ends at the first empty line. */
	for (const char *p = s; (p = memchr(p, '\n', len - (size_t)(p - s)));) {
		p++;
		size_t at = (size_t)(p - s);
		if (at < len && s[at] == '\n') {
			h->hend = at;
			h->body = at + 1;
			break;
		}
		if (at + 1 < len && s[at] == '\r' && s[at + 1] == '\n') {
			h->hend = at;
			h->body = at + 2;
			break;
		}
	}
	h->ct = field(s, h->body ? h->hend : len, "Content-Type", &h->ct_len);
	return 1;
}

/* A page worth reading: status 200, an HTML media type or none. */
static int wanted(const http_head *h)
{
	return h->status == 200 &&
	       (!h->ct || media_is(h->ct, h->ct_len, "text/html") ||
		media_is(h->ct, h->ct_len, "application/xhtml+xml"));
}

/*
 * The HTML page in the block of a response record: 1 with its bytes in
 * w->body and its declared charset; 0 when the block is no HTTP response,
 * not status 200 or not HTML (passed over); a negative code with err
 * filled when it is malformed.
 */
static int http_page(read_warc *w, size_t start, char *charset, size_t size,
		     marsad_read_error *err)
{
	const char *s = w->block.data ? w->block.data : "";
	http_head h;
	if (!http_parse(s, w->block.len, &h))
		return 0;
	if (!h.body) {
		read_error(err, w->path, w->record, start,
			   "record %zu: HTTP header without an end", w->record);
		return MARSAD_EFORMAT;
	}
	if (!wanted(&h))
		return 0;
	charset[0] = 0;
	if (h.ct)
		charset_of(h.ct, h.ct_len, charset, size);
	size_t n;

	marsad_buf_reset(&w->body);
	marsad_buf chunked = MARSAD_BUF_INIT;
	const char *te = field(s, h.hend, "Transfer-Encoding", &n);
	int rc = 0;
	const char *p = s + h.body;
	size_t plen = w->block.len - h.body;
	if (te && n >= 7 && strncasecmp(te + n - 7, "chunked", 7) == 0) {
		rc = dechunk(p, plen, &chunked);
		p = chunked.data ? chunked.data : "";
		plen = chunked.len;
	}
	const char *ce = field(s, h.hend, "Content-Encoding", &n);
	if (rc) {
		/* out of memory */
	} else if (!ce || !n || (n == 8 && !strncasecmp(ce, "identity", 8))) {
		rc = marsad_buf_append(&w->body, p, plen);
	} else if ((n == 4 && !strncasecmp(ce, "gzip", 4)) ||
		   (n == 6 && !strncasecmp(ce, "x-gzip", 6)) ||
		   (n == 7 && !strncasecmp(ce, "deflate", 7))) {
		rc = inflate_into(p, plen, 0, &w->body);
		if (rc == MARSAD_EFORMAT && ce[0] == 'd' && w->body.len == 0)
			/* "deflate" is often sent without the zlib header */
			rc = inflate_into(p, plen, 1, &w->body);
		if (rc == MARSAD_EFORMAT)
			read_error(err, w->path, w->record, start,
				   "record %zu: broken %.*s content encoding",
				   w->record, (int)n, ce);
		else if (rc == MARSAD_ETOOBIG)
			read_error(err, w->path, w->record, start,
				   "record %zu: payload inflates past %zu bytes; "
				   "skipped", w->record, MARSAD_RECORD_MAX);
	} else {
		read_error(err, w->path, w->record, start,
			   "record %zu: unsupported content encoding \"%.*s\"",
			   w->record, (int)(n < 40 ? n : 40), ce);
		rc = MARSAD_EFORMAT;
	}
	marsad_buf_clear(&chunked);
	if (rc)
		return rc;
	/* Without a Content-Type the page must show itself as HTML. */
	if (!h.ct && !read_looks_html(w->body.data ? w->body.data : "",
				    w->body.len))
		return 0;
	return 1;
}

/* ---- records ---------------------------------------------------------------- */

/* The target URI without the angle brackets some WARC/1.0 writers put
 * around it. */
static char *target_uri(const char *v, size_t n)
{
	if (n >= 2 && v[0] == '<' && v[n - 1] == '>') {
		v++;
		n -= 2;
	}
	return n ? strndup(v, n) : NULL;
}

/* A document from the HTML page of the current record. */
static int page_doc(read_warc *w, size_t start, const char *charset,
		    marsad_doc **doc, marsad_read_error *err)
{
	size_t n, i = 0;
	const char *b = w->body.data ? w->body.data : "";
	while (i < w->body.len && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r')))
		i++;
	if (i == w->body.len) {
		read_error(err, w->path, w->record, start,
			   "record %zu: empty HTML payload", w->record);
		return MARSAD_EFORMAT;
	}
	int rc = read_html(w->path, b, w->body.len, *charset ? charset : NULL,
			   doc, err);
	if (rc) {
		char why[sizeof err->message];
		memcpy(why, err->message, sizeof why);
		read_error(err, w->path, w->record, start, "record %zu: %s",
			   w->record, why);
		return rc;
	}
	marsad_doc *d = *doc;
	const char *h = w->header.data;
	const char *uri = field(h, w->header.len, "WARC-Target-URI", &n);
	char *url = uri ? target_uri(uri, n) : NULL;
	/* The key: the target URI, else the record's ID, else file:record. */
	const char *id = field(h, w->header.len, "WARC-Record-ID", &n);
	char *key;
	if (url) {
		key = strdup(url);
	} else if (id && n) {
		key = strndup(id, n);
	} else if ((key = malloc(strlen(w->path) + 24))) {
		sprintf(key, "%s:%zu", read_basename(w->path), w->record);
	}
	free(d->key);
	d->key = key;
	if (url) {
		free(d->url);
		d->url = url;
	}
	if (!d->outlet)
		d->outlet = read_url_host(d->url);
	d->record = w->record;
	if (!d->key) {
		marsad_doc_free(d);
		*doc = NULL;
		return MARSAD_ENOMEM;
	}
	return 0;
}

/*
 * The header block of the record that starts at `start`: its lines go to
 * w->header. Returns 1 when it was read, 0 when it is malformed (err
 * filled, w->resync set), a negative code when the stream ends within it
 * or memory runs out.
 */
static int read_header(read_warc *w, size_t start, marsad_read_error *err)
{
	marsad_buf_reset(&w->header);
	for (;;) {
		const char *s;
		size_t n, at;
		int long_line;
		int rc = next_line(w, &s, &n, &at, &long_line);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return truncated(w, start, "the file ends in its header",
					 err);
		if (n == 0)
			return 1;
		const char *colon = memchr(s, ':', n);
		if (long_line || w->header.len + n > WARC_HEADER_MAX ||
		    (!colon && !is_blank(s[0]))) {
			read_error(err, w->path, w->record, start,
				   "record %zu: bad header line at byte %zu: %s",
				   w->record, at,
				   long_line || w->header.len + n > WARC_HEADER_MAX
					   ? "too long"
					   : "no field name");
			w->resync = 1;
			return 0;
		}
		if ((rc = marsad_buf_append(&w->header, s, n)) ||
		    (rc = marsad_buf_putc(&w->header, '\n')))
			return rc;
	}
}

/* The block of a record that is passed over; an error when the stream
 * ends inside it. */
static int skip_block(read_warc *w, size_t start, size_t len,
		      marsad_read_error *err)
{
	int rc;
	size_t got = take_bytes(w, len, NULL, &rc);
	if (rc || got == len)
		return rc;
	return truncated(w, start, "Content-Length runs past the end of the file",
			 err);
}

/* The next record that is an HTML page, or an error. */
static int next_record(read_warc *w, marsad_doc **doc, marsad_read_error *err)
{
	for (;;) {
		const char *s;
		size_t n, start;
		int long_line;
		int rc = next_line(w, &s, &n, &start, &long_line);
		if (rc <= 0)
			return rc;
		int version = !long_line && n >= 6 && memcmp(s, "WARC/", 5) == 0 &&
			      s[5] >= '0' && s[5] <= '9';
		if (w->resync && !version)
			continue;
		if (!version) {
			if (n == 0 && !long_line)
				continue; /* the blank lines between records */
			w->record++;
			w->resync = 1;
			read_error(err, w->path, w->record, start,
				   "record %zu: no WARC/ version line where a "
				   "record should start", w->record);
			return MARSAD_EFORMAT;
		}
		w->resync = 0;
		w->record++;
		if ((rc = read_header(w, start, err)) <= 0)
			return rc ? rc : MARSAD_EFORMAT;
		const char *h = w->header.data;
		const char *cl = field(h, w->header.len, "Content-Length", &n);
		long long len = decimal(cl, n);
		if (len < 0) {
			read_error(err, w->path, w->record, start,
				   "record %zu: %s Content-Length", w->record,
				   cl ? "bad" : "no");
			w->resync = 1;
			return MARSAD_EFORMAT;
		}
		const char *type = field(h, w->header.len, "WARC-Type", &n);
		int response = type && n == 8 && !strncmp(type, "response", 8);
		if ((size_t)len > MARSAD_RECORD_MAX) {
			/* Too big to keep: only an HTML page is worth an
			 * error, as its HTTP head tells (videos and archives
			 * are big and no articles). */
			http_head hh;
			marsad_buf_reset(&w->block);
			size_t peek = take_bytes(w, HTTP_PEEK, response ? &w->block
									: NULL,
						 &rc);
			if (!rc && peek < HTTP_PEEK)
				return truncated(w, start, "Content-Length runs "
						 "past the end of the file",
						 err);
			if (!rc)
				rc = skip_block(w, start, (size_t)len - peek, err);
			if (rc)
				return rc;
			if (!response ||
			    !http_parse(w->block.data, w->block.len, &hh) ||
			    (hh.body && !wanted(&hh)))
				continue;
			read_error(err, w->path, w->record, start,
				   "record %zu longer than %zu bytes; skipped",
				   w->record, MARSAD_RECORD_MAX);
			return MARSAD_ETOOBIG;
		}
		if (!type) {
			if ((rc = skip_block(w, start, (size_t)len, err)))
				return rc;
			read_error(err, w->path, w->record, start,
				   "record %zu: no WARC-Type", w->record);
			return MARSAD_EFORMAT;
		}
		if (!response) {
			if ((rc = skip_block(w, start, (size_t)len, err)))
				return rc;
			continue;
		}
		marsad_buf_reset(&w->block);
		size_t got = take_bytes(w, (size_t)len, &w->block, &rc);
		if (rc)
			return rc;
		if (got < (size_t)len) {
			/* Search the cut block for the records a wrong
			 * Content-Length may have swallowed. */
			marsad_buf t = w->in;
			w->in = w->block;
			w->block = t;
			w->consumed -= got;
			w->pos = 0;
			w->resync = 1;
			return truncated(w, start,
					 "Content-Length runs past the end of "
					 "the file",
					 err);
		}
		char charset[48];
		rc = http_page(w, start, charset, sizeof charset, err);
		if (rc == 1)
			rc = page_doc(w, start, charset, doc, err);
		if (rc == 0 && *doc)
			return 1;
		if (rc)
			return rc;
	}
}

/* ---- the stream ----------------------------------------------------------- */

int read_warc_open(const char *path, read_warc **out, marsad_read_error *err)
{
	*out = NULL;
	read_warc *w = calloc(1, sizeof *w);
	if (!w || !(w->path = strdup(path))) {
		free(w);
		return MARSAD_ENOMEM;
	}
	w->gz = gzopen(path, "rb");
	if (!w->gz) {
		read_warc_close(w);
		read_error(err, path, 0, 0, "cannot open");
		return MARSAD_EIO;
	}
	gzbuffer(w->gz, (unsigned)CHUNK);
	*out = w;
	return 0;
}

int read_warc_next(read_warc *w, marsad_doc **doc, marsad_read_error *err)
{
	*doc = NULL;
	int rc = next_record(w, doc, err);
	if (rc)
		return rc;
	/* The end: a broken gzip stream not yet reported, an empty file. */
	const char *z = gzip_problem(w);
	if (z && !w->zerr_told) {
		w->zerr_told = 1;
		read_error(err, w->path, w->record + 1, w->consumed,
			   "gzip stream broken after record %zu (%s)", w->record,
			   z);
		return MARSAD_EFORMAT;
	}
	if (!w->record && !w->zerr_told) {
		w->zerr_told = 1;
		read_error(err, w->path, 0, 0, "empty file");
		return MARSAD_EFORMAT;
	}
	return 0;
}

void read_warc_close(read_warc *w)
{
	if (!w)
		return;
	if (w->gz)
		gzclose(w->gz);
	free(w->path);
	marsad_buf_clear(&w->in);
	marsad_buf_clear(&w->header);
	marsad_buf_clear(&w->block);
	marsad_buf_clear(&w->body);
	free(w);
}

int read_looks_warc(const char *s, size_t len)
{
	return len >= 6 && memcmp(s, "WARC/", 5) == 0 && s[5] >= '0' &&
	       s[5] <= '9';
}
