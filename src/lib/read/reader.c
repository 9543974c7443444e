/*
 * reader.c — walking the input: files, directories, standard input, and
 * the files read record by record: JSON Lines streams read line by line
 * here, web archives (warc.c) and feeds (feed.c).
 *
 * Every file goes through zlib's gzread, which inflates gzip data and
 * passes other bytes through unchanged, so a gzip file is recognized by
 * its magic bytes whatever its name. A JSON Lines stream is read in
 * 64 KiB chunks; a line that lies inside one chunk is parsed where it is,
 * only a line that spans chunks is copied. A line past MARSAD_RECORD_MAX
 * is skipped without being kept: memory per record stays bounded. A
 * directory is walked depth first in byte order of names, hidden entries
 * skipped; a file whose name says nothing is sniffed (a WARC version line,
 * a JSON object, an RSS or Atom root element, an HTML tag).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "read_int.h"

/* Read size. zlib's gzread drops what it inflated in a call that ends in
 * a data error, so the chunk also bounds what a corrupt stream loses. */
#define CHUNK ((size_t)64 << 10)
/* Bytes looked at to guess a format; a feed's root element may come after
 * a long prolog (comments, stylesheet instructions), so it gets more. */
#define SNIFF 512
#define SNIFF_FEED 4096

/* A line buffer grown past this is released rather than kept for the next
 * line that spans chunks. */
#define LINE_KEEP ((size_t)1 << 20)

enum format { FMT_NONE, FMT_TXT, FMT_HTML, FMT_JSONL, FMT_WARC, FMT_FEED,
	      FMT_XML };

typedef struct dir_level {
	char *path;
	char **names;
	size_t n, next;
	dev_t dev;
	ino_t ino;
} dir_level;

/* What is left to report when a stream ends, in this order. */
enum { END_LAST_LINE, END_STREAM_ERROR, END_EMPTY, END_DONE };

struct marsad_reader {
	char *root;
	int root_done;
	dir_level *dirs;
	size_t ndirs, capdirs;

	/* The web archive or feed being read, when non-NULL. */
	read_warc *warc;
	read_feed *feed;

	/* The JSON Lines stream being read, when gz is non-NULL. */
	gzFile gz;
	char *path;
	char *chunk;
	size_t chunk_len, chunk_pos;
	size_t consumed;   /* stream bytes before chunk[0] */
	marsad_buf line;   /* the start of a line that spans chunks */
	size_t line_start; /* stream offset of the current line */
	size_t line_no;
	size_t records;    /* non-blank lines seen */
	int skipping;      /* inside a line longer than MARSAD_RECORD_MAX */
	int at_eof;
	int end_stage;
};

static int io_error(marsad_read_error *err, const char *path, const char *what)
{
	read_error(err, path, 0, 0, "%s: %s", what, strerror(errno));
	return MARSAD_EIO;
}

/* zlib's message for the state of gz, without the "<fd:N>: " or
 * "path: " it starts with. */
static const char *zlib_error(gzFile gz, int *zerr)
{
	const char *msg = gzerror(gz, zerr);
	const char *colon = strstr(msg, ": ");
	return colon ? colon + 2 : msg;
}

/* ---- formats -------------------------------------------------------------- */

/* By name; FMT_XML is a .xml file, a feed only when its content says so. */
static enum format format_of_name(const char *path)
{
	const char *base = read_basename(path);
	size_t n = strlen(base);
	if (n > 3 && strcasecmp(base + n - 3, ".gz") == 0)
		n -= 3;
	static const struct {
		const char *ext;
		enum format f;
	} exts[] = {
		{".txt", FMT_TXT},     {".html", FMT_HTML}, {".htm", FMT_HTML},
		{".jsonl", FMT_JSONL}, {".json", FMT_JSONL},
		{".ndjson", FMT_JSONL}, {".warc", FMT_WARC},
		{".rss", FMT_FEED},    {".atom", FMT_FEED}, {".xml", FMT_XML},
	};
	for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
		size_t e = strlen(exts[i].ext);
		if (n > e && strncasecmp(base + n - e, exts[i].ext, e) == 0)
			return exts[i].f;
	}
	return FMT_NONE;
}

/* The format of a file from its first bytes (inflated when gzip): a WARC
 * version line, a JSON object, a feed's root element, a tag, or — for a
 * file named on its own — any text without NUL bytes. */
