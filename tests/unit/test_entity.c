/*
 * test_entity.c — name matching (golden/names_match.tsv), the distance's
 * shortcuts against the exact distance, skeleton keys, Latin spellings,
 * and the entity index over the seed articles: every spelling group of a
 * seed person is one entity, people who share a given name stay apart,
 * and rebuilding from the stored mentions gives the same ids.
 */
#include <stdint.h>

#include "check.h"
#include "entity/entity_int.h"
#include "marsad/entity.h"
#include "marsad/extract.h"

static void name_case(int line_no, const char *in, const char *want)
{
	const char *tab = strchr(want, '\t');
	if (!tab) {
		fprintf(stderr, "names_match.tsv:%d: no verdict\n", line_no);
		check_failed++;
		return;
	}
	const char *b = want;
	size_t blen = (size_t)(tab - want);
	int same = strcmp(tab + 1, "same") == 0;
	int got = marsad_name_same(in, strlen(in), b, blen);
	/* symmetric by construction: check both ways */
	int back = marsad_name_same(b, blen, in, strlen(in));
	if (got != same || back != got) {
		fprintf(stderr, "names_match.tsv:%d: %s / %.*s: got %s, want %s\n",
			line_no, in, (int)blen, b, got ? "same" : "different",
			tab + 1);
		check_failed++;
	} else {
		check_passed++;
	}
}

static void check_key(const char *name, const char *want)
{
	marsad_buf b = MARSAD_BUF_INIT;
	CHECK(marsad_name_key(name, strlen(name), &b) == 0);
	CHECK_STR(b.data ? b.data : "", want);
	marsad_buf_clear(&b);
}

static void check_latin(const char *name, const char *want)
{
	marsad_buf b = MARSAD_BUF_INIT;
	CHECK(marsad_name_latin(name, strlen(name), &b) == 0);
	CHECK_STR(b.data ? b.data : "", want);
	marsad_buf_clear(&b);
}

/* ---- the seeds ------------------------------------------------------- */

/* The names written in each seed article (any order; the test finds
 * every occurrence, longest names first), with the title written before
 * them where there is one. */
typedef struct seed_name {
	const char *name, *context;
} seed_name;

static const seed_name seed0[] = {
	{"سيرجي ريابكوف", "نائب وزير الخارجية الروسي"}, {"جو بايدن", "الرئيس الأمريكي"},
	{"بريتني جرينر", "نجمة كرة السلة"}, {"بول ويلان", NULL},
	{"لويد أوستن", "وزير الدفاع الأمريكي"}, {"سيرجي شويغو", "وزير الدفاع الروسي"},
	{"مارك ميلي", "الجنرال"}, {"فاليري جيراسيموف", "الجنرال"},
	{"جيك سوليفان", "مستشار الأمن القومي"}, {"بيل بيرنز", "مدير وكالة المخابرات المركزية"},
	{NULL, NULL}};
static const seed_name seed1[] = {
	{"سيرغي ريابكوف", "نائب وزير الخارجية الروسي"}, {"كارين جان بيير", "المتحدثة"},
	{"ديمتري بيسكوف", "المتحدث باسم الكرملين"}, {"ماريا زاخاروفا", "المتحدثة باسم الخارجية الروسية"},
	{"جيك سوليفان", "مستشار الأمن القومي الأمريكي"}, {"يوري أوشاكوف", NULL},
	{"فلاديمير بوتين", "الرئيس"}, {"نيكولاي باتروشيف", NULL},
	{"وليام بيرنز", "مدير وكالة الاستخبارات المركزية"}, {"سيرغي ناريشكين", "نظيره الروسي"},
	{"بيرنز", NULL}, {"بريتني غراينير", "بطلة كرة السلة"}, {"بول ويلان", NULL},
	{"فيكتور بوت", "تاجر الأسلحة الروسي"}, {NULL, NULL}};
static const seed_name seed2[] = {
	{"سيرغي لافروف", "وزير الخارجية الروسي"}, {"لافروف", NULL},
	{"سيمور هيرش", "الصحفي الأمريكي"}, {"فلاديمير بوتين", "الرئيس الروسي"},
	{"جو بايدن", "رئيس الولايات المتحدة"}, {"إيفان غيرشكوفيتش", "الصحفي الأمريكي"},
	{"باراك أوباما", NULL}, {"دونالد ترامب", NULL}, {"ترامب", NULL},
	{"بوتين", NULL}, {NULL, NULL}};
static const seed_name seed3[] = {
	{"سيرغي ناريشكين", "مدير المخابرات الروسية الخارجية"}, {"بوتين", "الرئيس"},
	{"وليام بيرنز", "السفير الأميركي السابق"}, {"بيرنز", NULL},
	{"بريتني غرينير", "بطلة كرة السلة"}, {"بريتني غرينر", "نجمة كرة السلة"},
	{"بول ويلان", NULL}, {"دميتري بيسكوف", "المتحدث باسم الكرملين"}, {"فلاديمير بوتين", "الرئيس الروسي"},
	{"لويد أوستن", "وزير الدفاع الأميركي"}, {"سيرغي شويغو", "نظيره الروسي"},
	{"جو بايدن", "الرئيس الأميركي"}, {"فيكتور بوت", "تاجر الأسلحة الروسي"},
	{"أنطونيو غوتيريش", "الأمين العام للأمم المتحدة"}, {NULL, NULL}};
static const seed_name seed4[] = {
	{"سيرغي ريابكوف", "نائب وزير الخارجية الروسي"}, {"فلاديمير بوتين", "الرئيسين الروسي"},
	{"جو بايدن", NULL}, {"بوتين", NULL}, {"بايدن", NULL},
	{"فيدور لوكيانوف", "الخبير الروسي"}, {NULL, NULL}};

static const struct seed {
	const char *file;
	const seed_name *names;
} seeds[] = {
	{"000_fe3672199b4635b3.txt", seed0}, {"001_6f70dd8932d5d552.txt", seed1},
	{"002_7bbecfa491803025.txt", seed2}, {"003_f13009966aefca6f.txt", seed3},
	{"004_87ffb09050df82ad.txt", seed4},
};
#define N_SEEDS (sizeof seeds / sizeof *seeds)

static int by_start(const void *a, const void *b)
{
	const marsad_entity_mention *x = a, *y = b;
	return (x->start > y->start) - (x->start < y->start);
}

