/*
 * ner_clusters.c — distributional word classes for the entity tagger
 * (data/ner_clusters.txt), computed from unlabeled news text.
 *
 *   ner_clusters [--vocab N] [--extra N] [--contexts N] [--seed N]
 *                --out FILE FILE.jsonl.gz…
 *
 * The shipped classes are made by (from the project directory, with
 * every .jsonl.gz file of ../shared/eval/saudinewsnet, then of
 * ../shared/eval/ant, in name order, as the FILE arguments):
 *   build/ner_clusters --extra 60000 --out data/ner_clusters.txt FILE…
 *
 * Input: JSON Lines, gzip-compressed, one article a line; the string
 * fields title, content, abstract and text are read (SaudiNewsNet and
 * ANT). Each is run through marsad_analyze(), so the classes are keyed by
 * the normalized form the tagger sees.
 *
 * Algorithm (the distributional classes of Brown et al. 1992 and their use
 * as NER features by Ratinov & Roth 2009, computed here as clustered
 * context vectors, which is cheaper and deterministic): the N most frequent
 * words (--vocab) each get a vector of the words seen immediately left and
 * right of them, over the most frequent --contexts words; counts are
 * weighted by positive pointwise mutual information (context counts
 * smoothed by the power 0.75, Levy, Goldberg & Dagan 2015), projected to
 * 256 dimensions by a fixed pseudo-random ±1 matrix (Achlioptas 2003) and
 * scaled to unit length. Spherical k-means (cosine, k-means++ seeding from
 * a xorshift generator with a fixed seed) splits them into 64 classes,
 * then each class into 8, giving 512 classes whose number divided by 8 is
 * the coarse class. The next --extra words by frequency get vectors too
 * and each joins the class whose centroid is nearest (the rarer words'
 * vectors are too thin to shape the classes, but enough to place a new
 * name among names: it gives the tagger a class for 2.5 times as many
 * words, the classes of the first --vocab words unchanged).
 *
 * Entity types. Each text is also tagged by marsad_ner_extract(), and the
 * words of its mentions counted by type; a word that the tagger put in
 * mentions of one type often enough (entity_type()) has that type as a
 * third column, which the tagger reads as a feature (CPER, CLOC, CORG in
 * ner_feat.c): what it says of a name in the easy contexts of a large
 * corpus speaks for the name in a hard one. The tagger is the one built
 * into the library, with the model and the column it was built with: the
 * shipped column was made by the model trained before there was a column
 * (so by features without it), and the shipped model was then trained on
 * it (tools/train_ner.c). Making the column again with a model trained on
 * a column makes its types lean on themselves; retrain the model after
 * any new column. The column does not change the classes.
 *
 * Output lines are "word<TAB>class[<TAB>type]", most frequent word first;
 * the same input, seed and tagger always give the same file.
 */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "marsad/extract.h"
#include "marsad/text.h"

#define TOOL_NAME "ner_clusters"
#include "alloc.h"

#define DIM 256
#define K1 64
#define K2 8
#define ITERS 20
#define NO_WORD UINT32_MAX

static uint64_t rng_state = 1;

static uint64_t rng(void) /* xorshift64* */
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

/* ---- the word table ---------------------------------------------------- */

static struct {
	char *arena;
	size_t arena_len, arena_cap;
	size_t *off;    /* per id: where its string starts in arena */
	uint64_t *count;
	uint32_t (*ent)[3]; /* per id: occurrences in the tagger's mentions,
			       by type (marsad_entity_type - 1) */
	size_t n, cap;
	uint32_t *slot; /* id + 1; 0: empty */
	size_t mask;
	uint32_t *stream; /* the corpus as ids, NO_WORD between texts */
	size_t len, stream_cap;
} W;

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static void grow_slots(void)
{
	size_t cap = W.mask ? 2 * (W.mask + 1) : 1 << 20;
	uint32_t *s = calloc(cap, sizeof *s);
	if (!s)
		oom();
	for (size_t id = 0; id < W.n; id++) {
		const char *w = W.arena + W.off[id];
		size_t j = hash(w, strlen(w)) & (cap - 1);
		while (s[j])
			j = (j + 1) & (cap - 1);
		s[j] = (uint32_t)id + 1;
	}
	free(W.slot);
	W.slot = s;
	W.mask = cap - 1;
}

