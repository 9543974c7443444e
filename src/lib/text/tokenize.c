/*
 * tokenize.c — marsad_analyze(): words with byte offsets, normalized,
 * flagged and stemmed, in one pass over the text.
 *
 * The text is read one character at a time through the fold of
 * text_internal.h, so a word is built from folded units while its span is
 * kept in source bytes. A word is a run of letters and digits:
 *   - characters that fold to nothing (harakat, tatweel, ZWJ/ZWNJ, bidi
 *     marks) never end a word, so "كـتـاب", "كتَاب" and "ك‍تاب" are one;
 *   - a change of script between letters (Arabic ↔ Latin ↔ other) ends one,
 *     and so does a change between Arabic letters and digits: "و2021" is
 *     the clitic و and a year, "2015م" a year and م (ميلادي); Latin keeps
 *     its letters and digits together (G20, 5G);
 *   - "." and "," join digits (3.5, 1,000), "-" joins letters to following
 *     digits (كوفيد-19, F-16) and an apostrophe joins Latin letters
 *     (O'Brien); anything else that is not a letter or digit ends a word;
 *   - an invalid UTF-8 sequence stays in the word as U+FFFD and flags it.
 * Each word costs no allocation: its normalized form is built in a fixed
 * buffer of MARSAD_TOKEN_MAX bytes and its stem is a slice of that.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "marsad/text.h"
#include "text_internal.h"

/*
 * A per-thread memo of stems: news text repeats its words (the 65,536
 * most frequent words of SaudiNewsNet are 94% of its tokens), so most
 * words are stemmed once per thread. Four-way set associative on the
 * word's hash, 32-byte entries (a set is two cache lines): the word
 * itself, the hints it was stemmed with, its stem as a slice of it (a
 * stem always is one) and the stem's skeleton hash. A new word enters a set in its last place and a
 * word found moves up one place, so the frequent words stay while the
 * long tail of rare ones passes through the last place. 131,072 entries,
 * 4 MiB per thread: on SaudiNewsNet 91% of the lookups are answered (a
 * direct-mapped table of half the size answered 72%, and the stemmer
 * costs several times a lookup). Allocated on the thread's first stemmed
 * text and freed when the thread ends; without memory the analyzer simply
 * stems every word. The stemmer is a pure function of (word, hints), so
 * the memo never changes a result. Words of up to 24 bytes (12 Arabic
 * letters, clitics included) are memoized: 28 before the skeleton took
 * 4 of their bytes, and 0.02% of SaudiNewsNet's Arabic words have 25 to
 * 28. The skeleton hash, which copy detection and the summaries read at
 * every distinct stem of an article, is thus worked out once per word a
 * thread meets.
 */
#define MEMO_SETS 32768u
#define MEMO_WAYS 4
#define MEMO_WORD 24 /* longer words are not memoized */
#define MEMO_BYTES (MEMO_SETS * MEMO_WAYS * sizeof(memo))
#define MEMO_ALIGN ((size_t)2 << 20) /* a huge page (x86-64, arm64) */

typedef struct memo {
	uint8_t len;   /* bytes of word; 0: empty */
	uint8_t hints; /* MARSAD_STEM_NAME_CONTEXT, and the result flags
			  MARSAD_STEM_* shifted left by 4 */
	uint8_t start, stem_len;
	uint32_t skeleton; /* marsad_skeleton_hash() of the stem */
	char word[MEMO_WORD];
} memo;

static __thread memo *memos;
static __thread int memos_failed;
static pthread_key_t memo_key;
static pthread_once_t memo_once = PTHREAD_ONCE_INIT;
static int memo_key_ok;

static void memo_key_init(void)
{
	memo_key_ok = pthread_key_create(&memo_key, free) == 0;
}

static memo *memo_get(void)
{
	if (memos || memos_failed)
		return memos;
	pthread_once(&memo_once, memo_key_init);
	memos = memo_key_ok ? aligned_alloc(MEMO_ALIGN, MEMO_BYTES) : NULL;
	if (!memos || pthread_setspecific(memo_key, memos) != 0) {
		free(memos);
		memos = NULL;
		memos_failed = 1;
		return NULL;
	}
#ifdef MADV_HUGEPAGE
	/* Two huge pages instead of 1,024 small ones (asked for before the
	 * memory is touched): every lookup lands on a random page, and TLB
	 * misses would cost as much as the lookup. */
	madvise(memos, MEMO_BYTES, MADV_HUGEPAGE);
#endif
	memset(memos, 0, MEMO_BYTES);
	return memos;
}

/* The set of the word whose hash is h. */
static memo *memo_set(memo *table, uint64_t h)
{
	return &table[((h >> 32) & (MEMO_SETS - 1)) * MEMO_WAYS];
}

