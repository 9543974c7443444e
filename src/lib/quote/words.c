/*
 * words.c — the table of data/quote_words.txt: normalized word → tags,
 * verb lemma and, for titles, the title words they agree with. Built once
 * on first use into a fixed open-addressing table; a lookup is one hash
 * of the word's length and three of its bytes and, almost always, one
 * comparison. Most words of an article are in no list: a bit per hash
 * value, set for every word the table holds, turns them away before the
 * table is probed.
 */
#include <pthread.h>
#include <string.h>

#include "internal.h"
#include "quote_int.h"

MARSAD_DATA(quote_words);
MARSAD_DATA(names_places);

#define SLOT_BITS 11
#define SLOTS (1u << SLOT_BITS) /* > 2 × entries */
#define MAX_ROLES 64
#define MAX_RELATED 6

typedef struct entry {
	char w[QTOK_NORM]; /* "" : empty slot */
	unsigned char len; /* of w */
	unsigned tags;
	char lemma[QLEMMA];
	int role; /* index in roles + 1, or 0 */
} entry;

typedef struct role {
	char related[MAX_RELATED][QTOK_NORM];
	unsigned n;
} role;

static entry table[SLOTS];
/* Bit (hash >> 16) is set for every word of the table, so a clear bit
 * proves a word absent; with about six hundred words in 65536 bits, a
 * word not in the table almost always finds its bit clear. */
static uint64_t present[65536 / 64];
static role roles[MAX_ROLES];
static size_t n_roles;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* The lengths (bit min(len, 63)) of the words that may reach a word of
 * the table, by the hash of its last six bytes (a table word of six bytes
 * or more) or four (a shorter one). quote_word_tags() takes at most six
 * bytes off the front of a word (و or ف, then ل or ال), so a word whose
 * every form keeps four bytes ends like the entry it reaches, and is
 * two, four or six bytes longer: one or two loads turn away most words
 * before any form of theirs is hashed. A table word of fewer than four
 * bytes, which a shorter form could reach, turns the test off
 * (tails_off). */
#define TAIL_BITS 10
static uint64_t tails[2][1u << TAIL_BITS];
static int tails_off;

/* The bucket in tails of the last n bytes of w (n is 4 or 6, at most
 * len). */
static inline uint64_t *tail_word(const char *w, size_t len, size_t n)
{
	uint64_t t = 0;
	memcpy(&t, w + len - n, n);
	return &tails[n == 6][(t * 0x9E3779B97F4A7C15ull) >> (64 - TAIL_BITS)];
}

static inline uint64_t tail_bit(size_t len)
{
	return (uint64_t)1 << (len < 63 ? len : 63);
}

/* The hash of a non-empty word: its length and its second, middle
 * (odd-numbered) and last bytes, which in Arabic, two bytes a letter, are
 * the bytes that tell its first, a middle and its last letter from the
 * others, mixed by a multiplication (Knuth's multiplicative hashing); the
 * top bits are the well-mixed ones. Words that share all four only share
 * a probe sequence. */
static inline uint32_t hash(const char *w, size_t len)
{
	const unsigned char *u = (const unsigned char *)w;
	size_t mid = (len / 2) | 1;
	uint32_t k = (uint32_t)(len & 0xFF) | (uint32_t)u[len > 1] << 8 |
		     (uint32_t)u[mid < len ? mid : len - 1] << 16 |
		     (uint32_t)u[len - 1] << 24;
	return k * 2654435761u;
}

/* The bit of hash h in present: its top 16 bits. */
static uint64_t *present_word(uint32_t h)
{
	return &present[h >> 22];
}

static uint64_t present_bit(uint32_t h)
{
	return (uint64_t)1 << (h >> 16 & 63);
}

/* The slot of w (hash h) in the table, or the empty slot where it would
 * go; NULL when the table is full. */
static entry *find(const char *w, size_t len, uint32_t h)
{
	uint32_t i = h >> (32 - SLOT_BITS);
	for (size_t probes = 0; probes < SLOTS; probes++) {
		entry *e = &table[i];
		if (!e->w[0] || (e->len == len && memcmp(e->w, w, len) == 0))
			return e;
		i = (i + 1) & (SLOTS - 1);
	}
	return NULL;
}

/* The entry of w in the table, added (with no tags) if missing; NULL when
 * the table is full. */
static entry *add(const char *w, size_t len)
{
	uint32_t h = hash(w, len);
	entry *e = find(w, len, h);
	if (e && !e->w[0]) {
		memcpy(e->w, w, len);
		e->w[len] = 0;
		e->len = (unsigned char)len;
		*present_word(h) |= present_bit(h);
		if (len < 4)
			tails_off = 1;
		else
			*tail_word(w, len, len >= 6 ? 6 : 4) |=
				tail_bit(len) | tail_bit(len + 2) |
				tail_bit(len + 4) | tail_bit(len + 6);
	}
	return e;
}

/* Normalizes word [s, s+n) into out (QTOK_NORM bytes); 0 when too long. */
static size_t norm_word(const char *s, size_t n, char *out)
{
	marsad_buf b = MARSAD_BUF_INIT;
	size_t len = 0;
	if (marsad_normalize(s, n, &b) == 0 && b.len < QTOK_NORM) {
		memcpy(out, b.data, b.len);
		out[b.len] = 0;
		len = b.len;
	}
	marsad_buf_clear(&b);
	return len;
}

static const struct {
	const char *name;
	unsigned tag;
} tag_names[] = {
	{"verb", QW_VERB}, {"part", QW_PART}, {"comp", QW_COMP},
	{"source", QW_SOURCE}, {"inst", QW_INST}, {"back", QW_BACK},
	{"role", QW_ROLE}, {"weak", QW_WEAK}, {"object", QW_OBJECT},
	{"medium", QW_MEDIUM},
};