/* The slot of the word s: the one holding it, else the empty one where
 * it would go. */
static size_t slot_of(const char *s, size_t n)
{
	size_t j = hash(s, n) & W.mask;
	for (; W.slot[j]; j = (j + 1) & W.mask) {
		const char *w = W.arena + W.off[W.slot[j] - 1];
		if (strncmp(w, s, n) == 0 && w[n] == 0)
			break;
	}
	return j;
}

static uint32_t intern(const char *s, size_t n)
{
	if (2 * (W.n + 1) > W.mask + 1)
		grow_slots();
	size_t j = slot_of(s, n);
	if (W.slot[j])
		return W.slot[j] - 1;
	if (W.n == W.cap) {
		W.cap = W.cap ? 2 * W.cap : 1 << 16;
		W.off = xrealloc(W.off, W.cap * sizeof *W.off);
		W.count = xrealloc(W.count, W.cap * sizeof *W.count);
		W.ent = xrealloc(W.ent, W.cap * sizeof *W.ent);
	}
	while (W.arena_len + n + 1 > W.arena_cap) {
		W.arena_cap = W.arena_cap ? 2 * W.arena_cap : 1 << 20;
		W.arena = xrealloc(W.arena, W.arena_cap);
	}
	W.off[W.n] = W.arena_len;
	memcpy(W.arena + W.arena_len, s, n);
	W.arena[W.arena_len + n] = 0;
	W.arena_len += n + 1;
	W.count[W.n] = 0;
	memset(W.ent[W.n], 0, sizeof W.ent[W.n]);
	W.slot[j] = (uint32_t)W.n + 1;
	return (uint32_t)W.n++;
}

static void push(uint32_t id)
{
	if (W.len == W.stream_cap) {
		W.stream_cap = W.stream_cap ? 2 * W.stream_cap : 1 << 20;
		W.stream = xrealloc(W.stream, W.stream_cap * sizeof *W.stream);
	}
	W.stream[W.len++] = id;
}

static int on_token(void *ctx, const marsad_token *t)
{
	(void)ctx;
	uint32_t id = intern(t->norm, t->norm_len);
	W.count[id]++;
	push(id);
	return 0;
}

/* The id of the word s, or NO_WORD when it was never counted. */
static uint32_t find(const char *s, size_t n)
{
	size_t j = slot_of(s, n);
	return W.slot[j] ? W.slot[j] - 1 : NO_WORD;
}

static int on_mention_token(void *ctx, const marsad_token *t)
{
	const marsad_mention *m = ctx;
	uint32_t id = find(t->norm, t->norm_len);
	if (id != NO_WORD)
		W.ent[id][m->type - 1]++;
	return 0;
}

/* Counts the words of text s and, by the words of each mention the
 * tagger finds in it, how often each was in a mention of each type. */
static void read_text(const char *s, size_t n)
{
	marsad_analyze(s, n, MARSAD_ANALYZE_KEEP_STOPWORDS | MARSAD_ANALYZE_NO_STEM,
		       on_token, NULL);
	push(NO_WORD);
	marsad_mention *m;
	size_t nm;
	if (marsad_ner_extract(s, n, &m, &nm) != 0)
		return;
	for (size_t k = 0; k < nm; k++)
		marsad_analyze(s + m[k].start, m[k].end - m[k].start,
			       MARSAD_ANALYZE_KEEP_STOPWORDS |
				       MARSAD_ANALYZE_NO_STEM,
			       on_mention_token, &m[k]);
	free(m);
}

static void read_line(const char *line, size_t n)
{
	static const char *const fields[] = {"title", "content", "abstract",
					     "text", NULL};
	json_t *o = json_loadb(line, n, 0, NULL);
	if (!o)
		return;
	for (const char *const *f = fields; *f; f++) {
		json_t *v = json_object_get(o, *f);
		if (json_is_string(v))
			read_text(json_string_value(v), json_string_length(v));
	}
	json_decref(o);
}