/* Every occurrence of every listed name, longest names first, without
 * overlaps, in text order. Returns the count. */
static size_t find_mentions(const char *text, size_t len, const seed_name *names,
			    marsad_entity_mention *out, size_t cap)
{
	size_t n = 0;
	unsigned char *taken = calloc(len + 1, 1);
	for (int pass = 0; pass < 2; pass++)
		for (const seed_name *s = names; s->name; s++) {
			int full = strchr(s->name, ' ') != NULL;
			if (full != (pass == 0))
				continue;
			size_t nl = strlen(s->name);
			for (const char *p = strstr(text, s->name); p && n < cap;
			     p = strstr(p + nl, s->name)) {
				size_t at = (size_t)(p - text);
				if (taken[at] || taken[at + nl - 1])
					continue;
				memset(taken + at, 1, nl);
				out[n++] = (marsad_entity_mention){
					s->name, nl, 1, at, at + nl, s->context,
					s->context ? strlen(s->context) : 0};
			}
		}
	free(taken);
	qsort(out, n, sizeof *out, by_start);
	return n;
}

/* The entity id of the first mention spelled `name`, or NONE. */
static size_t id_of(marsad_entity_index *ix, const char *name)
{
	for (size_t i = 0; i < marsad_entity_index_mentions(ix); i++) {
		marsad_entity_mention m;
		size_t id;
		marsad_entity_index_mention(ix, i, &m, NULL, &id);
		if (m.text_len == strlen(name) && !memcmp(m.text, name, m.text_len))
			return id;
	}
	return MARSAD_ENTITY_NONE;
}

static void check_group(marsad_entity_index *ix, const char *const *names)
{
	size_t id = id_of(ix, names[0]);
	CHECK(id != MARSAD_ENTITY_NONE);
	for (size_t i = 1; names[i]; i++) {
		size_t other = id_of(ix, names[i]);
		if (other != id) {
			fprintf(stderr, "%s and %s: entities %zu and %zu\n", names[0],
				names[i], id, other);
			check_failed++;
		} else {
			check_passed++;
		}
	}
}

static void check_apart(marsad_entity_index *ix, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		for (size_t j = i + 1; names[j]; j++) {
			size_t a = id_of(ix, names[i]), b = id_of(ix, names[j]);
			if (a == b || a == MARSAD_ENTITY_NONE) {
				fprintf(stderr, "%s and %s should be apart\n", names[i],
					names[j]);
				check_failed++;
			} else {
				check_passed++;
			}
		}
}

static void test_seeds(void)
{
	marsad_entity_index *ix = marsad_entity_index_new();
	CHECK(ix != NULL);
	if (!ix)
		return;
	static marsad_entity_mention m[256];
	for (size_t s = 0; s < N_SEEDS; s++) {
		size_t len;
		char *text = read_seed(seeds[s].file, &len);
		CHECK(text != NULL);
		if (!text)
			continue;
		size_t n = find_mentions(text, len, seeds[s].names, m, 256);
		CHECK(n > 0);
		size_t ids[256];
		CHECK(marsad_entity_index_add(ix, seeds[s].file, strlen(seeds[s].file),
					      m, n, ids) == 0);
		for (size_t i = 0; i < n; i++)
			CHECK(ids[i] != MARSAD_ENTITY_NONE);
		free(text);
	}
	static const char *const griner[] = {"بريتني جرينر", "بريتني غراينير",
					     "بريتني غرينر", "بريتني غرينير", NULL};
	static const char *const ryabkov[] = {"سيرجي ريابكوف", "سيرغي ريابكوف", NULL};
	static const char *const peskov[] = {"دميتري بيسكوف", "ديمتري بيسكوف", NULL};
	static const char *const burns[] = {"بيل بيرنز", "وليام بيرنز", "بيرنز", NULL};
	static const char *const lavrov[] = {"سيرغي لافروف", "لافروف", NULL};
	static const char *const putin[] = {"فلاديمير بوتين", "بوتين", NULL};
	static const char *const biden[] = {"جو بايدن", "بايدن", NULL};
	static const char *const trump[] = {"دونالد ترامب", "ترامب", NULL};
	static const char *const shoigu[] = {"سيرجي شويغو", "سيرغي شويغو", NULL};
	static const char *const sergeys[] = {"سيرغي لافروف", "سيرغي ريابكوف",
					      "سيرغي ناريشكين", "سيرغي شويغو", NULL};
	static const char *const others[] = {"فيكتور بوت", "فلاديمير بوتين",
					     "بول ويلان", "بيل بيرنز", NULL};
	check_group(ix, griner);
	check_group(ix, ryabkov);
	check_group(ix, peskov);
	check_group(ix, burns);
	check_group(ix, lavrov);
	check_group(ix, putin);
	check_group(ix, biden);
	check_group(ix, trump);
	check_group(ix, shoigu);
	check_apart(ix, sergeys);
	check_apart(ix, others);

	/* the entity's view: canonical, variants, articles, Latin */
	marsad_entity e;
	CHECK(marsad_entity_index_get(ix, id_of(ix, "بريتني غرينر"), &e) == 0);
	CHECK_STR(e.canonical, "بريتني غرينر"); /* two of five mentions */
	CHECK(e.n_variants == 4);
	CHECK(e.n_keys == 3);
	CHECK(e.mentions == 5);
	CHECK(e.type == 1);
	CHECK(e.latin && e.latin[0] == 'B');
	CHECK(marsad_entity_index_get(ix, id_of(ix, "وليام بيرنز"), &e) == 0);
	CHECK_STR(e.canonical, "وليام بيرنز");
	CHECK(e.n_keys == 3);
	CHECK(marsad_entity_index_get(ix, marsad_entity_index_count(ix), &e) ==
	      MARSAD_ENOTFOUND);
	/* the canonical name alone is the view's; the Arabic view is the
	 * view but for the Latin spelling */
	for (size_t id = 0; id < marsad_entity_index_count(ix); id++) {
		const char *c = marsad_entity_index_canonical(ix, id);
		marsad_entity ar;
		CHECK(marsad_entity_index_get_arabic(ix, id, &ar) == 0);
		CHECK(ar.latin == NULL);
		CHECK(marsad_entity_index_get(ix, id, &e) == 0);
		CHECK(c && strcmp(c, e.canonical) == 0);
		CHECK(e.latin != NULL && ar.canonical == e.canonical &&
		      ar.n_variants == e.n_variants && ar.n_keys == e.n_keys &&
		      ar.mentions == e.mentions && ar.type == e.type);
	}
	CHECK(marsad_entity_index_get_arabic(ix, marsad_entity_index_count(ix),
					     &e) == MARSAD_ENOTFOUND);
	CHECK(marsad_entity_index_canonical(ix, marsad_entity_index_count(ix)) ==
	      NULL);
	CHECK(marsad_entity_index_canonical(NULL, 0) == NULL);

	/* rebuilding from the stored mentions gives the same ids */
	marsad_entity_index *again = marsad_entity_index_new();
	size_t total = marsad_entity_index_mentions(ix), i = 0;
	while (i < total) {
		const char *key;
		marsad_entity_index_mention(ix, i, NULL, &key, NULL);
		size_t j = i, n = 0;
		static marsad_entity_mention batch[256];
		size_t want[256], got[256];
		const char *k2;
		while (j < total && n < 256 &&
		       marsad_entity_index_mention(ix, j, &batch[n], &k2, &want[n]) ==
			       0 &&
		       strcmp(k2, key) == 0) {
			j++;
			n++;
		}
		CHECK(marsad_entity_index_add(again, key, strlen(key), batch, n, got) ==
		      0);
		for (size_t k = 0; k < n; k++)
			CHECK(got[k] == want[k]);
		i = j;
	}
	CHECK(marsad_entity_index_count(again) == marsad_entity_index_count(ix));
	marsad_entity_index_free(again);
	marsad_entity_index_free(ix);
}

