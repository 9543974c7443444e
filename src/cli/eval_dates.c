/*
 * eval_dates.c — `marsad eval dates`: date-span recall and precision
 * against the Wojood sample, nested NER gold nobody on the project wrote.
 *
 *   marsad eval dates [--json] [--misses] [DIR]
 *
 * DIR holds train.txt, val.txt and test.txt (default
 * $MARSAD_SHARED/eval/ner/wojood-sample, MARSAD_SHARED defaulting to
 * ../shared): "token TAG [TAG…]" per line, a blank line between sentences,
 * one tag column per nesting level. A gold DATE span is a B-DATE tag
 * followed by I-DATE tags in the same column, in any column. Each
 * sentence's text is its tokens joined by one space; marsad_dates_extract()
 * runs on it without a publication date. A gold span is found when an
 * extracted span overlaps it, and exactly found when one has its very
 * bytes; an extracted span is correct when it overlaps a gold span.
 * --misses lists the gold spans not found and the extracted spans not
 * correct, one per line, with their sentence.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "marsad/extract.h"

#define LINE_MAX_BYTES 4096

typedef struct span {
	size_t start, end;
} span;

typedef struct tally {
	size_t sentences, gold, found, exact, predicted, correct;
} tally;

/* Tag columns read per token; Wojood nests at most a few levels. */
#define MAX_COLS 8

/* One sentence being read: its text and its tokens' tags. */
typedef struct sentence {
	marsad_buf text;
	span *tok;        /* byte span of each token in text */
	char **tags;      /* tags[t * MAX_COLS + c]: tag c of token t, or NULL */
	size_t n, cap;
	span *gold;
	size_t n_gold;
} sentence;

static void sentence_reset(sentence *s)
{
	for (size_t i = 0; i < s->n * MAX_COLS; i++)
		free(s->tags[i]);
	marsad_buf_reset(&s->text);
	s->n = 0;
	s->n_gold = 0;
}

static void sentence_clear(sentence *s)
{
	sentence_reset(s);
	marsad_buf_clear(&s->text);
	free(s->tok);
	free(s->tags);
	free(s->gold);
}

/* Adds "token TAG TAG…"; returns -1 when out of memory. */
static int sentence_add(sentence *s, char *line)
{
	char *save = NULL;
	char *tok = strtok_r(line, " \t", &save);
	if (!tok)
		return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		span *t = realloc(s->tok, cap * sizeof *t);
		if (!t)
			return -1;
		s->tok = t;
		char **g = realloc(s->tags, cap * MAX_COLS * sizeof *g);
		if (!g)
			return -1;
		s->tags = g;
		s->cap = cap;
	}
	if (s->text.len && marsad_buf_putc(&s->text, ' '))
		return -1;
	s->tok[s->n].start = s->text.len;
	if (marsad_buf_append(&s->text, tok, strlen(tok)))
		return -1;
	s->tok[s->n].end = s->text.len;
	char **tags = s->tags + s->n * MAX_COLS;
	memset(tags, 0, MAX_COLS * sizeof *tags);
	char *t;
	for (size_t c = 0; c < MAX_COLS && (t = strtok_r(NULL, " \t", &save));
	     c++)
		if (!(tags[c] = strdup(t)))
			return -1;
	s->n++;
	return 0;
}

static int tag_is(const char *tag, const char *want)
{
	return tag && strcmp(tag, want) == 0;
}

/* Collects the gold DATE spans of every column, without duplicates. */
static int sentence_gold(sentence *s)
{
	free(s->gold);
	s->gold = malloc((s->n ? s->n : 1) * MAX_COLS * sizeof *s->gold);
	if (!s->gold)
		return -1;
	s->n_gold = 0;
	for (size_t c = 0; c < MAX_COLS; c++) {
		for (size_t i = 0; i < s->n; i++) {
			if (!tag_is(s->tags[i * MAX_COLS + c], "B-DATE"))
				continue;
			size_t j = i + 1;
			while (j < s->n &&
			       tag_is(s->tags[j * MAX_COLS + c], "I-DATE"))
				j++;
			span g = {s->tok[i].start, s->tok[j - 1].end};
			int dup = 0;
			for (size_t k = 0; k < s->n_gold; k++)
				dup |= s->gold[k].start == g.start &&
				       s->gold[k].end == g.end;
			if (!dup)
				s->gold[s->n_gold++] = g;
			i = j - 1;
		}
	}
	return 0;
}

static int overlaps(span a, size_t start, size_t end)
{
	return a.start < end && start < a.end;
}

static void show(const char *what, const char *split, const sentence *s,
		 size_t start, size_t end)
{
	printf("%s\t%s\t%.*s\t%.*s\n", what, split, (int)(end - start),
	       s->text.data + start, (int)s->text.len, s->text.data);
}

