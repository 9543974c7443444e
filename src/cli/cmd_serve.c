/*
 * cmd_serve.c — `marsad [--db FILE] serve [--port N] [--host ADDR]`
 *
 * The store over HTTP: a JSON API and the web page that reads it (web/,
 * built into the program). Binds 127.0.0.1 unless --host names another
 * address (numeric, IPv4 or IPv6); --port 0 takes a free port. On start it
 * prints "serving FILE on http://HOST:PORT/" on stdout; SIGINT or SIGTERM
 * stops it (exit 0).
 *
 * GET (or HEAD) only; every answer is JSON but the page's own files:
 *   /api/stories?sort=recent|size&min=N&limit=N&offset=N
 *       { "total", "stories": [ {"id", "headline", "topic", "first",
 *         "last", "articles": n, "outlets": [name...]} ] }
 *   /api/stories/ID
 *       the story as `marsad story --json` gives it (without "why"), and
 *       "sources": [ {"key", "title", "outlet", "published", "url"} ]
 *   /api/topics/ID
 *       the topic, the thread of stories linking made, as `marsad topic
 *       --json` gives it: its stories and the summary of them all
 *   /api/article?key=KEY
 *       { "key", "title", "outlet", "published", "url", "stories": [id...],
 *         "segments": [ {"text", "copy": i|null, "type": "PER"|…|null} ],
 *         "copied_from": [ {"key", "title", "outlet", "published",
 *                           "similarity"} ],
 *         "copied_by": [ {"key", "title", "outlet", "published"} ],
 *         "quotes": [ {"speaker", "source", "text", "verb", "direct"} ] }
 *       the cleaned text cut where a copied passage or a named entity
 *       starts or ends, so that a page marks them without counting bytes
 *       ("copy" indexes copied_from: the passage was copied from there)
 *   /api/entities?type=PER|LOC|ORG&spelled=TEXT&min=N&limit=N&keys=N
 *       [ the objects of `marsad entities --json`, with "articles": n, at
 *         most `keys` keys (10 unless told), the articles added last
 *         first, and their "sources": [ {"key", "title", "outlet",
 *         "published", "url"} ] ]; 503 while the names of the store are
 *       first gathered
 *   /api/search?q=QUERY&limit=N&outlet=NAME&since=DATE&until=DATE
 *       { "hits": [ the objects of `marsad search --json` ] }, the matched
 *       words marked with U+E000 … U+E001 in the snippet
 * A request it cannot answer gets 400 (a bad parameter, named), 404, 405
 * (another method) or 500, each with { "error": "…" }. Parameters must be
 * valid UTF-8 of at most MAX_ARG bytes; libmicrohttpd refuses a request
 * line or headers larger than the connection's memory (414 or 431).
 *
 * A thread of libmicrohttpd's answers each connection, and each request
 * goes over a connection to the store of its own (opening one costs about
 * a millisecond): a topic's summary, made when it is asked for (seconds
 * for a thread of hundreds of stories), holds up no other request. An
 * entity list reads the entity index of the store's mentions, which
 * another thread builds over a connection of its own when the server
 * starts, and again when a list is asked for after another process
 * changed the store (PRAGMA data_version, read on the server's own
 * connection, which no request writes with); until the first is built,
 * the list gets 503.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "cli.h"
#include "marsad/entity.h"
#include "marsad/extract.h"
#include "marsad/store.h"

/* The page's files (web/), embedded by the build as the lexicons are. */
#define WEB_FILE(name)                                   \
	extern const char marsad_data_web_##name[];      \
	extern const size_t marsad_data_web_##name##_len
WEB_FILE(index);
WEB_FILE(app);
WEB_FILE(style);

#define MAX_ARG 4096        /* bytes of one query parameter */
#define LIMIT_MAX 1000      /* items of one list */
#define SEARCH_MAX 100      /* hits of one search */
#define KEYS_DEFAULT 10     /* article keys of an entity, unless told */
#define MARK_OPEN "\xee\x80\x80"  /* U+E000 */
#define MARK_CLOSE "\xee\x80\x81" /* U+E001 */

