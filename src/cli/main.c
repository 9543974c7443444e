/*
 * main.c — the `marsad` command: global options, then one verb.
 *
 *   marsad [--db FILE] VERB [ARGS...]
 *
 * Every verb is a thin front end over the library (include/marsad/); see
 * docs/marsad.1 for the verbs, their output and the exit codes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "marsad/marsad.h"
#include "marsad/store.h"

void cli_error(const char *what, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "marsad: %s: ", what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_print_json(json_t *doc)
{
	int rc = json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (rc != 0 || fputc('\n', stdout) == EOF || fflush(stdout) != 0) {
		cli_error("output", "cannot write to standard output");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

const char *cli_shared_path(char *buf, size_t cap, const char *rel)
{
	const char *root = getenv("MARSAD_SHARED");
	snprintf(buf, cap, "%s/%s", root && *root ? root : "../shared", rel);
	return buf;
}

json_t *cli_json_text(const unsigned char *s)
{
	return s ? json_string((const char *)s) : json_null();
}

int cli_open_store(const cli *c, marsad_store **out)
{
	int rc = marsad_store_open(c->db, out);
	if (rc < 0)
		cli_error(c->db, "cannot open the store: %s",
			  marsad_strerror(rc));
	return rc;
}

int cli_print_list(const cli *c, json_t *list,
		   void (*print_item)(const json_t *item))
{
	if (c->json)
		return cli_print_json(list);
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item)
		print_item(item);
	json_decref(list);
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
}

int cli_take_json(cli *c, int argc, char **argv)
{
	int out = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[out++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--json") == 0)
			c->json = 1;
		else
			argv[out++] = argv[i];
	}
	argv[out] = NULL;
	return out;
}

static const struct verb {
	const char *name;
	int (*run)(cli *c, int argc, char **argv);
	const char *usage;
} verbs[] = {
	{"analyze", cmd_analyze, "analyze [--published YYYY-MM-DD] [--json] FILE|-"},
	{"tokens", cmd_tokens, "tokens [--no-stem] FILE|-"},
	{"ingest", cmd_ingest, "ingest [--json] [--batch N] [--jobs N] [--no-link] PATH..."},
	{"search", cmd_search, "search [--json] [--limit N] [--outlet NAME] [--since DATE] [--until DATE] [--near DATE] QUERY"},
	{"stories", cmd_stories, "stories [--json] [--relink]"},
	{"story", cmd_story, "story ID [--why] [--json]"},
	{"copies", cmd_copies, "copies [--json]"},
	{"topics", cmd_topics, "topics [--json]"},
	{"topic", cmd_topic, "topic ID [--json]"},
	{"serve", cmd_serve, "serve [--port N] [--host ADDR]"},
	{"entities", cmd_entities, "entities [--json] [--type PER|LOC|ORG] [--min-mentions N] [--limit N] [--spelled TEXT]"},
	{"eval", cmd_eval, "eval stem|ner|names|dates|search|stories|similarity|summary [--json] ..."},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: marsad [--db FILE] VERB [ARGS...]\n\nverbs:\n");
	for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
		fprintf(f, "  marsad %s\n", verbs[i].usage);
	fprintf(f, "\nmarsad --version\n");
}

int main(int argc, char **argv)
{
	cli c = {.db = "marsad.db"};
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			c.db = argv[++i];
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			c.db = argv[i] + 5;
		} else if (strcmp(argv[i], "--json") == 0) {
			c.json = 1;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("marsad %s\n", MARSAD_VERSION);
			return EXIT_OK;
		} else if (strcmp(argv[i], "--help") == 0 ||
			   strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		} else {
			cli_error(argv[i], "unknown option");
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (size_t k = 0; k < sizeof verbs / sizeof *verbs; k++) {
		if (strcmp(argv[i], verbs[k].name) == 0) {
			int n = cli_take_json(&c, argc - i, argv + i);
			return verbs[k].run(&c, n, argv + i);
		}
	}
	cli_error(argv[i], "unknown command (try marsad --help)");
	return EXIT_USAGE;
}