/* marsad_text_stem() through the memo (which may be NULL); same
 * contract, and *skeleton receives the stem's marsad_skeleton_hash(). h
 * is text_hash(w, len); w is readable for MEMO_WORD bytes. */
static size_t stem(memo *table, const char *w, size_t len, uint64_t h,
		   unsigned hints, size_t *start, unsigned *flags,
		   uint32_t *skeleton)
{
	if (!table || len > MEMO_WORD) {
		size_t n = marsad_text_stem(w, len, hints, start, flags);
		*skeleton = marsad_skeleton_hash(w + *start, n);
		return n;
	}
	memo *set = memo_set(table, h);
	for (int i = 0; i < MEMO_WAYS; i++) {
		memo *m = &set[i];
		if (m->len == len && (m->hints & 0x0F) == hints &&
		    text_same(m->word, w, len)) {
			*start = m->start;
			*flags = m->hints >> 4;
			*skeleton = m->skeleton;
			size_t n = m->stem_len;
			if (i > 0) { /* move up one place */
				memo t = set[i - 1];
				set[i - 1] = *m;
				*m = t;
			}
			return n;
		}
	}
	size_t n = marsad_text_stem(w, len, hints, start, flags);
	*skeleton = marsad_skeleton_hash(w + *start, n);
	memo *m = &set[MEMO_WAYS - 1];
	m->len = (uint8_t)len;
	m->hints = (uint8_t)(hints | *flags << 4);
	m->start = (uint8_t)*start;
	m->stem_len = (uint8_t)n;
	m->skeleton = *skeleton;
	memcpy(m->word, w, MEMO_WORD);
	return n;
}

/*
 * Words are reported in batches: a word's stem is looked up in the memo
 * only after the next BATCH − 1 words have been read, and its memo entry
 * is fetched into the cache as soon as the word ends, so the memory
 * latency of the lookups overlaps with the reading instead of adding to
 * it. Each queued word is built in place in its batch slot.
 */
#define BATCH 16

typedef struct queued {
	size_t start, end, index;
	uint64_t h;          /* text_hash of norm, for Arabic words */
	size_t len;
	unsigned char kind;  /* marsad_token_kind */
	unsigned char bad;   /* touches an invalid byte */
	unsigned char reset; /* punctuation came before it: no name chain */
	char norm[MARSAD_TOKEN_MAX + 1 + MEMO_WORD];
} queued;

typedef struct word {
	size_t start, end; /* source span of what the word holds so far */
	char *norm;        /* the norm of its batch slot */
	size_t len;
	int active, truncated;
	unsigned char script; /* class of its letters, or 0 */
	unsigned char last;   /* class of its last unit */
	unsigned char digits, bad;
} word;

typedef struct analyzer {
	unsigned flags;
	marsad_token_fn fn;
	void *ctx;
	size_t index;  /* tokens seen, stopwords included */
	int name_ctx;  /* the previous word was a title or a name */
	int reset;     /* punctuation since the last queued word */
	memo *memo;    /* NULL: not stemming, or no memory */
	const text_wordset *words; /* stopwords and titles (TEXT_WORD_*) */
	word w;
	/* A joiner (. , - ') seen after a word, kept until the next unit
	 * decides whether it is inside the word. */
	uint32_t pend;
	size_t nq;     /* queued words */
	queued q[BATCH];
} analyzer;

static void begin(word *w, size_t at)
{
	w->active = 1;
	w->start = at;
	w->len = 0;
	w->truncated = 0;
	w->script = w->digits = w->bad = 0;
}

static void add_unit(word *w, const text_unit *u, size_t a, size_t b)
{
	if (!w->active)
		begin(w, a);
	w->end = b;
	w->last = u->cls;
	if (u->cls == TEXT_DIGIT)
		w->digits = 1;
	else if (u->cls == TEXT_BAD)
		w->bad = 1;
	else if (u->cls != TEXT_PUNCT)
		w->script = u->cls;
	if (w->truncated)
		return;
	char e[4];
	size_t n = marsad_utf8_encode(u->cp, e);
	if (w->len + n > MARSAD_TOKEN_MAX) {
		w->truncated = 1; /* cut at a character boundary */
		return;
	}
	memcpy(w->norm + w->len, e, n);
	w->len += n;
}

static marsad_token_kind kind_of(const word *w)
{
	if (w->script && w->digits)
		return MARSAD_TOKEN_MIXED;
	switch (w->script) {
	case TEXT_ARABIC:
		return MARSAD_TOKEN_ARABIC;
	case TEXT_LATIN:
		return MARSAD_TOKEN_LATIN;
	case TEXT_LETTER:
		return MARSAD_TOKEN_OTHER;
	}
	return w->digits ? MARSAD_TOKEN_NUMBER : MARSAD_TOKEN_OTHER;
}

