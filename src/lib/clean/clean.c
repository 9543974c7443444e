/*
 * clean.c — marsad_clean_doc(): takes site furniture out of an article's
 * body line by line and keeps every content line byte for byte.
 *
 * The body is split into lines at its line breaks, and at the furniture a
 * "split" rule names where pages glue it to the text around it ("Next
 * Previous", a slider's arrows, before a byline or after the last
 * sentence): that piece is a removed line of its own, the text before and
 * after it lines of their own. Each line goes through, in order:
 *   1. HTML leftovers: tags and tag remnants ("/strong>") are cut out, the
 *      text around them kept; a line of nothing else goes entirely.
 *   2. Lines of at most CLEAN_LINE_MAX bytes are folded to a key
 *      (clean_key) and checked: no letters at all ("symbols only"), the
 *      title again ("title repeat"), the phrase lexicon (rules.c), the
 *      line of links ("الرئيسية | أخبار | رياضة"), the lines learnt for
 *      the document's outlet (learn.c), and a line in parentheses naming
 *      an agency of the lexicon ("agency credit": "(العربي الجديد، رويترز)").
 *   3. A "prompt" or "list" rule takes the links listed under it in its
 *      block (the headline after "اقرأ أيضاً", the titles under
 *      "الأكثر قراءة").
 *   4. Place: a date alone ("09 ديسمبر 2021") before the first sentence or
 *      after the last is the dateline; a parenthesis of at most
 *      CREDIT_MAX_WORDS words after the last sentence is a credit line
 *      even when its agency is unknown ("(اليوم)"); a line a "closing"
 *      rule matched goes when it comes after the last sentence and is
 *      none ("سمات الجوازات وافدون", a page's tags), and is content
 *      elsewhere ("سمات القائد" heading a section).
 *   5. Trailing widgets: the run of lines of at most TAIL_MAX_WORDS words
 *      that do not end a sentence, closing the article right after a line
 *      that does ("المساهمون", "شارك", a signature); not a list, whose
 *      entries are numbered or follow a colon. A short line anywhere else
 *      is kept: journalists head their sections with short lines
 *      ("لا يضيع الأمل", "تردد روسي") and those are content.
 * Every removal is appended to doc->removed with its reason, the exact
 * line removed (or the leftover cut out) as its text, in text order.
 *
 * Cost: one pass of marsad_normalize() over the lines of at most
 * CLEAN_LINE_MAX bytes, a hash lookup or two per line, and about 90 bytes
 * of bookkeeping per line. Past CLEAN_LINES_MAX lines (soup, not an
 * article) the rest of the body is kept as it is, unexamined, so memory
 * stays bounded.
 */
#include <stdlib.h>
#include <string.h>

#include "clean_int.h"

#define AGENCY_MAX_WORDS 6 /* a parenthesis naming a known agency */
#define CREDIT_MAX_WORDS 3 /* one naming none, closing the article */
#define TAIL_MAX_WORDS 3
#define LIST_MAX_ITEMS 10
#define ITEM_MAX_WORDS 25 /* a listed headline, not a paragraph */
#define TAG_ATTR_MAX 512  /* bytes of attributes inside one tag */
#define SENTENCE_MIN_WORDS 12 /* a line this long is prose, punctuated or not */
#define LINKS_MIN 3       /* items of a line of links */
#define LINK_MAX_WORDS 3  /* words of one of its items */

static const char R_SYMBOLS[] = "symbols only";
static const char R_TITLE[] = "title repeat";
static const char R_AGENCY[] = "agency credit";
static const char R_TAIL[] = "trailing widget";
static const char R_LINKS[] = "navigation";

