/*
 * cmd_stories.c — `marsad [--db FILE] stories [--json] [--relink]` and
 * `marsad [--db FILE] story ID [--why] [--json]`.
 *
 * stories lists the stories the store holds (see the contract):
 *   [ { "id", "headline", "topic", "first", "last", "articles": [key...],
 *       "summary": [ {"text", "keys"} ], "timeline": [ {"date", "text",
 *       "key"} ], "cast": [...], "quotes": [...] } ]
 * articles oldest first; summary, timeline, cast and quotes as the
 * summarizer wrote them (summary.h). --relink first rebuilds the linking
 * of every stored article from its stored text (marsad_link_rebuild, then
 * marsad_link_save: the repair path; ingest links as it stores): stories,
 * topics and copies, keeping the ids of stories that stay together, and
 * summarizes the stories whose articles changed.
 *
 * story prints one story in the same form (as text: its headline, summary
 * with sources, timeline, cast and quotes, its articles), with its links
 * to the other stories of its topic ("topic_links": [ {"a", "b",
 * "similarity", "reason", "story", "headline", "entities", "passages"} ],
 * see story_links()); --why adds, for
 * each article but the headline's, why it is linked to the headline
 * article ("why": [ ...marsad_linker_why objects ]) from the linker read
 * back from the store (marsad_link_load).
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "marsad/entity.h"
#include "marsad/extract.h"
#include "marsad/link.h"
#include "marsad/store.h"
#include "marsad/summary.h"

/* The stored summary object (summary.h: marsad_summary_json), or an empty
 * object when the story has none yet. */
static json_t *summary_of(const unsigned char *s)
{
	json_t *o = s ? json_loads((const char *)s, 0, NULL) : NULL;
	if (!json_is_object(o)) {
		json_decref(o);
		o = json_object();
	}
	return o;
}

/* member `name` of o as a new reference, [] when missing */
static json_t *array_of(json_t *o, const char *name)
{
	json_t *a = json_object_get(o, name);
	return json_is_array(a) ? json_incref(a) : json_array();
}

json_t *cli_story_head(sqlite3_stmt *st)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o}",
		"id", (json_int_t)sqlite3_column_int64(st, 0),
		"headline", cli_json_text(sqlite3_column_text(st, 1)),
		"topic", sqlite3_column_type(st, 2) == SQLITE_NULL
			 ? json_null()
			 : json_integer(sqlite3_column_int64(st, 2)),
		"first", cli_json_text(sqlite3_column_text(st, 3)),
		"last", cli_json_text(sqlite3_column_text(st, 4)));
}

json_t *cli_story_json(sqlite3 *db, long long id, int *rc)
{
	sqlite3_stmt *st = NULL, *m = NULL, *t = NULL;
	json_t *o = NULL;
	*rc = sqlite3_prepare_v2(db,
		"SELECT id, headline, topic_id, first, last, t.summary"
		" FROM stories s LEFT JOIN story_summaries t ON t.story_id = s.id"
		" WHERE id = ?1", -1, &st, NULL);
	if (*rc == SQLITE_OK)
		*rc = sqlite3_prepare_v2(db,
			"SELECT a.key FROM story_articles s JOIN articles a"
			" ON a.id = s.article_id WHERE s.story_id = ?1"
			" ORDER BY a.published IS NULL, a.published, a.id",
			-1, &m, NULL);
	if (*rc == SQLITE_OK)
		*rc = sqlite3_prepare_v2(db,
			"SELECT t.date, t.text, a.key FROM timeline t"
			" LEFT JOIN articles a ON a.id = t.article_id"
			" WHERE t.story_id = ?1 ORDER BY t.date, t.rowid",
			-1, &t, NULL);
	if (*rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		int r = sqlite3_step(st);
		if (r == SQLITE_ROW) {
			json_t *keys = json_array(), *tl = json_array();
			sqlite3_bind_int64(m, 1, id);
			while (sqlite3_step(m) == SQLITE_ROW)
				json_array_append_new(keys,
					json_string((const char *)
						    sqlite3_column_text(m, 0)));
			sqlite3_bind_int64(t, 1, id);
			while (sqlite3_step(t) == SQLITE_ROW)
				json_array_append_new(tl, json_pack("{s:o, s:o, s:o}",
					"date", cli_json_text(sqlite3_column_text(t, 0)),
					"text", cli_json_text(sqlite3_column_text(t, 1)),
					"key", cli_json_text(sqlite3_column_text(t, 2))));
			json_t *sum = summary_of(sqlite3_column_text(st, 5));
			o = cli_story_head(st);
			json_object_set_new(o, "articles", keys);
			json_object_set_new(o, "summary",
					    array_of(sum, "summary"));
			json_object_set_new(o, "timeline", tl);
			json_object_set_new(o, "cast", array_of(sum, "cast"));
			json_object_set_new(o, "quotes",
					    array_of(sum, "quotes"));
			json_decref(sum);
		} else if (r != SQLITE_DONE) {
			*rc = r;
		}
	}
	sqlite3_finalize(st);
	sqlite3_finalize(m);
	sqlite3_finalize(t);
	return o;
}

