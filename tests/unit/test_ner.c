/*
 * test_ner.c — named-entity extraction: the golden cases of
 * golden/ner.tsv, recall of the people named in the five seed articles
 * (golden/ner_seed_people.tsv, at least 90%), the span contract (in
 * bounds, in order, on character boundaries, clitics left out, never
 * across punctuation), bad input, and the same answers from several threads at once, one of them
 * after more words than it keeps the weights of.
 */
#include <dirent.h>
#include <pthread.h>

#include "check.h"
#include "marsad/extract.h"
#include "marsad/text.h"

/* "TYPE:surface | TYPE:surface" for the mentions of s. */
static char *describe(const char *s, size_t len)
{
	marsad_mention *m;
	size_t n;
	marsad_buf b = MARSAD_BUF_INIT;
	if (marsad_ner_extract(s, len, &m, &n) != 0)
		return strdup("(error)");
	for (size_t i = 0; i < n; i++) {
		const char *t = marsad_entity_type_name(m[i].type);
		if (i)
			marsad_buf_append(&b, " | ", 3);
		marsad_buf_append(&b, t, strlen(t));
		marsad_buf_putc(&b, ':');
		marsad_buf_append(&b, s + m[i].start, m[i].end - m[i].start);
	}
	free(m);
	size_t l;
	return marsad_buf_steal(&b, &l);
}

static void golden_case(int line_no, const char *in, const char *want)
{
	char *got = describe(in, strlen(in));
	if (strcmp(got, want) != 0)
		fprintf(stderr, "golden/ner.tsv:%d\n", line_no);
	CHECK_STR(got, want);
	free(got);
}

/* ---- the seeds ----------------------------------------------------------- */

static char *seed_text[5];
static size_t seed_len[5];

static const char *samples_dir(char *buf, size_t cap)
{
	const char *src = getenv("MARSAD_SRC");
	snprintf(buf, cap, "%s/samples", src ? src : "..");
	return buf;
}

static void load_seeds(void)
{
	char dir[4096];
	DIR *d = opendir(samples_dir(dir, sizeof dir));
	CHECK(d != NULL);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *f0 = e->d_name;
		if (strncmp(f0, "00", 2) != 0 || f0[2] < '0' || f0[2] > '4' ||
		    f0[3] != '_')
			continue;
		int k = f0[2] - '0';
		char path[8192];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		marsad_buf b = MARSAD_BUF_INIT;
		char chunk[65536];
		size_t r;
		while ((r = fread(chunk, 1, sizeof chunk, f)) > 0)
			marsad_buf_append(&b, chunk, r);
		fclose(f);
		seed_text[k] = marsad_buf_steal(&b, &seed_len[k]);
	}
	closedir(d);
	for (int k = 0; k < 5; k++)
		CHECK(seed_text[k] != NULL);
}

static char *normalized(const char *s, size_t len)
{
	marsad_buf b = MARSAD_BUF_INIT;
	marsad_normalize(s, len, &b);
	size_t l;
	return marsad_buf_steal(&b, &l);
}

static int people, found;

static void seed_person(int line_no, const char *name, const char *seed)
{
	int k = atoi(seed);
	if (k < 0 || k > 4 || !seed_text[k])
		return;
	people++;
	char *want = normalized(name, strlen(name));
	marsad_mention *m;
	size_t n;
	int ok = 0;
	if (marsad_ner_extract(seed_text[k], seed_len[k], &m, &n) == 0) {
		for (size_t i = 0; i < n && !ok; i++) {
			if (m[i].type != MARSAD_ENT_PER)
				continue;
			char *got = normalized(seed_text[k] + m[i].start,
					       m[i].end - m[i].start);
			ok = strstr(got, want) != NULL;
			free(got);
		}
		free(m);
	}
	if (ok)
		found++;
	else
		fprintf(stderr, "ner_seed_people.tsv:%d: not found: %s in %s\n",
			line_no, name, seed);
	free(want);
}

/* ---- contract ------------------------------------------------------------ */

/* Every span in bounds, in order, not overlapping, on character
 * boundaries; confidence in (0, 1]. */