struct line {
	size_t off, len;   /* the line in doc->text, without a final '\r' */
	size_t toff, tlen; /* its text after cutting: doc->text, or cut buffer */
	size_t foff, flen; /* the pieces cut out, in the cut buffer */
	size_t words;      /* of its key; 0 when not folded */
	const char *reason;/* why it goes; NULL = kept */
	const char *closing; /* why it goes if it closes the article */
	clean_how how;     /* the rule that matched, 0 for structure */
	unsigned char blank, cut, folded, mark;
	unsigned char date;  /* a date and nothing else */
	unsigned char paren; /* a short line in parentheses */
	unsigned char numbered; /* begins with a number: an entry of a list */
};

struct work {
	const clean_rules *rules;
	marsad_doc *doc;
	struct line *lines;
	size_t n;
	marsad_buf cutbuf;  /* cut lines and their pieces */
	marsad_buf keys;    /* the key of the line being checked */
	marsad_buf title;   /* the key of the title */
	clean_scratch scr;
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

/*
 * The end of an HTML tag or tag remnant starting at s[i], or 0. A tag is
 * "<name>", "</name>", "<name/>" or "<name attrs>" with name an element of
 * the lexicon; a remnant lost its "<": "/name>" at the start of a word, or
 * "name>" opening the line.
 */
static size_t tag_end(const clean_rules *r, const char *s, size_t n, size_t i)
{
	size_t j = i;
	int lt = s[j] == '<', slash = 0;
	if (lt)
		j++;
	else if (i > 0 && !is_space(s[i - 1]))
		return 0;
	if (j < n && s[j] == '/') {
		slash = 1;
		j++;
	}
	size_t k = j;
	while (j < n && j - k < 16 && is_alnum(s[j]))
		j++;
	if (j == k || !is_alpha(s[k]) || (!lt && !slash && i != 0))
		return 0;
	if (!clean_rules_is_tag(r, s + k, j - k))
		return 0;
	if (j < n && s[j] == '>')
		return j + 1;
	if (!lt)
		return 0;
	if (j + 1 < n && s[j] == '/' && s[j + 1] == '>')
		return j + 2;
	if (j < n && is_space(s[j])) {
		for (size_t m = j; m < n && m - j < TAG_ATTR_MAX; m++) {
			if (s[m] == '>')
				return m + 1;
			if (s[m] == '<')
				break;
		}
	}
	return 0;
}

/*
 * Cuts the HTML leftovers out of line L: its kept text and the pieces cut
 * (joined by a space) go to the cut buffer. White space is tidied where a
 * piece was: "x /p> y" → "x y", "جملة. /strong>" → "جملة.".
 */
static int cut_html(struct work *w, struct line *L)
{
	const char *s = w->doc->text + L->off;
	size_t n = L->len, i = 0, copied = 0, pieces = 0;
	marsad_buf *b = &w->cutbuf;
	size_t start = b->len;
	marsad_buf frag = MARSAD_BUF_INIT;
	int rc = 0;
	while (i < n && rc == 0) {
		char c = s[i];
		size_t e = (c == '<' || c == '/' || (i == 0 && is_alpha(c)))
			   ? tag_end(w->rules, s, n, i) : 0;
		if (!e) {
			i++;
			continue;
		}
		size_t a = i, z = e;
		if (a == 0 || is_space(s[a - 1]))
			while (z < n && is_space(s[z]))
				z++;
		if (z == n)
			while (a > copied && is_space(s[a - 1]))
				a--;
		if ((rc = marsad_buf_append(b, s + copied, a - copied)) ||
		    (pieces && (rc = marsad_buf_putc(&frag, ' '))) ||
		    (rc = marsad_buf_append(&frag, s + i, e - i)))
			break;
		pieces++;
		copied = i = z;
	}
	if (rc == 0 && pieces) {
		L->cut = 1;
		L->toff = start;
		if (!(rc = marsad_buf_append(b, s + copied, n - copied))) {
			L->tlen = b->len - start;
			L->foff = b->len;
			L->flen = frag.len;
			rc = marsad_buf_append(b, frag.data, frag.len);
		}
	} else if (rc == 0) {
		b->len = start; /* nothing cut */
	}
	marsad_buf_clear(&frag);
	return rc;
}

static const char *line_text(const struct work *w, const struct line *L)
{
	return L->cut ? w->cutbuf.data + L->toff : w->doc->text + L->toff;
}

/* Trims ASCII white space and U+00A0 NO-BREAK SPACE (which pads many
 * pages' lines) from both ends of s. */
static void trim(const char **s, size_t *n)
{
	const unsigned char *p = (const unsigned char *)*s;
	size_t a = 0, z = *n;
	for (;;) {
		if (a < z && is_space((char)p[a]))
			a++;
		else if (a + 1 < z && p[a] == 0xC2 && p[a + 1] == 0xA0)
			a += 2;
		else
			break;
	}
	for (;;) {
		if (z > a && is_space((char)p[z - 1]))
			z--;
		else if (z >= a + 2 && p[z - 2] == 0xC2 && p[z - 1] == 0xA0)
			z -= 2;
		else
			break;
	}
	*s += a;
	*n = z - a;
}

/*
 * The inside of a line that is one parenthesis with no sentence in it,
 * "(العربي الجديد، رويترز)": sets *in and *in_len and returns 1, else 0.
 */
static int parenthesized(const char *s, size_t n, const char **in, size_t *in_len)
{
	trim(&s, &n);
	if (n < 3 || s[0] != '(' || s[n - 1] != ')')
		return 0;
	for (size_t k = 1; k + 1 < n; k++)
		if (strchr("().!?", s[k]))
			return 0;
	*in = s + 1;
	*in_len = n - 2;
	return 1;
}

/* U+060C ARABIC COMMA at s[j]? */
static int arabic_comma(const char *s, size_t n, size_t j)
{
	return j + 1 < n && (unsigned char)s[j] == 0xD8 &&
	       (unsigned char)s[j + 1] == 0x8C;
}

/* Does a credit line name a known agency? Its parts are separated by
 * commas (U+060C ARABIC COMMA too), "/", "-" or "|". */
static int names_agency(struct work *w, const char *s, size_t n)
{
	size_t i = 0;
	while (i <= n) {
		size_t j = i, words;
		while (j < n && !strchr(",/-|", s[j]) && !arabic_comma(s, n, j))
			j++;
		marsad_buf_reset(&w->scr.key);
		if (clean_key(s + i, j - i, &w->scr, &w->scr.key, &words) == 0 &&
		    clean_rules_is_credit(w->rules, w->scr.key.data, w->scr.key.len))
			return 1;
		i = j + (arabic_comma(s, n, j) ? 2 : 1);
	}
	return 0;
}

/*
 * A line of links: at least LINKS_MIN items between "|", none longer than
 * LINK_MAX_WORDS words ("الرئيسية | أخبار | رياضة | اقتصاد"). Bullets
 * (U+2022) are not taken as separators: writers list things with them.
 */
static int link_line(const char *s, size_t n)
{
	size_t items = 0, words = 0;
	int in_word = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '|') {
			if (words > LINK_MAX_WORDS)
				return 0;
			items += words > 0;
			words = 0;
			in_word = 0;
		} else if (is_space(s[i])) {
			in_word = 0;
		} else if (!in_word) {
			in_word = 1;
			words++;
		}
	}
	return items >= LINKS_MIN;
}

