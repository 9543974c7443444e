/*
 * cmd_ingest.c — `marsad [--db FILE] ingest [--json] [--batch N] PATH...`
 *
 * Every path goes through a reader (file, directory or "-"); each document
 * is shown to one cleaner (which learns the repeated lines of its outlet),
 * built into an article and stored. Articles are committed in batches of N
 * (default 500): a killed ingest loses at most the batch in progress, never
 * part of an article, and running it again completes it. Prints the numbers
 * of articles added, updated, unchanged and rejected; each rejected record
 * gets one stderr line "marsad: FILE:LINE: why". Exit 0 when any article
 * was read, 1 when none could be.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "marsad/article.h"
#include "marsad/clean.h"
#include "marsad/read.h"
#include "marsad/store.h"

#define BATCH_DEFAULT 500
/* A reader that reports this many errors in a row without a document is
 * taken to be stuck (an unreadable device) and its path is abandoned. */
#define ERRORS_IN_A_ROW_MAX 10000

struct counts {
	size_t added, updated, unchanged, rejected;
};

struct ingest {
	marsad_store *store;
	marsad_cleaner *cleaner;
	struct counts n;
	size_t batch, in_batch;
	int progress;       /* stderr is a terminal */
	time_t last_shown;
};

static void reject(struct ingest *g, const char *path, size_t record,
		   const char *why)
{
	g->n.rejected++;
	if (g->progress)
		fputs("\r\033[K", stderr);
	if (record)
		fprintf(stderr, "marsad: %s:%zu: %s\n", path, record, why);
	else
		fprintf(stderr, "marsad: %s: %s\n", path, why);
}

static void show_progress(struct ingest *g, int last)
{
	time_t now = time(NULL);
	if (!g->progress || (!last && now == g->last_shown))
		return;
	g->last_shown = now;
	fprintf(stderr, "\r\033[Kingest: %zu added, %zu updated, %zu unchanged, "
			"%zu rejected%s",
		g->n.added, g->n.updated, g->n.unchanged, g->n.rejected,
		last ? "\n" : "");
}

/* Stores one document; a negative return is a store failure that ends the
 * ingest (the records themselves are only rejected). */
static int ingest_doc(struct ingest *g, marsad_doc *doc)
{
	char where[1100];
	snprintf(where, sizeof where, "%s", doc->path ? doc->path : "-");
	size_t record = doc->record;
	int rc = marsad_cleaner_observe(g->cleaner, doc->outlet, doc->text,
					doc->text_len);
	if (rc < 0) {
		marsad_doc_free(doc);
		reject(g, where, record, marsad_strerror(rc));
		return 0;
	}
	marsad_article *a = NULL;
	rc = marsad_article_build(g->cleaner, doc, &a); /* takes doc */
	if (rc < 0) {
		reject(g, where, record, marsad_strerror(rc));
		return 0;
	}
	if (!a->doc->key || !*a->doc->key) {
		reject(g, where, record, "article has no key");
		marsad_article_free(a);
		return 0;
	}
	if ((!a->doc->title || !*a->doc->title) && a->doc->text_len == 0) {
		reject(g, where, record, "article has no title and no text");
		marsad_article_free(a);
		return 0;
	}
	if (g->in_batch == 0 && (rc = marsad_store_begin(g->store)) < 0) {
		marsad_article_free(a);
		return rc;
	}
	marsad_store_result res;
	rc = marsad_store_put(g->store, a, &res);
	marsad_article_free(a);
	if (rc == MARSAD_ETOOBIG || rc == MARSAD_EINVAL) {
		reject(g, where, record, marsad_strerror(rc));
		return 0;
	}
	if (rc < 0)
		return rc;
	if (res == MARSAD_STORE_ADDED)
		g->n.added++;
	else if (res == MARSAD_STORE_UPDATED)
		g->n.updated++;
	else
		g->n.unchanged++;
	if (++g->in_batch >= g->batch) {
		g->in_batch = 0;
		if ((rc = marsad_store_commit(g->store)) < 0)
			return rc;
	}
	show_progress(g, 0);
	return 0;
}

