/*
 * eval_summary.c — `marsad eval summary`: ROUGE with Arabic-aware tokens,
 * and story summaries checked on hand-made story labels.
 *
 *   marsad eval summary [--json] [--stem] [--no-stopwords] CANDIDATE REFERENCE
 *   marsad eval summary [--json] [--stem] [--no-stopwords] --pairs TSV
 *   marsad eval summary [--json] --stories [--gold TSV] [--articles JSONL]
 *                       [--min N] [--show]
 *
 * The first form scores one candidate file against one reference file;
 * --pairs scores candidate<TAB>reference lines and averages them (a third
 * column, such as the expected values of tests/golden/rouge.tsv, is
 * ignored). Tokens are the analyzer's normalized words with stopwords
 * kept (summary.h); --stem compares light stems, --no-stopwords leaves
 * stopwords out.
 *
 * --stories takes the labelled SaudiNewsNet articles (default
 * $MARSAD_SHARED/eval/stories/set-a.jsonl, cleaned with a cleaner that has
 * seen them all) and their gold stories (set-a-gold.tsv beside it, matched
 * by url) and summarizes every gold story, adding its articles in file
 * order. For stories of at least N articles (default 3) it checks what a
 * summary promises: no two summary sentences are copies (fingerprint
 * similarity at the copy threshold, recomputed from the printed text);
 * a story from two outlets or more is summarized from at least two; every
 * sentence is found verbatim in its first key's article and a copy of it
 * in every key's article. It then scores ROUGE leave-one-out: for each
 * article, the summary of the story's other articles against the
 * article's own title, beside a lead baseline (the first sentence of six
 * words or more of each other article, oldest first, under the same
 * sentence and word budget). Times: building the articles, and adding
 * them to summarizers and taking every gold story's result. --show prints
 * each checked story's result as text, and what failed a check.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "marsad/article.h"
#include "marsad/clean.h"
#include "marsad/read.h"
#include "marsad/summary.h"

#define LINE_BYTES ((size_t)1 << 20)
#define LEAD_MIN_WORDS 6

typedef struct rouge_sum {
	marsad_rouge total;
	size_t n;
} rouge_sum;

static void rouge_add(rouge_sum *s, const marsad_rouge *r)
{
	marsad_rouge_prf *d[3] = {&s->total.r1, &s->total.r2, &s->total.rl};
	const marsad_rouge_prf *x[3] = {&r->r1, &r->r2, &r->rl};
	for (int i = 0; i < 3; i++) {
		d[i]->p += x[i]->p;
		d[i]->r += x[i]->r;
		d[i]->f += x[i]->f;
	}
	s->n++;
}

static json_t *prf_json(const marsad_rouge_prf *p, size_t n)
{
	double k = n ? 1.0 / (double)n : 0;
	return json_pack("{s:f, s:f, s:f}", "p", p->p * k, "r", p->r * k, "f",
			 p->f * k);
}

static json_t *rouge_json(const rouge_sum *s)
{
	return json_pack("{s:I, s:o, s:o, s:o}", "n", (json_int_t)s->n, "rouge1",
			 prf_json(&s->total.r1, s->n), "rouge2",
			 prf_json(&s->total.r2, s->n), "rougeL",
			 prf_json(&s->total.rl, s->n));
}

static void rouge_print(const char *name, const rouge_sum *s)
{
	double k = s->n ? 1.0 / (double)s->n : 0;
	const marsad_rouge *t = &s->total;
	printf("%-8s R1 P %.4f R %.4f F %.4f | R2 P %.4f R %.4f F %.4f | "
	       "RL P %.4f R %.4f F %.4f\n",
	       name, t->r1.p * k, t->r1.r * k, t->r1.f * k, t->r2.p * k,
	       t->r2.r * k, t->r2.f * k, t->rl.p * k, t->rl.r * k, t->rl.f * k);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	marsad_buf b = MARSAD_BUF_INIT;
	char chunk[65536];
	size_t n;
	int rc = 0;
	while (rc == 0 && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		rc = marsad_buf_append(&b, chunk, n);
	int bad = ferror(f) || rc < 0;
	fclose(f);
	if (bad) {
		marsad_buf_clear(&b);
		return NULL;
	}
	return marsad_buf_steal(&b, len);
}

/* ---- ROUGE of files and pairs --------------------------------------------- */

