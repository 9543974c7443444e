/*
 * eval_stories.c — `marsad eval stories`: story clustering quality,
 * B-cubed precision, recall and F1 against hand-made story labels.
 *
 *   marsad eval stories [--json] [--gold TSV] [--shuffle SEED]
 *                       [--threshold T] [--write TSV] [--run TSV]
 *                       [--copies TSV] [PATH...]
 *
 * PATHs (default: the two SaudiNewsNet days the labels come from,
 * $MARSAD_SHARED/eval/saudinewsnet/2015-07-2{3,4}.jsonl.gz) are ingested
 * into a store in memory by ingest's own pipeline (cli_ingest: reader,
 * cleaner, article, store, linker as articles are stored, settled and
 * saved), so the figure describes what `marsad ingest` does; the stories
 * are read back from the store. The labelled articles sit among all their
 * real distractors. GOLD is url<TAB>story lines (default $MARSAD_SHARED/
 * eval/stories/set-a-gold.tsv). Articles are matched by url (else key); a
 * url met more than once counts once, by its first article. B-cubed
 * (Bagga & Baldwin 1998): for each labelled article, precision is the
 * share of its predicted story (restricted to labelled articles) that
 * shares its gold story, recall the share of its gold story inside its
 * predicted story; both averaged over the labelled articles.
 *
 * --shuffle SEED ingests the records of the (JSON Lines) inputs in an
 * order shuffled by a fixed-seed generator (order-independence check).
 * --write saves url<TAB>story for every article; --run scores such a file
 * written by another system instead of linking (one scorer for every
 * system). --copies writes every copied passage found as
 * from-url<TAB>to-url<TAB>similarity<TAB>whole<TAB>credit<TAB>from-text
 * <TAB>to-text lines.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "cli.h"
#include "marsad/link.h"
#include "marsad/store.h"

#define LINE_BYTES ((size_t)1 << 20)

typedef struct labelled {
	char *url, *story;
	const char *pred; /* predicted story (a string), NULL = not found */
	char pred_buf[24];
} labelled;

typedef struct run {
	labelled *gold;
	size_t n_gold;
	size_t n_articles, n_rejected;
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

/*
 * The records of the JSON Lines files paths, shuffled, in a new temporary
 * file whose name is written to name (cap bytes); 0 or -1.
 */
static int shuffled(char **paths, int n_paths, uint64_t seed, char *name,
		    size_t cap)
{
	char **line = NULL;
	size_t n = 0, lcap = 0;
	char *buf = malloc(LINE_BYTES);
	int rc = buf ? 0 : -1;
	for (int i = 0; i < n_paths && rc == 0; i++) {
		gzFile f = gzopen(paths[i], "rb");
		if (!f) {
			cli_error(paths[i], "cannot read");
			rc = -1;
			break;
		}
		while (rc == 0 && gzgets(f, buf, (int)LINE_BYTES)) {
			if (n == lcap) {
				lcap = lcap ? lcap * 2 : 1024;
				char **p = realloc(line, lcap * sizeof *p);
				if (!p) {
					rc = -1;
					break;
				}
				line = p;
			}
			if (!(line[n++] = strdup(buf)))
				rc = -1;
		}
		gzclose(f);
	}
	for (size_t i = n; rc == 0 && i > 1; i--) {
		size_t j = (size_t)(next_rand(&seed) % i);
		char *t = line[i - 1];
		line[i - 1] = line[j];
		line[j] = t;
	}
	const char *dir = getenv("TMPDIR");
	snprintf(name, cap, "%s/marsad-shuffled-XXXXXX.jsonl",
		 dir && *dir ? dir : "/tmp");
	int fd = rc == 0 ? mkstemps(name, 6) : -1;
	FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (rc == 0 && !out) {
		cli_error(name, "cannot write");
		rc = -1;
	}
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(line[i]);
		if (out && rc == 0 && (fwrite(line[i], 1, len, out) != len ||
				       (len && line[i][len - 1] != '\n' &&
					fputc('\n', out) == EOF)))
			rc = -1;
		free(line[i]);
	}
	if (out && fclose(out) != 0)
		rc = -1;
	free(line);
	free(buf);
	if (rc && fd >= 0)
		unlink(name);
	return rc;
}

/* The predicted story of every labelled article, from the store; with
 * write, url<TAB>story of every article too. */
static int predictions(run *r, sqlite3 *db, const char *write)
{
	sqlite3_stmt *st;
	FILE *wf = write ? fopen(write, "w") : NULL;
	if (write && !wf) {
		cli_error(write, "cannot write");
		return -1;
	}
	int rc = sqlite3_prepare_v2(db,
		"SELECT coalesce(a.url, a.key),"
		" (SELECT MIN(story_id) FROM story_articles s"
		"  WHERE s.article_id = a.id) FROM articles a ORDER BY a.id",
		-1, &st, NULL);
	while (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		const char *url = (const char *)sqlite3_column_text(st, 0);
		long long story = sqlite3_column_int64(st, 1);
		if (wf)
			fprintf(wf, "%s\t%lld\n", url, story);
		labelled *g = find_gold(r, url);
		if (g && !g->pred) {
			snprintf(g->pred_buf, sizeof g->pred_buf, "%lld", story);
			g->pred = g->pred_buf;
		}
	}
	sqlite3_finalize(st);
	if (wf && fclose(wf) != 0)
		rc = SQLITE_IOERR;
	return rc == SQLITE_OK ? 0 : -1;
}