typedef struct server {
	const char *path; /* of the store */
	/* A connection that only tells, under lock, whether another has
	 * changed the store (PRAGMA data_version): each request has its
	 * own (request) */
	marsad_store *store;
	sqlite3 *db;
	/* The entity index, which a thread of its own builds over a
	 * connection of its own (it takes seconds on a year of news) while
	 * the server answers with the index it had, or 503: */
	pthread_mutex_t lock;
	marsad_entity_index *entities; /* NULL until first built */
	long long entities_version;    /* data_version it was built at */
	pthread_t builder;
	int building, built_once; /* a builder runs; one ever started */
	long long building_version;  /* the data_version it builds */
	int build_rc;                /* the last build's error, or 0 */
} server;

/* One request's: its server and a connection of its own to the store. */
typedef struct request {
	server *sv;
	marsad_store *store;
	sqlite3 *db;
} request;

/* ---- answers ------------------------------------------------------------ */

static enum MHD_Result reply(struct MHD_Connection *conn, unsigned status,
			     const char *type, const char *body, size_t len,
			     enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r =
		MHD_create_response_from_buffer(len, (void *)body, mode);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'self'; frame-ancestors 'none'");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, "Allow", "GET, HEAD");
	enum MHD_Result ok = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ok;
}

/* Answers doc (released) as JSON with the status. */
static enum MHD_Result reply_json(struct MHD_Connection *conn,
				  unsigned status, json_t *doc)
{
	char *body = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	json_decref(doc);
	if (!body)
		return reply(conn, MHD_HTTP_INTERNAL_SERVER_ERROR,
			     "application/json; charset=utf-8",
			     "{\"error\":\"out of memory\"}", 25,
			     MHD_RESPMEM_PERSISTENT);
	return reply(conn, status, "application/json; charset=utf-8", body,
		     strlen(body), MHD_RESPMEM_MUST_FREE);
}

static enum MHD_Result reply_error(struct MHD_Connection *conn,
				   unsigned status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum MHD_Result reply_error(struct MHD_Connection *conn,
				   unsigned status, const char *fmt, ...)
{
	char why[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	return reply_json(conn, status, json_pack("{s:s}", "error", why));
}

static enum MHD_Result reply_db_error(struct MHD_Connection *conn,
				      const request *rq)
{
	cli_error("serve", "%s", sqlite3_errmsg(rq->db));
	return reply_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR,
			   "the store could not be read");
}

/* ---- parameters --------------------------------------------------------- */

static int valid_utf8(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t n = (utf8proc_ssize_t)strlen(s);
	while (n > 0) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(p, n, &c);
		if (k <= 0)
			return 0;
		p += k;
		n -= k;
	}
	return 1;
}

/* MHD_KeyValueIterator over the query's parameters: the first that is too
 * long or not UTF-8 is kept in *arg and stops the walk. */
static enum MHD_Result check_arg(void *arg, enum MHD_ValueKind kind,
				 const char *key, const char *value)
{
	(void)kind;
	if ((value && (strlen(value) > MAX_ARG || !valid_utf8(value))) ||
	    strlen(key) > MAX_ARG || !valid_utf8(key)) {
		*(const char **)arg = valid_utf8(key) && strlen(key) <= 64
					      ? key : "?";
		return MHD_NO;
	}
	return MHD_YES;
}

static const char *arg(struct MHD_Connection *conn, const char *name)
{
	const char *v =
		MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, name);
	return v && *v ? v : NULL;
}

/* Parameter `name` as a count from lo to hi, def when absent: 0, or -1
 * (when the answer went out: 400 naming the parameter). */
static int count_arg(struct MHD_Connection *conn, const char *name,
		     long long lo, long long hi, long long def, long long *out,
		     enum MHD_Result *sent)
{
	const char *v = arg(conn, name);
	*out = def;
	if (!v)
		return 0;
	char *end;
	long long n = strtoll(v, &end, 10);
	if (*end || end == v || v[0] == '+' || v[0] == ' ' || n < lo ||
	    n > hi) {
		*sent = reply_error(conn, MHD_HTTP_BAD_REQUEST,
				    "%s: not a number from %lld to %lld", name,
				    lo, hi);
		return -1;
	}
	*out = n;
	return 0;
}

/* ---- /api/stories ------------------------------------------------------- */