static int score_files(cli *c, const char *cand, const char *ref,
		       unsigned flags)
{
	size_t nc, nr;
	char *a = read_file(cand, &nc);
	char *b = a ? read_file(ref, &nr) : NULL;
	if (!a || !b) {
		cli_error(a ? ref : cand, "cannot read");
		free(a);
		return EXIT_FAIL;
	}
	marsad_rouge r;
	int rc = marsad_summary_rouge(a, nc, b, nr, flags, &r);
	free(a);
	free(b);
	if (rc < 0) {
		cli_error("eval summary", "%s", marsad_strerror(rc));
		return EXIT_FAIL;
	}
	rouge_sum s = {r, 1};
	if (c->json)
		return cli_print_json(rouge_json(&s));
	rouge_print("rouge", &s);
	return EXIT_OK;
}

static int score_pairs(cli *c, const char *path, unsigned flags)
{
	FILE *f = fopen(path, "r");
	char *line = f ? malloc(LINE_BYTES) : NULL;
	if (!line) {
		cli_error(path, "cannot read");
		if (f)
			fclose(f);
		return EXIT_FAIL;
	}
	rouge_sum s = {0};
	size_t bad = 0;
	while (fgets(line, (int)LINE_BYTES, f)) {
		line[strcspn(line, "\r\n")] = 0;
		char *tab = strchr(line, '\t');
		if (line[0] == '#' || !tab)
			continue;
		*tab = 0;
		char *ref = tab + 1;
		ref[strcspn(ref, "\t")] = 0;
		marsad_rouge r;
		if (marsad_summary_rouge(line, strlen(line), ref, strlen(ref), flags,
					 &r) < 0)
			bad++;
		else
			rouge_add(&s, &r);
	}
	fclose(f);
	free(line);
	if (bad)
		fprintf(stderr, "marsad: eval summary: %zu pairs could not be scored\n",
			bad);
	if (c->json)
		return cli_print_json(rouge_json(&s));
	printf("%zu pairs\n", s.n);
	rouge_print("rouge", &s);
	return EXIT_OK;
}

/* ---- gold stories ------------------------------------------------------------ */

typedef struct story {
	char *label;
	size_t *art;  /* indices into the article list */
	size_t n, cap;
} story;

typedef struct corpus {
	marsad_article **a;
	size_t n, cap;
	story *st;
	size_t n_st, cap_st;
	double build_ms;
} corpus;

