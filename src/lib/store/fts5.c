/*
 * fts5.c — the FTS5 tokenizer "marsad" and the ranking function
 * "marsad_scan".
 *
 * The tokenizer runs marsad_analyze() (text.h), the analyzer `marsad
 * tokens` shows, and reports each word at its byte span in the original
 * text, so highlight() and snippet() mark the words as written. A word is
 * indexed as its stem (what plain queries match, whatever the spelling) and
 * as "=" + its normalized surface form, colocated (FTS5_TOKEN_COLOCATED:
 * the same position), for exact and prefix queries on what was written;
 * a word written as its own stem once, as "#" + that form, which queries
 * for either find as an alternative (store_int.h; on SaudiNewsNet 16%
 * fewer tokens to write, merge and store). Stopwords are not indexed. An
 * article's tokens may be analyzed ahead, in another thread, and fed to
 * its connection's tokenizer, which replays them. Against the v1
 * fts5_tokenizer API of SQLite 3.40 (sqlite.org/fts5.html §7, "Extending
 * FTS5").
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "marsad/text.h"
#include "store_int.h"

/* ---- tokenizer ------------------------------------------------------- */

struct tok_ctx {
	void *fts;
	int (*emit)(void *fts, int tflags, const char *tok, int n, int start,
		    int end);
	const char *text;
	int query;     /* FTS5_TOKENIZE_QUERY: query terms */
	int rc;        /* the first non-OK code from emit */
};

/* Only words whose surface can differ from their index term carry a
 * surface token: Arabic words (clitics, stems) and any other word the
 * analyzer stemmed. */
int marsad_fts5_has_surface(const marsad_token *t)
{
	return t->kind == MARSAD_TOKEN_ARABIC || t->norm_len != t->stem_len ||
	       memcmp(t->norm, t->stem, t->norm_len) != 0;
}

/* Of those, a word whose surface is its stem gets the one self token. */
static int is_self(const marsad_token *t)
{
	return t->norm_len == t->stem_len &&
	       memcmp(t->norm, t->stem, t->norm_len) == 0 &&
	       marsad_fts5_has_surface(t);
}

/* mark (or none) and the n bytes at s, to out; returns its end. */
static char *put_term(char *out, char mark, const char *s, size_t n)
{
	if (mark)
		*out++ = mark;
	memcpy(out, s, n);
	return out + n;
}

size_t marsad_fts5_query_term(const marsad_token *t, int surface, char *out)
{
	char *p = out;
	if (!marsad_fts5_has_surface(t)) {
		p = put_term(p, 0, t->stem, t->stem_len);
	} else {
		const char *w = surface ? t->norm : t->stem;
		size_t n = surface ? t->norm_len : t->stem_len;
		if (n > MARSAD_TOKEN_MAX)
			n = MARSAD_TOKEN_MAX;
		p = put_term(p, surface ? MARSAD_SURFACE_MARK : 0, w, n);
		*p++ = MARSAD_ALTERNATIVE;
		p = put_term(p, MARSAD_SELF_MARK, w, n);
	}
	*p = '\0';
	return (size_t)(p - out);
}

/* Query terms (marsad_fts5_query_term()) separated by spaces. */
static int emit_terms(struct tok_ctx *c, const char *s, int n)
{
	int i = 0;
	while (i < n) {
		while (i < n && s[i] == ' ')
			i++;
		for (int flags = 0; i < n && s[i] != ' ';
		     flags = FTS5_TOKEN_COLOCATED) {
			int j = i;
			while (j < n && s[j] != ' ' && s[j] != MARSAD_ALTERNATIVE)
				j++;
			if (j > i) {
				int rc = c->emit(c->fts, flags, s + i, j - i, i, j);
				if (rc != SQLITE_OK)
					return rc;
			}
			i = j < n && s[j] == MARSAD_ALTERNATIVE ? j + 1 : j;
		}
	}
	return SQLITE_OK;
}

