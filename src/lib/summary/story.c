/*
 * story.c — a story's records, built one article at a time.
 *
 * Each article is analyzed once, into what does not depend on the story
 * it joins (an sm_doc: the terms of its title and sentences, whether each
 * sentence may appear in a summary, the dates and quotations that can
 * enter a result — a quotation's terms are its sentences' tokens, not a
 * second analysis — and the fingerprints of its sentences and
 * quotations); a story's summary and its topic's add the same sm_doc.
 * Adding it to a story makes every sentence a record (its terms as ids of
 * the story's dictionary, its fingerprint copied, the entities it names)
 * and puts the mentions into the story's entity index (entity.h),
 * which joins spellings across articles. Only sentences that can appear
 * in a result keep their text.
 *
 * Copies: every shingle of the story's sentences is posted in a hash
 * table. A new sentence counts, through the postings of its shingles, the
 * shingles it shares with each earlier sentence, and joins (union-find)
 * every one whose overlap coefficient reaches the copy threshold. Cost per
 * sentence: one probe per shingle plus the postings walked, which only a
 * phrase repeated in many sentences makes long.
 *
 * Which sentences may be summary sentences (select.c picks among them):
 * at least MIN_WORDS words and MIN_TERMS index terms, at most MAX_WORDS;
 * not a question to the reader, not a heading (a short line without an
 * end mark), not site furniture (a URL, markup, ©, a reading or
 * subscription prompt). A leading byline or dateline written before a
 * colon ("عمر عريبي- سبق- جازان:") is left out of the sentence's text.
 */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "marsad/text.h"
#include "summary_int.h"

#define MIN_WORDS 6     /* shorter sentences are never summary sentences */
#define MIN_TERMS 3     /* nor ones with fewer index terms */
#define MAX_WORDS 100   /* nor run-on "sentences" longer than this */
#define HEADING_WORDS 12 /* a line without an end mark shorter than this
			    is a heading */
#define BYLINE_BYTES 120 /* a byline's colon lies this close to the start */
#define BYLINE_WORDS 7
#define QUOTE_MIN_WORDS 4

void marsad_summary_opts_init(marsad_summary_opts *o)
{
	o->max_sentences = 5;
	o->max_words = 120;
	o->redundancy = 0.3;
	o->copy_threshold = MARSAD_FP_COPY;
	o->max_timeline = 20;
	o->lookback_days = 31;
	o->max_cast = 10;
	o->max_quotes = 8;
	o->threads = 0;
	o->idle = NULL;
	o->idle_arg = NULL;
}

int marsad_summary_new(const marsad_summary_opts *opts, marsad_summary **out)
{
	if (!out)
		return MARSAD_EINVAL;
	*out = NULL;
	marsad_summary_opts o;
	if (opts)
		o = *opts;
	else
		marsad_summary_opts_init(&o);
	if (o.max_sentences == 0 || !(o.copy_threshold > 0) ||
	    o.copy_threshold > 1 || !(o.redundancy >= 0) || o.redundancy > 1 ||
	    !(o.lookback_days >= 0))
		return MARSAD_EINVAL;
	marsad_summary *s = calloc(1, sizeof *s);
	if (!s)
		return MARSAD_ENOMEM;
	s->o = o;
	s->ix = marsad_entity_index_new();
	if (!s->ix) {
		free(s);
		return MARSAD_ENOMEM;
	}
	s->dirty = 1;
	*out = s;
	return 0;
}

void marsad_summary_free(marsad_summary *s)
{
	if (!s)
		return;
	sm_result_clear(s);
	for (size_t i = 0; i < s->n_art; i++) {
		free(s->art[i].key);
		free(s->art[i].title);
		free(s->art[i].published);
	}
	free(s->art);
	for (size_t i = 0; i < s->n_outlets; i++)
		free(s->outlets[i]);
	free(s->outlets);
	free(s->sent);
	free(s->terms.v);
	free(s->fps.v);
	free(s->ents.v);
	marsad_buf_clear(&s->pool);
	free(s->term);
	free(s->slot);
	sm_postings_clear(&s->post);
	free(s->count);
	free(s->touched.v);
	free(s->date);
	free(s->quote);
	marsad_entity_index_free(s->ix);
	for (size_t i = 0; i < s->n_ent; i++)
		free(s->ent[i].more_outlets.v);
	free(s->ent);
	free(s);
}

size_t marsad_summary_count(const marsad_summary *s)
{
	return s ? s->n_art : 0;
}

const char *sm_text(const marsad_summary *s, uint32_t off)
{
	return off == SM_NONE ? "" : s->pool.data + off;
}

uint32_t sm_find(sm_sent *sent, uint32_t x)
{
	while (sent[x].parent != x) {
		sent[x].parent = sent[sent[x].parent].parent;
		x = sent[x].parent;
	}
	return x;
}

/* Grows an array of `size`-byte items to hold one more. */
static int grow(void *arr, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 16;
	void *p = realloc(*(void **)arr, c * size);
	if (!p)
		return MARSAD_ENOMEM;
	*(void **)arr = p;
	*cap = c;
	return 0;
}

/* Grows an array of `size`-byte items to hold `want`: to twice its room
 * when that is more, so that growing it again and again costs linear
 * time. */
static int reserve(void *arr, size_t *cap, size_t want, size_t size)
{
	if (want <= *cap)
		return 0;
	size_t c = *cap * 2 > want ? *cap * 2 : want;
	void *p = realloc(*(void **)arr, c * size);
	if (!p)
		return MARSAD_ENOMEM;
	*(void **)arr = p;
	*cap = c;
	return 0;
}

static char *dup_or_null(const char *p)
{
	return p ? strdup(p) : NULL;
}

/* Copies s[0, len) into the text pool; the offset, or SM_NONE on failure. */
static uint32_t keep(marsad_summary *s, const char *p, size_t len)
{
	size_t off = s->pool.len;
	if (off + len + 1 >= SM_NONE || marsad_buf_append(&s->pool, p, len) < 0 ||
	    marsad_buf_putc(&s->pool, 0) < 0)
		return SM_NONE;
	return (uint32_t)off;
}

/* ---- the dictionary -----------------------------------------------------
 *
 * Terms by id, and an open-addressing table to find a term's id by its
 * stem's sm_stem_id(). The first article of a story needs no table: every stem of an
 * sm_doc is distinct, so each is a new term (first_terms()). A story of
 * one article, most of them, thus never makes one; it is built from the
 * terms when the second article comes (make_room()).
 */

#define DICT_SLOTS 256 /* the dictionary's first table */

static int dict_rehash(marsad_summary *s, size_t slots)
{
	uint32_t *slot = calloc(slots, sizeof *slot);
	if (!slot)
		return MARSAD_ENOMEM;
	for (size_t id = 0; id < s->n_term; id++) {
		size_t h = (size_t)s->term[id].stem & (slots - 1);
		while (slot[h])
			h = (h + 1) & (slots - 1);
		slot[h] = (uint32_t)id + 1;
	}
	free(s->slot);
	s->slot = slot;
	s->n_slots = slots;
	return 0;
}

/* The id of the term of stem `stem` (an sm_stem_id()), added when new;
 * SM_NONE when memory runs out. */
static uint32_t dict_id(marsad_summary *s, uint64_t stem)
{
	if ((s->n_term + 1) * 2 > s->n_slots &&
	    dict_rehash(s, s->n_slots ? s->n_slots * 2 : DICT_SLOTS) < 0)
		return SM_NONE;
	size_t h = (size_t)stem & (s->n_slots - 1);
	while (s->slot[h]) {
		if (s->term[s->slot[h] - 1].stem == stem)
			return s->slot[h] - 1;
		h = (h + 1) & (s->n_slots - 1);
	}
	if (s->n_term >= SM_NONE - 1 ||
	    grow(&s->term, &s->cap_term, s->n_term, sizeof *s->term) < 0)
		return SM_NONE;
	uint32_t id = (uint32_t)s->n_term++;
	s->term[id] = (sm_term){stem, 0, 0};
	s->slot[h] = id + 1;
	return id;
}

/* ---- the shingle postings ----------------------------------------------- */