/* Processor time, which a busy machine does not inflate. */
static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int push_ptr(void **arr, size_t *n, size_t *cap, size_t size)
{
	if (*n < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 64;
	void *p = realloc(*arr, c * size);
	if (!p)
		return -1;
	*arr = p;
	*cap = c;
	return 0;
}

/* The gold story labelled `label`, added when new. */
static story *story_of(corpus *k, const char *label)
{
	for (size_t i = 0; i < k->n_st; i++)
		if (strcmp(k->st[i].label, label) == 0)
			return &k->st[i];
	if (push_ptr((void **)&k->st, &k->n_st, &k->cap_st, sizeof *k->st) < 0)
		return NULL;
	story *s = &k->st[k->n_st];
	memset(s, 0, sizeof *s);
	s->label = strdup(label);
	if (!s->label)
		return NULL;
	k->n_st++;
	return s;
}

typedef struct label {
	char *url, *story;
} label;

/* The story label of url in the gold file, NULL when unlabelled. */
static const char *gold_label(const label *l, size_t n, const char *url)
{
	for (size_t i = 0; url && i < n; i++)
		if (strcmp(l[i].url, url) == 0)
			return l[i].story;
	return NULL;
}

static int load(corpus *k, const char *articles, const char *gold)
{
	FILE *f = fopen(gold, "r");
	if (!f) {
		cli_error(gold, "cannot read");
		return -1;
	}
	label *gl = NULL;
	size_t n = 0, cap = 0;
	char line[8192];
	int rc = 0;
	while (rc == 0 && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = 0;
		char *tab = strchr(line, '\t');
		if (line[0] == '#' || !tab)
			continue;
		*tab = 0;
		if (push_ptr((void **)&gl, &n, &cap, sizeof *gl) < 0) {
			rc = -1;
			break;
		}
		gl[n].url = strdup(line);
		gl[n].story = strdup(tab + 1);
		if (!gl[n].url || !gl[n].story)
			rc = -1;
		n++;
	}
	fclose(f);

	marsad_reader *rd = NULL;
	marsad_read_error err;
	marsad_cleaner *cl = NULL;
	marsad_doc **docs = NULL;
	size_t n_docs = 0, cap_docs = 0;
	if (rc == 0 && marsad_reader_open(articles, &rd, &err) < 0) {
		cli_error(articles, "%s", err.message);
		rc = -1;
	}
	if (rc == 0 && marsad_cleaner_new(&cl) < 0)
		rc = -1;
	marsad_doc *doc;
	int got;
	while (rc == 0 && (got = marsad_reader_next(rd, &doc, &err)) != 0) {
		if (got < 0)
			continue;
		if (!gold_label(gl, n, doc->url) ||
		    push_ptr((void **)&docs, &n_docs, &cap_docs, sizeof *docs) < 0) {
			marsad_doc_free(doc);
			continue;
		}
		marsad_cleaner_observe(cl, doc->outlet, doc->text, doc->text_len);
		docs[n_docs++] = doc;
	}
	marsad_reader_close(rd);
	double t0 = now_ms();
	for (size_t i = 0; i < n_docs; i++) {
		const char *lb = gold_label(gl, n, docs[i]->url);
		marsad_article *a;
		if (rc < 0) {
			marsad_doc_free(docs[i]);
			continue;
		}
		if (marsad_article_build(cl, docs[i], &a) < 0)
			continue;
		story *s = story_of(k, lb);
		if (!s || push_ptr((void **)&k->a, &k->n, &k->cap, sizeof *k->a) < 0 ||
		    push_ptr((void **)&s->art, &s->n, &s->cap, sizeof *s->art) < 0) {
			marsad_article_free(a);
			rc = -1;
			continue;
		}
		s->art[s->n++] = k->n;
		k->a[k->n++] = a;
	}
	k->build_ms = now_ms() - t0;
	free(docs);
	marsad_cleaner_free(cl);
	for (size_t i = 0; i < n; i++) {
		free(gl[i].url);
		free(gl[i].story);
	}
	free(gl);
	return rc;
}

/* Summarizes the articles of s, leaving out article `skip` (SIZE_MAX:
 * none). */
static int summarize(const corpus *k, const story *s, size_t skip,
		     marsad_summary **out, const marsad_summary_result **r)
{
	int rc = marsad_summary_new(NULL, out);
	for (size_t i = 0; rc == 0 && i < s->n; i++)
		if (s->art[i] != skip)
			rc = marsad_summary_add(*out, k->a[s->art[i]]);
	if (rc == 0)
		rc = marsad_summary_get(*out, r);
	return rc;
}

static const marsad_article *by_key(const corpus *k, const story *s,
				    const char *key)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(k->a[s->art[i]]->doc->key, key) == 0)
			return k->a[s->art[i]];
	return NULL;
}

/* Does article a hold a copy of the fingerprint fp? */
static int carries(const marsad_article *a, const uint32_t *fp, size_t n,
		   double threshold)
{
	int found = 0;
	for (size_t i = 0; !found && i < a->n_sentences; i++) {
		uint32_t *f;
		size_t m;
		const marsad_span *sp = &a->sentences[i];
		if (marsad_summary_fingerprint(a->doc->text + sp->start,
					       sp->end - sp->start, &f, &m) < 0)
			continue;
		found = marsad_summary_similarity(fp, n, f, m) >= threshold;
		free(f);
	}
	return found;
}

