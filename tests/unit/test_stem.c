/*
 * test_stem.c — marsad_stem(): the golden cases (golden/stem.tsv), every
 * person and place name of the seed articles, and the invariants (never
 * empty, never longer than the word, a slice of it) over the seed texts, the
 * golden words and random bytes, from several threads at once.
 */
#include <pthread.h>
#include <stdint.h>

#include "check.h"
#include "marsad/text.h"

/* Stems the normalized form of raw into out (NUL-terminated). */
static void stem_of(const char *raw, unsigned hints, char *out,
		    unsigned *flags)
{
	marsad_buf b = MARSAD_BUF_INIT;
	CHECK(marsad_normalize(raw, strlen(raw), &b) == 0);
	size_t n = b.len <= MARSAD_TOKEN_MAX
			   ? marsad_stem(b.data, b.len, hints, out, flags)
			   : 0;
	out[n] = 0;
	marsad_buf_clear(&b);
}

static void golden(int line_no, const char *in, const char *want)
{
	char out[MARSAD_TOKEN_MAX + 1];
	size_t n = marsad_stem(in, strlen(in), 0, out, NULL);
	out[n] = 0;
	if (strcmp(out, want) != 0)
		fprintf(stderr, "golden/stem.tsv:%d: %s\n", line_no, in);
	CHECK_STR(out, want);
}

/*
 * The people and places of the five seed articles, as they are written
 * there. Each must come out whole, with at most a leading article taken
 * off, alone and after و; names of four letters or more also after ب and
 * ل, except where clitic and name make another name (ب+روسيا is Prussia,
 * ب+ويلان is Boylan). لولا is also the particle "were it not for"; the
 * name lexicon (data/names_extra.txt) keeps Lula whole after ل too.
 */
static const char *const seed_names[] = {
	"بوتين", "واشنطن", "موسكو", "ريابكوف", "لافروف", "بيسكوف",
	"ناريشكين", "شويغو", "بيرنز", "بايدن", "جرينر", "غراينير", "غرينر",
	"ويلان", "سوليفان", "أوشاكوف", "باتروشيف", "زاخاروفا", "غيرشكوفيتش",
	"غوتيريش", "أنقرة", "إسطنبول", "كييف", "خيرسون", "أوكرانيا",
	"ميشيغان", "نيويورك", "بلومبرج", "هيرش", "جيراسيموف", "ميلي",
	"أوستن", "لوكيانوف", "فنلندا", "جنيف", "مينسك", "أفغانستان",
	"سيرجي", "سيرغي", "ديمتري", "دميتري", "فلاديمير", "نيكولاي", "يوري",
	"ماريا", "وليام", "بيل", "بول", "جيك", "مارك", "فاليري", "لويد",
	"بريتني", "كارين", "جان", "بيير", "فيكتور", "بوت", "سيمور", "إيفان",
	"باراك", "أوباما", "دونالد", "ترامب", "أنطونيو", "لولا", "سيلفا",
	"فيدور", "روسيا", "أمريكا", "أميركا", "تركيا", "الصين", "الهند",
	"باكستان", "إيران", "بالي", "البرازيل", "الكرملين", "كوميرسانت",
	"نوفوستي", "إنترفاكس", "رويترز", "تاس", "تسنيم", "نورد", "ستريم",
	"لوموند", "ويبانغاه", "الناتو", "الكونغرس", "وول", "ستريت", "جورنال",
};

static void check_seed_names(void)
{
	static const char *const clitics[] = {"", "و", "ب", "ل"};
	for (size_t i = 0; i < sizeof seed_names / sizeof *seed_names; i++) {
		marsad_buf b = MARSAD_BUF_INIT;
		CHECK(marsad_normalize(seed_names[i], strlen(seed_names[i]),
				       &b) == 0);
		const char *want = b.data;
		if (!strncmp(want, "ال", strlen("ال")))
			want += strlen("ال");
		for (size_t k = 0; k < sizeof clitics / sizeof *clitics; k++) {
			char raw[256], out[MARSAD_TOKEN_MAX + 1];
			if (k >= 2 && (strlen(want) < 8 ||
				       !strcmp(seed_names[i], "روسيا") ||
				       !strcmp(seed_names[i], "ويلان")))
				continue;
			if (k == 3 && !strncmp(seed_names[i], "ال", 4))
				snprintf(raw, sizeof raw, "ل%s",
					 seed_names[i] + 2); /* لل */
			else
				snprintf(raw, sizeof raw, "%s%s", clitics[k],
					 seed_names[i]);
			stem_of(raw, 0, out, NULL);
			if (strcmp(out, want) != 0)
				fprintf(stderr, "seed name %s\n", raw);
			CHECK_STR(out, want);
		}
		marsad_buf_clear(&b);
	}
	/* A listed name is reported as one. */
	char out[MARSAD_TOKEN_MAX + 1];
	unsigned flags = 0;
	stem_of("وبوتين", 0, out, &flags);
	CHECK(flags & MARSAD_STEM_IS_NAME);
	stem_of("المدرسة", 0, out, &flags);
	CHECK(!(flags & MARSAD_STEM_IS_NAME));
	/* After a title an unknown word is a name: only the clitic goes. */
	stem_of("وساكوتين", MARSAD_STEM_NAME_CONTEXT, out, &flags);
	CHECK_STR(out, "ساكوتين");
	CHECK(flags & MARSAD_STEM_IS_NAME);
	stem_of("ساكوتين", 0, out, &flags);
	CHECK_STR(out, "ساكو");
}

