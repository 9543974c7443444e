/*
 * cmd_topics.c — `marsad [--db FILE] topics [--json]` and
 * `marsad [--db FILE] topic ID [--json]`.
 *
 * topics lists the topics the store holds, the threads of stories that
 * linking made (link.h):
 *   [ { "id", "label", "stories": [id...], "first", "last" } ]
 * stories by id, first and last the earliest and latest publication dates
 * of their articles (null when none is dated).
 *
 * topic prints one topic: the same fields, its stories ("stories": [ {"id",
 * "headline", "first", "last", "articles"} ], the most articles first)
 * and the summary of the whole topic, made when asked for from what its
 * stories' stored summaries show (summary.h: marsad_summary_load_topic) —
 * "headline", "headline_key", "summary", "timeline", "cast", "quotes". As
 * text: the topic's line, its stories, then the summary for a reader.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "marsad/store.h"
#include "marsad/summary.h"

/* The topics, or one topic when id > 0; NULL on a database error. */
static json_t *topic_list(sqlite3 *db, sqlite3_int64 id)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db,
		"SELECT t.id, t.label, json_group_array(s.id), MIN(s.first),"
		" MAX(s.last) FROM topics t JOIN (SELECT id, topic_id, first,"
		" last FROM stories ORDER BY id) s ON s.topic_id = t.id"
		" WHERE ?1 = 0 OR t.id = ?1 GROUP BY t.id ORDER BY t.id",
		-1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	json_t *all = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *ids = (const char *)sqlite3_column_text(st, 2);
		json_t *stories = ids ? json_loads(ids, 0, NULL) : NULL;
		json_array_append_new(all, json_pack("{s:I, s:o, s:o, s:o, s:o}",
			"id", (json_int_t)sqlite3_column_int64(st, 0),
			"label", cli_json_text(sqlite3_column_text(st, 1)),
			"stories", stories ? stories : json_array(),
			"first", cli_json_text(sqlite3_column_text(st, 3)),
			"last", cli_json_text(sqlite3_column_text(st, 4))));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		json_decref(all);
		return NULL;
	}
	return all;
}

static void print_topic(const json_t *t)
{
	const char *first = json_string_value(json_object_get(t, "first"));
	const char *last = json_string_value(json_object_get(t, "last"));
	const char *label = json_string_value(json_object_get(t, "label"));
	printf("%lld\t%.10s..%.10s\t%zu stories\t%s\n",
	       (long long)json_integer_value(json_object_get(t, "id")),
	       first ? first : "?", last ? last : "?",
	       json_array_size(json_object_get(t, "stories")), label ? label : "");
}

int cmd_topics(cli *c, int argc, char **argv)
{
	if (argc > 1) {
		cli_error("topics", "unknown argument %s", argv[1]);
		return EXIT_USAGE;
	}
	marsad_store *s;
	if (cli_open_store(c, &s) < 0)
		return EXIT_FAIL;
	sqlite3 *db = marsad_store_db(s);
	json_t *all = topic_list(db, 0);
	int status;
	if (!all) {
		cli_error("topics", "%s", sqlite3_errmsg(db));
		status = EXIT_FAIL;
	} else {
		status = cli_print_list(c, all, print_topic);
	}
	marsad_store_close(s);
	return status;
}

/* The topic's stories, the most articles first. */
static json_t *topic_stories(sqlite3 *db, sqlite3_int64 id)
{
	json_t *a = json_array();
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db,
		"SELECT s.id, s.headline, s.first, s.last, COUNT(m.article_id)"
		" FROM stories s LEFT JOIN story_articles m ON m.story_id = s.id"
		" WHERE s.topic_id = ?1 GROUP BY s.id ORDER BY 5 DESC, s.id",
		-1, &st, NULL) != SQLITE_OK)
		return a;
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(a, json_pack("{s:I, s:o, s:o, s:o, s:I}",
			"id", (json_int_t)sqlite3_column_int64(st, 0),
			"headline", cli_json_text(sqlite3_column_text(st, 1)),
			"first", cli_json_text(sqlite3_column_text(st, 2)),
			"last", cli_json_text(sqlite3_column_text(st, 3)),
			"articles", (json_int_t)sqlite3_column_int64(st, 4)));
	sqlite3_finalize(st);
	return a;
}

/* The topic as its JSON object: the list fields, the stories and the
 * members of its summary r; NULL when memory runs out. */
