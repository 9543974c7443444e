/*
 * cmd_tokens.c — `marsad tokens [--no-stem] FILE|-`: each input line
 * becomes one output line of its index terms (stems, or normalized words
 * with --no-stem), stopwords dropped, separated by single spaces.
 *
 * Lines of any length are read with getline(); terms go through one output
 * buffer written in large blocks. A line with invalid UTF-8 is still
 * analyzed (the bad bytes show as U+FFFD in their term) and gets one stderr
 * line "marsad: FILE:LINE: invalid UTF-8 at byte N", N counting from 1
 * within the line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "marsad/text.h"

typedef struct sink {
	FILE *f;
	int failed;
	size_t n;
	int first;       /* no term written on this line yet */
	size_t bad;      /* 1 + offset of the line's first invalid byte, or 0 */
	const char *line;
	char buf[1 << 16];
} sink;

static void flush(sink *o)
{
	if (o->n && fwrite(o->buf, 1, o->n, o->f) != o->n)
		o->failed = 1;
	o->n = 0;
}

static void put(sink *o, const char *p, size_t n)
{
	if (o->n + n > sizeof o->buf)
		flush(o);
	memcpy(o->buf + o->n, p, n); /* n <= MARSAD_TOKEN_MAX + 1 */
	o->n += n;
}

static int term(void *ctx, const marsad_token *t)
{
	sink *o = ctx;
	if ((t->flags & MARSAD_TOKEN_BADUTF8) && !o->bad) {
		size_t at;
		marsad_utf8_check(o->line + t->start, t->end - t->start, &at);
		o->bad = t->start + at + 1;
	}
	/* One room check per term: the separator and the term together
	 * (at most MARSAD_TOKEN_MAX + 1 bytes). */
	if (o->n + t->stem_len + 1 > sizeof o->buf)
		flush(o);
	char *p = o->buf + o->n;
	if (!o->first)
		*p++ = ' ';
	o->first = 0;
	memcpy(p, t->stem, t->stem_len);
	o->n = (size_t)(p + t->stem_len - o->buf);
	return 0;
}

int cmd_tokens(cli *c, int argc, char **argv)
{
	unsigned flags = 0;
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--no-stem") == 0) {
			flags |= MARSAD_ANALYZE_NO_STEM;
		} else if (!path && (argv[i][0] != '-' || !argv[i][1])) {
			path = argv[i];
		} else {
			cli_error("tokens", "usage: marsad tokens [--no-stem] FILE|-");
			return EXIT_USAGE;
		}
	}
	if (!path) {
		cli_error("tokens", "usage: marsad tokens [--no-stem] FILE|-");
		return EXIT_USAGE;
	}
	int is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "stdin" : path;
	FILE *in = is_stdin ? stdin : fopen(path, "rb");
	if (!in) {
		cli_error(path, "%s", strerror(errno));
		return EXIT_FAIL;
	}
	sink *o = malloc(sizeof *o);
	if (!o) {
		cli_error("tokens", "out of memory");
		if (!is_stdin)
			fclose(in);
		return EXIT_FAIL;
	}
	o->f = stdout;
	o->failed = 0;
	o->n = 0;

	char *line = NULL;
	size_t cap = 0, line_no = 0;
	ssize_t got;
	int rc = EXIT_OK;
	while ((got = getline(&line, &cap, in)) >= 0) {
		size_t len = (size_t)got;
		line_no++;
		if (len && line[len - 1] == '\n')
			len--;
		if (len && line[len - 1] == '\r')
			len--;
		o->first = 1;
		o->bad = 0;
		o->line = line;
		int err = marsad_analyze(line, len, flags, term, o);
		put(o, "\n", 1);
		if (o->bad) {
			flush(o); /* keep stdout and stderr in line order */
			fprintf(stderr, "marsad: %s:%zu: invalid UTF-8 at byte %zu\n",
				name, line_no, o->bad);
		}
		if (err) {
			cli_error(name, "line %zu: %s", line_no,
				  marsad_strerror(err));
			rc = EXIT_FAIL;
			break;
		}
		if (o->failed)
			break;
	}
	if (ferror(in)) {
		cli_error(name, "%s", strerror(errno));
		rc = EXIT_FAIL;
	}
	flush(o);
	if (o->failed || fflush(stdout) != 0) {
		cli_error("output", "cannot write to standard output");
		rc = EXIT_FAIL;
	}
	free(o);
	free(line);
	if (!is_stdin)
		fclose(in);
	return rc;
}
