/*
 * latin.c — a Latin spelling for an Arabic name token.
 *
 * The table data/entity_latin.txt (from Wikidata, CC0) gives the usual
 * English form of 45,000 Arabic spellings of name tokens. A token it lacks
 * borrows the form of the closest known spelling within BORROW_MAX of it
 * (marsad_name_distance: a vowel letter more or less, وليام → ويليام →
 * William); failing that it is romanized letter by letter, with ي U+064A
 * and و U+0648 read as consonants (y, w) before a vowel letter and as
 * vowels (i, o) elsewhere. On the person names of ANETAC, of the tokens
 * the table lacks, 13.0% came out exactly right so, 13.5% when all were
 * romanized and 8.9% when the closest spelling was borrowed at any
 * distance: the limit keeps the common spellings a vowel letter away from
 * a known one and costs little on rare names (`marsad eval names` gives
 * the figures). A final ف after و is then read as v: the table spells
 * 586 of its 756 names that end in وف with -ov (Lavrov), 20 with -of,
 * and `eval names` gives 0.242 exact for 0.239 (ريابكوف: Ryabkov, not
 * Ryabkof); so is a final ف after ي, which is then e (باتروشيف: -shev),
 * and a ف before a final يتش (-ovich), and تش is ch: 0.243 exact and
 * 0.307 sound-alike, for 0.242 and 0.305. Two kinds of token the
 * one-word table cannot hold are spelled from their parts: عبد + a name
 * of God (عبدالعزيز → Abdulaziz) and بن/ابن + a father's name the table
 * knows (بن سلمان → bin Salman).
 *
 * The table is parsed and sorted by skeleton key once, on first use: a
 * lookup is a binary search and one comparison per entry of that key,
 * remembered per thread and token (LATIN_MEMO).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "entity_int.h"
#include "internal.h"

MARSAD_DATA(entity_latin);

typedef struct latin_entry {
	const char *ar, *lat; /* into the embedded file */
	unsigned char ar_len, lat_len;
	char key[NAME_KEY_MAX];
	name_tok tok; /* ar parsed */
} latin_entry;

static latin_entry *table;
static size_t n_table;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int count_line(void *ctx, const char *line, size_t n)
{
	(*(size_t *)ctx)++;
	return 0;
}

static int add_line(void *ctx, const char *line, size_t n)
{
	const char *sp = memchr(line, ' ', n);
	if (!sp || sp == line || (size_t)(sp - line) > 255 ||
	    n - (size_t)(sp - line) - 1 > 255)
		return 0;
	latin_entry *e = &table[n_table];
	e->ar = line;
	e->ar_len = (unsigned char)(sp - line);
	e->lat = sp + 1;
	e->lat_len = (unsigned char)(n - (size_t)(sp - line) - 1);
	name_parts p;
	entity_parse(e->ar, e->ar_len, &p);
	if (p.n != 1)
		return 0;
	e->tok = p.t[0];
	entity_tok_key(&e->tok, e->key);
	n_table++;
	return 0;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const latin_entry *)a)->key,
		      ((const latin_entry *)b)->key);
}

static void load(void)
{
	size_t n = 0;
	marsad_lexicon_each(marsad_data_entity_latin,
			    marsad_data_entity_latin_len, count_line, &n);
	table = malloc((n ? n : 1) * sizeof *table);
	if (!table)
		return; /* no table: every name is romanized */
	marsad_lexicon_each(marsad_data_entity_latin,
			    marsad_data_entity_latin_len, add_line, NULL);
	qsort(table, n_table, sizeof *table, by_key);
}

/* The table's entry for t's spelling, else the closest within
 * BORROW_MAX, or NULL. */
