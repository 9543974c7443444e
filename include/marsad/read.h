/*
 * read.h — readers: turn input files into documents.
 *
 * One reader walks one path: a plain-text article (first non-empty line is
 * the title, the rest the body; key = file name without extension), an HTML
 * page (.html/.htm, parsed with gumbo; title, body and publication date from
 * the page), a JSON Lines file (.jsonl, optionally .gz; one article a line
 * with any of title, text/content/body, url, source/outlet,
 * date/published/time, id), a web archive (.warc, .warc.gz: every
 * response record holding an HTML page with status 200 is one document;
 * key and url are its WARC-Target-URI, the date comes from the page), an
 * RSS or Atom feed (.rss, .atom, .xml, optionally .gz: every item or entry
 * is one document; key = guid/id, else link), a directory (walked
 * recursively, in name order; files of other names are sniffed: a WARC
 * version line, a JSON object, an rss/feed/RDF root element, an HTML tag)
 * or "-" (standard input, JSON Lines). JSON Lines, web archives and feeds
 * are read one record at a time: memory is bounded by the largest record,
 * not the file.
 *
 * Bad input never ends a batch: marsad_reader_next() reports a malformed
 * record with its file and line/record number, and the next call goes on
 * with the record after it. For a web archive, record is the 1-based
 * record number and offset the byte offset of the record's start in the
 * uncompressed stream; for a feed, a document's record is its item
 * number and an error's record the line of the XML where it was found.
 */
#ifndef MARSAD_READ_H
#define MARSAD_READ_H

#include <stddef.h>

#include "marsad.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A line (or HTML block) the reader or the cleaner took out, and why. */
typedef struct marsad_removal {
	char *line;         /* the text removed (UTF-8, NUL-terminated) */
	const char *reason; /* a static string such as "read-also prompt" */
} marsad_removal;

/*
 * One article. Every string is UTF-8 and NUL-terminated, owned by the
 * document and freed by marsad_doc_free(). Invalid UTF-8 in the input has
 * been replaced by U+FFFD (and counted in bad_utf8).
 */
typedef struct marsad_doc {
	char *key;        /* id, else url, else file name (+ ":" line number) */
	char *title;      /* may be "" */
	char *text;       /* body: lines separated by '\n', blocks by "\n\n" */
	size_t text_len;
	char *url;        /* NULL when unknown */
	char *outlet;     /* source/outlet name, else the url's host; may be NULL */
	char *published;  /* ISO 8601: "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ"
			     (UTC), NULL when unknown */
	const char *lang; /* marsad_detect_language() of title + text */
	char *path;       /* the file it came from ("-" for stdin) */
	size_t record;    /* 1-based line (JSONL) or record number; 0 for a
			     whole-file document */
	size_t bad_utf8;  /* invalid UTF-8 sequences replaced */
	marsad_removal *removed; /* what the reader already left out (HTML
				    navigation, scripts...), may be NULL */
	size_t n_removed;
} marsad_doc;

void marsad_doc_free(marsad_doc *doc);

/* Where and why a record could not be read. */
typedef struct marsad_read_error {
	char path[1024];   /* file name */
	size_t record;     /* 1-based line or record number; 0 = whole file */
	size_t offset;     /* byte offset of the problem in the file (or in the
			      uncompressed stream for .gz) */
	char message[256]; /* what is wrong, in English */
} marsad_read_error;

typedef struct marsad_reader marsad_reader;

/*
 * Opens a reader on a file, a directory or "-". The format is chosen by
 * file name (.txt, .html, .htm, .jsonl, .json, .warc, .rss, .atom, .xml,
 * and .gz of those; other names are sniffed). Fails with MARSAD_EIO (and fills err) when the path cannot be
 * opened.
 */
int marsad_reader_open(const char *path, marsad_reader **out,
		       marsad_read_error *err);

/*
 * Reads the next document.
 * Returns 1 and sets *doc (caller frees it) when one was read; 0 at the end
 * of all input; a negative MARSAD_E* code when a record or file was
 * malformed, with *doc NULL and err filled — call again to go on with the
 * rest. Records longer than MARSAD_RECORD_MAX bytes are rejected
 * (MARSAD_ETOOBIG) and skipped.
 */
int marsad_reader_next(marsad_reader *r, marsad_doc **doc,
		       marsad_read_error *err);

void marsad_reader_close(marsad_reader *r);

#define MARSAD_RECORD_MAX ((size_t)64 << 20) /* 64 MiB */

/* Reads one document from memory in the given format ("txt", "html",
 * "json"); path names it in errors and gives a text file its key. */
int marsad_read_memory(const char *format, const char *path, const char *s,
		       size_t len, marsad_doc **doc, marsad_read_error *err);

#ifdef __cplusplus
}
#endif

#endif