/* A line that reads as a sentence: it ends with one, or is long. */
static int sentence(const struct line *L)
{
	return L->mark == '.' || L->mark == '!' || !L->folded ||
	       L->words >= SENTENCE_MIN_WORDS;
}

/* Steps 1 and 2 for one line. */
static int check_line(struct work *w, const clean_outlet *outlet, struct line *L)
{
	int rc;
	const char *raw = w->doc->text + L->off;
	size_t i = 0;
	if (L->reason)
		return 0; /* split off as furniture */
	while (i < L->len && is_space(raw[i]))
		i++;
	if (i == L->len) {
		L->blank = 1;
		return 0;
	}
	L->toff = L->off;
	L->tlen = L->len;
	if (memchr(raw, '>', L->len) && (rc = cut_html(w, L)))
		return rc;
	const char *s = line_text(w, L);
	if (L->cut && !L->tlen) {
		L->reason = clean_rules_tag_reason(w->rules);
		return 0;
	}
	L->mark = (unsigned char)clean_end_mark(s, L->tlen);
	if (L->tlen > CLEAN_LINE_MAX)
		return 0;
	marsad_buf_reset(&w->keys);
	if ((rc = clean_key(s, L->tlen, &w->scr, &w->keys, &L->words)))
		return rc;
	L->folded = 1;
	const char *key = w->keys.data;
	size_t klen = w->keys.len;
	if (!klen) {
		L->reason = R_SYMBOLS;
		return 0;
	}
	if (w->title.len == klen && memcmp(w->title.data, key, klen) == 0) {
		L->reason = R_TITLE;
		return 0;
	}
	rc = clean_rules_match(w->rules, s, L->tlen, key, klen, L->words, &w->scr,
			       &L->reason, &L->how);
	if (rc > 0 && L->how == CLEAN_CLOSING) {
		L->closing = L->reason; /* see place() */
		L->reason = NULL;
	}
	if (rc)
		return rc < 0 ? rc : 0;
	L->numbered = key[0] >= '0' && key[0] <= '9';
	if (L->mark != '.' && L->mark != '!' && link_line(s, L->tlen)) {
		L->reason = R_LINKS;
		return 0;
	}
	if (clean_rules_dateline(w->rules, key, klen, L->words)) {
		L->date = 1; /* a dateline or a timeline's heading: see place() */
		return 0;
	}
	if (outlet && clean_learnable(klen, L->words))
		L->reason = clean_outlet_learnt(outlet, key, klen,
						L->mark == '.' || L->mark == '!');
	const char *in;
	size_t in_len;
	int letters = 0;
	for (size_t k = 0; k < klen && !letters; k++)
		letters = key[k] != ' ' && (key[k] < '0' || key[k] > '9');
	if (!L->reason && letters && L->words <= AGENCY_MAX_WORDS &&
	    parenthesized(s, L->tlen, &in, &in_len)) {
		if (names_agency(w, in, in_len))
			L->reason = R_AGENCY;
		else
			L->paren = 1; /* a credit if it closes the article */
	}
	return 0;
}

