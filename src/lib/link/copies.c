/*
 * copies.c — copied passages between articles, with direction.
 *
 * Each body is a sequence of analyzer terms (normalized, light-stemmed,
 * stopwords dropped), so hamza seats, diacritics, shadda (تحذر/تحذّر),
 * clitics and added function words do not break a match. Every run of
 * LK_SHINGLE consecutive terms is a shingle, hashed to 32 bits from the
 * terms' letter skeletons (terms.c), so spelling variants of a name match.
 *
 * Candidates: a global index holds the shingles whose hash is 0 mod
 * SAMPLE (Broder's "0 mod p" fingerprint sampling), each with the articles
 * holding it. A passage of c shingles holds about c/SAMPLE sampled ones:
 * one of 20 words (about 16 shingles) is missed with probability
 * (1 - 1/SAMPLE)^16 ≈ 1 %. An article becomes a candidate of another when
 * they share MIN_SAMPLED sampled shingles. A shingle held by more than
 * POST_MAX articles is site or agency furniture, not a copy, and stops
 * being indexed. Cost of adding an article: one lookup per sampled
 * shingle plus an alignment per candidate.
 *
 * Stock phrases: an official's title ("صاحب السمو الملكي الأمير محمد بن
 * نايف بن عبدالعزيز ولي العهد نائب رئيس مجلس الوزراء وزير الداخلية"), a
 * formula ("بعث خادم الحرمين الشريفين ... برقية تهنئة"), a report
 * template (weather, stock market, an execution statement) or a footer
 * runs to a passage's length in articles that copied nothing from each
 * other. As in plagiarism detection, a shingle that many articles hold is
 * no evidence of copying: every shingle's document frequency (the
 * articles holding it, counted as they arrive) is kept in a count-min
 * sketch (Cormode and Muthukrishnan 2005, with conservative update: DF_ROWS
 * rows of 2^DF_BITS saturating byte counters, 8 MB however many articles;
 * a count is never low and at SaudiNewsNet's 31k articles, 5.2M distinct
 * shingles, a shingle held by two articles reads above STOCK_DF with
 * probability below 1e-6). A passage stands on its rare shingles, those
 * held by at most STOCK_DF articles (a report copied into every one of
 * SaudiNewsNet's 14 outlets is held by 14): at least MIN_MATCHED of them,
 * spanning copy_min_terms terms, as a passage must on all its shingles.
 * A title inside a copied report stays in the passage (it was copied with
 * the report); a passage that is a title or formula alone, or little more,
 * is dropped. Counting as articles arrive, the first STOCK_DF articles
 * holding a formula can still share it as a passage.
 *
 * Alignment of two articles: every shingle of one looked up in a hash of
 * the other's; matches that advance on both sides with gaps of at most
 * GAP shingles (an edited word breaks LK_SHINGLE shingles; an inserted
 * clause a few more) chain into one passage. A passage of at least copy_min_terms terms is
 * reported with its byte spans on both sides and its similarity: matched
 * shingles over the longer side's shingles. When the passages cover
 * WHOLE_COVER of both articles' terms, the pair is a near-duplicate.
 *
 * Direction: a passage a news agency shares with another outlet comes
 * from the agency: wire copy flows from agencies to papers, never back,
 * and the times archives give agency items are often their crawl times
 * (SaudiNewsNet dates the Saudi Press Agency's items up to days after the
 * papers that carried them). Otherwise the article published first is
 * the source; equal or unknown times go to the article seen first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "link_int.h"
#include "marsad/text.h"

#define SAMPLE 4         /* index shingles whose hash is 0 mod SAMPLE */
#define MIN_SAMPLED 2    /* sampled shingles two candidates share */
#define POST_MAX 64      /* more articles than this: furniture */
#define STOCK_DF 16      /* more articles than this: a stock phrase */
#define GAP (2 * LK_SHINGLE + 5)
#define MIN_MATCHED 4    /* matched shingles in a passage */
#define WHOLE_COVER 0.8
#define DF_ROWS 2        /* rows of the document frequency sketch, */
#define DF_BITS 22       /* each of 2^DF_BITS counters */

/*
 * Outlet names of news agencies (as readers report them: a source field
 * or a host without "www."), lower case. "was" is the Saudi Press Agency
 * (واس) in SaudiNewsNet.
 */
