/*
 * cli.h — what the `marsad` command's verbs share. Each verb is one file
 * (cmd_VERB.c) with one entry point; main.c parses the global options and
 * dispatches. Verbs print results on stdout and errors on stderr as one
 * line "marsad: <what>: <why>" (cli_error); they return the exit code.
 */
#ifndef MARSAD_CLI_H
#define MARSAD_CLI_H

#include <jansson.h>
#include <stdio.h>

/* Exit codes, as docs/marsad.1 documents them. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,  /* nothing could be done: no input read, db error... */
	EXIT_USAGE = 2  /* the command line is wrong */
};

typedef struct cli {
	const char *db; /* --db FILE, default "marsad.db" */
	int json;       /* --json given (before or after the verb) */
} cli;

/* Prints "marsad: <what>: <why>\n" on stderr. */
void cli_error(const char *what, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Writes a JSON document to stdout (UTF-8, not escaped) with a newline,
 * and releases it. Returns EXIT_OK, or EXIT_FAIL when stdout fails. */
int cli_print_json(json_t *doc);

/* Prints a list: the JSON array with --json, else print_item() on each
 * element; releases it. Returns EXIT_OK, or EXIT_FAIL when stdout fails. */
int cli_print_list(const cli *c, json_t *list,
		   void (*print_item)(const json_t *item));

/* Removes "--json" from argv wherever it is and records it in c->json;
 * returns the new argc. */
int cli_take_json(cli *c, int argc, char **argv);

/* The path of rel inside the shared evaluation data: $MARSAD_SHARED/rel,
 * MARSAD_SHARED defaulting to ../shared. Writes into buf, returns buf. */
const char *cli_shared_path(char *buf, size_t cap, const char *rel);

/* A column's text (sqlite3_column_text) as a JSON string, NULL as null. */
json_t *cli_json_text(const unsigned char *s);

struct marsad_entity_index;
struct sqlite3_stmt;
/* Called with a mention's tag and its entity id; non-zero stops. */
typedef int (*cli_mention_fn)(void *arg, long long tag, size_t entity);
/*
 * Feeds the stored mentions statement st selects to ix (mentions.c). Its
 * columns: the article key, the mention's text, its type name, and
 * optionally an integer tag handed to fn with the mention's entity id (fn
 * may be NULL). The rows come article by article, an article's mentions in
 * text order, as ingest stored them: the same rows always give the same
 * entities. Steps st to its end; returns 0, MARSAD_EDB or MARSAD_ENOMEM.
 */
int cli_index_mentions(struct sqlite3_stmt *st, struct marsad_entity_index *ix,
		       cli_mention_fn fn, void *arg);

struct sqlite3;
/* The entity index of every stored mention (cmd_entities.c): 0, or
 * MARSAD_EDB or MARSAD_ENOMEM with *out NULL. */
int cli_entity_index(struct sqlite3 *db, struct marsad_entity_index **out);

/* Which entities cli_entities_json() lists. */
typedef struct cli_entity_filter {
	int type;            /* marsad_entity_type, 0 for any */
	size_t min_mentions; /* at least so many mentions */
	size_t limit;        /* at most so many, 0 for all */
	const char *spelled; /* a spelling holds it (normalized), or NULL */
} cli_entity_filter;

/* The entities of ix that f keeps, most mentioned first, as the contract's
 * objects (see `marsad entities`); NULL when memory runs out. */
json_t *cli_entities_json(struct marsad_entity_index *ix,
			  const cli_entity_filter *f);

/* A story's "id", "headline", "topic", "first" and "last", from the
 * columns 0 to 4 of st's row (the stories table's id, headline, topic_id,
 * first, last). */
json_t *cli_story_head(struct sqlite3_stmt *st);

/* One story as its contract object (see `marsad stories`, cmd_stories.c);
 * NULL when it does not exist or on a database error (*rc, an SQLite
 * code, tells which). */
json_t *cli_story_json(struct sqlite3 *db, long long id, int *rc);

struct marsad_store;
/* Topic id of store s as `marsad topic --json` gives it (cmd_topics.c),
 * its summary made from its stories' stored ones, in *out; *out NULL when
 * there is no such topic. Returns 0 or the error (MARSAD_EDB: see
 * sqlite3_errmsg()). */
int cli_topic_json(struct marsad_store *s, long long id, json_t **out);

struct marsad_hit;
/* Search hits as the contract's objects (cmd_search.c); NULL when memory
 * runs out. */
json_t *cli_hits_json(const struct marsad_hit *h, size_t n);

struct marsad_store;
struct marsad_link_opts;

/* Opens the store of --db; on failure prints "marsad: DB: cannot open the
 * store: <why>" and returns the negative error. */
int cli_open_store(const cli *c, struct marsad_store **out);
/* Links every stored article into stories, copies and topics again from
 * the stored texts and summarizes the stories whose articles changed
 * (cmd_stories.c); prints the error and returns it on failure. */
int cli_relink(struct marsad_store *s);

/* The pipeline of `marsad ingest` (cmd_ingest.c), for the verbs that must
 * see what ingest does (eval stories). */
typedef struct cli_ingest_opts {
	int jobs;          /* builder threads */
	size_t batch;      /* articles per transaction */
	int link;          /* link the new articles as they are stored */
	int summarize;     /* with link: prepare their words for summaries
			      and summarize the stories that changed */
	const struct marsad_link_opts *link_opts; /* NULL: defaults */
	int progress;      /* show progress on stderr */
} cli_ingest_opts;

typedef struct cli_ingest_counts {
	size_t added, updated, unchanged, rejected;
} cli_ingest_counts;

void cli_ingest_opts_init(cli_ingest_opts *o);
/* Reads, cleans, builds and stores paths into s and, with o->link, links
 * the new articles and saves the links, and with o->summarize the
 * summaries. Prints each reject and any failure on stderr; returns 0 or
 * the failure. */
int cli_ingest(struct marsad_store *s, char **paths, int n_paths,
	       const cli_ingest_opts *o, cli_ingest_counts *n);

/* The verbs: argv[0] is the verb's name. */
int cmd_analyze(cli *c, int argc, char **argv);
int cmd_tokens(cli *c, int argc, char **argv);
int cmd_eval(cli *c, int argc, char **argv);
int cmd_ingest(cli *c, int argc, char **argv);
int cmd_search(cli *c, int argc, char **argv);
int cmd_entities(cli *c, int argc, char **argv);
int cmd_stories(cli *c, int argc, char **argv);
int cmd_story(cli *c, int argc, char **argv);
int cmd_copies(cli *c, int argc, char **argv);
int cmd_topics(cli *c, int argc, char **argv);
int cmd_topic(cli *c, int argc, char **argv);
int cmd_serve(cli *c, int argc, char **argv);

/* `marsad eval` subcommands, each in eval_NAME.c. */
int eval_stem(cli *c, int argc, char **argv);
int eval_dates(cli *c, int argc, char **argv);
int eval_ner(cli *c, int argc, char **argv);
int eval_names(cli *c, int argc, char **argv);
int eval_search(cli *c, int argc, char **argv);
int eval_stories(cli *c, int argc, char **argv);
int eval_similarity(cli *c, int argc, char **argv);
int eval_summary(cli *c, int argc, char **argv);

#endif