static int spans_ok(const char *s, size_t len)
{
	marsad_mention *m;
	size_t n;
	if (marsad_ner_extract(s, len, &m, &n) != 0)
		return 0;
	size_t prev = 0;
	int ok = 1;
	for (size_t i = 0; i < n; i++) {
		if (m[i].start < prev || m[i].start >= m[i].end ||
		    m[i].end > len || !(m[i].confidence > 0) ||
		    m[i].confidence > 1.0001f ||
		    ((unsigned char)s[m[i].start] & 0xC0) == 0x80 ||
		    (m[i].end < len &&
		     ((unsigned char)s[m[i].end] & 0xC0) == 0x80))
			ok = 0;
		prev = m[i].end;
	}
	free(m);
	return ok;
}

static void test_contract(void)
{
	marsad_mention *m = (marsad_mention *)1;
	size_t n = 7;
	CHECK(marsad_ner_extract(NULL, 3, &m, &n) == MARSAD_EINVAL);
	CHECK(m == NULL && n == 0);
	CHECK(marsad_ner_extract("x", 1, NULL, &n) == MARSAD_EINVAL);
	CHECK(marsad_ner_extract("", 0, &m, &n) == 0 && m == NULL && n == 0);
	CHECK(marsad_ner_extract(NULL, 0, &m, &n) == 0 && n == 0);
	CHECK_STR(marsad_entity_type_name(MARSAD_ENT_PER), "PER");
	CHECK_STR(marsad_entity_type_name(MARSAD_ENT_LOC), "LOC");
	CHECK_STR(marsad_entity_type_name(MARSAD_ENT_ORG), "ORG");
	CHECK_STR(marsad_entity_type_name((marsad_entity_type)0), "");
	for (int t = MARSAD_ENT_PER; t <= MARSAD_ENT_ORG; t++)
		CHECK(marsad_entity_type_of(marsad_entity_type_name(
			      (marsad_entity_type)t)) == (marsad_entity_type)t);
	CHECK(marsad_entity_type_of("PERS") == 0);
	CHECK(marsad_entity_type_of("") == 0);
	CHECK(marsad_entity_type_of(NULL) == 0);

	/* Broken UTF-8 inside and around names. */
	const char bad[] = "\xd9 \xff\xfeالرئيس \xd8فلاديمير بوتين\xc3";
	CHECK(spans_ok(bad, sizeof bad - 1));
	/* A truncated last character. */
	const char cut[] = "قال الرئيس فلاديمير بوتي\xd9";
	CHECK(spans_ok(cut, sizeof cut - 1));

	/* A sentence far longer than a chunk, with no punctuation. */
	marsad_buf b = MARSAD_BUF_INIT;
	for (int i = 0; i < 700; i++)
		marsad_buf_append(&b, "والرئيس بوتين ", strlen("والرئيس بوتين "));
	CHECK(spans_ok(b.data, b.len));
	CHECK(marsad_ner_extract(b.data, b.len, &m, &n) == 0);
	CHECK(n >= 600);
	free(m);
	marsad_buf_clear(&b);

	/* Soup: punctuation, digits, Latin, marks. */
	const char soup[] = "،،؛؟ ((«»)) 2021 ---- ً ٌ ّ ـــ G20 /strong> "
			    "\"\" ‎‏ ١٢٣ ...";
	CHECK(spans_ok(soup, sizeof soup - 1));
	for (int k = 0; k < 5; k++)
		if (seed_text[k])
			CHECK(spans_ok(seed_text[k], seed_len[k]));
}

/* ---- threads ------------------------------------------------------------- */

static char *expected[5];

static void *worker(void *arg)
{
	int *ok = arg;
	for (int round = 0; round < 3; round++)
		for (int k = 0; k < 5; k++) {
			if (!seed_text[k])
				continue;
			char *got = describe(seed_text[k], seed_len[k]);
			if (strcmp(got, expected[k]) != 0)
				*ok = 0;
			free(got);
		}
	return NULL;
}

/* A thread that meets more distinct words than the tagger keeps profiles
 * of (ner.c, NER_WORDS, a table the threads share) still tags the seeds
 * as a fresh one, and so do the threads tagging beside it: made up
 * four-letter words (U+0628 BEH … U+064A YEH, from a count), twenty to a
 * sentence. */
static void *many_words(void *arg)
{
	int *ok = arg;
	marsad_buf b = MARSAD_BUF_INIT;
	for (unsigned w = 0; w < 150000; w++) {
		unsigned x = w;
		for (int k = 0; k < 4; k++, x /= 26)
			marsad_buf_put_cp(&b, 0x628 + x % 26);
		const char *sep = w % 20 == 19 ? ". " : " ";
		marsad_buf_append(&b, sep, strlen(sep));
	}
	marsad_mention *m;
	size_t n;
	for (int round = 0; round < 2; round++) {
		if (marsad_ner_extract(b.data, b.len, &m, &n) != 0)
			*ok = 0;
		else
			free(m);
		worker(ok);
	}
	marsad_buf_clear(&b);
	return NULL;
}

