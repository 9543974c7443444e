/*
 * normalize.c — the character fold and marsad_normalize().
 *
 * Arabic orthographic normalization for matching, as in Larkey, Ballesteros
 * & Connell, "Light Stemming for Arabic Information Retrieval" (2007) and
 * Lucene's ArabicNormalizer, extended to Persian/Urdu letters, digits and
 * Unicode compatibility forms:
 *
 *   removed    harakat and shadda U+064B–U+0652, U+0653–U+065F (maddah,
 *              hamza above/below, other small marks), U+0670 superscript
 *              alef, U+0610–U+061A honorific marks, Quranic marks
 *              U+06D6–U+06ED, tatweel U+0640, number signs U+0600–U+0605,
 *              and the zero-width and bidi controls (U+200B–U+200F,
 *              U+202A–U+202E, U+2060–U+2064, U+2066–U+2069, U+FEFF,
 *              U+061C, U+00AD): they change how a word looks, not which
 *              word it is;
 *   alef       أ إ آ ٱ U+0623 U+0625 U+0622 U+0671 (and the wavy/high
 *              hamza alefs U+0672 U+0673 U+0675) → ا U+0627: writers drop
 *              or misplace the hamza on alef freely;
 *   hamza      ؤ U+0624 → و U+0648 and ئ U+0626 → ي U+064A: the seat is
 *              kept, the hamza dropped, so مسؤول/مسوول and رئيس/رييس meet
 *              (a common IR choice; the standalone hamza ء U+0621 stays);
 *   yeh        ى U+0649 alef maqsura, ی U+06CC Farsi yeh, ے ۓ U+06D2
 *              U+06D3 → ي U+064A: final ى/ي are written interchangeably
 *              (Egyptian usage) and Persian keyboards type ی;
 *   heh        ة U+0629 ta marbuta → ه U+0647 (final ة/ه are confused in
 *              practice), and the Persian/Urdu hehs ھ ۀ ہ ۂ ۃ ە (U+06BE
 *              U+06C0–U+06C3 U+06D5) → ه;
 *   kaf        ک U+06A9 keheh and ڪ U+06AA swash kaf → ك U+0643;
 *   digits     U+0660–U+0669 and U+06F0–U+06F9 → ASCII 0–9;
 *   punct      ، U+060C → ","  ؛ U+061B → ";"  ؟ U+061F → "?"
 *              ٪ U+066A → "%"  ٫ U+066B → "."  ٬ U+066C → ","
 *              ۔ U+06D4 → "."; U+2010/U+2011 hyphens → "-"; U+2019 and
 *              U+02BC apostrophes → "'";
 *   other      utf8proc compatibility decomposition + case fold + mark
 *              stripping (NFKC_Casefold without accents): presentation
 *              forms U+FB50–U+FDFF and U+FE70–U+FEFF and the lam-alef
 *              ligatures become base letters, full-width Latin becomes
 *              ASCII, é becomes e; ASCII is lower-cased by table.
 */
#include <pthread.h>
#include <string.h>
#include <utf8proc.h>

#include "marsad/text.h"
#include "text_internal.h"