static const char *const agencies[] = {
	"was", "spa", "spa.gov.sa", "wam", "wam.ae", "qna", "qna.org.qa",
	"kuna", "kuna.net.kw", "mena", "petra", "petra.gov.jo", "sana",
	"sana.sy", "bna", "bna.bh", "omannews", "aa.com.tr", "anadolu",
	"reuters", "reuters.com", "afp", "afp.com", "ap", "apnews.com",
	"dpa", "xinhua", "xinhuanet.com", "sputnik", "tass", "ina.iq",
};

int lk_is_agency(const char *outlet)
{
	if (!outlet)
		return 0;
	for (size_t i = 0; i < sizeof agencies / sizeof *agencies; i++)
		if (strcasecmp(outlet, agencies[i]) == 0)
			return 1;
	return 0;
}

/*
 * Agency names as they appear in credits, in analyzer-normalized form
 * (alef forms folded, U+0629 TEH MARBUTA → U+0647 HEH): a parenthesis
 * holding one of these is a stated source ("(واس)", "(أ ف ب)").
 */
static const char *const credit_names[] = {
	"واس", "رويترز", "فرانس برس", "ا ف ب", "د ب ا", "الاناضول", "قنا",
	"وام", "كونا", "بنا", "سانا", "بترا", "يونا", "شينخوا", "سبوتنيك",
	"اسوشيتد برس", "ا ش ا", "العمانيه", "الاسوشيتد برس",
};

struct scan {
	const char *s;
	size_t len;
	size_t tok_start[8], tok_end[8]; /* the last few tokens */
	char norm[8][64];
	size_t n;                        /* tokens seen */
	size_t agency_at;                /* token number of وكالة + 1, or 0 */
	size_t from, to;                 /* the credit found */
};

/* Is the byte gap s[a, b) white space only? */
static int blank(const char *s, size_t a, size_t b)
{
	for (; a < b; a++)
		if (s[a] != ' ' && s[a] != '\t')
			return 0;
	return 1;
}

/* The normalized words of tokens [first, n) joined by spaces, in name;
 * 0 when they do not fit or a gap between them is not blank. */
static int joined(const struct scan *c, size_t first, char *name, size_t cap)
{
	size_t used = 0;
	for (size_t j = first; j < c->n; j++) {
		if (j > first && !blank(c->s, c->tok_end[(j - 1) % 8],
					c->tok_start[j % 8]))
			return 0;
		int w = snprintf(name + used, cap - used, "%s%s",
				 used ? " " : "", c->norm[j % 8]);
		if (w < 0 || (size_t)w >= cap - used)
			return 0;
		used += (size_t)w;
	}
	return 1;
}

static int known_agency(const char *name)
{
	for (size_t i = 0; i < sizeof credit_names / sizeof *credit_names; i++)
		if (strcmp(name, credit_names[i]) == 0)
			return 1;
	return 0;
}

/* A parenthesized agency name ending at the current token: "(واس)". */
static int paren_credit(struct scan *c)
{
	size_t e = c->tok_end[(c->n - 1) % 8];
	if (e >= c->len || c->s[e] != ')')
		return 0;
	for (size_t k = 1; k <= 3 && k <= c->n; k++) {
		size_t b = c->tok_start[(c->n - k) % 8];
		char name[200];
		if (b == 0 || c->s[b - 1] != '(' ||
		    !joined(c, c->n - k, name, sizeof name) ||
		    !known_agency(name))
			continue;
		c->from = b;
		c->to = e;
		return 1;
	}
	return 0;
}

/* The normalized word w is وكالة (U+0648 U+0643 U+0627 U+0644 U+0629,
 * normalized with HEH) with at most two clitic letters before it
 * ("لوكالة", "بوكالة"); returns the clitic's length in bytes + 1, or 0. */
static size_t agency_word(const char *w)
{
	static const char word[] = "وكاله";
	size_t n = strlen(w), m = sizeof word - 1;
	if (n < m || n > m + 4 || strcmp(w + n - m, word) != 0)
		return 0;
	return n - m + 1;
}

/* "وكالة" followed by a name: "وكالة الأنباء <name>" (the agency of a
 * country), "وكالة الصحافة الفرنسية", or "وكالة <known agency>". Any other
 * "وكالة" (a ministry's deputyship, "وكالة الخدمات") names no source. */
