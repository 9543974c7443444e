/*
 * eval_search.c — `marsad eval search`: story search quality, mean average
 * precision, against hand-made story labels.
 *
 *   marsad [--db FILE] eval search [--json] [--near] [--warm]
 *                                  [--queries TSV] [--write-run TSV] [GOLD]
 *   marsad eval search --run TSV [--json] [GOLD]
 *   marsad eval search --dump-queries [GOLD]
 *
 * GOLD is url<TAB>story lines (default $MARSAD_SHARED/eval/stories/
 * set-a-gold.tsv, MARSAD_SHARED defaulting to ../shared); the articles are
 * the JSON Lines file beside it with "-gold.tsv" replaced by ".jsonl"
 * (url, title, date). Every article of a story with two or more articles
 * is a query: its title, searched in the store (which should hold the
 * whole corpus the labels come from). The answer is the ranked list of
 * urls, duplicates and the query's own url left out (a corpus may hold one
 * url several times), cut at 100; its average precision is taken against
 * the story's other urls, and MAP is the mean over the queries.
 *
 * --near passes each query article's date as the date prior (see
 * marsad_search_opts.near). --queries replaces the query texts by
 * url<TAB>date<TAB>text lines (rewritten queries); --dump-queries prints
 * the queries in that form. --write-run saves the ranked lists as
 * query-url<TAB>rank<TAB>url lines, and --run scores such a file written by
 * another system instead of searching: one scorer for every system.
 * Searching also reports the latency of the searches, median and 99th
 * percentile, in wall-clock and in processor time (which a busy machine
 * does not inflate): of a new process, or with --warm of one that has
 * first searched the titles of the labelled articles that are no query
 * (the stories of one article), as a store serving searches would have.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "marsad/store.h"
#include "marsad/text.h"

#define DEPTH 100        /* ranks scored */
#define FETCH (DEPTH + 50) /* hits asked for, to make up for duplicates */
#define LINE_BYTES ((size_t)16 << 20)

typedef struct labelled {
	char *url, *story;
} labelled;

typedef struct query {
	char *url, *date, *text;
	const char *story;
	char **ranked; /* the answer, in rank order */
	size_t n_ranked, cap;
} query;

typedef struct eval {
	labelled *gold;
	size_t n_gold;
	query *q;
	size_t n_q;
	char **warm; /* the titles of the stories of one article (--warm) */
	size_t n_warm;
	int keep_warm;
} eval;

static char *dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

static int by_url(const void *a, const void *b)
{
	return strcmp(((const labelled *)a)->url, ((const labelled *)b)->url);
}

static const labelled *find_gold(const eval *e, const char *url)
{
	labelled key = {(char *)url, NULL};
	return bsearch(&key, e->gold, e->n_gold, sizeof key, by_url);
}

static query *find_query(const eval *e, const char *url)
{
	for (size_t i = 0; i < e->n_q; i++)
		if (strcmp(e->q[i].url, url) == 0)
			return &e->q[i];
	return NULL;
}

/* Reads lines of a file, calling fn on each without its newline. */
static int each_line(const char *path, int (*fn)(eval *, char *), eval *e)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		cli_error(path, "cannot open");
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;
	while (rc == 0 && (n = getline(&line, &cap, f)) >= 0) {
		if ((size_t)n > LINE_BYTES)
			continue;
		line[strcspn(line, "\r\n")] = 0;
		rc = fn(e, line);
	}
	free(line);
	fclose(f);
	if (rc < 0)
		cli_error(path, "cannot read it (out of memory?)");
	return rc;
}

static int gold_line(eval *e, char *line)
{
	char *tab = strchr(line, '\t');
	if (!line[0] || line[0] == '#' || !tab)
		return 0;
	labelled *g = realloc(e->gold, (e->n_gold + 1) * sizeof *g);
	if (!g)
		return -1;
	e->gold = g;
	g[e->n_gold].url = dup_n(line, (size_t)(tab - line));
	g[e->n_gold].story = dup_n(tab + 1, strlen(tab + 1));
	return g[e->n_gold++].url && g[e->n_gold - 1].story ? 0 : -1;
}

static size_t story_size(const eval *e, const char *story)
{
	size_t n = 0;
	for (size_t i = 0; i < e->n_gold; i++)
		n += strcmp(e->gold[i].story, story) == 0;
	return n;
}