static enum MHD_Result stories(struct MHD_Connection *conn, request *rq)
{
	enum MHD_Result sent = MHD_NO;
	long long min, limit, offset;
	const char *sort = arg(conn, "sort");
	if (sort && strcmp(sort, "recent") && strcmp(sort, "size"))
		return reply_error(conn, MHD_HTTP_BAD_REQUEST,
				   "sort: recent or size");
	if (count_arg(conn, "min", 1, 1000000, 1, &min, &sent) ||
	    count_arg(conn, "limit", 1, LIMIT_MAX, 50, &limit, &sent) ||
	    count_arg(conn, "offset", 0, 1000000000, 0, &offset, &sent))
		return sent;
	char sql[640];
	snprintf(sql, sizeof sql,
		 "SELECT s.id, s.headline, s.topic_id, s.first, s.last, n,"
		 " (SELECT json_group_array(DISTINCT a.outlet)"
		 "  FROM story_articles x JOIN articles a ON a.id = x.article_id"
		 "  WHERE x.story_id = s.id AND a.outlet IS NOT NULL),"
		 " COUNT(*) OVER ()"
		 " FROM stories s JOIN (SELECT story_id, COUNT(*) AS n"
		 "  FROM story_articles GROUP BY story_id) c"
		 " ON c.story_id = s.id WHERE n >= ?1 ORDER BY %s"
		 " LIMIT ?2 OFFSET ?3",
		 sort && !strcmp(sort, "size")
			 ? "n DESC, s.last IS NULL, s.last DESC, s.id"
			 : "s.last IS NULL, s.last DESC, n DESC, s.id");
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(rq->db, sql, -1, &st, NULL) != SQLITE_OK)
		return reply_db_error(conn, rq);
	sqlite3_bind_int64(st, 1, min);
	sqlite3_bind_int64(st, 2, limit);
	sqlite3_bind_int64(st, 3, offset);
	json_t *list = json_array();
	json_int_t total = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *outlets = json_loads(
			(const char *)sqlite3_column_text(st, 6), 0, NULL);
		total = sqlite3_column_int64(st, 7);
		json_t *o = cli_story_head(st);
		json_object_set_new(o, "articles",
				    json_integer(sqlite3_column_int64(st, 5)));
		json_object_set_new(o, "outlets",
				    outlets ? outlets : json_array());
		json_array_append_new(list, o);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		json_decref(list);
		return reply_db_error(conn, rq);
	}
	if (total == 0 && offset > 0) { /* past the end: count them */
		sqlite3_stmt *c;
		if (sqlite3_prepare_v2(rq->db,
				"SELECT COUNT(*) FROM (SELECT story_id FROM"
				" story_articles GROUP BY story_id"
				" HAVING COUNT(*) >= ?1)", -1, &c,
				NULL) == SQLITE_OK) {
			sqlite3_bind_int64(c, 1, min);
			if (sqlite3_step(c) == SQLITE_ROW)
				total = sqlite3_column_int64(c, 0);
		}
		sqlite3_finalize(c);
	}
	return reply_json(conn, MHD_HTTP_OK,
			  json_pack("{s:I, s:o}", "total", total, "stories",
				    list));
}

/* An article's key, title, outlet, published and url columns (from
 * column k of st on) as an object. */
static json_t *article_ref(sqlite3_stmt *st, int k)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o}",
			 "key", cli_json_text(sqlite3_column_text(st, k)),
			 "title", cli_json_text(sqlite3_column_text(st, k + 1)),
			 "outlet", cli_json_text(sqlite3_column_text(st, k + 2)),
			 "published",
			 cli_json_text(sqlite3_column_text(st, k + 3)),
			 "url", cli_json_text(sqlite3_column_text(st, k + 4)));
}

static enum MHD_Result story(struct MHD_Connection *conn, request *rq,
			     const char *id_text)
{
	char *end;
	long long id = strtoll(id_text, &end, 10);
	if (*end || end == id_text || id < 1 || id_text[0] == '+')
		return reply_error(conn, MHD_HTTP_NOT_FOUND,
				   "no such story: %.64s", id_text);
	int rc = SQLITE_OK;
	json_t *o = cli_story_json(rq->db, id, &rc);
	if (!o)
		return rc != SQLITE_OK
			       ? reply_db_error(conn, rq)
			       : reply_error(conn, MHD_HTTP_NOT_FOUND,
					     "no such story: %lld", id);
	sqlite3_stmt *st;
	json_t *sources = json_array();
	if (sqlite3_prepare_v2(rq->db,
			"SELECT a.key, a.title, a.outlet, a.published, a.url"
			" FROM story_articles s JOIN articles a"
			" ON a.id = s.article_id WHERE s.story_id = ?1"
			" ORDER BY a.published IS NULL, a.published, a.id",
			-1, &st, NULL) != SQLITE_OK) {
		json_decref(o);
		json_decref(sources);
		return reply_db_error(conn, rq);
	}
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(sources, article_ref(st, 0));
	sqlite3_finalize(st);
	json_object_set_new(o, "sources", sources);
	return reply_json(conn, MHD_HTTP_OK, o);
}

