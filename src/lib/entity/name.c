/*
 * name.c — when two spellings name one person: transliteration-aware
 * comparison of name tokens, skeleton keys for blocking, nicknames, and the
 * rule that joins a full name, a bare family name and their variants.
 *
 * Algorithm: a weighted Levenshtein distance over folded letters. The cost
 * of each edit comes from data/entity_translit.txt, learned from Wikidata
 * (CC0) pairs of Arabic spellings of one English name (ج↔غ 0.14, ز↔س 0.13,
 * inserting ي 0.39 or ا 0.40), completed by data/entity_translit_extra.txt;
 * any other edit costs 1, and inserting a letter next to the same letter
 * (a doubled consonant written once) costs DOUBLE_COST. The distance is
 * divided by the shorter token's length; two tokens match when it is at
 * most MATCH_MAX, chosen on the training split (`marsad eval names`).
 * Reference: the "weighted edit distance for transliterated names" idea of
 * name-matching surveys (Christen 2006, "A comparison of personal name
 * matching"); the costs here are this project's own.
 *
 * Cost: O(|a|·|b|) per comparison, at most 40×40 cells, and a matching
 * test stops at the first row that is sure to exceed MATCH_MAX, or does
 * not start when what the letters one token lacks in the other cost
 * already exceeds it (lacking(): most pairs of different names, at a
 * look per letter); the index compares a new name only with the few
 * entities that share a key. The nicknames a given name matches are
 * found once per thread and token (NICK_MEMO), not at every comparison,
 * and the verdicts on pairs of short tokens are remembered per thread
 * (MATCH_MEMO).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "entity_int.h"
#include "internal.h"
#include "marsad/extract.h"
#include "text/text_internal.h"

MARSAD_DATA(entity_translit);
MARSAD_DATA(entity_translit_extra);
MARSAD_DATA(entity_nicknames);
MARSAD_DATA(entity_native);

#define MATCH_MAX 0.25   /* normalized distance up to which tokens match */
#define ARTICLE_MAX 0.12 /* the same for a name with the article ال */
#define PLACE_MAX 0.15   /* the same for a word of a place or an organization */
#define DOUBLE_COST 20   /* hundredths: a doubled letter written once (شدة
			    dropped) */
#define SHORT_NAME 7     /* letters under which one full edit is too many */
#define ARABIC_BASE 0x600u

#define MAX_NATIVE 256
#define MAX_NICK 512
#define NICK_GROUPS 128 /* nickname lines kept; later ones are dropped */
/* Tokens whose nickname groups a thread remembers (about 180 KB): 64 let
 * half the lookups of a news day miss and compare with every nickname. */
#define NICK_MEMO 1024

/* Edit costs in hundredths, indexed by code point − U+0600 (the Arabic
 * block, where every folded Arabic letter lies); letters outside it pay
 * 100 for every edit. */
static unsigned char sub_cost[256][256];
static unsigned char indel_cost[256];
static double hundredths[101]; /* c / 100.0, looked up, not divided */

/* The substitutions of a letter that cost less than 100 (a letter has a
 * few), from which prepare() works out what a token's letters cost in
 * place of another. */
#define CHEAP_SUBS 16
typedef struct cheap_subs {
	unsigned char n;
	unsigned char col[CHEAP_SUBS], cost[CHEAP_SUBS];
	unsigned char floor; /* what those left out cost at least (100:
				none was) */
} cheap_subs;
static cheap_subs cheap[256];

static name_tok native[MAX_NATIVE];
static size_t n_native;

static name_tok nick[MAX_NICK];
static unsigned short nick_group[MAX_NICK];
static size_t n_nick;
static void prepare_nicknames(void);

static pthread_once_t once = PTHREAD_ONCE_INIT;

/* ---- parsing ---------------------------------------------------------- */

/* Folds the text into a stream of letters and separators and hands each
 * letter run to `fn` as one token. */
static void each_word(const char *s, size_t len,
		      void (*fn)(void *ctx, const name_tok *t), void *ctx)
{
	const unsigned char *u = (const unsigned char *)s;
	name_tok t;
	t.n = 0;
	size_t i = 0;
	while (i < len) {
		text_unit units[TEXT_FOLD_MAX];
		size_t nu;
		i += text_next(u, len, i, units, &nu);
		for (size_t k = 0; k < nu; k++) {
			if (units[k].cls == TEXT_ARABIC ||
			    units[k].cls == TEXT_LATIN) {
				if (t.n < NAME_LETTERS)
					t.c[t.n++] = units[k].cp;
			} else if (t.n) {
				fn(ctx, &t);
				t.n = 0;
			}
		}
	}
	if (t.n)
		fn(ctx, &t);
}

int entity_parts_eq(const name_parts *a, const name_parts *b)
{
	if (a->n != b->n)
		return 0;
	for (unsigned k = 0; k < a->n; k++)
		if (!entity_tok_eq(&a->t[k], &b->t[k]))
			return 0;
	return 1;
}

/* A total order of tokens (by length, then letters), for bsearch(). */
static int tok_cmp(const void *va, const void *vb)
{
	const name_tok *a = va, *b = vb;
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	return memcmp(a->c, b->c, a->n * sizeof *a->c);
}

/* Particles written apart that belong to the next word of a name:
 * عبد (عبد الله), ابو/ابي/ابا (ابو مازن, يا ابا محمد; U+0623 folded to
 * ا), ابن/بن, the
 * article ال written apart, and the Romance/Germanic particles دي دا فان
 * فون (دي ميستورا, دا سيلفا, فان دير ...), as folded code points (a
 * 0 ends a word of two letters): every name token is looked up. */
static int is_particle(const name_tok *t)
{
	static const uint32_t words[][3] = {
		{0x639, 0x628, 0x62F}, /* عبد */
		{0x627, 0x628, 0x648}, /* ابو */
		{0x627, 0x628, 0x64A}, /* ابي */
		{0x627, 0x628, 0x627}, /* ابا */
		{0x627, 0x628, 0x646}, /* ابن */
		{0x628, 0x646, 0},     /* بن */
		{0x627, 0x644, 0},     /* ال */
		{0x62F, 0x64A, 0},     /* دي */
		{0x62F, 0x627, 0},     /* دا */
		{0x641, 0x627, 0x646}, /* فان */
		{0x641, 0x648, 0x646}, /* فون */
	};
	/* every one two or three letters: most tokens are ruled out here */
	if (t->n < 2 || t->n > 3)
		return 0;
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (t->c[0] == words[i][0] && t->c[1] == words[i][1] &&
		    (t->n == 3 ? t->c[2] == words[i][2] : !words[i][2]))
			return 1;
	return 0;
}