/* Step 3: the links listed under a prompt or list line go with it. */
static void take_lists(struct work *w)
{
	for (size_t i = 0; i < w->n; i++) {
		struct line *H = &w->lines[i];
		if (!H->reason || (H->how != CLEAN_PROMPT && H->how != CLEAN_LIST))
			continue;
		size_t max = H->how == CLEAN_PROMPT ? 1 : LIST_MAX_ITEMS, taken = 0;
		/* lines already removed are stepped over, but only so many:
		 * soup of list heads must stay linear */
		size_t end = w->n - i - 1 > 2 * max ? i + 1 + 2 * max : w->n;
		for (size_t j = i + 1; j < end && taken < max; j++) {
			struct line *L = &w->lines[j];
			if (L->blank)
				break;
			if (L->reason)
				continue;
			if (!L->folded || L->mark == '.' || L->words > ITEM_MAX_WORDS)
				break;
			L->reason = H->reason;
			taken++;
		}
	}
}

/*
 * Step 4, what a line's place decides. A date alone before the first
 * sentence or after the last is the article's dateline; between sentences
 * it heads a part of a timeline ("17 أكتوبر") and is content. A short
 * parenthesis after the last sentence is a credit line.
 */
static void place(struct work *w)
{
	size_t first = w->n, last = w->n;
	for (size_t i = 0; i < w->n; i++) {
		const struct line *L = &w->lines[i];
		if (!L->blank && !L->reason && !L->date && !L->paren && sentence(L)) {
			if (first == w->n)
				first = i;
			last = i;
		}
	}
	for (size_t i = 0; i < w->n; i++) {
		struct line *L = &w->lines[i];
		if (L->reason)
			continue;
		int outside = first == w->n || i < first || i > last;
		if (L->date && outside)
			L->reason = clean_rules_date_reason(w->rules);
		else if (L->paren && L->words <= CREDIT_MAX_WORDS &&
			 (first == w->n || i > last))
			L->reason = R_AGENCY;
		else if (L->closing && first < w->n && i > last)
			L->reason = L->closing;
	}
}