static int score_sentence(sentence *s, tally *t, const char *split,
			  int misses)
{
	if (s->n == 0)
		return 0;
	if (sentence_gold(s))
		return -1;
	marsad_date *d;
	size_t nd;
	int rc = marsad_dates_extract(s->text.data, s->text.len, NULL, &d, &nd);
	if (rc) {
		cli_error("dates", "%s", marsad_strerror(rc));
		return -1;
	}
	t->sentences++;
	t->gold += s->n_gold;
	t->predicted += nd;
	for (size_t g = 0; g < s->n_gold; g++) {
		int found = 0, exact = 0;
		for (size_t k = 0; k < nd; k++) {
			found |= overlaps(s->gold[g], d[k].start, d[k].end);
			exact |= s->gold[g].start == d[k].start &&
				 s->gold[g].end == d[k].end;
		}
		t->found += found;
		t->exact += exact;
		if (!found && misses)
			show("miss", split, s, s->gold[g].start, s->gold[g].end);
	}
	for (size_t k = 0; k < nd; k++) {
		int ok = 0;
		for (size_t g = 0; g < s->n_gold; g++)
			ok |= overlaps(s->gold[g], d[k].start, d[k].end);
		t->correct += ok;
		if (!ok && misses)
			show("extra", split, s, d[k].start, d[k].end);
	}
	free(d);
	return 0;
}

static int score_file(const char *path, tally *t, const char *split,
		      int misses)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		cli_error(path, "%s", strerror(errno));
		return -1;
	}
	sentence s = {.text = MARSAD_BUF_INIT};
	char line[LINE_MAX_BYTES];
	int rc = 0;
	while (rc == 0 && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = 0;
		if (line[strspn(line, " \t")] == 0) {
			rc = score_sentence(&s, t, split, misses);
			sentence_reset(&s);
		} else {
			rc = sentence_add(&s, line);
		}
	}
	if (rc == 0)
		rc = score_sentence(&s, t, split, misses);
	sentence_clear(&s);
	fclose(f);
	if (rc)
		cli_error(path, "cannot score");
	return rc;
}

static double ratio(size_t a, size_t b)
{
	return b ? (double)a / (double)b : 0.0;
}

static json_t *tally_json(const char *name, const tally *t)
{
	return json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:f, s:f}",
			 "split", name, "sentences", (json_int_t)t->sentences,
			 "gold", (json_int_t)t->gold, "found",
			 (json_int_t)t->found, "exact", (json_int_t)t->exact,
			 "predicted", (json_int_t)t->predicted, "correct",
			 (json_int_t)t->correct, "recall",
			 ratio(t->found, t->gold), "exact_recall",
			 ratio(t->exact, t->gold), "precision",
			 ratio(t->correct, t->predicted));
}

static void tally_print(const char *name, const tally *t)
{
	printf("%-6s %9zu %6zu %6.4f %12.4f %9zu %9.4f\n", name, t->sentences,
	       t->gold, ratio(t->found, t->gold), ratio(t->exact, t->gold),
	       t->predicted, ratio(t->correct, t->predicted));
}

static const char definition[] =
	"gold = B-DATE I-DATE* runs in any tag column; text = tokens joined "
	"by spaces, no publication date; recall: a gold span overlapped by an "
	"extracted span; exact: same bytes; precision: extracted spans "
	"overlapping a gold span";

int eval_dates(cli *c, int argc, char **argv)
{
	const char *dir = NULL;
	int misses = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--misses")) {
			misses = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			cli_error(argv[i], "unknown option (usage: marsad eval "
				  "dates [--json] [--misses] [DIR])");
			return EXIT_USAGE;
		} else if (!dir) {
			dir = argv[i];
		} else {
			cli_error(argv[i], "one gold directory only");
			return EXIT_USAGE;
		}
	}
	char dir_buf[4096];
	if (!dir) {
		dir = cli_shared_path(dir_buf, sizeof dir_buf,
				      "eval/ner/wojood-sample");
	}
	static const char *const splits[] = {"train", "val", "test"};
	tally t[3] = {{0}}, all = {0};
	for (int k = 0; k < 3; k++) {
		char path[4200];
		snprintf(path, sizeof path, "%s/%s.txt", dir, splits[k]);
		if (score_file(path, &t[k], splits[k], misses))
			return EXIT_FAIL;
		all.sentences += t[k].sentences;
		all.gold += t[k].gold;
		all.found += t[k].found;
		all.exact += t[k].exact;
		all.predicted += t[k].predicted;
		all.correct += t[k].correct;
	}
	if (misses)
		return fflush(stdout) ? EXIT_FAIL : EXIT_OK;
	if (c->json) {
		json_t *arr = json_array();
		for (int k = 0; k < 3 && arr; k++)
			json_array_append_new(arr, tally_json(splits[k], &t[k]));
		json_t *o = json_pack("{s:s, s:o, s:o, s:s}", "gold", dir,
				      "splits", arr, "all",
				      tally_json("all", &all), "definition",
				      definition);
		return o ? cli_print_json(o) : EXIT_FAIL;
	}
	printf("gold   %s\n", dir);
	printf("split  sentences   gold recall exact_recall predicted precision\n");
	for (int k = 0; k < 3; k++)
		tally_print(splits[k], &t[k]);
	tally_print("all", &all);
	printf("definition: %s\n", definition);
	return fflush(stdout) ? EXIT_FAIL : EXIT_OK;
}