static int on_token(void *ctx, const marsad_token *t)
{
	struct tok_ctx *c = ctx;
	int start = (int)t->start, end = (int)t->end;
	char term[MARSAD_QUERY_TERM_MAX];

	if (c->query) {
		/* "=word" in a query typed into the sqlite3 shell asks for the
		 * surface form, as in marsad_store_search(). */
		int exact = start > 0 && c->text[start - 1] == '=';
		size_t n = marsad_fts5_query_term(t, exact, term);
		c->rc = emit_terms(c, term, (int)n);
		return c->rc != SQLITE_OK;
	}
	if (is_self(t)) {
		char *e = put_term(term, MARSAD_SELF_MARK, t->stem, t->stem_len);
		c->rc = c->emit(c->fts, 0, term, (int)(e - term), start, end);
		return c->rc != SQLITE_OK;
	}
	c->rc = c->emit(c->fts, 0, t->stem, (int)t->stem_len, start, end);
	if (c->rc == SQLITE_OK && marsad_fts5_has_surface(t)) {
		size_t n = t->norm_len < MARSAD_TOKEN_MAX ? t->norm_len
							  : MARSAD_TOKEN_MAX;
		char *e = put_term(term, MARSAD_SURFACE_MARK, t->norm, n);
		c->rc = c->emit(c->fts, FTS5_TOKEN_COLOCATED, term,
				(int)(e - term), start, end);
	}
	return c->rc != SQLITE_OK;
}

/* Emits the index tokens of a document's text through c; words is its
 * analysis, or NULL. */
static int tokenize_doc(struct tok_ctx *c, const marsad_analysis *words,
			const char *text, size_t n)
{
	int rc = marsad_analysis_each(words, text, n, 0, on_token, c);
	if (c->rc != SQLITE_OK)
		return c->rc;
	if (rc == MARSAD_ENOMEM)
		return SQLITE_NOMEM;
	return rc < 0 ? SQLITE_ERROR : SQLITE_OK;
}

/* ---- tokens analyzed ahead ---------------------------------------------- */

/*
 * A field's tokens are recorded as they would be emitted, each as its
 * flags (1 byte), length (2), bytes, start and end (4 each, native order),
 * with the field's length and hash; the tokenizer replays them when it is
 * handed a text of that length and hash, and analyzes any other text.
 */

static uint64_t rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

#define XXH_P1 0x9E3779B185EBCA87ULL
#define XXH_P2 0xC2B2AE3D27D4EB4FULL

/* One 8-byte word into h. */
static uint64_t hash_word(uint64_t h, uint64_t w)
{
	h ^= rotl64(w * XXH_P2, 31) * XXH_P1;
	return rotl64(h, 27) * XXH_P1 + 0x85EBCA77C2B2AE63ULL;
}

/* Eight bytes at a time (the writer hashes every text it indexes, and a
 * byte at a time took 9 instructions a byte): the word round and the
 * final avalanche of xxHash64 (Y. Collet, "xxHash fast digest algorithm",
 * XXH64), seeded with the length, the last word padded with zeros.
 * Native byte order: in-memory use only. */
uint64_t marsad_store_hash(const char *s, size_t n)
{
	uint64_t h = 0x27D4EB2F165667C5ULL + (uint64_t)n, w;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = hash_word(h, w);
	}
	if (i < n) {
		w = 0;
		memcpy(&w, s + i, n - i);
		h = hash_word(h, w);
	}
	h ^= h >> 33;
	h *= XXH_P2;
	h ^= h >> 29;
	h *= 0x165667B19E3779F9ULL;
	h ^= h >> 32;
	return h ? h : 1;
}

static int record(void *out, int tflags, const char *tok, int n, int start,
		  int end)
{
	marsad_buf *b = out;
	unsigned char f = (unsigned char)tflags;
	uint16_t len = (uint16_t)n; /* n <= MARSAD_TOKEN_MAX + 1 */
	int32_t span[2] = {start, end};
	/* one reservation (the NUL included), then the fields in place */
	if (marsad_buf_reserve(b, 3 + len + sizeof span) < 0)
		return SQLITE_NOMEM;
	char *p = b->data + b->len;
	p[0] = (char)f;
	memcpy(p + 1, &len, 2);
	memcpy(p + 3, tok, len);
	memcpy(p + 3 + len, span, sizeof span);
	b->len += 3 + len + sizeof span;
	b->data[b->len] = '\0';
	return SQLITE_OK;
}

