/*
 * script.c — marsad_detect_language(): the script of an article from its
 * letters, and Arabic versus Persian/Urdu within the Arabic script.
 *
 * Every letter (Unicode general category L*) is counted by the script
 * block it belongs to; the largest count wins. Within the Arabic script,
 * Persian and Urdu are told apart by the letters Arabic does not use and
 * the Arabic letters they replace: Persian writes ی U+06CC and ک U+06A9
 * where Arabic writes ي U+064A and ك U+0643, and adds پ چ ژ گ (U+067E
 * U+0686 U+0698 U+06AF); Urdu adds ٹ ڈ ڑ ں ے ہ ھ (U+0679 U+0688 U+0691
 * U+06BA U+06D2 U+06C1 U+06BE). Among these telling letters (the
 * Persian/Urdu-only ones, plus ي ك ة ى which Persian and Urdu avoid), a
 * text is Arabic unless the Persian/Urdu-only ones are most of them;
 * then it is Urdu when Urdu-only letters are at least a quarter of those,
 * else Persian. Arabic news quoting a Persian name (گ in "گوگل") stays
 * "ar" because its own ي ك ة ى outnumber the foreign letters.
 */
#include <pthread.h>
#include <string.h>
#include <utf8proc.h>

#include "marsad/text.h"
#include "text_internal.h"

static const struct script {
	uint32_t lo, hi;
	const char *code;
} scripts[] = {
	{0x0041, 0x024F, "Latn"}, {0x0370, 0x03FF, "Grek"},
	{0x0400, 0x052F, "Cyrl"}, {0x0530, 0x058F, "Armn"},
	{0x0590, 0x05FF, "Hebr"}, {0x0600, 0x06FF, "Arab"},
	{0x0700, 0x074F, "Syrc"}, {0x0750, 0x077F, "Arab"},
	{0x0780, 0x07BF, "Thaa"}, {0x0870, 0x08FF, "Arab"},
	{0x0900, 0x097F, "Deva"}, {0x0980, 0x09FF, "Beng"},
	{0x0A00, 0x0A7F, "Guru"}, {0x0A80, 0x0AFF, "Gujr"},
	{0x0B80, 0x0BFF, "Taml"}, {0x0E00, 0x0E7F, "Thai"},
	{0x10A0, 0x10FF, "Geor"}, {0x1100, 0x11FF, "Hang"},
	{0x1200, 0x139F, "Ethi"}, {0x1E00, 0x1EFF, "Latn"},
	{0x1F00, 0x1FFF, "Grek"}, {0x2C60, 0x2C7F, "Latn"},
	{0x3040, 0x309F, "Hira"}, {0x30A0, 0x30FF, "Kana"},
	{0x3400, 0x4DBF, "Hani"}, {0x4E00, 0x9FFF, "Hani"},
	{0xA720, 0xA7FF, "Latn"}, {0xAC00, 0xD7AF, "Hang"},
	{0xFB1D, 0xFB4F, "Hebr"}, {0xFB50, 0xFDFF, "Arab"},
	{0xFE70, 0xFEFF, "Arab"}, {0xFF21, 0xFF5A, "Latn"},
};

#define NSCRIPTS (sizeof scripts / sizeof *scripts)

static int persian_only(uint32_t c)
{
	return c == 0x06CC || c == 0x06A9 || c == 0x067E || c == 0x0686 ||
	       c == 0x0698 || c == 0x06AF;
}

static int urdu_only(uint32_t c)
{
	return c == 0x0679 || c == 0x0688 || c == 0x0691 || c == 0x06BA ||
	       c == 0x06D2 || c == 0x06C1 || c == 0x06BE;
}

static int arabic_only(uint32_t c)
{
	return c == 0x064A || c == 0x0643 || c == 0x0629 || c == 0x0649;
}

static int is_letter(uint32_t c)
{
	utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)c);
	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

/* The letters of U+0600–U+06FF and which of the telling letters each is,
 * indexed by the low bits of the character's two UTF-8 bytes (as in
 * text_next): nearly every character of an Arabic article is one, so the
 * loop only tallies them by that index and the table weighs the tallies
 * once, where the general path costs a category lookup and a table walk a
 * character. */
