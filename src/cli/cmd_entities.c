/*
 * cmd_entities.c — `marsad [--db FILE] entities [--json] [--type PER|LOC|ORG]
 *                  [--min-mentions N] [--limit N]`
 *
 * The canonical entities across the whole database, each with every
 * spelling it was written in, the articles that name it and its mention
 * count. The stored mentions are fed, article by article in ingest order,
 * to one entity index (entity.h), which joins the spellings of a name
 * (بريتني جرينر / غراينير / غرينر), a bare family name to its full name,
 * and keeps apart people who only share a given name. The same mentions in
 * the same order always give the same entities and ids.
 *
 * JSON: [ { "id", "type", "canonical", "latin", "variants": [surface...],
 *           "keys": [key...], "mentions" } ], most mentioned first.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "marsad/entity.h"
#include "marsad/extract.h"
#include "marsad/store.h"

/* Builds the index from every stored mention (a mention's text is its
 * byte span of the article). */
static int build_index(sqlite3 *db, marsad_entity_index *ix)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db,
			"SELECT a.key, CAST(substr(CAST(a.text AS BLOB),"
			" m.start + 1, m.end - m.start) AS TEXT), m.type"
			" FROM mentions m "
			"JOIN articles a ON a.id = m.article_id "
			"ORDER BY m.article_id, m.start",
			-1, &st, NULL) != SQLITE_OK)
		return MARSAD_EDB;
	int rc = cli_index_mentions(st, ix, NULL, NULL);
	sqlite3_finalize(st);
	return rc;
}

typedef struct row {
	size_t id;
	size_t mentions;
} row;

static int by_mentions(const void *x, const void *y)
{
	const row *a = x, *b = y;
	if (a->mentions != b->mentions)
		return a->mentions < b->mentions ? 1 : -1;
	return a->id < b->id ? -1 : a->id > b->id;
}

static json_t *strings(const char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static void print_entity(const marsad_entity *e)
{
	printf("%-4s %6zu  %s", marsad_entity_type_name(e->type),
	       e->mentions, e->canonical);
	if (e->latin && *e->latin)
		printf("  (%s)", e->latin);
	printf("\n");
	if (e->n_variants > 1) {
		printf("            spellings:");
		for (size_t i = 0; i < e->n_variants; i++)
			printf("%s %s", i ? "," : "", e->variants[i]);
		printf("\n");
	}
	printf("            articles: %zu\n", e->n_keys);
}

static int parse_count(const char *opt, const char *s, size_t *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (!*s || *end || s[0] == '-') {
		cli_error(opt, "'%s' is not a count", s);
		return -1;
	}
	*out = (size_t)v;
	return 0;
}

int cmd_entities(cli *c, int argc, char **argv)
{
	int want_type = 0;
	size_t min_mentions = 1, limit = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (i + 1 < argc && strcmp(a, "--type") == 0) {
			want_type = (int)marsad_entity_type_of(argv[++i]);
			if (!want_type) {
				cli_error("--type", "'%s' is not PER, LOC or ORG",
					  argv[i]);
				return EXIT_USAGE;
			}
		} else if (i + 1 < argc && strcmp(a, "--min-mentions") == 0) {
			if (parse_count(a, argv[++i], &min_mentions))
				return EXIT_USAGE;
		} else if (i + 1 < argc && strcmp(a, "--limit") == 0) {
			if (parse_count(a, argv[++i], &limit))
				return EXIT_USAGE;
		} else {
			cli_error("entities", "unexpected argument '%s'", a);
			return EXIT_USAGE;
		}
	}
	marsad_store *s;
	int rc = cli_open_store(c, &s);
	if (rc < 0)
		return EXIT_FAIL;
	marsad_entity_index *ix = marsad_entity_index_new();
	rc = ix ? build_index(marsad_store_db(s), ix) : MARSAD_ENOMEM;
	if (rc) {
		cli_error(c->db, "%s", rc == MARSAD_EDB
				       ? sqlite3_errmsg(marsad_store_db(s))
				       : marsad_strerror(rc));
		marsad_entity_index_free(ix);
		marsad_store_close(s);
		return EXIT_FAIL;
	}
	size_t n = marsad_entity_index_count(ix), kept = 0;
	row *rows = malloc((n ? n : 1) * sizeof *rows);
	for (size_t id = 0; rows && id < n; id++) {
		marsad_entity e; /* the Latin spellings only of those shown */
		if (marsad_entity_index_get_arabic(ix, id, &e) == 0 &&
		    e.mentions >= min_mentions &&
		    (!want_type || e.type == want_type))
			rows[kept++] = (row){id, e.mentions};
	}
	if (rows)
		qsort(rows, kept, sizeof *rows, by_mentions);
	if (limit && kept > limit)
		kept = limit;
	json_t *out = c->json ? json_array() : NULL;
	for (size_t i = 0; rows && i < kept; i++) {
		marsad_entity e;
		if (marsad_entity_index_get(ix, rows[i].id, &e) != 0)
			continue;
		if (!out) {
			print_entity(&e);
			continue;
		}
		json_array_append_new(out, json_pack(
			"{s:I, s:s, s:s, s:s, s:o, s:o, s:I}",
			"id", (json_int_t)e.id,
			"type", marsad_entity_type_name(e.type),
			"canonical", e.canonical,
			"latin", e.latin ? e.latin : "",
			"variants", strings(e.variants, e.n_variants),
			"keys", strings(e.keys, e.n_keys),
			"mentions", (json_int_t)e.mentions));
	}
	int status = rows ? EXIT_OK : EXIT_FAIL;
	if (!rows)
		cli_error("entities", "%s", marsad_strerror(MARSAD_ENOMEM));
	free(rows);
	marsad_entity_index_free(ix);
	marsad_store_close(s);
	if (out)
		return status == EXIT_OK ? cli_print_json(out)
					 : (json_decref(out), status);
	return fflush(stdout) == 0 ? status : EXIT_FAIL;
}