static int post_rehash(sm_postings *p, size_t slots)
{
	sm_post *sh = calloc(slots, sizeof *sh);
	if (!sh)
		return MARSAD_ENOMEM;
	for (size_t i = 0; i < p->slots; i++) {
		if (!p->sh[i].head)
			continue;
		size_t h = p->sh[i].key & (slots - 1);
		while (sh[h].head)
			h = (h + 1) & (slots - 1);
		sh[h] = p->sh[i];
	}
	free(p->sh);
	p->sh = sh;
	p->slots = slots;
	return 0;
}

/* The table takes the size its growth would reach (at most three
 * quarters full: a shingle is a hash, and most are looked up once),
 * at once. */
int sm_postings_reserve(sm_postings *p, size_t n)
{
	size_t slots = p->slots ? p->slots : 16;
	while ((p->used + n + 1) * 4 > slots * 3)
		slots *= 2;
	if (n && slots != p->slots && post_rehash(p, slots) < 0)
		return MARSAD_ENOMEM;
	if (p->n_node + n >= SM_NONE ||
	    reserve(&p->node, &p->cap_node, p->n_node + n, sizeof *p->node) < 0)
		return MARSAD_ENOMEM;
	return 0;
}

/* The slot of shingle h: where it is, or the empty one it would take. */
static sm_post *post_slot(const sm_postings *p, uint32_t h)
{
	size_t i = h & (p->slots - 1);
	while (p->sh[i].head && p->sh[i].key != h)
		i = (i + 1) & (p->slots - 1);
	return &p->sh[i];
}

/* Each shingle is looked up once, its records counted, then x put at the
 * head of its list (x's shingles are distinct, so x never meets its own
 * postings). */
size_t sm_postings_add(sm_postings *p, const uint32_t *fp, uint32_t n,
		       uint32_t x, uint32_t *count, uint32_t *touched)
{
	size_t n_touched = 0;
	for (uint32_t k = 0; k < n; k++) {
		sm_post *slot = post_slot(p, fp[k]);
		for (uint32_t i = slot->head; i; i = p->node[i - 1].next) {
			uint32_t y = p->node[i - 1].rec;
			if (count[y]++ == 0)
				touched[n_touched++] = y;
		}
		p->node[p->n_node] = (sm_node){x, slot->head};
		p->used += !slot->head;
		slot->key = fp[k];
		slot->head = (uint32_t)++p->n_node;
	}
	return n_touched;
}

void sm_postings_clear(sm_postings *p)
{
	free(p->sh);
	free(p->node);
	memset(p, 0, sizeof *p);
}

/* Joins sentence x with every earlier sentence it copies, and posts its
 * shingles: make_room() made room for them, and for x in the counts. */
static void link_copies(marsad_summary *s, uint32_t x)
{
	const sm_sent *sx = &s->sent[x];
	uint32_t *count = s->count, *touched = s->touched.v;
	size_t n_touched = sm_postings_add(&s->post, s->fps.v + sx->fp_off,
					   sx->n_fp, x, count, touched);
	for (size_t k = 0; k < n_touched; k++) {
		uint32_t y = touched[k];
		uint32_t m = sx->n_fp < s->sent[y].n_fp ? sx->n_fp
							: s->sent[y].n_fp;
		if (count[y] >= s->o.copy_threshold * m) {
			uint32_t a = sm_find(s->sent, x), b = sm_find(s->sent, y);
			/* the older record stays the root */
			if (a != b)
				s->sent[a > b ? a : b].parent = a < b ? a : b;
		}
		count[y] = 0;
	}
}

/* ---- one sentence ------------------------------------------------------- */

/*
 * Reading and subscription prompts, as the analyzer normalizes them
 * (hamza seats folded: اقرأ → اقرا): a sentence holding one is site
 * furniture the cleaner left inside a line.
 */
typedef struct word {
	const char *w;
	size_t n;
} word;

#define W(s) {s, sizeof s - 1}

static const word prompt_words[] = {
	W("اقرا"), W("اشترك"), W("تابعونا"), W("اضغط"), W("انقر"),
};
/* ... and as the first word: "رابط الخبر" (the story's link) */
static const word prompt_first[] = {
	W("رابط"),
};

/*
 * Openers that lean on an earlier sentence: "وأضاف" (and he added),
 * "لكنه" (but he), "بدوره" (in turn), "كما" (also); and a second or
 * third word "نفسه"/"ذاته" (the same …: "المصدر نفسه", "وشدد المصدر
 * نفسه") or "جهته" ("من جهته", for his part). Out of their article such
 * a sentence does not say who or what; it ranks lower. Normalized forms,
 * the conjunction و or ف (U+0648, U+0641) taken off the first word.
 */
static const word lean_first[] = {
	W("اضاف"), W("اضافت"), W("تابع"), W("تابعت"), W("لكنه"), W("لكنها"),
	W("بدوره"), W("بدورها"), W("كما"), W("مضيفا"), W("مشيرا"),
};
static const word lean_second[] = {
	W("نفسه"), W("نفسها"), W("ذاته"), W("ذاتها"), W("جهته"), W("جهتها"),
};

/* What a token of the article's text is to the sentences (scan.term_of),
 * besides its term's index in d->term: a stopword, or no sentence's. */
#define TOK_STOPWORD (SM_NONE - 1)
#define TOK_UNSCANNED SM_NONE

typedef struct scan {
	sm_doc *d;
	uint32_t words, terms;   /* of the text scanned last */
	int prompt;
	int leans;
	/* list_filter()s: every word is looked for among prompt_words, the
	 * first three of a sentence among the lists of opening words */
	uint64_t prompt_filter, first_filter, lean_first_filter,
		lean_second_filter;
	/* while sentences are scanned, by token of the text's analysis
	 * (its `index`): what it is to them (TOK_*, or its term's index in
	 * d->term), so that a quotation inside them takes its words and terms
	 * from these instead of being analyzed again */
	uint32_t *term_of;
	/* by term (title's then sentences', the sentences' filled as they
	 * are scanned): its copy-detection hash, and where it starts (the
	 * sentences' only) */
	uint32_t *link, *term_at;
	/* the distinct stems: open addressing by sm_stem_id(), the index in
	 * d->term of each one's first term + 1 (0 empty) */
	uint32_t *stem_slot;
	size_t n_stem_slots;
} scan;

/* The stem table with `slots` slots, refilled from the terms so far (the
 * first term of each stem, in order of their numbers). */
static int stems_rehash(scan *sc, size_t slots)
{
	const sm_doc *d = sc->d;
	uint32_t *slot = calloc(slots, sizeof *slot);
	if (!slot)
		return MARSAD_ENOMEM;
	uint32_t next = 0;
	for (size_t i = 0; i < d->n_term; i++) {
		const sm_dterm *t = &d->term[i];
		if (t->stem != next)
			continue;
		next++;
		size_t k = (size_t)t->id & (slots - 1);
		while (slot[k])
			k = (k + 1) & (slots - 1);
		slot[k] = (uint32_t)i + 1;
	}
	free(sc->stem_slot);
	sc->stem_slot = slot;
	sc->n_stem_slots = slots;
	return 0;
}

/* Room for n more terms in d->term and for as many new stems in the stem
 * table, made once for a sentence's tokens: adding a term then tests
 * nothing but its stem. */
static int scan_room(scan *sc, size_t n)
{
	sm_doc *d = sc->d;
	if (d->n_term + n >= SM_NONE - 1 ||
	    reserve(&d->term, &d->cap_term, d->n_term + n, sizeof *d->term) < 0)
		return MARSAD_ENOMEM;
	size_t slots = sc->n_stem_slots ? sc->n_stem_slots : 64;
	while ((d->n_stems + n + 1) * 2 > slots)
		slots *= 2;
	if (slots != sc->n_stem_slots && stems_rehash(sc, slots) < 0)
		return MARSAD_ENOMEM;
	return 0;
}

/* Term t of the analyzer as d->term[d->n_term], where scan_room() made
 * room: its stem known by its sm_stem_id(), numbered and its link hash
 * worked out at its first use. The table is at most half full: a stem
 * meets few others on its way. */