static int add_query(eval *e, const char *url, const char *date,
		     const char *text)
{
	const labelled *g = find_gold(e, url);
	if (g && e->keep_warm && story_size(e, g->story) == 1) {
		char **w = realloc(e->warm, (e->n_warm + 1) * sizeof *w);
		if (!w)
			return -1;
		e->warm = w;
		return (w[e->n_warm++] = dup_n(text, strlen(text))) ? 0 : -1;
	}
	if (!g || story_size(e, g->story) < 2 || find_query(e, url))
		return 0;
	query *q = realloc(e->q, (e->n_q + 1) * sizeof *q);
	if (!q)
		return -1;
	e->q = q;
	q = &e->q[e->n_q++];
	memset(q, 0, sizeof *q);
	q->url = dup_n(url, strlen(url));
	q->date = dup_n(date ? date : "", date ? strnlen(date, 10) : 0);
	q->text = dup_n(text, strlen(text));
	q->story = g->story;
	return q->url && q->date && q->text ? 0 : -1;
}

static int article_line(eval *e, char *line)
{
	json_t *o = json_loads(line, 0, NULL);
	if (!o)
		return 0;
	const char *url = json_string_value(json_object_get(o, "url"));
	const char *title = json_string_value(json_object_get(o, "title"));
	const char *date = json_string_value(json_object_get(o, "date"));
	int rc = url && title ? add_query(e, url, date, title) : 0;
	json_decref(o);
	return rc;
}

/* url<TAB>date<TAB>text: replaces the text of a known query. */
static int query_line(eval *e, char *line)
{
	char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
	if (!t2)
		return 0;
	*t1 = 0;
	query *q = find_query(e, line);
	if (!q)
		return 0;
	char *text = dup_n(t2 + 1, strlen(t2 + 1));
	if (!text)
		return -1;
	free(q->text);
	q->text = text;
	return 0;
}

static int add_ranked(query *q, const char *url)
{
	if (q->n_ranked == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 128;
		char **r = realloc(q->ranked, cap * sizeof *r);
		if (!r)
			return -1;
		q->ranked = r;
		q->cap = cap;
	}
	if (!(q->ranked[q->n_ranked] = dup_n(url, strlen(url))))
		return -1;
	q->n_ranked++;
	return 0;
}

/* query-url<TAB>rank<TAB>url, ranks ascending within a query. */
static int run_line(eval *e, char *line)
{
	char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
	if (!t2)
		return 0;
	*t1 = 0;
	query *q = find_query(e, line);
	return q ? add_ranked(q, t2 + 1) : 0;
}

/* Average precision of q's answer at DEPTH. */
static double average_precision(const eval *e, const query *q)
{
	size_t relevant = 0;
	for (size_t i = 0; i < e->n_gold; i++)
		relevant += strcmp(e->gold[i].story, q->story) == 0 &&
			    strcmp(e->gold[i].url, q->url) != 0;
	if (!relevant)
		return 0;
	const char *seen[DEPTH];
	size_t rank = 0, found = 0;
	double sum = 0;
	for (size_t i = 0; i < q->n_ranked && rank < DEPTH; i++) {
		const char *u = q->ranked[i];
		int dup = strcmp(u, q->url) == 0;
		for (size_t k = 0; k < rank && !dup; k++)
			dup = strcmp(seen[k], u) == 0;
		if (dup)
			continue;
		seen[rank++] = u;
		const labelled *g = find_gold(e, u);
		if (g && strcmp(g->story, q->story) == 0) {
			found++;
			sum += (double)found / (double)rank;
		}
	}
	return sum / (double)relevant;
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double percentile(double *v, size_t n, double p)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof *v, by_double);
	size_t k = (size_t)ceil(p * (double)n);
	return v[k ? k - 1 : 0];
}

static double ms_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

/* Searches every query in the store; ms[i] receives its latency and
 * cpu[i] the processor time it took (the latency of an unloaded machine). */