static int replay(const marsad_buf *b, void *fts,
		  int (*emit)(void *, int, const char *, int, int, int))
{
	size_t i = 0;
	while (i < b->len) {
		unsigned char f = (unsigned char)b->data[i];
		uint16_t len;
		int32_t span[2];
		memcpy(&len, b->data + i + 1, 2);
		memcpy(span, b->data + i + 3 + len, sizeof span);
		int rc = emit(fts, f, b->data + i + 3, len, span[0], span[1]);
		if (rc != SQLITE_OK)
			return rc;
		i += 3 + len + sizeof span;
	}
	return SQLITE_OK;
}

int marsad_store_analyze(const marsad_article *a, marsad_index_terms **out)
{
	*out = NULL;
	if (!a || !a->doc)
		return MARSAD_EINVAL;
	marsad_index_terms *t = calloc(1, sizeof *t);
	if (!t)
		return MARSAD_ENOMEM;
	const char *f[2] = {a->doc->title ? a->doc->title : "",
			    a->doc->text ? a->doc->text : ""};
	const marsad_analysis *words[2] = {a->title_words, a->text_words};
	size_t n[2] = {strlen(f[0]), a->doc->text ? a->doc->text_len : 0};
	int rc = SQLITE_OK;
	for (int k = 0; k < 2 && rc == SQLITE_OK; k++) {
		t->len[k] = n[k];
		t->hash[k] = marsad_store_hash(f[k], n[k]);
		struct tok_ctx c = {&t->tok[k], record, f[k], 0, SQLITE_OK};
		if (n[k] > 0 && n[k] <= INT32_MAX)
			rc = tokenize_doc(&c, words[k], f[k], n[k]);
	}
	if (rc == SQLITE_OK && !(t->removed = marsad_removed_json(a->doc)))
		rc = SQLITE_NOMEM;
	if (rc != SQLITE_OK) {
		marsad_index_terms_free(t);
		return rc == SQLITE_NOMEM ? MARSAD_ENOMEM : MARSAD_EINVAL;
	}
	*out = t;
	return MARSAD_OK;
}

void marsad_index_terms_free(marsad_index_terms *t)
{
	if (!t)
		return;
	marsad_buf_clear(&t->tok[0]);
	marsad_buf_clear(&t->tok[1]);
	free(t->removed);
	free(t);
}

void marsad_feed_push(index_feed *f, marsad_index_terms *t)
{
	t->next = NULL;
	if (f->tail)
		f->tail->next = t;
	else
		f->head = t;
	f->tail = t;
}

void marsad_feed_clear(index_feed *f)
{
	while (f->head) {
		marsad_index_terms *t = f->head;
		f->head = t->next;
		marsad_index_terms_free(t);
	}
	f->tail = NULL;
	f->field = 0;
}

/* Skips the empty fields of the head (FTS5 may not ask for them) and
 * drops a head whose fields are all used. */
static void feed_settle(index_feed *f)
{
	while (f->head && (f->field == 2 || f->head->len[f->field] == 0)) {
		if (f->field < 2 && f->head->len[f->field] == 0) {
			f->field++;
			continue;
		}
		marsad_index_terms *t = f->head;
		f->head = t->next;
		if (!f->head)
			f->tail = NULL;
		marsad_index_terms_free(t);
		f->field = 0;
	}
}

/* The recorded tokens of text when they are the next ones fed, or NULL. */
static const marsad_buf *feed_take(index_feed *f, const char *text, int n)
{
	if (!f)
		return NULL;
	feed_settle(f);
	marsad_index_terms *t = f->head;
	if (!t || t->len[f->field] != (size_t)n ||
	    t->hash[f->field] != marsad_store_hash(text, (size_t)n))
		return NULL;
	return &t->tok[f->field++];
}

/* ---- the tokenizer's entry points -------------------------------------- */

/* The instance of a connection registered with a feed is that feed; a
 * static byte stands for the others. */
static char no_feed;

static int tok_create(void *feed, const char **argv, int argc,
		      Fts5Tokenizer **out)
{
	/* No options: one analysis everywhere. */
	if (argc > 0) {
		*out = NULL;
		return SQLITE_ERROR;
	}
	*out = (Fts5Tokenizer *)(feed ? feed : &no_feed);
	return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t)
{
}

