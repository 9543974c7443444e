/*
 * eval_names.c — `marsad eval names`: does marsad_name_same() join two
 * Arabic spellings of one foreign name and keep different names apart?
 *
 *   marsad eval names [--json] [--split 20|80] [--sweep] [--misses]
 *
 * Gold nobody on the project wrote, under $MARSAD_SHARED/eval/names/
 * (MARSAD_SHARED defaulting to ../shared):
 *  - wikidata/wd_arabic_SPLIT ("english<TAB>letters spaced<TAB>count"):
 *    same pairs are the Arabic spellings of English tokens that sound
 *    alike (one key after folding accents and case, ph→f, ck c q→k, w→v,
 *    z→s, y→i, doubled letters single: sergei/sergey, dmitri/dmitry);
 *  - anetac/en-ar-named-entities.txt ("CLASS English Arabic"): a PERSON
 *    token also in the Wikidata split with another Arabic spelling gives a
 *    same pair (evaluation only: that corpus states no licence);
 *  - different pairs: DIFFERENT_PAIRS pairs of Wikidata spellings whose
 *    English keys differ, drawn with a fixed seed among pairs that begin
 *    with the same Arabic letter and differ in length by at most one
 *    letter — the pairs a blocking key would put side by side.
 *  - blocked different pairs (with ANETAC): person spellings with the
 *    same Arabic consonants, so the entity index compares them, but
 *    whose English spellings have different consonants
 *    (blocked_different()): the set "anetac-blocked" scores the ANETAC
 *    same pairs against them.
 * Precision is taken with as many different pairs as same pairs. The
 * matching weights were learned from wd_arabic_80: score on --split 20.
 * --sweep prints the figures at other distance thresholds (the library's
 * threshold is 0.25); --misses lists the pairs judged wrongly.
 *
 * Also the Latin spellings marsad gives names (marsad_name_latin()): of
 * every distinct Arabic spelling of an ANETAC person token, the share
 * whose Latin spelling is one of its English tokens, letter for letter
 * (exact) or by the sound-alike key above.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "marsad/entity.h"

#define DIFFERENT_PAIRS 5000
#define LINE_BYTES 1024

typedef struct row {
	char *en_key; /* the English sound-alike key */
	char *en;     /* the English token */
	char *ar;     /* the Arabic spelling, letters joined */
} row;

typedef struct rows {
	row *v;
	size_t n, cap;
} rows;

typedef struct pair {
	const char *a, *b;
	double d; /* marsad_name_distance() */
	int same_judged;
} pair;

typedef struct pairs {
	pair *v;
	size_t n, cap;
} pairs;

/* Lower-case ASCII letters of the English token, accents dropped (UTF-8
 * bytes of accented letters are skipped, so kösen → ksen: the same for
 * both spellings of one token): a spelling compared letter for letter. */
static void english_letters(const char *e, char *out, size_t cap)
{
	size_t k = 0;
	for (; *e && k + 1 < cap; e++) {
		char ch = *e;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (ch >= 'a' && ch <= 'z')
			out[k++] = ch;
	}
	out[k] = 0;
}

/* The sound-alike key of the English token: its letters (above), ph → f,
 * ck c q → k, w → v, z → s, y → i, doubled letters single. */
static void english_key(const char *e, char *out, size_t cap)
{
	char tmp[LINE_BYTES];
	english_letters(e, tmp, sizeof tmp);
	size_t n = strlen(tmp);
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < cap; i++) {
		char c = tmp[i];
		if (c == 'p' && tmp[i + 1] == 'h') {
			c = 'f';
			i++;
		} else if (c == 'c' && tmp[i + 1] == 'k') {
			c = 'k';
			i++;
		} else if (c == 'c' || c == 'q') {
			c = 'k';
		} else if (c == 'w') {
			c = 'v';
		} else if (c == 'z') {
			c = 's';
		} else if (c == 'y') {
			c = 'i';
		}
		if (k && out[k - 1] == c)
			continue;
		out[k++] = c;
	}
	out[k] = 0;
}

static int rows_push(rows *r, const char *en, const char *ar)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 1024;
		row *v = realloc(r->v, cap * sizeof *v);
		if (!v)
			return -1;
		r->v = v;
		r->cap = cap;
	}
	char key[LINE_BYTES];
	english_key(en, key, sizeof key);
	row *x = &r->v[r->n];
	x->en_key = strdup(key);
	x->en = strdup(en);
	x->ar = strdup(ar);
	if (!x->en_key || !x->en || !x->ar) {
		free(x->en_key);
		free(x->en);
		free(x->ar);
		return -1;
	}
	r->n++;
	return 0;
}