typedef struct checks {
	size_t stories, sentences, redundant, untraceable;
	size_t multi_outlet, multi_outlet_ok;
} checks;

static void check(const corpus *k, const story *s,
		  const marsad_summary_result *r, checks *c, int show)
{
	marsad_summary_opts o;
	marsad_summary_opts_init(&o);
	c->stories++;
	uint32_t **fp = calloc(r->n_sentences + 1, sizeof *fp);
	size_t *nfp = calloc(r->n_sentences + 1, sizeof *nfp);
	const char **outlets = calloc(r->n_sentences * s->n + 1, sizeof *outlets);
	size_t n_out = 0;
	for (size_t i = 0; fp && nfp && outlets && i < r->n_sentences; i++) {
		const marsad_summary_sentence *x = &r->sentences[i];
		c->sentences++;
		marsad_summary_fingerprint(x->text, strlen(x->text), &fp[i], &nfp[i]);
		for (size_t j = 0; j < i; j++)
			if (marsad_summary_similarity(fp[i], nfp[i], fp[j], nfp[j]) >=
			    o.copy_threshold) {
				c->redundant++;
				if (show)
					printf("! %s: sentences %zu and %zu are copies\n",
					       s->label, j + 1, i + 1);
			}
		int ok = x->n_keys > 0;
		size_t bad = 0;
		for (size_t j = 0; ok && j < x->n_keys; j++) {
			const marsad_article *a = by_key(k, s, x->keys[j]);
			ok = a && (j > 0 || strstr(a->doc->text, x->text)) &&
			     carries(a, fp[i], nfp[i], o.copy_threshold);
			bad = j;
			const char *outlet = a && a->doc->outlet ? a->doc->outlet : "";
			size_t m = 0;
			while (m < n_out && strcmp(outlets[m], outlet) != 0)
				m++;
			if (m == n_out)
				outlets[n_out++] = outlet;
		}
		c->untraceable += !ok;
		if (!ok && show)
			printf("! %s: sentence %zu not found in its article %s\n",
			       s->label, i + 1, x->keys[bad]);
	}
	size_t story_outlets = 0;
	for (size_t i = 0; i < s->n; i++) {
		const char *o1 = k->a[s->art[i]]->doc->outlet;
		size_t j = 0;
		while (j < i && strcmp(o1 ? o1 : "", k->a[s->art[j]]->doc->outlet
							      ? k->a[s->art[j]]->doc->outlet
							      : "") != 0)
			j++;
		story_outlets += j == i;
	}
	if (story_outlets >= 2) {
		c->multi_outlet++;
		c->multi_outlet_ok += n_out >= 2;
	}
	for (size_t i = 0; fp && i < r->n_sentences; i++)
		free(fp[i]);
	free(fp);
	free(nfp);
	free(outlets);
}

static int by_published(const void *pa, const void *pb)
{
	const marsad_article *a = *(marsad_article *const *)pa;
	const marsad_article *b = *(marsad_article *const *)pb;
	const char *x = a->doc->published ? a->doc->published : "";
	const char *y = b->doc->published ? b->doc->published : "";
	return strcmp(x, y);
}

static size_t words(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += s[i] != ' ' && s[i] != '\n' && (i == 0 || s[i - 1] == ' ' ||
						     s[i - 1] == '\n');
	return n;
}

