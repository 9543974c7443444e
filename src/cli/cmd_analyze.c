/*
 * cmd_analyze.c — `marsad analyze [--published YYYY-MM-DD] [--json] FILE|-`
 *
 * One article through the per-article stages, no database: prints what the
 * cleaner removed, the sentences, and (once extraction fills them) the
 * entities, dates and quotes. A file holding several articles (JSON Lines)
 * is analyzed for its first; standard input is sniffed as JSON, HTML or
 * plain text.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "marsad/article.h"

static int valid_date(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return 0;
	int m = atoi(s + 5), d = atoi(s + 8);
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static void report(const marsad_read_error *e)
{
	if (e->record)
		cli_error(e->path, "line %zu: %s", e->record, e->message);
	else
		cli_error(e->path, "%s", e->message);
}

/* Standard input: read it whole and sniff its format from the first
 * non-space byte. */
static int read_stdin(marsad_doc **doc, marsad_read_error *err)
{
	marsad_buf b = MARSAD_BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
		int rc = marsad_buf_append(&b, chunk, n);
		if (rc) {
			marsad_buf_clear(&b);
			snprintf(err->path, sizeof err->path, "-");
			snprintf(err->message, sizeof err->message, "%s",
				 marsad_strerror(rc));
			return rc;
		}
	}
	size_t i = 0;
	while (i < b.len && isspace((unsigned char)b.data[i]))
		i++;
	const char *format = "txt";
	if (i < b.len && b.data[i] == '{')
		format = "json";
	else if (i < b.len && b.data[i] == '<')
		format = "html";
	int rc = marsad_read_memory(format, "-", b.data ? b.data : "", b.len,
				    doc, err);
	marsad_buf_clear(&b);
	return rc;
}

static int read_first(const char *path, marsad_doc **doc,
		      marsad_read_error *err)
{
	marsad_reader *r;
	int rc = marsad_reader_open(path, &r, err);
	if (rc)
		return rc;
	/* The first article that reads; report the bad records before it. */
	while ((rc = marsad_reader_next(r, doc, err)) < 0)
		report(err);
	if (rc == 1) {
		marsad_doc *more;
		marsad_read_error e2;
		int n = marsad_reader_next(r, &more, &e2);
		if (n == 1) {
			cli_error(path, "holds more than one article; "
					"analyzed the first (%s)",
				  (*doc)->key);
			marsad_doc_free(more);
		}
	}
	marsad_reader_close(r);
	if (rc == 0) {
		snprintf(err->path, sizeof err->path, "%s", path);
		err->record = 0;
		snprintf(err->message, sizeof err->message,
			 "no article could be read");
		return MARSAD_EFORMAT;
	}
	return 0;
}

static void print_human(const marsad_article *a)
{
	const marsad_doc *d = a->doc;
	printf("key:       %s\n", d->key);
	printf("title:     %s\n", d->title);
	printf("published: %s\n", d->published ? d->published : "unknown");
	printf("language:  %s\n", d->lang ? d->lang : "unknown");
	if (d->outlet)
		printf("outlet:    %s\n", d->outlet);
	if (d->url)
		printf("url:       %s\n", d->url);
	printf("\nremoved (%zu):\n", d->n_removed);
	for (size_t i = 0; i < d->n_removed; i++)
		printf("  [%s] %s\n", d->removed[i].reason, d->removed[i].line);
	printf("\ndates (%zu):\n", a->n_dates);
	for (size_t i = 0; i < a->n_dates; i++) {
		const marsad_date *dt = &a->dates[i];
		printf("  %-10s %-5s %.*s\n", dt->value[0] ? dt->value : "-",
		       marsad_date_granularity_name(dt->granularity),
		       (int)(dt->end - dt->start), d->text + dt->start);
	}
	printf("\nsentences (%zu):\n", a->n_sentences);
	for (size_t i = 0; i < a->n_sentences; i++)
		printf("%4zu  %.*s\n", i + 1,
		       (int)(a->sentences[i].end - a->sentences[i].start),
		       d->text + a->sentences[i].start);
}

int cmd_analyze(cli *c, int argc, char **argv)
{
	const char *published = NULL, *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--published") == 0 && i + 1 < argc) {
			published = argv[++i];
			if (!valid_date(published)) {
				cli_error("--published", "'%s' is not YYYY-MM-DD",
					  published);
				return EXIT_USAGE;
			}
		} else if (!path && (argv[i][0] != '-' || !argv[i][1])) {
			path = argv[i];
		} else {
			cli_error("analyze", "unexpected argument '%s'", argv[i]);
			return EXIT_USAGE;
		}
	}
	if (!path) {
		cli_error("analyze", "name a file, or - for standard input");
		return EXIT_USAGE;
	}
	marsad_doc *doc = NULL;
	marsad_read_error err = {0};
	int rc = strcmp(path, "-") == 0 ? read_stdin(&doc, &err)
					: read_first(path, &doc, &err);
	if (rc) {
		report(&err);
		return EXIT_FAIL;
	}
	if (published) {
		free(doc->published);
		doc->published = strdup(published);
	}
	if (doc->bad_utf8)
		cli_error(path, "%zu invalid UTF-8 sequence(s) replaced by U+FFFD",
			  doc->bad_utf8);
	marsad_article *a;
	rc = marsad_article_build(NULL, doc, &a);
	if (rc) {
		cli_error(path, "%s", marsad_strerror(rc));
		return EXIT_FAIL;
	}
	if (c->json) {
		char *s;
		rc = marsad_article_json(a, &s, NULL);
		marsad_article_free(a);
		if (rc) {
			cli_error(path, "%s", marsad_strerror(rc));
			return EXIT_FAIL;
		}
		int ok = puts(s) != EOF && fflush(stdout) == 0;
		free(s);
		if (!ok) {
			cli_error("output", "cannot write to standard output");
			return EXIT_FAIL;
		}
		return EXIT_OK;
	}
	print_human(a);
	marsad_article_free(a);
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
}