static int tok_tokenize(Fts5Tokenizer *t, void *fts, int flags,
			const char *text, int n,
			int (*emit)(void *, int, const char *, int, int, int))
{
	struct tok_ctx c = {fts, emit, text, (flags & FTS5_TOKENIZE_QUERY) != 0,
			    SQLITE_OK};
	if (n <= 0)
		return SQLITE_OK;
	if (c.query && text[0] == MARSAD_PREANALYZED)
		return emit_terms(&c, text + 1, n - 1);
	index_feed *feed = (void *)t != (void *)&no_feed ? (index_feed *)t
							  : NULL;
	const marsad_buf *ahead =
		flags & FTS5_TOKENIZE_DOCUMENT ? feed_take(feed, text, n) : NULL;
	if (ahead)
		return replay(ahead, fts, emit);
	return tokenize_doc(&c, NULL, text, (size_t)n);
}

/* ---- ranking ---------------------------------------------------------- */

void marsad_scan_seal(marsad_scan *sc)
{
	for (size_t i = 0; sc->by_row && i < sc->n_docs; i++)
		if (sc->docs[i].rowid >= 0 && sc->docs[i].rowid < sc->n_by_row)
			sc->by_row[sc->docs[i].rowid] = 0;
	sc->by_row = NULL;
}

void marsad_scan_clear(marsad_scan *sc)
{
	marsad_scan_seal(sc);
	free(sc->docs);
	free(sc->slots);
	sc->docs = NULL;
	sc->slots = NULL;
	sc->n_docs = sc->cap = sc->n_slots = 0;
}

static size_t slot_of(sqlite3_int64 rowid, size_t n_slots)
{
	uint64_t h = (uint64_t)rowid * 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 32) & (n_slots - 1);
}

static int in_rows(const marsad_scan *sc, sqlite3_int64 rowid)
{
	return sc->by_row && rowid >= 0 && rowid < sc->n_by_row;
}

/* Rehashes the articles not found through by_row into twice the slots;
 * keeps the load under one half. */
static int grow_slots(marsad_scan *sc)
{
	size_t n_slots = sc->n_slots ? sc->n_slots * 2 : 16384;
	uint32_t *slots = calloc(n_slots, sizeof *slots);
	if (!slots)
		return SQLITE_NOMEM;
	for (size_t i = 0; i < sc->n_docs; i++) {
		if (in_rows(sc, sc->docs[i].rowid))
			continue;
		size_t k = slot_of(sc->docs[i].rowid, n_slots);
		while (slots[k])
			k = (k + 1) & (n_slots - 1);
		slots[k] = (uint32_t)i + 1;
	}
	free(sc->slots);
	sc->slots = slots;
	sc->n_slots = n_slots;
	return SQLITE_OK;
}

static int grow_docs(marsad_scan *sc)
{
	size_t cap = sc->cap ? sc->cap * 2 : 8192;
	scan_doc *docs = realloc(sc->docs, cap * sizeof *docs);
	if (!docs)
		return SQLITE_NOMEM;
	sc->docs = docs;
	sc->cap = cap;
	return SQLITE_OK;
}

int marsad_scan_add(marsad_scan *sc, sqlite3_int64 rowid, double score)
{
	uint32_t *slot;
	if (in_rows(sc, rowid)) {
		slot = &sc->by_row[rowid];
	} else {
		if (2 * (sc->n_docs + 1) > sc->n_slots &&
		    grow_slots(sc) != SQLITE_OK)
			return SQLITE_NOMEM;
		size_t k = slot_of(rowid, sc->n_slots);
		while (sc->slots[k] && sc->docs[sc->slots[k] - 1].rowid != rowid)
			k = (k + 1) & (sc->n_slots - 1);
		slot = &sc->slots[k];
	}
	if (*slot) {
		sc->docs[*slot - 1].score += score;
		return SQLITE_OK;
	}
	if (sc->n_docs == sc->cap && grow_docs(sc) != SQLITE_OK)
		return SQLITE_NOMEM;
	sc->docs[sc->n_docs] = (scan_doc){rowid, score};
	*slot = (uint32_t)++sc->n_docs;
	return SQLITE_OK;
}

