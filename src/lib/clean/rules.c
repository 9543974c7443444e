/*
 * rules.c — the cleaner's built-in knowledge: the folded key of a line and
 * the phrase lexicon data/boilerplate.txt compiled into lookup tables.
 *
 * A line and a pattern are compared by their keys (clean_key): the text
 * normalized by marsad_normalize() with everything but letters and digits
 * dropped, so that spelling variants of one phrase (hamza seats, harakat,
 * tatweel, punctuation such as "||" or ":") are one key. Whole-line,
 * label, credit, tag and date rules sit in one open-addressing hash table
 * keyed by (class, key): a line costs one lookup each. Start and end rules
 * are few and are compared in file order; a contains rule is only tried
 * where its first word stands in the line. Only lines of at most
 * CLEAN_LINE_MAX bytes are looked at.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "clean_int.h"
#include "internal.h"
#include "marsad/text.h"

MARSAD_DATA(boilerplate);

/* A rule's default word limit, when its HOW carries no "/N". */
#define RULE_MAX_WORDS 30
/* A dateline has at most this many words. */
#define DATELINE_MAX_WORDS 12
/* A label (the text before ':' or a dash) is looked for this far in. */
#define LABEL_SPAN 120

void clean_scratch_clear(clean_scratch *s)
{
	marsad_buf_clear(&s->norm);
	marsad_buf_clear(&s->key);
}

/* Unicode letters (L*), marks (M*) and numbers (N*) make words; the
 * Arabic letters U+0621–U+064A are taken as such without a lookup. U+00A9
 * COPYRIGHT SIGN and U+00AE REGISTERED SIGN open footers: each is a word
 * of its own. */
enum { K_SPACE, K_WORD, K_SIGN };

static int cp_kind(int32_t cp)
{
	if (cp == 0xA9 || cp == 0xAE)
		return K_SIGN;
	if (cp < 0)
		return K_SPACE;
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		       (cp >= 'A' && cp <= 'Z') ? K_WORD : K_SPACE;
	if (cp >= 0x0621 && cp <= 0x064A)
		return K_WORD;
	utf8proc_category_t cat = utf8proc_category(cp);
	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO
		       ? K_WORD : K_SPACE;
}

/* Appends the word p[0..n) at o, after a space unless it is the first;
 * returns the end. */
static char *put_word(char *o, size_t *words, const unsigned char *p, size_t n)
{
	if ((*words)++)
		*o++ = ' ';
	memcpy(o, p, n);
	return o + n;
}

/* The kind of every code point below U+0800 (ASCII and the two-byte
 * characters, Arabic's among them), indexed by the payload bits of its
 * one or two UTF-8 bytes. */
static unsigned char kind2[0x800];
static pthread_once_t kind2_once = PTHREAD_ONCE_INIT;

static void kind2_init(void)
{
	for (int32_t cp = 0; cp < 0x800; cp++)
		kind2[cp] = (unsigned char)cp_kind(cp);
}

int clean_key(const char *s, size_t len, clean_scratch *scr, marsad_buf *out,
	      size_t *words)
{
	*words = 0;
	pthread_once(&kind2_once, kind2_init);
	marsad_buf_reset(&scr->norm);
	int rc = marsad_normalize(s, len, &scr->norm);
	if (rc)
		return rc;
	const unsigned char *p = (const unsigned char *)scr->norm.data;
	size_t n = scr->norm.len, i = 0, run = 0, w = 0;
	/* A key is never longer than twice the normalized text: each word
	 * costs at least its byte and one space. */
	if ((rc = marsad_buf_reserve(out, 2 * n)))
		return rc;
	char *o = out->data + out->len;
	while (i < n) {
		int kind;
		size_t k;
		if (p[i] < 0x80) {
			kind = kind2[p[i]];
			k = 1;
		} else if ((p[i] & 0xE0) == 0xC0 && i + 1 < n) {
			kind = kind2[((p[i] & 0x1F) << 6) | (p[i + 1] & 0x3F)];
			k = 2;
		} else {
			int32_t cp;
			utf8proc_ssize_t r = utf8proc_iterate(
				p + i, (utf8proc_ssize_t)(n - i), &cp);
			k = r > 0 ? (size_t)r : 1; /* normalized text is valid */
			kind = cp_kind(r > 0 ? cp : -1);
		}
		if (kind != K_WORD) {
			if (i > run)
				o = put_word(o, &w, p + run, i - run);
			if (kind == K_SIGN)
				o = put_word(o, &w, p + i, k);
			run = i + k;
		}
		i += k;
	}
	if (n > run)
		o = put_word(o, &w, p + run, n - run);
	out->len = (size_t)(o - out->data);
	*o = 0;
	*words = w;
	return 0;
}