/* Places and organizations match word for word, and a type mismatch keeps
 * a person and a place apart. */
static void test_types(void)
{
	marsad_entity_index *ix = marsad_entity_index_new();
	marsad_entity_mention m[] = {
		{"الولايات المتحدة", strlen("الولايات المتحدة"), 2, 0, 0, NULL, 0},
		{"الولايات المتحده", strlen("الولايات المتحده"), 2, 0, 0, NULL, 0},
		{"واشنطن", strlen("واشنطن"), 2, 0, 0, NULL, 0},
		{"واشنطن", strlen("واشنطن"), 1, 0, 0, NULL, 0},
		{"!!", 2, 1, 0, 0, NULL, 0},
	};
	size_t ids[5];
	CHECK(marsad_entity_index_add(ix, "k", 1, m, 5, ids) == 0);
	CHECK(ids[0] == ids[1]);
	CHECK(ids[2] != ids[0]);
	CHECK(ids[3] != ids[2]);
	CHECK(ids[4] == MARSAD_ENTITY_NONE);
	CHECK(marsad_entity_index_add(NULL, "k", 1, m, 1, ids) == MARSAD_EINVAL);
	CHECK(marsad_entity_index_add(ix, NULL, 3, m, 1, ids) == MARSAD_EINVAL);
	marsad_entity_index_free(ix);
	marsad_entity_index_free(NULL);
}

/* A bare family name shared by two people goes to the one whose title
 * agrees, else to the one in the same article. */
static void test_context(void)
{
	marsad_entity_index *ix = marsad_entity_index_new();
	const char *a = "جون سميث", *b = "آدم سميث", *bare = "سميث";
	const char *ta = "وزير الخارجية البريطاني", *tb = "الخبير الاقتصادي";
	marsad_entity_mention art1[] = {
		{a, strlen(a), 1, 0, 0, ta, strlen(ta)},
		{b, strlen(b), 1, 0, 0, tb, strlen(tb)},
	};
	marsad_entity_mention art2[] = {
		{bare, strlen(bare), 1, 0, 0, tb, strlen(tb)},
	};
	marsad_entity_mention art3[] = {
		{a, strlen(a), 1, 0, 0, NULL, 0},
		{bare, strlen(bare), 1, 0, 0, NULL, 0},
	};
	size_t i1[2], i2[1], i3[2];
	CHECK(marsad_entity_index_add(ix, "1", 1, art1, 2, i1) == 0);
	CHECK(i1[0] != i1[1]);
	CHECK(marsad_entity_index_add(ix, "2", 1, art2, 1, i2) == 0);
	CHECK(i2[0] == i1[1]);
	CHECK(marsad_entity_index_add(ix, "3", 1, art3, 2, i3) == 0);
	CHECK(i3[0] == i1[0] && i3[1] == i1[0]);
	marsad_entity_index_free(ix);
}

/* ---- the distance's shortcuts -------------------------------------- */

/*
 * A match test skips the distance table when a lower bound (what the
 * letters one token lacks cost) already exceeds the threshold, and looks
 * at a nickname group's words until one matches: checked against the
 * exact distance, on spelling variants and names that only look alike
 * (doubled letters, the article, hamza seats, letters outside Arabic).
 * Tokens of seven letters and more (no native given name is that long)
 * match exactly when their distance is at most 0.25 (entity.h), and a
 * match gives that distance.
 */
static void test_shortcuts(void)
{
	static const char *const words[] = {
		"غرينر", "غراينير", "جرينر", "كرينر", "غرينبرغ", "ستولتنبرغ",
		"شتولتنبرغ", "ستولتنبيرغ", "زيلينسكي", "زيلنسكي", "زيلينسكى",
		"ميستورا", "مستورا", "دميستورا", "الأسد", "اسد", "الاسد",
		"الحوثيين", "حوثيين", "سوليفان", "سوليڤان", "ساليفان",
		"بلينكن", "بلنكن", "لافروف", "لافرووف", "ريابكوف", "بيسكوف",
		"محمّد", "محمد", "محمود", "مؤمن", "مومن", "Greiner", "Griner",
		"وليام", "ويليام", "بيل", "بيلي", "روبرت", "بوب", "ريتشارد",
		"ديك", "ج", "عبدالله", "عبداللّه",
	};
	size_t n = sizeof words / sizeof *words;
	name_parts p[sizeof words / sizeof *words];
	for (size_t i = 0; i < n; i++) {
		entity_parse(words[i], strlen(words[i]), &p[i]);
		CHECK(p[i].n == 1);
	}
	/* a particle written apart binds the next word: one token each */
	static const char *const bound[] = {"أبو مازن", "أبا محمد", "أبي بكر",
					    "عبد الله"};
	for (size_t i = 0; i < sizeof bound / sizeof *bound; i++) {
		name_parts q;
		entity_parse(bound[i], strlen(bound[i]), &q);
		CHECK(q.n == 1);
	}
	for (int round = 0; round < 2; round++) /* then from the memo */
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < n; j++) {
				const name_tok *a = &p[i].t[0], *b = &p[j].t[0];
				double exact = entity_tok_distance(a, b);
				double d = -1;
				int m = entity_tok_match_d(a, b, &d);
				if (m)
					CHECK(d == exact);
				if (a->n >= 7 && b->n >= 7)
					CHECK(m == (exact <= 0.25));
			}
	/* nicknames, and a group's other spellings */
	static const char *const same[][2] = {
		{"وليام", "بيل"}, {"ويليام", "بيلي"}, {"روبرت", "بوب"},
		{"ريتشارد", "ديك"}, {"بيل", "ويل"},
	};
	for (size_t i = 0; i < sizeof same / sizeof *same; i++)
		CHECK(marsad_name_same(same[i][0], strlen(same[i][0]),
				       same[i][1], strlen(same[i][1])));
	static const char *const apart[][2] = {
		{"وليام", "بوب"}, {"بيل", "ديك"}, {"روبرت", "ريتشارد"},
	};
	for (size_t i = 0; i < sizeof apart / sizeof *apart; i++)
		CHECK(!marsad_name_same(apart[i][0], strlen(apart[i][0]),
					apart[i][1], strlen(apart[i][1])));
}