/* ---- the postings cache ------------------------------------------------ */

#define CACHE_POSTINGS ((size_t)1 << 20) /* 16 MiB */
#define CACHE_TERMS 4096

void marsad_cache_clear(postings_cache *c)
{
	for (size_t i = 0; i < c->cap; i++)
		free(c->slot[i].p);
	free(c->slot);
	memset(c, 0, sizeof *c);
}

static uint64_t term_hash(const char *t)
{
	return marsad_store_hash(t, strlen(t));
}

/* The slot of hash h: its entry, or the empty slot where it would go. */
static cached_term *cache_slot(const postings_cache *c, uint64_t h)
{
	size_t k = h & (c->cap - 1);
	while (c->slot[k].hash && c->slot[k].hash != h)
		k = (k + 1) & (c->cap - 1);
	return &c->slot[k];
}

static const cached_term *cache_find(const postings_cache *c, const char *t)
{
	if (!c || !t || !c->cap)
		return NULL;
	const cached_term *e = cache_slot(c, term_hash(t));
	return e->hash ? e : NULL;
}

/* Keeps the n postings p of t (complete or not); on failure nothing is
 * kept, and searching goes on without. */
static void cache_put(postings_cache *c, const char *t, const posting *p,
		      size_t n, int complete)
{
	if (!c || !t)
		return;
	size_t kept = complete ? n : 0;
	if (c->n_terms >= CACHE_TERMS ||
	    c->n_postings + kept > CACHE_POSTINGS)
		marsad_cache_clear(c);
	if (kept > CACHE_POSTINGS)
		return;
	if (!c->cap) {
		if (!(c->slot = calloc(2 * CACHE_TERMS, sizeof *c->slot)))
			return;
		c->cap = 2 * CACHE_TERMS;
	}
	posting *copy = NULL;
	if (kept && !(copy = malloc(kept * sizeof *copy)))
		return;
	if (kept)
		memcpy(copy, p, kept * sizeof *copy);
	cached_term *e = cache_slot(c, term_hash(t));
	if (e->hash) { /* the rest of a common word */
		c->n_postings -= e->complete ? e->n : 0;
		free(e->p);
	} else {
		c->n_terms++;
	}
	*e = (cached_term){term_hash(t), copy, n, complete};
	c->n_postings += kept;
}

/* ---- the scan ----------------------------------------------------------- */

/* A row of one phrase: its tf in each field, and the field's length
 * where the tf is not 0. */
typedef struct row_tf {
	sqlite3_int64 rowid;
	int tf[2], len[2];
} row_tf;

/*
 * One pass over a term's rows. A term of several alternatives (a query
 * term, marsad_fts5_query_term()) is read an alternative after the other,
 * each merged as it is read with the rows of those before it (by rowid,
 * the order FTS5 gives): a row of both counts the tfs of both (a word is
 * indexed as one of its alternatives, store_int.h, so they never share a
 * position), and so a term's rows and tfs are those of the one phrase of
 * its alternatives, colocated, at the cost of a merge, where FTS5 rebuilt
 * such a phrase's position list for every row.
 */
struct phrase_pass {
	const marsad_scan *sc;
	double avg[2];
	row_tf *prev;  /* the rows of the alternatives before, by rowid */
	size_t n_prev, at; /* how many; the first not passed on yet */
	row_tf *next;  /* the rows so far, when more alternatives follow */
	size_t n_next, cap_next, cap_prev;
	posting *p;    /* the postings, when this is the last one */
	size_t n, cap;
	int last;
	size_t read;   /* rows of this alternative */
	size_t cut;    /* stop after this many rows of one alternative (0:
			  never) */
};

/* Passes on r: as its posting, its length-normalized field tf, when the
 * last alternative is read, else to the rows of the next. */