/* The lead baseline of story s without article `skip`. */
static int lead(const corpus *k, const story *s, size_t skip, marsad_buf *out)
{
	marsad_summary_opts o;
	marsad_summary_opts_init(&o);
	const marsad_article **v = calloc(s->n + 1, sizeof *v);
	if (!v)
		return -1;
	size_t n = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->art[i] != skip)
			v[n++] = k->a[s->art[i]];
	qsort(v, n, sizeof *v, by_published);
	size_t taken = 0, total = 0;
	for (size_t i = 0; i < n && taken < o.max_sentences && total < o.max_words;
	     i++) {
		const marsad_article *a = v[i];
		for (size_t j = 0; j < a->n_sentences; j++) {
			const marsad_span *sp = &a->sentences[j];
			size_t w = words(a->doc->text + sp->start, sp->end - sp->start);
			if (w < LEAD_MIN_WORDS)
				continue;
			marsad_buf_append(out, a->doc->text + sp->start,
					  sp->end - sp->start);
			marsad_buf_putc(out, '\n');
			taken++;
			total += w;
			break;
		}
	}
	free(v);
	return 0;
}

static int run_stories(cli *c, const char *articles, const char *gold,
		       size_t min, int show)
{
	corpus k = {0};
	if (load(&k, articles, gold) < 0)
		return EXIT_FAIL;
	checks ch = {0};
	rouge_sum ours = {0}, base = {0};
	double t_sum = 0;
	size_t n_big = 0, articles_big = 0;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < k.n_st; i++) {
		const story *s = &k.st[i];
		marsad_summary *sm;
		const marsad_summary_result *r;
		double t0 = now_ms();
		rc = summarize(&k, s, SIZE_MAX, &sm, &r);
		t_sum += now_ms() - t0;
		if (rc == 0 && s->n >= min) {
			n_big++;
			articles_big += s->n;
			check(&k, s, r, &ch, show);
			if (show) {
				marsad_buf b = MARSAD_BUF_INIT;
				marsad_summary_render(r, &b);
				printf("== %s (%zu articles)\n%s\n", s->label, s->n,
				       b.data ? b.data : "");
				marsad_buf_clear(&b);
			}
		}
		marsad_summary_free(sm);
		for (size_t j = 0; rc == 0 && s->n >= min && j < s->n; j++) {
			const char *title = k.a[s->art[j]]->doc->title;
			marsad_buf cand = MARSAD_BUF_INIT, lb = MARSAD_BUF_INIT;
			rc = summarize(&k, s, s->art[j], &sm, &r);
			for (size_t x = 0; rc == 0 && x < r->n_sentences; x++) {
				marsad_buf_append(&cand, r->sentences[x].text,
						  strlen(r->sentences[x].text));
				marsad_buf_putc(&cand, '\n');
			}
			if (rc == 0)
				rc = lead(&k, s, s->art[j], &lb);
			marsad_rouge a, b;
			if (rc == 0 && title && title[0] &&
			    marsad_summary_rouge(cand.data, cand.len, title,
						 strlen(title), 0, &a) == 0 &&
			    marsad_summary_rouge(lb.data, lb.len, title,
						 strlen(title), 0, &b) == 0) {
				rouge_add(&ours, &a);
				rouge_add(&base, &b);
			}
			marsad_summary_free(sm);
			marsad_buf_clear(&cand);
			marsad_buf_clear(&lb);
		}
	}
	int code = EXIT_OK;
	if (rc < 0) {
		cli_error("eval summary", "%s", marsad_strerror(rc));
		code = EXIT_FAIL;
	} else if (c->json) {
		code = cli_print_json(json_pack(
			"{s:I, s:I, s:I, s:I, s:{s:I, s:I, s:I, s:I, s:I}, "
			"s:o, s:o, s:{s:f, s:f, s:f, s:f}}",
			"articles", (json_int_t)k.n, "stories", (json_int_t)k.n_st,
			"min_articles", (json_int_t)min, "checked",
			(json_int_t)n_big, "checks", "sentences",
			(json_int_t)ch.sentences, "redundant_pairs",
			(json_int_t)ch.redundant, "untraceable",
			(json_int_t)ch.untraceable, "multi_outlet_stories",
			(json_int_t)ch.multi_outlet, "multi_outlet_covered",
			(json_int_t)ch.multi_outlet_ok, "rouge_marsad",
			rouge_json(&ours), "rouge_lead", rouge_json(&base), "time",
			"build_ms", k.build_ms, "summary_ms", t_sum,
			"ms_per_story", k.n_st ? t_sum / (double)k.n_st : 0,
			"us_per_article", k.n ? t_sum * 1e3 / (double)k.n : 0));
	} else {
		printf("%zu articles in %zu gold stories; %zu stories of %zu+ "
		       "articles (%zu articles) checked\n",
		       k.n, k.n_st, n_big, min, articles_big);
		printf("summary sentences %zu, redundant pairs %zu, untraceable %zu; "
		       "stories from 2+ outlets summarized from 2+: %zu/%zu\n",
		       ch.sentences, ch.redundant, ch.untraceable, ch.multi_outlet_ok,
		       ch.multi_outlet);
		printf("ROUGE against each held-out article's title (%zu articles; "
		       "summary of the story's other articles):\n", ours.n);
		rouge_print("marsad", &ours);
		rouge_print("lead", &base);
		printf("time: building articles %.1f ms; summarizing all %zu stories "
		       "%.2f ms (%.3f ms/story, %.1f us/article)\n",
		       k.build_ms, k.n_st, t_sum, k.n_st ? t_sum / (double)k.n_st : 0,
		       k.n ? t_sum * 1e3 / (double)k.n : 0);
	}
	for (size_t i = 0; i < k.n; i++)
		marsad_article_free(k.a[i]);
	free(k.a);
	for (size_t i = 0; i < k.n_st; i++) {
		free(k.st[i].label);
		free(k.st[i].art);
	}
	free(k.st);
	return code;
}