static int search_all(cli *c, eval *e, int near, double *ms, double *cpu)
{
	marsad_store *s;
	int rc = cli_open_store(c, &s);
	if (rc < 0)
		return -1;
	/* A new process's first searches read as `marsad search` does;
	 * --warm stands for a process that goes on searching, whose memory
	 * map of the file pays for itself once most pages are mapped. */
	if (!e->keep_warm)
		marsad_store_search_mode(s);
	/* Costs of the process, not of a search, paid once before the clock
	 * starts, as the peers pay theirs while they index (they then search
	 * a warm index in the same process): the analyzer's word lists (about
	 * 10 ms) and the store's per-connection state, its statements and
	 * the table of article lengths the ranking reads (about 10 ms on
	 * 31k articles). One search does both, for a word of no query
	 * (زمهرير, in one article of SaudiNewsNet), so that no query finds its
	 * pages of the index read already. With --warm, the titles of the
	 * labelled articles that are no query (stories of one article) are
	 * searched too: a store that has been answering searches, whose
	 * pages of the common words are mapped and whose memory is grown. */
	static const char warm[] = "زمهرير";
	marsad_search_opts wo = {.limit = FETCH,
				 .flags = MARSAD_SEARCH_NO_SNIPPET};
	for (size_t i = 0; i <= e->n_warm && rc >= 0; i++) {
		const char *t = i < e->n_warm ? e->warm[i] : warm;
		marsad_hit *wh;
		size_t wn;
		rc = marsad_store_search(s, t, strlen(t), &wo, &wh, &wn);
		if (rc >= 0)
			marsad_hits_free(wh, wn);
	}
	for (size_t i = 0; i < e->n_q && rc >= 0; i++) {
		query *q = &e->q[i];
		marsad_search_opts o = {.limit = FETCH,
					.flags = MARSAD_SEARCH_NO_SNIPPET};
		if (near && strlen(q->date) == 10)
			o.near = q->date;
		marsad_hit *h;
		size_t n;
		struct timespec t0, t1, c0, c1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
		rc = marsad_store_search(s, q->text, strlen(q->text), &o, &h,
					 &n);
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms[i] = ms_between(&t0, &t1);
		cpu[i] = ms_between(&c0, &c1);
		for (size_t k = 0; rc >= 0 && k < n; k++)
			if (add_ranked(q, h[k].url ? h[k].url : h[k].key) < 0)
				rc = MARSAD_ENOMEM;
		if (rc >= 0)
			marsad_hits_free(h, n);
	}
	marsad_store_close(s);
	if (rc < 0) {
		cli_error("eval search", "%s", marsad_strerror(rc));
		return -1;
	}
	return 0;
}

static int write_run(const char *path, const eval *e)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		cli_error(path, "cannot write");
		return -1;
	}
	for (size_t i = 0; i < e->n_q; i++)
		for (size_t k = 0; k < e->q[i].n_ranked; k++)
			fprintf(f, "%s\t%zu\t%s\n", e->q[i].url, k + 1,
				e->q[i].ranked[k]);
	if (fclose(f) != 0) {
		cli_error(path, "cannot write");
		return -1;
	}
	return 0;
}

static void eval_clear(eval *e)
{
	for (size_t i = 0; i < e->n_gold; i++) {
		free(e->gold[i].url);
		free(e->gold[i].story);
	}
	for (size_t i = 0; i < e->n_q; i++) {
		free(e->q[i].url);
		free(e->q[i].date);
		free(e->q[i].text);
		for (size_t k = 0; k < e->q[i].n_ranked; k++)
			free(e->q[i].ranked[k]);
		free(e->q[i].ranked);
	}
	for (size_t i = 0; i < e->n_warm; i++)
		free(e->warm[i]);
	free(e->gold);
	free(e->q);
	free(e->warm);
}

static int usage(void)
{
	fprintf(stderr,
		"usage: marsad [--db FILE] eval search [--json] [--near] "
		"[--warm] [--queries TSV] [--write-run TSV] [GOLD]\n"
		"       marsad eval search --run TSV [--json] [GOLD]\n"
		"       marsad eval search --dump-queries [GOLD]\n");
	return EXIT_USAGE;
}