uint64_t clean_fingerprint(const char *key, size_t len)
{
	/* FNV's low bits are weak: mixed for the power-of-two tables that
	 * index by them */
	return marsad_mix64(marsad_fnv1a(MARSAD_FNV_BASIS, key, len));
}

/* ---- the compiled lexicon ---------------------------------------------- */

/* Hash classes: a key can be a whole-line rule and a date word at once. */
enum { CL_WHOLE = 1, CL_LABEL, CL_CREDIT, CL_TAG, CL_DATE };

struct rule {
	size_t key, klen;   /* offset of the key in clean_rules.keys */
	const char *reason;
	clean_how how;
	size_t max_words;
};

/* Distinct first bytes of the split rules' patterns, both cases: a
 * lexicon with more is malformed. */
#define SPLIT_FIRST_MAX 16

/* Bits of the sieve that passes a key's words on to the fingerprint test
 * of the contains rules' first words (find_starts). */
#define FIRST_SIEVE 1024

/* The bit of the word w[0..n) in that sieve: from its length and its first
 * and last bytes, so a word costs no hash. */
static size_t sieve_bit(const char *w, size_t n)
{
	return (n * 131 + (unsigned char)w[0] * 7 + (unsigned char)w[n - 1]) &
	       (FIRST_SIEVE - 1);
}

struct clean_rules {
	char *keys;           /* every rule's key */
	struct rule *rules;
	size_t n;
	size_t *scan;         /* start/contains/end/closing rules, in file
				 order */
	size_t n_scan;
	size_t *splits;       /* split rules, in file order */
	size_t n_splits;
	unsigned char split_first[SPLIT_FIRST_MAX]; /* the bytes their
						       patterns begin with,
						       in either case */
	size_t n_split_first;
	uint64_t *firsts;     /* fingerprints of the contains rules' first
				 words, sorted: where a pattern may begin */
	size_t n_firsts;
	uint64_t first_sieve[FIRST_SIEVE / 64]; /* the first words' sieve_bit()s */
	size_t *slots;        /* hash table of rule index + 1; 0 = empty */
	size_t mask;
	size_t max_klen[CL_DATE + 1]; /* the longest key in the table, by class:
					 a longer one is not looked up */
	char **reasons;       /* distinct reason strings */
	size_t n_reasons;
	const char *tag_reason, *date_reason;
};

static int rule_class(clean_how how)
{
	switch (how) {
	case CLEAN_LINE:
	case CLEAN_PROMPT:
	case CLEAN_LIST: return CL_WHOLE;
	case CLEAN_LABEL: return CL_LABEL;
	case CLEAN_CREDIT: return CL_CREDIT;
	case CLEAN_TAG: return CL_TAG;
	case CLEAN_DATEWORD:
	case CLEAN_DATEFILL: return CL_DATE;
	default: return 0;
	}
}

static size_t slot_of(int cls, const char *key, size_t klen)
{
	return (size_t)(clean_fingerprint(key, klen) ^
			(uint64_t)cls * 0x9e3779b97f4a7c15ULL);
}