static void test_threads(void)
{
	for (int k = 0; k < 5; k++)
		expected[k] = seed_text[k] ? describe(seed_text[k], seed_len[k])
					   : strdup("");
	pthread_t th[4];
	int ok[4] = {1, 1, 1, 1};
	for (int i = 0; i < 4; i++)
		CHECK(pthread_create(&th[i], NULL, i ? worker : many_words,
				     &ok[i]) == 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		CHECK(ok[i]);
	}
	for (int k = 0; k < 5; k++)
		free(expected[k]);
}

/* The labelling conventions of the training text (tools/train_ner.c,
 * settle_conventions()) show in what the tagger finds: a prize's
 * namesake is no person there, a vehicle is tagged by its maker alone. */
static void test_conventions(void)
{
	static const char *const cases[][2] = {
		{"وحصل الكاتب المصري نجيب محفوظ على جائزة نوبل للآداب",
		 "PER:نجيب محفوظ"},
		{"وقدمت الشركة سيارة نيسان باترول الجديدة في معرض دبي",
		 "ORG:نيسان | LOC:دبي"},
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		char *got = describe(cases[k][0], strlen(cases[k][0]));
		CHECK_STR(got, cases[k][1]);
		free(got);
	}
}

/* A mention never spans punctuation (marsad_ner_gap_joins()): names
 * listed with commas, dashes, colons, brackets or quotes between them
 * are mentions of their own, whatever the model. */
static void test_gaps(void)
{
	static const char *const texts[] = {
		"شارك في الندوة عاطف فتحي - صالح الحمصي وخالد محمود",
		"وفاز كل من روجر فيدرر، رافائيل نادال، نوفاك ديوكوفيتش",
		"وقال محمود عباس: ياسر عرفات (أبو عمار) رمز للشعب",
		"التقى \"جون كيري\" «سيرغي لافروف» في جنيف-لوزان",
	};
	for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
		marsad_mention *m = NULL;
		size_t n = 0;
		CHECK(marsad_ner_extract(texts[k], strlen(texts[k]), &m, &n) ==
		      0);
		CHECK(n >= 2);
		for (size_t i = 0; i < n; i++) {
			size_t len = m[i].end - m[i].start;
			const char *s = texts[k] + m[i].start;
			CHECK(strcspn(s, ",-:()\"") >= len);
			for (size_t j = 0; j + 1 < len; j++)
				CHECK(memcmp(s + j, "\xd8\x8c", 2) != 0 && /* U+060C */
				      memcmp(s + j, "\xc2\xab", 2) != 0 && /* « */
				      memcmp(s + j, "\xc2\xbb", 2) != 0);  /* » */
		}
		free(m);
	}
}

/* Given the text's analysis, the tagger finds the same mentions. */
static void test_analyzed(void)
{
	for (int k = 0; k < 5; k++) {
		if (!seed_text[k])
			continue;
		marsad_mention *a = NULL, *b = NULL;
		size_t na = 0, nb = 0;
		marsad_analysis *words = NULL;
		CHECK(marsad_analysis_build(seed_text[k], seed_len[k], &words) ==
		      0);
		CHECK(marsad_ner_extract(seed_text[k], seed_len[k], &a, &na) == 0);
		CHECK(marsad_ner_extract_analyzed(seed_text[k], seed_len[k],
						  words, &b, &nb) == 0);
		CHECK(na > 0 && na == nb &&
		      memcmp(a, b, na * sizeof *a) == 0);
		marsad_analysis_free(words);
		free(a);
		free(b);
	}
}

int main(void)
{
	CHECK(golden_each("golden/ner.tsv", golden_case) > 0);
	load_seeds();
	CHECK(golden_each("golden/ner_seed_people.tsv", seed_person) > 0);
	printf("seed people found: %d of %d\n", found, people);
	CHECK(people > 0 && found * 10 >= people * 9);
	test_contract();
	test_conventions();
	test_gaps();
	test_analyzed();
	test_threads();
	for (int k = 0; k < 5; k++)
		free(seed_text[k]);
	CHECK_DONE();
}