static enum MHD_Result topic(struct MHD_Connection *conn, request *rq,
			     const char *id_text)
{
	char *end;
	long long id = strtoll(id_text, &end, 10);
	json_t *o = NULL;
	int rc = *end || end == id_text || id < 1 || id_text[0] == '+'
			 ? 0
			 : cli_topic_json(rq->store, id, &o);
	if (rc == MARSAD_EDB)
		return reply_db_error(conn, rq);
	if (rc < 0)
		return reply_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "%s",
				   marsad_strerror(rc));
	if (!o)
		return reply_error(conn, MHD_HTTP_NOT_FOUND,
				   "no such topic: %.64s", id_text);
	return reply_json(conn, MHD_HTTP_OK, o);
}

/* ---- /api/article ------------------------------------------------------- */

/* A span of an article's text and what marks it. */
typedef struct span {
	size_t start, end;
	int copy;         /* index in copied_from, or -1 */
	const char *type; /* an entity's type name, or NULL */
} span;

/* Whether byte i of s (len bytes) starts a character (or ends s). */
static int char_start(const char *s, size_t len, size_t i)
{
	return i >= len || ((unsigned char)s[i] & 0xC0) != 0x80;
}

static int by_start(const void *x, const void *y)
{
	const span *a = x, *b = y;
	return a->start < b->start ? -1 : a->start > b->start;
}

static int cmp_size(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	return a < b ? -1 : a > b;
}

/*
 * The text of len bytes cut at every start and end of the n spans v
 * (copied passages and mentions, which may overlap; a piece takes the
 * first of each kind that covers it): an array of { "text", "copy",
 * "type" }. Spans out of the text or not on character boundaries are left
 * out. Reorders v.
 */
static json_t *segments(const char *text, size_t len, span *v, size_t n)
{
	size_t *cut = malloc((2 * n + 2) * sizeof *cut), m = 0;
	if (!cut)
		return NULL;
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i].start < v[i].end && v[i].end <= len &&
		    char_start(text, len, v[i].start) &&
		    char_start(text, len, v[i].end))
			v[kept++] = v[i];
	n = kept;
	qsort(v, n, sizeof *v, by_start);
	cut[m++] = 0;
	cut[m++] = len;
	for (size_t i = 0; i < n; i++) {
		cut[m++] = v[i].start;
		cut[m++] = v[i].end;
	}
	qsort(cut, m, sizeof *cut, cmp_size);
	json_t *out = json_array();
	for (size_t k = 0; out && k + 1 < m; k++) {
		size_t a = cut[k], b = cut[k + 1];
		if (a == b)
			continue;
		int copy = -1;
		const char *type = NULL;
		for (size_t i = 0; i < n && v[i].start <= a; i++) {
			if (v[i].end <= a)
				continue;
			if (v[i].type && !type)
				type = v[i].type;
			else if (!v[i].type && copy < 0)
				copy = v[i].copy;
		}
		json_array_append_new(out, json_pack(
			"{s:s%, s:o, s:o}", "text", text + a, b - a,
			"copy", copy < 0 ? json_null() : json_integer(copy),
			"type", type ? json_string(type) : json_null()));
	}
	free(cut);
	return out;
}

typedef struct spans {
	span *v;
	size_t n, cap;
} spans;

static int spans_add(spans *s, span x)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		span *v = realloc(s->v, cap * sizeof *v);
		if (!v)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = x;
	return 0;
}

/* The rest of an article's object, from its id: its stories, the
 * passages it copied (marked in sp) and the articles that copied it, its
 * mentions (marked in sp) and its quotes. 0 or an SQLite error. */