static inline void add_term(scan *sc, const marsad_token *t)
{
	sm_doc *d = sc->d;
	size_t mask = sc->n_stem_slots - 1;
	uint64_t id = sm_stem_id(t->stem, t->stem_len);
	size_t k = (size_t)id & mask;
	for (; sc->stem_slot[k]; k = (k + 1) & mask) {
		const sm_dterm *o = &d->term[sc->stem_slot[k] - 1];
		if (o->id == id) {
			d->term[d->n_term++] = *o;
			return;
		}
	}
	d->term[d->n_term] = (sm_dterm){
		id, t->skeleton,
		(uint32_t)d->n_stems++};
	sc->stem_slot[k] = (uint32_t)++d->n_term;
}

/* Whether w is in the list; called for a word its list's filter lets
 * through (list_filter()): the last byte (in Arabic, which letter ends
 * the word) rules out nearly all before memcmp(). */
static int in_list(const word *list, size_t n, const char *w, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (list[i].n == len && len && list[i].w[len - 1] == w[len - 1] &&
		    memcmp(list[i].w, w, len) == 0)
			return 1;
	return 0;
}

#define IN_LIST(list, w, len) in_list(list, sizeof list / sizeof *list, w, len)

/* Word w's bit in a filter of words: one of 64, by its length and last
 * byte. A word whose bit a list's filter lacks is not in the list. */
static uint64_t filter_bit(const char *w, size_t len)
{
	return len ? (uint64_t)1 << ((len * 7 + (unsigned char)w[len - 1]) & 63)
		   : 0;
}

/* The filter of list[0, n). */
static uint64_t list_filter(const word *list, size_t n)
{
	uint64_t f = 0;
	for (size_t i = 0; i < n; i++)
		f |= filter_bit(list[i].w, list[i].n);
	return f;
}

#define LIST_FILTER(list) list_filter(list, sizeof list / sizeof *list)

/* Inline: called for every token of the article, in a loop over the
 * analysis's own tokens (scan_sentence) but for the title's, where
 * scan_room() made room for it: nothing in it can fail. */
static inline __attribute__((always_inline)) void
scan_one(scan *sc, const marsad_token *t)
{
	sm_doc *d = sc->d;
	sc->words++;
	const char *w = t->norm;
	size_t n = t->norm_len;
	uint64_t bit = filter_bit(w, n);
	if (sc->prompt_filter & bit)
		sc->prompt |= IN_LIST(prompt_words, w, n);
	if (sc->words == 1) {
		if (sc->first_filter & bit)
			sc->prompt |= IN_LIST(prompt_first, w, n);
		/* U+0648 WAW, U+0641 FEH */
		if (n > 2 && (memcmp(w, "\xd9\x88", 2) == 0 ||
			      memcmp(w, "\xd9\x81", 2) == 0) &&
		    (sc->lean_first_filter & filter_bit(w + 2, n - 2)) &&
		    IN_LIST(lean_first, w + 2, n - 2))
			sc->leans = 1;
		if (sc->lean_first_filter & bit)
			sc->leans |= IN_LIST(lean_first, w, n);
	} else if (sc->words <= 3 && (sc->lean_second_filter & bit)) {
		sc->leans |= IN_LIST(lean_second, w, n);
	}
	uint32_t term = TOK_STOPWORD;
	if (!(t->flags & MARSAD_TOKEN_STOPWORD)) {
		term = (uint32_t)d->n_term;
		add_term(sc, t);
		sc->terms++;
	}
	if (sc->term_of) {
		sc->term_of[t->index] = term;
		if (term != TOK_STOPWORD) {
			sc->link[term] = t->skeleton;
			sc->term_at[term] = (uint32_t)t->start;
		}
	}
}

/* scan_one() as the title's analysis calls it, a token at a time. */
static int scan_token(void *ctx, const marsad_token *t)
{
	int rc = scan_room(ctx, 1);
	if (rc == 0)
		scan_one(ctx, t);
	return rc;
}

static void scan_reset(scan *sc)
{
	sc->words = sc->terms = 0;
	sc->prompt = 0;
	sc->leans = 0;
}

/*
 * The words and terms of the article's bytes [st, en) (words: the text's
 * analysis), from what its sentences made of their tokens: a quotation
 * lies in sentences already analyzed, and its terms are a run of theirs.
 * Cost: a binary search and the span's tokens.
 */
static void span_terms(const scan *sc, const marsad_analysis *words,
		       size_t st, size_t en, sm_qspan *q)
{
	q->start = (uint32_t)st;
	q->end = (uint32_t)en;
	q->words = q->n_terms = 0;
	q->term_off = 0;
	size_t n;
	const marsad_token *t = marsad_analysis_tokens(words, st, en, &n);
	for (size_t i = 0; i < n; i++) {
		uint32_t term = sc->term_of[t[i].index];
		if (term == TOK_UNSCANNED)
			continue;
		q->words++;
		if (term != TOK_STOPWORD && !q->n_terms++)
			q->term_off = term;
	}
}

/* Whether p[0, len) holds `needle`: memchr() for its first byte, which
 * Arabic prose rarely holds, then the rest. */
static int has(const char *p, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	const char *end = p + len, *q = p;
	while ((size_t)(end - q) >= n &&
	       (q = memchr(q, needle[0], (size_t)(end - q) - n + 1))) {
		if (memcmp(q + 1, needle + 1, n - 1) == 0)
			return 1;
		q++;
	}
	return 0;
}

/* Whether the furniture below starts at p[k] (p[0, len)). */
static int furniture_at(const char *p, size_t len, size_t k)
{
	switch (p[k]) {
	case '<':
	case '>':
	case '@':
		return 1;
	case 'h':
		return len - k >= 4 && memcmp(p + k, "http", 4) == 0;
	case 'w':
		return len - k >= 4 && memcmp(p + k, "www.", 4) == 0;
	case '\xc2':
		return len - k >= 2 && p[k + 1] == '\xa9';
	default:
		return 0;
	}
}

/* Markup, addresses and the copyright sign (U+00A9 is C2 A9):
 * furniture, not prose. One pass over the bytes, 16 at a time with SSE2
 * (the last 16 overlapping those before), looking closer only at a byte
 * that could start one: printable ASCII from '<' up, or C2. Arabic prose
 * (lead bytes D8 … DB, continuations, spaces, digits and commas) holds
 * none. */
static int furniture(const char *p, size_t len)
{
	size_t i = 0;
#ifdef __SSE2__
	if (len >= 16) {
		for (;;) {
			size_t at = len - i < 16 ? len - 16 : i;
			const __m128i v = _mm_loadu_si128(
				(const __m128i *)(const void *)(p + at));
			/* signed: the bytes from 0x80 are negative */
			unsigned bits = (unsigned)_mm_movemask_epi8(_mm_or_si128(
				_mm_cmpgt_epi8(v, _mm_set1_epi8('<' - 1)),
				_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC2))));
			bits &= 0xFFFFu << (i - at); /* those not seen yet */
			for (; bits; bits &= bits - 1)
				if (furniture_at(p, len,
						 at + (size_t)__builtin_ctz(bits)))
					return 1;
			i = at + 16;
			if (i == len)
				return 0;
		}
	}
#endif
	for (; i < len; i++)
		if (furniture_at(p, len, i))
			return 1;
	return 0;
}

/* The last character of p[0, len) that is not a closing quotation mark,
 * bracket or space, as a pointer to its first byte (NULL when none); *n
 * gets its bytes (fewer than its lead byte says when the text is cut). */
static const char *last_mark(const char *p, size_t len, size_t *n)
{
	while (len > 0) {
		unsigned char c = (unsigned char)p[len - 1];
		if (c == ' ' || c == '"' || c == ')' || c == ']' || c == '\'' ||
		    c == '\t') {
			len--;
		} else if (len >= 3 && memcmp(p + len - 3, "\xe2\x80\x9d", 3) == 0) {
			len -= 3; /* U+201D RIGHT DOUBLE QUOTATION MARK */
		} else if (len >= 2 && memcmp(p + len - 2, "\xc2\xbb", 2) == 0) {
			len -= 2; /* U+00BB RIGHT-POINTING GUILLEMET */
		} else {
			size_t i = len - 1;
			while (i > 0 && ((unsigned char)p[i] & 0xC0) == 0x80)
				i--;
			*n = len - i;
			return p + i;
		}
	}
	return NULL;
}