static void write_text(FILE *f, const unsigned char *s, int n, sqlite3_int64 a,
		       sqlite3_int64 b)
{
	for (sqlite3_int64 i = a; s && i < b && i < n; i++)
		fputc(s[i] == '\t' || s[i] == '\n' ? ' ' : s[i], f);
}

static int write_copies(sqlite3 *db, const char *path)
{
	FILE *f = fopen(path, "w");
	sqlite3_stmt *st;
	if (!f)
		return -1;
	int rc = sqlite3_prepare_v2(db,
		"SELECT coalesce(fa.url, fa.key), coalesce(ta.url, ta.key),"
		" c.similarity, coalesce(n.whole, 0), coalesce(n.credit, ''),"
		" fa.text, c.from_start, c.from_end, ta.text, c.to_start, c.to_end"
		" FROM copies c JOIN articles fa ON fa.id = c.from_id"
		" JOIN articles ta ON ta.id = c.to_id"
		" LEFT JOIN link_copy_notes n ON n.copy_id = c.rowid"
		" ORDER BY c.rowid", -1, &st, NULL);
	while (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		fprintf(f, "%s\t%s\t%.3f\t%d\t%s\t",
			sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
			sqlite3_column_double(st, 2), sqlite3_column_int(st, 3),
			sqlite3_column_text(st, 4));
		write_text(f, sqlite3_column_text(st, 5),
			   sqlite3_column_bytes(st, 5),
			   sqlite3_column_int64(st, 6), sqlite3_column_int64(st, 7));
		fputc('\t', f);
		write_text(f, sqlite3_column_text(st, 8),
			   sqlite3_column_bytes(st, 8),
			   sqlite3_column_int64(st, 9), sqlite3_column_int64(st, 10));
		fputc('\n', f);
	}
	sqlite3_finalize(st);
	return fclose(f) == 0 && rc == SQLITE_OK ? 0 : -1;
}

/* Counts of what linking saved. */
static void tally(sqlite3 *db, size_t out[4])
{
	sqlite3_stmt *st;
	out[0] = out[1] = out[2] = out[3] = 0;
	if (sqlite3_prepare_v2(db,
		"SELECT (SELECT count(*) FROM stories),"
		" (SELECT count(DISTINCT topic_id) FROM stories),"
		" (SELECT count(*) FROM copies),"
		" (SELECT count(*) FROM link_copy_notes WHERE whole = 1)",
		-1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		for (int i = 0; i < 4; i++)
			out[i] = (size_t)sqlite3_column_int64(st, i);
	sqlite3_finalize(st);
}

int eval_stories(cli *c, int argc, char **argv)
{
	char gold_buf[1024], d1[1024], d2[1024], tmp[1024] = "";
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
	size_t n_saved[4] = {0}; /* stories, topics, copies, near-dups */
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
		marsad_store *s = NULL;
		cli_ingest_opts io;
		cli_ingest_opts_init(&io);
		io.link_opts = &o;
		io.summarize = 0; /* stories are scored, not summaries */
		io.progress = 0;
		cli_ingest_counts n;
		marsad_linker *check;
		if (marsad_linker_new(&o, &check) < 0) {
			cli_error("eval stories", "bad option");
			status = EXIT_USAGE;
		}
		marsad_linker_free(check);
		if (status == EXIT_OK && shuffle &&
		    shuffled(paths, n_paths, seed, tmp, sizeof tmp) < 0) {
			cli_error("eval stories", "cannot shuffle the input");
			status = EXIT_FAIL;
		}
		char *one[1] = {tmp};
		if (status == EXIT_OK && marsad_store_open(":memory:", &s) < 0) {
			cli_error("eval stories", "cannot open a store");
			status = EXIT_FAIL;
		}
		if (status == EXIT_OK &&
		    cli_ingest(s, shuffle ? one : paths, shuffle ? 1 : n_paths,
			       &io, &n) < 0)
			status = EXIT_FAIL;
		if (tmp[0])
			unlink(tmp);
		sqlite3 *db = s ? marsad_store_db(s) : NULL;
		if (status == EXIT_OK) {
			r.n_articles = n.added + n.updated + n.unchanged;
			r.n_rejected = n.rejected;
			tally(db, n_saved);
			if (predictions(&r, db, write) < 0) {
				cli_error("eval stories", "cannot read the stories");
				status = EXIT_FAIL;
			}
		}
		if (status == EXIT_OK && copies && write_copies(db, copies) < 0) {
			cli_error(copies, "cannot write");
			status = EXIT_FAIL;
		}
		marsad_store_close(s);
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
				"articles", (json_int_t)r.n_articles,
				"rejected", (json_int_t)r.n_rejected,
				"stories", (json_int_t)n_saved[0],
				"topics", (json_int_t)n_saved[1],
				"copies", (json_int_t)n_saved[2],
				"near_duplicates", (json_int_t)n_saved[3],
				"seconds", secs));
		} else {
			printf("B-cubed over %zu of %zu labelled articles: "
			       "precision %.4f recall %.4f F1 %.4f\n",
			       scored, r.n_gold, p, rec, f1);
			if (!run_file)
				printf("%zu articles (%zu rejected), %zu stories, "
				       "%zu topics, %zu copied passages "
				       "(%zu near-duplicate), %.1f s CPU\n",
				       r.n_articles, r.n_rejected, n_saved[0],
				       n_saved[1], n_saved[2], n_saved[3], secs);
		}
	}
	free_tsv(r.gold, r.n_gold);
	free_tsv(pred, n_pred);
	return status;
}
