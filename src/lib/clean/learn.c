/*
 * learn.c — the cleaner object and what it learns: lines that repeat
 * across one outlet's pages are that outlet's boilerplate.
 *
 * For each outlet the cleaner counts, per distinct short line (its key's
 * fingerprint), the number of observed articles holding it, with lossy
 * counting (Manku & Motwani, "Approximate Frequency Counts over Data
 * Streams", VLDB 2002): the articles form buckets of LEARN_BUCKET; at the
 * end of bucket b every line whose count + delta <= b is forgotten, so a
 * line seen once stays at most one bucket, and a count is short of the
 * truth by at most pages / LEARN_BUCKET. Counts only ever err low, so an
 * approximation can miss boilerplate but never make a content line look
 * repeated. Memory is bounded whatever the input: at most LEARN_ENTRIES
 * lines per outlet, LEARN_SLOTS_MAX table slots (16 bytes each, 64 MiB)
 * over all outlets, LEARN_OUTLETS outlets.
 *
 * A line is learnt when its count reaches both LEARN_MIN_PAGES and
 * 1 / LEARN_SHARE of the outlet's observed articles. The share is low on
 * purpose: on SaudiNewsNet and ANT the true footers sit on 2-9 % of an
 * outlet's pages (a columnists' contact line, "// انتهى //", a byline
 * "عين اليوم – متابعات"), while no content line of at most LEARN_WORDS
 * words reaches 2 %. A line ending a sentence needs LEARN_MIN_SENTENCE
 * pages: a short background sentence an outlet repeats in a few follow-up
 * stories is content.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean_int.h"
#include "marsad/text.h"

#define LEARN_WORDS 16          /* longer lines are prose, never learnt */
#define LEARN_KEY_MAX 256       /* bytes of key */
#define LEARN_MIN_PAGES 3
#define LEARN_MIN_SENTENCE 8
#define LEARN_SHARE 50          /* 1/50 = 2 % of the outlet's pages */
#define LEARN_BUCKET 64         /* articles per lossy-counting bucket */
#define LEARN_ENTRIES 4096      /* lines counted per outlet */
#define LEARN_SLOTS_MAX ((size_t)1 << 22)
#define LEARN_OUTLETS 65536
#define LEARN_NAME_MAX 200      /* bytes of an outlet name */
#define LEARN_REASONS 4096      /* distinct outlet reasons kept */

struct slot {
	uint64_t fp;    /* 0 = empty (a real 0 fingerprint is stored as 1) */
	uint32_t count; /* articles seen holding the line */
	uint32_t delta; /* the most it may have been seen before it was counted */
};

struct clean_outlet {
	char *name;
	uint64_t hash;
	const char *reason; /* "repeated across <name> pages", static */
	uint32_t pages;     /* articles observed */
	struct slot *slots;
	size_t cap, used;   /* cap is a power of two, 0 before the first line */
};

struct marsad_cleaner {
	clean_outlet **outlets; /* open addressing by name hash */
	size_t cap, n;
	size_t slots_total;     /* table slots of all outlets */
	clean_scratch scr;
	marsad_buf keys;
	uint64_t *fps;          /* one article's fingerprints */
	size_t fps_cap;
};

/*
 * The reasons "repeated across <outlet> pages" outlive any cleaner: a
 * removal keeps its reason as a static string (read.h). They are interned
 * once per outlet name for the life of the process, in a hash table of
 * LEARN_REASONS names at most; later outlets, and names that are not valid
 * UTF-8, share a generic wording.
 */
static pthread_mutex_t reasons_lock = PTHREAD_MUTEX_INITIALIZER;
static char **reasons; /* 2 * LEARN_REASONS slots, by name fingerprint */
static size_t n_reasons;

#define REASON_HEAD "repeated across "
#define REASON_TAIL " pages"

static const char *outlet_reason(const char *name)
{
	static const char generic[] = "repeated across the outlet's pages";
	size_t nl = strlen(name), hl = sizeof REASON_HEAD - 1;
	if (marsad_utf8_check(name, nl, NULL))
		return generic;
	const char *out = generic;
	pthread_mutex_lock(&reasons_lock);
	if (!reasons && !(reasons = calloc(2 * LEARN_REASONS, sizeof *reasons)))
		goto done;
	size_t mask = 2 * LEARN_REASONS - 1;
	size_t i = (size_t)clean_fingerprint(name, nl) & mask;
	for (; reasons[i]; i = (i + 1) & mask) {
		if (strncmp(reasons[i] + hl, name, nl) == 0 &&
		    strcmp(reasons[i] + hl + nl, REASON_TAIL) == 0) {
			out = reasons[i];
			goto done;
		}
	}
	if (n_reasons < LEARN_REASONS) {
		size_t size = hl + nl + sizeof REASON_TAIL;
		char *s = malloc(size);
		if (s) {
			snprintf(s, size, REASON_HEAD "%s" REASON_TAIL, name);
			out = reasons[i] = s;
			n_reasons++;
		}
	}
done:
	pthread_mutex_unlock(&reasons_lock);
	return out;
}