static void read_file(const char *path)
{
	gzFile f = gzopen(path, "rb");
	if (!f) {
		perror(path);
		exit(1);
	}
	size_t cap = 1 << 20, len = 0;
	char *buf = xrealloc(NULL, cap);
	int k;
	for (;;) {
		if (cap - len < (1 << 16))
			buf = xrealloc(buf, cap *= 2);
		k = gzread(f, buf + len, (unsigned)(cap - len));
		if (k <= 0)
			break;
		len += (size_t)k;
		size_t a = 0;
		for (size_t i = 0; i < len; i++)
			if (buf[i] == '\n') {
				read_line(buf + a, i - a);
				a = i + 1;
			}
		memmove(buf, buf + a, len - a);
		len -= a;
	}
	if (len)
		read_line(buf, len);
	gzclose(f);
	free(buf);
}

/* The fewest occurrences of a word in mentions of one type that give it
 * that type (entity_type()). */
#define ENT_MIN 3

/*
 * The type the tagger gave word id in the corpora (marsad_entity_type),
 * or 0: the type of at least ENT_MIN of its occurrences, half of them
 * all and three fifths of those in mentions. What the tagger says of a
 * name in the many easy contexts of a large corpus then speaks for it in
 * a hard one: a corpus-wide memory, as the document's is one for a text
 * (ner_int.h).
 */
static int entity_type(uint32_t id)
{
	const uint32_t *n = W.ent[id];
	int t = 0; /* the most frequent type, the first of equal ones */
	for (int k = 1; k < 3; k++)
		if (n[k] > n[t])
			t = k;
	uint64_t best = n[t], all = (uint64_t)n[0] + n[1] + n[2];
	if (best < ENT_MIN || 2 * best < W.count[id] || 5 * best < 3 * all)
		return 0;
	return t + 1;
}

/* ---- vectors ------------------------------------------------------------- */

static int by_count(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	if (W.count[x] != W.count[y])
		return W.count[x] > W.count[y] ? -1 : 1;
	return strcmp(W.arena + W.off[x], W.arena + W.off[y]);
}

static float dot(const float *a, const float *b)
{
	float s = 0;
	for (int j = 0; j < DIM; j++)
		s += a[j] * b[j];
	return s;
}

static void unit(float *v)
{
	float n = sqrtf(dot(v, v));
	if (n > 0)
		for (int j = 0; j < DIM; j++)
			v[j] /= n;
}

/* Spherical k-means of the n vectors rows[0..n) (indices into vec) into k
 * classes; writes each one's class to cls. */
