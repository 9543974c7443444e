/*
 * eval_stem.c — `marsad eval stem`: light-stemmer accuracy against gold
 * segmentations nobody on the project wrote.
 *
 *   marsad eval stem [--json] [--names CONLLU] [--pairs FILE] [GOLD]
 *   marsad eval stem --words [GOLD]
 *
 * GOLD is the QCRI WikiNews segmentation (Farasa's test set; default
 * $MARSAD_SHARED/eval/morph/qcri-wikinews/WikiNews.pos.ref, MARSAD_SHARED
 * defaulting to ../shared): one token per line, "و+ال+تلفزيون<TAB>
 * CONJ+DET+NOUN". Its POS tags are NOUN ADJ V NUM ADV PART PRON PREP CONJ
 * DET FUT_PART NSUFF CASE ABBREV FOREIGN PUNC. The gold stem of a word is
 * what remains after the clitics and affixes:
 *
 *   leading segments tagged CONJ (و ف), PREP (ب ل ك), DET (ال) and
 *   FUT_PART (س) are removed; trailing segments tagged NSUFF (ة ات ون ين
 *   ان), PRON (pronoun and verb-subject endings ه ها هم نا ت وا) and CASE
 *   (tanween alif) are removed. When nothing is left (منه, له: PREP+PRON)
 *   the stem is the preposition; after a conjunction (وهو) it is the
 *   pronoun.
 *
 * A token is scored when its surface (the segments joined; ل+ال is written
 * لل) is Arabic letters only; punctuation, digits and Latin are skipped.
 * It counts as right when stem(normalize(word)) == normalize(gold stem),
 * normalize being marsad_normalize().
 *
 * Names: the gold has no proper-noun tag, so names are scored on UD Arabic
 * PUD (--names, default $MARSAD_SHARED/eval/morph/ud-pud/ar_pud-ud-test.
 * conllu): every word whose syntactic words are one PROPN tagged NNP and
 * optionally clitics before it (و ف ب ل ك). Its gold stem is the name
 * without the clitics and without a leading ال (marsad's convention for
 * names: الكرملين and كرملين meet).
 *
 * Other stemmers are scored by the same code: `--words` lists every word
 * scored (unnormalized, one per line), the other tool writes
 * "word<TAB>stem" lines, and `--pairs FILE` scores those stems instead of
 * marsad_stem()'s (see bench/stem/run.sh).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "marsad/text.h"

#define LINE_MAX_BYTES 4096

/* ---- the stemmer under test --------------------------------------------- */

typedef struct pair {
	char *word, *stem;
} pair;

typedef struct scorer {
	pair *pairs; /* --pairs: sorted by word; NULL: marsad_stem() */
	size_t n_pairs;
	size_t missing; /* words the pairs file did not cover */
	marsad_buf a, b; /* scratch */
	FILE *words;     /* --words: print each scored word here instead */
} scorer;

typedef struct tally {
	size_t tokens, right;
} tally;

static int pair_cmp(const void *x, const void *y)
{
	return strcmp(((const pair *)x)->word, ((const pair *)y)->word);
}

static char *dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

static int load_pairs(scorer *sc, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		cli_error(path, "%s", strerror(errno));
		return -1;
	}
	char line[LINE_MAX_BYTES];
	size_t cap = 0;
	int rc = 0;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = 0;
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		if (sc->n_pairs == cap) {
			cap = cap ? 2 * cap : 4096;
			pair *p = realloc(sc->pairs, cap * sizeof *p);
			if (!p) {
				rc = -1;
				break;
			}
			sc->pairs = p;
		}
		pair *p = &sc->pairs[sc->n_pairs];
		p->word = dup_n(line, (size_t)(tab - line));
		p->stem = dup_n(tab + 1, strlen(tab + 1));
		if (!p->word || !p->stem) {
			free(p->word);
			free(p->stem);
			rc = -1;
			break;
		}
		sc->n_pairs++;
	}
	fclose(f);
	if (rc) {
		cli_error(path, "out of memory");
		return -1;
	}
	if (!sc->pairs) {
		cli_error(path, "no word<TAB>stem lines");
		return -1;
	}
	qsort(sc->pairs, sc->n_pairs, sizeof *sc->pairs, pair_cmp);
	return 0;
}