static int pass_on(struct phrase_pass *pp, const row_tf *r)
{
	if (!pp->last) {
		if (pp->n_next == pp->cap_next) {
			size_t cap = pp->cap_next ? pp->cap_next * 2 : 256;
			row_tf *p = realloc(pp->next, cap * sizeof *p);
			if (!p)
				return SQLITE_NOMEM;
			pp->next = p;
			pp->cap_next = cap;
		}
		pp->next[pp->n_next++] = *r;
		return SQLITE_OK;
	}
	const marsad_scan *sc = pp->sc;
	double tfw = 0;
	for (int k = 0; k < 2; k++) {
		if (!r->tf[k])
			continue;
		double norm = 1 - sc->b + sc->b * r->len[k] / pp->avg[k];
		tfw += sc->w_col[k] * r->tf[k] / norm;
	}
	if (pp->n == pp->cap) {
		size_t cap = pp->cap ? pp->cap * 2 : 256;
		posting *p = realloc(pp->p, cap * sizeof *p);
		if (!p)
			return SQLITE_NOMEM;
		pp->p = p;
		pp->cap = cap;
	}
	pp->p[pp->n++] = (posting){r->rowid, tfw};
	return SQLITE_OK;
}

/* Passes on the rows before rowid of the alternatives before. */
static int pass_before(struct phrase_pass *pp, sqlite3_int64 rowid)
{
	for (; pp->at < pp->n_prev && pp->prev[pp->at].rowid < rowid; pp->at++) {
		int rc = pass_on(pp, &pp->prev[pp->at]);
		if (rc != SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
}

static int on_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *ctx)
{
	struct phrase_pass *pp = ctx;
	if (pp->cut && pp->read >= pp->cut)
		return SQLITE_DONE; /* a common phrase: not scored */
	pp->read++;
	Fts5PhraseIter it;
	int col, off;
	row_tf r = {api->xRowid(fts), {0, 0}, {0, 0}};
	int rc = api->xPhraseFirst(fts, 0, &it, &col, &off);
	if (rc != SQLITE_OK)
		return rc;
	for (; col >= 0; api->xPhraseNext(fts, &it, &col, &off))
		if (col < 2)
			r.tf[col]++;
	const doc_lengths *l = pp->sc->lengths;
	for (int k = 0; k < 2; k++) {
		if (!r.tf[k])
			continue;
		if (l && r.rowid >= 0 && r.rowid < l->n &&
		    l->len[r.rowid][k] != UINT32_MAX)
			r.len[k] = (int)l->len[r.rowid][k];
		else if ((rc = api->xColumnSize(fts, k, &r.len[k])) != SQLITE_OK)
			return rc;
	}
	if ((rc = pass_before(pp, r.rowid)) != SQLITE_OK)
		return rc;
	if (pp->at < pp->n_prev && pp->prev[pp->at].rowid == r.rowid) {
		const row_tf *q = &pp->prev[pp->at++];
		for (int k = 0; k < 2; k++) {
			if (!r.tf[k])
				r.len[k] = q->len[k];
			r.tf[k] += q->tf[k];
		}
	}
	return pass_on(pp, &r);
}

/* The alternatives of a query term (marsad_fts5_query_term()): phrases of
 * their own in the scan's query. */
static int alternatives(const char *t)
{
	int n = 1;
	for (; t && *t; t++)
		n += *t == MARSAD_ALTERNATIVE;
	return n;
}

/* Reads the postings of the term of phrases k .. k + alts - 1 (its
 * alternatives) into pp->p; pp->n is their number, or at least pp->cut
 * for a common term, whose postings are not all read. */
static int read_term(const Fts5ExtensionApi *api, Fts5Context *fts,
		     struct phrase_pass *pp, int k, int alts)
{
	int rc = SQLITE_OK;
	pp->n = pp->n_prev = pp->n_next = 0;
	for (int a = 0; a < alts && rc == SQLITE_OK; a++) {
		pp->last = a + 1 == alts;
		pp->read = pp->at = 0;
		rc = api->xQueryPhrase(fts, k + a, pp, on_row);
		if (rc == SQLITE_OK && pp->cut && pp->read >= pp->cut) {
			pp->n = pp->cut; /* common */
			break;
		}
		if (rc == SQLITE_OK)
			rc = pass_before(pp, INT64_MAX);
		row_tf *t = pp->prev;
		size_t cap = pp->cap_prev;
		pp->prev = pp->next;
		pp->cap_prev = pp->cap_next;
		pp->n_prev = pp->n_next;
		pp->next = t;
		pp->cap_next = cap;
		pp->n_next = 0;
	}
	return rc;
}

/* Adds the scores of a phrase's n postings p. */
static int add_phrase(marsad_scan *sc, const posting *p, size_t n,
		      double weight, sqlite3_int64 n_rows)
{
	double df = (double)n, k1 = sc->k1;
	double idf = log(1 + (n_rows - df + 0.5) / (df + 0.5));
	for (size_t j = 0; j < n; j++) {
		double tf = p[j].tf;
		if (marsad_scan_add(sc, p[j].rowid,
				    weight * idf * tf * (k1 + 1) / (tf + k1)) !=
		    SQLITE_OK)
			return SQLITE_NOMEM;
	}
	return SQLITE_OK;
}

static int scan_all(const Fts5ExtensionApi *api, Fts5Context *fts,
		    marsad_scan *sc)
{
	sqlite3_int64 n_rows = 0, total;
	struct phrase_pass pp = {.sc = sc};
	int rc = api->xRowCount(fts, &n_rows);
	for (int k = 0; k < 2 && rc == SQLITE_OK; k++) {
		rc = api->xColumnTotalSize(fts, k, &total);
		pp.avg[k] = n_rows > 0 && total > 0 ? (double)total / n_rows : 1;
	}
	int n_phrases = api->xPhraseCount(fts), scored = 0;
	if (n_rows >= sc->common_min_rows)
		pp.cut = (size_t)(sc->common_share * (double)n_rows) + 1;
	/* A second round, without the cut, when every phrase was common. */
	int rounds = sc->only_rare ? 1 : 2;
	for (int round = 0; round < rounds && !scored && rc == SQLITE_OK;
	     round++) {
		for (int i = 0, k = 0, alts = 0; i < sc->n_weight &&
						 rc == SQLITE_OK;
		     i++, k += alts) {
			const char *t = sc->term ? sc->term[i] : NULL;
			alts = alternatives(t);
			if (k + alts > n_phrases)
				break;
			const cached_term *e = cache_find(sc->cache, t);
			if (e && pp.cut && e->n >= pp.cut)
				continue; /* known to be common: not read */
			const posting *p = e && e->complete ? e->p : NULL;
			size_t np = e && e->complete ? e->n : 0;
			if (!e || !e->complete) {
				rc = read_term(api, fts, &pp, k, alts);
				if (rc != SQLITE_OK)
					break;
				int common = pp.cut && pp.n >= pp.cut;
				cache_put(sc->cache, t, pp.p, pp.n, !common);
				if (common)
					continue;
				p = pp.p;
				np = pp.n;
			}
			rc = add_phrase(sc, p, np, sc->weight[i], n_rows);
			scored++;
		}
		pp.cut = 0;
	}
	free(pp.prev);
	free(pp.next);
	free(pp.p);
	return rc;
}

static void scan_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
		    sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	marsad_scan *sc =
		argc == 1 ? sqlite3_value_pointer(argv[0], MARSAD_SCAN_PTR)
			  : NULL;
	if (!sc) {
		sqlite3_result_error(ctx, "marsad_scan: no scan request", -1);
		return;
	}
	sc->rc = scan_all(api, fts, sc);
	if (sc->rc != SQLITE_OK)
		sqlite3_result_error_code(ctx, sc->rc);
	else
		sqlite3_result_int64(ctx, (sqlite3_int64)sc->n_docs);
}

/* ---- registration ------------------------------------------------------ */

static fts5_api *fts5_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return api;
}

int marsad_fts5_register(sqlite3 *db)
{
	return marsad_fts5_register_feed(db, NULL);
}

int marsad_fts5_register_feed(sqlite3 *db, index_feed *feed)
{
	static fts5_tokenizer tokenizer = {tok_create, tok_delete,
					   tok_tokenize};
	fts5_api *api = db ? fts5_of(db) : NULL;
	if (!api || api->iVersion < 2)
		return MARSAD_EDB;
	if (api->xCreateTokenizer(api, "marsad", feed, &tokenizer, NULL) !=
		    SQLITE_OK ||
	    api->xCreateFunction(api, "marsad_scan", NULL, scan_fn, NULL) !=
		    SQLITE_OK)
		return MARSAD_EDB;
	return MARSAD_OK;
}