static void print_story(const json_t *s)
{
	const json_t *arts = json_object_get(s, "articles");
	const char *first = json_string_value(json_object_get(s, "first"));
	const char *last = json_string_value(json_object_get(s, "last"));
	printf("%lld\t%.10s..%.10s\t%zu\t%s\n",
	       (long long)json_integer_value(json_object_get(s, "id")),
	       first ? first : "?", last ? last : "?", json_array_size(arts),
	       json_string_value(json_object_get(s, "headline"))
		       ? json_string_value(json_object_get(s, "headline"))
		       : "");
}

int cli_relink(marsad_store *s)
{
	marsad_linker *l;
	int rc = marsad_link_rebuild(s, NULL, &l);
	if (rc == 0)
		rc = marsad_link_save(l, s);
	marsad_linker_free(l);
	if (rc == 0)
		rc = marsad_summary_store(s, NULL, 0, NULL);
	if (rc < 0)
		cli_error("relink", "%s", marsad_strerror(rc));
	return rc;
}

int cmd_stories(cli *c, int argc, char **argv)
{
	int do_relink = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--relink") == 0) {
			do_relink = 1;
		} else {
			cli_error("stories", "unknown argument %s", argv[i]);
			return EXIT_USAGE;
		}
	}
	marsad_store *s;
	int rc = cli_open_store(c, &s);
	if (rc < 0)
		return EXIT_FAIL;
	if (do_relink && cli_relink(s) < 0) {
		marsad_store_close(s);
		return EXIT_FAIL;
	}
	sqlite3 *db = marsad_store_db(s);
	sqlite3_stmt *st;
	json_t *all = json_array();
	rc = sqlite3_prepare_v2(db, "SELECT id FROM stories ORDER BY id", -1,
				&st, NULL);
	while (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		json_t *o = cli_story_json(db, sqlite3_column_int64(st, 0), &rc);
		if (o)
			json_array_append_new(all, o);
	}
	sqlite3_finalize(st);
	int status = EXIT_OK;
	if (rc != SQLITE_OK) {
		cli_error("stories", "%s", sqlite3_errmsg(db));
		json_decref(all);
		status = EXIT_FAIL;
	} else {
		status = cli_print_list(c, all, print_story);
	}
	marsad_store_close(s);
	return status;
}

/* The mentions of a story's linked stories, by story then entity, as an
 * entity index links them (the spellings of a name joined across the
 * articles, as `marsad entities` joins them). */
typedef struct tally {
	sqlite3_int64 story;
	size_t entity;
} tally;

typedef struct tallies {
	tally *v;
	size_t n, cap;
} tallies;

static int tally_add(void *arg, long long story, size_t entity)
{
	tallies *t = arg;
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 256;
		tally *v = realloc(t->v, cap * sizeof *v);
		if (!v)
			return MARSAD_ENOMEM;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n++] = (tally){story, entity};
	return 0;
}

/* Feeds the mentions of the stories `ids` (a JSON array) to ix and tallies
 * them by story. */