static int article_parts(sqlite3 *db, sqlite3_int64 id, json_t *o, spans *sp)
{
	static const char *const sql[] = {
		"SELECT story_id FROM story_articles WHERE article_id = ?1"
		" ORDER BY story_id",
		"SELECT c.to_start, c.to_end, c.similarity, f.key, f.title,"
		" f.outlet, f.published, f.url FROM copies c"
		" JOIN articles f ON f.id = c.from_id WHERE c.to_id = ?1"
		" ORDER BY c.to_start",
		"SELECT DISTINCT t.key, t.title, t.outlet, t.published, t.url"
		" FROM copies c JOIN articles t ON t.id = c.to_id"
		" WHERE c.from_id = ?1 ORDER BY t.published, t.id",
		"SELECT start, end, type FROM mentions WHERE article_id = ?1"
		" ORDER BY start",
		"SELECT speaker, CAST(substr(CAST(a.text AS BLOB), q.start + 1,"
		" q.end - q.start) AS TEXT), verb, direct, source FROM quotes q"
		" JOIN articles a ON a.id = q.article_id"
		" WHERE q.article_id = ?1 ORDER BY q.start",
	};
	static const char *const names[] = {"stories", "copied_from",
					    "copied_by", NULL, "quotes"};
	for (size_t k = 0; k < sizeof sql / sizeof *sql; k++) {
		sqlite3_stmt *st;
		int rc = sqlite3_prepare_v2(db, sql[k], -1, &st, NULL);
		if (rc != SQLITE_OK)
			return rc;
		sqlite3_bind_int64(st, 1, id);
		json_t *list = json_array();
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			json_t *item = NULL;
			size_t a = (size_t)sqlite3_column_int64(st, 0),
			       b = (size_t)sqlite3_column_int64(st, 1);
			switch (k) {
			case 0:
				item = json_integer(sqlite3_column_int64(st, 0));
				break;
			case 1:
				item = article_ref(st, 3);
				json_object_set_new(item, "similarity",
					json_real(sqlite3_column_double(st, 2)));
				if (spans_add(sp, (span){a, b,
					(int)json_array_size(list), NULL}))
					rc = SQLITE_NOMEM;
				break;
			case 2:
				item = article_ref(st, 0);
				break;
			case 3:
				if (spans_add(sp, (span){a, b, -1,
					marsad_entity_type_name(
						marsad_entity_type_of((const char *)
						sqlite3_column_text(st, 2)))}))
					rc = SQLITE_NOMEM;
				break;
			default:
				item = json_pack("{s:o, s:o, s:o, s:o, s:b}",
					"speaker",
					cli_json_text(sqlite3_column_text(st, 0)),
					"source",
					cli_json_text(sqlite3_column_text(st, 4)),
					"text",
					cli_json_text(sqlite3_column_text(st, 1)),
					"verb",
					cli_json_text(sqlite3_column_text(st, 2)),
					"direct", sqlite3_column_int(st, 3));
			}
			if (item)
				json_array_append_new(list, item);
			if (rc == SQLITE_NOMEM)
				break;
		}
		sqlite3_finalize(st);
		if (names[k])
			json_object_set_new(o, names[k], list);
		else
			json_decref(list);
		if (rc != SQLITE_DONE)
			return rc;
	}
	return SQLITE_OK;
}

static enum MHD_Result article(struct MHD_Connection *conn, request *rq)
{
	const char *key = arg(conn, "key");
	if (!key)
		return reply_error(conn, MHD_HTTP_BAD_REQUEST,
				   "key: name an article");
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(rq->db,
			"SELECT key, title, outlet, published, url, id, text"
			" FROM articles WHERE key = ?1", -1, &st,
			NULL) != SQLITE_OK)
		return reply_db_error(conn, rq);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return rc == SQLITE_DONE
			       ? reply_error(conn, MHD_HTTP_NOT_FOUND,
					     "no such article")
			       : reply_db_error(conn, rq);
	}
	json_t *o = article_ref(st, 0);
	spans sp = {NULL, 0, 0};
	rc = article_parts(rq->db, sqlite3_column_int64(st, 5), o, &sp);
	const char *text = (const char *)sqlite3_column_text(st, 6);
	json_t *seg = rc == SQLITE_OK
			      ? segments(text ? text : "",
					 (size_t)sqlite3_column_bytes(st, 6),
					 sp.v, sp.n)
			      : NULL;
	sqlite3_finalize(st);
	free(sp.v);
	if (!seg) {
		json_decref(o);
		return rc != SQLITE_OK ? reply_db_error(conn, rq)
				       : reply_error(conn,
						     MHD_HTTP_INTERNAL_SERVER_ERROR,
						     "out of memory");
	}
	json_object_set_new(o, "segments", seg);
	return reply_json(conn, MHD_HTTP_OK, o);
}