/* Words written apart that belong to the word before: the Turkish
 * ‑oğlu and the Persian ‑zadeh of family names (تشاووش أوغلو, نعمت زاده),
 * whose first word is otherwise taken for a middle name. */
static int is_suffix_particle(const name_tok *t)
{
	static const uint32_t oglu[] = {0x627, 0x648, 0x63A, 0x644, 0x648};
	static const uint32_t zadeh[] = {0x632, 0x627, 0x62F, 0x647};
	return (t->n == 5 && !memcmp(t->c, oglu, sizeof oglu)) ||
	       (t->n == 4 && !memcmp(t->c, zadeh, sizeof zadeh));
}

/* Appends t's letters to token last, as far as they fit. */
static void glue_onto(name_tok *last, const name_tok *t)
{
	for (unsigned k = 0; k < t->n && last->n < NAME_LETTERS; k++)
		last->c[last->n++] = t->c[k];
}

struct parse_ctx {
	name_parts *p;
	int glue; /* the previous token was a particle */
};

static void parse_word(void *vctx, const name_tok *t)
{
	struct parse_ctx *c = vctx;
	name_parts *p = c->p;
	if (c->glue && p->n) {
		name_tok *last = &p->t[p->n - 1];
		name_tok rest;
		/* آل (folded to ال) before a word with the article is one
		 * article: آل الشيخ is آل شيخ */
		if (last->n == 2 && last->c[0] == 0x627 && last->c[1] == 0x644 &&
		    t->n > 4 && t->c[0] == 0x627 && t->c[1] == 0x644) {
			entity_tok_rest(t, 2, &rest);
			t = &rest;
		}
		glue_onto(last, t);
		/* a particle after a particle glues on too: بن عبد العزيز is
		 * بنعبدالعزيز, as بن عبدالعزيز is */
		c->glue = is_particle(t);
		return;
	}
	if (p->n && is_suffix_particle(t)) {
		glue_onto(&p->t[p->n - 1], t);
		return;
	}
	if (p->n >= NAME_TOKENS)
		return;
	p->t[p->n++] = *t;
	c->glue = is_particle(t);
}

void entity_parse(const char *s, size_t len, name_parts *out)
{
	struct parse_ctx c = {out, 0};
	out->n = 0;
	if (s)
		each_word(s, len, parse_word, &c);
}

/* ---- lexicons ----------------------------------------------------------- */

/* Parses "0.25" (digits and one point) into hundredths, capped at 100;
 * locale-independent, unlike strtod. */
static unsigned parse_cost(const char *s, size_t n)
{
	unsigned whole = 0, frac = 0, scale = 100;
	size_t i = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		whole = whole * 10 + (unsigned)(s[i++] - '0');
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
			scale /= 10;
			frac += (unsigned)(s[i] - '0') * scale;
		}
	unsigned v = whole * 100 + frac;
	return v > 100 ? 100 : v;
}

/* The folded letter of a one-letter field, or 0. */
static uint32_t one_letter(const char *s, size_t n)
{
	name_parts p;
	entity_parse(s, n, &p);
	if (p.n != 1 || p.t[0].n != 1)
		return 0;
	uint32_t cp = p.t[0].c[0];
	return cp >= ARABIC_BASE && cp < ARABIC_BASE + 256 ? cp : 0;
}