/* A spelling with a preposition or conjunction written on it is counted
 * for the bare spelling, which is the canonical one (seen first or not). */
/* m[0..n): mentions of the names, all of one type. */
static void fill_mentions(marsad_entity_mention *m, const char *const *names,
			  size_t n, int type)
{
	for (size_t i = 0; i < n; i++)
		m[i] = (marsad_entity_mention){.text = names[i],
					       .text_len = strlen(names[i]),
					       .type = type};
}

static void test_canonical_clitic(void)
{
	marsad_entity_index *ix = marsad_entity_index_new();
	marsad_entity_mention m[3] = {
		{.text = "للأمم المتحدة", .text_len = strlen("للأمم المتحدة"),
		 .type = 3},
		{.text = "للأمم المتحدة", .text_len = strlen("للأمم المتحدة"),
		 .type = 3},
		{.text = "الأمم المتحدة", .text_len = strlen("الأمم المتحدة"),
		 .type = 3},
	};
	size_t ids[3];
	CHECK(marsad_entity_index_add(ix, "a", 1, m, 3, ids) == 0);
	CHECK(ids[0] == ids[2]);
	CHECK_STR(marsad_entity_index_canonical(ix, ids[0]), "الأمم المتحدة");
	marsad_entity_mention w[2] = {
		{.text = "وموسكو", .text_len = strlen("وموسكو"), .type = 2},
		{.text = "موسكو", .text_len = strlen("موسكو"), .type = 2},
	};
	CHECK(marsad_entity_index_add(ix, "b", 1, w, 2, ids) == 0);
	CHECK(ids[0] == ids[1]);
	CHECK_STR(marsad_entity_index_canonical(ix, ids[0]), "موسكو");
	/* nor is such a form one of its spellings */
	marsad_entity e;
	CHECK(marsad_entity_index_get_arabic(ix, ids[0], &e) == 0);
	CHECK(e.n_variants == 1 && strcmp(e.variants[0], "موسكو") == 0);
	/* nor a form written the same but for tatweel, diacritics or hamza;
	 * the canonical spelling stands for them */
	static const char *const iran[] = {"ايران", "إيـران", "إيران", "إيرانَ",
					   "إيران"};
	marsad_entity_mention r[5];
	fill_mentions(r, iran, 5, 2);
	size_t rid[5];
	CHECK(marsad_entity_index_add(ix, "c", 1, r, 5, rid) == 0);
	CHECK(marsad_entity_index_get_arabic(ix, rid[0], &e) == 0);
	CHECK(e.n_variants == 1 && strcmp(e.variants[0], "إيران") == 0 &&
	      strcmp(e.canonical, "إيران") == 0);
	marsad_entity_index_free(ix);
}

/* Adds names[0, n) of type `type` to ix, each as an article of its own
 * (keyed by the name); ids[i] receives name i's entity. */
/*
 * Adds the articles art[0, n) (n_m[i] mentions each) to two indexes: to
 * one each by marsad_entity_index_add(); to the other the first grouped
 * as a new index links it (marsad_entity_index_add_grouped()), the rest
 * by marsad_entity_index_add(), which must then find the first one's
 * names filed. Every mention must get the same entity in both.
 */
static void check_grouped(marsad_entity_mention *const *art, const size_t *n_m,
			  size_t n)
{
	marsad_entity_index *plain = marsad_entity_index_new();
	marsad_entity_index *grouped = marsad_entity_index_new();
	marsad_entity_index *own = marsad_entity_index_new();
	CHECK(plain && grouped && own);
	size_t want[256], got[256], group[256];
	for (size_t a = 0; plain && grouped && own && a < n; a++) {
		char key[16];
		snprintf(key, sizeof key, "a%zu", a);
		CHECK(n_m[a] <= 256);
		CHECK(marsad_entity_index_add(plain, key, strlen(key), art[a],
					      n_m[a], want) == 0);
		if (a == 0) {
			CHECK(marsad_entity_index_add(own, key, strlen(key),
						      art[a], n_m[a], group) == 0);
			CHECK(marsad_entity_index_add_grouped(
				      grouped, key, strlen(key), art[a], n_m[a],
				      group, got) == 0);
		} else {
			CHECK(marsad_entity_index_add(grouped, key, strlen(key),
						      art[a], n_m[a], got) == 0);
		}
		for (size_t i = 0; i < n_m[a]; i++)
			CHECK(got[i] == want[i]);
	}
	CHECK(marsad_entity_index_count(grouped) ==
	      marsad_entity_index_count(plain));
	for (size_t id = 0; id < marsad_entity_index_count(plain); id++)
		CHECK_STR(marsad_entity_index_canonical(grouped, id),
			  marsad_entity_index_canonical(plain, id));
	CHECK(marsad_entity_index_add_grouped(grouped, "x", 1, art[0], 1, NULL,
					      got) == MARSAD_EINVAL);
	marsad_entity_index_free(plain);
	marsad_entity_index_free(grouped);
	marsad_entity_index_free(own);
}