/* The rule of class cls whose key is key, or NULL. */
static const struct rule *lookup(const clean_rules *r, int cls,
				 const char *key, size_t klen)
{
	if (klen > r->max_klen[cls])
		return NULL;
	for (size_t i = slot_of(cls, key, klen) & r->mask;; i = (i + 1) & r->mask) {
		size_t v = r->slots[i];
		if (!v)
			return NULL;
		const struct rule *ru = &r->rules[v - 1];
		if (rule_class(ru->how) == cls && ru->klen == klen &&
		    memcmp(r->keys + ru->key, key, klen) == 0)
			return ru;
	}
}

static const struct {
	const char *name;
	clean_how how;
} hows[] = {
	{"line", CLEAN_LINE},         {"prompt", CLEAN_PROMPT},
	{"list", CLEAN_LIST},         {"start", CLEAN_START},
	{"contains", CLEAN_CONTAINS}, {"end", CLEAN_END},
	{"label", CLEAN_LABEL},       {"credit", CLEAN_CREDIT},
	{"tag", CLEAN_TAG},           {"dateword", CLEAN_DATEWORD},
	{"datefill", CLEAN_DATEFILL}, {"closing", CLEAN_CLOSING},
	{"split", CLEAN_SPLIT},
};

/* What the parse of the lexicon builds before it is frozen. */
struct build {
	clean_rules *r;
	size_t cap;
	marsad_buf keys;
	clean_scratch scr;
};

static const char *intern_reason(clean_rules *r, const char *s, size_t n)
{
	for (size_t i = 0; i < r->n_reasons; i++)
		if (strlen(r->reasons[i]) == n && memcmp(r->reasons[i], s, n) == 0)
			return r->reasons[i];
	char **p = realloc(r->reasons, (r->n_reasons + 1) * sizeof *p);
	if (!p)
		return NULL;
	r->reasons = p;
	char *copy = malloc(n + 1);
	if (!copy)
		return NULL;
	memcpy(copy, s, n);
	copy[n] = 0;
	return r->reasons[r->n_reasons++] = copy;
}

/* Parses "how" or "how/N". */
static int parse_how(const char *s, size_t n, clean_how *how, size_t *max)
{
	const char *slash = memchr(s, '/', n);
	size_t name_len = slash ? (size_t)(slash - s) : n;
	*max = RULE_MAX_WORDS;
	if (slash) {
		size_t v = 0, digits = 0;
		for (const char *d = slash + 1; d < s + n; d++, digits++) {
			if (*d < '0' || *d > '9' || v > 1000)
				return MARSAD_EFORMAT;
			v = v * 10 + (size_t)(*d - '0');
		}
		if (!digits || !v)
			return MARSAD_EFORMAT;
		*max = v;
	}
	for (size_t i = 0; i < sizeof hows / sizeof *hows; i++)
		if (strlen(hows[i].name) == name_len &&
		    memcmp(hows[i].name, s, name_len) == 0) {
			*how = hows[i].how;
			return 0;
		}
	return MARSAD_EFORMAT;
}