static int agency_phrase(struct scan *c)
{
	size_t k = c->n - c->agency_at; /* words after وكالة so far */
	char name[200];
	if (!joined(c, c->agency_at, name, sizeof name))
		return -1;
	int done = 0;
	if (k == 2 && (strncmp(name, "الانباء ", 15) == 0 ||
		       strcmp(name, "الصحافه الفرنسيه") == 0))
		done = 1;
	else if (known_agency(name))
		done = 1;
	if (done) {
		c->to = c->tok_end[(c->n - 1) % 8];
		return 1;
	}
	return k >= 2 ? -1 : 0;
}

static int on_credit_token(void *ctx, const marsad_token *t)
{
	struct scan *c = ctx;
	size_t k = c->n % 8;
	c->tok_start[k] = t->start;
	c->tok_end[k] = t->end;
	/* (cut as snprintf would: a longer word is no agency's) */
	size_t n = t->norm_len < sizeof c->norm[k] - 1 ? t->norm_len
						       : sizeof c->norm[k] - 1;
	memcpy(c->norm[k], t->norm, n);
	c->norm[k][n] = '\0';
	c->n++;
	if (c->agency_at) {
		int r = agency_phrase(c);
		if (r > 0)
			return 1;
		if (r == 0)
			return 0;
		c->agency_at = 0;
	}
	size_t clitic = agency_word(c->norm[k]);
	if (clitic) {
		/* clitic letters are two bytes each as written too */
		c->from = t->start + clitic - 1;
		c->agency_at = c->n;
		return 0;
	}
	return paren_credit(c);
}

char *lk_credit_in_text(const marsad_analysis *words, const char *s,
			size_t len)
{
	struct scan c = {.s = s, .len = len};
	int rc = marsad_analysis_each(words, s, len,
				      MARSAD_ANALYZE_NO_STEM |
					      MARSAD_ANALYZE_KEEP_STOPWORDS,
				      on_credit_token, &c);
	if (rc != 1 || c.to <= c.from)
		return NULL;
	char *out = malloc(c.to - c.from + 1);
	if (out) {
		memcpy(out, s + c.from, c.to - c.from);
		out[c.to - c.from] = 0;
	}
	return out;
}

/* ---- the sampled shingle index -------------------------------------- */

static size_t n_shingles(const lk_article *a)
{
	return a->n_tok >= LK_SHINGLE ? a->n_tok - LK_SHINGLE + 1 : 0;
}

/* The home slot of a hash: its high product bits (sampled hashes share
 * their low bits, 0 mod SAMPLE). */
static size_t home_slot(uint32_t h, size_t slots)
{
	return (size_t)(((uint64_t)h * 0x9E3779B97F4A7C15ULL) >> 32) &
	       (slots - 1);
}

static size_t index_slot(const lk_sh_slot *t, size_t slots, uint32_t h)
{
	size_t i = home_slot(h, slots);
	while (t[i].n && t[i].key != h)
		i = (i + 1) & (slots - 1);
	return i;
}

static int index_grow(marsad_linker *l)
{
	size_t n = l->sh_slots ? l->sh_slots * 2 : 4096;
	lk_sh_slot *t = calloc(n, sizeof *t);
	if (!t)
		return MARSAD_ENOMEM;
	for (size_t i = 0; i < l->sh_slots; i++)
		if (l->sh[i].n)
			t[index_slot(t, n, l->sh[i].key)] = l->sh[i];
	free(l->sh);
	l->sh = t;
	l->sh_slots = n;
	return 0;
}

/* Adds article id to the postings of slot s. */
static int index_post(marsad_linker *l, lk_sh_slot *s, uint32_t id)
{
	if (l->n_sh_node == l->cap_sh_node) {
		size_t cap = l->cap_sh_node ? l->cap_sh_node * 2 : 4096;
		lk_sh_node *p = cap < UINT32_MAX
				? realloc(l->sh_node, cap * sizeof *p) : NULL;
		if (!p)
			return MARSAD_ENOMEM;
		l->sh_node = p;
		l->cap_sh_node = cap;
	}
	l->sh_node[l->n_sh_node] = (lk_sh_node){id, s->n ? s->head + 1 : 0};
	s->head = (uint32_t)l->n_sh_node++;
	s->n++;
	return 0;
}

/* ---- shingle document frequencies ---------------------------------- */

int lk_copies_init(marsad_linker *l)
{
	l->sh_df = calloc((size_t)DF_ROWS << DF_BITS, 1);
	return l->sh_df ? 0 : MARSAD_ENOMEM;
}

/* The counter of shingle h in a row: the top bits of a product with an
 * odd constant of its own (multiplicative hashing). */