/* A story's first article brings its own entities: the seeds in turn, and
 * a bare given name hosted by the full name (not one of its forms, so
 * that another article's bare name stays apart). */
static void test_grouped(void)
{
	static marsad_entity_mention m[N_SEEDS][256];
	marsad_entity_mention *art[N_SEEDS];
	size_t n[N_SEEDS];
	for (size_t s = 0; s < N_SEEDS; s++) {
		size_t len;
		char *text = read_seed(seeds[s].file, &len);
		CHECK(text != NULL);
		art[s] = m[s];
		n[s] = text ? find_mentions(text, len, seeds[s].names, m[s], 256)
			    : 0;
		/* the mentions point at the names, not into the text */
		free(text);
	}
	check_grouped(art, n, N_SEEDS);
	for (size_t s = 0; s + 1 < N_SEEDS; s++) /* each seed first in turn */
		check_grouped(art + s, n + s, N_SEEDS - s);

	static const char *const names[] = {"سلمان بن عبدالعزيز آل سعود",
					    "سلمان", "سلمان",
					    "سلمان بن عبدالعزيز"};
	marsad_entity_mention king[4];
	fill_mentions(king, names, 4, 1);
	marsad_entity_mention *arts[] = {king, king + 2, king + 3};
	size_t counts[] = {2, 1, 1};
	check_grouped(arts, counts, 3);
}

static void add_each(marsad_entity_index *ix, const char *const *names,
		     size_t n, int type, size_t *ids)
{
	for (size_t i = 0; i < n; i++) {
		marsad_entity_mention m = {.text = names[i],
					   .text_len = strlen(names[i]),
					   .type = type};
		CHECK(marsad_entity_index_add(ix, names[i], strlen(names[i]), &m,
					      1, &ids[i]) == 0);
	}
}

/* Adds one article of n bodies' names (ORG), their ids to ids. */
static void add_bodies(marsad_entity_index *ix, const char *const *names,
		       size_t n, size_t *ids)
{
	marsad_entity_mention m[8];
	for (size_t i = 0; i < n && i < 8; i++)
		m[i] = (marsad_entity_mention){.text = names[i],
					       .text_len = strlen(names[i]),
					       .type = MARSAD_ENT_ORG};
	CHECK(marsad_entity_index_add(ix, names[0], strlen(names[0]), m, n,
				      ids) == 0);
}

/* A body's shorter name is its longer one's in their article: words that
 * qualify it left out (مجلس التعاون [لدول الخليج العربية]), or the word
 * for its kind (حركة طالبان). Not a word that heads many names alone
 * (الاتحاد), nor a name other words make another body's (قناة السويس
 * [الجديدة]), nor one that two longer names of the article could
 * shorten. Another article's shorter name alone finds the body, unless it
 * is a head word and adjectives (البنك المركزي) or one word (الدولة "the
 * state"), which many bodies and things are called in their own texts. */
static void test_body_short_names(void)
{
	marsad_entity_index *ix = marsad_entity_index_new();
	static const char *const gcc[] = {"مجلس التعاون لدول الخليج العربية",
					  "لمجلس التعاون", "حركة طالبان",
					  "طالبان", "الاتحاد السعودي", "الاتحاد",
					  "قناة السويس الجديدة", "قناة السويس"};
	size_t a[8];
	add_bodies(ix, gcc, 8, a);
	CHECK(a[1] == a[0]);
	CHECK(a[3] == a[2]);
	CHECK(a[5] != a[4]);
	CHECK(a[7] != a[6]);
	static const char *const alone[] = {"مجلس التعاون"};
	size_t b[1];
	add_bodies(ix, alone, 1, b);
	CHECK(b[0] == a[0]);

	static const char *const two[] = {"مجلس الأمن الدولي",
					  "مجلس الأمن الوطني", "مجلس الأمن"};
	size_t c[3];
	add_bodies(ix, two, 3, c);
	CHECK(c[2] != c[0] && c[2] != c[1]);

	static const char *const bank[] = {"البنك المركزي الأوروبي",
					   "البنك المركزي"};
	size_t d[2];
	add_bodies(ix, bank, 2, d);
	CHECK(d[1] == d[0]);
	static const char *const bank_alone[] = {"البنك المركزي"};
	size_t e[1];
	add_bodies(ix, bank_alone, 1, e);
	CHECK(e[0] != d[0]);
	static const char *const state[] = {"تنظيم الدولة", "الدولة"};
	static const char *const state_alone[] = {"الدولة"};
	size_t f[2], g[1];
	add_bodies(ix, state, 2, f);
	add_bodies(ix, state_alone, 1, g);
	CHECK(f[1] == f[0] && g[0] != f[0]);
	marsad_entity_index_free(ix);

	/* the same in an article whose mentions come linked already */
	ix = marsad_entity_index_new();
	marsad_entity_mention gm[2];
	for (size_t i = 0; i < 2; i++)
		gm[i] = (marsad_entity_mention){.text = bank[i],
						.text_len = strlen(bank[i]),
						.type = MARSAD_ENT_ORG};
	static const size_t one_group[] = {0, 0};
	size_t h[2], k[1];
	CHECK(marsad_entity_index_add_grouped(ix, "g", 1, gm, 2, one_group,
					      h) == 0);
	add_bodies(ix, bank_alone, 1, k);
	CHECK(h[1] == h[0] && k[0] != h[0]);
	marsad_entity_index_free(ix);
}

/* A place is the same name as every spelling it has, not as one of them:
 * Korea, a letter from one spelling of Syria, is not Syria. */
static void test_places_apart(void)
{
	static const char *const names[] = {"سوريا", "سورية", "سوريًا",
					    "كوريا", "سوريا"};
	enum { N = sizeof names / sizeof *names };
	marsad_entity_index *ix = marsad_entity_index_new();
	size_t ids[N];
	add_each(ix, names, N, 2, ids);
	CHECK(ids[0] == ids[1] && ids[0] == ids[2] && ids[0] == ids[4]);
	CHECK(ids[0] != ids[3]); /* كوريا, a letter from سوريا only */
	marsad_entity_index_free(ix);
}