int clean_learnable(size_t klen, size_t words)
{
	return words >= 1 && words <= LEARN_WORDS && klen <= LEARN_KEY_MAX;
}

int marsad_cleaner_new(marsad_cleaner **out)
{
	const clean_rules *r;
	*out = NULL;
	int rc = clean_rules_get(&r);
	if (rc)
		return rc;
	marsad_cleaner *c = calloc(1, sizeof *c);
	if (!c)
		return MARSAD_ENOMEM;
	*out = c;
	return 0;
}

static void outlet_free(clean_outlet *o)
{
	if (!o)
		return;
	free(o->name);
	free(o->slots);
	free(o);
}

void marsad_cleaner_free(marsad_cleaner *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->cap; i++)
		outlet_free(c->outlets[i]);
	free(c->outlets);
	clean_scratch_clear(&c->scr);
	marsad_buf_clear(&c->keys);
	free(c->fps);
	free(c);
}

static uint64_t name_hash(const char *name)
{
	return clean_fingerprint(name, strlen(name));
}

static size_t outlet_slot(clean_outlet *const *tab, size_t cap, const char *name,
			  uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);
	while (tab[i] && (tab[i]->hash != h || strcmp(tab[i]->name, name) != 0))
		i = (i + 1) & (cap - 1);
	return i;
}

const clean_outlet *clean_outlet_find(const marsad_cleaner *c, const char *name)
{
	if (!c || !c->cap || !name || !*name)
		return NULL;
	return c->outlets[outlet_slot(c->outlets, c->cap, name, name_hash(name))];
}

/* The outlet named name, created if new; NULL when out of memory or past
 * LEARN_OUTLETS. */
static clean_outlet *outlet_get(marsad_cleaner *c, const char *name)
{
	uint64_t h = name_hash(name);
	if (c->cap) {
		clean_outlet *o = c->outlets[outlet_slot(c->outlets, c->cap, name, h)];
		if (o)
			return o;
	}
	if (c->n >= LEARN_OUTLETS)
		return NULL;
	if ((c->n + 1) * 2 > c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		clean_outlet **tab = calloc(cap, sizeof *tab);
		if (!tab)
			return NULL;
		for (size_t i = 0; i < c->cap; i++) {
			clean_outlet *o = c->outlets[i];
			if (o)
				tab[outlet_slot(tab, cap, o->name, o->hash)] = o;
		}
		free(c->outlets);
		c->outlets = tab;
		c->cap = cap;
	}
	clean_outlet *o = calloc(1, sizeof *o);
	if (!o || !(o->name = strdup(name))) {
		free(o);
		return NULL;
	}
	o->hash = h;
	o->reason = outlet_reason(name);
	c->outlets[outlet_slot(c->outlets, c->cap, name, h)] = o;
	c->n++;
	return o;
}

/* The slot of fp in a table of cap slots: its own or the empty one where
 * it would go. */
static size_t fp_slot(const struct slot *t, size_t cap, uint64_t fp)
{
	size_t i = (size_t)fp & (cap - 1);
	while (t[i].fp && t[i].fp != fp)
		i = (i + 1) & (cap - 1);
	return i;
}

/* Rebuilds o's table with cap slots, keeping the lines with
 * count + delta > floor. */
static int rebuild(marsad_cleaner *c, clean_outlet *o, size_t cap, uint32_t floor)
{
	struct slot *t = calloc(cap, sizeof *t);
	if (!t)
		return MARSAD_ENOMEM;
	size_t used = 0;
	for (size_t i = 0; i < o->cap; i++) {
		const struct slot *s = &o->slots[i];
		if (s->fp && (uint64_t)s->count + s->delta > floor) {
			t[fp_slot(t, cap, s->fp)] = *s;
			used++;
		}
	}
	free(o->slots);
	c->slots_total = c->slots_total - o->cap + cap;
	o->slots = t;
	o->cap = cap;
	o->used = used;
	return 0;
}

/* Makes room for one more line: grows the table while the budgets allow,
 * else forgets the lines met once in this bucket. Returns 0 when there is
 * room, 1 when there is none, or a MARSAD_E* code. */
