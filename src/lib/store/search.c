/*
 * search.c — the query language, ranking and snippets of
 * marsad_store_search() (the language is described in store.h).
 *
 * A query is read in two passes: a lexer cuts the raw bytes into items
 * (words, "phrases", their + - = * marks, OR), then the whole query is
 * analyzed once with marsad_analyze(), as the articles were, and each
 * token joins the item its bytes fall in. Only analyzed query terms reach
 * FTS5 (an index term, or the index terms a word may be found as, see
 * store_int.h), quoted and marked as pre-analyzed, so no text a user
 * pastes can be an FTS5 syntax error.
 *
 * Ranking: BM25F (the title weighs more than the body) over the stems of
 * every positive word, computed by the ranking function of fts5.c in one
 * pass over each term's postings; the surface form as written adds a
 * little (an exact spelling is better evidence than a shared stem), names
 * weigh more (they identify a story), a quoted phrase also scores as a
 * whole. Required and excluded parts only select, through an FTS5 MATCH
 * expression. A query without + - = * marks (which ask for exactly what
 * they say) is expanded by pseudo-relevance feedback:
 * the words most of its best articles share (see feedback()).
 * An optional prior favours articles published near a date.
 *
 * Cost: one pass over the postings of each term, once per connection
 * while the file is unchanged (fts5.c keeps what it read); a search runs
 * in one read transaction with statements kept prepared on the connection.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

/* Bounds on what a query may cost, whatever is pasted. */
#define QUERY_BYTES_MAX ((size_t)64 << 10)
#define QUERY_TOKENS_MAX 1024
#define SCORING_MAX 64  /* scored terms and phrases */
#define CLAUSES_MAX 32  /* required groups, excluded items */
#define PHRASE_TOKENS_MAX 16

/* Ranking constants (BM25F; see store_int.h): k1 and the title weight
 * were chosen within their usual ranges (k1 1.2-2, title 2-5) on the
 * set-a story labels (`marsad eval search`); the rest are round values. */
#define K1 1.6
#define B 0.75
#define W_TITLE 3.0
#define W_BODY 1.0
#define W_SURFACE 0.3 /* the surface as written, beside its stem */
#define W_NAME 1.5    /* a word the analyzer judged a name */
#define W_PHRASE 1.0  /* a quoted phrase as a whole */
/* The date prior: score × (1 + NEAR_GAIN · 2^(−days / NEAR_HALF_DAYS)). */
#define NEAR_GAIN 0.5
#define NEAR_HALF_DAYS 2.0
#define NEAR_DEPTH 1000 /* how many of the best the prior reorders */
/* Words in more than this share of the articles are not scored (when
 * rarer ones are; see store_int.h)... */
#define COMMON_SHARE 0.1
/* ...once the store holds this many articles. */
#define COMMON_MIN_ROWS 1000

/* ---- lexing ---------------------------------------------------------- */

enum { SIGN_NONE, SIGN_MUST, SIGN_NOT };

struct item {
	size_t start, end; /* the item's text, without its marks */
	int sign, exact, prefix, quoted;
	int group;         /* items joined by OR share a group */
	size_t first_tok, n_tok;
};

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Cuts q into items; returns their number (at most max). */
static size_t lex(const char *q, size_t len, struct item *items, size_t max)
{
	size_t n = 0, i = 0;
	int group = 0, join = 0;
	while (i < len && n < max) {
		while (i < len && is_space((unsigned char)q[i]))
			i++;
		if (i >= len)
			break;
		struct item it = {0};
		if ((q[i] == '+' || q[i] == '-') && i + 1 < len &&
		    !is_space((unsigned char)q[i + 1])) {
			it.sign = q[i] == '+' ? SIGN_MUST : SIGN_NOT;
			i++;
		}
		if (i < len && q[i] == '=') {
			it.exact = 1;
			i++;
		}
		if (i < len && q[i] == '"') {
			it.quoted = 1;
			it.start = ++i;
			while (i < len && q[i] != '"')
				i++;
			it.end = i;
			if (i < len)
				i++;
			if (i < len && q[i] == '*') {
				it.prefix = 1;
				i++;
			}
		} else {
			it.start = i;
			while (i < len && !is_space((unsigned char)q[i]) &&
			       q[i] != '"')
				i++;
			it.end = i;
			while (it.end > it.start && q[it.end - 1] == '*') {
				it.prefix = 1;
				it.end--;
			}
		}
		if (!it.quoted && !it.sign && !it.exact && !it.prefix &&
		    it.end - it.start == 2 && memcmp(q + it.start, "OR", 2) == 0) {
			join = n > 0;
			continue;
		}
		it.group = join ? group : ++group;
		join = 0;
		items[n++] = it;
	}
	return n;
}

/* ---- analysis ---------------------------------------------------------- */

struct qtok {
	size_t start;
	char *stem;    /* the query term of the stem */
	char *surface; /* of the normalized surface, or NULL when the word
			  has no surface token */
	unsigned flags;
};

struct qtoks {
	struct qtok *t;
	size_t n;
	int err;
};

static char *dup_term(const char *mark, const char *s, size_t n)
{
	size_t m = mark ? 1 : 0;
	char *p = malloc(n + m + 1);
	if (p) {
		if (m)
			p[0] = *mark;
		memcpy(p + m, s, n);
		p[n + m] = 0;
	}
	return p;
}