static enum format sniff(const char *path, int named)
{
	gzFile gz = gzopen(path, "rb");
	if (!gz)
		return FMT_NONE;
	char b[SNIFF_FEED];
	int got = gzread(gz, b, sizeof b);
	gzclose(gz);
	if (got <= 0)
		return FMT_NONE;
	if (read_looks_warc(b, (size_t)got))
		return FMT_WARC;
	if (read_looks_feed(b, (size_t)got))
		return FMT_FEED;
	size_t n = (size_t)got < SNIFF ? (size_t)got : SNIFF;
	size_t i = n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (i < n && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r')))
		i++;
	if (i < n && b[i] == '{')
		return FMT_JSONL;
	if (read_looks_html(b + i, n - i))
		return FMT_HTML;
	return named && !memchr(b, 0, n) ? FMT_TXT : FMT_NONE;
}

/* A whole (possibly gzip) file, at most MARSAD_RECORD_MAX bytes. */
static int slurp(const char *path, marsad_buf *out, marsad_read_error *err)
{
	gzFile gz = gzopen(path, "rb");
	if (!gz)
		return io_error(err, path, "cannot open");
	int rc = 0, n;
	do {
		rc = marsad_buf_reserve(out, CHUNK);
		if (rc)
			break;
		n = gzread(gz, out->data + out->len, (unsigned)CHUNK);
		if (n > 0)
			out->len += (size_t)n;
		if (out->len > MARSAD_RECORD_MAX) {
			read_error(err, path, 0, 0, "file longer than %zu bytes",
				   MARSAD_RECORD_MAX);
			rc = MARSAD_ETOOBIG;
		}
	} while (!rc && n > 0);
	int zerr = Z_OK;
	const char *msg = zlib_error(gz, &zerr);
	if (!rc && zerr != Z_OK) {
		read_error(err, path, 0, out->len, "%s at byte %zu: %s",
			   zerr == Z_ERRNO ? "read error" : "broken gzip stream",
			   out->len, zerr == Z_ERRNO ? strerror(errno) : msg);
		rc = zerr == Z_ERRNO ? MARSAD_EIO : MARSAD_EFORMAT;
	}
	gzclose(gz);
	if (!rc)
		out->data[out->len] = 0;
	return rc;
}

/* ---- JSON Lines streams --------------------------------------------------- */

static int start_stream(marsad_reader *r, const char *path,
			marsad_read_error *err)
{
	int fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO)
					 : open(path, O_RDONLY);
	if (fd < 0)
		return io_error(err, path, "cannot open");
	r->gz = gzdopen(fd, "rb");
	r->path = strdup(path);
	if (!r->gz || !r->path) {
		if (r->gz)
			gzclose(r->gz);
		else
			close(fd);
		r->gz = NULL;
		free(r->path);
		r->path = NULL;
		return MARSAD_ENOMEM;
	}
	gzbuffer(r->gz, (unsigned)CHUNK);
	r->chunk_len = r->chunk_pos = r->consumed = 0;
	r->line_start = r->line_no = r->records = 0;
	r->skipping = r->at_eof = 0;
	r->end_stage = END_LAST_LINE;
	marsad_buf_reset(&r->line);
	return 0;
}

static void close_stream(marsad_reader *r)
{
	read_warc_close(r->warc);
	r->warc = NULL;
	read_feed_close(r->feed);
	r->feed = NULL;
	if (r->gz)
		gzclose(r->gz);
	r->gz = NULL;
	free(r->path);
	r->path = NULL;
	if (r->line.cap > LINE_KEEP)
		marsad_buf_clear(&r->line);
}

static int is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/*
 * One line of a JSON Lines stream: 0 when blank, 1 with *doc, or a
 * negative code with err filled. The first line may start with a byte
 * order mark.
 */
static int json_line(const char *path, size_t line_no, size_t offset,
		     const char *s, size_t len, marsad_doc **doc,
		     marsad_read_error *err)
{
	if (line_no == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		len -= 3;
		offset += 3;
	}
	while (len && is_space(s[len - 1]))
		len--;
	while (len && is_space(*s)) {
		s++;
		len--;
		offset++;
	}
	if (!len)
		return 0;
	int rc = read_json(path, line_no, offset, s, len, doc, err);
	return rc ? rc : 1;
}

static int too_long(marsad_reader *r, marsad_read_error *err)
{
	r->skipping = 0;
	r->line_no++;
	r->records++;
	read_error(err, r->path, r->line_no, r->line_start,
		   "line longer than %zu bytes; skipped", MARSAD_RECORD_MAX);
	return MARSAD_ETOOBIG;
}