/* ---- /api/entities ------------------------------------------------------ */

/* The store's PRAGMA data_version on the server's connection: it changes
 * when another connection commits. */
static long long data_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	long long version = -1;
	if (sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &st, NULL) ==
		    SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return version;
}

static void *build_entities(void *arg)
{
	server *sv = arg;
	marsad_store *s = NULL;
	marsad_entity_index *ix = NULL;
	int rc = marsad_store_open(sv->path, &s);
	if (rc == 0)
		rc = cli_entity_index(marsad_store_db(s), &ix);
	marsad_store_close(s);
	pthread_mutex_lock(&sv->lock);
	if (rc == 0) {
		marsad_entity_index_free(sv->entities);
		sv->entities = ix;
		sv->entities_version = sv->building_version;
	}
	sv->build_rc = rc;
	sv->building = 0;
	pthread_mutex_unlock(&sv->lock);
	return NULL;
}

/* Starts building the entity index when the one the server has (if any)
 * is older than the store and no build runs. Call with sv->lock held. */
static void refresh_entities(server *sv)
{
	long long version = data_version(sv->db);
	if (sv->building ||
	    (sv->entities && version == sv->entities_version))
		return;
	if (sv->built_once)
		pthread_join(sv->builder, NULL);
	sv->building_version = version;
	sv->building = 1;
	if (pthread_create(&sv->builder, NULL, build_entities, sv) != 0) {
		sv->building = 0;
		sv->build_rc = MARSAD_ENOMEM;
		return;
	}
	sv->built_once = 1;
}

static enum MHD_Result entities(struct MHD_Connection *conn, request *rq)
{
	enum MHD_Result sent = MHD_NO;
	cli_entity_filter f = {0};
	long long min, limit, keys;
	const char *type = arg(conn, "type");
	if (type && !(f.type = (int)marsad_entity_type_of(type)))
		return reply_error(conn, MHD_HTTP_BAD_REQUEST,
				   "type: PER, LOC or ORG");
	if (count_arg(conn, "min", 1, 1000000000, 1, &min, &sent) ||
	    count_arg(conn, "limit", 1, LIMIT_MAX, 100, &limit, &sent) ||
	    count_arg(conn, "keys", 0, 1000000000, KEYS_DEFAULT, &keys,
		      &sent))
		return sent;
	f.min_mentions = (size_t)min;
	f.limit = (size_t)limit;
	f.spelled = arg(conn, "spelled");
	server *sv = rq->sv;
	pthread_mutex_lock(&sv->lock);
	refresh_entities(sv);
	json_t *list = sv->entities ? cli_entities_json(sv->entities, &f)
				    : NULL;
	int ready = sv->entities != NULL, rc = sv->build_rc;
	pthread_mutex_unlock(&sv->lock);
	if (!ready && rc)
		return reply_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR,
				   "the names could not be gathered: %s",
				   marsad_strerror(rc));
	if (!ready)
		return reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
				   "the names are being gathered: ask again in a "
				   "few seconds");
	if (!list)
		return reply_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR,
				   "out of memory");
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(rq->db,
			"SELECT key, title, outlet, published, url FROM articles"
			" WHERE key = ?1", -1, &st, NULL) != SQLITE_OK) {
		json_decref(list);
		return reply_db_error(conn, rq);
	}
	size_t i, j;
	json_t *e, *key;
	json_array_foreach(list, i, e) {
		json_t *all = json_object_get(e, "keys"), *k = json_array(),
		       *src = json_array();
		size_t total = json_array_size(all),
		       from = total > (size_t)keys ? total - (size_t)keys : 0;
		for (size_t x = total; x-- > from;) /* the latest added first */
			json_array_append(k, json_array_get(all, x));
		json_object_set_new(e, "articles",
				    json_integer((json_int_t)total));
		json_object_set_new(e, "keys", k);
		json_array_foreach(k, j, key) {
			sqlite3_bind_text(st, 1, json_string_value(key), -1,
					  SQLITE_STATIC);
			if (sqlite3_step(st) == SQLITE_ROW)
				json_array_append_new(src, article_ref(st, 0));
			sqlite3_reset(st);
		}
		json_object_set_new(e, "sources", src);
	}
	sqlite3_finalize(st);
	return reply_json(conn, MHD_HTTP_OK, list);
}

