/*
 * cmd_search.c — `marsad [--db FILE] search [--json] [--limit N]
 *                [--outlet NAME] [--since DATE] [--until DATE] [--near DATE]
 *                QUERY...`
 *
 * The words after the options are one query (see store.h for its
 * language; "--" ends the options). JSON: [ { "key", "title", "score",
 * "snippet", "url", "outlet", "published" } ], best first, the matched words
 * marked [like this] in the snippet. The human form lists the same, with
 * the marks in bold on a terminal.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "marsad/store.h"

#define LIMIT_MAX 10000

static void usage(void)
{
	fprintf(stderr,
		"usage: marsad [--db FILE] search [--json] [--limit N] "
		"[--outlet NAME]\n"
		"              [--since YYYY-MM-DD] [--until YYYY-MM-DD] "
		"[--near YYYY-MM-DD] QUERY...\n");
}

json_t *cli_hits_json(const marsad_hit *h, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++) {
		json_t *o = json_pack(
			"{s:s, s:s, s:f, s:s, s:s?, s:s?, s:s?}", "key",
			h[i].key, "title", h[i].title, "score", h[i].score,
			"snippet", h[i].snippet, "url", h[i].url, "outlet",
			h[i].outlet, "published", h[i].published);
		if (!o || json_array_append_new(a, o) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static void print_hits(const marsad_hit *h, size_t n)
{
	if (n == 0) {
		printf("no article matches\n");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		printf("%zu. %s\n   %s", i + 1, *h[i].title ? h[i].title : "-",
		       h[i].key);
		if (h[i].outlet)
			printf("  %s", h[i].outlet);
		if (h[i].published)
			printf("  %s", h[i].published);
		printf("  score %.3f\n", h[i].score);
		if (*h[i].snippet)
			printf("   %s\n", h[i].snippet);
	}
}

int cmd_search(cli *c, int argc, char **argv)
{
	marsad_search_opts o = {.limit = 10};
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		const char **date = strcmp(a, "--since") == 0   ? &o.since
				    : strcmp(a, "--until") == 0 ? &o.until
				    : strcmp(a, "--near") == 0  ? &o.near
								: NULL;
		if ((date || strcmp(a, "--limit") == 0 ||
		     strcmp(a, "--outlet") == 0) &&
		    i + 1 >= argc) {
			cli_error(a, "needs a value");
			usage();
			return EXIT_USAGE;
		}
		if (date) {
			*date = argv[++i];
		} else if (strcmp(a, "--outlet") == 0) {
			o.outlet = argv[++i];
		} else if (strcmp(a, "--limit") == 0) {
			char *end;
			long v = strtol(argv[++i], &end, 10);
			if (*end || v < 1 || v > LIMIT_MAX) {
				cli_error("--limit",
					  "not a number from 1 to %d: %s",
					  LIMIT_MAX, argv[i]);
				return EXIT_USAGE;
			}
			o.limit = (size_t)v;
		} else {
			break; /* the query, even when it starts with '-' */
		}
	}
	if (i >= argc) {
		usage();
		return EXIT_USAGE;
	}
	marsad_buf q = MARSAD_BUF_INIT;
	for (int k = i; k < argc; k++) {
		if ((k > i && marsad_buf_putc(&q, ' ') < 0) ||
		    marsad_buf_append(&q, argv[k], strlen(argv[k])) < 0) {
			cli_error("search", "the query is too long");
			marsad_buf_clear(&q);
			return EXIT_USAGE;
		}
	}
	if (access(c->db, F_OK) != 0) {
		cli_error(c->db, "no such store (marsad ingest creates it)");
		marsad_buf_clear(&q);
		return EXIT_FAIL;
	}
	int bold = !c->json && isatty(STDOUT_FILENO);
	o.mark_open = bold ? "\033[1m" : "[";
	o.mark_close = bold ? "\033[0m" : "]";
	marsad_store *s;
	int rc = cli_open_store(c, &s);
	if (rc < 0) {
		marsad_buf_clear(&q);
		return EXIT_FAIL;
	}
	marsad_store_search_mode(s);
	marsad_hit *hits = NULL;
	size_t n = 0;
	rc = marsad_store_search(s, q.data ? q.data : "", q.len, &o, &hits,
				 &n);
	marsad_buf_clear(&q);
	int code = EXIT_OK;
	if (rc == MARSAD_EINVAL) {
		cli_error("search", "dates are written YYYY-MM-DD");
		code = EXIT_USAGE;
	} else if (rc < 0) {
		cli_error("search", "%s", marsad_strerror(rc));
		code = EXIT_FAIL;
	} else if (c->json) {
		json_t *a = cli_hits_json(hits, n);
		code = a ? cli_print_json(a) : EXIT_FAIL;
	} else {
		print_hits(hits, n);
	}
	marsad_hits_free(hits, n);
	marsad_store_close(s);
	return code;
}