/* The end of a stream: its last line when it has no newline, then a broken
 * or truncated stream, then an empty file; 0 when nothing is left. */
static int end_stream(marsad_reader *r, marsad_doc **doc,
		      marsad_read_error *err)
{
	int zerr = Z_OK;
	const char *msg = zlib_error(r->gz, &zerr);
	int rc = 0;
	while (!rc && r->end_stage != END_DONE) {
		switch (r->end_stage++) {
		case END_LAST_LINE:
			if (r->skipping)
				return too_long(r, err);
			if (zerr != Z_OK || !r->line.len)
				break;
			r->line_no++;
			rc = json_line(r->path, r->line_no, r->line_start,
				       r->line.data, r->line.len, doc, err);
			r->records += rc != 0;
			marsad_buf_reset(&r->line);
			break;
		case END_STREAM_ERROR:
			if (zerr == Z_OK)
				break;
			/* A truncated stream kept everything up to its end: the
			 * line being read is where it broke. A data error loses
			 * the last chunk inflated (at most CHUNK bytes), so the
			 * break is somewhere after the last line returned. */
			if (zerr == Z_BUF_ERROR)
				read_error(err, r->path, r->line_no + 1,
					   r->consumed + r->chunk_len,
					   "gzip stream truncated in line %zu (%s)",
					   r->line_no + 1, msg);
			else
				read_error(err, r->path, r->line_no + 1,
					   r->consumed + r->chunk_len,
					   "%s after line %zu (%s)",
					   zerr == Z_ERRNO ? "read error"
							   : "gzip stream broken",
					   r->line_no,
					   zerr == Z_ERRNO ? strerror(errno) : msg);
			marsad_buf_reset(&r->line);
			rc = zerr == Z_ERRNO ? MARSAD_EIO : MARSAD_EFORMAT;
			r->records++;
			break;
		case END_EMPTY:
			if (r->records)
				break;
			read_error(err, r->path, 0, 0, "empty file");
			rc = MARSAD_EFORMAT;
			break;
		}
	}
	return rc;
}

/* The next record of the stream: 1 with *doc, a negative code, or 0 at
 * its end. */
static int stream_next(marsad_reader *r, marsad_doc **doc,
		       marsad_read_error *err)
{
	for (;;) {
		if (r->chunk_pos == r->chunk_len) {
			if (r->at_eof)
				return end_stream(r, doc, err);
			int n = gzread(r->gz, r->chunk, (unsigned)CHUNK);
			r->consumed += r->chunk_len;
			r->chunk_len = n > 0 ? (size_t)n : 0;
			r->chunk_pos = 0;
			r->at_eof = n <= 0;
			continue;
		}
		char *p = r->chunk + r->chunk_pos;
		size_t avail = r->chunk_len - r->chunk_pos;
		char *nl = memchr(p, '\n', avail);
		size_t take = nl ? (size_t)(nl - p) : avail;
		if (r->skipping) {
			r->chunk_pos += take + (nl != NULL);
			if (!nl)
				continue;
			int rc = too_long(r, err);
			r->line_start = r->consumed + r->chunk_pos;
			return rc;
		}
		if (r->line.len + take > MARSAD_RECORD_MAX) {
			marsad_buf_clear(&r->line);
			r->skipping = 1;
			continue;
		}
		if (!nl || r->line.len) {
			int rc = marsad_buf_append(&r->line, p, take);
			if (rc)
				return rc;
			if (!nl) {
				r->chunk_pos = r->chunk_len;
				continue;
			}
		}
		const char *s = r->line.len ? r->line.data : p;
		size_t len = r->line.len ? r->line.len : take;
		size_t start = r->line_start;
		r->chunk_pos += take + 1;
		r->line_start = r->consumed + r->chunk_pos;
		r->line_no++;
		int rc = json_line(r->path, r->line_no, start, s, len, doc, err);
		r->records += rc != 0;
		if (r->line.cap > LINE_KEEP)
			marsad_buf_clear(&r->line);
		else
			marsad_buf_reset(&r->line);
		if (rc)
			return rc;
	}
}

/* ---- directories ---------------------------------------------------------- */

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_level(dir_level *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->names[i]);
	free(d->names);
	free(d->path);
}

/* Lists a directory (hidden entries left out, names sorted) onto the
 * stack. A directory already on the stack (a symlink loop) is skipped. */