static int collect(void *ctx, const marsad_token *t)
{
	struct qtoks *q = ctx;
	if (q->n == QUERY_TOKENS_MAX)
		return 1;
	char term[MARSAD_QUERY_TERM_MAX];
	struct qtok *o = &q->t[q->n];
	o->start = t->start;
	o->flags = t->flags;
	o->stem = dup_term(NULL, term, marsad_fts5_query_term(t, 0, term));
	o->surface = marsad_fts5_has_surface(t)
			     ? dup_term(NULL, term,
					marsad_fts5_query_term(t, 1, term))
			     : NULL;
	if (!o->stem || (marsad_fts5_has_surface(t) && !o->surface)) {
		free(o->stem);
		free(o->surface);
		q->err = MARSAD_ENOMEM;
		return 1;
	}
	q->n++;
	return 0;
}

static void qtoks_clear(struct qtoks *q)
{
	for (size_t i = 0; i < q->n; i++) {
		free(q->t[i].stem);
		free(q->t[i].surface);
	}
	free(q->t);
}

/* ---- the parsed query -------------------------------------------------- */

struct scoring {
	marsad_buf phrase; /* an FTS5 phrase: "\x01term term" [*] */
	char *term;        /* the query term of a one-word phrase, else NULL */
	double weight;
};

struct query {
	struct scoring sc[SCORING_MAX];
	size_t n_sc;
	marsad_buf filter; /* selection: "" = every article scored */
	int plain;         /* no + - = * marks: feedback applies */
	marsad_buf all;    /* OR of the scoring phrases */
	int err;
};

static void query_clear(struct query *q)
{
	for (size_t i = 0; i < q->n_sc; i++) {
		marsad_buf_clear(&q->sc[i].phrase);
		free(q->sc[i].term);
	}
	marsad_buf_clear(&q->filter);
	marsad_buf_clear(&q->all);
}

static void put(struct query *q, marsad_buf *b, const char *s, size_t n)
{
	if (!q->err)
		q->err = marsad_buf_append(b, s, n);
}

static void puts_(struct query *q, marsad_buf *b, const char *s)
{
	put(q, b, s, strlen(s));
}

/* Writes the n bytes of a term at s into an FTS5 string; a '"' is
 * doubled, though the analyzer never makes one part of a term. */
static void put_term(struct query *q, marsad_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			puts_(q, b, "\"\"");
		else
			put(q, b, s + i, 1);
	}
}

/* Writes terms as one FTS5 string. */
static void put_phrase(struct query *q, marsad_buf *b, char *const *terms,
		       size_t n, int prefix)
{
	static const char pre = MARSAD_PREANALYZED;
	puts_(q, b, "\"");
	put(q, b, &pre, 1);
	for (size_t i = 0; i < n; i++) {
		if (i)
			puts_(q, b, " ");
		put_term(q, b, terms[i], strlen(terms[i]));
	}
	puts_(q, b, prefix ? "\" *" : "\"");
}

/* Writes the one-word phrase of query term t as a phrase per alternative,
 * joined by OR: the ranking function reads each through FTS5's iterator
 * of one term and adds their rows up (marsad_scan), where a phrase of
 * colocated alternatives (every query word's stem and surface) made FTS5
 * rebuild the position list of each row: 65% more instructions to search
 * the story queries of `marsad eval search`. */
static void put_alternatives(struct query *q, marsad_buf *b, const char *t)
{
	static const char pre = MARSAD_PREANALYZED;
	static const char alt[] = {MARSAD_ALTERNATIVE, '\0'};
	for (const char *p = t;; p++) {
		size_t n = strcspn(p, alt);
		puts_(q, b, p == t ? "\"" : " OR \"");
		put(q, b, &pre, 1);
		put_term(q, b, p, n);
		puts_(q, b, "\"");
		p += n;
		if (!*p)
			break;
	}
}

/* Adds a scored phrase, or more weight to the same phrase. */
static void add_scoring(struct query *q, char *const *terms, size_t n,
			int prefix, double weight)
{
	marsad_buf b = MARSAD_BUF_INIT;
	put_phrase(q, &b, terms, n, prefix);
	if (q->err) {
		marsad_buf_clear(&b);
		return;
	}
	for (size_t i = 0; i < q->n_sc; i++) {
		if (q->sc[i].phrase.len == b.len &&
		    memcmp(q->sc[i].phrase.data, b.data, b.len) == 0) {
			q->sc[i].weight += weight;
			marsad_buf_clear(&b);
			return;
		}
	}
	if (q->n_sc == SCORING_MAX) {
		marsad_buf_clear(&b);
		return;
	}
	char *term = NULL;
	if (n == 1 && !prefix && !(term = dup_term(NULL, terms[0],
						   strlen(terms[0])))) {
		q->err = MARSAD_ENOMEM;
		marsad_buf_clear(&b);
		return;
	}
	q->sc[q->n_sc].phrase = b;
	q->sc[q->n_sc].term = term;
	q->sc[q->n_sc++].weight = weight;
}

/* The query terms of one item (the surface forms where it asks for the
 * exact word, and for a prefix its last word); returns their number. */