/* ---- /api/search -------------------------------------------------------- */

static enum MHD_Result search(struct MHD_Connection *conn, request *rq)
{
	enum MHD_Result sent = MHD_NO;
	long long limit;
	const char *q = arg(conn, "q");
	if (!q)
		return reply_error(conn, MHD_HTTP_BAD_REQUEST,
				   "q: write what to search for");
	if (count_arg(conn, "limit", 1, SEARCH_MAX, 20, &limit, &sent))
		return sent;
	marsad_search_opts o = {
		.limit = (size_t)limit,
		.outlet = arg(conn, "outlet"),
		.since = arg(conn, "since"),
		.until = arg(conn, "until"),
		.near = arg(conn, "near"),
		.mark_open = MARK_OPEN,
		.mark_close = MARK_CLOSE,
	};
	marsad_hit *hits = NULL;
	size_t n = 0;
	int rc = marsad_store_search(rq->store, q, strlen(q), &o, &hits, &n);
	if (rc == MARSAD_EINVAL)
		return reply_error(conn, MHD_HTTP_BAD_REQUEST,
				   "since, until, near: dates are written "
				   "YYYY-MM-DD");
	if (rc < 0) {
		cli_error("serve", "search: %s", marsad_strerror(rc));
		return reply_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "%s",
				   marsad_strerror(rc));
	}
	json_t *list = cli_hits_json(hits, n);
	marsad_hits_free(hits, n);
	return list ? reply_json(conn, MHD_HTTP_OK,
				 json_pack("{s:o}", "hits", list))
		    : reply_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR,
				  "out of memory");
}

/* ---- routing ------------------------------------------------------------ */

static enum MHD_Result page_file(struct MHD_Connection *conn,
				 const char *type, const char *data,
				 size_t len)
{
	return reply(conn, MHD_HTTP_OK, type, data, len,
		     MHD_RESPMEM_PERSISTENT);
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn,
			      const char *url, const char *method,
			      const char *version, const char *upload_data,
			      size_t *upload_data_size, void **state)
{
	(void)version;
	(void)upload_data;
	(void)upload_data_size;
	(void)state;
	server *sv = cls;
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return reply_error(conn, MHD_HTTP_METHOD_NOT_ALLOWED,
				   "only GET and HEAD");
	const char *bad = NULL;
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, check_arg,
				  &bad);
	if (bad || !valid_utf8(url))
		return reply_error(conn, MHD_HTTP_BAD_REQUEST,
				   "%s: not UTF-8 or longer than %d bytes",
				   bad ? bad : "the path", MAX_ARG);
	if (!strcmp(url, "/") || !strcmp(url, "/index.html"))
		return page_file(conn, "text/html; charset=utf-8",
				 marsad_data_web_index,
				 marsad_data_web_index_len);
	if (!strcmp(url, "/app.js"))
		return page_file(conn, "text/javascript; charset=utf-8",
				 marsad_data_web_app,
				 marsad_data_web_app_len);
	if (!strcmp(url, "/style.css"))
		return page_file(conn, "text/css; charset=utf-8",
				 marsad_data_web_style,
				 marsad_data_web_style_len);
	if (!strcmp(url, "/favicon.ico")) /* none: the browser asks */
		return reply(conn, MHD_HTTP_NO_CONTENT, "image/x-icon", "", 0,
			     MHD_RESPMEM_PERSISTENT);
	if (strncmp(url, "/api/", 5) != 0)
		return reply_error(conn, MHD_HTTP_NOT_FOUND,
				   "no such page: %.200s", url);
	request rq = {sv, NULL, NULL};
	int rc = marsad_store_open(sv->path, &rq.store);
	if (rc < 0) {
		cli_error(sv->path, "cannot open the store: %s",
			  marsad_strerror(rc));
		return reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
				   "the store cannot be opened");
	}
	rq.db = marsad_store_db(rq.store);
	marsad_store_search_mode(rq.store);
	enum MHD_Result sent;
	if (!strcmp(url, "/api/stories"))
		sent = stories(conn, &rq);
	else if (!strncmp(url, "/api/stories/", 13))
		sent = story(conn, &rq, url + 13);
	else if (!strncmp(url, "/api/topics/", 12))
		sent = topic(conn, &rq, url + 12);
	else if (!strcmp(url, "/api/article"))
		sent = article(conn, &rq);
	else if (!strcmp(url, "/api/entities"))
		sent = entities(conn, &rq);
	else if (!strcmp(url, "/api/search"))
		sent = search(conn, &rq);
	else
		sent = reply_error(conn, MHD_HTTP_NOT_FOUND,
				   "no such page: %.200s", url);
	marsad_store_close(rq.store);
	return sent;
}