/* A place or an organization keeps every consonant but for ج/غ: a
 * consonant more, fewer or other is another name, however cheap the
 * letters are between transliterations of a person's name; a clitic on
 * either side is the sentence's. A word of Arabic shape keeps its vowel
 * letters too (a long vowel more or elsewhere is another word), a
 * transliteration only its consonants; a final vowel is written one way
 * or another, the ā of ـاء always, and a feminine nisba's ي (الرياضية
 * "sports" is not الرياض) but in a transliteration's ـيا (سوريا, سورية),
 * and the ة of a feminine (قطرة "a drop" is not قطر) but a
 * transliteration's ـيه (غومبي, غومبيه); after the article a final
 * ا is an Arabic noun's ى or a name's own, and the letters before it
 * count (المنيا is not ألمانيا, which is المانيا). */
static void test_place_consonants(void)
{
	static const char *const names[][2] = {
		{"روسيا", "روزا"},     {"العراق", "براق"},
		{"تشيلسي", "تشيلي"},   {"أوبك", "الأوزبك"},
		{"إسرائيل", "عزرائيل"}, {"مجلس الأمن", "مجلس الأمناء"},
		{"الأهلي", "الأهالي"}, {"الجامعة", "الجماعة"},
		{"الجزائر", "الجزيرة"}, {"العلمية", "العالمية"},
		{"مصر", "مصري"},       {"الرياض", "الرياضية"},
		{"الإسكندر", "الإسكندرية"}, {"قطر", "قطرة"},
		{"جامعة الملك سعود", "جامع الملك سعود"},
		{"المنيا", "ألمانيا"},  {"العليا", "العلا"},
		{"الكونغرس", "الكونجرس"}, {"كأمريكا", "فأمريكا"},
		{"سوريا", "بسورية"},    {"روسيا", "روسية"},
		{"هامبورغ", "هامبورج"}, {"أوروبا", "أوربا"},
		{"تشيلسي", "تشلسي"},   {"الاتحاد السوفيتي", "الاتحاد السوفياتي"},
		{"أمريكا", "أميركا"},   {"سيناء", "سينا"},
		{"مصر", "مصراً"},      {"نايكي", "نايك"},
		{"سوريا", "سورية"},      {"جدة", "جده"},
		{"غومبي", "غومبيه"},    {"ألمانيا", "المانيا"},
		{"ألبانيا", "البانيا"},
	};
	enum { N = sizeof names / sizeof *names, SAME = 17 };
	for (size_t k = 0; k < N; k++) {
		marsad_entity_index *ix = marsad_entity_index_new();
		size_t ids[2];
		add_each(ix, names[k], 2, 2, ids);
		if ((ids[0] == ids[1]) != (k >= SAME))
			fprintf(stderr, "%s / %s\n", names[k][0], names[k][1]);
		CHECK((ids[0] == ids[1]) == (k >= SAME));
		marsad_entity_index_free(ix);
	}
}

/* marsad_name_same() of each pair: the first `apart` are other people,
 * the rest one. */
static void check_pairs(const char *const (*pairs)[2], size_t n, size_t apart)
{
	for (size_t k = 0; k < n; k++) {
		int same = marsad_name_same(pairs[k][0], strlen(pairs[k][0]),
					    pairs[k][1], strlen(pairs[k][1]));
		if (same != (k >= apart))
			fprintf(stderr, "%s / %s\n", pairs[k][0], pairs[k][1]);
		CHECK(same == (k >= apart));
	}
}

/* An Arabic family name written with the article is spelled alike by
 * every writer: a consonant or a long vowel more, fewer or other is
 * another family, however close a transliteration's letters would be,
 * and so is a nisba of a short one (خضر, خضري); the article itself may be
 * left out, and a long foreign name's vowels vary as ever. */
static void test_family_names(void)
{
	static const char *const pairs[][2] = {
		{"عادل الجبير", "عادل الزبير"},   {"حيدر العبادي", "حيدر العبيدي"},
		{"علي الزهراني", "علي الشهراني"}, {"عبد الله الثاني", "عبد الله الثني"},
		{"محمد العمري", "محمد العمرة"},   {"فهد العتيبي", "فهد الطيبي"},
		{"محمد خضر", "محمد خضري"},       {"هاني شاكر", "هاني شكري"},
		{"عادل الجبير", "عادل جبير"},     {"مسعود البارزاني", "مسعود بارزاني"},
		{"بشار الأسد", "بشار الاسد"},
	};
	check_pairs(pairs, sizeof pairs / sizeof *pairs, 8);
}

/* The second of three names is the father's or a middle name: another
 * one is another person, with بن or without. A Turkish ‑oğlu or Persian
 * ‑zadeh written apart is the family name's, not a middle name; آل
 * before a word with the article is one article (آل الشيخ, آل شيخ). */
static void test_middle_names(void)
{
	static const char *const pairs[][2] = {
		{"علي عبدالله صالح", "علي أكبر صالحي"},
		{"جورج دبليو بوش", "جورج هربرت بوش"},
		{"كمال كليتشدار أوغلو", "كمال معدن أوغلو"},
		{"عادل بن أحمد الجبير", "عادل أحمد الجبير"},
		{"مولود تشاووش أوغلو", "تشاووش أوغلو"},
		{"صالح آل الشيخ", "صالح بن عبدالعزيز آل شيخ"},
		{"محمد رضا نعمت زاده", "محمد نعمت زاده"},
	};
	check_pairs(pairs, sizeof pairs / sizeof *pairs, 3);
}

/* A person is the same name as every spelling the entity has, not as one
 * of them: the bare صالح is علي الصالح's family name, and صلاح is a
 * spelling of صالح but not of الصالح, so محمد صلاح is not علي الصالح. */
static void test_people_apart(void)
{
	static const char *const names[] = {"علي الصالح", "صالح", "محمد صلاح"};
	enum { N = sizeof names / sizeof *names };
	marsad_entity_index *ix = marsad_entity_index_new();
	size_t ids[N];
	add_each(ix, names, N, 1, ids);
	CHECK(ids[1] == ids[0]); /* the bare family name */
	CHECK(ids[2] != ids[0]);
	CHECK(marsad_name_same("صالح", strlen("صالح"), "صلاح", strlen("صلاح")));
	marsad_entity_index_free(ix);
}

/* A family name of a key of three consonant classes or fewer is not
 * looked up a class away (index.c, SHORT_KEY): كاين and كينغ are two
 * names, as هاري and غاري are. */