static size_t df_cell(uint32_t h, int row)
{
	static const uint64_t mult[DF_ROWS] = {0x9E3779B97F4A7C15ULL,
					       0xC2B2AE3D27D4EB4FULL};
	return (size_t)row << DF_BITS |
	       (size_t)(((uint64_t)h * mult[row]) >> (64 - DF_BITS));
}

/* How many articles hold shingle h: never fewer than do, 255 for 255 or
 * more. */
static unsigned df_of(const marsad_linker *l, uint32_t h)
{
	unsigned least = UINT8_MAX;
	for (int r = 0; r < DF_ROWS; r++) {
		unsigned c = l->sh_df[df_cell(h, r)];
		if (c < least)
			least = c;
	}
	return least;
}

/* One more article holds shingle h: only the counters at the least of
 * its counts go up (conservative update), which keeps the others from
 * being raised by the shingles they share a cell with. */
static void df_count(marsad_linker *l, uint32_t h)
{
	unsigned least = df_of(l, h);
	if (least == UINT8_MAX)
		return;
	for (int r = 0; r < DF_ROWS; r++) {
		uint8_t *c = &l->sh_df[df_cell(h, r)];
		if (*c == least)
			*c = (uint8_t)(least + 1);
	}
}

/* ---- alignment --------------------------------------------------------- */

/* Is x the source of a copy between x and y? */
static int is_source(const marsad_linker *l, uint32_t x, uint32_t y)
{
	const lk_article *a = &l->art[x], *b = &l->art[y];
	if (a->agency != b->agency)
		return a->agency;
	if (a->t != LK_NO_TIME && b->t != LK_NO_TIME && a->t != b->t)
		return a->t < b->t;
	return x < y;
}

/* An article's shingles by hash: the first position + 1 of each (0 = an
 * empty slot), `slots` a power of two at least twice their number. */
typedef struct sh_table {
	uint32_t *pos;
	size_t slots;
} sh_table;

static size_t table_slots(const lk_article *B)
{
	size_t slots = 64;
	while (slots < n_shingles(B) * 2)
		slots *= 2;
	return slots;
}

/* Fills t (t->pos zeroed, t->slots set) with B's shingles. */
static void table_fill(sh_table *t, const lk_article *B)
{
	size_t nb = n_shingles(B), mask = t->slots - 1;
	for (size_t j = 0; j < nb; j++) {
		size_t h = B->sh[j] & mask;
		while (t->pos[h] && B->sh[t->pos[h] - 1] != B->sh[j])
			h = (h + 1) & mask;
		if (!t->pos[h])
			t->pos[h] = (uint32_t)j + 1;
	}
}

/* Are an article's token starts and ends each in ascending order (as
 * the analyzer gives them)? Then the tokens inside a span are counted by
 * two binary searches. */
static int spans_ordered(const lk_article *A)
{
	for (uint32_t t = 1; t < A->n_tok; t++)
		if (A->start[t] < A->start[t - 1] || A->end[t] < A->end[t - 1])
			return 0;
	return 1;
}

/* The first index in v[0 .. n) whose value is above x (v ascending). */
static size_t upper(const uint32_t *v, size_t n, size_t x)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* How many of A's tokens lie inside [from, to). */
static size_t covered(const lk_article *A, size_t from, size_t to)
{
	size_t n = 0;
	if (A->ordered) {
		/* those ending by `to` (a prefix) less those starting
		 * before `from` (a prefix) */
		size_t ends = upper(A->end, A->n_tok, to);
		size_t early = from ? upper(A->start, A->n_tok, from - 1) : 0;
		return ends > early ? ends - early : 0;
	}
	for (size_t t = 0; t < A->n_tok; t++)
		n += A->start[t] >= from && A->end[t] <= to;
	return n;
}