static int is_question(const char *p, size_t len)
{
	size_t n;
	const char *m = last_mark(p, len, &n);
	/* '?' or U+061F ARABIC QUESTION MARK */
	return m && (*m == '?' || (n == 2 && memcmp(m, "\xd8\x9f", 2) == 0));
}

/* Ends with a sentence mark: . ! : ; or U+2026 HORIZONTAL ELLIPSIS (the
 * question marks are judged apart). */
static int has_end_mark(const char *p, size_t len)
{
	size_t n;
	const char *m = last_mark(p, len, &n);
	return m && (*m == '.' || *m == '!' || *m == ':' || *m == ';' ||
		     (n == 3 && memcmp(m, "\xe2\x80\xa6", 3) == 0));
}

/* Where the sentence's own text starts: after a byline or dateline such
 * as "فهد العتيبي - سبق - الطائف:" — a few words with a dash (ASCII
 * hyphen, U+2013 EN DASH or U+2014 EM DASH) ended by a colon. */
static size_t byline_end(const char *p, size_t len)
{
	size_t lim = len < BYLINE_BYTES ? len : BYLINE_BYTES;
	const char *colon = memchr(p, ':', lim);
	if (!colon)
		return 0;
	size_t n = (size_t)(colon - p);
	if (!memchr(p, '-', n) && !has(p, n, "\xe2\x80\x93") &&
	    !has(p, n, "\xe2\x80\x94"))
		return 0;
	size_t words = 0;
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && (i == 0 || p[i - 1] == ' '))
			words++;
	if (words > BYLINE_WORDS)
		return 0;
	size_t k = n + 1;
	while (k < len && (p[k] == ' ' || p[k] == '\t'))
		k++;
	return k < len ? k : 0;
}

/* ---- analyzing an article --------------------------------------------
 *
 * Everything about an article that does not depend on the story it joins,
 * worked out once (an sm_doc): the terms of its title and sentences, the
 * sentences' flags and mentions, its distinct spellings for the entity
 * index, the dates and quotations that can enter a result. Adding it to a
 * story (below) then only matches these against the story's records.
 */

/* The sentence of d whose text [start, end) holds byte offset `at`, or
 * SM_NONE: its sentences are in order and apart. */
static uint32_t text_sentence(const sm_doc *d, size_t at)
{
	size_t lo = 0, hi = d->n_sent;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (d->sent[mid].end <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < d->n_sent && d->sent[lo].start <= at)
		return (uint32_t)lo;
	return SM_NONE;
}

/* Each sentence's mentions, those starting in its text, as indices into
 * the article's, in order (d->ment, a run per sentence): a binary search
 * per mention, then a counting sort by sentence. */
static int sentence_mentions(sm_doc *d, const marsad_article *a)
{
	if (a->n_mentions == 0)
		return 0;
	uint32_t *in = malloc(a->n_mentions * sizeof *in);
	if (!in)
		return MARSAD_ENOMEM;
	size_t n = 0;
	for (size_t m = 0; m < a->n_mentions; m++) {
		in[m] = text_sentence(d, a->mentions[m].start);
		if (in[m] != SM_NONE) {
			d->sent[in[m]].n_ment++;
			n++;
		}
	}
	d->ment = malloc((n ? n : 1) * sizeof *d->ment);
	if (!d->ment) {
		free(in);
		return MARSAD_ENOMEM;
	}
	d->n_ment = d->cap_ment = n;
	uint32_t off = 0;
	for (size_t i = 0; i < d->n_sent; i++) {
		d->sent[i].ment_off = off;
		off += d->sent[i].n_ment;
		d->sent[i].n_ment = 0;
	}
	for (size_t m = 0; m < a->n_mentions; m++) {
		if (in[m] == SM_NONE)
			continue;
		sm_dsent *x = &d->sent[in[m]];
		d->ment[x->ment_off + x->n_ment++] = (uint32_t)m;
	}
	free(in);
	return 0;
}

/* Sentence pos of the article, from the analysis of its text. */
static int scan_sentence(sm_doc *d, scan *sc, const marsad_article *a,
			 const marsad_analysis *words, size_t pos)
{
	const char *text = a->doc->text;
	size_t st = a->sentences[pos].start, en = a->sentences[pos].end;
	/* the byline is no part of what the sentence says */
	st += byline_end(text + st, en - st);
	scan_reset(sc);
	size_t n;
	const marsad_token *t = marsad_analysis_tokens(words, st, en, &n);
	int rc = scan_room(sc, n);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		scan_one(sc, &t[i]);
	sm_dsent *r = &d->sent[pos];
	memset(r, 0, sizeof *r);
	r->start = (uint32_t)st;
	r->end = (uint32_t)en;
	r->words = sc->words;
	r->n_terms = sc->terms;
	const char *p = text + st;
	size_t len = en - st;
	if (sc->words >= MIN_WORDS && !sc->prompt && !furniture(p, len)) {
		r->flags |= SM_CONTENT;
		int question = is_question(p, len);
		int heading = sc->words < HEADING_WORDS && !has_end_mark(p, len) &&
			      !question;
		if (!heading && !question && sc->words <= MAX_WORDS &&
		    sc->terms >= MIN_TERMS)
			r->flags |= SM_ELIGIBLE;
		if (sc->leans)
			r->flags |= SM_LEANS;
	}
	return 0;
}

/* The article's distinct spellings (and types) of names, d->dm: the
 * entity index sees each once, a name written ten times costs one match,
 * not ten; d->of[i] is mention i's. */
static int distinct_mentions(sm_doc *d, const marsad_article *a)
{
	size_t n = a->n_mentions;
	d->n_mentions = n;
	if (n == 0)
		return 0;
	d->dm = calloc(n, sizeof *d->dm);
	d->of = calloc(n, sizeof *d->of);
	if (a->entity_of)
		d->dm_entity = calloc(n, sizeof *d->dm_entity);
	if (!d->dm || !d->of || (a->entity_of && !d->dm_entity))
		return MARSAD_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const marsad_mention *x = &a->mentions[i];
		size_t st = x->start < d->text_len ? x->start : d->text_len;
		size_t en = x->end < d->text_len ? x->end : d->text_len;
		marsad_entity_mention e = {d->text + st, en > st ? en - st : 0,
					   (int)x->type, st, en, NULL, 0};
		size_t k = 0;
		while (k < d->n_dm &&
		       !(d->dm[k].type == e.type && d->dm[k].text_len == e.text_len &&
			 memcmp(d->dm[k].text, e.text, e.text_len) == 0))
			k++;
		if (k == d->n_dm) {
			if (d->dm_entity)
				d->dm_entity[k] = a->entity_of[i];
			d->dm[d->n_dm++] = e;
		}
		d->of[i] = k;
	}
	return 0;
}

/* The sentence of the article holding byte offset `at`, or SM_NONE. */
static uint32_t sentence_at(const marsad_article *a, size_t at)
{
	size_t lo = 0, hi = a->n_sentences;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (a->sentences[mid].end <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < a->n_sentences && a->sentences[lo].start <= at)
		return (uint32_t)lo;
	return SM_NONE;
}

/* The dates that can be timeline points, by sentence of the article. */
static int scan_dates(sm_doc *d, const marsad_article *a)
{
	for (size_t i = 0; i < a->n_dates; i++) {
		const marsad_date *x = &a->dates[i];
		if ((x->granularity != MARSAD_DATE_DAY &&
		     x->granularity != MARSAD_DATE_MONTH) ||
		    (x->flags & (MARSAD_DATE_DURATION | MARSAD_DATE_VAGUE)) ||
		    !x->value[0])
			continue;
		uint32_t k = sentence_at(a, x->start);
		if (k == SM_NONE || !(d->sent[k].flags & SM_CONTENT))
			continue;
		/* one point per sentence: its first date of the finest grain */
		sm_date *r = d->n_date ? &d->date[d->n_date - 1] : NULL;
		if (r && r->sent == k) {
			if (x->granularity <= r->granularity)
				continue;
		} else {
			if (grow(&d->date, &d->cap_date, d->n_date, sizeof *d->date) < 0)
				return MARSAD_ENOMEM;
			r = &d->date[d->n_date++];
		}
		r->sent = k;
		memcpy(r->value, x->value, sizeof r->value);
		r->value[10] = 0;
		r->granularity = x->granularity;
	}
	return 0;
}