static int make_room(marsad_cleaner *c, clean_outlet *o, uint32_t bucket)
{
	if ((o->used + 1) * 2 <= o->cap)
		return 0;
	size_t cap = o->cap ? o->cap * 2 : 64;
	if (cap <= 2 * LEARN_ENTRIES && c->slots_total - o->cap + cap <= LEARN_SLOTS_MAX)
		return rebuild(c, o, cap, 0);
	if (!o->cap)
		return 1; /* the budget is spent: a new outlet learns nothing */
	int rc = rebuild(c, o, o->cap, bucket);
	if (rc)
		return rc;
	return (o->used + 1) * 2 <= o->cap ? 0 : 1;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Collects the fingerprints of the article's distinct learnable lines
 * into c->fps, sorted; returns their number or a MARSAD_E* code. */
static long article_lines(marsad_cleaner *c, const char *text, size_t len)
{
	size_t n = 0, i = 0;
	for (size_t lines = 0; i < len && lines < CLEAN_LINES_MAX; lines++) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len;
		size_t words;
		if (e - i <= CLEAN_LINE_MAX) {
			marsad_buf_reset(&c->keys);
			int rc = clean_key(text + i, e - i, &c->scr, &c->keys, &words);
			if (rc)
				return rc;
			if (clean_learnable(c->keys.len, words)) {
				if (n == c->fps_cap) {
					size_t cap = c->fps_cap ? c->fps_cap * 2 : 64;
					uint64_t *p = realloc(c->fps, cap * sizeof *p);
					if (!p)
						return MARSAD_ENOMEM;
					c->fps = p;
					c->fps_cap = cap;
				}
				uint64_t fp = clean_fingerprint(c->keys.data,
								c->keys.len);
				c->fps[n++] = fp ? fp : 1;
			}
		}
		i = e + 1;
	}
	if (n > 1)
		qsort(c->fps, n, sizeof *c->fps, cmp_u64);
	size_t u = 0;
	for (size_t k = 0; k < n; k++)
		if (!u || c->fps[u - 1] != c->fps[k])
			c->fps[u++] = c->fps[k];
	return (long)u;
}

int marsad_cleaner_observe(marsad_cleaner *c, const char *outlet,
			   const char *text, size_t len)
{
	if (!c || (!text && len))
		return MARSAD_EINVAL;
	/* An unknown outlet learns nothing; nor does a name too long to be
	 * one (soup in the metadata). */
	if (!outlet || !*outlet || strlen(outlet) > LEARN_NAME_MAX)
		return 0;
	long n = article_lines(c, text, len);
	if (n < 0)
		return (int)n;
	clean_outlet *o = outlet_get(c, outlet);
	if (!o)
		return c->n >= LEARN_OUTLETS ? 0 : MARSAD_ENOMEM;
	if (o->pages == UINT32_MAX)
		return 0; /* counts would overflow: the outlet is learnt enough */
	o->pages++;
	uint32_t bucket = (o->pages + LEARN_BUCKET - 1) / LEARN_BUCKET;
	for (long k = 0; k < n; k++) {
		uint64_t fp = c->fps[k];
		if (o->cap) {
			struct slot *s = &o->slots[fp_slot(o->slots, o->cap, fp)];
			if (s->fp) {
				s->count++;
				continue;
			}
		}
		/* A new line; when there is no room it goes uncounted, which
		 * errs on the side of keeping it. */
		int rc = make_room(c, o, bucket);
		if (rc < 0)
			return rc;
		if (rc)
			continue;
		struct slot *s = &o->slots[fp_slot(o->slots, o->cap, fp)];
		s->fp = fp;
		s->count = 1;
		s->delta = bucket - 1;
		o->used++;
	}
	if (o->pages % LEARN_BUCKET == 0 && o->cap)
		return rebuild(c, o, o->cap, bucket);
	return 0;
}

const char *clean_outlet_learnt(const clean_outlet *o, const char *key,
				size_t klen, int sentence)
{
	if (!o || !o->cap)
		return NULL;
	uint64_t fp = clean_fingerprint(key, klen);
	const struct slot *s = &o->slots[fp_slot(o->slots, o->cap, fp ? fp : 1)];
	if (!s->fp)
		return NULL;
	uint32_t need = sentence ? LEARN_MIN_SENTENCE : LEARN_MIN_PAGES;
	if (s->count < need || (uint64_t)s->count * LEARN_SHARE < o->pages)
		return NULL;
	return o->reason;
}