static void rows_clear(rows *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].en_key);
		free(r->v[i].en);
		free(r->v[i].ar);
	}
	free(r->v);
}

static int pairs_push(pairs *p, const char *a, const char *b)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 1024;
		pair *v = realloc(p->v, cap * sizeof *v);
		if (!v)
			return -1;
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n++] = (pair){a, b, 0, 0};
	return 0;
}

/* Reads a Wikidata split: english, spaced letters, count. */
static int read_wikidata(const char *path, rows *r)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		cli_error(path, "cannot open");
		return -1;
	}
	char line[LINE_BYTES], ar[LINE_BYTES];
	while (fgets(line, sizeof line, f)) {
		char *t1 = strchr(line, '\t');
		char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t2)
			continue;
		*t1 = *t2 = 0;
		size_t n = 0;
		for (const char *p = t1 + 1; *p && n + 1 < sizeof ar; p++)
			if (*p != ' ')
				ar[n++] = *p;
		ar[n] = 0;
		if (rows_push(r, line, ar)) {
			fclose(f);
			cli_error(path, "out of memory");
			return -1;
		}
	}
	fclose(f);
	return 0;
}

/* Reads the PERSON rows of ANETAC: "PERSON English Arabic". */
static int read_anetac(const char *path, rows *r)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return 1; /* optional */
	char line[LINE_BYTES];
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = 0;
		char *cls = strtok(line, " ");
		char *en = strtok(NULL, " ");
		char *ar = strtok(NULL, " ");
		if (!cls || !en || !ar || strtok(NULL, " ") ||
		    strcmp(cls, "PERSON") != 0)
			continue;
		if (rows_push(r, en, ar)) {
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(((const row *)a)->en_key, ((const row *)b)->en_key);
}

/* Same pairs within the split: rows sharing an English key. */
static int same_within(rows *wd, pairs *out)
{
	qsort(wd->v, wd->n, sizeof *wd->v, cmp_key);
	for (size_t i = 0; i < wd->n;) {
		size_t j = i;
		while (j < wd->n && strcmp(wd->v[j].en_key, wd->v[i].en_key) == 0)
			j++;
		for (size_t a = i; a < j; a++)
			for (size_t b = a + 1; b < j; b++)
				if (strlen(wd->v[a].en_key) >= 4 &&
				    strcmp(wd->v[a].ar, wd->v[b].ar) != 0 &&
				    pairs_push(out, wd->v[a].ar, wd->v[b].ar))
					return -1;
		i = j;
	}
	return 0;
}

/* Same pairs across corpora: one English token, two Arabic spellings. */
static int same_across(const rows *wd, rows *an, pairs *out)
{
	qsort(an->v, an->n, sizeof *an->v, cmp_key);
	for (size_t i = 0; i < wd->n; i++) {
		row key = {wd->v[i].en_key, NULL, NULL};
		row *hit = bsearch(&key, an->v, an->n, sizeof *an->v, cmp_key);
		if (!hit)
			continue;
		while (hit > an->v && strcmp(hit[-1].en_key, key.en_key) == 0)
			hit--;
		for (; hit < an->v + an->n && strcmp(hit->en_key, key.en_key) == 0;
		     hit++)
			if (strcasecmp(hit->en, wd->v[i].en) == 0 &&
			    strcmp(hit->ar, wd->v[i].ar) != 0 &&
			    pairs_push(out, wd->v[i].ar, hit->ar))
				return -1;
	}
	return 0;
}

/* The first two bytes of a UTF-8 Arabic letter, for "same first letter". */
static int same_first(const char *a, const char *b)
{
	return a[0] == b[0] && a[0] && a[1] == b[1];
}