/* The invariants on one normalized word. */
static int invariant_failures;

static void check_word(const char *w, size_t len)
{
	char out[MARSAD_TOKEN_MAX + 1];
	if (len == 0 || len > MARSAD_TOKEN_MAX)
		return;
	unsigned flags = 0xFFu;
	size_t n = marsad_stem(w, len, 0, out, &flags);
	int ok = n > 0 && n <= len && (flags & ~MARSAD_STEM_IS_NAME) == 0;
	/* The stem is one contiguous slice of the word. */
	int found = 0;
	for (size_t i = 0; ok && i + n <= len && !found; i++)
		found = memcmp(w + i, out, n) == 0;
	if (!ok || !found)
		invariant_failures++;
}

/* Splits normalized text at spaces and punctuation (ASCII after
 * normalization) and checks every word. */
static void check_text(const char *s, size_t len)
{
	marsad_buf b = MARSAD_BUF_INIT;
	if (marsad_normalize(s, len, &b) != 0) {
		invariant_failures++;
		return;
	}
	size_t i = 0;
	while (i < b.len) {
		while (i < b.len && (unsigned char)b.data[i] < 0x80 &&
		       !((b.data[i] | 0x20) >= 'a' && (b.data[i] | 0x20) <= 'z'))
			i++;
		size_t s0 = i;
		while (i < b.len && ((unsigned char)b.data[i] >= 0x80 ||
				     ((b.data[i] | 0x20) >= 'a' &&
				      (b.data[i] | 0x20) <= 'z')))
			i++;
		check_word(b.data + s0, i - s0);
	}
	marsad_buf_clear(&b);
}

static void check_seed_texts(void)
{
	const char *shared = getenv("MARSAD_SHARED");
	char path[4096];
	snprintf(path, sizeof path, "%s/seeds", shared ? shared : "../../shared");
	static const char *const files[] = {
		"000_fe3672199b4635b3.txt", "001_6f70dd8932d5d552.txt",
		"002_7bbecfa491803025.txt", "003_f13009966aefca6f.txt",
		"004_87ffb09050df82ad.txt",
	};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char p[4200];
		snprintf(p, sizeof p, "%s/%s", path, files[i]);
		FILE *f = fopen(p, "rb");
		CHECK(f != NULL);
		if (!f)
			continue;
		char buf[1 << 15];
		size_t n = fread(buf, 1, sizeof buf, f);
		fclose(f);
		CHECK(n > 0);
		check_text(buf, n);
	}
}

/* Random words: Arabic letters, clitic and suffix letters, stray bytes. */
static void check_random(uint32_t seed)
{
	static const char *const pieces[] = {
		"و", "ف", "ب", "ل", "ك", "ال", "ه", "ها", "هم", "ات", "ين",
		"ون", "ي", "ت", "ا", "ن", "س", "م", "ر", "پ", "x", "1", "\xD8",
		"\x80", "\xFF",
	};
	uint32_t x = seed;
	for (int t = 0; t < 20000; t++) {
		char w[64];
		size_t len = 0;
		int parts = 1 + (int)(x % 7);
		for (int k = 0; k < parts; k++) {
			x = x * 1103515245u + 12345u;
			const char *p = pieces[(x >> 16) % (sizeof pieces /
							    sizeof *pieces)];
			size_t l = strlen(p);
			if (len + l > sizeof w)
				break;
			memcpy(w + len, p, l);
			len += l;
		}
		check_word(w, len);
	}
}

static void *worker(void *arg)
{
	check_random((uint32_t)(uintptr_t)arg);
	return NULL;
}

int main(void)
{
	/* First use from several threads at once: the lexicons load once. */
	pthread_t th[4];
	for (uintptr_t i = 0; i < 4; i++)
		CHECK(pthread_create(&th[i], NULL, worker, (void *)(i + 1)) == 0);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);

	CHECK(golden_each("golden/stem.tsv", golden) >= 80);
	check_seed_names();
	check_seed_texts();
	check_random(7);

	/* Edge cases: empty input, non-Arabic words, a word that is all
	 * clitic letters. */
	char out[MARSAD_TOKEN_MAX + 1];
	CHECK(marsad_stem("", 0, 0, out, NULL) == 0);
	CHECK(marsad_stem("news", 4, 0, out, NULL) == 4 &&
	      !memcmp(out, "news", 4));
	size_t n = marsad_stem("وال", strlen("وال"), 0, out, NULL);
	CHECK(n == strlen("وال") && !memcmp(out, "وال", n));

	if (invariant_failures)
		fprintf(stderr, "%d words broke an invariant\n",
			invariant_failures);
	CHECK(invariant_failures == 0);
	CHECK_DONE();
}