/* Step 5: short non-sentences closing the article after a sentence. */
static void take_tail(struct work *w)
{
	size_t j = w->n, first = w->n;
	while (j-- > 0) {
		struct line *L = &w->lines[j];
		if (L->blank || L->reason)
			continue;
		if (sentence(L))
			break;
		/* a list closing the article is content: its entries are
		 * numbered ("98- قطر") or announced by a colon */
		if (L->mark == ':' || L->numbered || L->words > TAIL_MAX_WORDS)
			return;
		first = j;
	}
	if (j == (size_t)-1)
		return; /* no sentence at all: nothing to close */
	for (size_t k = first; k < w->n; k++)
		if (!w->lines[k].blank && !w->lines[k].reason)
			w->lines[k].reason = R_TAIL;
}

static int add_removal(marsad_removal *rm, size_t *n, const char *s, size_t len,
		       const char *reason)
{
	char *copy = malloc(len + 1);
	if (!copy)
		return MARSAD_ENOMEM;
	memcpy(copy, s, len);
	copy[len] = 0;
	rm[*n].line = copy;
	rm[*n].reason = reason;
	(*n)++;
	return 0;
}

/* Builds the kept text and the removals, then hands both to the doc; on
 * failure the doc is left as it was. */
static int commit(struct work *w)
{
	marsad_doc *d = w->doc;
	size_t n_new = 0;
	for (size_t i = 0; i < w->n; i++)
		n_new += w->lines[i].reason || w->lines[i].cut;
	marsad_removal *rm = malloc((d->n_removed + n_new + 1) * sizeof *rm);
	if (!rm)
		return MARSAD_ENOMEM;
	size_t nr = d->n_removed;
	if (nr)
		memcpy(rm, d->removed, nr * sizeof *rm);
	marsad_buf out = MARSAD_BUF_INIT;
	int rc = marsad_buf_reserve(&out, d->text_len);
	int gap = 0; /* a blank line is owed before the next kept line */
	for (size_t i = 0; i < w->n && rc == 0; i++) {
		const struct line *L = &w->lines[i];
		if (L->blank) {
			gap = out.len > 0;
		} else if (L->reason) {
			rc = add_removal(rm, &nr, d->text + L->off, L->len, L->reason);
		} else {
			if (L->cut)
				rc = add_removal(rm, &nr, w->cutbuf.data + L->foff,
						 L->flen, clean_rules_tag_reason(w->rules));
			if (rc == 0 && out.len)
				rc = marsad_buf_append(&out, "\n\n", gap ? 2 : 1);
			if (rc == 0)
				rc = marsad_buf_append(&out, line_text(w, L), L->tlen);
			gap = 0;
		}
	}
	size_t len = 0;
	char *text = rc == 0 ? marsad_buf_steal(&out, &len) : NULL;
	if (!text) {
		for (size_t k = d->n_removed; k < nr; k++)
			free(rm[k].line);
		free(rm);
		marsad_buf_clear(&out);
		return rc ? rc : MARSAD_ENOMEM;
	}
	free(d->removed);
	d->removed = rm;
	d->n_removed = nr;
	free(d->text);
	d->text = text;
	d->text_len = len;
	return 0;
}

/* A new line of w at doc->text[off, off + len), all else zero; NULL when
 * out of memory. */