/* The tables below list a range first and then its exceptions, which is
 * what designated initializers are for: silence the override warning. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"

#define S TEXT_SPACE
#define P TEXT_PUNCT
#define L TEXT_LATIN
#define D TEXT_DIGIT
#define A TEXT_ARABIC
#define X TEXT_IGNORE

const text_fast marsad_text_ascii[128] = {
	[0x00 ... 0x20] = {S, 0},
	[0x21 ... 0x2F] = {P, 0},
	[0x30 ... 0x39] = {D, 0},
	[0x3A ... 0x40] = {P, 0},
#define UP(c) [c] = {L, c + 0x20}
	UP('A'), UP('B'), UP('C'), UP('D'), UP('E'), UP('F'), UP('G'),
	UP('H'), UP('I'), UP('J'), UP('K'), UP('L'), UP('M'), UP('N'),
	UP('O'), UP('P'), UP('Q'), UP('R'), UP('S'), UP('T'), UP('U'),
	UP('V'), UP('W'), UP('X'), UP('Y'), UP('Z'),
#undef UP
	[0x5B ... 0x60] = {P, 0},
	[0x61 ... 0x7A] = {L, 0},
	[0x7B ... 0x7E] = {P, 0},
	[0x7F] = {S, 0},
};

/* Indexed by code point − U+0600; the rules are the file header's. */
const text_fast marsad_text_arabic[256] = {
	[0x00 ... 0x05] = {X, 0},        /* number signs (format) */
	[0x06 ... 0x0F] = {P, 0},        /* cube root, per mille, date sep.. */
	[0x0C] = {P, ','},               /* ، ARABIC COMMA */
	[0x10 ... 0x1A] = {X, 0},        /* honorific and small marks */
	[0x1B] = {P, ';'},               /* ؛ ARABIC SEMICOLON */
	[0x1C] = {X, 0},                 /* ARABIC LETTER MARK (bidi) */
	[0x1D ... 0x1E] = {P, 0},
	[0x1F] = {P, '?'},               /* ؟ ARABIC QUESTION MARK */
	[0x20 ... 0x3F] = {A, 0},
	[0x22] = {A, 0x627},             /* آ */
	[0x23] = {A, 0x627},             /* أ */
	[0x24] = {A, 0x648},             /* ؤ → و */
	[0x25] = {A, 0x627},             /* إ */
	[0x26] = {A, 0x64A},             /* ئ → ي */
	[0x29] = {A, 0x647},             /* ة → ه */
	[0x40] = {X, 0},                 /* tatweel */
	[0x41 ... 0x4A] = {A, 0},
	[0x49] = {A, 0x64A},             /* ى → ي */
	[0x4B ... 0x5F] = {X, 0},        /* harakat, shadda, sukun, marks */
	[0x60] = {D, '0'}, [0x61] = {D, '1'}, [0x62] = {D, '2'},
	[0x63] = {D, '3'}, [0x64] = {D, '4'}, [0x65] = {D, '5'},
	[0x66] = {D, '6'}, [0x67] = {D, '7'}, [0x68] = {D, '8'},
	[0x69] = {D, '9'},
	[0x6A] = {P, '%'},               /* ٪ */
	[0x6B] = {P, '.'},               /* ٫ decimal separator */
	[0x6C] = {P, ','},               /* ٬ thousands separator */
	[0x6D] = {P, 0},                 /* ٭ */
	[0x6E ... 0x6F] = {A, 0},        /* dotless beh, qaf */
	[0x70] = {X, 0},                 /* superscript alef */
	[0x71 ... 0xD3] = {A, 0},
	[0x71] = {A, 0x627},             /* ٱ alef wasla */
	[0x72 ... 0x73] = {A, 0x627},    /* wavy hamza alefs */
	[0x75] = {A, 0x627},             /* high hamza alef */
	[0x76] = {A, 0x648},             /* high hamza waw */
	[0x78] = {A, 0x64A},             /* high hamza yeh */
	[0xA9 ... 0xAA] = {A, 0x643},    /* ک keheh, ڪ swash kaf */
	[0xBE] = {A, 0x647},             /* ھ heh doachashmee */
	[0xC0 ... 0xC3] = {A, 0x647},    /* ۀ ہ ۂ ۃ */
	[0xCC] = {A, 0x64A},             /* ی Farsi yeh */
	[0xD2 ... 0xD3] = {A, 0x64A},    /* ے ۓ yeh barree */
	[0xD4] = {P, '.'},               /* ۔ ARABIC FULL STOP */
	[0xD5] = {A, 0x647},             /* ە ae */
	[0xD6 ... 0xED] = {X, 0},        /* Quranic annotation marks */
	[0xEE ... 0xEF] = {A, 0},
	[0xF0] = {D, '0'}, [0xF1] = {D, '1'}, [0xF2] = {D, '2'},
	[0xF3] = {D, '3'}, [0xF4] = {D, '4'}, [0xF5] = {D, '5'},
	[0xF6] = {D, '6'}, [0xF7] = {D, '7'}, [0xF8] = {D, '8'},
	[0xF9] = {D, '9'},
	[0xFA ... 0xFC] = {A, 0},
	[0xFD ... 0xFE] = {P, 0},
	[0xFF] = {A, 0},
};