static int ingest_path(struct ingest *g, const char *path)
{
	marsad_reader *r = NULL;
	marsad_read_error err;
	memset(&err, 0, sizeof err);
	int rc = marsad_reader_open(path, &r, &err);
	if (rc < 0) {
		reject(g, err.path[0] ? err.path : path, err.record,
		       err.message[0] ? err.message : marsad_strerror(rc));
		return 0;
	}
	size_t errors_in_a_row = 0;
	for (;;) {
		marsad_doc *doc = NULL;
		memset(&err, 0, sizeof err);
		rc = marsad_reader_next(r, &doc, &err);
		if (rc == 0)
			break;
		if (rc < 0) {
			reject(g, err.path[0] ? err.path : path, err.record,
			       err.message[0] ? err.message
					      : marsad_strerror(rc));
			if (++errors_in_a_row >= ERRORS_IN_A_ROW_MAX)
				break;
			continue;
		}
		errors_in_a_row = 0;
		if (!doc)
			continue; /* nothing to store, nothing wrong */
		if ((rc = ingest_doc(g, doc)) < 0)
			break;
	}
	marsad_reader_close(r);
	return rc < 0 ? rc : 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: marsad [--db FILE] ingest [--json] "
			"[--batch N] PATH...\n");
}

int cmd_ingest(cli *c, int argc, char **argv)
{
	struct ingest g = {.batch = BATCH_DEFAULT,
			   .progress = isatty(STDERR_FILENO)};
	int first = 1;
	for (; first < argc; first++) {
		if (strcmp(argv[first], "--") == 0) {
			first++;
			break;
		}
		if (strcmp(argv[first], "--batch") == 0 && first + 1 < argc) {
			char *end;
			long v = strtol(argv[++first], &end, 10);
			if (*end || v < 1 || v > 1000000) {
				cli_error("--batch", "not a number from 1 to "
						     "1000000: %s", argv[first]);
				return EXIT_USAGE;
			}
			g.batch = (size_t)v;
		} else if (argv[first][0] == '-' && argv[first][1] == '-') {
			cli_error(argv[first], "unknown option");
			usage();
			return EXIT_USAGE;
		} else {
			break;
		}
	}
	if (first >= argc) {
		usage();
		return EXIT_USAGE;
	}
	int rc = marsad_store_open(c->db, &g.store);
	if (rc < 0) {
		cli_error(c->db, "cannot open the store: %s",
			  marsad_strerror(rc));
		return EXIT_FAIL;
	}
	if ((rc = marsad_cleaner_new(&g.cleaner)) < 0) {
		cli_error("ingest", "%s", marsad_strerror(rc));
		marsad_store_close(g.store);
		return EXIT_FAIL;
	}
	for (int i = first; i < argc && rc >= 0; i++)
		rc = ingest_path(&g, argv[i]);
	if (rc >= 0 && g.in_batch)
		rc = marsad_store_commit(g.store);
	show_progress(&g, 1);
	marsad_cleaner_free(g.cleaner);
	marsad_store_close(g.store); /* rolls back a batch left open */
	if (rc < 0) {
		cli_error(c->db, "cannot store articles: %s",
			  marsad_strerror(rc));
		return EXIT_FAIL;
	}
	int any = g.n.added + g.n.updated + g.n.unchanged > 0;
	if (c->json) {
		json_t *o = json_pack("{s:I, s:I, s:I, s:I}", "added",
				      (json_int_t)g.n.added, "updated",
				      (json_int_t)g.n.updated, "unchanged",
				      (json_int_t)g.n.unchanged, "rejected",
				      (json_int_t)g.n.rejected);
		if (!o || cli_print_json(o) != EXIT_OK)
			return EXIT_FAIL;
	} else {
		printf("%zu added, %zu updated, %zu unchanged, %zu rejected\n",
		       g.n.added, g.n.updated, g.n.unchanged, g.n.rejected);
	}
	if (!any) {
		cli_error("ingest", "no article could be read");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