/* lk_align with b's shingles in t. */
static int align(const marsad_linker *l, uint32_t a, uint32_t b,
		 const sh_table *t, marsad_copy **out, size_t *n)
{
	const lk_article *A = &l->art[a], *B = &l->art[b];
	size_t na = n_shingles(A), mask = t->slots - 1;
	const uint32_t *pos = t->pos;
	size_t cap = *n, start_n = *n;
	int in_run = 0;
	size_t i0 = 0, j0 = 0, il = 0, jl = 0, m = 0;
	size_t rare = 0, r0 = 0, rl = 0;
	for (size_t i = 0; i <= na; i++) {
		size_t j = 0;
		int hit = 0;
		if (i < na) {
			size_t h = A->sh[i] & mask;
			while (pos[h] && B->sh[pos[h] - 1] != A->sh[i])
				h = (h + 1) & mask;
			if (pos[h]) {
				hit = 1;
				j = pos[h] - 1;
			}
		}
		int is_rare = hit && df_of(l, A->sh[i]) <= STOCK_DF;
		if (hit && in_run && i - il <= GAP && j > jl && j - jl <= GAP) {
			il = i;
			jl = j;
			m++;
			if (is_rare) {
				if (!rare++)
					r0 = i;
				rl = i;
			}
			continue;
		}
		if (!hit && i < na)
			continue;
		/* the passage i0 .. il holds `rare` rare shingles, r0 .. rl */
		if (in_run && rare >= MIN_MATCHED &&
		    rl + LK_SHINGLE - r0 >= l->o.copy_min_terms) {
			if (*n == cap) {
				cap = cap ? cap * 2 : 8;
				marsad_copy *c = realloc(*out, cap * sizeof *c);
				if (!c)
					return MARSAD_ENOMEM;
				*out = c;
			}
			size_t la = il - i0 + 1, lb = jl - j0 + 1;
			marsad_copy *c = &(*out)[(*n)++];
			memset(c, 0, sizeof *c);
			c->from = a;
			c->to = b;
			c->from_start = A->start[i0];
			c->from_end = A->end[il + LK_SHINGLE - 1];
			c->to_start = B->start[j0];
			c->to_end = B->end[jl + LK_SHINGLE - 1];
			c->similarity = (double)m / (la > lb ? la : lb);
		}
		in_run = hit;
		i0 = il = i;
		j0 = jl = j;
		m = 1;
		rare = is_rare;
		r0 = rl = i;
	}
	/* Whole-article near-duplicate: the passages cover most terms of
	 * both sides. */
	size_t cov_a = 0, cov_b = 0;
	for (size_t k = start_n; k < *n; k++) {
		const marsad_copy *c = &(*out)[k];
		cov_a += covered(A, c->from_start, c->from_end);
		cov_b += covered(B, c->to_start, c->to_end);
	}
	int whole = cov_a >= WHOLE_COVER * A->n_tok &&
		    cov_b >= WHOLE_COVER * B->n_tok;
	for (size_t k = start_n; k < *n; k++)
		(*out)[k].whole = whole;
	return 0;
}

int lk_align(const marsad_linker *l, uint32_t a, uint32_t b,
	     marsad_copy **out, size_t *n)
{
	const lk_article *B = &l->art[b];
	if (!n_shingles(&l->art[a]) || !n_shingles(B))
		return 0;
	sh_table t = {NULL, table_slots(B)};
	if (!(t.pos = calloc(t.slots, sizeof *t.pos)))
		return MARSAD_ENOMEM;
	table_fill(&t, B);
	int rc = align(l, a, b, &t, out, n);
	free(t.pos);
	return rc;
}

/* Records the passages of a pair in the linker's list, source first;
 * t holds y's shingles. */
static int record_pair(marsad_linker *l, uint32_t x, uint32_t y,
		       const sh_table *t)
{
	marsad_copy *found = NULL;
	size_t n = 0;
	int rc = n_shingles(&l->art[x]) ? align(l, x, y, t, &found, &n) : 0;
	for (size_t k = 0; k < n && rc == 0; k++) {
		marsad_copy c = found[k];
		if (!is_source(l, x, y)) {
			c.from = y;
			c.to = x;
			c.from_start = found[k].to_start;
			c.from_end = found[k].to_end;
			c.to_start = found[k].from_start;
			c.to_end = found[k].from_end;
		}
		c.credit = l->art[c.to].credit;
		rc = lk_copy_push(l, &c);
	}
	free(found);
	return rc;
}

int lk_copy_push(marsad_linker *l, const marsad_copy *c)
{
	if (l->n_copy == l->cap_copy) {
		size_t cap = l->cap_copy ? l->cap_copy * 2 : 64;
		marsad_copy *p = realloc(l->copy, cap * sizeof *p);
		if (!p)
			return MARSAD_ENOMEM;
		l->copy = p;
		l->cap_copy = cap;
	}
	l->copy[l->n_copy++] = *c;
	return 0;
}