static void test_short_keys(void)
{
	static const char *const names[] = {"هاري كاين", "غاري كينغ",
					    "ميسي", "ليونيل ميسي"};
	marsad_entity_index *ix = marsad_entity_index_new();
	size_t ids[4];
	add_each(ix, names, 4, 1, ids);
	CHECK(ids[1] != ids[0]);
	CHECK(ids[3] == ids[2]);
	marsad_entity_index_free(ix);
}

/* A bare name with a preposition the sentence wrote on it (لترمب) is
 * no new spelling of its entity, which every later spelling would have
 * to match: ترامب in the next article is still Trump. */
static void test_clitic_spelling(void)
{
	static const char *const one[] = {"دونالد ترمب", "ترمب", "لترمب"};
	static const char *const two[] = {"ترامب"};
	marsad_entity_mention m[3];
	size_t a[3], b[1];
	marsad_entity_index *ix = marsad_entity_index_new();
	for (size_t i = 0; i < 3; i++)
		m[i] = (marsad_entity_mention){.text = one[i],
					       .text_len = strlen(one[i]),
					       .type = 1};
	CHECK(marsad_entity_index_add(ix, "a", 1, m, 3, a) == 0);
	CHECK(a[1] == a[0] && a[2] == a[0]);
	add_each(ix, two, 1, 1, b);
	CHECK(b[0] == a[0]);
	marsad_entity_index_free(ix);
}

/* A bare name of another article joins a person only when it is spelled
 * nearly as his family name (BARE_MAX): جهاد and بوينغ are words the
 * tagger took for names, a few cheap letters from هادي and بوتين; in the
 * person's own article the bare name is his. */
static void test_bare_elsewhere(void)
{
	static const char *const names[] = {
		"عبد ربه منصور هادي", "جهاد", "فلاديمير بوتين", "بوينغ",
		"بريتني جرينر", "غرينر",
	};
	enum { N = sizeof names / sizeof *names };
	marsad_entity_index *ix = marsad_entity_index_new();
	size_t ids[N];
	add_each(ix, names, N, 1, ids);
	CHECK(ids[1] != ids[0]);
	CHECK(ids[3] != ids[2]);
	CHECK(ids[5] == ids[4]); /* a transliteration two letters apart */
	/* nor does a full name join another article's bare name so */
	static const char *const place_first[] = {"موريشيوس", "جوزيه مورينيو",
						  "مورينيو"};
	size_t pf[3];
	add_each(ix, place_first, 3, 1, pf);
	CHECK(pf[1] != pf[0] && pf[2] == pf[1]);
	/* a bare name spelled further from the family name of its article's
	 * person than BARE_MAX is not preferred for being in his article:
	 * بوينغ, where Putin is named, is the بوينغ of other articles */
	static const char *const boeing[] = {"بوينغ", "بوينغ"};
	size_t bid[2];
	add_each(ix, boeing, 2, 1, bid);
	marsad_entity_mention both[2] = {
		{.text = names[2], .text_len = strlen(names[2]), .type = 1},
		{.text = "بوينغ", .text_len = strlen("بوينغ"), .type = 1},
	};
	size_t nid[2];
	CHECK(marsad_entity_index_add(ix, "y", 1, both, 2, nid) == 0);
	CHECK(nid[0] == ids[2] && nid[1] == ids[3] && bid[0] == ids[3]);
	/* the same bare name in the person's article */
	marsad_entity_mention m[2] = {
		{.text = names[0], .text_len = strlen(names[0]), .type = 1},
		{.text = "هادي", .text_len = strlen("هادي"), .type = 1},
	};
	size_t two[2];
	CHECK(marsad_entity_index_add(ix, "x", 1, m, 2, two) == 0);
	CHECK(two[0] == ids[0] && two[1] == ids[0]);
	marsad_entity_index_free(ix);
}

/* Two names the tagger took for one, the second with a preposition on it
 * (كارتر بنتنياهو: Carter, with Netanyahu), are not the person of the bare
 * second name, in another article or in theirs; a bare name with a
 * conjunction on it is still the person's (وبوتين). */
static void test_glued_names(void)
{
	static const char *const names[] = {"كارتر بنتنياهو", "نتنياهو",
					    "فلاديمير بوتين", "وبوتين"};
	enum { N = sizeof names / sizeof *names };
	marsad_entity_index *ix = marsad_entity_index_new();
	size_t ids[N];
	add_each(ix, names, N, 1, ids);
	CHECK(ids[1] != ids[0]);
	CHECK(ids[3] == ids[2]);
	marsad_entity_mention m[2] = {
		{.text = names[0], .text_len = strlen(names[0]), .type = 1},
		{.text = names[1], .text_len = strlen(names[1]), .type = 1},
	};
	size_t both[2];
	CHECK(marsad_entity_index_add(ix, "x", 1, m, 2, both) == 0);
	CHECK(both[0] == ids[0] && both[1] == ids[1]);
	marsad_entity_index_free(ix);
}

/* A person named with fewer or more of his forefathers is one person,
 * whichever name comes first; another father is another person. */
static void test_nasab(void)
{
	static const char *const names[] = {
		"محمد بن سلمان", "محمد بن سلمان بن عبدالعزيز",
		"محمد بن نايف بن عبدالعزيز", "محمد بن سلمان بن عبد العزيز آل سعود",
	};
	enum { N = sizeof names / sizeof *names };
	marsad_entity_index *ix = marsad_entity_index_new();
	size_t ids[N];
	add_each(ix, names, N, 1, ids);
	CHECK(ids[1] == ids[0]);
	CHECK(ids[2] != ids[0]);
	CHECK(ids[3] == ids[0]);
	marsad_entity_index_free(ix);
}

/* A bare given name joins the one nasab name of its article that has it
 * (الملك سلمان after سلمان بن عبدالعزيز), also where another's family name
 * is that name with the article (عبدالله السلمان), but not two (محمد after
 * محمد بن نايف and محمد بن سلمان), and does not become one of the person's
 * names:
 * a bare سلمان of another article stays apart. Across articles a bare
 * given name names the same bare name only. */