static int index_stories(sqlite3 *db, const char *ids, marsad_entity_index *ix,
			 tallies *t)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db,
			"SELECT a.key, CAST(substr(CAST(a.text AS BLOB),"
			" m.start + 1, m.end - m.start) AS TEXT), m.type,"
			" sa.story_id FROM story_articles sa"
			" JOIN articles a ON a.id = sa.article_id"
			" JOIN mentions m ON m.article_id = sa.article_id"
			" WHERE sa.story_id IN (SELECT value FROM json_each(?1))"
			" ORDER BY m.article_id, m.start", -1, &st, NULL) != SQLITE_OK)
		return MARSAD_EDB;
	sqlite3_bind_text(st, 1, ids, -1, SQLITE_STATIC);
	int rc = cli_index_mentions(st, ix, tally_add, t);
	sqlite3_finalize(st);
	return rc;
}

/* An entity both ends of a link mention, ranked for naming the link. */
typedef struct shared {
	size_t entity;
	int rank;      /* people, then organizations, then places */
	size_t mentions; /* in the two stories */
} shared;

static int by_rank(const void *x, const void *y)
{
	const shared *a = x, *b = y;
	if (a->rank != b->rank)
		return a->rank - b->rank;
	if (a->mentions != b->mentions)
		return a->mentions < b->mentions ? 1 : -1;
	return (a->entity > b->entity) - (a->entity < b->entity);
}

static int type_rank(int type)
{
	return type == MARSAD_ENT_PER ? 0 : type == MARSAD_ENT_ORG ? 1
					: type == MARSAD_ENT_LOC ? 2 : 3;
}

/*
 * The entities story `other` shares with the story whose mentions per
 * entity are mine[] (t holds other's; rank[] caches each entity's
 * type_rank(), -1 until it is needed),
 * as a JSON array of their canonical names: people first, then
 * organizations, then places, each kind by its mentions in the two
 * stories; at most LINK_ENTITIES.
 */
#define LINK_ENTITIES 8
static json_t *shared_entities(marsad_entity_index *ix, const size_t *mine,
			       int *rank, const tallies *t,
			       sqlite3_int64 other)
{
	json_t *a = json_array();
	size_t n_ent = marsad_entity_index_count(ix), n = 0;
	size_t *theirs = calloc(n_ent ? n_ent : 1, sizeof *theirs);
	shared *v = malloc((n_ent ? n_ent : 1) * sizeof *v);
	for (size_t i = 0; theirs && v && i < t->n; i++)
		if (t->v[i].story == other)
			theirs[t->v[i].entity]++;
	for (size_t e = 0; theirs && v && e < n_ent; e++) {
		if (!mine[e] || !theirs[e])
			continue;
		marsad_entity ent;
		if (rank[e] < 0)
			rank[e] = type_rank(marsad_entity_index_get_arabic(ix, e, &ent)
						    ? 0 : ent.type);
		v[n++] = (shared){e, rank[e], mine[e] + theirs[e]};
	}
	if (v)
		qsort(v, n, sizeof *v, by_rank);
	for (size_t i = 0; i < n && i < LINK_ENTITIES; i++)
		json_array_append_new(a, json_string(
			marsad_entity_index_canonical(ix, v[i].entity)));
	free(theirs);
	free(v);
	return a;
}

/* How many passages the articles of story `from` gave those of story
 * `to` (st counts one direction). */
static json_int_t passages(sqlite3_stmt *st, sqlite3_int64 from,
			   sqlite3_int64 to)
{
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	json_int_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0)
						      : 0;
	sqlite3_reset(st);
	return n;
}

/*
 * The links of story `id` to other stories of its topic, strongest first:
 * the linker's own ("a", "b", "similarity", and "reason": the index terms
 * it weighed as names, and the passages), each with the story at the
 * other end ("story", "headline"), the entities both stories mention
 * ("entities", see shared_entities()) and the passages copied between
 * their articles either way ("passages"): what a reader knows the link
 * by. An empty array when the linker saved none.
 */