int eval_search(cli *c, int argc, char **argv)
{
	const char *gold = NULL, *queries = NULL, *run = NULL, *out = NULL;
	int near = 0, dump = 0, warm = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int has_value = i + 1 < argc;
		if (strcmp(a, "--near") == 0)
			near = 1;
		else if (strcmp(a, "--warm") == 0)
			warm = 1;
		else if (strcmp(a, "--dump-queries") == 0)
			dump = 1;
		else if (strcmp(a, "--queries") == 0 && has_value)
			queries = argv[++i];
		else if (strcmp(a, "--run") == 0 && has_value)
			run = argv[++i];
		else if (strcmp(a, "--write-run") == 0 && has_value)
			out = argv[++i];
		else if (a[0] == '-' && a[1])
			return usage();
		else if (!gold)
			gold = a;
		else
			return usage();
	}
	char dflt[4096], articles[4096];
	if (!gold) {
		const char *root = getenv("MARSAD_SHARED");
		snprintf(dflt, sizeof dflt, "%s/eval/stories/set-a-gold.tsv",
			 root && *root ? root : "../shared");
		gold = dflt;
	}
	size_t len = strlen(gold);
	const char *suffix = "-gold.tsv";
	if (len < strlen(suffix) || len >= sizeof articles ||
	    strcmp(gold + len - strlen(suffix), suffix) != 0) {
		cli_error(gold, "a gold file is named NAME-gold.tsv, with "
				"NAME.jsonl beside it");
		return EXIT_USAGE;
	}
	snprintf(articles, sizeof articles, "%.*s.jsonl",
		 (int)(len - strlen(suffix)), gold);

	eval e = {0};
	e.keep_warm = warm;
	int code = EXIT_FAIL;
	double *ms = NULL, *cpu = NULL;
	if (each_line(gold, gold_line, &e) < 0)
		goto done;
	qsort(e.gold, e.n_gold, sizeof *e.gold, by_url);
	if (each_line(articles, article_line, &e) < 0)
		goto done;
	if (queries && each_line(queries, query_line, &e) < 0)
		goto done;
	if (e.n_q == 0) {
		cli_error(gold, "no story with two or more articles");
		goto done;
	}
	if (dump) {
		for (size_t i = 0; i < e.n_q; i++)
			printf("%s\t%s\t%s\n", e.q[i].url, e.q[i].date,
			       e.q[i].text);
		code = EXIT_OK;
		goto done;
	}
	if (run) {
		if (each_line(run, run_line, &e) < 0)
			goto done;
	} else {
		ms = calloc(e.n_q, sizeof *ms);
		cpu = calloc(e.n_q, sizeof *cpu);
		if (!ms || !cpu || search_all(c, &e, near, ms, cpu) < 0)
			goto done;
	}
	if (out && write_run(out, &e) < 0)
		goto done;
	double map = 0;
	for (size_t i = 0; i < e.n_q; i++)
		map += average_precision(&e, &e.q[i]);
	map /= (double)e.n_q;
	double p50 = ms ? percentile(ms, e.n_q, 0.50) : 0;
	double p99 = ms ? percentile(ms, e.n_q, 0.99) : 0;
	double cpu50 = cpu ? percentile(cpu, e.n_q, 0.50) : 0;
	double cpu99 = cpu ? percentile(cpu, e.n_q, 0.99) : 0;
	if (c->json) {
		json_t *o = json_pack("{s:I, s:f}", "queries",
				      (json_int_t)e.n_q, "map", map);
		if (o && ms) {
			json_object_set_new(o, "p50_ms", json_real(p50));
			json_object_set_new(o, "p99_ms", json_real(p99));
			json_object_set_new(o, "cpu_p50_ms", json_real(cpu50));
			json_object_set_new(o, "cpu_p99_ms", json_real(cpu99));
			json_object_set_new(o, "warm_searches",
					    json_integer((json_int_t)e.n_warm));
		}
		code = o ? cli_print_json(o) : EXIT_FAIL;
	} else {
		printf("MAP %.4f over %zu queries (top %d)\n", map, e.n_q,
		       DEPTH);
		if (ms)
			printf("search latency p50 %.2f ms, p99 %.2f ms "
			       "(processor time p50 %.2f ms, p99 %.2f ms), "
			       "after %zu other searches\n",
			       p50, p99, cpu50, cpu99, e.n_warm);
		code = EXIT_OK;
	}
done:
	free(ms);
	free(cpu);
	eval_clear(&e);
	return code;
}