/* Room in the scratch of lk_copies_add for every article. */
static int reserve_shared(marsad_linker *l)
{
	/* three arrays of one capacity, cap_shared: the last (zeroed) grows
	 * it */
	size_t cap_met = l->cap_shared, cap_n = l->cap_shared;
	if (lk_grow((void **)&l->shared_met, &cap_met, l->n,
		    sizeof *l->shared_met, 256, 0) ||
	    lk_grow((void **)&l->shared_n, &cap_n, l->n, sizeof *l->shared_n,
		    256, 0))
		return MARSAD_ENOMEM;
	return lk_grow((void **)&l->shared_of, &l->cap_shared, l->n,
		       sizeof *l->shared_of, 256, 1);
}

/* Indexes article id's sampled shingles, each distinct one once; with
 * count, also counts, for each earlier article holding some of them, how
 * many it holds (l->shared_n, the articles in l->shared_met, *n_met of
 * them, in the order met). */
static int index_shingles(marsad_linker *l, uint32_t id, int count,
			  uint32_t *n_met)
{
	lk_article *A = &l->art[id];
	size_t na = n_shingles(A);
	uint32_t *of = l->shared_of, *cnt = l->shared_n, *met = l->shared_met;
	uint32_t k_met = 0;
	int rc = 0;
	A->ordered = spans_ordered(A);
	for (size_t i = 0; i < na && rc == 0; i++) {
		uint32_t key = A->sh[i];
		if (key % SAMPLE)
			continue;
		/* at most 3/4 full: short probes */
		if ((l->sh_used + 1) * 4 > l->sh_slots * 3 &&
		    (rc = index_grow(l)))
			break;
		lk_sh_slot *p = &l->sh[index_slot(l->sh, l->sh_slots, key)];
		if (p->n > POST_MAX)
			continue; /* furniture: neither a candidate nor indexed */
		if (p->n && l->sh_node[p->head].art == id)
			continue; /* met before in this article */
		for (uint32_t k = p->n ? p->head + 1 : 0; count && k;
		     k = l->sh_node[k - 1].next) {
			uint32_t o = l->sh_node[k - 1].art;
			if (of[o] != id + 1) {
				of[o] = id + 1;
				cnt[o] = 0;
				met[k_met++] = o;
			}
			cnt[o]++;
		}
		if (p->n == 0) {
			p->key = key;
			l->sh_used++;
		}
		rc = index_post(l, p, id);
	}
	if (n_met)
		*n_met = k_met;
	return rc;
}

/* Fills t with article id's shingles (in the linker's scratch) and counts
 * each distinct one once in the shingles' document frequencies. */
static int own_shingles(marsad_linker *l, uint32_t id, sh_table *t)
{
	const lk_article *A = &l->art[id];
	t->slots = table_slots(A);
	if (l->cap_sh_pos < t->slots) {
		uint32_t *p = realloc(l->sh_pos, t->slots * sizeof *p);
		if (!p)
			return MARSAD_ENOMEM;
		l->sh_pos = p;
		l->cap_sh_pos = t->slots;
	}
	t->pos = l->sh_pos;
	memset(t->pos, 0, t->slots * sizeof *t->pos);
	table_fill(t, A);
	for (size_t k = 0; k < t->slots; k++)
		if (t->pos[k])
			df_count(l, A->sh[t->pos[k] - 1]);
	return 0;
}

int lk_copies_index(marsad_linker *l, uint32_t id)
{
	sh_table t;
	int rc = index_shingles(l, id, 0, NULL);
	return rc ? rc : own_shingles(l, id, &t);
}

int lk_copies_add(marsad_linker *l, uint32_t id)
{
	uint32_t n_met = 0, n = 0;
	int rc = reserve_shared(l);
	if (rc == 0)
		rc = index_shingles(l, id, 1, &n_met);
	/* The articles holding MIN_SAMPLED of its sampled shingles, oldest
	 * first. */
	uint32_t *v = l->shared_met;
	for (uint32_t i = 0; i < n_met && rc == 0; i++) {
		uint32_t o = v[i];
		if (l->shared_n[o] < MIN_SAMPLED)
			continue;
		uint32_t k = n++;
		for (; k > 0 && v[k - 1] > o; k--)
			v[k] = v[k - 1];
		v[k] = o;
	}
	sh_table t;
	if (rc == 0)
		rc = own_shingles(l, id, &t);
	if (rc || !n || !n_shingles(&l->art[id]))
		return rc;
	for (uint32_t i = 0; i < n && rc == 0; i++)
		rc = record_pair(l, v[i], id, &t);
	return rc;
}
