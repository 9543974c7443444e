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
 * looked up by the character's two UTF-8 bytes (as in text_next): nearly
 * every character of an Arabic article is one, and the general path costs
 * a category lookup and a table walk. */
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

const char *marsad_detect_language(const char *s, size_t len,
				   double *arabic_ratio)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t count[NSCRIPTS] = {0}, letters = 0, other = 0;
	size_t fa = 0, ur = 0, ar = 0;
	pthread_once(&tables_once, tables_init);
	for (size_t i = 0; s && i < len;) {
		if (u[i] < 0x80) { /* ASCII: its letters are Latin, none telling */
			unsigned char a = u[i++] | 0x20;
			if (a >= 'a' && a <= 'z') {
				letters++;
				count[LATIN_BLOCK]++;
			}
			continue;
		}
		if ((u[i] & 0xFC) == 0xD8 && i + 1 < len &&
		    (u[i + 1] & 0xC0) == 0x80) {
			unsigned k = arabic_class[((u[i] & 3u) << 6) |
						  (u[i + 1] & 0x3Fu)];
			i += 2;
			if (!k)
				continue;
			letters++;
			count[ARABIC_BLOCK]++;
			fa += (k & A_FA) != 0;
			ur += (k & A_UR) != 0;
			ar += (k & A_AR) != 0;
			continue;
		}
	uint32_t c;
		i += text_decode(u + i, len - i, &c);
		if (c == TEXT_BAD_CP || !is_letter(c))
			continue;
		letters++;
		size_t k = 0;
		while (k < NSCRIPTS && (c < scripts[k].lo || c > scripts[k].hi))
			k++;
		if (k == NSCRIPTS) {
			other++;
			continue;
		}
		count[k]++;
		fa += persian_only(c);
		ur += urdu_only(c);
		ar += arabic_only(c);
	}
	/* Sum the blocks of each script; the table repeats some scripts. */
	size_t sum[NSCRIPTS] = {0};
	for (size_t k = 0; k < NSCRIPTS; k++)
		sum[script_of[k]] += count[k];
	size_t arab = sum[ARABIC_BLOCK], best = 0;
	const char *code = "Zyyy";
	for (size_t k = 0; k < NSCRIPTS; k++) {
		if (sum[k] > best) {
			best = sum[k];
			code = scripts[k].code;
		}
	}
	if (other > best)
		code = "Zzzz"; /* letters of a script not in the table */
	if (arabic_ratio)
		*arabic_ratio = letters ? (double)arab / (double)letters : 0.0;
	if (strcmp(code, "Arab") != 0)
		return code;
	if (fa + ur > ar)
		return ur * 4 >= fa + ur ? "ur" : "fa";
	return "ar";
}