static void test_given_name(void)
{
	marsad_entity_index *ix = marsad_entity_index_new();
	static const char *const one[] = {"سلمان بن عبدالعزيز آل سعود",
					  "سلمان"};
	static const char *const two[] = {"محمد بن نايف", "محمد بن سلمان",
					  "محمد"};
	static const char *const alone[] = {"سلمان"};
	marsad_entity_mention m[3];
	size_t a[2], b[3], c[1];
	for (size_t i = 0; i < 2; i++)
		m[i] = (marsad_entity_mention){.text = one[i],
					       .text_len = strlen(one[i]),
					       .type = 1};
	CHECK(marsad_entity_index_add(ix, "a", 1, m, 2, a) == 0);
	CHECK(a[1] == a[0]);
	for (size_t i = 0; i < 3; i++)
		m[i] = (marsad_entity_mention){.text = two[i],
					       .text_len = strlen(two[i]),
					       .type = 1};
	CHECK(marsad_entity_index_add(ix, "b", 1, m, 3, b) == 0);
	CHECK(b[0] != b[1] && b[2] != b[0] && b[2] != b[1]);
	/* a family name written with the article is another name: سلمان is
	 * the king's, السلمان the official's */
	static const char *const three[] = {"سلمان بن عبدالعزيز آل سعود",
					    "عبدالله السلمان", "سلمان",
					    "السلمان"};
	marsad_entity_mention m3[4];
	size_t t[4];
	fill_mentions(m3, three, 4, 1);
	CHECK(marsad_entity_index_add(ix, "s", 1, m3, 4, t) == 0);
	CHECK(t[2] == t[0] && t[3] == t[1] && t[1] != t[0]);
	m[0] = (marsad_entity_mention){.text = alone[0],
				       .text_len = strlen(alone[0]), .type = 1};
	CHECK(marsad_entity_index_add(ix, "c", 1, m, 1, c) == 0);
	CHECK(c[0] != a[0]);
	/* the full name still finds the person */
	m[0] = (marsad_entity_mention){.text = one[0],
				       .text_len = strlen(one[0]), .type = 1};
	CHECK(marsad_entity_index_add(ix, "d", 1, m, 1, c) == 0);
	CHECK(c[0] == a[0]);
	/* across articles a bare given name is not the family name of a
	 * full name, nor a full name that bare name: each its own */
	static const char *const family[] = {"محمد عبد العزيز", "عبدالعزيز",
					     "عبد العزيز", "محمد عبدالعزيز"};
	size_t f[4];
	for (size_t i = 0; i < 4; i++) {
		m[0] = (marsad_entity_mention){.text = family[i],
					       .text_len = strlen(family[i]),
					       .type = 1};
		CHECK(marsad_entity_index_add(ix, family[i], strlen(family[i]),
					      m, 1, &f[i]) == 0);
	}
	CHECK(f[1] != f[0] && f[2] == f[1] && f[3] == f[0]);
	marsad_entity_index_free(ix);
	/* nor once the bare name's entity has a spelling with the article */
	ix = marsad_entity_index_new();
	static const char *const bare[] = {"خالد", "الخالد", "أنس خالد"};
	size_t g[3];
	add_each(ix, bare, 3, 1, g);
	CHECK(g[1] == g[0] && g[2] != g[0]);
	marsad_entity_index_free(ix);
}

/* A place has no Latin spelling: the name table would romanize its
 * ordinary words (البيت الأبيض) into nonsense. */
static void test_place_latin(void)
{
	marsad_entity_index *ix = marsad_entity_index_new();
	marsad_entity_mention m[2] = {
		{.text = "البيت الأبيض", .text_len = strlen("البيت الأبيض"),
		 .type = 2},
		{.text = "جو بايدن", .text_len = strlen("جو بايدن"), .type = 1},
	};
	size_t ids[2];
	CHECK(marsad_entity_index_add(ix, "a", 1, m, 2, ids) == 0);
	marsad_entity e;
	CHECK(marsad_entity_index_get(ix, ids[0], &e) == 0);
	CHECK_STR(e.latin, "");
	CHECK(marsad_entity_index_get(ix, ids[1], &e) == 0);
	CHECK_STR(e.latin, "Joe Biden");
	marsad_entity_index_free(ix);
}

int main(void)
{
	CHECK(golden_each("golden/names_match.tsv", name_case) >= 60);
	/* again: the pairs now come from the thread's memo of comparisons
	 * (name.c), which must give the same verdicts */
	CHECK(golden_each("golden/names_match.tsv", name_case) >= 60);

	check_key("بريتني غراينير", "brtn grnr");
	check_key("جرينر", "grnr");
	check_key("", "");
	check_latin("وليام بيرنز", "William Byrnes"); /* وليام: as ويليام */
	check_latin("سيرجي", "Sergey");
	/* seen twice as sergiy; سيرجي, its g written with ج, 28 times */
	check_latin("سيرغي لافروف", "Sergey Lavrov");
	/* romanized: Slavic -ev, -ovich (ب cannot tell b from p) */
	check_latin("باتروشيف", "Batroshev");
	check_latin("كوزلوفيتش", "Kozlovich");
	check_latin("فلاديمير بوتين", "Vladimir Putin");
	check_latin("أنطونيو غوتيريش", "Antonio Guterres");
	check_latin("بول ويلان", "Paul Whelan");
	check_latin("كسيبرتن", "Ksibrtn"); /* unknown: romanized */
	check_latin("عبد الله", "Abdullah");
	check_latin("محمد بن سلمان بن عبدالعزيز",
		    "Mohamed bin Salman bin Abdulaziz");
	check_latin("بنيامين نتنياهو", "Binyamin Netanyahu"); /* not bin */
	/* a Wikidata row that translates a word (ii/الثاني, brother/اخ) is
	 * no spelling */
	check_latin("فيصل الثاني", "Faisal Thani");
	test_place_latin();
	test_canonical_clitic();
	test_places_apart();
	test_body_short_names();
	test_family_names();
	test_middle_names();
	test_short_keys();
	test_clitic_spelling();
	test_place_consonants();
	test_people_apart();
	test_nasab();
	test_bare_elsewhere();
	test_glued_names();
	test_given_name();
	test_grouped();
	CHECK(marsad_name_distance("غرينر", strlen("غرينر"), "غراينير",
				   strlen("غراينير")) < 0.25);
	CHECK(marsad_name_distance("", 0, "x", 1) < 0);
	CHECK(!marsad_name_same("\xff\xfe", 2, "\xff", 1));
	CHECK(!marsad_name_same(NULL, 0, "بيل", strlen("بيل")));

	test_shortcuts();
	test_seeds();
	test_types();
	test_context();
	CHECK_DONE();
}