/* The mention that names quote q's speaker for the story: the first
 * whose canonical name in the article is the speaker's; SM_NONE. */
static uint32_t speaker_mention(const marsad_article *a, const marsad_quote *q)
{
	const char *name = marsad_article_speaker(a, q);
	if (!name)
		return SM_NONE;
	for (size_t i = 0; i < a->n_mentions; i++)
		if (a->canonical && a->canonical[i] &&
		    strcmp(a->canonical[i], name) == 0)
			return (uint32_t)i;
	return SM_NONE;
}

const sm_qspan *sm_quote_words(const sm_doc *d, const marsad_quote *q)
{
	for (size_t i = 0; i < d->n_qspan; i++)
		if (d->qspan[i].start == q->start && d->qspan[i].end == q->end)
			return &d->qspan[i];
	return NULL;
}

/* The quotations that can enter a result: not inside an earlier one,
 * with a speaker, long enough and not furniture. */
static int scan_quotes(sm_doc *d, const marsad_article *a)
{
	size_t outer_end = 0;
	for (size_t i = 0; i < a->n_quotes; i++) {
		const marsad_quote *q = &a->quotes[i];
		if (q->end > d->text_len || q->start >= q->end)
			continue;
		/* a quotation inside an earlier one is part of it */
		int nested = i > 0 && q->end <= outer_end;
		if (q->end > outer_end)
			outer_end = q->end;
		uint32_t m = speaker_mention(a, q);
		if (nested || m == SM_NONE)
			continue;
		/* never NULL: sm_doc_words() and sm_words_decode() give every
		 * quotation inside the text its words */
		const sm_qspan *w = sm_quote_words(d, q);
		if (!w)
			return MARSAD_EINVAL;
		sm_dquote r = {.start = (uint32_t)q->start,
			       .end = (uint32_t)q->end, .mention = m,
			       .words = w->words, .term_off = w->term_off,
			       .n_terms = w->n_terms, .fp_off = w->fp_off,
			       .n_fp = w->n_fp, .direct = q->direct};
		if (r.words < QUOTE_MIN_WORDS ||
		    furniture(d->text + q->start, q->end - q->start))
			continue;
		memcpy(r.verb, q->verb, sizeof r.verb);
		r.verb[sizeof r.verb - 1] = 0;
		if (grow(&d->quote, &d->cap_quote, d->n_quote, sizeof *d->quote) < 0)
			return MARSAD_ENOMEM;
		d->quote[d->n_quote++] = r;
	}
	return 0;
}

/* ---- titles ------------------------------------------------------------- */

/* A title heads a story only with at least TITLE_WORDS words (a news
 * ticker or section name, "عاجل" or "آخر الأخبار", has fewer) and
 * TITLE_TERMS terms, and when it is not the outlet's own name. */
#define TITLE_WORDS 3
#define TITLE_TERMS 2

static int count_token(void *ctx, const marsad_token *t)
{
	(void)t;
	++*(size_t *)ctx;
	return 0;
}

/* Outlets' names normalized as the analyzer does (أ → ا, ة → ه) and
 * their words, kept for the thread's next articles: a store holds the
 * articles of a few dozen outlets. OUTLET_MEMO of them, the oldest
 * replaced; names of OUTLET_NAME bytes or more are not kept. */
#define OUTLET_MEMO 16
#define OUTLET_NAME 128

static _Thread_local struct outlet_memo {
	char name[OUTLET_NAME];
	char norm[4 * OUTLET_NAME];
	size_t norm_len, words;
} outlet_memo[OUTLET_MEMO];
static _Thread_local size_t outlet_next; /* the slot to fill next */

/* The outlet's normalized name into *norm (a NUL-terminated copy when it
 * is not kept: *own, to free) and its words; MARSAD_ENOMEM. */
static int outlet_name(const char *outlet, const char **norm, size_t *len,
		       size_t *words, char **own)
{
	*own = NULL;
	size_t n = strlen(outlet);
	for (size_t i = 0; n && n < OUTLET_NAME && i < OUTLET_MEMO; i++) {
		const struct outlet_memo *m = &outlet_memo[i];
		if (strcmp(m->name, outlet) == 0) {
			*norm = m->norm;
			*len = m->norm_len;
			*words = m->words;
			return 0;
		}
	}
	marsad_buf b = MARSAD_BUF_INIT;
	size_t w = 0;
	if (marsad_normalize(outlet, n, &b) < 0 ||
	    /* unstemmed: the same words, and no stemming memo to set up
	     * in a thread that stems nothing else */
	    marsad_analyze(outlet, n,
			   MARSAD_ANALYZE_KEEP_STOPWORDS | MARSAD_ANALYZE_NO_STEM,
			   count_token, &w) < 0 ||
	    marsad_buf_reserve(&b, 0) < 0) {
		marsad_buf_clear(&b);
		return MARSAD_ENOMEM;
	}
	struct outlet_memo *m = &outlet_memo[outlet_next];
	if (n && n < OUTLET_NAME && b.len < sizeof m->norm) {
		outlet_next = (outlet_next + 1) % OUTLET_MEMO;
		memcpy(m->name, outlet, n + 1);
		memcpy(m->norm, b.data, b.len + 1);
		m->norm_len = b.len;
		m->words = w;
		marsad_buf_clear(&b);
		*norm = m->norm;
		*len = m->norm_len;
		*words = w;
		return 0;
	}
	*norm = *own = b.data;
	*len = b.len;
	*words = w;
	return 0;
}

/* Whether a title of title_words words is the outlet's own name (both
 * normalized; the spaces and punctuation a ticker wraps a title in
 * trimmed), which says nothing of the story. The title is normalized
 * only when it has as many words as the name. */
static int outlet_title(const char *title, size_t title_words,
			const char *outlet)
{
	const char *name;
	size_t name_len, name_words;
	char *own;
	if (outlet_name(outlet, &name, &name_len, &name_words, &own) < 0)
		return 1;
	int same = 0;
	marsad_buf b = MARSAD_BUF_INIT;
	if (name_words != title_words) {
		same = 0;
	} else if (marsad_normalize(title, strlen(title), &b) < 0) {
		same = 1;
	} else {
		size_t st = 0, en = b.len;
		while (st < en && strchr(" \t:-|.!", b.data[st]))
			st++;
		while (en > st && strchr(" \t:-|.!", b.data[en - 1]))
			en--;
		same = en - st == name_len &&
		       memcmp(b.data + st, name, name_len) == 0;
	}
	marsad_buf_clear(&b);
	free(own);
	return same;
}

static int scan_title(sm_doc *d, scan *sc, const marsad_article *a)
{
	const char *title = a->doc->title ? a->doc->title : "";
	scan_reset(sc);
	int rc = marsad_analysis_each(a->title_words, title, strlen(title),
				      MARSAD_ANALYZE_KEEP_STOPWORDS, scan_token,
				      sc);
	if (rc < 0)
		return rc;
	d->title_words = sc->words;
	d->n_title = sc->terms;
	return 0;
}

void sm_doc_free(sm_doc *d)
{
	if (!d)
		return;
	free(d->term);
	free(d->sent);
	free(d->ment);
	free(d->dm);
	free(d->of);
	free(d->dm_entity);
	free(d->date);
	free(d->quote);
	free(d->qspan);
	free(d->fps.v);
	free(d);
}

/* The quotations' words, from the tokens the sentences left (words: the
 * text's analysis). */
static int scan_quote_words(sm_doc *d, const marsad_article *a,
			    const scan *sc, const marsad_analysis *words)
{
	for (size_t i = 0; i < a->n_quotes; i++) {
		const marsad_quote *q = &a->quotes[i];
		if (q->end > a->doc->text_len || q->start >= q->end)
			continue;
		if (grow(&d->qspan, &d->cap_qspan, d->n_qspan, sizeof *d->qspan) < 0)
			return MARSAD_ENOMEM;
		span_terms(sc, words, q->start, q->end,
			   &d->qspan[d->n_qspan++]);
	}
	return 0;
}