static int add_cost(void *ctx, const char *line, size_t n)
{
	const char *f[3];
	size_t fl[3], nf = 0, i = 0;
	while (i < n && nf < 3) {
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
	if (nf != 3)
		return 0;
	uint32_t a = one_letter(f[0], fl[0]);
	unsigned cost = parse_cost(f[2], fl[2]);
	if (!a)
		return 0;
	if (fl[1] == 1 && f[1][0] == '-') {
		unsigned char *c = &indel_cost[a - ARABIC_BASE];
		if (cost < *c)
			*c = (unsigned char)cost;
		return 0;
	}
	uint32_t b = one_letter(f[1], fl[1]);
	if (!b)
		return 0;
	unsigned char *c1 = &sub_cost[a - ARABIC_BASE][b - ARABIC_BASE];
	unsigned char *c2 = &sub_cost[b - ARABIC_BASE][a - ARABIC_BASE];
	if (cost < *c1)
		*c1 = *c2 = (unsigned char)cost;
	return 0;
}

static int add_native(void *ctx, const char *line, size_t n)
{
	name_parts p;
	entity_parse(line, n, &p);
	if (p.n == 1 && n_native < MAX_NATIVE)
		native[n_native++] = p.t[0];
	return 0;
}

static void add_nick_word(void *ctx, const name_tok *t)
{
	if (n_nick < MAX_NICK && *(unsigned short *)ctx < NICK_GROUPS) {
		nick_group[n_nick] = *(unsigned short *)ctx;
		nick[n_nick++] = *t;
	}
}

static int add_nick_line(void *ctx, const char *line, size_t n)
{
	unsigned short *group = ctx;
	each_word(line, n, add_nick_word, group);
	(*group)++;
	return 0;
}

/* cheap[y], from the cost table. */
static void list_cheap(int y)
{
	cheap_subs *c = &cheap[y];
	c->n = 0;
	c->floor = 100;
	for (int x = 0; x < 256; x++) {
		unsigned char cost = sub_cost[x][y];
		if (x == y || cost >= 100)
			continue;
		if (c->n < CHEAP_SUBS) {
			c->col[c->n] = (unsigned char)x;
			c->cost[c->n++] = cost;
		} else if (cost < c->floor) {
			c->floor = cost;
		}
	}
}

static void load(void)
{
	for (int c = 0; c <= 100; c++)
		hundredths[c] = c / 100.0;
	memset(sub_cost, 100, sizeof sub_cost);
	memset(indel_cost, 100, sizeof indel_cost);
	for (int i = 0; i < 256; i++)
		sub_cost[i][i] = 0;
	marsad_lexicon_each(marsad_data_entity_translit,
			    marsad_data_entity_translit_len, add_cost, NULL);
	marsad_lexicon_each(marsad_data_entity_translit_extra,
			    marsad_data_entity_translit_extra_len, add_cost,
			    NULL);
	for (int y = 0; y < 256; y++)
		list_cheap(y);
	marsad_lexicon_each(marsad_data_entity_native,
			    marsad_data_entity_native_len, add_native, NULL);
	qsort(native, n_native, sizeof *native, tok_cmp);
	unsigned short group = 0;
	marsad_lexicon_each(marsad_data_entity_nicknames,
			    marsad_data_entity_nicknames_len, add_nick_line,
			    &group);
	prepare_nicknames();
}

/* ---- distance ------------------------------------------------------------ */

/* Inserting or deleting s[k], in hundredths: cheap when a neighbour is the
 * same letter. */
static unsigned char cost_indel(const uint32_t *s, size_t n, size_t k)
{
	if ((k > 0 && s[k - 1] == s[k]) || (k + 1 < n && s[k + 1] == s[k]))
		return DOUBLE_COST;
	if (s[k] - ARABIC_BASE < 256)
		return indel_cost[s[k] - ARABIC_BASE];
	return 100;
}

/*
 * Letters ready for weighted(): a token, or what follows its article,
 * with the cost of inserting or deleting each letter and its column of
 * the cost table. What only depends on one side is worked out once per
 * token, not once per comparison: a name compared with every nickname,
 * the nicknames themselves (at load).
 */
typedef struct wrun {
	const uint32_t *c;
	unsigned char n;
	unsigned char indel[NAME_LETTERS]; /* hundredths */
	short col[NAME_LETTERS]; /* c[k] − U+0600, or -1 outside the block */
} wrun;

static void wrun_init(wrun *r, const uint32_t *c, size_t n)
{
	r->c = c;
	r->n = (unsigned char)n;
	for (size_t k = 0; k < n; k++) {
		uint32_t col = c[k] - ARABIC_BASE;
		r->indel[k] = cost_indel(c, n, k);
		r->col[k] = col < 256 ? (short)col : -1;
	}
}

/* The weighted distance of a and b, or, as soon as it is sure to exceed
 * `limit`, some value above limit: the smallest cell of a row never
 * exceeds the final distance (every path crosses every row and no edit
 * costs less than 0), so a row whose every cell is above limit ends the
 * search. Rows are summed in the same order either way, so a result not
 * above limit is the exact distance. */
static double weighted(const wrun *a, const wrun *b, double limit)
{
	size_t na = a->n, nb = b->n;
	double rows[2][NAME_LETTERS + 1];
	double *prev = rows[0], *row = rows[1];
	prev[0] = 0;
	for (size_t j = 1; j <= nb; j++)
		prev[j] = prev[j - 1] + hundredths[b->indel[j - 1]];
	for (size_t i = 1; i <= na; i++) {
		uint32_t ai = a->c[i - 1];
		double del = hundredths[a->indel[i - 1]];
		/* substituting ai: its row of the cost table, or 1 for all */
		const unsigned char *sub =
			ai - ARABIC_BASE < 256 ? sub_cost[ai - ARABIC_BASE] : NULL;
		row[0] = prev[0] + del;
		double low = row[0];
		for (size_t j = 1; j <= nb; j++) {
			double cs = ai == b->c[j - 1] ? 0
				    : sub && b->col[j - 1] >= 0
					    ? hundredths[sub[b->col[j - 1]]]
					    : 1;
			double d = prev[j - 1] + cs;
			double dl = prev[j] + del;
			double in = row[j - 1] + hundredths[b->indel[j - 1]];
			if (dl < d)
				d = dl;
			if (in < d)
				d = in;
			row[j] = d;
			if (d < low)
				low = d;
		}
		if (low > limit)
			return low;
		double *t = prev;
		prev = row;
		row = t;
	}
	return prev[nb];
}

/* The letters of a leading article ال (U+0627 U+0644), or of لل, ل
 * written onto it (للأسد), when at least three remain: Arabic family
 * names are written with and without it (الأسد/أسد). */
static size_t article_len(const name_tok *t)
{
	return t->n >= 5 && (t->c[0] == 0x627 || t->c[0] == 0x644) &&
			       t->c[1] == 0x644
		       ? 2
		       : 0;
}

int entity_tok_article(const name_tok *t)
{
	return article_len(t) != 0;
}

static int is_native(const name_tok *t)
{
	return bsearch(t, native, n_native, sizeof *native, tok_cmp) != NULL;
}

/* A token as the comparisons take it: its letters ready for weighted(),
 * whole and, after an article, without it, and what each letter costs
 * in place of one of its own. */
typedef struct ptok {
	const name_tok *t;
	unsigned char n_runs;    /* 2 when the token has an article */
	signed char native;      /* is_native(t); -1: not looked up yet */
	unsigned char sub[256];  /* by column y: the cheapest substitution
				    of y for one of its letters, in
				    hundredths (0: it has y) */
	wrun run[2];
} ptok;

static void prepare(const name_tok *t, ptok *p)
{
	size_t art = article_len(t);
	p->t = t;
	p->n_runs = art ? 2 : 1;
	p->native = -1;
	wrun_init(&p->run[0], t->c, t->n);
	if (art)
		wrun_init(&p->run[1], t->c + art, t->n - art);
	const wrun *r = &p->run[0];
	unsigned char floor = 100;
	for (size_t k = 0; k < r->n; k++)
		if (r->col[k] >= 0 && cheap[r->col[k]].floor < floor)
			floor = cheap[r->col[k]].floor;
	memset(p->sub, floor, sizeof p->sub);
	for (size_t k = 0; k < r->n; k++) {
		const cheap_subs *c = r->col[k] >= 0 ? &cheap[r->col[k]] : NULL;
		for (size_t i = 0; c && i < c->n; i++)
			if (c->cost[i] < p->sub[c->col[i]])
				p->sub[c->col[i]] = c->cost[i];
	}
	for (size_t k = 0; k < r->n; k++)
		if (r->col[k] >= 0)
			p->sub[r->col[k]] = 0;
}

/* What the letters of b that token a lacks cost at least, in hundredths:
 * each is inserted or takes the place of one of a's, one edit each (the
 * cost table is symmetric). A lower bound of weighted() of b and any run
 * of a's letters (a run lacks what the token lacks, and more), at a look
 * at each letter of b. */
static unsigned lacking(const ptok *a, const wrun *b)
{
	unsigned sum = 0;
	for (size_t j = 0; j < b->n; j++) {
		if (b->col[j] < 0)
			continue;
		unsigned char sub = a->sub[b->col[j]];
		sum += b->indel[j] < sub ? b->indel[j] : sub;
	}
	return sum;
}

/* is_native(p->t), looked up once. */
static int ptok_native(ptok *p)
{
	if (p->native < 0)
		p->native = (signed char)is_native(p->t);
	return p->native;
}

/* nick[i] prepared, and its ptok_native() looked up, at load: every
 * thread reads them, none writes. */
static ptok nick_ready[MAX_NICK];

static void prepare_nicknames(void)
{
	for (size_t i = 0; i < n_nick; i++) {
		prepare(&nick[i], &nick_ready[i]);
		ptok_native(&nick_ready[i]);
	}
}

/* Whether one of a and b ends with ي and the other, of four letters or
 * more, does not and is an Arabic given name (entity_native.txt). */
static int nisba_apart(ptok *a, ptok *b)
{
	int ya = a->t->c[a->t->n - 1] == 0x64A, yb = b->t->c[b->t->n - 1] == 0x64A;
	if (ya == yb)
		return 0;
	ptok *plain = ya ? b : a;
	return plain->t->n >= 4 && ptok_native(plain);
}

/* entity_tok_distance() of prepared tokens, or some value above `bound`
 * once it is sure to be above it (see weighted()). A result not above
 * bound is exact. */
static double tok_distance(const ptok *a, const ptok *b, double bound)
{
	if (!a->t->n || !b->t->n)
		return a->t->n == b->t->n ? 0 : 1e9;
	double best = 1e9;
	for (size_t x = 0; x < a->n_runs; x++)
		for (size_t y = 0; y < b->n_runs; y++) {
			const wrun *ra = &a->run[x], *rb = &b->run[y];
			size_t shorter = ra->n < rb->n ? ra->n : rb->n;
			/* the margin keeps fl(w / shorter) above bound when
			 * w is above limit */
			double limit = bound * (double)shorter + 1e-9;
			/* a lower bound above the limit (by more than the
			 * rounding of the sums) spares the table */
			double low = lacking(a, rb) / 100.0;
			if (low <= limit + 1e-9) {
				double other = lacking(b, ra) / 100.0;
				if (other > low)
					low = other;
			}
			double w = low > limit + 1e-9 ? low
						      : weighted(ra, rb, limit);
			double d = w / (double)shorter;
			if (d < best)
				best = d;
		}
	return best;
}

double entity_tok_distance(const name_tok *a, const name_tok *b)
{
	pthread_once(&once, load);
	ptok pa, pb;
	prepare(a, &pa);
	prepare(b, &pb);
	return tok_distance(&pa, &pb, 1e300);
}

/*
 * The answers of entity_tok_match_d() for pairs of short tokens,
 * remembered per thread: an index compares a mention's words with every
 * candidate's, and the same spellings come back from article to article
 * and from story to story, so the same pairs do. Direct-mapped by the
 * pair's hash; an entry holds both tokens, letter for letter, so a hit is
 * the pair itself. About 170 KB a thread.
 */
#define MATCH_MEMO 2048
#define MEMO_LETTERS 16 /* longer tokens are compared every time */

typedef struct match_memo {
	uint16_t a[MEMO_LETTERS], b[MEMO_LETTERS];
	unsigned char na, nb; /* both 0: an empty entry (no pair looked up
				 is two empty tokens) */
	unsigned char match;
	unsigned char wrote;  /* whether dist was written */
	double dist;
} match_memo;

static _Thread_local match_memo pair_memo[MATCH_MEMO];

/* Copies t's letters into m (n letters); 0 when t does not fit a memo
 * entry. */
static int memo_letters(const name_tok *t, uint16_t *m)
{
	if (t->n > MEMO_LETTERS)
		return 0;
	for (unsigned i = 0; i < t->n; i++) {
		if (t->c[i] > 0xFFFFu)
			return 0;
		m[i] = (uint16_t)t->c[i];
	}
	return 1;
}

/* Whether y is x, either without its article, and one final ي, ا or ه
 * (ة folded): with the article, a nisba or a feminine, another name
 * (مالك, المالكي; عمر, العمرة). */
static int suffixed(const name_tok *x, const name_tok *y)
{
	size_t ax = article_len(x), ay = article_len(y);
	size_t nx = x->n - ax, ny = y->n - ay;
	uint32_t last = y->c[y->n - 1];
	return ny == nx + 1 && (last == 0x64A || last == 0x627 || last == 0x647) &&
	       memcmp(x->c + ax, y->c + ay, nx * sizeof *x->c) == 0;
}

int entity_tok_given_name(const name_tok *t)
{
	pthread_once(&once, load);
	return entity_tok_compound(t) || is_native(t);
}

size_t entity_tok_father(const name_tok *t)
{
	size_t k = t->n > 3 && t->c[0] == 0x627 ? 1 : 0; /* ابن */
	return t->n > k + 2 && t->c[k] == 0x628 && t->c[k + 1] == 0x646 ? k + 2
									 : 0;
}

size_t entity_tok_compound(const name_tok *t)
{
	return t->n >= 6 && t->c[0] == 0x639 && t->c[1] == 0x628 &&
			       t->c[2] == 0x62F && t->c[3] == 0x627 &&
			       t->c[4] == 0x644
		       ? 3
		       : 0;
}

static int match_tokens(const name_tok *a, const name_tok *b, double *dist,
			int *wrote);

/* Whether a without its first ka letters and b without its first kb
 * spell one name (match_compute()'s verdict on the rests). */
static int match_rest(const name_tok *a, size_t ka, const name_tok *b,
		      size_t kb, double *dist, int *wrote)
{
	name_tok ra, rb;
	entity_tok_rest(a, ka, &ra);
	entity_tok_rest(b, kb, &rb);
	if (entity_tok_eq(&ra, &rb)) {
		*dist = 0;
		*wrote = 1;
		return ra.n > 0;
	}
	return match_tokens(&ra, &rb, dist, wrote);
}

/* Whether two tokens that are not spelled alike spell one name. */
static int match_compute(ptok *a, ptok *b, double *dist, int *wrote)
{
	*wrote = 0;
	/* an initial ("ج.") only matches itself */
	if (a->t->n < 2 || b->t->n < 2)
		return 0;
	/* two fathers (بنسلمان, ابن سلمان): their names compared */
	size_t fa = entity_tok_father(a->t), fb = entity_tok_father(b->t);
	if (fa && fb)
		return match_rest(a->t, fa, b->t, fb, dist, wrote);
	/* عبد + one of the names of God: that name tells them apart
	 * (عبدالله, عبدالعزيز); a compound and a plain name never match */
	size_t ca = entity_tok_compound(a->t), cb = entity_tok_compound(b->t);
	if (ca || cb) {
		if (!ca || !cb)
			return 0;
		return match_rest(a->t, ca, b->t, cb, dist, wrote);
	}
	/* Arabic given names that differ by a long vowel are other names. */
	if (ptok_native(a) && ptok_native(b))
		return 0;
	/* An Arabic name written with the article varies little (العلوي,
	 * العلاوي): الأسد is not سعد, السيسي not عيسى, and the nisba
	 * المالكي is not مالك. */
	int article = article_len(a->t) || article_len(b->t);
	if (article && (suffixed(a->t, b->t) || suffixed(b->t, a->t)))
		return 0;
	/* Nor is an Arabic given name with a final ي, a nisba (سليماني is
	 * not سلمان). */
	if (nisba_apart(a, b))
		return 0;
	double max = article ? ARTICLE_MAX : MATCH_MAX;
	double d = tok_distance(a, b, max);
	/* In a short name one whole letter of difference is another name
	 * (ميلي/ميلر), whatever the ratio. */
	unsigned shorter = a->t->n < b->t->n ? a->t->n : b->t->n;
	if (shorter < SHORT_NAME && d * shorter >= 1)
		return 0;
	*dist = d;
	*wrote = 1;
	return d <= max;
}

/* Prepared tokens, per thread, by the token's hash: a lookup compares
 * the mention's token with each of hundreds of candidates' and met it
 * again among the next mention's, where each comparison prepared both
 * (a fifth of `marsad entities`' instructions). */
#define PREP_CACHE 2048
typedef struct prep_slot {
	name_tok t;  /* the token prepared (its n letters) */
	ptok p;      /* prepared from t, when ready */
	int ready;
} prep_slot;
static _Thread_local prep_slot prep_cache[PREP_CACHE];

static prep_slot *prep_slot_of(const name_tok *t)
{
	uint32_t h = entity_tok_hash(t);
	return &prep_cache[(h ^ (h >> 16)) % PREP_CACHE];
}

/* Token t prepared in its slot s. */
static ptok *prepared(prep_slot *s, const name_tok *t)
{
	if (!s->ready || !entity_tok_eq(&s->t, t)) {
		s->t.n = t->n;
		memcpy(s->t.c, t->c, t->n * sizeof *t->c);
		prepare(&s->t, &s->p);
		s->ready = 1;
	}
	return &s->p;
}

/* match_compute() of two tokens not yet prepared: from this thread's
 * prepared tokens, b into a ptok of its own when it would take a's
 * slot. */
static int match_tokens(const name_tok *a, const name_tok *b, double *dist,
			int *wrote)
{
	prep_slot *sa = prep_slot_of(a), *sb = prep_slot_of(b);
	ptok *pa = prepared(sa, a), own, *pb = &own;
	if (sb != sa)
		pb = prepared(sb, b);
	else
		prepare(b, &own);
	return match_compute(pa, pb, dist, wrote);
}

int entity_tok_match_d(const name_tok *a, const name_tok *b, double *dist)
{
	pthread_once(&once, load);
	if (entity_tok_eq(a, b)) {
		*dist = 0;
		return a->n > 0;
	}
	uint16_t la[MEMO_LETTERS], lb[MEMO_LETTERS];
	int wrote, match;
	if (!memo_letters(a, la) || !memo_letters(b, lb))
		return match_tokens(a, b, dist, &wrote);
	uint32_t h = entity_tok_hash(a) * 0x9e3779b1u ^ entity_tok_hash(b);
	match_memo *m = &pair_memo[(h ^ (h >> 16)) % MATCH_MEMO];
	if (m->na == a->n && m->nb == b->n &&
	    memcmp(m->a, la, a->n * sizeof *la) == 0 &&
	    memcmp(m->b, lb, b->n * sizeof *lb) == 0) {
		if (m->wrote)
			*dist = m->dist;
		return m->match;
	}
	double d = 0;
	match = match_tokens(a, b, &d, &wrote);
	if (wrote)
		*dist = d;
	memcpy(m->a, la, a->n * sizeof *la);
	memcpy(m->b, lb, b->n * sizeof *lb);
	m->na = a->n;
	m->nb = b->n;
	m->match = (unsigned char)match;
	m->wrote = (unsigned char)wrote;
	m->dist = d;
	return match;
}

int entity_tok_match(const name_tok *a, const name_tok *b)
{
	double d;
	return entity_tok_match_d(a, b, &d);
}

/* The nickname groups (bit g: line g of data/entity_nicknames.txt) that
 * have a word matching t. */
typedef struct nick_set {
	uint64_t bits[NICK_GROUPS / 64];
} nick_set;

/* A token and its nickname groups, remembered per thread: finding them
 * compares the token with every nickname, and an article compares the
 * same few given names again and again. */
typedef struct nick_memo {
	name_tok t;
	nick_set set;
} nick_memo;

static _Thread_local nick_memo memo[NICK_MEMO];

/*
 * The token is compared with each nickname as entity_tok_match() would,
 * but prepared once and without the pair memo (its verdicts on nicknames
 * would push out the index's pairs), and not with the rest of a group
 * once one of its words matched.
 */
static const nick_set *nick_groups(const name_tok *t)
{
	nick_memo *m = &memo[entity_tok_hash(t) % NICK_MEMO];
	if (m->t.n && entity_tok_eq(&m->t, t))
		return &m->set;
	memset(&m->set, 0, sizeof m->set);
	ptok pt;
	prepare(t, &pt);
	for (size_t i = 0; i < n_nick; i++) {
		uint64_t *bits = &m->set.bits[nick_group[i] / 64];
		uint64_t bit = (uint64_t)1 << (nick_group[i] % 64);
		double d;
		int wrote;
		if (*bits & bit)
			continue;
		if (entity_tok_eq(t, &nick[i]) ? t->n > 0
		    : match_compute(&pt, &nick_ready[i], &d, &wrote))
			*bits |= bit;
	}
	m->t = *t; /* an empty token (n 0) is never looked up again */
	return &m->set;
}

int entity_given_match(const name_tok *a, const name_tok *b)
{
	if (entity_tok_match(a, b))
		return 1;
	const nick_set *sa = nick_groups(a);
	uint64_t any = 0;
	for (size_t k = 0; k < NICK_GROUPS / 64; k++)
		any |= sa->bits[k];
	if (!any)
		return 0;
	nick_set ga = *sa; /* b's lookup may reuse a's slot */
	const nick_set *sb = nick_groups(b);
	for (size_t k = 0; k < NICK_GROUPS / 64; k++)
		if (ga.bits[k] & sb->bits[k])
			return 1;
	return 0;
}


int entity_nasab_prefix(const name_parts *a, const name_parts *b)
{
	const name_parts *s = a->n <= b->n ? a : b, *l = s == a ? b : a;
	if (s->n < 2 || s->n == l->n || !entity_tok_father(&s->t[1]) ||
	    !entity_tok_father(&l->t[1]) ||
	    !entity_given_match(&s->t[0], &l->t[0]))
		return 0;
	for (unsigned i = 1; i < s->n; i++)
		if (!entity_tok_match(&s->t[i], &l->t[i]))
			return 0;
	return 1;
}

int entity_father_differs(const name_parts *a, const name_parts *b)
{
	if (a->n < 2 || b->n < 2)
		return 0;
	size_t fa = entity_tok_father(&a->t[1]), fb = entity_tok_father(&b->t[1]);
	if (fa && fb)
		return !entity_tok_match(&a->t[1], &b->t[1]);
	if (a->n < 3 || b->n < 3)
		return 0;
	name_tok x, y;
	entity_tok_rest(&a->t[1], fa, &x);
	entity_tok_rest(&b->t[1], fb, &y);
	return !entity_tok_match(&x, &y);
}

/* How a word of a place's or an organization's name ends, after its
 * article: a vowel, which writers write one way or another or leave out
 * (روسيا, روسية; مصراً, مصر), or ـاء, whose hamza they may leave out but
 * not its long ā (سيناء, سينا; أمناء is not أمن). */
enum { END_NONE, END_VOWEL, END_ALEF_HAMZA };

/* A stem of more letters than this, or with more vowel letters after its
 * first, is a transliteration (place_letters()). */
#define NATIVE_LETTERS 5
#define NATIVE_VOWELS 2

/* The stem of a word of a place's or an organization's name, t->c[*from,
 * *to): what follows the article (ال, لل) without a final hamza ء U+0621
 * and then without a final ا U+0627 or ه U+0647 (ة folded), its ending
 * (returned, END_*). */
static int place_stem(const name_tok *t, size_t *from, size_t *to)
{
	size_t f = article_len(t), n = t->n;
	int ending = END_NONE;
	if (n > f + 1 && t->c[n - 1] == 0x621) /* ء */
		n--;
	if (n > f + 1 && (t->c[n - 1] == 0x627 || t->c[n - 1] == 0x647)) {
		ending = n < t->n && t->c[n - 1] == 0x627 ? END_ALEF_HAMZA
							 : END_VOWEL;
		n--;
	}
	*from = f;
	*to = n;
	return ending;
}

/* Letter c of a stem as place words compare it: 0 for hamza ء, which is
 * left out, ج for غ and گ (الكونغرس, الكونجرس). */
static uint32_t place_letter(uint32_t c)
{
	if (c == 0x621)
		return 0;
	return c == 0x63A || c == 0x6AF ? 0x62C : c;
}

static int is_vowel_letter(uint32_t c)
{
	return c == 0x627 || c == 0x648 || c == 0x64A; /* ا و ي */
}

/* The next consonant of a stem from t->c[*i] on (before `to`), or 0 at
 * its end, *i moved past it: a consonant other than the one before
 * (`prev`: a letter doubled by a slip, الممملكة, is one), the vowel
 * letters ا و ي and hamza left out. Unlike a transliterated person's
 * name (the key, entity_tok_key()), ع and every other consonant count. */
static uint32_t next_consonant(const name_tok *t, size_t *i, size_t to,
			       uint32_t prev)
{
	while (*i < to) {
		uint32_t c = place_letter(t->c[(*i)++]);
		if (c && c != prev && !is_vowel_letter(c))
			return c;
	}
	return 0;
}

/* Whether the stem t->c[from, to) ends with ي, and with ـية the word
 * (*feminine: ة, folded to ه, follows it). */
static int stem_ends_ya(const name_tok *t, size_t from, size_t to,
			int *feminine)
{
	*feminine = to < t->n && t->c[to] == 0x647;
	return to > from + 1 && t->c[to - 1] == 0x64A;
}

/* Whether one stem is a feminine nisba's, ـية, and the other has no ي
 * there: الرياضية "sports" is not الرياض, nor الإسكندرية الإسكندر. A
 * final ي without ة is a transliteration's own, written or left out
 * (نايكي, نايك), and سورية is سوريا. */
static int place_nisba_apart(const name_tok *a, size_t fa, size_t ta,
			     const name_tok *b, size_t fb, size_t tb)
{
	int fem_a, fem_b;
	int ya = stem_ends_ya(a, fa, ta, &fem_a),
	    yb = stem_ends_ya(b, fb, tb, &fem_b);
	return ya != yb && (ya ? fem_a : fem_b);
}

/* Whether word t, of ending e and stem ending at `to`, ends with ة
 * (folded to ه) after a consonant: a transliteration's ـيه is a vowel
 * (إيه, غومبيه). */
static int feminine(const name_tok *t, size_t to, int e)
{
	return e == END_VOWEL && t->c[to] == 0x647 && to > 0 &&
	       !is_vowel_letter(t->c[to - 1]);
}

/* Whether one word ends with ة and the other, of ending END_NONE, with
 * none: the feminine is another word (قطرة "a drop" is not قطر, جدة not
 * جد "grandfather", جامعة not جامع). ta, tb: where the stems end. */
static int feminine_apart(const name_tok *a, size_t ta, int ea,
			  const name_tok *b, size_t tb, int eb)
{
	return (feminine(a, ta, ea) && eb == END_NONE) ||
	       (feminine(b, tb, eb) && ea == END_NONE);
}

/* Whether stems a->c[fa, ta) and b->c[fb, tb) have the same consonants
 * (next_consonant()), told at the first that differs. */
static int same_consonants(const name_tok *a, size_t fa, size_t ta,
			   const name_tok *b, size_t fb, size_t tb)
{
	uint32_t ca = 0, cb = 0;
	do {
		ca = next_consonant(a, &fa, ta, ca);
		cb = next_consonant(b, &fb, tb, cb);
		if (ca != cb)
			return 0;
	} while (ca);
	return 1;
}

/* The letters of the stem t->c[from, to) to out (NAME_LETTERS at most),
 * and their number: without hamza, a doubled one once. *transliterated
 * receives whether they are a transliteration's: more than
 * NATIVE_LETTERS, or more than NATIVE_VOWELS vowel letters after the
 * first (which is a hamza's seat, أ إ, or a consonant, و ي). */
static size_t place_letters(const name_tok *t, size_t from, size_t to,
			    uint32_t *out, int *transliterated)
{
	size_t n = 0;
	unsigned vowels = 0;
	for (size_t i = from; i < to; i++) {
		uint32_t c = place_letter(t->c[i]);
		if (!c || (n && out[n - 1] == c))
			continue;
		out[n++] = c;
		vowels += n > 1 && is_vowel_letter(c);
	}
	*transliterated = n > NATIVE_LETTERS || vowels > NATIVE_VOWELS;
	return n;
}

/*
 * Two words of a place's or an organization's name: the same consonants
 * (روسيا is not روزا, العراق not براق, تشيلسي not تشيلي), endings that
 * writers interchange, and within PLACE_MAX. An Arabic word is a root of
 * three or four consonants in a pattern of a long vowel or two, five
 * letters at most after the article and the ending, and a long vowel
 * more, fewer or elsewhere is another pattern, another word (أهلي,
 * أهالي; علمية, عالمية; جامعة, جماعة): two such words are the same
 * letters. A transliteration's vowels writers add, leave out or move
 * (أوروبا, أوربا; تشيلسي, تشلسي; سوفيتي, سوفياتي): its consonants tell it.
 */
static int place_word_same(const name_tok *a, const name_tok *b)
{
	size_t fa, ta, fb, tb;
	int ea = place_stem(a, &fa, &ta), eb = place_stem(b, &fb, &tb);
	if ((ea == END_NONE && eb == END_ALEF_HAMZA) ||
	    (eb == END_NONE && ea == END_ALEF_HAMZA))
		return 0;
	if (place_nisba_apart(a, fa, ta, b, fb, tb) ||
	    feminine_apart(a, ta, ea, b, tb, eb))
		return 0;
	if (!same_consonants(a, fa, ta, b, fb, tb))
		return 0;
	/* a final ا: Arabic nouns end with ى, ة or اء, foreign names with
	 * ا (أمريكا, روسيا), or the word is in the accusative (مصراً); but
	 * after the article it is an Arabic noun's ى written ا (المنيا,
	 * العليا), or a foreign name that holds the article's letters
	 * (المانيا, البانيا), whose letters writers keep: المنيا is not
	 * المانيا */
	int xa = ea == END_VOWEL && a->c[ta] == 0x627 && !article_len(a),
	    xb = eb == END_VOWEL && b->c[tb] == 0x627 && !article_len(b);
	if (!xa && !xb) {
		uint32_t la[NAME_LETTERS], lb[NAME_LETTERS];
		size_t na = place_letters(a, fa, ta, la, &xa),
		       nb = place_letters(b, fb, tb, lb, &xb);
		if (!xa && !xb &&
		    (na != nb || memcmp(la, lb, na * sizeof *la) != 0))
			return 0;
	}
	double d = 0;
	return entity_tok_match_d(a, b, &d) && d <= PLACE_MAX;
}

/* place_word_same() of the first words, one of them or both without a
 * clitic (لجدة, جدة; ومصر, مصر; كأمريكا, فأمريكا): the clitic is the
 * sentence's, not the name's. */
static int place_word_same_unclitic(const name_tok *a, const name_tok *b)
{
	name_tok x, y;
	int ua = entity_tok_unclitic(a, &x), ub = entity_tok_unclitic(b, &y);
	return (ua && place_word_same(&x, b)) || (ub && place_word_same(a, &y)) ||
	       (ua && ub && place_word_same(&x, &y));
}

int entity_family_match_d(const name_tok *a, const name_tok *b, double *dist)
{
	double d = 0;
	if (!entity_tok_match_d(a, b, &d))
		return 0;
	*dist = d;
	if (entity_tok_eq(a, b))
		return 1;
	/* a family name of Arabic shape and its nisba (صالح, صالحي) */
	int ya = a->c[a->n - 1] == 0x64A, yb = b->c[b->n - 1] == 0x64A;
	const name_tok *plain = ya ? b : a;
	size_t plain_len = plain->n - article_len(plain);
	if (ya != yb && plain_len >= 3 && plain_len <= 4)
		return 0;
	return (!article_len(a) && !article_len(b)) || place_word_same(a, b);
}

int entity_family_match(const name_tok *a, const name_tok *b)
{
	double d;
	return entity_family_match_d(a, b, &d);
}

int entity_parts_same(const name_parts *a, const name_parts *b, int type)
{
	if (!a->n || !b->n)
		return 0;
	if (type > 1) {
		/* places and organizations: word for word, each within
		 * PLACE_MAX: their names are written one way but for a letter
		 * (سوريا/سورية), not transliterated afresh by each writer
		 * (إسرائيل is not أستراليا) */
		if (a->n != b->n)
			return 0;
		for (unsigned i = 0; i < a->n; i++)
			if (!place_word_same(&a->t[i], &b->t[i]) &&
			    (i > 0 || !place_word_same_unclitic(&a->t[0], &b->t[0])))
				return 0;
		return 1;
	}
	const name_tok *la = &a->t[a->n - 1], *lb = &b->t[b->n - 1];
	if (a->n == 1 && b->n == 1)
		return entity_given_match(la, lb);
	if (entity_nasab_prefix(a, b))
		return 1;
	/* a bare family name names whoever bears it */
	if (!entity_family_match(la, lb))
		return 0;
	return a->n == 1 || b->n == 1 ||
	       (entity_given_match(&a->t[0], &b->t[0]) &&
		!entity_father_differs(a, b));
}

/* ---- a body's shorter names ---------------------------------------------- */

/* marsad_ner_name_word() of token t, its letters written out. */
static unsigned body_word(const name_tok *t)
{
	char utf8[NAME_LETTERS * 4];
	size_t len = 0;
	for (unsigned i = 0; i < t->n; i++)
		len += marsad_utf8_encode(t->c[i], utf8 + len);
	return marsad_ner_name_word(utf8, len);
}

/* Whether token t is an adjective with the article: ال and three letters
 * or more ending with ي or ية, a nisba (الدولي، السعودية), or, unless
 * `nisba`, with ة too (العامة). */
static int definite_adjective(const name_tok *t, int nisba)
{
	const uint32_t *c = t->c;
	size_t n = t->n;
	if (n < 5 || c[0] != 0x627 || c[1] != 0x644)
		return 0;
	return c[n - 1] == 0x64A ||
	       (c[n - 1] == 0x647 && (!nisba || c[n - 2] == 0x64A));
}

/* Whether token t, the first word after a body's shorter name in its
 * longer one, qualifies the name rather than names another body: a nisba
 * with the article (الدولي، الخليجي، السعودية), or, after a name of two
 * words or more (``after_phrase``), a complement with ل (لدول، لكرة،
 * للسياحة) or more of the name with و (والتراث). An adjective of another
 * shape names another (قناة السويس الجديدة). */
static int qualifier(const name_tok *t, int after_phrase)
{
	return definite_adjective(t, 1) ||
	       (after_phrase && t->n >= 3 &&
		(t->c[0] == 0x644 || t->c[0] == 0x648));
}

int entity_body_generic(const name_parts *s)
{
	if (s->n == 1)
		return 1;
	if (!(body_word(&s->t[0]) & MARSAD_NAME_HEAD))
		return 0;
	for (unsigned i = 1; i < s->n; i++)
		if (!definite_adjective(&s->t[i], 0))
			return 0;
	return 1;
}

/* Whether words l->t[from, from + s->n) are body name s, word for word
 * (entity_parts_same()). */
static int words_are(const name_parts *l, size_t from, const name_parts *s)
{
	name_parts sub;
	sub.n = s->n;
	memcpy(sub.t, l->t + from, s->n * sizeof *sub.t);
	return entity_parts_same(&sub, s, MARSAD_ENT_ORG);
}

int entity_body_short(const name_parts *s, const name_parts *l)
{
	if (!s->n || l->n <= s->n)
		return 0;
	/* s, then words that qualify it */
	if (qualifier(&l->t[s->n], s->n >= 2) && words_are(l, 0, s))
		return s->n >= 2 || !(body_word(&s->t[0]) & MARSAD_NAME_HEAD);
	/* the word for its kind, s, and an adjective or none */
	size_t after = 1 + s->n;
	return (after == l->n || qualifier(&l->t[after], 0)) &&
	       words_are(l, 1, s) && (body_word(&l->t[0]) & MARSAD_NAME_KIND);
}

/* ---- keys ----------------------------------------------------------------- */

/* The consonant class of a folded letter, or 0 for a letter the key drops.
 * Classes join letters one foreign sound is written with:
 *   b  ب پ            t  ت ط ث          g  ج غ ك ق گ چ خ (g, k, q, kh, ch)
 *   h  ح ه            d  د ض ذ          s  ز س ص ش ظ (s, z, sh)
 *   f  ف ڤ            r l m n           themselves
 * Dropped: the vowel letters ا و ي, hamza ء U+0621 and ع U+0639, which
 * transliterations write, omit or swap for a vowel. Latin consonants stand
 * for themselves and Latin vowels (a e i o u y) are dropped. */
static char key_class(uint32_t cp)
{
	switch (cp) {
	case 0x628: case 0x67E: return 'b';
	case 0x62A: case 0x637: case 0x62B: return 't';
	case 0x62C: case 0x63A: case 0x643: case 0x642: case 0x6AF:
	case 0x686: case 0x62E: return 'g';
	case 0x62D: case 0x647: return 'h';
	case 0x62F: case 0x636: case 0x630: return 'd';
	case 0x632: case 0x633: case 0x635: case 0x634: case 0x638: return 's';
	case 0x641: case 0x6A4: return 'f';
	case 0x631: return 'r';
	case 0x644: return 'l';
	case 0x645: return 'm';
	case 0x646: return 'n';
	default: break;
	}
	if (cp >= 'a' && cp <= 'z')
		return strchr("aeiouy", (int)cp) ? 0 : (char)cp;
	return 0;
}

size_t entity_tok_key(const name_tok *t, char *out)
{
	size_t n = 0, from = article_len(t), to = t->n;
	/* a final ه U+0647 is mostly ta marbuta or a vowel ending (زويه) */
	if (to > from + 1 && t->c[to - 1] == 0x647)
		to--;
	for (size_t i = from; i < to; i++) {
		char k = key_class(t->c[i]);
		if (k && (n == 0 || out[n - 1] != k))
			out[n++] = k;
	}
	out[n] = 0;
	return n;
}

/* ---- the public comparisons ------------------------------------------------ */

int marsad_name_same(const char *a, size_t alen, const char *b, size_t blen)
{
	name_parts pa, pb;
	entity_parse(a, alen, &pa);
	entity_parse(b, blen, &pb);
	return entity_parts_same(&pa, &pb, 0);
}

double marsad_name_distance(const char *a, size_t alen, const char *b,
			    size_t blen)
{
	name_parts pa, pb;
	entity_parse(a, alen, &pa);
	entity_parse(b, blen, &pb);
	if (!pa.n || !pb.n)
		return -1;
	return entity_tok_distance(&pa.t[0], &pb.t[0]);
}

int marsad_name_key(const char *s, size_t len, marsad_buf *out)
{
	if (!out || (!s && len))
		return MARSAD_EINVAL;
	name_parts p;
	entity_parse(s, len, &p);
	for (unsigned i = 0; i < p.n; i++) {
		char key[NAME_KEY_MAX];
		size_t n = entity_tok_key(&p.t[i], key);
		int rc = i ? marsad_buf_putc(out, ' ') : 0;
		if (!rc)
			rc = marsad_buf_append(out, key, n);
		if (rc)
			return rc;
	}
	return 0;
}