static size_t letters(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The consonants of an English sound-alike key (vowels a e i o u
 * dropped, repeats single): Mohammed and Muhammad, Hussein and Hussain
 * share it, so two spellings with different consonants are surely two
 * names, whatever way each was romanized. */
static void english_consonants(const char *key, char *out, size_t cap)
{
	size_t k = 0;
	for (; *key && k + 1 < cap; key++)
		if (!strchr("aeiou", *key) && (!k || out[k - 1] != *key))
			out[k++] = *key;
	out[k] = 0;
}

/* The consonants of an Arabic spelling: its letters but the vowel
 * letters, hamza seats and ta marbuta (ا أ إ آ ى و ي ء ؤ ئ ة), after a
 * leading article ال; the eval's own key, so that the pairs do not move
 * when the library's blocking does. 0 when nothing is left or it does not
 * fit. */
static int arabic_consonants(const char *ar, char *out, size_t cap)
{
	static const char *const vowels[] = {"ا", "أ", "إ", "آ", "ى", "و",
					     "ي", "ء", "ؤ", "ئ", "ة"};
	if (strncmp(ar, "ال", 4) == 0 && letters(ar) >= 5)
		ar += 4;
	size_t k = 0;
	while (*ar) {
		size_t len = 1;
		while ((ar[len] & 0xC0) == 0x80)
			len++;
		int vowel = 0;
		for (size_t i = 0; i < sizeof vowels / sizeof *vowels; i++)
			if (strlen(vowels[i]) == len &&
			    memcmp(ar, vowels[i], len) == 0)
				vowel = 1;
		if (!vowel) {
			if (k + len + 1 > cap)
				return 0;
			memcpy(out + k, ar, len);
			k += len;
		}
		ar += len;
	}
	out[k] = 0;
	return k > 0;
}

typedef struct keyed {
	const char *ar;
	char skel[64];       /* arabic_consonants() */
	char consonants[64]; /* english_consonants() of its English */
} keyed;

static int by_skeleton(const void *x, const void *y)
{
	const keyed *a = x, *b = y;
	int c = strcmp(a->skel, b->skel);
	return c ? c : strcmp(a->ar, b->ar);
}

/* Whether two spellings (runs of keyed rows of one Arabic spelling each)
 * share no English consonants: two names. */
static int no_common_english(const keyed *a, size_t na, const keyed *b,
			     size_t nb)
{
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if (strcmp(a[i].consonants, b[j].consonants) == 0)
				return 0;
	return 1;
}

/*
 * Blocked different pairs: ANETAC person spellings with the same
 * consonants (سعد/أسعد, مالك/المالكي, عمر/عامر), which the entity index
 * puts side by side,
 * but whose English spellings have different consonants. These are the
 * pairs that chain two people into one entity when they match; DIFFERENT_
 * PAIRS of them are taken, evenly spread over all there are.
 */
static int blocked_different(const rows *an, pairs *out)
{
	keyed *k = malloc((an->n ? an->n : 1) * sizeof *k);
	if (!k)
		return -1;
	size_t n = 0;
	for (size_t i = 0; i < an->n; i++) {
		if (!arabic_consonants(an->v[i].ar, k[n].skel, sizeof k->skel))
			continue;
		k[n].ar = an->v[i].ar;
		english_consonants(an->v[i].en_key, k[n].consonants,
				   sizeof k->consonants);
		n++;
	}
	qsort(k, n, sizeof *k, by_skeleton);
	pairs all = {0};
	int rc = 0;
	for (size_t i = 0; i < n && !rc;) {
		size_t j = i;
		while (j < n && strcmp(k[j].skel, k[i].skel) == 0)
			j++;
		/* runs of one Arabic spelling within the key's group */
		for (size_t a = i; a < j && !rc;) {
			size_t a2 = a;
			while (a2 < j && strcmp(k[a2].ar, k[a].ar) == 0)
				a2++;
			for (size_t c = a2; c < j && !rc;) {
				size_t c2 = c;
				while (c2 < j && strcmp(k[c2].ar, k[c].ar) == 0)
					c2++;
				if (no_common_english(&k[a], a2 - a, &k[c], c2 - c))
					rc = pairs_push(&all, k[a].ar, k[c].ar);
				c = c2;
			}
			a = a2;
		}
		i = j;
	}
	size_t step = all.n > DIFFERENT_PAIRS ? all.n / DIFFERENT_PAIRS : 1;
	for (size_t i = 0; !rc && i < all.n && out->n < DIFFERENT_PAIRS; i += step)
		rc = pairs_push(out, all.v[i].a, all.v[i].b);
	free(all.v);
	free(k);
	return rc;
}

static int different(const rows *wd, pairs *out)
{
	uint64_t x = 0x9E3779B97F4A7C15ull; /* fixed seed */
	size_t tries = 0;
	while (out->n < DIFFERENT_PAIRS && tries++ < 200u * DIFFERENT_PAIRS &&
	       wd->n > 1) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		const row *a = &wd->v[x % wd->n];
		const row *b = &wd->v[(x >> 32) % wd->n];
		size_t la = letters(a->ar), lb = letters(b->ar);
		if (strcmp(a->en_key, b->en_key) == 0 || !same_first(a->ar, b->ar) ||
		    strcmp(a->ar, b->ar) == 0 || la > lb + 1 || lb > la + 1)
			continue;
		if (pairs_push(out, a->ar, b->ar))
			return -1;
	}
	return 0;
}