static size_t item_terms(const struct item *it, const struct qtoks *toks,
			 char **terms)
{
	size_t n = it->n_tok < PHRASE_TOKENS_MAX ? it->n_tok
						 : PHRASE_TOKENS_MAX;
	for (size_t k = 0; k < n; k++) {
		const struct qtok *t = &toks->t[it->first_tok + k];
		int surface = it->exact || (it->prefix && k + 1 == n);
		terms[k] = surface && t->surface ? t->surface : t->stem;
	}
	return n;
}

static void build(struct query *q, const struct item *items, size_t n_items,
		  const struct qtoks *toks)
{
	char *terms[PHRASE_TOKENS_MAX];
	marsad_buf req = MARSAD_BUF_INIT, exc = MARSAD_BUF_INIT;
	size_t n_req = 0, n_exc = 0;
	q->plain = 1;
	for (size_t i = 0; i < n_items; i++)
		if (items[i].sign || items[i].exact || items[i].prefix)
			q->plain = 0;

	for (size_t i = 0; i < n_items && !q->err; i++) {
		const struct item *it = &items[i];
		size_t n = item_terms(it, toks, terms);
		if (n == 0)
			continue;
		if (it->sign == SIGN_NOT) {
			if (n_exc < CLAUSES_MAX) {
				puts_(q, &exc, n_exc++ ? " OR " : "");
				put_phrase(q, &exc, terms, n, it->prefix);
			}
			continue;
		}
		for (size_t k = 0; k < n; k++) {
			const struct qtok *t = &toks->t[it->first_tok + k];
			int prefix = it->prefix && k + 1 == n;
			double w = t->flags & MARSAD_TOKEN_NAME ? W_NAME : 1.0;
			add_scoring(q, &terms[k], 1, prefix, w);
			if (!it->exact && !prefix && t->surface)
				add_scoring(q, &t->surface, 1, 0,
					    W_SURFACE * w);
		}
		if (it->quoted && n > 1)
			add_scoring(q, terms, n, it->prefix, W_PHRASE);
	}

	/* Required groups: a group with a '+' member needs one of its
	 * positive members. */
	for (size_t i = 0; i < n_items && !q->err; i++) {
		if (i > 0 && items[i].group == items[i - 1].group)
			continue;
		size_t j = i, members = 0;
		int required = 0;
		for (; j < n_items && items[j].group == items[i].group; j++)
			required |= items[j].sign == SIGN_MUST;
		if (!required || n_req == CLAUSES_MAX)
			continue;
		marsad_buf g = MARSAD_BUF_INIT;
		for (size_t k = i; k < j; k++) {
			size_t n = item_terms(&items[k], toks, terms);
			if (n == 0 || items[k].sign == SIGN_NOT)
				continue;
			puts_(q, &g, members++ ? " OR " : "(");
			put_phrase(q, &g, terms, n, items[k].prefix);
		}
		if (members) {
			puts_(q, &req, n_req++ ? " AND " : "");
			put(q, &req, g.data, g.len);
			puts_(q, &req, ")");
		}
		marsad_buf_clear(&g);
	}

	for (size_t i = 0; i < q->n_sc; i++) {
		puts_(q, &q->all, i ? " OR " : "");
		if (q->sc[i].term)
			put_alternatives(q, &q->all, q->sc[i].term);
		else
			put(q, &q->all, q->sc[i].phrase.data,
			    q->sc[i].phrase.len);
	}
	if ((n_req || n_exc) && q->n_sc) {
		puts_(q, &q->filter, "(");
		if (n_req)
			put(q, &q->filter, req.data, req.len);
		else
			put(q, &q->filter, q->all.data, q->all.len);
		puts_(q, &q->filter, ")");
		if (n_exc) {
			puts_(q, &q->filter, " NOT (");
			put(q, &q->filter, exc.data, exc.len);
			puts_(q, &q->filter, ")");
		}
	}
	marsad_buf_clear(&req);
	marsad_buf_clear(&exc);
}

static int parse(const char *s, size_t len, struct query *q)
{
	memset(q, 0, sizeof *q);
	if (!s && len)
		return MARSAD_EINVAL;
	if (len > QUERY_BYTES_MAX)
		len = QUERY_BYTES_MAX;
	struct item *items = malloc(QUERY_TOKENS_MAX * sizeof *items);
	struct qtoks toks = {calloc(QUERY_TOKENS_MAX, sizeof *toks.t), 0, 0};
	if (!items || !toks.t) {
		free(items);
		free(toks.t);
		return MARSAD_ENOMEM;
	}
	size_t n_items = lex(s, len, items, QUERY_TOKENS_MAX);
	int rc = len ? marsad_analyze(s, len, 0, collect, &toks) : 0;
	if (toks.err)
		rc = toks.err;
	if (rc >= 0) {
		/* Each token joins the item its first byte is in; marks and
		 * quotes are not word characters, so tokens never straddle. */
		size_t k = 0;
		for (size_t i = 0; i < n_items; i++) {
			struct item *it = &items[i];
			while (k < toks.n && toks.t[k].start < it->start)
				k++;
			it->first_tok = k;
			while (k < toks.n && toks.t[k].start < it->end)
				k++;
			it->n_tok = k - it->first_tok;
		}
		build(q, items, n_items, &toks);
		rc = q->err;
	}
	free(items);
	qtoks_clear(&toks);
	if (rc < 0) {
		query_clear(q);
		return rc;
	}
	return MARSAD_OK;
}