static json_t *story_links(sqlite3 *db, sqlite3_int64 id)
{
	json_t *a = json_array(), *ids = json_array();
	sqlite3_stmt *st = NULL, *cp = NULL;
	int rc = sqlite3_prepare_v2(db,
		"SELECT l.story_a, l.story_b, l.similarity, l.reason,"
		" o.id, o.headline FROM link_topic_links l JOIN stories o"
		" ON o.id = CASE WHEN l.story_a = ?1 THEN l.story_b"
		" ELSE l.story_a END"
		" WHERE l.story_a = ?1 OR l.story_b = ?1"
		" ORDER BY l.similarity DESC, o.id", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db,
			"SELECT count(*) FROM story_articles x JOIN copies c"
			" ON c.from_id = x.article_id JOIN story_articles y"
			" ON y.article_id = c.to_id"
			" WHERE x.story_id = ?1 AND y.story_id = ?2", -1, &cp, NULL);
	json_array_append_new(ids, json_integer(id));
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			sqlite3_int64 other = sqlite3_column_int64(st, 4);
			json_array_append_new(ids, json_integer(other));
			json_array_append_new(a, json_pack(
				"{s:I, s:I, s:f, s:o, s:I, s:o, s:o, s:I}",
				"a", (json_int_t)sqlite3_column_int64(st, 0),
				"b", (json_int_t)sqlite3_column_int64(st, 1),
				"similarity", sqlite3_column_double(st, 2),
				"reason", cli_json_text(sqlite3_column_text(st, 3)),
				"story", (json_int_t)other,
				"headline", cli_json_text(sqlite3_column_text(st, 5)),
				"entities", json_array(), /* filled below */
				"passages", passages(cp, id, other) +
						    passages(cp, other, id)));
		}
	}
	sqlite3_finalize(st);
	sqlite3_finalize(cp);
	/* the entities, from one index over the mentions of all these stories */
	char *list = json_array_size(a) ? json_dumps(ids, JSON_COMPACT) : NULL;
	marsad_entity_index *ix = list ? marsad_entity_index_new() : NULL;
	tallies t = {0};
	size_t *mine = NULL, n_ent = 0;
	int *rank = NULL;
	if (ix && index_stories(db, list, ix, &t) == 0 &&
	    (n_ent = marsad_entity_index_count(ix),
	     mine = calloc(n_ent + 1, sizeof *mine)) &&
	    (rank = malloc((n_ent + 1) * sizeof *rank))) {
		for (size_t i = 0; i < t.n; i++)
			mine[t.v[i].entity] += t.v[i].story == id;
		for (size_t e = 0; e < n_ent; e++)
			rank[e] = -1;
		size_t i;
		json_t *k;
		json_array_foreach(a, i, k)
			json_object_set_new(k, "entities", shared_entities(
				ix, mine, rank, &t,
				json_integer_value(json_object_get(k, "story"))));
	}
	free(mine);
	free(rank);
	free(t.v);
	marsad_entity_index_free(ix);
	free(list);
	json_decref(ids);
	return a; /* no links saved yet: none */
}

/* Story o's articles and links as text, after its summary. */
static void print_links(const json_t *o)
{
	size_t i;
	json_t *k;
	printf("Articles:\n");
	json_array_foreach(json_object_get(o, "articles"), i, k)
		printf("  %s\n", json_string_value(k));
	const json_t *links = json_object_get(o, "topic_links");
	if (json_array_size(links))
		printf("\nLinked stories (topic %lld):\n",
		       (long long)json_integer_value(json_object_get(o, "topic")));
	json_array_foreach(links, i, k) {
		const char *h = json_string_value(json_object_get(k, "headline"));
		printf("  story %lld (%.2f) %s\n",
		       (long long)json_integer_value(json_object_get(k, "story")),
		       json_real_value(json_object_get(k, "similarity")),
		       h ? h : "");
		const json_t *ents = json_object_get(k, "entities");
		json_int_t n = json_integer_value(json_object_get(k, "passages"));
		if (!json_array_size(ents) && !n)
			continue;
		printf("    ");
		size_t e;
		json_t *name;
		json_array_foreach(ents, e, name)
			printf("%s%s", e ? "، " : "shared: ",
			       json_string_value(name));
		if (n)
			printf("%scopied passages: %lld",
			       json_array_size(ents) ? "; " : "", (long long)n);
		printf("\n");
	}
}