#define ARABIC_BLOCK 5 /* scripts[ARABIC_BLOCK] is U+0600–U+06FF */
#define LATIN_BLOCK 0  /* scripts[LATIN_BLOCK] holds ASCII's letters */
enum { A_LETTER = 1, A_FA = 2, A_UR = 4, A_AR = 8 };
static unsigned char arabic_class[256];
/* Each block's script, as the index of the script's first block. */
static unsigned char script_of[NSCRIPTS];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void tables_init(void)
{
	for (size_t k = 0; k < NSCRIPTS; k++) {
		size_t j = 0;
		while (strcmp(scripts[j].code, scripts[k].code) != 0)
			j++;
		script_of[k] = (unsigned char)j;
	}
	for (uint32_t idx = 0; idx < 256; idx++) {
		uint32_t c = 0x600u + idx;
		if (is_letter(c))
			arabic_class[idx] =
				(unsigned char)(A_LETTER |
						(persian_only(c) ? A_FA : 0) |
						(urdu_only(c) ? A_UR : 0) |
						(arabic_only(c) ? A_AR : 0));
	}
}

/* The letters counted so far. */
typedef struct tally {
	size_t count[NSCRIPTS]; /* by block */
	size_t letters, other;  /* other: of a script not in the table */
	size_t fa, ur, ar;      /* telling letters */
} tally;

/* Counts the character at s (len > 0 bytes) by the general path, out of
 * the hot loop; returns its length. */
static __attribute__((noinline)) size_t count_char(const unsigned char *s,
						   size_t len, tally *t)
{
	uint32_t c;
	size_t n = text_decode(s, len, &c);
	if (c == TEXT_BAD_CP || !is_letter(c))
		return n;
	t->letters++;
	size_t k = 0;
	while (k < NSCRIPTS && (c < scripts[k].lo || c > scripts[k].hi))
		k++;
	if (k == NSCRIPTS) {
		t->other++;
		return n;
	}
	t->count[k]++;
	t->fa += persian_only(c);
	t->ur += urdu_only(c);
	t->ar += arabic_only(c);
	return n;
}

const char *marsad_detect_language(const char *s, size_t len,
				   double *arabic_ratio)
{
	const unsigned char *u = (const unsigned char *)s;
	tally t = {{0}, 0, 0, 0, 0, 0};
	/* ASCII and U+0600–U+06FF, nearly every character of an article, are
	 * only tallied in the loop, and the tallies weighed after it. */
	size_t ascii[0x80] = {0}, arabic[256] = {0};
	pthread_once(&tables_once, tables_init);
	for (const unsigned char *p = u, *end = u + len; s && p < end;) {
		/* the byte and the next one (0 past the end) */
		unsigned w = p[0] | (p + 1 < end ? (unsigned)p[1] << 8 : 0);
		if ((w & 0xC0FC) == 0x80D8) {
			/* U+0600 + the low bits of the two bytes */
			arabic[(w & 0xFF) * 64 + (w >> 8) - (0xD8 * 64 + 0x80)]++;
			p += 2;
		} else if (p[0] < 0x80) {
			ascii[p[0]]++;
			p++;
		} else {
			p += count_char(p, (size_t)(end - p), &t);
		}
	}
	/* The tallies weighed: ASCII's letters are Latin, none telling; the
	 * Arabic block's letters are told by arabic_class. */
	size_t latin = 0, arab_block = 0;
	for (unsigned a = 'A'; a <= 'Z'; a++)
		latin += ascii[a] + ascii[a | 0x20];
	for (size_t idx = 0; idx < 256; idx++) {
		unsigned k = arabic_class[idx];
		if (!k)
			continue;
		arab_block += arabic[idx];
		t.fa += k & A_FA ? arabic[idx] : 0;
		t.ur += k & A_UR ? arabic[idx] : 0;
		t.ar += k & A_AR ? arabic[idx] : 0;
	}
	t.count[LATIN_BLOCK] += latin;
	t.count[ARABIC_BLOCK] += arab_block;
	t.letters += latin + arab_block;
	/* Sum the blocks of each script; the table repeats some scripts. */
	size_t sum[NSCRIPTS] = {0};
	for (size_t k = 0; k < NSCRIPTS; k++)
		sum[script_of[k]] += t.count[k];
	size_t arab = sum[ARABIC_BLOCK], best = 0;
	const char *code = "Zyyy";
	for (size_t k = 0; k < NSCRIPTS; k++) {
		if (sum[k] > best) {
			best = sum[k];
			code = scripts[k].code;
		}
	}
	if (t.other > best)
		code = "Zzzz"; /* letters of a script not in the table */
	if (arabic_ratio)
		*arabic_ratio = t.letters ? (double)arab / (double)t.letters
					  : 0.0;
	if (strcmp(code, "Arab") != 0)
		return code;
	if (t.fa + t.ur > t.ar)
		return t.ur * 4 >= t.fa + t.ur ? "ur" : "fa";
	return "ar";
}
