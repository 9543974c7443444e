/*
 * eval_stories.c — `marsad eval stories`: story clustering quality,
 * B-cubed precision, recall and F1 against hand-made story labels.
 *
 *   marsad eval stories [--json] [--gold TSV] [--shuffle SEED]
 *                       [--threshold T] [--write TSV] [--run TSV]
 *                       [--copies TSV] [PATH...]
 *
 * PATHs (default: the two SaudiNewsNet days the labels come from,
 * $MARSAD_SHARED/eval/saudinewsnet/2015-07-2{3,4}.jsonl.gz) go through the
 * same path as ingest (reader, cleaner, article) into one linker, in
 * memory; the labelled articles sit among all their real distractors.
 * GOLD is url<TAB>story lines (default $MARSAD_SHARED/eval/stories/
 * set-a-gold.tsv). Articles are matched by url; a url met more than once
 * counts once, by its first article. B-cubed (Bagga & Baldwin 1998): for
 * each labelled article, precision is the share of its predicted story
 * (restricted to labelled articles) that shares its gold story, recall
 * the share of its gold story inside its predicted story; both averaged
 * over the labelled articles.
 *
 * --shuffle SEED reads everything first and adds the articles in an
 * order shuffled by a fixed-seed generator (order-independence check).
 * --write saves url<TAB>story for every article; --run scores such a file
 * written by another system instead of linking (one scorer for every
 * system). --copies writes every copied passage found as
 * from-url<TAB>to-url<TAB>similarity<TAB>whole<TAB>credit<TAB>from-text
 * <TAB>to-text lines.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "marsad/article.h"
#include "marsad/link.h"
#include "marsad/read.h"

#define LINE_BYTES ((size_t)1 << 20)

typedef struct labelled {
	char *url, *story;
	const char *pred; /* predicted story (a string), NULL = not found */
	char pred_buf[24];
} labelled;

typedef struct run {
	labelled *gold;
	size_t n_gold;
	char **url;        /* by linker article id */
	char **text;       /* by linker article id, kept for --copies */
	size_t n_url, cap;
	size_t n_read, n_rejected;
} run;

static int by_url(const void *a, const void *b)
{
	return strcmp(((const labelled *)a)->url, ((const labelled *)b)->url);
}

static labelled *find_gold(run *r, const char *url)
{
	labelled key = {.url = (char *)url};
	return bsearch(&key, r->gold, r->n_gold, sizeof key, by_url);
}

/* Reads url<TAB>label lines into *out (sorted by url); '#' comments. */
static int read_tsv(const char *path, labelled **out, size_t *n)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char *line = malloc(LINE_BYTES);
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	while (line && fgets(line, (int)LINE_BYTES, f)) {
		line[strcspn(line, "\r\n")] = 0;
		char *tab = strchr(line, '\t');
		if (line[0] == '#' || !tab)
			continue;
		*tab = 0;
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			labelled *p = realloc(*out, cap * sizeof *p);
			if (!p)
				break;
			*out = p;
		}
		labelled *g = &(*out)[(*n)++];
		memset(g, 0, sizeof *g);
		g->url = strdup(line);
		g->story = strdup(tab + 1);
	}
	free(line);
	fclose(f);
	qsort(*out, *n, sizeof **out, by_url);
	return 0;
}

static void free_tsv(labelled *g, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(g[i].url);
		free(g[i].story);
	}
	free(g);
}

/* B-cubed over the labelled articles that have a prediction. */
static void bcubed(const labelled *g, size_t n, double *p, double *r,
		   size_t *scored)
{
	double sp = 0, sr = 0;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!g[i].pred)
			continue;
		size_t same_pred = 0, same_gold = 0, both = 0;
		for (size_t j = 0; j < n; j++) {
			if (!g[j].pred)
				continue;
			int sp_ = strcmp(g[i].pred, g[j].pred) == 0;
			int sg = strcmp(g[i].story, g[j].story) == 0;
			same_pred += sp_;
			same_gold += sg;
			both += sp_ && sg;
		}
		sp += (double)both / same_pred;
		sr += (double)both / same_gold;
		k++;
	}
	*p = k ? sp / k : 0;
	*r = k ? sr / k : 0;
	*scored = k;
}

/* A small fixed-seed generator (splitmix64) for --shuffle. */
static uint64_t next_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

struct docs {
	marsad_doc **d;
	size_t n, cap;
};

static int keep_doc(struct docs *ds, marsad_doc *d)
{
	if (ds->n == ds->cap) {
		size_t cap = ds->cap ? ds->cap * 2 : 1024;
		marsad_doc **p = realloc(ds->d, cap * sizeof *p);
		if (!p)
			return -1;
		ds->d = p;
		ds->cap = cap;
	}
	ds->d[ds->n++] = d;
	return 0;
}

