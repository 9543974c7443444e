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
 * Each word costs no allocation: its normalized form and stem live in
 * fixed buffers of MARSAD_TOKEN_MAX bytes.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "marsad/text.h"
#include "text_internal.h"

/*
 * A per-thread memo of stems: news text repeats its words (the 16,384 most
 * frequent words of SaudiNewsNet are 79% of its tokens), so most words are
 * stemmed once per thread; on SaudiNewsNet the memo answers about 70% of
 * the calls. Direct-mapped, 60-byte entries, 2 MiB per thread, allocated
 * on the thread's first stemmed word and freed when the thread ends;
 * without memory the analyzer simply stems every word. The stemmer is a
 * pure function of (word, hints), so the memo never changes a result.
 */
#define MEMO_SLOTS 32768u
#define MEMO_WORD 28 /* longer words and stems are not memoized */

typedef struct memo {
	uint8_t norm_len, stem_len, hints, flags;
	char norm[MEMO_WORD];
	char stem[MEMO_WORD];
} memo;

/* The keys sit apart from the entries so that a word not in the memo
 * costs one probe of a 128 KiB array, which stays in cache. */
typedef struct memo_table {
	uint32_t key[MEMO_SLOTS]; /* 0: empty */
	memo entry[MEMO_SLOTS];
} memo_table;

static __thread memo_table *memos;
static __thread int memos_failed;
static pthread_key_t memo_key;
static pthread_once_t memo_once = PTHREAD_ONCE_INIT;
static int memo_key_ok;

static void memo_key_init(void)
{
	memo_key_ok = pthread_key_create(&memo_key, free) == 0;
}

static memo_table *memo_get(void)
{
	if (memos || memos_failed)
		return memos;
	pthread_once(&memo_once, memo_key_init);
	memos = memo_key_ok ? calloc(1, sizeof *memos) : NULL;
	if (!memos || pthread_setspecific(memo_key, memos) != 0) {
		free(memos);
		memos = NULL;
		memos_failed = 1;
	}
	return memos;
}

/* marsad_stem() through the memo; same contract. */
static size_t stem(const char *w, size_t len, unsigned hints, char *out,
		   unsigned *flags)
{
	memo_table *table = len <= MEMO_WORD ? memo_get() : NULL;
	if (!table)
		return marsad_stem(w, len, hints, out, flags);
	uint32_t key = (text_hash(w, len) ^ (hints << 24)) | 1u;
	size_t slot = (key >> 1) & (MEMO_SLOTS - 1);
	memo *m = &table->entry[slot];
	if (table->key[slot] == key && m->norm_len == len &&
	    m->hints == hints && memcmp(m->norm, w, len) == 0) {
		memcpy(out, m->stem, m->stem_len);
		*flags = m->flags;
		return m->stem_len;
	}
	size_t n = marsad_stem(w, len, hints, out, flags);
	if (n <= MEMO_WORD) {
		table->key[slot] = key;
		m->norm_len = (uint8_t)len;
		m->stem_len = (uint8_t)n;
		m->hints = (uint8_t)hints;
		m->flags = (uint8_t)*flags;
		memcpy(m->norm, w, len);
		memcpy(m->stem, out, n);
	}
	return n;
}

typedef struct word {
	size_t start, end; /* source span of what the word holds so far */
	char norm[MARSAD_TOKEN_MAX + 1];
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
	word w;
	/* A joiner (. , - ') seen after a word, kept until the next unit
	 * decides whether it is inside the word. */
	uint32_t pend;
	char stem[MARSAD_TOKEN_MAX + 1];
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
	size_t n = text_encode(u->cp, e);
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

/* Ends the current word, if any, and reports it. */
static int finish(analyzer *an)
{
	word *w = &an->w;
	an->pend = 0;
	if (!w->active)
		return 0;
	w->active = 0;
	w->norm[w->len] = 0;

	marsad_token t;
	t.start = w->start;
	t.end = w->end;
	t.norm = w->norm;
	t.norm_len = w->len;
	t.kind = kind_of(w);
	t.flags = w->bad ? MARSAD_TOKEN_BADUTF8 : 0;
	t.index = an->index++;
	t.stem = w->norm;
	t.stem_len = w->len;

	unsigned tags = 0;
	if (t.kind == MARSAD_TOKEN_ARABIC)
		tags = marsad_text_word_tags(w->norm, w->len);
	if (tags & TEXT_WORD_STOP) {
		an->name_ctx = 0;
		if (!(an->flags & MARSAD_ANALYZE_KEEP_STOPWORDS))
			return 0;
		t.flags |= MARSAD_TOKEN_STOPWORD;
	} else if (t.kind == MARSAD_TOKEN_ARABIC && !w->bad &&
		   !(an->flags & MARSAD_ANALYZE_NO_STEM)) {
		unsigned sf = 0;
		t.stem_len = stem(w->norm, w->len,
				  an->name_ctx ? MARSAD_STEM_NAME_CONTEXT : 0,
				  an->stem, &sf);
		an->stem[t.stem_len] = 0;
		t.stem = an->stem;
		if (sf & MARSAD_STEM_IS_NAME)
			t.flags |= MARSAD_TOKEN_NAME;
	}
	if (!(tags & TEXT_WORD_STOP))
		an->name_ctx = (t.flags & MARSAD_TOKEN_NAME) ||
			       (tags & TEXT_WORD_TITLE);
	return an->fn(an->ctx, &t);
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
		an->name_ctx = 0; /* a name chain does not cross punctuation */
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
static size_t arabic_run(word *w, const unsigned char *s, size_t len,
			 size_t i)
{
	size_t start = i;
	while (i + 1 < len && (s[i] & 0xFC) == 0xD8 &&
	       (s[i + 1] & 0xC0) == 0x80) {
		unsigned idx = ((s[i] & 3u) << 6) | (s[i + 1] & 0x3Fu);
		const text_fast *f = &marsad_text_arabic[idx];
		if (f->cls == TEXT_ARABIC) {
			if (!w->active) {
				begin(w, i);
				w->script = w->last = TEXT_ARABIC;
			} else if (w->truncated ||
				   w->len + 2 > MARSAD_TOKEN_MAX) {
				break;
			}
			unsigned cp = f->to ? f->to : 0x600u + idx;
			w->norm[w->len] = (char)(0xC0 | (cp >> 6));
			w->norm[w->len + 1] = (char)(0x80 | (cp & 0x3F));
			w->len += 2;
		} else if (f->cls != TEXT_IGNORE || !w->active) {
			break;
		}
		i += 2;
	}
	if (i != start)
		w->end = i;
	return i;
}

int marsad_analyze(const char *s, size_t len, unsigned flags,
		   marsad_token_fn fn, void *ctx)
{
	if (!fn || (!s && len))
		return MARSAD_EINVAL;
	const unsigned char *u = (const unsigned char *)s;
	analyzer an;
	an.flags = flags;
	an.fn = fn;
	an.ctx = ctx;
	an.index = 0;
	an.name_ctx = 0;
	an.pend = 0;
	an.w.active = 0;
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
			size_t j = arabic_run(&an.w, u, len, i);
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
	return finish(&an);
}