#undef S
#undef P
#undef L
#undef D
#undef A
#undef X
#pragma GCC diagnostic pop

/* The class of a code point outside the fast tables, after folding. */
static unsigned char class_of(uint32_t cp)
{
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		if ((cp >= 0x00C0 && cp <= 0x024F) ||
		    (cp >= 0x1E00 && cp <= 0x1EFF) ||
		    (cp >= 0x2C60 && cp <= 0x2C7F) ||
		    (cp >= 0xA720 && cp <= 0xA7FF))
			return TEXT_LATIN;
		/* Arabic Supplement and Extended-A/B: letters of Arabic-script
		 * languages (the presentation forms were decomposed). */
		if ((cp >= 0x0750 && cp <= 0x077F) ||
		    (cp >= 0x0870 && cp <= 0x08FF))
			return TEXT_ARABIC;
		return TEXT_LETTER;
	case UTF8PROC_CATEGORY_ND:
		return TEXT_DIGIT;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_CF:
		return TEXT_IGNORE;
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_CC:
		return TEXT_SPACE;
	default:
		return TEXT_PUNCT;
	}
}

/* Appends the fold of cp (already decomposed) to out[n]; returns n. */
static size_t put(uint32_t cp, text_unit *out, size_t n)
{
	const text_fast *f;
	unsigned char cls;
	switch (cp) {
	case 0x00AD: /* soft hyphen */
	case 0x200B: case 0x200C: case 0x200D: case 0x200E: case 0x200F:
	case 0x202A: case 0x202B: case 0x202C: case 0x202D: case 0x202E:
	case 0x2060: case 0x2061: case 0x2062: case 0x2063: case 0x2064:
	case 0x2066: case 0x2067: case 0x2068: case 0x2069:
	case 0xFEFF:
		/* Zero-width (ZWSP, ZWNJ, ZWJ, word joiner), bidi marks,
		 * embeddings and isolates, BOM: invisible, never split. */
		return n;
	case 0x2010: case 0x2011: /* HYPHEN, NON-BREAKING HYPHEN */
		cp = '-';
		break;
	case 0x2019: case 0x02BC: /* apostrophes as typed in names */
		cp = '\'';
		break;
	case 0x0085: case 0x2028: case 0x2029: /* line separators */
		cp = ' ';
		break;
	}
	if (cp < 0x80) {
		f = &marsad_text_ascii[cp];
	} else if (cp >= 0x600 && cp <= 0x6FF) {
		f = &marsad_text_arabic[cp - 0x600];
	} else {
		cls = class_of(cp);
		if (cls != TEXT_IGNORE) {
			out[n].cp = cp;
			out[n++].cls = cls;
		}
		return n;
	}
	if (f->cls != TEXT_IGNORE) {
		out[n].cp = f->to ? f->to : cp;
		out[n++].cls = f->cls;
	}
	return n;
}

size_t marsad_text_fold(uint32_t cp, text_unit out[TEXT_FOLD_MAX])
{
	/* The fast blocks, the characters put() maps itself, and Hangul
	 * syllables (which stay whole) need no decomposition. */
	if (cp < 0x80 || (cp >= 0x600 && cp <= 0x6FF) || cp == 0x00AD ||
	    cp == 0x02BC || cp == 0x0085 || (cp >= 0x2000 && cp <= 0x206F) ||
	    cp == 0xFEFF || (cp >= 0xAC00 && cp <= 0xD7A3))
		return put(cp, out, 0);
	utf8proc_int32_t d[TEXT_FOLD_MAX];
	int last = 0;
	utf8proc_ssize_t k = utf8proc_decompose_char(
		(utf8proc_int32_t)cp, d, TEXT_FOLD_MAX,
		UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
			UTF8PROC_STRIPMARK | UTF8PROC_IGNORE,
		&last);
	if (k < 0 || k > TEXT_FOLD_MAX)
		return put(cp, out, 0);
	size_t n = 0;
	for (utf8proc_ssize_t j = 0; j < k; j++)
		n = put((uint32_t)d[j], out, n);
	return n;
}