/* Cleans, builds and links one document (taking it). */
static int link_doc(run *r, marsad_cleaner *cl, marsad_linker *l,
		    marsad_doc *doc, int keep_text)
{
	marsad_article *a;
	marsad_cleaner_observe(cl, doc->outlet, doc->text, doc->text_len);
	int rc = marsad_article_build(cl, doc, &a);
	if (rc < 0) {
		r->n_rejected++;
		return 0;
	}
	size_t id;
	rc = marsad_linker_add(l, a, &id);
	if (rc == 0 && r->n_url == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 1024;
		char **u = realloc(r->url, cap * sizeof *u);
		char **t = u ? realloc(r->text, cap * sizeof *t) : NULL;
		if (u)
			r->url = u;
		if (t)
			r->text = t;
		if (!u || !t)
			rc = -1;
		else
			r->cap = cap;
	}
	if (rc == 0) {
		const char *u = a->doc->url ? a->doc->url : a->doc->key;
		r->url[r->n_url] = strdup(u);
		r->text[r->n_url++] =
			keep_text ? strndup(a->doc->text, a->doc->text_len) : NULL;
	}
	marsad_article_free(a);
	return rc;
}

static int read_all(run *r, marsad_cleaner *cl, marsad_linker *l,
		    char **paths, int n_paths, int shuffle, uint64_t seed,
		    int keep_text)
{
	struct docs ds = {0};
	int rc = 0;
	for (int i = 0; i < n_paths && rc == 0; i++) {
		marsad_reader *rd;
		marsad_read_error err;
		if (marsad_reader_open(paths[i], &rd, &err) < 0) {
			cli_error(paths[i], "%s", err.message);
			rc = -1;
			break;
		}
		marsad_doc *doc;
		int k;
		while ((k = marsad_reader_next(rd, &doc, &err)) != 0) {
			if (k < 0) {
				r->n_rejected++;
				continue;
			}
			r->n_read++;
			if (shuffle) {
				if (keep_doc(&ds, doc)) {
					marsad_doc_free(doc);
					rc = -1;
					break;
				}
			} else if ((rc = link_doc(r, cl, l, doc, keep_text))) {
				break;
			}
		}
		marsad_reader_close(rd);
	}
	if (shuffle) {
		for (size_t i = ds.n; i > 1; i--) {
			size_t j = (size_t)(next_rand(&seed) % i);
			marsad_doc *t = ds.d[i - 1];
			ds.d[i - 1] = ds.d[j];
			ds.d[j] = t;
		}
		for (size_t i = 0; i < ds.n; i++) {
			if (rc == 0)
				rc = link_doc(r, cl, l, ds.d[i], keep_text);
			else
				marsad_doc_free(ds.d[i]);
		}
		free(ds.d);
	}
	return rc;
}

static void write_text(FILE *f, const char *s, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		fputc(s[i] == '\t' || s[i] == '\n' ? ' ' : s[i], f);
}

static int write_copies(const run *r, const marsad_linker *l,
			const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	size_t n;
	const marsad_copy *c = marsad_linker_copies(l, &n);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%s\t%s\t%.3f\t%d\t%s\t", r->url[c[i].from],
			r->url[c[i].to], c[i].similarity, c[i].whole,
			c[i].credit ? c[i].credit : "");
		write_text(f, r->text[c[i].from], c[i].from_start,
			   c[i].from_end);
		fputc('\t', f);
		write_text(f, r->text[c[i].to], c[i].to_start, c[i].to_end);
		fputc('\n', f);
	}
	return fclose(f) == 0 ? 0 : -1;
}