#define BORROW_MAX 0.1
static const latin_entry *search(const name_tok *t)
{
	char key[NAME_KEY_MAX];
	entity_tok_key(t, key);
	size_t lo = 0, hi = n_table;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(table[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < n_table && strcmp(table[end].key, key) == 0)
		end++;
	/* the spelling itself first: most are in the table, and a key has
	 * many spellings to compare with */
	for (size_t i = lo; i < end; i++)
		if (entity_tok_eq(&table[i].tok, t))
			return &table[i];
	const latin_entry *best = NULL;
	double best_d = 0;
	for (size_t i = lo; i < end; i++) {
		double d;
		if (!entity_tok_match_d(t, &table[i].tok, &d) || d > BORROW_MAX)
			continue;
		if (!best || d < best_d) {
			best = &table[i];
			best_d = d;
		}
	}
	return best;
}

/* A token and its entry, remembered per thread: the search compares the
 * token with every spelling of its key, and the same names (a story's
 * cast, an entity list) come back again and again. */
#define LATIN_MEMO 1024
typedef struct latin_memo {
	name_tok t;             /* n 0: empty slot */
	const latin_entry *e;   /* NULL: romanized */
} latin_memo;
static _Thread_local latin_memo memo[LATIN_MEMO];

static const latin_entry *lookup(const name_tok *t)
{
	latin_memo *m = &memo[entity_tok_hash(t) % LATIN_MEMO];
	if (m->t.n && entity_tok_eq(&m->t, t))
		return m->e;
	m->e = search(t);
	m->t = *t;
	return m->e;
}

/* Letter-by-letter romanization of the consonants; the vowel letters
 * ا و ي (U+0627 U+0648 U+064A) are handled by the caller. */
static const char *roman(uint32_t cp)
{
	switch (cp) {
	case 0x628: return "b";   case 0x62A: return "t";
	case 0x62B: return "th";  case 0x62C: return "j";
	case 0x62D: return "h";   case 0x62E: return "kh";
	case 0x62F: return "d";   case 0x630: return "dh";
	case 0x631: return "r";   case 0x632: return "z";
	case 0x633: return "s";   case 0x634: return "sh";
	case 0x635: return "s";   case 0x636: return "d";
	case 0x637: return "t";   case 0x638: return "z";
	case 0x63A: return "g";   case 0x641: return "f";
	case 0x642: return "q";   case 0x643: return "k";
	case 0x644: return "l";   case 0x645: return "m";
	case 0x646: return "n";   case 0x647: return "h";
	case 0x67E: return "p";   case 0x686: return "ch";
	case 0x6A4: return "v";   case 0x6AF: return "g";
	default: return ""; /* ء ع and anything else: not written */
	}
}

static int is_vowel_letter(uint32_t cp)
{
	return cp == 0x627 || cp == 0x648 || cp == 0x64A;
}

/* Whether letter i of t is a ف that Slavic names end in as v: after و
 * or ي, at the end or before يتش (ريابكوف Ryabkov, باتروشيف Patrushev,
 * غيرشكوفيتش Gershkovich). */
static int slavic_v(const name_tok *t, unsigned i)
{
	static const uint32_t ich[] = {0x64A, 0x62A, 0x634};
	if (i == 0 || i >= t->n || t->c[i] != 0x641 ||
	    (t->c[i - 1] != 0x648 && t->c[i - 1] != 0x64A))
		return 0;
	return i + 1 == t->n ||
	       (i + 4 == t->n && memcmp(t->c + i + 1, ich, sizeof ich) == 0);
}

static int romanize(const name_tok *t, marsad_buf *out)
{
	marsad_buf w = MARSAD_BUF_INIT;
	int rc = 0;
	for (unsigned i = 0; i < t->n && !rc; i++) {
		uint32_t c = t->c[i];
		int before_vowel = i + 1 < t->n && is_vowel_letter(t->c[i + 1]);
		const char *s;
		if (c < 0x80)
			s = NULL; /* Latin letters stand for themselves */
		else if (c == 0x627)
			s = "a";
		else if (c == 0x648)
			s = i == 0 || before_vowel ? "w" : "o";
		else if (c == 0x64A && slavic_v(t, i + 1) && i > 0)
			s = "e"; /* باتروشيف: Patrushev */
		else if (c == 0x64A)
			s = i == 0 || before_vowel ? "y" : "i";
		else if (c == 0x641 && slavic_v(t, i))
			s = "v"; /* ريابكوف: Ryabkov */
		else if (c == 0x62A && i + 1 < t->n && t->c[i + 1] == 0x634) {
			s = "ch"; /* تشيرنوف: Chernov */
			i++;
		} else
			s = roman(c);
		if (s)
			rc = marsad_buf_append(&w, s, strlen(s));
		else
			rc = marsad_buf_putc(&w, (char)c);
	}
	if (!rc && w.len) {
		if (w.data[0] >= 'a' && w.data[0] <= 'z')
			w.data[0] = (char)(w.data[0] - 'a' + 'A');
		rc = marsad_buf_append(out, w.data, w.len);
	}
	marsad_buf_clear(&w);
	return rc;
}

/* عبد + a name of God: "Abdul" and the name (عبدالعزيز → Abdulaziz),
 * عبدالله → Abdullah; the table has them as two words, which it cannot
 * hold. */
static int compound_latin(const name_tok *t, size_t k, marsad_buf *out)
{
	name_tok rest;
	entity_tok_rest(t, k + 2, &rest); /* and the article */
	static const uint32_t god[] = {0x644, 0x647}; /* (ال)له */
	if (rest.n == 2 && memcmp(rest.c, god, sizeof god) == 0)
		return marsad_buf_append(out, "Abdullah", 8);
	int rc = marsad_buf_append(out, "Abdul", 5);
	size_t at = out->len;
	if (!rc)
		rc = entity_tok_latin(&rest, out);
	for (size_t i = at; !rc && i < out->len; i++)
		if (out->data[i] >= 'A' && out->data[i] <= 'Z')
			out->data[i] = (char)(out->data[i] - 'A' + 'a');
	return rc;
}

/* entity_tok_father(t) when the father's name after بن or ابن is one the
 * table knows, or a compound (بنسلمان, بنعبدالعزيز), else 0: بنيامين is
 * not بن يامين. */
static size_t known_father(const name_tok *t)
{
	size_t k = entity_tok_father(t);
	if (!k || t->n < k + 2)
		return 0;
	name_tok rest;
	entity_tok_rest(t, k, &rest);
	if (entity_tok_compound(&rest))
		return k;
	const latin_entry *e = lookup(&rest);
	return e && entity_tok_eq(&e->tok, &rest) ? k : 0;
}

int entity_tok_latin(const name_tok *t, marsad_buf *out)
{
	pthread_once(&once, load);
	size_t k = entity_tok_compound(t);
	if (k)
		return compound_latin(t, k, out);
	const latin_entry *e = table ? lookup(t) : NULL;
	if (table && (!e || !entity_tok_eq(&e->tok, t)) &&
	    (k = known_father(t)) != 0) {
		name_tok rest;
		entity_tok_rest(t, k, &rest);
		int rc = marsad_buf_append(out, k == 3 ? "ibn " : "bin ", 4);
		return rc ? rc : entity_tok_latin(&rest, out);
	}
	if (!e)
		return romanize(t, out);
	int rc = marsad_buf_reserve(out, e->lat_len);
	if (rc)
		return rc;
	size_t at = out->len;
	marsad_buf_append(out, e->lat, e->lat_len);
	if (out->data[at] >= 'a' && out->data[at] <= 'z')
		out->data[at] = (char)(out->data[at] - 'a' + 'A');
	return 0;
}

int marsad_name_latin(const char *s, size_t len, marsad_buf *out)
{
	if (!out || (!s && len))
		return MARSAD_EINVAL;
	name_parts p;
	entity_parse(s, len, &p);
	for (unsigned i = 0; i < p.n; i++) {
		int rc = (i ? marsad_buf_putc(out, ' ') : 0);
		if (!rc)
			rc = entity_tok_latin(&p.t[i], out);
		if (rc)
			return rc;
	}
	return 0;
}
