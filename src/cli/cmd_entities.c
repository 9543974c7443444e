/*
 * cmd_entities.c — `marsad [--db FILE] entities [--json] [--type PER|LOC|ORG]
 *                  [--min-mentions N] [--limit N] [--spelled TEXT]`
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
 * --spelled keeps the entities with a spelling that holds TEXT, both
 * normalized (hamza, ta marbuta, diacritics aside): the entity search of
 * `marsad serve` too.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "marsad/entity.h"
#include "marsad/extract.h"
#include "marsad/store.h"
#include "marsad/text.h"

int cli_entity_index(sqlite3 *db, marsad_entity_index **out)
{
	sqlite3_stmt *st;
	*out = marsad_entity_index_new();
	if (!*out)
		return MARSAD_ENOMEM;
	if (sqlite3_prepare_v2(db,
			"SELECT a.key, CAST(substr(CAST(a.text AS BLOB),"
			" m.start + 1, m.end - m.start) AS TEXT), m.type"
			" FROM mentions m "
			"JOIN articles a ON a.id = m.article_id "
			"ORDER BY m.article_id, m.start",
			-1, &st, NULL) != SQLITE_OK) {
		marsad_entity_index_free(*out);
		*out = NULL;
		return MARSAD_EDB;
	}
	int rc = cli_index_mentions(st, *out, NULL, NULL);
	sqlite3_finalize(st);
	if (rc) {
		marsad_entity_index_free(*out);
		*out = NULL;
	}
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

/* Whether entity e has a spelling whose normalized form holds needle (a
 * normalized, non-empty string); norm is scratch. */
static int spelled_with(const marsad_entity *e, const char *needle,
			marsad_buf *norm)
{
	for (size_t i = 0; i < e->n_variants; i++) {
		marsad_buf_reset(norm);
		if (marsad_normalize(e->variants[i], strlen(e->variants[i]),
				     norm) == 0 &&
		    norm->data && strstr(norm->data, needle))
			return 1;
	}
	return 0;
}

json_t *cli_entities_json(marsad_entity_index *ix, const cli_entity_filter *f)
{
	marsad_buf needle = MARSAD_BUF_INIT, norm = MARSAD_BUF_INIT;
	if (f->spelled && *f->spelled &&
	    marsad_normalize(f->spelled, strlen(f->spelled), &needle) != 0)
		return NULL;
	size_t n = marsad_entity_index_count(ix), kept = 0;
	row *rows = malloc((n ? n : 1) * sizeof *rows);
	for (size_t id = 0; rows && id < n; id++) {
		marsad_entity e; /* the Latin spellings only of those shown */
		if (marsad_entity_index_get_arabic(ix, id, &e) == 0 &&
		    e.mentions >= f->min_mentions &&
		    (!f->type || e.type == f->type) &&
		    (!needle.len || spelled_with(&e, needle.data, &norm)))
			rows[kept++] = (row){id, e.mentions};
	}
	marsad_buf_clear(&needle);
	marsad_buf_clear(&norm);
	if (!rows)
		return NULL;
	qsort(rows, kept, sizeof *rows, by_mentions);
	if (f->limit && kept > f->limit)
		kept = f->limit;
	json_t *out = json_array();
	for (size_t i = 0; out && i < kept; i++) {
		marsad_entity e;
		if (marsad_entity_index_get(ix, rows[i].id, &e) != 0)
			continue;
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
	free(rows);
	return out;
}

static void print_entity(const json_t *e)
{
	const json_t *variants = json_object_get(e, "variants");
	const char *latin = json_string_value(json_object_get(e, "latin"));
	printf("%-4s %6lld  %s", json_string_value(json_object_get(e, "type")),
	       (long long)json_integer_value(json_object_get(e, "mentions")),
	       json_string_value(json_object_get(e, "canonical")));
	if (latin && *latin)
		printf("  (%s)", latin);
	printf("\n");
	if (json_array_size(variants) > 1) {
		printf("            spellings:");
		size_t i;
		json_t *v;
		json_array_foreach(variants, i, v)
			printf("%s %s", i ? "," : "", json_string_value(v));
		printf("\n");
	}
	printf("            articles: %zu\n",
	       json_array_size(json_object_get(e, "keys")));
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
	cli_entity_filter f = {.min_mentions = 1};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (i + 1 < argc && strcmp(a, "--type") == 0) {
			f.type = (int)marsad_entity_type_of(argv[++i]);
			if (!f.type) {
				cli_error("--type", "'%s' is not PER, LOC or ORG",
					  argv[i]);
				return EXIT_USAGE;
			}
		} else if (i + 1 < argc && strcmp(a, "--min-mentions") == 0) {
			if (parse_count(a, argv[++i], &f.min_mentions))
				return EXIT_USAGE;
		} else if (i + 1 < argc && strcmp(a, "--limit") == 0) {
			if (parse_count(a, argv[++i], &f.limit))
				return EXIT_USAGE;
		} else if (i + 1 < argc && strcmp(a, "--spelled") == 0) {
			f.spelled = argv[++i];
		} else {
			cli_error("entities", "unexpected argument '%s'", a);
			return EXIT_USAGE;
		}
	}
	marsad_store *s;
	int rc = cli_open_store(c, &s);
	if (rc < 0)
		return EXIT_FAIL;
	marsad_entity_index *ix;
	rc = cli_entity_index(marsad_store_db(s), &ix);
	json_t *out = rc ? NULL : cli_entities_json(ix, &f);
	if (rc || !out)
		cli_error(c->db, "%s", rc == MARSAD_EDB
				       ? sqlite3_errmsg(marsad_store_db(s))
				       : marsad_strerror(rc ? rc : MARSAD_ENOMEM));
	marsad_entity_index_free(ix);
	marsad_store_close(s);
	return out ? cli_print_list(c, out, print_entity) : EXIT_FAIL;
}