static struct line *new_line(struct work *w, size_t *cap, size_t off,
			     size_t len)
{
	if (w->n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		struct line *p = realloc(w->lines, *cap * sizeof *p);
		if (!p)
			return NULL;
		w->lines = p;
	}
	struct line *L = &w->lines[w->n++];
	memset(L, 0, sizeof *L);
	L->off = off;
	L->len = len;
	return L;
}

/* Whether s[0..n), the rest of a line after a split rule's pattern, has
 * words, at most max of them, and ends no sentence: it goes with the
 * pattern ("Next Previous فلان – عين اليوم", the byline after a slider's
 * arrows). */
static int short_rest(const char *s, size_t n, size_t max)
{
	size_t words = 0;
	for (size_t i = 0; i < n; i++)
		if (!is_space(s[i]) && (i == 0 || is_space(s[i - 1])) &&
		    ++words > max)
			return 0;
	int mark = clean_end_mark(s, n);
	return words > 0 && mark != '.' && mark != '!';
}

/* Splits the text into lines: at its line breaks, and around the pieces
 * of furniture the split rules name, each a line of its own, removed (the
 * white space between them and the text dropped); the rest of the line
 * goes with a piece when the rule allows it that short (short_rest()). */
static int split(struct work *w)
{
	const char *t = w->doc->text;
	size_t len = w->doc->text_len, cap = 0;
	for (size_t i = 0; i <= len;) {
		const char *nl = i < len ? memchr(t + i, '\n', len - i) : NULL;
		size_t e = nl ? (size_t)(nl - t) : len;
		if (w->n >= CLEAN_LINES_MAX - 3) {
			/* the rest is one line, kept whole */
			return new_line(w, &cap, i, len - i) ? 0 : MARSAD_ENOMEM;
		}
		size_t z = (e > i && t[e - 1] == '\r') ? e - 1 : e, a = i;
		size_t at, end; /* a piece of furniture at t[a + at, a + end) */
		size_t rest_words;
		const char *reason;
		while (w->n < CLEAN_LINES_MAX - 3 &&
		       (at = clean_rules_split(w->rules, t + a, z - a, &end,
					       &reason, &rest_words)) < z - a) {
			if (short_rest(t + a + end, z - a - end, rest_words))
				end = z - a; /* the byline after a slider's arrows */
			size_t b = at;
			while (b > 0 && is_space(t[a + b - 1]))
				b--;
			if (b && !new_line(w, &cap, a, b))
				return MARSAD_ENOMEM;
			struct line *L = new_line(w, &cap, a + at, end - at);
			if (!L)
				return MARSAD_ENOMEM;
			L->reason = reason;
			L->how = CLEAN_SPLIT;
			a += end;
			while (a < z && is_space(t[a]))
				a++;
		}
		if ((a == i || a < z) && !new_line(w, &cap, a, z - a))
			return MARSAD_ENOMEM;
		i = e + 1;
	}
	return 0;
}

int marsad_clean_doc(const marsad_cleaner *c, marsad_doc *doc)
{
	if (!doc || (!doc->text && doc->text_len))
		return MARSAD_EINVAL;
	struct work w = {.doc = doc};
	int rc = clean_rules_get(&w.rules);
	if (rc)
		return rc;
	if (!doc->text)
		return 0;
	size_t words;
	const char *title = doc->title ? doc->title : "";
	size_t tl = strlen(title);
	if (tl <= CLEAN_LINE_MAX)
		rc = clean_key(title, tl, &w.scr, &w.title, &words);
	const clean_outlet *outlet = clean_outlet_find(c, doc->outlet);
	if (rc == 0)
		rc = split(&w);
	for (size_t i = 0; i < w.n && rc == 0; i++)
		rc = check_line(&w, outlet, &w.lines[i]);
	if (rc == 0) {
		take_lists(&w);
		place(&w);
		take_tail(&w);
		rc = commit(&w);
	}
	free(w.lines);
	marsad_buf_clear(&w.cutbuf);
	marsad_buf_clear(&w.keys);
	marsad_buf_clear(&w.title);
	clean_scratch_clear(&w.scr);
	return rc;
}