int eval_stories(cli *c, int argc, char **argv)
{
	char gold_buf[1024], d1[1024], d2[1024];
	const char *gold = cli_shared_path(gold_buf, sizeof gold_buf,
					   "eval/stories/set-a-gold.tsv");
	const char *write = NULL, *run_file = NULL, *copies = NULL;
	int shuffle = 0;
	uint64_t seed = 0;
	marsad_link_opts o;
	marsad_link_opts_init(&o);
	char **paths = NULL;
	int n_paths = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--gold") == 0 && i + 1 < argc) {
			gold = argv[++i];
		} else if (strcmp(argv[i], "--shuffle") == 0 && i + 1 < argc) {
			shuffle = 1;
			seed = strtoull(argv[++i], NULL, 10);
		} else if (strcmp(argv[i], "--threshold") == 0 && i + 1 < argc) {
			o.story_threshold = atof(argv[++i]);
		} else if (strcmp(argv[i], "--write") == 0 && i + 1 < argc) {
			write = argv[++i];
		} else if (strcmp(argv[i], "--run") == 0 && i + 1 < argc) {
			run_file = argv[++i];
		} else if (strcmp(argv[i], "--copies") == 0 && i + 1 < argc) {
			copies = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			cli_error("eval stories", "unknown option %s", argv[i]);
			return EXIT_USAGE;
		} else {
			paths = argv + i;
			n_paths = argc - i;
			break;
		}
	}
	char *defaults[2] = {
		(char *)cli_shared_path(d1, sizeof d1,
					"eval/saudinewsnet/2015-07-23.jsonl.gz"),
		(char *)cli_shared_path(d2, sizeof d2,
					"eval/saudinewsnet/2015-07-24.jsonl.gz")};
	if (!n_paths) {
		paths = defaults;
		n_paths = 2;
	}
	run r = {0};
	if (read_tsv(gold, &r.gold, &r.n_gold) < 0) {
		cli_error(gold, "cannot read the gold labels");
		return EXIT_FAIL;
	}
	clock_t t0 = clock();
	size_t n_stories = 0, n_copies = 0, n_whole = 0, n_topics = 0;
	marsad_linker *l = NULL;
	marsad_cleaner *cl = NULL;
	labelled *pred = NULL;
	size_t n_pred = 0;
	int status = EXIT_OK;
	if (run_file) {
		if (read_tsv(run_file, &pred, &n_pred) < 0) {
			cli_error(run_file, "cannot read the run");
			free_tsv(r.gold, r.n_gold);
			return EXIT_FAIL;
		}
		for (size_t i = 0; i < r.n_gold; i++) {
			labelled key = {.url = r.gold[i].url};
			labelled *p = bsearch(&key, pred, n_pred, sizeof key,
					      by_url);
			r.gold[i].pred = p ? p->story : NULL;
		}
	} else {
		if (marsad_cleaner_new(&cl) < 0 ||
		    marsad_linker_new(&o, &l) < 0) {
			cli_error("eval stories", "out of memory or bad option");
			status = EXIT_FAIL;
		} else if (read_all(&r, cl, l, paths, n_paths, shuffle, seed,
				    copies != NULL) < 0 ||
			   marsad_linker_settle(l) < 0) {
			cli_error("eval stories", "linking failed");
			status = EXIT_FAIL;
		}
		FILE *wf = status == EXIT_OK && write ? fopen(write, "w") : NULL;
		for (size_t i = 0; status == EXIT_OK && i < r.n_url; i++) {
			int64_t s = marsad_linker_story_of(l, i);
			if (wf)
				fprintf(wf, "%s\t%lld\n", r.url[i], (long long)s);
			labelled *g = find_gold(&r, r.url[i]);
			if (g && !g->pred) {
				snprintf(g->pred_buf, sizeof g->pred_buf, "%lld",
					 (long long)s);
				g->pred = g->pred_buf;
			}
		}
		if (wf)
			fclose(wf);
		if (status == EXIT_OK) {
			const marsad_story *st = marsad_linker_stories(l, &n_stories);
			const marsad_copy *cp = marsad_linker_copies(l, &n_copies);
			for (size_t i = 0; i < n_copies; i++)
				n_whole += cp[i].whole;
			for (size_t i = 0; i < n_stories; i++)
				if (st[i].topic > (int64_t)n_topics)
					n_topics = (size_t)st[i].topic;
			if (copies && write_copies(&r, l, copies) < 0) {
				cli_error(copies, "cannot write");
				status = EXIT_FAIL;
			}
		}
	}
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	double p = 0, rec = 0, f1 = 0;
	size_t scored = 0;
	bcubed(r.gold, r.n_gold, &p, &rec, &scored);
	if (p + rec > 0)
		f1 = 2 * p * rec / (p + rec);
	if (status == EXIT_OK) {
		if (c->json) {
			status = cli_print_json(json_pack(
				"{s:f, s:f, s:f, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f}",
				"precision", p, "recall", rec, "f1", f1,
				"labelled", (json_int_t)r.n_gold,
				"scored", (json_int_t)scored,
				"articles", (json_int_t)r.n_url,
				"rejected", (json_int_t)r.n_rejected,
				"stories", (json_int_t)n_stories,
				"topics", (json_int_t)n_topics,
				"copies", (json_int_t)n_copies,
				"near_duplicates", (json_int_t)n_whole,
				"seconds", secs));
		} else {
			printf("B-cubed over %zu of %zu labelled articles: "
			       "precision %.4f recall %.4f F1 %.4f\n",
			       scored, r.n_gold, p, rec, f1);
			if (!run_file)
				printf("%zu articles (%zu rejected), %zu stories, "
				       "%zu topics, %zu copied passages "
				       "(%zu near-duplicate), %.1f s CPU\n",
				       r.n_url, r.n_rejected, n_stories, n_topics,
				       n_copies, n_whole, secs);
		}
	}
	for (size_t i = 0; i < r.n_url; i++) {
		free(r.url[i]);
		free(r.text[i]);
	}
	free(r.url);
	free(r.text);
	free_tsv(r.gold, r.n_gold);
	free_tsv(pred, n_pred);
	marsad_linker_free(l);
	marsad_cleaner_free(cl);
	return status;
}