/* One lexicon line: REASON <TAB> HOW <TAB> PATTERN. */
static int add_rule(void *ctx, const char *line, size_t n)
{
	struct build *b = ctx;
	const char *t1 = memchr(line, '\t', n);
	const char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(line + n - t1 - 1)) : NULL;
	if (!t1 || !t2 || t1 == line)
		return MARSAD_EFORMAT;
	clean_how how;
	size_t max_words, words;
	int rc = parse_how(t1 + 1, (size_t)(t2 - t1 - 1), &how, &max_words);
	if (rc)
		return rc;
	clean_rules *r = b->r;
	if (r->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		struct rule *p = realloc(r->rules, cap * sizeof *p);
		if (!p)
			return MARSAD_ENOMEM;
		r->rules = p;
		b->cap = cap;
	}
	struct rule *ru = &r->rules[r->n];
	ru->key = b->keys.len;
	rc = clean_key(t2 + 1, (size_t)(line + n - t2 - 1), &b->scr, &b->keys,
		       &words);
	if (rc)
		return rc;
	ru->klen = b->keys.len - ru->key;
	if (!ru->klen)
		return MARSAD_EFORMAT; /* a pattern of punctuation only */
	for (size_t i = 0; how == CLEAN_SPLIT && i < ru->klen; i++) {
		char c = b->keys.data[ru->key + i];
		if (!(c == ' ' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			return MARSAD_EFORMAT; /* matched in raw text: ASCII */
	}
	ru->how = how;
	ru->max_words = max_words;
	if (how == CLEAN_SPLIT && !memchr(t1 + 1, '/', (size_t)(t2 - t1 - 1)))
		ru->max_words = 0; /* the rest of the line never goes with it */
	if (!(ru->reason = intern_reason(r, line, (size_t)(t1 - line))))
		return MARSAD_ENOMEM;
	if (how == CLEAN_TAG)
		r->tag_reason = ru->reason;
	if (how == CLEAN_DATEWORD || how == CLEAN_DATEFILL)
		r->date_reason = ru->reason;
	r->n++;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Indexes the parsed rules: the scan list and the hash table. A key met
 * twice in one class keeps its first rule (file order). */
static int freeze(clean_rules *r)
{
	size_t cap = 16;
	while (cap < r->n * 2)
		cap *= 2;
	r->mask = cap - 1;
	r->slots = calloc(cap, sizeof *r->slots);
	r->scan = malloc((r->n ? r->n : 1) * sizeof *r->scan);
	r->splits = malloc((r->n ? r->n : 1) * sizeof *r->splits);
	if (!r->slots || !r->scan || !r->splits)
		return MARSAD_ENOMEM;
	r->firsts = malloc((r->n ? r->n : 1) * sizeof *r->firsts);
	if (!r->firsts)
		return MARSAD_ENOMEM;
	for (size_t i = 0; i < r->n; i++) {
		const struct rule *ru = &r->rules[i];
		int cls = rule_class(ru->how);
		if (ru->how == CLEAN_SPLIT) {
			r->splits[r->n_splits++] = i;
			unsigned char c = (unsigned char)r->keys[ru->key];
			unsigned char both[2] = {c, c >= 'a' && c <= 'z'
							    ? (unsigned char)(c - 32) : c};
			for (int k = 0; k < 2; k++) {
				if (memchr(r->split_first, both[k],
					   r->n_split_first))
					continue;
				if (r->n_split_first == SPLIT_FIRST_MAX)
					return MARSAD_EFORMAT;
				r->split_first[r->n_split_first++] = both[k];
			}
			continue;
		}
		if (!cls) {
			r->scan[r->n_scan++] = i;
			if (ru->how == CLEAN_CONTAINS) {
				const char *k = r->keys + ru->key;
				const char *sp = memchr(k, ' ', ru->klen);
				size_t first = sp ? (size_t)(sp - k) : ru->klen;
				r->firsts[r->n_firsts++] = clean_fingerprint(k, first);
				size_t bit = sieve_bit(k, first);
				r->first_sieve[bit / 64] |= (uint64_t)1 << (bit % 64);
			}
			continue;
		}
		const char *key = r->keys + ru->key;
		if (lookup(r, cls, key, ru->klen))
			continue;
		size_t s = slot_of(cls, key, ru->klen) & r->mask;
		while (r->slots[s])
			s = (s + 1) & r->mask;
		r->slots[s] = i + 1;
		if (ru->klen > r->max_klen[cls])
			r->max_klen[cls] = ru->klen;
	}
	qsort(r->firsts, r->n_firsts, sizeof *r->firsts, cmp_u64);
	return 0;
}

static void rules_free(clean_rules *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_reasons; i++)
		free(r->reasons[i]);
	free(r->reasons);
	free(r->rules);
	free(r->scan);
	free(r->splits);
	free(r->firsts);
	free(r->slots);
	free(r->keys);
	free(r);
}

static const clean_rules *the_rules;
static int the_rules_rc;
static pthread_once_t the_rules_once = PTHREAD_ONCE_INIT;

static void load_rules(void)
{
	struct build b = {.keys = MARSAD_BUF_INIT};
	b.r = calloc(1, sizeof *b.r);
	if (!b.r) {
		the_rules_rc = MARSAD_ENOMEM;
		return;
	}
	int rc = marsad_lexicon_each(marsad_data_boilerplate,
				     marsad_data_boilerplate_len, add_rule, &b);
	if (rc == 0 && (!b.r->tag_reason || !b.r->date_reason))
		rc = MARSAD_EFORMAT; /* the structural rules need both */
	if (rc == 0 && !(b.r->keys = marsad_buf_steal(&b.keys, NULL)))
		rc = MARSAD_ENOMEM;
	if (rc == 0)
		rc = freeze(b.r);
	marsad_buf_clear(&b.keys);
	clean_scratch_clear(&b.scr);
	if (rc) {
		rules_free(b.r);
		the_rules_rc = rc < 0 ? rc : MARSAD_EFORMAT;
		return;
	}
	the_rules = b.r;
}

int clean_rules_get(const clean_rules **out)
{
	pthread_once(&the_rules_once, load_rules);
	*out = the_rules;
	return the_rules ? 0 : the_rules_rc;
}

/* ---- matching ------------------------------------------------------------ */

/* Does pat occur in key at pos as whole words? */
static int words_at(const char *key, size_t klen, size_t pos, size_t plen)
{
	return (pos == 0 || key[pos - 1] == ' ') &&
	       (pos + plen == klen || key[pos + plen] == ' ');
}

/*
 * Where a contains rule may match in a key: the word starts whose word is
 * the first word of some contains pattern. Found once per line: a word
 * the sieve stops costs a few operations, one it passes a hash and a
 * binary search, so a line costs O(its length) however many contains rules
 * there are. Past STARTS_MAX such words (soup made of pattern words) the
 * rest are not looked at.
 */
#define STARTS_MAX 16
struct starts {
	size_t pos[STARTS_MAX];
	size_t n;
};

/* May w[0..n) be the first word of a contains rule? */
static int sieved(const clean_rules *r, const char *w, size_t n)
{
	size_t bit = sieve_bit(w, n);
	return r->first_sieve[bit / 64] >> (bit % 64) & 1;
}

static void find_starts(const clean_rules *r, const char *key, size_t klen,
			struct starts *st)
{
	st->n = 0;
	for (size_t i = 0; i < klen && st->n < STARTS_MAX;) {
		size_t j = i;
		while (j < klen && key[j] != ' ')
			j++;
		if (j > i && sieved(r, key + i, j - i)) {
			uint64_t fp = clean_fingerprint(key + i, j - i);
			if (bsearch(&fp, r->firsts, r->n_firsts, sizeof fp,
				    cmp_u64))
				st->pos[st->n++] = i;
		}
		i = j + 1;
	}
}

static int scan_match(const struct rule *ru, const char *pat, const char *key,
		      size_t klen, const struct starts *st)
{
	size_t plen = ru->klen;
	if (plen > klen)
		return 0;
	switch (ru->how) {
	case CLEAN_START:
	case CLEAN_CLOSING:
		return memcmp(key, pat, plen) == 0 && words_at(key, klen, 0, plen);
	case CLEAN_END:
		return memcmp(key + klen - plen, pat, plen) == 0 &&
		       words_at(key, klen, klen - plen, plen);
	case CLEAN_CONTAINS:
		for (size_t i = 0; i < st->n; i++) {
			size_t p = st->pos[i];
			if (p + plen <= klen && memcmp(key + p, pat, plen) == 0 &&
			    words_at(key, klen, p, plen))
				return 1;
		}
		return 0;
	default:
		return 0;
	}
}

/* Length of s without trailing ASCII white space. */
static size_t trim_end(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return n;
}

/* Does s end with the UTF-8 bytes of u (3 bytes at most)? */
static int ends_with(const char *s, size_t n, const char *u)
{
	size_t k = strlen(u);
	return n >= k && memcmp(s + n - k, u, k) == 0;
}

int clean_end_mark(const char *s, size_t n)
{
	/* U+00A0 NO-BREAK SPACE pads many pages' lines */
	for (n = trim_end(s, n); ends_with(s, n, "\u00A0"); n = trim_end(s, n - 2))
		;
	/* Closing quotes and brackets after the mark belong to the sentence:
	 * " ' ) ] and U+201D, U+201C (used as a closing quote too), U+2019,
	 * U+00BB RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK. */
	for (;;) {
		if (n && strchr("\"')] ", s[n - 1]))
			n--;
		else if (ends_with(s, n, "\u201D") || ends_with(s, n, "\u201C") ||
			 ends_with(s, n, "\u2019"))
			n -= 3;
		else if (ends_with(s, n, "\u00BB"))
			n -= 2;
		else
			break;
	}
	if (!n)
		return 0;
	if (s[n - 1] == '.' || ends_with(s, n, "\u2026")) /* U+2026 ELLIPSIS */
		return '.';
	/* U+061F ARABIC QUESTION MARK ends a sentence like '?'. */
	if (s[n - 1] == '!' || s[n - 1] == '?' || ends_with(s, n, "\u061F"))
		return '!';
	if (s[n - 1] == ':')
		return ':';
	return 0;
}

/* The label of a line: the text before its first ':' or dash
 * (U+002D, U+2013 EN DASH, U+2014 EM DASH), if within LABEL_SPAN bytes. */
static size_t label_len(const char *s, size_t n)
{
	size_t lim = n < LABEL_SPAN ? n : LABEL_SPAN, end = lim;
	const char *c = memchr(s, ':', end);
	if (c)
		end = (size_t)(c - s);
	if ((c = memchr(s, '-', end)))
		end = (size_t)(c - s);
	for (const char *e = s; (e = memchr(e, 0xE2, end - (size_t)(e - s))); e++) {
		size_t i = (size_t)(e - s);
		if (i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94))
			return i;
	}
	return end < lim ? end : 0;
}