/* Is s (normalized) made of Arabic-script letters only? */
static int arabic_word(const char *s, size_t len)
{
	if (len == 0 || len % 2)
		return 0;
	for (size_t i = 0; i < len; i += 2) {
		unsigned b0 = (unsigned char)s[i], b1 = (unsigned char)s[i + 1];
		unsigned cp = ((b0 & 0x1Fu) << 6) | (b1 & 0x3Fu);
		if ((b0 & 0xFC) != 0xD8 || (b1 & 0xC0) != 0x80 ||
		    !((cp >= 0x621 && cp <= 0x64A) || (cp >= 0x671 && cp <= 0x6D3)))
			return 0;
	}
	return 1;
}

/*
 * Scores one word (raw surface form) against its gold stem (raw). For a
 * name, a leading ال of the gold goes when three letters remain, as
 * marsad strips it from names. Skips words that are not Arabic letters
 * once normalized. Returns 0 or a MARSAD_E* code.
 */
static int score(scorer *sc, tally *t, const char *word, const char *gold,
		 int name)
{
	marsad_buf_reset(&sc->a);
	int rc = marsad_normalize(word, strlen(word), &sc->a);
	if (rc)
		return rc;
	if (!arabic_word(sc->a.data, sc->a.len))
		return 0;
	if (sc->words) {
		fprintf(sc->words, "%s\n", word);
		return 0;
	}
	t->tokens++;
	char stem[MARSAD_TOKEN_MAX + 1];
	const char *got;
	size_t got_len;
	if (sc->pairs) {
		pair key = {(char *)word, NULL};
		pair *p = bsearch(&key, sc->pairs, sc->n_pairs, sizeof key,
				  pair_cmp);
		if (!p) {
			sc->missing++;
			return 0;
		}
		/* The other tool's stem, compared in marsad's normalization. */
		marsad_buf_reset(&sc->a);
		if ((rc = marsad_normalize(p->stem, strlen(p->stem), &sc->a)))
			return rc;
		got = sc->a.data ? sc->a.data : "";
		got_len = sc->a.len;
	} else {
		if (sc->a.len > MARSAD_TOKEN_MAX)
			return 0;
		got_len = marsad_stem(sc->a.data, sc->a.len, 0, stem, NULL);
		got = stem;
	}
	marsad_buf_reset(&sc->b);
	if ((rc = marsad_normalize(gold, strlen(gold), &sc->b)))
		return rc;
	const char *want = sc->b.data ? sc->b.data : "";
	size_t want_len = sc->b.len;
	if (name && want_len >= 4 + 6 && !memcmp(want, "ال", 4)) {
		want += 4;
		want_len -= 4;
	}
	if (got_len == want_len && memcmp(got, want, got_len) == 0)
		t->right++;
	return 0;
}

/* ---- QCRI WikiNews ---------------------------------------------------------- */

static int is_prefix_tag(const char *t)
{
	return !strcmp(t, "CONJ") || !strcmp(t, "PREP") || !strcmp(t, "DET") ||
	       !strcmp(t, "FUT_PART");
}

static int is_suffix_tag(const char *t)
{
	return !strcmp(t, "NSUFF") || !strcmp(t, "PRON") || !strcmp(t, "CASE");
}

#define SEG_MAX 16

/* Splits s in place at c; returns the number of parts (at most max), or
 * −1 when there are more. */
static int split(char *s, int c, char **part, int max)
{
	int n = 0;
	for (;;) {
		if (n == max)
			return -1;
		part[n++] = s;
		char *e = strchr(s, c);
		if (!e)
			return n;
		*e = 0;
		s = e + 1;
	}
}