/* Appends to d->fps the fingerprint of the terms whose copy-detection
 * hashes are link[0, n); *off and *n_fp receive where it lies. */
static int doc_fingerprint(sm_doc *d, const uint32_t *link, size_t n,
			   uint32_t *off, uint32_t *n_fp)
{
	size_t fp_n = d->fps.n, fp_cap = d->fps.cap;
	if (fp_n + n >= SM_NONE ||
	    sm_shingles(link, n, &d->fps.v, &fp_n, &fp_cap) < 0)
		return MARSAD_ENOMEM;
	*off = (uint32_t)d->fps.n;
	*n_fp = (uint32_t)(fp_n - d->fps.n);
	d->fps.n = fp_n;
	d->fps.cap = fp_cap;
	return 0;
}

/* Copy detection's shingles of the article's body terms (link.h), and
 * the byte where each of d's body terms starts (by term; NULL when there
 * are no such shingles). */
typedef struct known_shingles {
	const uint32_t *sh, *start;
	size_t n;
	const uint32_t *term_at;
} known_shingles;

/* The fingerprint of d's terms [off, off + n): copy detection's own
 * shingles when it holds these very terms (the run starts and ends at
 * its terms i and i + n − 1), else hashed from the terms' skeletons
 * (link). */
static int run_fingerprint(sm_doc *d, const known_shingles *k,
			   const uint32_t *link, uint32_t off, uint32_t n,
			   uint32_t *fp_off, uint32_t *n_fp)
{
	if (k->term_at && n >= MARSAD_LINK_SHINGLE) {
		uint32_t first = k->term_at[off], last = k->term_at[off + n - 1];
		size_t lo = 0, hi = k->n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (k->start[mid] < first)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo + n <= k->n && k->start[lo] == first &&
		    k->start[lo + n - 1] == last) {
			size_t fp_n = d->fps.n, fp_cap = d->fps.cap;
			if (fp_n + n >= SM_NONE ||
			    sm_shingles_of(k->sh + lo, n, &d->fps.v, &fp_n,
					   &fp_cap) < 0)
				return MARSAD_ENOMEM;
			*fp_off = (uint32_t)d->fps.n;
			*n_fp = (uint32_t)(fp_n - d->fps.n);
			d->fps.n = fp_n;
			d->fps.cap = fp_cap;
			return 0;
		}
	}
	return doc_fingerprint(d, link + off, n, fp_off, n_fp);
}

/* The fingerprints of d's sentences and quotations (summary.h), from the
 * copy-detection hash of each of its terms (sc->link), or from copy
 * detection's shingles when `in` (the article prepared for it) has them:
 * the same values, hashed once. */
static int doc_fingerprints(sm_doc *d, const scan *sc,
			    const marsad_link_input *in)
{
	known_shingles k = {0};
	if (in)
		k.sh = marsad_link_input_shingles(in, &k.start, &k.n);
	if (k.sh)
		k.term_at = sc->term_at;
	int rc = 0;
	uint32_t off = d->n_title;
	for (size_t i = 0; rc == 0 && i < d->n_sent; i++) {
		sm_dsent *x = &d->sent[i];
		rc = run_fingerprint(d, &k, sc->link, off, x->n_terms,
				     &x->fp_off, &x->n_fp);
		off += x->n_terms;
	}
	for (size_t i = 0; rc == 0 && i < d->n_qspan; i++) {
		sm_qspan *q = &d->qspan[i];
		rc = run_fingerprint(d, &k, sc->link, q->term_off, q->n_terms,
				     &q->fp_off, &q->n_fp);
	}
	return rc;
}

int sm_doc_words(sm_doc *d, const marsad_article *a,
		 const marsad_link_input *in)
{
	const marsad_doc *doc = a->doc;
	d->n_sent = a->n_sentences;
	d->sent = calloc(a->n_sentences ? a->n_sentences : 1, sizeof *d->sent);
	if (!d->sent)
		return MARSAD_ENOMEM;
	/* the sentences are read from one analysis of the whole text: the
	 * article's own, else made here */
	marsad_analysis *own = NULL;
	const marsad_analysis *words = a->text_words;
	int rc = 0;
	if (!words)
		rc = marsad_analysis_build(doc->text ? doc->text : "",
					   doc->text_len, &own);
	if (!words)
		words = own;
	scan sc = {.d = d,
		   .prompt_filter = LIST_FILTER(prompt_words),
		   .first_filter = LIST_FILTER(prompt_first),
		   .lean_first_filter = LIST_FILTER(lean_first),
		   .lean_second_filter = LIST_FILTER(lean_second)};
	/* room for the usual article at once: Arabic news runs about a
	 * term per 10 bytes, two distinct stems in three */
	size_t slots = 64;
	while (slots < (doc->text_len / 10 + 16) * 4 / 3)
		slots *= 2;
	size_t n_tok = 0; /* every token of the text */
	if (rc == 0)
		marsad_analysis_tokens(words, 0, SIZE_MAX, &n_tok);
	uint32_t *term_of = rc == 0 ? malloc((n_tok ? n_tok : 1) *
					     sizeof *term_of)
				    : NULL;
	if (rc == 0 &&
	    (!term_of ||
	     reserve(&d->term, &d->cap_term, doc->text_len / 10 + 16,
		     sizeof *d->term) < 0 ||
	     stems_rehash(&sc, slots) < 0))
		rc = MARSAD_ENOMEM;
	if (rc == 0)
		rc = scan_title(d, &sc, a);
	/* by term: the title's, then at most a term a token */
	uint32_t *by_term = rc == 0 ? malloc(2 * (d->n_term + n_tok + 1) *
					     sizeof *by_term)
				    : NULL;
	if (rc == 0 && !by_term)
		rc = MARSAD_ENOMEM;
	if (rc == 0) {
		for (size_t i = 0; i < n_tok; i++)
			term_of[i] = TOK_UNSCANNED;
		sc.term_of = term_of;
		sc.link = by_term;
		sc.term_at = by_term + d->n_term + n_tok + 1;
		for (size_t i = 0; i < d->n_term; i++)
			sc.link[i] = d->term[i].link;
	}
	for (size_t i = 0; rc == 0 && i < a->n_sentences; i++)
		rc = scan_sentence(d, &sc, a, words, i);
	if (rc == 0)
		rc = scan_quote_words(d, a, &sc, words);
	if (rc == 0)
		rc = doc_fingerprints(d, &sc, in);
	free(by_term);
	free(term_of);
	free(sc.stem_slot);
	marsad_analysis_free(own);
	return rc;
}

/* Empties what sm_doc_words() fills. */
static void clear_words(sm_doc *d)
{
	free(d->term);
	d->term = NULL;
	d->n_term = d->cap_term = d->n_stems = 0;
	free(d->sent);
	d->sent = NULL;
	d->n_sent = 0;
	free(d->qspan);
	d->qspan = NULL;
	d->n_qspan = d->cap_qspan = 0;
	d->fps.n = 0;
}

static int analyze(sm_doc *d, const marsad_article *a, const void *words,
		   size_t len)
{
	const marsad_doc *doc = a->doc;
	/* an article of unknown outlet counts as its own outlet */
	const char *outlet = doc->outlet && doc->outlet[0] ? doc->outlet : doc->key;
	d->key = doc->key;
	d->title = doc->title ? doc->title : "";
	d->outlet = outlet;
	d->published = doc->published;
	d->text = doc->text ? doc->text : "";
	d->text_len = doc->text_len;

	/* words kept at ingest, unless they are another article's (or a
	 * damaged or older BLOB): then the text is analyzed */
	int rc = words ? sm_words_decode(d, a, words, len) : MARSAD_EINVAL;
	if (rc == MARSAD_ENOMEM)
		return rc;
	if (rc < 0) {
		clear_words(d);
		rc = sm_doc_words(d, a, NULL);
	}
	d->title_ok = d->title_words >= TITLE_WORDS &&
		      d->n_title >= TITLE_TERMS &&
		      !outlet_title(d->title, d->title_words, d->outlet);
	if (rc == 0)
		rc = distinct_mentions(d, a);
	if (rc == 0)
		rc = sentence_mentions(d, a);
	if (rc == 0)
		rc = scan_dates(d, a);
	if (rc == 0)
		rc = scan_quotes(d, a);
	return rc;
}