int eval_summary(cli *c, int argc, char **argv)
{
	argc = cli_take_json(c, argc, argv);
	unsigned flags = 0;
	int stories = 0, show = 0;
	size_t min = 3;
	const char *pairs = NULL, *gold_opt = NULL, *articles_opt = NULL;
	const char *files[2];
	int n_files = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--stem") == 0) {
			flags |= MARSAD_ROUGE_STEM;
		} else if (strcmp(argv[i], "--no-stopwords") == 0) {
			flags |= MARSAD_ROUGE_NO_STOPWORDS;
		} else if (strcmp(argv[i], "--stories") == 0) {
			stories = 1;
		} else if (strcmp(argv[i], "--show") == 0) {
			show = 1;
		} else if (strcmp(argv[i], "--pairs") == 0 && i + 1 < argc) {
			pairs = argv[++i];
		} else if (strcmp(argv[i], "--gold") == 0 && i + 1 < argc) {
			gold_opt = argv[++i];
		} else if (strcmp(argv[i], "--articles") == 0 && i + 1 < argc) {
			articles_opt = argv[++i];
		} else if (strcmp(argv[i], "--min") == 0 && i + 1 < argc) {
			min = (size_t)strtoul(argv[++i], NULL, 10);
		} else if (argv[i][0] == '-' && argv[i][1]) {
			cli_error("eval summary", "unknown option %s", argv[i]);
			return EXIT_USAGE;
		} else if (n_files < 2) {
			files[n_files++] = argv[i];
		} else {
			cli_error("eval summary", "too many files");
			return EXIT_USAGE;
		}
	}
	if (stories) {
		char g[4096], a[4096];
		const char *gold = gold_opt ? gold_opt
					    : cli_shared_path(g, sizeof g,
							      "eval/stories/set-a-gold.tsv");
		const char *articles =
			articles_opt ? articles_opt
				     : cli_shared_path(a, sizeof a,
						       "eval/stories/set-a.jsonl");
		return run_stories(c, articles, gold, min ? min : 1, show);
	}
	if (pairs)
		return score_pairs(c, pairs, flags);
	if (n_files == 2)
		return score_files(c, files[0], files[1], flags);
	cli_error("eval summary",
		  "usage: marsad eval summary [--json] [--stem] [--no-stopwords] "
		  "CANDIDATE REFERENCE | --pairs TSV | --stories [--gold TSV] "
		  "[--articles JSONL] [--min N] [--show]");
	return EXIT_USAGE;
}