/* libmicrohttpd's own complaints, as the program's, one line each and
 * without the page it sends with a refusal ("Error processing request
 * (HTTP response code is 414 ('<html>…')). Closing connection."). */
static void log_mhd(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	msg[strcspn(msg, "\n")] = 0;
	char *page = strstr(msg, " ('<");
	if (page)
		strcpy(page, ")");
	cli_error("serve", "%s", msg);
}

/* ---- the command -------------------------------------------------------- */

int cmd_serve(cli *c, int argc, char **argv)
{
	const char *host = "127.0.0.1";
	long port = 8080;
	for (int i = 1; i < argc; i++) {
		char *end;
		if (i + 1 < argc && strcmp(argv[i], "--port") == 0) {
			port = strtol(argv[++i], &end, 10);
			if (*end || end == argv[i] || port < 0 || port > 65535) {
				cli_error("--port", "not a port from 0 to 65535: %s",
					  argv[i]);
				return EXIT_USAGE;
			}
		} else if (i + 1 < argc && strcmp(argv[i], "--host") == 0) {
			host = argv[++i];
		} else {
			cli_error("serve", "unexpected argument '%s'", argv[i]);
			return EXIT_USAGE;
		}
	}
	struct sockaddr_in in4 = {.sin_family = AF_INET,
				  .sin_port = htons((uint16_t)port)};
	struct sockaddr_in6 in6 = {.sin6_family = AF_INET6,
				   .sin6_port = htons((uint16_t)port)};
	int v6 = 0;
	if (inet_pton(AF_INET, host, &in4.sin_addr) != 1) {
		if (inet_pton(AF_INET6, host, &in6.sin6_addr) != 1) {
			cli_error("--host", "not a numeric IPv4 or IPv6 address: %s",
				  host);
			return EXIT_USAGE;
		}
		v6 = 1;
	}
	if (access(c->db, F_OK) != 0) {
		cli_error(c->db, "no such store (marsad ingest creates it)");
		return EXIT_FAIL;
	}
	server sv = {.path = c->db};
	if (cli_open_store(c, &sv.store) < 0)
		return EXIT_FAIL;
	sv.db = marsad_store_db(sv.store);
	pthread_mutex_init(&sv.lock, NULL);

	/* The signals that stop the server wait for the main thread alone:
	 * blocked before libmicrohttpd starts its thread, which inherits
	 * the mask. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
			MHD_USE_ERROR_LOG | (v6 ? MHD_USE_IPv6 : 0),
		(uint16_t)port, NULL, NULL, answer, &sv,
		MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL,
		MHD_OPTION_SOCK_ADDR,
		v6 ? (struct sockaddr *)&in6 : (struct sockaddr *)&in4,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)64,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)32,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
		MHD_OPTION_END);
	if (!d) {
		cli_error("serve", "cannot listen on %s port %ld", host, port);
		marsad_store_close(sv.store);
		return EXIT_FAIL;
	}
	pthread_mutex_lock(&sv.lock); /* the names, before anyone asks */
	refresh_entities(&sv);
	pthread_mutex_unlock(&sv.lock);
	const union MHD_DaemonInfo *info =
		MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("serving %s on http://%s%s%s:%u/\n", c->db, v6 ? "[" : "", host,
	       v6 ? "]" : "", info ? info->port : (unsigned)port);
	fflush(stdout);
	int sig = 0;
	sigwait(&stop, &sig);
	MHD_stop_daemon(d);
	if (sv.built_once)
		pthread_join(sv.builder, NULL);
	pthread_mutex_destroy(&sv.lock);
	marsad_entity_index_free(sv.entities);
	marsad_store_close(sv.store);
	return EXIT_OK;
}