static json_t *topic_json(sqlite3 *db, sqlite3_int64 id, const json_t *row,
			  const marsad_summary_result *r)
{
	char *text;
	if (marsad_summary_json(r, &text, NULL) < 0)
		return NULL;
	json_t *sum = json_loads(text, 0, NULL);
	free(text);
	json_t *o = json_deep_copy(row);
	json_object_set_new(o, "stories", topic_stories(db, id));
	static const char *const names[] = {"headline", "headline_key", "summary",
					    "timeline", "cast", "quotes"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		json_object_set(o, names[i], json_object_get(sum, names[i]));
	json_decref(sum);
	return o;
}

static void print_stories(const json_t *stories)
{
	size_t i;
	json_t *k;
	json_array_foreach(stories, i, k) {
		const char *first = json_string_value(json_object_get(k, "first"));
		const char *last = json_string_value(json_object_get(k, "last"));
		const char *head = json_string_value(json_object_get(k, "headline"));
		printf("  story %lld\t%.10s..%.10s\t%lld articles\t%s\n",
		       (long long)json_integer_value(json_object_get(k, "id")),
		       first ? first : "?", last ? last : "?",
		       (long long)json_integer_value(json_object_get(k, "articles")),
		       head ? head : "");
	}
}

/* The topic for a reader: its line, its stories, then summary r. */
static int print_topic_text(sqlite3 *db, sqlite3_int64 id, const json_t *row,
			    const marsad_summary_result *r)
{
	print_topic(row);
	json_t *stories = topic_stories(db, id);
	print_stories(stories);
	json_decref(stories);
	marsad_buf text = MARSAD_BUF_INIT;
	int rc = marsad_summary_render(r, &text);
	if (rc == 0)
		printf("\n%s", text.data ? text.data : "");
	else
		cli_error("topic", "%s", marsad_strerror(rc));
	marsad_buf_clear(&text);
	return rc == 0 && fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
}

/* Topic id of store s: its list row in *row (NULL, and 0 returned, when
 * there is no such topic) and its summary in *sum and *r (free *sum with
 * marsad_summary_free). Returns 0, MARSAD_EDB or another error. */
static int load_topic(marsad_store *s, sqlite3_int64 id, json_t **row,
		      marsad_summary **sum, const marsad_summary_result **r)
{
	*row = NULL;
	*sum = NULL;
	json_t *list = topic_list(marsad_store_db(s), id);
	if (!list)
		return MARSAD_EDB;
	int rc = 0;
	if (json_array_size(list)) {
		*row = json_incref(json_array_get(list, 0));
		rc = marsad_summary_load_topic(s, id, NULL, sum);
		if (rc == 0)
			rc = marsad_summary_get(*sum, r);
	}
	json_decref(list);
	return rc;
}

int cli_topic_json(marsad_store *s, long long id, json_t **out)
{
	*out = NULL;
	json_t *row;
	marsad_summary *sum;
	const marsad_summary_result *r;
	int rc = load_topic(s, id, &row, &sum, &r);
	if (rc == 0 && row &&
	    !(*out = topic_json(marsad_store_db(s), id, row, r)))
		rc = MARSAD_ENOMEM;
	json_decref(row);
	marsad_summary_free(sum);
	return rc;
}

int cmd_topic(cli *c, int argc, char **argv)
{
	char *end = NULL;
	long long id = argc == 2 ? strtoll(argv[1], &end, 10) : 0;
	if (argc != 2 || *end || id < 1) {
		cli_error("topic", "name a topic id (marsad topic ID [--json])");
		return EXIT_USAGE;
	}
	marsad_store *s;
	if (cli_open_store(c, &s) < 0)
		return EXIT_FAIL;
	json_t *row = NULL, *o = NULL;
	marsad_summary *sum = NULL;
	const marsad_summary_result *r;
	int rc = c->json ? cli_topic_json(s, id, &o)
			 : load_topic(s, id, &row, &sum, &r);
	int status = EXIT_FAIL;
	if (rc < 0)
		cli_error("topic", "%s", rc == MARSAD_EDB
					 ? sqlite3_errmsg(marsad_store_db(s))
					 : marsad_strerror(rc));
	else if (!o && !row)
		cli_error(argv[1], "no such topic");
	else if (o) {
		status = cli_print_json(o); /* releases it */
		o = NULL;
	} else {
		status = print_topic_text(marsad_store_db(s), id, row, r);
	}
	json_decref(o);
	json_decref(row);
	marsad_summary_free(sum);
	marsad_store_close(s);
	return status;
}
