/*
 * txt.c — a plain-text article, the shape of the seed articles: the first
 * non-empty line is the title, the rest is the body. A UTF-8 byte order
 * mark is dropped, invalid UTF-8 shown as U+FFFD and counted, line ends
 * normalized (read_text_lines). The key is the file name without its
 * extension.
 */
#include <stdlib.h>
#include <string.h>

#include "marsad/text.h"
#include "read_int.h"

int read_txt(const char *path, const char *s, size_t len, marsad_doc **out,
	     marsad_read_error *err)
{
	*out = NULL;
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		len -= 3;
	}
	marsad_buf fixed = MARSAD_BUF_INIT, lines = MARSAD_BUF_INIT;
	size_t bad = 0;
	int rc = marsad_utf8_repair(s, len, &fixed, &bad);
	if (!rc)
		rc = read_text_lines(fixed.data ? fixed.data : "", fixed.len,
				     &lines);
	marsad_buf_clear(&fixed);
	if (rc) {
		marsad_buf_clear(&lines);
		return rc;
	}
	if (lines.len == 0) {
		marsad_buf_clear(&lines);
		read_error(err, path, 0, 0, "empty file");
		return MARSAD_EFORMAT;
	}
	marsad_doc *doc = calloc(1, sizeof *doc);
	if (!doc) {
		marsad_buf_clear(&lines);
		return MARSAD_ENOMEM;
	}
	/* read_text_lines left no blank line first: line one is the title,
	 * and the body starts after the blank lines that follow it. */
	size_t tlen = strcspn(lines.data, "\n");
	size_t body = tlen;
	while (body < lines.len && lines.data[body] == '\n')
		body++;
	doc->title = malloc(tlen + 1);
	if (doc->title) {
		memcpy(doc->title, lines.data, tlen);
		doc->title[tlen] = 0;
	}
	doc->text_len = lines.len - body;
	memmove(lines.data, lines.data + body, doc->text_len);
	lines.len = doc->text_len;
	lines.data[lines.len] = 0;
	doc->text = marsad_buf_steal(&lines, NULL);
	doc->key = read_file_key(path);
	doc->bad_utf8 = bad;
	if (!doc->title || !doc->key) {
		marsad_doc_free(doc);
		return MARSAD_ENOMEM;
	}
	rc = read_doc_finish(doc, path);
	if (!rc)
		*out = doc;
	return rc;
}