static int push_dir(marsad_reader *r, const char *path, const struct stat *st,
		    marsad_read_error *err)
{
	for (size_t i = 0; i < r->ndirs; i++)
		if (r->dirs[i].dev == st->st_dev && r->dirs[i].ino == st->st_ino)
			return 0;
	if (r->ndirs == r->capdirs) {
		size_t cap = r->capdirs ? r->capdirs * 2 : 8;
		dir_level *d = realloc(r->dirs, cap * sizeof *d);
		if (!d)
			return MARSAD_ENOMEM;
		r->dirs = d;
		r->capdirs = cap;
	}
	DIR *dir = opendir(path);
	if (!dir)
		return io_error(err, path, "cannot open directory");
	dir_level lv = {strdup(path), NULL, 0, 0, st->st_dev, st->st_ino};
	size_t cap = 0;
	int rc = lv.path ? 0 : MARSAD_ENOMEM;
	for (struct dirent *e; !rc && (e = readdir(dir));) {
		if (e->d_name[0] == '.')
			continue;
		if (lv.n == cap) {
			cap = cap ? cap * 2 : 16;
			char **names = realloc(lv.names, cap * sizeof *names);
			if (!names) {
				rc = MARSAD_ENOMEM;
				break;
			}
			lv.names = names;
		}
		if (!(lv.names[lv.n] = strdup(e->d_name)))
			rc = MARSAD_ENOMEM;
		else
			lv.n++;
	}
	closedir(dir);
	if (rc) {
		free_level(&lv);
		return rc;
	}
	if (lv.n)
		qsort(lv.names, lv.n, sizeof *lv.names, by_name);
	r->dirs[r->ndirs++] = lv;
	return 0;
}

/* The next entry of the innermost directory (a new string), or NULL when
 * the walk is over. */
static char *next_entry(marsad_reader *r, int *nomem)
{
	while (r->ndirs) {
		dir_level *d = &r->dirs[r->ndirs - 1];
		if (d->next == d->n) {
			free_level(d);
			r->ndirs--;
			continue;
		}
		const char *name = d->names[d->next++];
		size_t n = strlen(d->path);
		char *p = malloc(n + strlen(name) + 2);
		if (!p) {
			*nomem = 1;
			return NULL;
		}
		memcpy(p, d->path, n);
		if (n && d->path[n - 1] != '/')
			p[n++] = '/';
		strcpy(p + n, name);
		return p;
	}
	return NULL;
}

/* Starts reading a web archive or a feed record by record. */
static int start_records(marsad_reader *r, const char *path, enum format f,
			 marsad_read_error *err)
{
	if (!(r->path = strdup(path)))
		return MARSAD_ENOMEM;
	int rc = f == FMT_WARC ? read_warc_open(path, &r->warc, err)
			       : read_feed_open(path, &r->feed, err);
	if (rc)
		close_stream(r);
	return rc;
}

/*
 * Starts on one path: a directory is listed, a JSON Lines file, a web
 * archive or a feed becomes the current stream (0), a text or HTML file is
 * read whole (1 with *doc, or an error). `named` is set for the path the
 * reader was opened on: then a file of unknown kind is read as text rather
 * than skipped.
 */
static int start_path(marsad_reader *r, const char *path, int named,
		      marsad_doc **doc, marsad_read_error *err)
{
	if (named && strcmp(path, "-") == 0)
		return start_stream(r, path, err);
	struct stat st;
	if (stat(path, &st) != 0)
		return io_error(err, path, "cannot open");
	if (S_ISDIR(st.st_mode))
		return push_dir(r, path, &st, err);
	if (!S_ISREG(st.st_mode))
		/* A pipe or device named on its own is a stream, read like
		 * "-"; sniffing it would eat its first bytes. */
		return named ? start_stream(r, path, err) : 0;
	enum format f = format_of_name(path);
	if (f == FMT_XML)
		/* XML that is no feed (a sitemap, a config) is passed over in
		 * a directory; named on its own, the feed reader says what it
		 * is. */
		f = named || sniff(path, 0) == FMT_FEED ? FMT_FEED : FMT_NONE;
	else if (f == FMT_NONE)
		f = sniff(path, named);
	if (f == FMT_NONE) {
		if (!named)
			return 0;
		read_error(err, path, 0, 0, "unrecognized file format");
		return MARSAD_EFORMAT;
	}
	if (f == FMT_JSONL)
		return start_stream(r, path, err);
	if (f == FMT_WARC || f == FMT_FEED)
		return start_records(r, path, f, err);
	marsad_buf b = MARSAD_BUF_INIT;
	int rc = slurp(path, &b, err);
	if (!rc)
		rc = f == FMT_TXT ? read_txt(path, b.data, b.len, doc, err)
				  : read_html(path, b.data, b.len, NULL, doc, err);
	marsad_buf_clear(&b);
	return rc ? rc : 1;
}