size_t marsad_text_fold_entry(const char *line, size_t n, int arabic_only,
			      char *out, size_t cap)
{
	const unsigned char *u = (const unsigned char *)line;
	const uint16_t *arabic = marsad_text_arabic_pairs();
	text_unit units[TEXT_FOLD_MAX];
	size_t len = 0;
	for (size_t i = 0; i < n;) {
		/* Arabic letters and marks straight from the table: a letter
		 * is of TEXT_ARABIC, the one class every caller takes */
		uint16_t v = i + 1 < n ? text_arabic_fold(arabic, u + i)
				       : TEXT_ARABIC_STOP;
		if (v == TEXT_ARABIC_SKIP) {
			i += 2;
			continue;
		}
		if (v != TEXT_ARABIC_STOP) {
			if (len + 4 > cap)
				return 0;
			memcpy(out + len, &v, 2);
			len += 2;
			i += 2;
			continue;
		}
		size_t k;
		i += text_next(u, n, i, units, &k);
		for (size_t j = 0; j < k; j++) {
			unsigned c = units[j].cls;
			if (c == TEXT_SPACE || c == TEXT_PUNCT || c == TEXT_BAD ||
			    (arabic_only && c != TEXT_ARABIC) || len + 4 > cap)
				return 0;
			len += marsad_utf8_encode(units[j].cp, out + len);
		}
	}
	return len;
}

static uint16_t arabic_pairs[TEXT_PAIR_SPAN];
static pthread_once_t arabic_once = PTHREAD_ONCE_INIT;

static void arabic_init(void)
{
	for (unsigned at = 0; at < TEXT_PAIR_SPAN; at++)
		arabic_pairs[at] = TEXT_ARABIC_STOP;
	for (unsigned idx = 0; idx < 256; idx++) {
		const text_fast *f = &marsad_text_arabic[idx];
		unsigned char u[2] = {(unsigned char)(0xD8 | idx >> 6),
				      (unsigned char)(0x80 | (idx & 0x3F))};
		uint16_t *e = &arabic_pairs[text_pair(u)];
		char b[4];
		if (f->cls == TEXT_IGNORE)
			*e = TEXT_ARABIC_SKIP;
		else if (f->cls == TEXT_ARABIC &&
			 marsad_utf8_encode(f->to ? f->to : 0x600u + idx, b) == 2)
			memcpy(e, b, 2);
	}
}

const uint16_t *marsad_text_arabic_pairs(void)
{
	pthread_once(&arabic_once, arabic_init);
	return arabic_pairs;
}

int marsad_normalize(const char *s, size_t len, marsad_buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	const uint16_t *arabic = marsad_text_arabic_pairs();
	char chunk[4096];
	size_t c = 0;
	text_unit units[TEXT_FOLD_MAX];
	for (size_t i = 0; i < len;) {
		/* Arabic letters and marks straight from the table */
		if (i + 1 < len) {
			uint16_t v = text_arabic_fold(arabic, u + i);
			if (v == TEXT_ARABIC_SKIP) {
				i += 2;
				continue;
			}
			if (v != TEXT_ARABIC_STOP && c <= sizeof chunk - 4) {
				memcpy(chunk + c, &v, 2);
				c += 2;
				i += 2;
				continue;
			}
		}
		size_t n;
		i += text_next(u, len, i, units, &n);
		for (size_t k = 0; k < n; k++) {
			if (c > sizeof chunk - 4) {
				int rc = marsad_buf_append(out, chunk, c);
				if (rc)
					return rc;
				c = 0;
			}
			c += marsad_utf8_encode(units[k].cp, chunk + c);
		}
	}
	return marsad_buf_append(out, chunk, c);
}