int clean_rules_match(const clean_rules *r, const char *s, size_t n,
		      const char *key, size_t klen, size_t words,
		      clean_scratch *scr, const char **reason, clean_how *how)
{
	const struct rule *ru = lookup(r, CL_WHOLE, key, klen);
	struct starts st;
	if (!ru)
		find_starts(r, key, klen, &st);
	for (size_t i = 0; !ru && i < r->n_scan; i++) {
		const struct rule *c = &r->rules[r->scan[i]];
		if (words <= c->max_words &&
		    scan_match(c, r->keys + c->key, key, klen, &st))
			ru = c;
	}
	size_t kw, ln = ru ? 0 : label_len(s, n);
	if (ln) {
		marsad_buf_reset(&scr->key);
		int rc = clean_key(s, ln, scr, &scr->key, &kw);
		if (rc)
			return rc;
		const struct rule *c = lookup(r, CL_LABEL, scr->key.data, scr->key.len);
		/* "كتب: فلان" is a byline, "مراسلة: هل ...؟" a headline */
		int mark = clean_end_mark(s, n);
		if (c && words <= c->max_words && mark != '.' && mark != '!')
			ru = c;
	}
	/* An image caption: text, then "(credit)" closing the line. */
	size_t e = trim_end(s, n);
	if (!ru && e && s[e - 1] == ')') {
		size_t open = e - 1;
		while (open && s[open - 1] != '(' && s[open - 1] != ')')
			open--;
		if (open && s[open - 1] == '(') {
			marsad_buf_reset(&scr->key);
			int rc = clean_key(s + open, e - 1 - open, scr, &scr->key, &kw);
			if (rc)
				return rc;
			const struct rule *c = lookup(r, CL_CREDIT, scr->key.data,
						      scr->key.len);
			/* Words must come before "(", and not a finished
			 * sentence: "... قال. (رويترز)" is a wire credit. */
			if (c && words <= c->max_words && words > kw &&
			    !clean_end_mark(s, open - 1))
				ru = c;
		}
	}
	if (!ru)
		return 0;
	*reason = ru->reason;
	*how = ru->how;
	return 1;
}