static int score_wikinews(scorer *sc, tally *t, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		cli_error(path, "%s", strerror(errno));
		return -1;
	}
	char line[LINE_MAX_BYTES];
	int rc = 0;
	while (!rc && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = 0;
		char *tab = strchr(line, '\t');
		if (!tab || strchr(line, '(')) /* the header, stray lines */
			continue;
		*tab = 0;
		char *seg[SEG_MAX], *tag[SEG_MAX];
		int n = split(line, '+', seg, SEG_MAX);
		if (n <= 0 || split(tab + 1, '+', tag, SEG_MAX) != n)
			continue;
		/* The surface: segments joined; the article's alef is not
		 * written after the preposition ل (ل+ال → لل). */
		char word[LINE_MAX_BYTES] = "", gold[LINE_MAX_BYTES] = "";
		for (int k = 0; k < n; k++) {
			const char *s = seg[k];
			if (k > 0 && !strcmp(seg[k - 1], "ل") &&
			    !strcmp(tag[k], "DET") && !strcmp(s, "ال"))
				s = "ل";
			strcat(word, s);
		}
		int i = 0, j = n - 1;
		while (i < n && is_prefix_tag(tag[i]))
			i++;
		while (j >= i && is_suffix_tag(tag[j]))
			j--;
		if (i > j) {
			int k = i > 0 && !strcmp(tag[i - 1], "PREP") ? i - 1
				: i < n				 ? i
								 : n - 1;
			strcat(gold, seg[k]);
		} else {
			for (int k = i; k <= j; k++)
				strcat(gold, seg[k]);
		}
		rc = score(sc, t, word, gold, 0);
	}
	fclose(f);
	if (rc)
		cli_error(path, "%s", marsad_strerror(rc));
	return rc ? -1 : 0;
}

/* ---- UD Arabic PUD names -------------------------------------------------- */

/* One syntactic word of the current surface word. */
typedef struct udword {
	char form[256];
	int propn;  /* PROPN tagged NNP */
	int clitic; /* a one-letter و ف ب ل ك (CCONJ, ADP, PART) */
} udword;

#define UD_GROUP 8

/* Scores a finished surface word when it is a name with clitics before. */
static int score_group(scorer *sc, tally *t, udword *g, int n)
{
	if (n == 0 || !g[n - 1].propn)
		return 0;
	char word[UD_GROUP * 256] = "";
	for (int k = 0; k < n; k++) {
		if (k < n - 1 && !g[k].clitic)
			return 0;
		strcat(word, g[k].form);
	}
	return score(sc, t, word, g[n - 1].form, 1);
}

static int clitic_form(const char *form, const char *upos)
{
	static const char *const letters[] = {"و", "ف", "ب", "ل", "ك"};
	if (strcmp(upos, "CCONJ") && strcmp(upos, "ADP") && strcmp(upos, "PART"))
		return 0;
	for (size_t i = 0; i < sizeof letters / sizeof *letters; i++)
		if (!strcmp(form, letters[i]))
			return 1;
	return 0;
}

static int score_pud(scorer *sc, tally *t, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		cli_error(path, "%s", strerror(errno));
		return -1;
	}
	char line[LINE_MAX_BYTES];
	udword g[UD_GROUP];
	int n = 0, joined = 0, rc = 0;
	while (!rc && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = 0;
		char *col[10];
		if (line[0] == '#' || split(line, '\t', col, 10) != 10 ||
		    strchr(col[0], '-') || strchr(col[0], '.')) {
			rc = score_group(sc, t, g, n);
			n = joined = 0;
			continue;
		}
		/* A word continues the previous one when that one had
		 * SpaceAfter=No; anything else ends the group first. */
		if (!joined || n == UD_GROUP) {
			rc = score_group(sc, t, g, n);
			n = 0;
		}
		if (rc || strlen(col[1]) >= sizeof g[n].form)
			continue;
		strcpy(g[n].form, col[1]);
		g[n].propn = !strcmp(col[3], "PROPN") && !strcmp(col[4], "NNP");
		g[n].clitic = clitic_form(col[1], col[3]);
		n++;
		joined = strstr(col[9], "SpaceAfter=No") != NULL;
	}
	if (!rc)
		rc = score_group(sc, t, g, n);
	fclose(f);
	if (rc)
		cli_error(path, "%s", marsad_strerror(rc));
	return rc ? -1 : 0;
}