int marsad_search_expr(const char *s, size_t len, marsad_buf *out)
{
	struct query q;
	int rc = parse(s, len, &q);
	if (rc < 0)
		return rc;
	const marsad_buf *e = q.filter.len ? &q.filter : &q.all;
	rc = e->len ? marsad_buf_append(out, e->data, e->len) : MARSAD_OK;
	query_clear(&q);
	return rc;
}

/* ---- running it -------------------------------------------------------- */

static int valid_date(const char *d)
{
	if (!d)
		return 1;
	if (strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)d[i]))
			return 0;
	return 1;
}

/* Days since 1970-01-01 of the YYYY-MM-DD at the start of d (the civil
 * calendar algorithm of H. Hinnant, "chrono-Compatible Low-Level Date
 * Algorithms"); NO_DATE when d does not start with a date. */
#define NO_DATE (-1000000000L)
static long days_of(const char *d)
{
	int y, m, day;
	if (!d || sscanf(d, "%4d-%2d-%2d", &y, &m, &day) != 3 || m < 1 ||
	    m > 12 || day < 1 || day > 31)
		return NO_DATE;
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int by_score(const void *a, const void *b)
{
	const scan_doc *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

static int by_rowid(const void *a, const void *b)
{
	sqlite3_int64 x = *(const sqlite3_int64 *)a,
		      y = *(const sqlite3_int64 *)b;
	return x < y ? -1 : x > y;
}

/* ---- article lengths ------------------------------------------------- */

void marsad_lengths_clear(doc_lengths *l)
{
	free(l->len);
	free(l->day);
	free(l->by_row);
	marsad_cache_clear(&l->cache);
	memset(l, 0, sizeof *l);
}

/* One SQLite varint (the encoding of the sizes in FTS5's docsize table:
 * big-endian groups of 7 bits, the high bit set on all but the last, a
 * ninth byte of 8 bits); returns the bytes read, 0 when truncated. */
static size_t get_varint(const unsigned char *p, size_t n, uint64_t *v)
{
	uint64_t x = 0;
	for (size_t i = 0; i < n && i < 9; i++) {
		if (i == 8) {
			*v = x << 8 | p[i];
			return 9;
		}
		x = x << 7 | (p[i] & 0x7f);
		if (!(p[i] & 0x80)) {
			*v = x;
			return i + 1;
		}
	}
	*v = 0;
	return 0;
}

static int int_query(sqlite3 *db, const char *sql, sqlite3_int64 *v)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static const char *const search_sql[SQ_N] = {
	[SQ_VERSION] = "PRAGMA data_version",
	[SQ_SCAN] = "SELECT marsad_scan(articles_fts, ?2) FROM articles_fts "
		    "WHERE articles_fts MATCH ?1 LIMIT 1",
	[SQ_FILTER] = "SELECT rowid FROM articles_fts WHERE articles_fts "
		      "MATCH ?1",
	[SQ_CHOOSE] = "SELECT published FROM articles WHERE id = ?1"
		      " AND (?2 IS NULL OR outlet = ?2)"
		      " AND (?3 IS NULL OR substr(published, 1, 10) >= ?3)"
		      " AND (?4 IS NULL OR substr(published, 1, 10) <= ?4)",
	[SQ_LEAD] = "SELECT title, substr(text, 1, ?2) FROM articles "
		    "WHERE id = ?1",
	[SQ_ROW] = "SELECT key, title, url, outlet, published FROM articles "
		   "WHERE id = ?1",
	[SQ_SNIPPET] = "SELECT snippet(articles_fts, 1, ?2, ?3, '…', 24) "
		       "FROM articles_fts WHERE articles_fts MATCH ?1 "
		       "AND rowid = ?4",
};

/* The statement `which` of the store, prepared on first use; *st is NULL
 * on failure. Give it back with done() before its bound text is freed. */
static int stmt(marsad_store *s, int which, sqlite3_stmt **st)
{
	int rc = SQLITE_OK;
	if (!s->search[which])
		rc = sqlite3_prepare_v3(s->db, search_sql[which], -1,
					SQLITE_PREPARE_PERSISTENT,
					&s->search[which], NULL);
	*st = s->search[which];
	return rc;
}

static void done(sqlite3_stmt *st)
{
	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
}

void marsad_search_clear(marsad_store *s)
{
	for (int i = 0; i < SQ_N; i++) {
		sqlite3_finalize(s->search[i]);
		s->search[i] = NULL;
	}
	marsad_lengths_clear(&s->lengths);
}

/* Past this many rowids lengths are asked of FTS5 row by row instead. */
#define LENGTHS_MAX ((sqlite3_int64)1 << 26)

/* Makes s->lengths current: kept while neither this connection nor
 * another one has changed the file. */
static int load_lengths(marsad_store *s)
{
	doc_lengths *l = &s->lengths;
	sqlite3_int64 version, top;
	sqlite3_stmt *v;
	int rc = stmt(s, SQ_VERSION, &v);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(v);
	version = sqlite3_column_int64(v, 0);
	done(v);
	if (rc != SQLITE_ROW)
		return rc;
	sqlite3_int64 changes = sqlite3_total_changes64(s->db);
	if (l->loaded && l->data_version == (int)version &&
	    l->changes == changes)
		return SQLITE_OK;
	marsad_lengths_clear(l);
	rc = int_query(s->db, "SELECT max(id) FROM articles_fts_docsize", &top);
	if (rc != SQLITE_OK || top < 0 || top >= LENGTHS_MAX)
		return rc;
	l->len = malloc((size_t)(top + 1) * sizeof *l->len);
	if (!l->len)
		return SQLITE_NOMEM;
	memset(l->len, 0xff, (size_t)(top + 1) * sizeof *l->len);
	l->n = top + 1;
	sqlite3_stmt *st;
	rc = sqlite3_prepare_v2(s->db, "SELECT id, sz FROM articles_fts_docsize",
				-1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		const unsigned char *p = sqlite3_column_blob(st, 1);
		size_t n = (size_t)sqlite3_column_bytes(st, 1), k;
		uint64_t t, b;
		rc = SQLITE_OK;
		if (id < 0 || id >= l->n || !p)
			continue;
		if ((k = get_varint(p, n, &t)) && get_varint(p + k, n - k, &b) &&
		    t < UINT32_MAX && b < UINT32_MAX) {
			l->len[id][0] = (uint32_t)t;
			l->len[id][1] = (uint32_t)b;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		marsad_lengths_clear(l);
		return rc;
	}
	l->data_version = (int)version;
	l->changes = changes;
	l->loaded = 1;
	return SQLITE_OK;
}

/* Adds to sc the scores of the scored terms and phrases of expr (an OR of
 * them, a term of alternatives as one phrase each), whose weights are
 * w[0..n); term[i] is the query term of the i-th when it is one word,
 * else NULL. */
static int run_scan(marsad_store *s, const marsad_buf *expr, const double *w,
		    char *const *term, int n, marsad_scan *sc)
{
	sqlite3_stmt *st;
	int rc = stmt(s, SQ_SCAN, &st);
	if (rc != SQLITE_OK)
		return marsad_store_err(rc);
	sc->term = term;
	sc->cache = s->lengths.loaded ? &s->lengths.cache : NULL;
	sc->weight = w;
	sc->n_weight = n;
	sqlite3_bind_text(st, 1, expr->data, (int)expr->len, SQLITE_STATIC);
	sqlite3_bind_pointer(st, 2, sc, MARSAD_SCAN_PTR, NULL);
	rc = sqlite3_step(st);
	done(st);
	sc->weight = NULL;
	sc->term = NULL;
	sc->cache = NULL;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return marsad_store_err(sc->rc != SQLITE_OK ? sc->rc : rc);
	return MARSAD_OK;
}

static int scan(marsad_store *s, struct query *q, marsad_scan *sc)
{
	double w[SCORING_MAX];
	char *term[SCORING_MAX];
	for (size_t i = 0; i < q->n_sc; i++) {
		w[i] = q->sc[i].weight;
		term[i] = q->sc[i].term;
	}
	*sc = (marsad_scan){.k1 = K1, .b = B, .w_col = {W_TITLE, W_BODY},
			    .common_share = COMMON_SHARE,
			    .common_min_rows = COMMON_MIN_ROWS};
	int rc = load_lengths(s);
	if (rc != SQLITE_OK)
		return marsad_store_err(rc);
	doc_lengths *l = &s->lengths;
	sc->lengths = l->loaded ? l : NULL;
	/* Articles found by rowid in an array rather than hashed. */
	if (l->loaded && !l->by_row)
		l->by_row = calloc((size_t)l->n, sizeof *l->by_row);
	if (l->loaded && l->by_row) {
		sc->by_row = l->by_row;
		sc->n_by_row = l->n;
	}
	return run_scan(s, &q->all, w, term, (int)q->n_sc, sc);
}

/* Keeps the scored articles the filter expression selects. */
static int apply_filter(marsad_store *s, const marsad_buf *filter,
			marsad_scan *sc)
{
	sqlite3_stmt *st;
	int rc = stmt(s, SQ_FILTER, &st);
	if (rc != SQLITE_OK)
		return marsad_store_err(rc);
	sqlite3_bind_text(st, 1, filter->data, (int)filter->len,
			  SQLITE_STATIC);
	sqlite3_int64 *ids = NULL;
	size_t n = 0, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			sqlite3_int64 *p = realloc(ids, cap * sizeof *p);
			if (!p) {
				rc = SQLITE_NOMEM;
				break;
			}
			ids = p;
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	done(st);
	if (rc != SQLITE_DONE) {
		free(ids);
		return marsad_store_err(rc);
	}
	if (n > 1)
		qsort(ids, n, sizeof *ids, by_rowid);
	size_t kept = 0;
	for (size_t i = 0; i < sc->n_docs; i++)
		if (n && bsearch(&sc->docs[i].rowid, ids, n, sizeof *ids,
				 by_rowid))
			sc->docs[kept++] = sc->docs[i];
	sc->n_docs = kept;
	free(ids);
	return MARSAD_OK;
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	if (!t)
		return NULL;
	return dup_term(NULL, (const char *)t,
			(size_t)sqlite3_column_bytes(st, i));
}

/* Fills s->lengths.day (after load_lengths). */
static int load_days(marsad_store *s)
{
	doc_lengths *l = &s->lengths;
	if (l->day || !l->loaded)
		return SQLITE_OK;
	if (!(l->day = malloc((size_t)l->n * sizeof *l->day)))
		return SQLITE_NOMEM;
	for (sqlite3_int64 i = 0; i < l->n; i++)
		l->day[i] = NO_DAY;
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(
		s->db, "SELECT id, published FROM articles WHERE published "
		       "IS NOT NULL",
		-1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		long d = days_of((const char *)sqlite3_column_text(st, 1));
		if (id >= 0 && id < l->n && d != NO_DATE)
			l->day[id] = (int32_t)d;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(l->day);
		l->day = NULL;
		return rc;
	}
	return SQLITE_OK;
}

/* The date prior's factor for an article published `days` from the date
 * asked for. */
static double near_factor(long days)
{
	return 1 + NEAR_GAIN * exp2(-(double)labs(days) / NEAR_HALF_DAYS);
}

/* ---- choosing the hits ---------------------------------------------- */

/* The heap keeps the k best seen, the one ranking last at its root. */
static void sift_down(scan_doc *h, size_t k, size_t i)
{
	for (;;) {
		size_t worst = i, l = 2 * i + 1, r = l + 1;
		if (l < k && by_score(&h[l], &h[worst]) > 0)
			worst = l;
		if (r < k && by_score(&h[r], &h[worst]) > 0)
			worst = r;
		if (worst == i)
			return;
		scan_doc t = h[i];
		h[i] = h[worst];
		h[worst] = t;
		i = worst;
	}
}

/* Moves the k best of d[0..n) to the front, best first, in O(n log k);
 * returns how many that is. */
static size_t best_first(scan_doc *d, size_t n, size_t k)
{
	if (k < n) {
		for (size_t i = k / 2; i-- > 0;)
			sift_down(d, k, i);
		for (size_t i = k; i < n; i++) {
			if (by_score(&d[i], &d[0]) < 0) {
				d[0] = d[i];
				sift_down(d, k, 0);
			}
		}
		n = k;
	}
	if (n > 1)
		qsort(d, n, sizeof *d, by_score);
	return n;
}

/*
 * Walks the articles best first, keeps those the outlet and date options
 * allow, applies the date prior to the first `depth`, and leaves the
 * chosen ones at the front of sc->docs; returns how many.
 */
static int choose(marsad_store *s, const marsad_search_opts *o, size_t limit,
		  marsad_scan *sc, size_t *chosen)
{
	*chosen = 0;
	int filtered = o->outlet || o->since || o->until;
	size_t depth = o->near ? (limit > NEAR_DEPTH ? limit : NEAR_DEPTH)
			       : limit;
	/* Without a filter the best `depth` are all that can be chosen. */
	size_t n = best_first(sc->docs, sc->n_docs,
			      filtered ? sc->n_docs : depth);
	if (!filtered && !o->near) {
		*chosen = n;
		return MARSAD_OK;
	}
	long near = o->near ? days_of(o->near) : 0;
	if (!filtered) {
		int rc = load_days(s);
		if (rc != SQLITE_OK)
			return marsad_store_err(rc);
		const doc_lengths *l = &s->lengths;
		for (size_t i = 0; i < n && l->day; i++) {
			sqlite3_int64 id = sc->docs[i].rowid;
			if (id >= 0 && id < l->n && l->day[id] != NO_DAY)
				sc->docs[i].score *=
					near_factor(l->day[id] - near);
		}
		if (l->day) {
			if (n > 1)
				qsort(sc->docs, n, sizeof *sc->docs, by_score);
			*chosen = n < limit ? n : limit;
			return MARSAD_OK;
		}
	}
	sqlite3_stmt *st;
	int rc = stmt(s, SQ_CHOOSE, &st);
	if (rc != SQLITE_OK)
		return marsad_store_err(rc);
	marsad_bind_text(st, 2, o->outlet);
	marsad_bind_text(st, 3, o->since);
	marsad_bind_text(st, 4, o->until);
	size_t kept = 0;
	for (size_t i = 0; i < n && kept < depth; i++) {
		sqlite3_bind_int64(st, 1, sc->docs[i].rowid);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			scan_doc d = sc->docs[i];
			if (o->near) {
				long day = days_of(
					(const char *)sqlite3_column_text(st, 0));
				if (day != NO_DATE)
					d.score *= near_factor(day - near);
			}
			sc->docs[kept++] = d;
		} else if (rc != SQLITE_DONE) {
			done(st);
			return marsad_store_err(rc);
		}
		sqlite3_reset(st);
	}
	done(st);
	if (o->near && kept > 1)
		qsort(sc->docs, kept, sizeof *sc->docs, by_score);
	*chosen = kept < limit ? kept : limit;
	return MARSAD_OK;
}

static int fill_hits(marsad_store *s, const struct query *q,
		     const marsad_search_opts *o, const marsad_scan *sc,
		     marsad_hit *hits, size_t n)
{
	sqlite3_stmt *row = NULL, *snip = NULL;
	int rc = stmt(s, SQ_ROW, &row);
	if (rc == SQLITE_OK && !(o->flags & MARSAD_SEARCH_NO_SNIPPET))
		rc = stmt(s, SQ_SNIPPET, &snip);
	if (rc == SQLITE_OK && snip) {
		sqlite3_bind_text(snip, 1, q->all.data, (int)q->all.len,
				  SQLITE_STATIC);
		sqlite3_bind_text(snip, 2, o->mark_open ? o->mark_open : "[",
				  -1, SQLITE_STATIC);
		sqlite3_bind_text(snip, 3, o->mark_close ? o->mark_close : "]",
				  -1, SQLITE_STATIC);
	}
	for (size_t i = 0; i < n && rc == SQLITE_OK; i++) {
		marsad_hit *h = &hits[i];
		h->score = sc->docs[i].score;
		sqlite3_bind_int64(row, 1, sc->docs[i].rowid);
		rc = sqlite3_step(row);
		if (rc == SQLITE_ROW) {
			h->key = col_dup(row, 0);
			h->title = col_dup(row, 1);
			h->url = col_dup(row, 2);
			h->outlet = col_dup(row, 3);
			h->published = col_dup(row, 4);
			rc = h->key && h->title ? SQLITE_OK : SQLITE_NOMEM;
		} else if (rc == SQLITE_DONE) {
			rc = SQLITE_CORRUPT; /* indexed but not stored */
		}
		sqlite3_reset(row);
		if (rc == SQLITE_OK && snip) {
			sqlite3_bind_int64(snip, 4, sc->docs[i].rowid);
			rc = sqlite3_step(snip);
			h->snippet = rc == SQLITE_ROW ? col_dup(snip, 0) : NULL;
			rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK
								   : rc;
			sqlite3_reset(snip);
		}
		if (rc == SQLITE_OK && !h->snippet)
			h->snippet = dup_term(NULL, "", 0);
		if (rc == SQLITE_OK && !h->snippet)
			rc = SQLITE_NOMEM;
	}
	done(row);
	done(snip);
	return marsad_store_err(rc);
}

/* ---- feedback ----------------------------------------------------------- */

/*
 * Pseudo-relevance feedback (J. J. Rocchio, 1971; as "RM3" in V. Lavrenko
 * and W. B. Croft, "Relevance-Based Language Models", SIGIR 2001): the
 * best articles of the first pass are read back, title and lead, and the
 * words that several of them share beyond the query are searched too, with
 * a weight by how many share them. The reports of one event share its
 * names and words that a short query lacks. A word is taken when most of
 * the few best share it: on the set-a story labels this moved MAP from
 * 0.494 to 0.509, and fewer articles or a lower bar let in words of
 * other stories.
 */
#define FB_DOCS 5    /* the best articles read back */
#define FB_LEAD 1000 /* bytes of each one's text: its lead */
#define FB_MIN 4     /* an expansion word is in this many of them */
#define FB_TERMS 8   /* expansion words at most */
#define W_FB 1.0     /* the weight of one found in all FB_DOCS */

struct fb_word {
	char *stem; /* its query term */
	int doc;
};

struct fb {
	struct fb_word *w;
	size_t n, cap;
	int doc;
	int err;
};

static int fb_collect(void *ctx, const marsad_token *t)
{
	struct fb *f = ctx;
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 512;
		struct fb_word *w = realloc(f->w, cap * sizeof *w);
		if (!w) {
			f->err = MARSAD_ENOMEM;
			return 1;
		}
		f->w = w;
		f->cap = cap;
	}
	char term[MARSAD_QUERY_TERM_MAX];
	char *stem = dup_term(NULL, term, marsad_fts5_query_term(t, 0, term));
	if (!stem) {
		f->err = MARSAD_ENOMEM;
		return 1;
	}
	f->w[f->n++] = (struct fb_word){stem, f->doc};
	return 0;
}

static int by_stem_doc(const void *a, const void *b)
{
	const struct fb_word *x = a, *y = b;
	int c = strcmp(x->stem, y->stem);
	return c ? c : (x->doc > y->doc) - (x->doc < y->doc);
}

struct fb_term {
	const char *stem;
	int docs;
};

static int by_docs(const void *a, const void *b)
{
	const struct fb_term *x = a, *y = b;
	if (x->docs != y->docs)
		return y->docs - x->docs;
	return strcmp(x->stem, y->stem);
}

static int in_query(const struct query *q, const char *stem)
{
	for (size_t i = 0; i < q->n_sc; i++)
		if (q->sc[i].term && strcmp(q->sc[i].term, stem) == 0)
			return 1;
	return 0;
}

/* Reads back the n best of sc (best[0..n)) into f. */
static int fb_read(marsad_store *s, const scan_doc *best, size_t n,
		   struct fb *f)
{
	sqlite3_stmt *st;
	int rc = stmt(s, SQ_LEAD, &st);
	for (size_t i = 0; i < n && rc == SQLITE_OK && !f->err; i++) {
		sqlite3_bind_int64(st, 1, best[i].rowid);
		sqlite3_bind_int(st, 2, FB_LEAD);
		rc = sqlite3_step(st);
		f->doc = (int)i;
		for (int c = 0; c < 2 && rc == SQLITE_ROW; c++) {
			const char *t = (const char *)sqlite3_column_text(st, c);
			if (t)
				marsad_analyze(t, (size_t)sqlite3_column_bytes(st, c),
					       0, fb_collect, f);
		}
		rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
		sqlite3_reset(st);
	}
	done(st);
	return rc != SQLITE_OK ? marsad_store_err(rc) : f->err;
}

/* Searches the words the best articles of sc share, adding to sc. */
static int feedback(marsad_store *s, const struct query *q, marsad_scan *sc)
{
	size_t n = sc->n_docs < FB_DOCS ? sc->n_docs : FB_DOCS;
	if (n < FB_MIN)
		return MARSAD_OK;
	scan_doc *copy = malloc(sc->n_docs * sizeof *copy);
	if (!copy)
		return MARSAD_ENOMEM;
	memcpy(copy, sc->docs, sc->n_docs * sizeof *copy);
	n = best_first(copy, sc->n_docs, n);
	struct fb f = {0};
	int rc = fb_read(s, copy, n, &f);
	free(copy);
	struct fb_term terms[FB_TERMS + 1];
	size_t n_terms = 0;
	/* The words in FB_MIN of them or more, the most shared first. */
	if (rc == MARSAD_OK && f.n > 1)
		qsort(f.w, f.n, sizeof *f.w, by_stem_doc);
	for (size_t i = 0; rc == MARSAD_OK && i < f.n;) {
		size_t j = i;
		int docs = 0;
		for (; j < f.n && strcmp(f.w[j].stem, f.w[i].stem) == 0; j++)
			docs += j == i || f.w[j].doc != f.w[j - 1].doc;
		if (docs >= FB_MIN && !in_query(q, f.w[i].stem)) {
			terms[n_terms++] = (struct fb_term){f.w[i].stem, docs};
			qsort(terms, n_terms, sizeof *terms, by_docs);
			if (n_terms > FB_TERMS)
				n_terms = FB_TERMS;
		}
		i = j;
	}
	struct query fq = {0};
	double w[FB_TERMS];
	char *term[FB_TERMS];
	for (size_t i = 0; i < n_terms && !fq.err; i++) {
		term[i] = (char *)terms[i].stem;
		w[i] = W_FB * terms[i].docs / (double)n;
		puts_(&fq, &fq.all, i ? " OR " : "");
		put_alternatives(&fq, &fq.all, term[i]);
	}
	if (rc == MARSAD_OK)
		rc = fq.err;
	marsad_scan more;
	if (rc == MARSAD_OK && n_terms) {
		more = *sc;
		more.docs = NULL;
		more.slots = NULL;
		more.by_row = NULL; /* sc's, in use */
		more.n_docs = more.cap = more.n_slots = 0;
		more.only_rare = 1;
		rc = run_scan(s, &fq.all, w, term, (int)n_terms, &more);
		for (size_t i = 0; rc == MARSAD_OK && i < more.n_docs; i++)
			if (marsad_scan_add(sc, more.docs[i].rowid,
					    more.docs[i].score) != SQLITE_OK)
				rc = MARSAD_ENOMEM;
		marsad_scan_clear(&more);
	}
	marsad_buf_clear(&fq.all);
	for (size_t i = 0; i < f.n; i++)
		free(f.w[i].stem);
	free(f.w);
	return rc;
}

int marsad_store_search(marsad_store *s, const char *qs, size_t len,
			const marsad_search_opts *opts, marsad_hit **out,
			size_t *n_out)
{
	static const marsad_search_opts none;
	const marsad_search_opts *o = opts ? opts : &none;
	*out = NULL;
	*n_out = 0;
	if (!s || !valid_date(o->since) || !valid_date(o->until) ||
	    !valid_date(o->near))
		return MARSAD_EINVAL;
	size_t limit = o->limit ? o->limit : 10;
	struct query q;
	int rc = parse(qs, len, &q);
	if (rc < 0)
		return rc;
	if (q.n_sc == 0) {
		query_clear(&q);
		return MARSAD_OK;
	}
	/* One read transaction for the whole search, rather than a lock
	 * taken and released by each of its statements. */
	int own = sqlite3_get_autocommit(s->db);
	if (own && sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		own = 0;
	marsad_scan sc;
	rc = scan(s, &q, &sc);
	if (rc == MARSAD_OK && q.plain)
		rc = feedback(s, &q, &sc);
	marsad_scan_seal(&sc);
	if (rc == MARSAD_OK && q.filter.len)
		rc = apply_filter(s, &q.filter, &sc);
	size_t n = 0;
	if (rc == MARSAD_OK)
		rc = choose(s, o, limit, &sc, &n);
	marsad_hit *hits = NULL;
	if (rc == MARSAD_OK && n) {
		hits = calloc(n, sizeof *hits);
		rc = hits ? fill_hits(s, &q, o, &sc, hits, n) : MARSAD_ENOMEM;
	}
	if (own)
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	marsad_scan_clear(&sc);
	query_clear(&q);
	if (rc != MARSAD_OK) {
		marsad_hits_free(hits, n);
		return rc;
	}
	*out = hits;
	*n_out = n;
	return MARSAD_OK;
}

void marsad_hits_free(marsad_hit *hits, size_t n)
{
	if (!hits)
		return;
	for (size_t i = 0; i < n; i++) {
		free(hits[i].key);
		free(hits[i].title);
		free(hits[i].url);
		free(hits[i].outlet);
		free(hits[i].published);
		free(hits[i].snippet);
	}
	free(hits);
}