/* For each member but the headline article, why it joins the headline. */
static int add_why(marsad_store *s, json_t *story)
{
	marsad_linker *l;
	int rc = marsad_link_load(s, NULL, &l);
	if (rc < 0)
		return rc;
	json_t *why = json_array();
	const char *headline = json_string_value(json_object_get(story, "headline"));
	const json_t *keys = json_object_get(story, "articles");
	size_t n = marsad_linker_count(l), head = n;
	/* the linker article of each member key */
	size_t nk = json_array_size(keys);
	size_t *ids = calloc(nk ? nk : 1, sizeof *ids);
	for (size_t k = 0; ids && k < nk; k++) {
		const char *key = json_string_value(json_array_get(keys, k));
		ids[k] = n;
		for (size_t i = 0; i < n; i++)
			if (strcmp(marsad_linker_key(l, i), key) == 0) {
				ids[k] = i;
				break;
			}
		if (ids[k] < n && head == n && headline &&
		    strcmp(marsad_linker_title(l, ids[k]), headline) == 0)
			head = ids[k];
	}
	for (size_t k = 0; ids && head < n && k < nk && rc == 0; k++) {
		if (ids[k] >= n || ids[k] == head)
			continue;
		char *js;
		rc = marsad_linker_why(l, head, ids[k], &js, NULL);
		if (rc == 0) {
			json_array_append_new(why, json_loads(js, 0, NULL));
			free(js);
		}
	}
	free(ids);
	marsad_linker_free(l);
	json_object_set_new(story, "why", why);
	return rc;
}

int cmd_story(cli *c, int argc, char **argv)
{
	int why = 0;
	const char *id_arg = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--why") == 0)
			why = 1;
		else if (!id_arg)
			id_arg = argv[i];
		else {
			cli_error("story", "unexpected argument %s", argv[i]);
			return EXIT_USAGE;
		}
	}
	char *end;
	long long id = id_arg ? strtoll(id_arg, &end, 10) : 0;
	if (!id_arg || *end || id < 1) {
		cli_error("story", "name a story id (marsad story ID [--why])");
		return EXIT_USAGE;
	}
	marsad_store *s;
	int rc = cli_open_store(c, &s);
	if (rc < 0)
		return EXIT_FAIL;
	sqlite3 *db = marsad_store_db(s);
	json_t *o = cli_story_json(db, id, &rc);
	int status = EXIT_OK;
	if (!o) {
		if (rc != SQLITE_OK)
			cli_error("story", "%s", sqlite3_errmsg(db));
		else
			cli_error(id_arg, "no such story");
		status = EXIT_FAIL;
	} else {
		json_object_set_new(o, "topic_links", story_links(db, id));
		if (why && (rc = add_why(s, o)) < 0) {
			cli_error("story --why", "%s", marsad_strerror(rc));
			status = EXIT_FAIL;
		}
	}
	if (status == EXIT_OK && c->json) {
		status = cli_print_json(o);
		o = NULL;
	} else if (status == EXIT_OK) {
		print_story(o);
		marsad_summary *sum;
		const marsad_summary_result *r;
		marsad_buf text = MARSAD_BUF_INIT;
		if (marsad_summary_load(s, id, NULL, &sum) == 0 &&
		    marsad_summary_get(sum, &r) == 0 &&
		    marsad_summary_render(r, &text) == 0)
			printf("\n%s\n", text.data ? text.data : "");
		marsad_buf_clear(&text);
		marsad_summary_free(sum);
		print_links(o);
		size_t i;
		json_t *k;
		json_array_foreach(json_object_get(o, "why"), i, k) {
			char *w = json_dumps(k, JSON_COMPACT);
			printf("  why %s\n", w ? w : "");
			free(w);
		}
	}
	json_decref(o);
	marsad_store_close(s);
	return status;
}