/* ---- the verb ------------------------------------------------------------- */

static const char definition[] =
	"gold stem = segments without leading CONJ/PREP/DET/FUT_PART and "
	"trailing NSUFF/PRON/CASE; right when stem(normalize(word)) == "
	"normalize(gold stem); names: UD PUD PROPN/NNP words, gold = the name "
	"without clitics and leading al-";

int eval_stem(cli *c, int argc, char **argv)
{
	char gold_buf[4096], names_buf[4096];
	const char *gold = NULL, *names = NULL, *pairs = NULL;
	int list_words = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--pairs") && i + 1 < argc) {
			pairs = argv[++i];
		} else if (!strcmp(argv[i], "--names") && i + 1 < argc) {
			names = argv[++i];
		} else if (!strcmp(argv[i], "--words")) {
			list_words = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			cli_error(argv[i], "unknown option (usage: marsad eval "
				  "stem [--json] [--names CONLLU] [--pairs FILE] "
				  "[--words] [GOLD])");
			return EXIT_USAGE;
		} else if (!gold) {
			gold = argv[i];
		} else {
			cli_error(argv[i], "one gold file only");
			return EXIT_USAGE;
		}
	}
	if (!gold)
		gold = cli_shared_path(gold_buf, sizeof gold_buf,
				   "eval/morph/qcri-wikinews/WikiNews.pos.ref");
	if (!names)
		names = cli_shared_path(names_buf, sizeof names_buf,
				    "eval/morph/ud-pud/ar_pud-ud-test.conllu");

	scorer sc = {.a = MARSAD_BUF_INIT, .b = MARSAD_BUF_INIT};
	tally all = {0, 0}, nm = {0, 0};
	int rc = EXIT_FAIL;
	if (list_words)
		sc.words = stdout;
	if (pairs && load_pairs(&sc, pairs))
		goto done;
	if (score_wikinews(&sc, &all, gold) || score_pud(&sc, &nm, names))
		goto done;
	if (list_words) {
		rc = fflush(stdout) ? EXIT_FAIL : EXIT_OK;
		goto done;
	}
	if (all.tokens == 0) {
		cli_error(gold, "no Arabic tokens to score");
		goto done;
	}
	double acc = (double)all.right / (double)all.tokens;
	double nacc = nm.tokens ? (double)nm.right / (double)nm.tokens : 0;
	const char *tool = pairs ? pairs : "marsad";
	if (c->json) {
		json_t *o = json_pack("{s:s, s:s, s:I, s:f, s:s, s:I, s:f, s:s}",
				      "stemmer", tool, "gold", gold, "tokens",
				      (json_int_t)all.tokens, "accuracy", acc,
				      "names_gold", names, "names_tokens",
				      (json_int_t)nm.tokens, "names_accuracy",
				      nacc, "definition", definition);
		if (o && sc.pairs)
			json_object_set_new(o, "missing",
					    json_integer((json_int_t)sc.missing));
		rc = o ? cli_print_json(o) : EXIT_FAIL;
	} else {
		printf("stemmer          %s\n", tool);
		printf("gold             %s\n", gold);
		printf("tokens scored    %zu\n", all.tokens);
		printf("accuracy         %.4f\n", acc);
		printf("names gold       %s\n", names);
		printf("names scored     %zu\n", nm.tokens);
		printf("names accuracy   %.4f\n", nacc);
		if (sc.pairs)
			printf("missing          %zu\n", sc.missing);
		printf("definition       %s\n", definition);
		rc = fflush(stdout) ? EXIT_FAIL : EXIT_OK;
	}
done:
	for (size_t i = 0; i < sc.n_pairs; i++) {
		free(sc.pairs[i].word);
		free(sc.pairs[i].stem);
	}
	free(sc.pairs);
	marsad_buf_clear(&sc.a);
	marsad_buf_clear(&sc.b);
	return rc;
}