static void kmeans(const float *vec, const uint32_t *rows, size_t n, int k,
		   int *cls)
{
	if ((size_t)k > n)
		k = (int)n;
	if (k <= 1) {
		for (size_t i = 0; i < n; i++)
			cls[i] = 0;
		return;
	}
	float *cen = xrealloc(NULL, (size_t)k * DIM * sizeof *cen);
	float *best = xrealloc(NULL, n * sizeof *best);
	/* k-means++: each next seed drawn with weight 1 − best cosine. */
	memcpy(cen, vec + (size_t)rows[rng() % n] * DIM, DIM * sizeof *cen);
	for (size_t i = 0; i < n; i++)
		best[i] = dot(vec + (size_t)rows[i] * DIM, cen);
	for (int c = 1; c < k; c++) {
		double total = 0;
		for (size_t i = 0; i < n; i++)
			total += 1.0 - best[i];
		double r = (double)(rng() >> 11) / 9007199254740992.0 * total;
		size_t pick = n - 1;
		for (size_t i = 0; i < n; i++) {
			r -= 1.0 - best[i];
			if (r <= 0) {
				pick = i;
				break;
			}
		}
		float *cc = cen + (size_t)c * DIM;
		memcpy(cc, vec + (size_t)rows[pick] * DIM, DIM * sizeof *cc);
		for (size_t i = 0; i < n; i++) {
			float d = dot(vec + (size_t)rows[i] * DIM, cc);
			if (d > best[i])
				best[i] = d;
		}
	}
	for (int it = 0; it < ITERS; it++) {
		size_t moved = 0;
		for (size_t i = 0; i < n; i++) {
			const float *v = vec + (size_t)rows[i] * DIM;
			int arg = 0;
			float b = dot(v, cen);
			for (int c = 1; c < k; c++) {
				float d = dot(v, cen + (size_t)c * DIM);
				if (d > b) {
					b = d;
					arg = c;
				}
			}
			moved += it == 0 || cls[i] != arg;
			cls[i] = arg;
		}
		if (!moved)
			break;
		memset(cen, 0, (size_t)k * DIM * sizeof *cen);
		for (size_t i = 0; i < n; i++) {
			const float *v = vec + (size_t)rows[i] * DIM;
			float *cc = cen + (size_t)cls[i] * DIM;
			for (int j = 0; j < DIM; j++)
				cc[j] += v[j];
		}
		for (int c = 0; c < k; c++)
			unit(cen + (size_t)c * DIM);
	}
	free(cen);
	free(best);
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	size_t vocab = 40000, contexts = 1000, extra = 0;
	int first = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-') {
			first = i;
			break;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "ner_clusters: %s needs a value\n", a);
			return 2;
		}
		const char *v = argv[++i];
		if (!strcmp(a, "--out"))
			out = v;
		else if (!strcmp(a, "--vocab"))
			vocab = strtoul(v, NULL, 10);
		else if (!strcmp(a, "--extra"))
			extra = strtoul(v, NULL, 10);
		else if (!strcmp(a, "--contexts"))
			contexts = strtoul(v, NULL, 10);
		else if (!strcmp(a, "--seed"))
			rng_state = strtoull(v, NULL, 10) | 1;
		else {
			fprintf(stderr, "ner_clusters: unknown option %s\n", a);
			return 2;
		}
	}
	if (!out || !first) {
		fprintf(stderr, "usage: ner_clusters [--vocab N] [--extra N] "
				"[--contexts N] [--seed N] --out FILE "
				"FILE.jsonl.gz…\n");
		return 2;
	}
	for (int i = first; i < argc; i++) {
		read_file(argv[i]);
		fprintf(stderr, "ner_clusters: %s: %zu tokens, %zu words\n",
			argv[i], W.len, W.n);
	}

	/* Ranks by frequency: the vocabulary and the context words. */
	uint32_t *order = xrealloc(NULL, W.n * sizeof *order);
	for (size_t i = 0; i < W.n; i++)
		order[i] = (uint32_t)i;
	qsort(order, W.n, sizeof *order, by_count);
	if (vocab > W.n)
		vocab = W.n;
	if (contexts > vocab)
		contexts = vocab;
	if (extra > W.n - vocab)
		extra = W.n - vocab;
	size_t nrows = vocab + extra; /* the words that get a vector */
	uint32_t *rank = xrealloc(NULL, W.n * sizeof *rank);
	for (size_t i = 0; i < W.n; i++)
		rank[order[i]] = (uint32_t)i;

	/* Left and right neighbour counts: row = vocabulary rank, column =
	 * context rank (left) or contexts + rank (right). */
	size_t cols = 2 * contexts;
	uint32_t *co = calloc(nrows * cols, sizeof *co);
	if (!co)
		oom();
	for (size_t i = 0; i < W.len; i++) {
		if (W.stream[i] == NO_WORD)
			continue;
		size_t r = rank[W.stream[i]];
		if (r >= nrows)
			continue;
		uint32_t *row = co + r * cols;
		if (i > 0 && W.stream[i - 1] != NO_WORD &&
		    rank[W.stream[i - 1]] < contexts)
			row[rank[W.stream[i - 1]]]++;
		if (i + 1 < W.len && W.stream[i + 1] != NO_WORD &&
		    rank[W.stream[i + 1]] < contexts)
			row[contexts + rank[W.stream[i + 1]]]++;
	}

	/* PPMI weights, projected and normalized. */
	double *colsum = calloc(cols, sizeof *colsum), total = 0, ctotal = 0;
	double *rowsum = calloc(nrows, sizeof *rowsum);
	float *proj = xrealloc(NULL, cols * DIM * sizeof *proj);
	float *vec = calloc(nrows * DIM, sizeof *vec);
	if (!colsum || !rowsum || !vec)
		oom();
	/* The context totals are of the vocabulary's rows alone, so that
	 * --extra leaves its vectors and classes as they are. */
	for (size_t r = 0; r < nrows; r++)
		for (size_t c = 0; c < cols; c++) {
			rowsum[r] += co[r * cols + c];
			if (r < vocab)
				colsum[c] += co[r * cols + c];
		}
	for (size_t c = 0; c < cols; c++) {
		total += colsum[c];
		colsum[c] = pow(colsum[c], 0.75);
		ctotal += colsum[c];
	}
	for (size_t i = 0; i < cols * DIM; i++)
		proj[i] = rng() >> 63 ? 1.0f : -1.0f;
	for (size_t r = 0; r < nrows; r++) {
		float *v = vec + r * DIM;
		for (size_t c = 0; c < cols; c++) {
			uint32_t n = co[r * cols + c];
			if (!n)
				continue;
			double pmi = log((double)n * ctotal /
					 (rowsum[r] * colsum[c]));
			if (pmi <= 0)
				continue;
			const float *p = proj + c * DIM;
			for (int j = 0; j < DIM; j++)
				v[j] += (float)pmi * p[j];
		}
		unit(v);
	}
	free(co);
	fprintf(stderr, "ner_clusters: %zu words, %.0f neighbour pairs\n",
		vocab, total);

	/* Two levels of classes. */
	uint32_t *rows = xrealloc(NULL, vocab * sizeof *rows);
	int *c1 = xrealloc(NULL, vocab * sizeof *c1);
	int *c2 = xrealloc(NULL, nrows * sizeof *c2);
	int *sub = xrealloc(NULL, vocab * sizeof *sub);
	for (size_t r = 0; r < vocab; r++)
		rows[r] = (uint32_t)r;
	kmeans(vec, rows, vocab, K1, c1);
	for (int k = 0; k < K1; k++) {
		size_t m = 0;
		for (size_t r = 0; r < vocab; r++)
			if (c1[r] == k)
				rows[m++] = (uint32_t)r;
		kmeans(vec, rows, m, K2, sub);
		for (size_t i = 0; i < m; i++)
			c2[rows[i]] = k * K2 + sub[i];
	}

	/* --extra: each rarer word joins the class whose centroid (the mean
	 * direction of its vocabulary words) is nearest to its vector; one
	 * without a vector (no context word with a positive PMI) gets no
	 * class (-1) and is left out. */
	float *cen = calloc((size_t)K1 * K2 * DIM, sizeof *cen);
	if (!cen)
		oom();
	for (size_t r = 0; r < vocab; r++)
		for (int j = 0; j < DIM; j++)
			cen[(size_t)c2[r] * DIM + j] += vec[r * DIM + j];
	for (int k = 0; k < K1 * K2; k++)
		unit(cen + (size_t)k * DIM);
	for (size_t r = vocab; r < nrows; r++) {
		int arg = dot(vec + r * DIM, vec + r * DIM) > 0 ? 0 : -1;
		float b = dot(vec + r * DIM, cen);
		for (int k = 1; k < K1 * K2 && arg >= 0; k++) {
			float d = dot(vec + r * DIM, cen + (size_t)k * DIM);
			if (d > b) {
				b = d;
				arg = k;
			}
		}
		c2[r] = arg;
	}
	free(cen);

	FILE *f = fopen(out, "w");
	if (!f) {
		perror(out);
		return 1;
	}
	fprintf(f,
		"# ner_clusters.txt — distributional word classes read by the "
		"entity\n"
		"# tagger's features (src/lib/extract/ner_feat.c): word<TAB>class "
		"0-%d,\n"
		"# class / %d is the coarse class. Computed from unlabeled "
		"SaudiNewsNet\n"
		"# (CC BY-NC-SA 4.0) and ANT corpus text by tools/ner_clusters.c "
		"(--vocab %zu\n"
		"# --extra %zu --contexts %zu); do not edit by hand. A third "
		"column PER,\n"
		"# LOC or ORG: the type of most of the word's occurrences in the "
		"tagger's\n"
		"# mentions in the same text, when they are at least %d and half "
		"its\n"
		"# occurrences.\n",
		K1 * K2 - 1, K2, vocab, extra, contexts, ENT_MIN);
	for (size_t r = 0; r < nrows; r++) {
		if (c2[r] < 0)
			continue;
		fprintf(f, "%s\t%d", W.arena + W.off[order[r]], c2[r]);
		int t = entity_type(order[r]);
		if (t)
			fprintf(f, "\t%s",
				marsad_entity_type_name((marsad_entity_type)t));
		fputc('\n', f);
	}
	if (fclose(f) != 0) {
		perror(out);
		return 1;
	}
	return 0;
}