/* Reports one queued word: drops or flags a stopword, stems an Arabic
 * word, and carries the name chain (a title or name makes the next word
 * a name candidate; a stopword or punctuation breaks the chain). */
static int report(analyzer *an, queued *p)
{
	marsad_token t;
	t.start = p->start;
	t.end = p->end;
	t.norm = p->norm;
	t.norm_len = p->len;
	t.kind = (marsad_token_kind)p->kind;
	t.flags = p->bad ? MARSAD_TOKEN_BADUTF8 : 0;
	t.index = p->index;
	t.stem = p->norm;
	t.stem_len = p->len;
	t.skeleton = 0;
	if (p->reset)
		an->name_ctx = 0;

	unsigned tags = 0;
	if (t.kind == MARSAD_TOKEN_ARABIC)
		tags = text_wordset_tags(an->words, p->norm, p->len, p->h);
	if (tags & TEXT_WORD_STOP) {
		an->name_ctx = 0;
		if (!(an->flags & MARSAD_ANALYZE_KEEP_STOPWORDS))
			return 0;
		t.flags |= MARSAD_TOKEN_STOPWORD;
	} else if (t.kind == MARSAD_TOKEN_ARABIC && !p->bad &&
		   !(an->flags & MARSAD_ANALYZE_NO_STEM)) {
		unsigned sf = 0;
		size_t at = 0;
		t.stem_len = stem(an->memo, p->norm, p->len, p->h,
				  an->name_ctx ? MARSAD_STEM_NAME_CONTEXT : 0,
				  &at, &sf, &t.skeleton);
		t.stem = p->norm + at;
		if (sf & MARSAD_STEM_IS_NAME)
			t.flags |= MARSAD_TOKEN_NAME;
	} else if (!(an->flags & MARSAD_ANALYZE_NO_STEM)) {
		/* a word no stemmer touches: digits, Latin, a bad byte */
		t.skeleton = marsad_skeleton_hash(t.stem, t.stem_len);
	}
	if (!(tags & TEXT_WORD_STOP))
		an->name_ctx = (t.flags & MARSAD_TOKEN_NAME) ||
			       (tags & TEXT_WORD_TITLE);
	return an->fn(an->ctx, &t);
}

/* Reports the queued words in order. */
static int flush(analyzer *an)
{
	size_t n = an->nq;
	an->nq = 0;
	an->w.norm = an->q[0].norm;
	for (size_t i = 0; i < n; i++) {
		int rc = report(an, &an->q[i]);
		if (rc)
			return rc;
	}
	return 0;
}

/* Ends the current word, if any, and queues it. */
static int finish(analyzer *an)
{
	word *w = &an->w;
	an->pend = 0;
	if (!w->active)
		return 0;
	w->active = 0;
	queued *p = &an->q[an->nq];
	p->start = w->start;
	p->end = w->end;
	p->len = w->len;
	p->norm[w->len] = 0;
	p->kind = (unsigned char)kind_of(w);
	p->bad = w->bad;
	p->index = an->index++;
	p->reset = (unsigned char)an->reset;
	an->reset = 0;
	if (p->kind == MARSAD_TOKEN_ARABIC) {
		p->h = text_hash(p->norm, p->len);
		text_wordset_prefetch(an->words, p->h);
		if (an->memo) {
			const char *set = (const char *)memo_set(an->memo, p->h);
			__builtin_prefetch(set);
			__builtin_prefetch(set + 64);
		}
	}
	if (++an->nq == BATCH)
		return flush(an);
	w->norm = an->q[an->nq].norm;
	return 0;
}

/* Whether the pending joiner binds the word to the unit u that follows. */
static int joins(const analyzer *an, const text_unit *u)
{
	switch (an->pend) {
	case '.':
	case ',':
	case '-':
		return u->cls == TEXT_DIGIT;
	case '\'':
		return u->cls == TEXT_LATIN;
	}
	return 0;
}

/* Whether cp, right after the current word, may be a joiner. */
static int may_join(const word *w, uint32_t cp)
{
	switch (cp) {
	case '.':
	case ',':
		return w->last == TEXT_DIGIT;
	case '-':
		return w->last != TEXT_DIGIT && w->last != TEXT_BAD;
	case '\'':
		return w->last == TEXT_LATIN;
	}
	return 0;
}