/* ---- the public API --------------------------------------------------------- */

int marsad_reader_open(const char *path, marsad_reader **out,
		       marsad_read_error *err)
{
	*out = NULL;
	if (!path || !*path) {
		read_error(err, "", 0, 0, "no path given");
		return MARSAD_EINVAL;
	}
	if (strcmp(path, "-") != 0) {
		struct stat st;
		if (stat(path, &st) != 0)
			return io_error(err, path, "cannot open");
		if (access(path, R_OK) != 0)
			return io_error(err, path, "cannot read");
	}
	marsad_reader *r = calloc(1, sizeof *r);
	if (r) {
		r->root = strdup(path);
		r->chunk = malloc(CHUNK);
	}
	if (!r || !r->root || !r->chunk) {
		marsad_reader_close(r);
		read_error(err, path, 0, 0, "%s", marsad_strerror(MARSAD_ENOMEM));
		return MARSAD_ENOMEM;
	}
	*out = r;
	return 0;
}

int marsad_reader_next(marsad_reader *r, marsad_doc **doc,
		       marsad_read_error *err)
{
	marsad_read_error scratch;
	if (!err)
		err = &scratch;
	err->message[0] = 0;
	*doc = NULL;
	for (;;) {
		int rc = 0;
		char *path = NULL;
		const char *where;
		if (r->gz || r->warc || r->feed) {
			where = r->path;
			rc = r->warc   ? read_warc_next(r->warc, doc, err)
			     : r->feed ? read_feed_next(r->feed, doc, err)
				       : stream_next(r, doc, err);
			if (rc == 0) {
				close_stream(r);
				continue;
			}
		} else {
			int nomem = 0;
			if (!r->root_done) {
				r->root_done = 1;
				where = r->root;
				rc = start_path(r, r->root, 1, doc, err);
			} else if ((path = next_entry(r, &nomem))) {
				where = path;
				rc = start_path(r, path, 0, doc, err);
			} else {
				if (!nomem)
					return 0;
				where = r->root;
				rc = MARSAD_ENOMEM;
			}
		}
		if (rc < 0 && !err->message[0])
			read_error(err, where, 0, 0, "%s", marsad_strerror(rc));
		free(path);
		if (rc)
			return rc < 0 ? rc : 1;
	}
}

void marsad_reader_close(marsad_reader *r)
{
	if (!r)
		return;
	close_stream(r);
	marsad_buf_clear(&r->line);
	while (r->ndirs)
		free_level(&r->dirs[--r->ndirs]);
	free(r->dirs);
	free(r->chunk);
	free(r->root);
	free(r);
}

int marsad_read_memory(const char *format, const char *path, const char *s,
		       size_t len, marsad_doc **doc, marsad_read_error *err)
{
	marsad_read_error scratch;
	if (!err)
		err = &scratch;
	err->message[0] = 0;
	*doc = NULL;
	if (!path)
		path = "-";
	if (!format || (!s && len)) {
		read_error(err, path, 0, 0, "%s", marsad_strerror(MARSAD_EINVAL));
		return MARSAD_EINVAL;
	}
	if (!s)
		s = "";
	if (len > MARSAD_RECORD_MAX) {
		read_error(err, path, 0, 0, "input longer than %zu bytes",
			   MARSAD_RECORD_MAX);
		return MARSAD_ETOOBIG;
	}
	int rc;
	if (strcmp(format, "txt") == 0) {
		rc = read_txt(path, s, len, doc, err);
	} else if (strcmp(format, "html") == 0) {
		rc = read_html(path, s, len, NULL, doc, err);
	} else if (strcmp(format, "json") == 0 || strcmp(format, "jsonl") == 0) {
		rc = json_line(path, 1, 0, s, len, doc, err);
		if (rc == 0) {
			read_error(err, path, 0, 0, "empty file");
			rc = MARSAD_EFORMAT;
		}
		rc = rc == 1 ? 0 : rc;
	} else {
		read_error(err, path, 0, 0, "unknown format \"%s\"", format);
		return MARSAD_EINVAL;
	}
	if (rc < 0 && !err->message[0])
		read_error(err, path, 0, 0, "%s", marsad_strerror(rc));
	return rc;
}