static int ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Where a split rule's key pat (plen bytes: lower-case ASCII words, one
 * space apart) stands in s[0..n) at i, as whole words, in either case and
 * with any run of spaces or tabs between its words: the end, or 0. */
static size_t split_at(const char *s, size_t n, size_t i, const char *pat,
		       size_t plen)
{
	if (i > 0 && ascii_alnum((unsigned char)s[i - 1]))
		return 0;
	size_t j = i;
	for (size_t k = 0; k < plen; k++) {
		if (pat[k] == ' ') {
			size_t sp = j;
			while (j < n && (s[j] == ' ' || s[j] == '\t'))
				j++;
			if (j == sp)
				return 0;
		} else if (j < n && ((unsigned char)s[j] | 0x20) == (unsigned char)pat[k]) {
			j++;
		} else {
			return 0;
		}
	}
	return j < n && ascii_alnum((unsigned char)s[j]) ? 0 : j;
}

size_t clean_rules_split(const clean_rules *r, const char *s, size_t n,
			 size_t *end, const char **reason, size_t *rest_words)
{
	/* the next place of each first byte (memchr, which reads a line of
	 * Arabic, none of these bytes, many at a time), the nearest tried */
	size_t next[SPLIT_FIRST_MAX], nf = r->n_split_first;
	for (size_t f = 0; f < nf; f++) {
		const char *p = memchr(s, r->split_first[f], n);
		next[f] = p ? (size_t)(p - s) : n;
	}
	for (;;) {
		size_t i = n;
		for (size_t f = 0; f < nf; f++)
			if (next[f] < i)
				i = next[f];
		if (i == n)
			return n;
		unsigned char c = (unsigned char)s[i] | 0x20;
		for (size_t k = 0; k < r->n_splits; k++) {
			const struct rule *ru = &r->rules[r->splits[k]];
			const char *pat = r->keys + ru->key;
			size_t e;
			if (c == (unsigned char)pat[0] &&
			    (e = split_at(s, n, i, pat, ru->klen))) {
				*end = e;
				*reason = ru->reason;
				*rest_words = ru->max_words;
				return i;
			}
		}
		for (size_t f = 0; f < nf; f++)
			if (next[f] == i) {
				const char *p = memchr(s + i + 1, r->split_first[f],
						       n - i - 1);
				next[f] = p ? (size_t)(p - s) : n;
			}
	}
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}