/* Spans past the text, or sentences out of order, are a broken article. */
int sm_article_valid(const marsad_article *a)
{
	const marsad_doc *d = a->doc;
	if (!d || !d->key || !d->key[0] || (!d->text && d->text_len) ||
	    (a->n_sentences && !a->sentences) ||
	    (a->n_mentions && !a->mentions) || (a->n_dates && !a->dates) ||
	    (a->n_quotes && !a->quotes))
		return 0;
	for (size_t i = 0; i < a->n_sentences; i++)
		if (a->sentences[i].start > a->sentences[i].end ||
		    a->sentences[i].end > d->text_len ||
		    (i && a->sentences[i].start < a->sentences[i - 1].end))
			return 0;
	return 1;
}

int sm_doc_new(const marsad_article *a, const void *words, size_t len,
	       sm_doc **out)
{
	*out = NULL;
	if (!a || !sm_article_valid(a))
		return MARSAD_EINVAL;
	sm_doc *d = calloc(1, sizeof *d);
	if (!d)
		return MARSAD_ENOMEM;
	int rc = analyze(d, a, words, len);
	if (rc < 0) {
		sm_doc_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

/* ---- adding an analyzed article ---------------------------------------- */

/* Pushes the ids, in their order, and, for record `rec` (a sentence;
 * SM_NONE: the title, not counted), counts it once in the document
 * frequency of each; *off receives where they start. */
static int push_terms(marsad_summary *s, const uint32_t *ids, size_t n,
		      uint32_t rec, uint32_t *off)
{
	if (s->terms.n + n >= SM_NONE || sm_vec_reserve(&s->terms, n) < 0)
		return MARSAD_ENOMEM;
	*off = (uint32_t)s->terms.n;
	uint32_t *v = s->terms.v + s->terms.n;
	if (n) /* an empty vector may have no memory at all */
		memcpy(v, ids, n * sizeof *v);
	s->terms.n += n;
	for (size_t i = 0; rec != SM_NONE && i < n; i++) {
		sm_term *t = &s->term[v[i]];
		if (t->counted != rec + 1) {
			t->counted = rec + 1;
			t->df_sent++;
		}
	}
	return 0;
}

/* Appends a fingerprint of d (its run [off, off + n) of d->fps) to
 * s->fps; *at receives where it lies. */
static int fingerprint(marsad_summary *s, const sm_doc *d, uint32_t off,
		       uint32_t n, uint32_t *at)
{
	if (s->fps.n + n >= SM_NONE || sm_vec_reserve(&s->fps, n) < 0)
		return MARSAD_ENOMEM;
	*at = (uint32_t)s->fps.n;
	if (n)
		memcpy(s->fps.v + s->fps.n, d->fps.v + off, n * sizeof *s->fps.v);
	s->fps.n += n;
	return 0;
}

/* Sentence `pos` of d, whose terms are the story ids `tid`. */
static int add_sentence(marsad_summary *s, const sm_doc *d, uint32_t art,
			uint32_t pos, const uint32_t *tid, const size_t *ids)
{
	const sm_dsent *x = &d->sent[pos];
	if (grow(&s->sent, &s->cap_sent, s->n_sent, sizeof *s->sent) < 0 ||
	    s->n_sent >= SM_NONE - 1)
		return MARSAD_ENOMEM;
	uint32_t k = (uint32_t)s->n_sent;
	sm_sent *r = &s->sent[k];
	memset(r, 0, sizeof *r);
	r->art = art;
	r->pos = pos;
	r->words = x->words;
	r->parent = k;
	r->text = SM_NONE;
	r->n_terms = x->n_terms;
	r->flags = x->flags;
	int rc = push_terms(s, tid, x->n_terms, k, &r->term_off);
	if (rc == 0)
		rc = fingerprint(s, d, x->fp_off, x->n_fp, &r->fp_off);
	r->n_fp = x->n_fp;
	if (rc < 0)
		return rc;

	/* the distinct entities named in the sentence */
	r->ent_off = (uint32_t)s->ents.n;
	for (uint32_t i = 0; i < x->n_ment; i++) {
		size_t m = d->ment[x->ment_off + i];
		if (ids[m] == MARSAD_ENTITY_NONE)
			continue;
		uint32_t e = (uint32_t)ids[m];
		int seen = 0;
		for (uint32_t j = 0; j < r->n_ent; j++)
			seen |= s->ents.v[r->ent_off + j] == e;
		if (!seen) {
			if (sm_vec_push(&s->ents, e) < 0)
				return MARSAD_ENOMEM;
			r->n_ent++;
		}
	}

	if (r->flags & SM_CONTENT) {
		r->text = keep(s, d->text + x->start, x->end - x->start);
		if (r->text == SM_NONE)
			return MARSAD_ENOMEM;
	}
	s->n_sent++;
	if ((r->flags & SM_CONTENT) && r->n_fp)
		link_copies(s, k);
	return 0;
}

static uint32_t outlet_id(marsad_summary *s, const char *outlet)
{
	for (size_t i = 0; i < s->n_outlets; i++)
		if (strcmp(s->outlets[i], outlet) == 0)
			return (uint32_t)i;
	if (grow(&s->outlets, &s->cap_outlets, s->n_outlets,
		 sizeof *s->outlets) < 0)
		return SM_NONE;
	char *o = strdup(outlet);
	if (!o)
		return SM_NONE;
	s->outlets[s->n_outlets] = o;
	return (uint32_t)s->n_outlets++;
}

/* Links the article's mentions to the story's entities: ids[i] receives
 * mention i's (dids, d->n_dm entries, is scratch). The story's first
 * article to name any brings its own entities when it knows them: its
 * mentions were linked when it was built. */
static int add_entities(marsad_summary *s, const sm_doc *d, uint32_t art,
			size_t *ids, size_t *dids)
{
	size_t n = d->n_mentions;
	if (n == 0)
		return 0;
	int rc = d->dm_entity && !marsad_entity_index_mentions(s->ix)
			 ? marsad_entity_index_add_grouped(
				   s->ix, d->key, strlen(d->key), d->dm,
				   d->n_dm, d->dm_entity, dids)
			 : marsad_entity_index_add(s->ix, d->key,
						   strlen(d->key), d->dm,
						   d->n_dm, dids);
	for (size_t i = 0; i < n; i++)
		ids[i] = rc < 0 ? MARSAD_ENTITY_NONE : dids[d->of[i]];
	if (rc < 0)
		return rc;
	size_t count = marsad_entity_index_count(s->ix);
	while (s->n_ent < count) {
		if (grow(&s->ent, &s->cap_ent, s->n_ent, sizeof *s->ent) < 0)
			return MARSAD_ENOMEM;
		memset(&s->ent[s->n_ent], 0, sizeof *s->ent);
		s->ent[s->n_ent++].last_art = SM_NONE;
	}
	uint32_t outlet = s->art[art].outlet_id;
	for (size_t i = 0; i < n; i++) {
		if (ids[i] == MARSAD_ENTITY_NONE || ids[i] >= s->n_ent)
			continue;
		sm_entity *e = &s->ent[ids[i]];
		e->mentions++;
		e->places += d->dm[d->of[i]].type == MARSAD_ENT_LOC;
		if (e->last_art == art)
			continue;
		e->last_art = art;
		e->articles++;
		if (outlet < 64) {
			uint64_t bit = (uint64_t)1 << outlet;
			e->n_outlets += !(e->outlet_bits & bit);
			e->outlet_bits |= bit;
			continue;
		}
		int seen = 0;
		for (size_t k = 0; k < e->more_outlets.n; k++)
			seen |= e->more_outlets.v[k] == outlet;
		if (seen)
			continue;
		if (sm_vec_push(&e->more_outlets, outlet) < 0)
			return MARSAD_ENOMEM;
		e->n_outlets++;
	}
	return 0;
}

static int add_dates(marsad_summary *s, const sm_doc *d, uint32_t first)
{
	for (size_t i = 0; i < d->n_date; i++) {
		if (grow(&s->date, &s->cap_date, s->n_date, sizeof *s->date) < 0)
			return MARSAD_ENOMEM;
		s->date[s->n_date] = d->date[i];
		s->date[s->n_date++].sent += first;
	}
	return 0;
}

static int add_quotes(marsad_summary *s, const sm_doc *d, uint32_t art,
		      const size_t *ids)
{
	for (size_t i = 0; i < d->n_quote; i++) {
		const sm_dquote *q = &d->quote[i];
		if (ids[q->mention] == MARSAD_ENTITY_NONE)
			continue;
		if (grow(&s->quote, &s->cap_quote, s->n_quote, sizeof *s->quote) < 0)
			return MARSAD_ENOMEM;
		sm_quote *r = &s->quote[s->n_quote];
		r->art = art;
		r->start = q->start;
		r->entity = (uint32_t)ids[q->mention];
		int rc = fingerprint(s, d, q->fp_off, q->n_fp, &r->fp_off);
		r->n_fp = q->n_fp;
		if (rc < 0)
			return rc;
		memcpy(r->verb, q->verb, sizeof r->verb);
		r->direct = q->direct;
		r->text = keep(s, d->text + q->start, q->end - q->start);
		if (r->text == SM_NONE)
			return MARSAD_ENOMEM;
		s->n_quote++;
	}
	return 0;
}

/* term_ids() into an empty dictionary: each of d's stems is a new term,
 * numbered at its first use as dict_id() would. */
static int first_terms(marsad_summary *s, const sm_doc *d, uint32_t *tid,
		       uint32_t *of_stem)
{
	if (reserve(&s->term, &s->cap_term, d->n_stems, sizeof *s->term) < 0)
		return MARSAD_ENOMEM;
	for (size_t i = 0; i < d->n_term; i++) {
		const sm_dterm *t = &d->term[i];
		uint32_t *id = &of_stem[t->stem];
		if (*id == SM_NONE) {
			*id = (uint32_t)s->n_term++;
			s->term[*id] = (sm_term){t->id, 0, 0};
		}
		tid[i] = *id;
	}
	return 0;
}

/* The story ids of d's terms, in the order the analyzer gave them (the
 * title's, then the sentences'): a new term takes the next id. The
 * dictionary is asked once per stem (of_stem, d->n_stems entries,
 * receives their ids). */
static int term_ids(marsad_summary *s, const sm_doc *d, uint32_t *tid,
		    uint32_t *of_stem)
{
	for (size_t k = 0; k < d->n_stems; k++)
		of_stem[k] = SM_NONE;
	if (s->n_term == 0)
		return first_terms(s, d, tid, of_stem);
	for (size_t i = 0; i < d->n_term; i++) {
		const sm_dterm *t = &d->term[i];
		uint32_t *id = &of_stem[t->stem];
		if (*id == SM_NONE && (*id = dict_id(s, t->id)) == SM_NONE)
			return MARSAD_ENOMEM;
		tid[i] = *id;
	}
	return 0;
}

/*
 * Room for d's records in the story's arrays, its terms in the dictionary
 * and its shingles in the postings, made at once: adding the sentences
 * then neither grows an array step by step nor rehashes a table twice.
 * The tables take the size their growth would reach, or a doubling more
 * when d repeats terms or shingles the story holds.
 */
static int make_room(marsad_summary *s, const sm_doc *d)
{
	size_t posted = 0, ents = 0, kept = 0;
	for (size_t i = 0; i < d->n_sent; i++) {
		const sm_dsent *x = &d->sent[i];
		ents += x->n_ment;
		if (x->flags & SM_CONTENT) {
			posted += x->n_fp;
			kept += x->end - x->start + 1;
		}
	}
	for (size_t i = 0; i < d->n_quote; i++)
		kept += d->quote[i].end - d->quote[i].start + 1;
	/* the dictionary's table, once it holds terms */
	size_t slots = s->n_slots ? s->n_slots : DICT_SLOTS;
	while ((s->n_term + d->n_stems + 1) * 2 > slots)
		slots *= 2;
	if (s->n_term && slots != s->n_slots && dict_rehash(s, slots) < 0)
		return MARSAD_ENOMEM;
	if (sm_postings_reserve(&s->post, posted) < 0)
		return MARSAD_ENOMEM;
	/* link_copies() counts by sentence, each touched once */
	size_t n_sent = s->n_sent + d->n_sent;
	size_t counted = s->cap_count;
	if (sm_fit(&s->count, &s->cap_count, n_sent, sizeof *s->count) < 0)
		return MARSAD_ENOMEM;
	if (s->cap_count > counted)
		memset(s->count + counted, 0,
		       (s->cap_count - counted) * sizeof *s->count);
	if (reserve(&s->sent, &s->cap_sent, n_sent, sizeof *s->sent) < 0 ||
	    sm_vec_reserve(&s->touched, n_sent) < 0 ||
	    sm_vec_reserve(&s->terms, d->n_term) < 0 ||
	    sm_vec_reserve(&s->fps, d->fps.n) < 0 ||
	    sm_vec_reserve(&s->ents, ents) < 0 ||
	    marsad_buf_reserve(&s->pool, kept) < 0)
		return MARSAD_ENOMEM;
	return 0;
}

static int add(marsad_summary *s, const sm_doc *d)
{
	if (grow(&s->art, &s->cap_art, s->n_art, sizeof *s->art) < 0 ||
	    s->n_art >= SM_NONE - 1)
		return MARSAD_ENOMEM;
	uint32_t art = (uint32_t)s->n_art;
	sm_art *r = &s->art[art];
	memset(r, 0, sizeof *r);
	r->key = strdup(d->key);
	r->title = strdup(d->title);
	r->published = dup_or_null(d->published);
	r->outlet_id = outlet_id(s, d->outlet);
	s->n_art++;
	if (!r->key || !r->title || (d->published && !r->published) ||
	    r->outlet_id == SM_NONE)
		return MARSAD_ENOMEM;
	r->outlet = s->outlets[r->outlet_id];
	r->title_words = d->title_words;
	r->n_title = d->n_title;
	r->title_ok = d->title_ok;

	/* scratch in one block: the mentions' entities, the distinct
	 * spellings', then the terms' ids and their stems' */
	size_t *ids = malloc((d->n_mentions + d->n_dm) * sizeof *ids +
			     (d->n_term + d->n_stems + 1) * sizeof(uint32_t));
	uint32_t *tid = ids ? (uint32_t *)(ids + d->n_mentions + d->n_dm)
			    : NULL;
	int rc = ids ? make_room(s, d) : MARSAD_ENOMEM;
	if (rc == 0)
		rc = add_entities(s, d, art, ids, ids + d->n_mentions);
	if (rc == 0)
		rc = term_ids(s, d, tid, tid + d->n_term);
	if (rc == 0)
		rc = push_terms(s, tid, d->n_title, SM_NONE,
				&s->art[art].title_off);
	uint32_t first = (uint32_t)s->n_sent;
	const uint32_t *at = tid + d->n_title;
	for (size_t i = 0; rc == 0 && i < d->n_sent; i++) {
		rc = add_sentence(s, d, art, (uint32_t)i, at, ids);
		at += d->sent[i].n_terms;
	}
	s->art[art].first_sent = first;
	s->art[art].n_sent = (uint32_t)(s->n_sent - first);
	if (rc == 0)
		rc = add_dates(s, d, first);
	if (rc == 0)
		rc = add_quotes(s, d, art, ids);
	free(ids);
	return rc;
}

int sm_doc_add(marsad_summary *s, const sm_doc *d)
{
	if (s->failed)
		return MARSAD_ENOMEM;
	sm_result_clear(s);
	s->dirty = 1;
	int rc = add(s, d);
	/* a half-added article would leave the records inconsistent */
	if (rc < 0)
		s->failed = 1;
	return rc;
}

int marsad_summary_add(marsad_summary *s, const marsad_article *a)
{
	if (!s)
		return MARSAD_EINVAL;
	sm_doc *d;
	int rc = sm_doc_new(a, NULL, 0, &d);
	if (rc == MARSAD_ENOMEM && !s->failed)
		s->failed = 1;
	if (rc == 0)
		rc = sm_doc_add(s, d);
	sm_doc_free(d);
	return rc;
}