static void judge(pairs *p)
{
	for (size_t i = 0; i < p->n; i++) {
		pair *x = &p->v[i];
		size_t la = strlen(x->a), lb = strlen(x->b);
		x->d = marsad_name_distance(x->a, la, x->b, lb);
		x->same_judged = marsad_name_same(x->a, la, x->b, lb);
	}
}

typedef struct score {
	size_t same, found, diff, wrong;
	double recall, fp_rate, precision, f1;
} score;

/* Scores at the library's own judgement (threshold < 0) or at a distance
 * threshold. Precision weighs the false-match rate as if there were as
 * many different pairs as same pairs. */
static score tally(const pairs *same, const pairs *diff, double threshold)
{
	score s = {same->n, 0, diff->n, 0, 0, 0, 0, 0};
	for (size_t i = 0; i < same->n; i++)
		s.found += threshold < 0 ? same->v[i].same_judged
					 : same->v[i].d <= threshold;
	for (size_t i = 0; i < diff->n; i++)
		s.wrong += threshold < 0 ? diff->v[i].same_judged
					 : diff->v[i].d <= threshold;
	s.recall = s.same ? (double)s.found / (double)s.same : 0;
	s.fp_rate = s.diff ? (double)s.wrong / (double)s.diff : 0;
	s.precision = s.recall + s.fp_rate > 0
			      ? s.recall / (s.recall + s.fp_rate) : 0;
	s.f1 = s.precision + s.recall > 0
		       ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
	return s;
}

static json_t *score_json(const char *name, score s)
{
	return json_pack("{s:s, s:I, s:I, s:I, s:I, s:f, s:f, s:f, s:f}", "set",
			 name, "same_pairs", (json_int_t)s.same, "matched",
			 (json_int_t)s.found, "different_pairs",
			 (json_int_t)s.diff, "wrongly_matched",
			 (json_int_t)s.wrong, "recall", s.recall,
			 "false_match_rate", s.fp_rate, "precision", s.precision,
			 "f1", s.f1);
}

static void score_print(const char *name, score s)
{
	printf("%-22s same %5zu matched %5zu  recall %.3f  precision %.3f  "
	       "F1 %.3f  (different %zu, wrongly matched %zu)\n",
	       name, s.same, s.found, s.recall, s.precision, s.f1, s.diff,
	       s.wrong);
}

static void misses(const char *name, const pairs *p, int want_same)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].same_judged != want_same)
			printf("%s\t%s\t%s\t%.3f\n", name, p->v[i].a, p->v[i].b,
			       p->v[i].d);
}

static int by_arabic(const void *a, const void *b)
{
	return strcmp(((const row *)a)->ar, ((const row *)b)->ar);
}

/* How often marsad_name_latin() gives an ANETAC person token's English:
 * each distinct Arabic spelling is right when its Latin spelling is one of
 * the English tokens written so, letter for letter (exact) or by
 * english_key (sound-alike). Sorts an. */
typedef struct latin_score {
	size_t spellings, exact, soundalike;
} latin_score;

static int score_latin(rows *an, latin_score *out)
{
	memset(out, 0, sizeof *out);
	qsort(an->v, an->n, sizeof *an->v, by_arabic);
	marsad_buf b = MARSAD_BUF_INIT;
	for (size_t i = 0, j; i < an->n; i = j) {
		for (j = i + 1; j < an->n && strcmp(an->v[j].ar, an->v[i].ar) == 0;)
			j++;
		b.len = 0;
		if (marsad_name_latin(an->v[i].ar, strlen(an->v[i].ar), &b) < 0) {
			marsad_buf_clear(&b);
			return -1;
		}
		char got[LINE_BYTES], got_key[LINE_BYTES], want[LINE_BYTES];
		english_letters(b.data ? b.data : "", got, sizeof got);
		english_key(b.data ? b.data : "", got_key, sizeof got_key);
		int exact = 0, alike = 0;
		for (size_t k = i; k < j; k++) {
			english_letters(an->v[k].en, want, sizeof want);
			exact |= strcmp(got, want) == 0;
			alike |= strcmp(got_key, an->v[k].en_key) == 0;
		}
		out->spellings++;
		out->exact += exact;
		out->soundalike += alike;
	}
	marsad_buf_clear(&b);
	return 0;
}