static int add_line(void *ctx, const char *line, size_t n)
{
	const char *f[64];
	size_t fl[64], nf = 0;
	for (size_t i = 0; i < n && nf < 64;) {
		while (i < n && line[i] == ' ')
			i++;
		size_t s = i;
		while (i < n && line[i] != ' ')
			i++;
		if (i > s) {
			f[nf] = line + s;
			fl[nf++] = i - s;
		}
	}
	if (nf < 2)
		return 0;
	unsigned tag = 0;
	for (size_t k = 0; k < sizeof tag_names / sizeof *tag_names; k++)
		if (strlen(tag_names[k].name) == fl[0] &&
		    memcmp(tag_names[k].name, f[0], fl[0]) == 0)
			tag = tag_names[k].tag;
	if (!tag)
		return 0;
	char w[QTOK_NORM], lemma[QLEMMA] = "";
	size_t first = 1;
	if (tag & (QW_VERB | QW_PART)) {
		if (fl[1] >= QLEMMA || nf < 3)
			return 0;
		memcpy(lemma, f[1], fl[1]); /* the lemma as written, hamza kept */
		lemma[fl[1]] = 0;
		first = 2;
	}
	for (size_t k = first; k < nf; k++) {
		size_t len = norm_word(f[k], fl[k], w);
		if (!len)
			continue;
		entry *e = add(w, len);
		if (!e)
			return 0; /* full: the rest is left out */
		e->tags |= tag;
		if (lemma[0] && !e->lemma[0])
			memcpy(e->lemma, lemma, sizeof lemma);
		if (tag == QW_ROLE) {
			/* "role WORD RELATED...": only the first word is the role */
			if (!e->role && n_roles < MAX_ROLES)
				e->role = (int)++n_roles;
			role *r = e->role ? &roles[e->role - 1] : NULL;
			for (size_t k2 = 2; r && k2 < nf && r->n < MAX_RELATED; k2++)
				if (norm_word(f[k2], fl[k2], r->related[r->n]))
					r->n++;
			break;
		}
	}
	return 0;
}

/* A place or institution known by one word (data/names_places.txt): a
 * tagger that calls it a person is wrong. */
static int add_place(void *ctx, const char *line, size_t n)
{
	char w[QTOK_NORM];
	size_t len = norm_word(line, n, w);
	if (!len || memchr(w, ' ', len))
		return 0;
	entry *e = add(w, len);
	if (e)
		e->tags |= QW_PLACE;
	return 0;
}

static void load(void)
{
	marsad_lexicon_each(marsad_data_quote_words, marsad_data_quote_words_len,
			    add_line, NULL);
	marsad_lexicon_each(marsad_data_names_places,
			    marsad_data_names_places_len, add_place, NULL);
	/* عن U+0639 U+0646: the preposition of "نقلت … عن X" */
	entry *e = add("\xd8\xb9\xd9\x86", 4);
	if (e)
		e->tags |= QW_AN;
}

/* The entry of w, or NULL; the table is loaded (quote_words_load()) by
 * the caller. */
static inline const entry *lookup(const char *w, size_t len)
{
	if (!len || len >= QTOK_NORM)
		return NULL;
	uint32_t h = hash(w, len);
	if (!(*present_word(h) & present_bit(h)))
		return NULL; /* not a word of the table */
	const entry *e = find(w, len, h);
	return e && e->w[0] ? e : NULL;
}

/* Leading clitics taken off before lookup: و U+0648 or ف U+0641, then
 * ل U+0644 ("ولتؤكد"), each two bytes in UTF-8. */
static int clitic_at(const char *w, size_t len, int lam)
{
	if (len < 6 || (unsigned char)w[0] != 0xD9)
		return 0;
	unsigned char b = (unsigned char)w[1];
	return lam ? b == 0x84 : (b == 0x88 || b == 0x81);
}

void quote_words_load(void)
{
	pthread_once(&once, load);
}

/* quote_word_tags() past the tails test. Kept out of line so that the
 * test, which answers most calls, costs no more than itself. */
static __attribute__((noinline)) unsigned
word_tags(const char *w, size_t len, const char **lemma)
{
	const entry *e = lookup(w, len);
	if (!e && clitic_at(w, len, 0)) {
		w += 2;
		len -= 2;
		e = lookup(w, len);
	}
	if (!e && clitic_at(w, len, 1))
		e = lookup(w + 2, len - 2);
	/* places are listed without the article ال (U+0627 U+0644) */
	if (!e && len > 6 && memcmp(w, "\xd8\xa7\xd9\x84", 4) == 0) {
		e = lookup(w + 4, len - 4);
		if (e && !(e->tags & QW_PLACE))
			e = NULL;
	}
	if (!e)
		return 0;
	if (lemma)
		*lemma = e->lemma;
	return e->tags;
}

unsigned quote_word_tags(const char *w, size_t len, const char **lemma)
{
	if (len >= 4 && !tails_off && !(*tail_word(w, len, 4) & tail_bit(len)) &&
	    (len < 6 || !(*tail_word(w, len, 6) & tail_bit(len))))
		return 0;
	return word_tags(w, len, lemma);
}

void quote_role_related(const char *w, void (*fn)(void *ctx, const char *r),
			void *ctx)
{
	const entry *e = lookup(w, strlen(w));
	if (e && e->role)
		for (unsigned i = 0; i < roles[e->role - 1].n; i++)
			fn(ctx, roles[e->role - 1].related[i]);
}