int clean_rules_dateline(const clean_rules *r, const char *key, size_t klen,
			 size_t words)
{
	if (!words || words > DATELINE_MAX_WORDS)
		return 0;
	size_t numbers = 0, names = 0, i = 0;
	while (i < klen) {
		size_t j = i;
		while (j < klen && key[j] != ' ')
			j++;
		if (all_digits(key + i, j - i)) {
			numbers++;
		} else {
			const struct rule *ru = lookup(r, CL_DATE, key + i, j - i);
			if (!ru)
				return 0;
			names += ru->how == CLEAN_DATEWORD;
		}
		i = j + 1;
	}
	return numbers >= 1 && (names >= 1 || numbers >= 3);
}

int clean_rules_is_credit(const clean_rules *r, const char *key, size_t klen)
{
	return lookup(r, CL_CREDIT, key, klen) != NULL;
}

int clean_rules_is_tag(const clean_rules *r, const char *name, size_t len)
{
	char low[16];
	if (len == 0 || len > sizeof low)
		return 0;
	for (size_t i = 0; i < len; i++)
		low[i] = (name[i] >= 'A' && name[i] <= 'Z') ? (char)(name[i] + 32)
							     : name[i];
	return lookup(r, CL_TAG, low, len) != NULL;
}

const char *clean_rules_tag_reason(const clean_rules *r)
{
	return r->tag_reason;
}

const char *clean_rules_date_reason(const clean_rules *r)
{
	return r->date_reason;
}