static double share(size_t k, size_t n)
{
	return n ? (double)k / (double)n : 0;
}

int eval_names(cli *c, int argc, char **argv)
{
	const char *split = "20";
	int sweep = 0, show_misses = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--split") == 0 && i + 1 < argc &&
		    (strcmp(argv[i + 1], "20") == 0 ||
		     strcmp(argv[i + 1], "80") == 0)) {
			split = argv[++i];
		} else if (strcmp(argv[i], "--sweep") == 0) {
			sweep = 1;
		} else if (strcmp(argv[i], "--misses") == 0) {
			show_misses = 1;
		} else {
			cli_error(argv[i], "usage: marsad eval names [--json] "
					   "[--split 20|80] [--sweep] [--misses]");
			return EXIT_USAGE;
		}
	}
	char path[4096], rel[128];
	snprintf(rel, sizeof rel, "eval/names/wikidata/wd_arabic_%s", split);
	rows wd = {0}, an = {0};
	pairs within = {0}, across = {0}, diff = {0}, blocked = {0};
	int rc = EXIT_FAIL;
	if (read_wikidata(cli_shared_path(path, sizeof path, rel), &wd))
		goto done;
	int have_anetac = read_anetac(
		cli_shared_path(path, sizeof path,
				"eval/names/anetac/en-ar-named-entities.txt"),
		&an) == 0;
	if (different(&wd, &diff) || same_within(&wd, &within) ||
	    (have_anetac && (same_across(&wd, &an, &across) ||
			     blocked_different(&an, &blocked)))) {
		cli_error("eval names", "out of memory");
		goto done;
	}
	latin_score lat = {0};
	if (have_anetac && score_latin(&an, &lat)) {
		cli_error("eval names", "out of memory");
		goto done;
	}
	judge(&within);
	judge(&across);
	judge(&diff);
	judge(&blocked);
	score s1 = tally(&within, &diff, -1), s2 = tally(&across, &diff, -1),
	      s3 = tally(&across, &blocked, -1);
	if (c->json) {
		json_t *sets = json_array();
		json_array_append_new(sets, score_json("wikidata", s1));
		if (have_anetac) {
			json_array_append_new(sets, score_json("wikidata+anetac", s2));
			json_array_append_new(sets, score_json("anetac-blocked", s3));
		}
		json_t *doc = json_pack("{s:s, s:o}", "split", split, "sets", sets);
		if (have_anetac)
			json_object_set_new(doc, "latin", json_pack(
				"{s:I, s:f, s:f}", "spellings",
				(json_int_t)lat.spellings, "exact",
				share(lat.exact, lat.spellings), "soundalike",
				share(lat.soundalike, lat.spellings)));
		if (sweep) {
			json_t *sw = json_array();
			for (int t = 5; t <= 50; t += 5) {
				json_t *o = score_json("wikidata+anetac",
						       tally(&across, &diff, t / 100.0));
				json_object_set_new(o, "threshold", json_real(t / 100.0));
				json_array_append_new(sw, o);
			}
			json_object_set_new(doc, "sweep", sw);
		}
		rc = cli_print_json(doc);
		goto done;
	}
	printf("split wd_arabic_%s (weights learned on wd_arabic_80)\n", split);
	score_print("wikidata", s1);
	if (have_anetac) {
		score_print("wikidata+anetac", s2);
		score_print("anetac-blocked", s3);
		printf("latin spellings of ANETAC person tokens: %zu, exact %.3f, "
		       "sound-alike %.3f\n", lat.spellings,
		       share(lat.exact, lat.spellings),
		       share(lat.soundalike, lat.spellings));
	}
	if (sweep)
		for (int t = 5; t <= 50; t += 5) {
			char name[64];
			snprintf(name, sizeof name, "threshold %.2f", t / 100.0);
			score_print(name, tally(have_anetac ? &across : &within, &diff,
						t / 100.0));
		}
	if (show_misses) {
		misses("same-missed", &within, 1);
		misses("same-missed", &across, 1);
		misses("wrong-match", &diff, 0);
		misses("blocked-match", &blocked, 0);
	}
	rc = EXIT_OK;
done:
	rows_clear(&wd);
	rows_clear(&an);
	free(within.v);
	free(across.v);
	free(diff.v);
	free(blocked.v);
	return rc;
}