static int unit(analyzer *an, const text_unit *u, size_t a, size_t b)
{
	word *w = &an->w;
	int rc;
	if (an->pend) {
		if (joins(an, u)) {
			text_unit j = {an->pend, TEXT_PUNCT};
			an->pend = 0;
			add_unit(w, &j, a, a);
			add_unit(w, u, a, b);
			return 0;
		}
		if ((rc = finish(an)))
			return rc;
	}
	switch (u->cls) {
	case TEXT_SPACE:
		return finish(an);
	case TEXT_PUNCT:
		if (w->active && may_join(w, u->cp)) {
			an->pend = u->cp;
			return 0;
		}
		rc = finish(an);
		an->reset = 1; /* a name chain does not cross punctuation */
		return rc;
	case TEXT_ARABIC:
	case TEXT_LATIN:
	case TEXT_LETTER:
		if (w->active && ((w->script && w->script != u->cls) ||
				  (u->cls == TEXT_ARABIC &&
				   w->last == TEXT_DIGIT)) &&
		    (rc = finish(an)))
			return rc;
		break;
	case TEXT_DIGIT:
		if (w->active && w->last == TEXT_ARABIC && (rc = finish(an)))
			return rc;
		break;
	}
	add_unit(w, u, a, b);
	return 0;
}

/*
 * The hot path: starts an Arabic word at s[i] or extends the Arabic word
 * before it over the Arabic-block letters and vanishing marks that follow,
 * straight from the fold table; returns where it stopped. Everything else
 * (and a word about to be truncated) is left to the general path.
 */
static size_t arabic_run(const uint16_t *arabic, word *w,
			 const unsigned char *s, size_t len, size_t i)
{
	/* Locals, not w's fields, in the loop: the stores into norm may alias
	 * w as far as the compiler knows. */
	char *out = w->norm;
	size_t n = w->len, start = i;
	if (w->active && w->truncated)
		return i;
	if (!w->active) {
		/* A word starts only at a letter. */
		uint16_t v;
		if (i + 1 >= len ||
		    (v = text_arabic_fold(arabic, s + i)) <= TEXT_ARABIC_STOP)
			return i;
		begin(w, i);
		w->script = w->last = TEXT_ARABIC;
		memcpy(out, &v, 2);
		n = 2;
		i += 2;
	}
	/* A character read here gives at most the two bytes it takes, so
	 * the word cannot outgrow MARSAD_TOKEN_MAX before `end`; from there
	 * on the general path truncates it. */
	size_t end = len - i > MARSAD_TOKEN_MAX - n ? i + MARSAD_TOKEN_MAX - n
						    : len;
	while (i + 1 < end) {
		uint16_t v = text_arabic_fold(arabic, s + i);
		if (v > TEXT_ARABIC_STOP) {
			memcpy(out + n, &v, 2);
			n += 2;
		} else if (v == TEXT_ARABIC_STOP) {
			break;
		}
		i += 2;
	}
	if (i != start) {
		w->end = i;
		w->len = n;
	}
	return i;
}

int marsad_analyze(const char *s, size_t len, unsigned flags,
		   marsad_token_fn fn, void *ctx)
{
	if (!fn || (!s && len))
		return MARSAD_EINVAL;
	const uint16_t *arabic = marsad_text_arabic_pairs();
	const unsigned char *u = (const unsigned char *)s;
	analyzer an;
	an.flags = flags;
	an.fn = fn;
	an.ctx = ctx;
	an.index = 0;
	an.name_ctx = 0;
	an.reset = 0;
	an.memo = flags & MARSAD_ANALYZE_NO_STEM ? NULL : memo_get();
	an.words = marsad_text_words();
	an.pend = 0;
	an.nq = 0;
	an.w.active = 0;
	an.w.norm = an.q[0].norm;
	text_unit units[TEXT_FOLD_MAX];
	for (size_t i = 0; i < len;) {
		/* The common cases first: a space ends a word; Arabic letters
		 * start or extend one. */
		if (u[i] == ' ') {
			int rc = finish(&an);
			if (rc)
				return rc;
			i++;
			continue;
		}
		if (!an.pend && (!an.w.active || an.w.last == TEXT_ARABIC)) {
			size_t j = arabic_run(arabic, &an.w, u, len, i);
			if (j != i) {
				i = j;
				continue;
			}
		}
		size_t n, a = i;
		i += text_next(u, len, i, units, &n);
		if (n == 0) {
			/* Vanishing characters extend a word, never split it. */
			if (an.w.active && !an.pend)
				an.w.end = i;
			continue;
		}
		for (size_t k = 0; k < n; k++) {
			int rc = unit(&an, &units[k], a, i);
			if (rc)
				return rc;
		}
	}
	int rc = finish(&an);
	return rc ? rc : flush(&an);
}
