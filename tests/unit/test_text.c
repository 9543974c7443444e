/*
 * test_text.c — the analyzer: golden files for normalization, tokens and
 * sentences, then the invariants every text must keep (token spans
 * re-normalize to their word, sentence spans cover every non-space byte,
 * one analysis replays as marsad_analyze() reports under every flag),
 * invalid UTF-8, empty input, truncation, stopwords and script detection.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "marsad/text.h"

/* Decodes the golden files' escapes: \uXXXX, \xHH, \n, \\. Returns a
 * malloc'd string and its length in *len. */
static char *unescape(const char *s, size_t *len)
{
	marsad_buf b = MARSAD_BUF_INIT;
	marsad_buf_reserve(&b, strlen(s));
	for (size_t i = 0; s[i];) {
		if (s[i] == '\\' && s[i + 1] == 'u') {
			marsad_buf_put_cp(&b, (uint32_t)strtoul(
						      (char[]){s[i + 2], s[i + 3],
							       s[i + 4], s[i + 5], 0},
						      NULL, 16));
			i += 6;
		} else if (s[i] == '\\' && s[i + 1] == 'x') {
			marsad_buf_putc(&b, (char)strtoul(
						    (char[]){s[i + 2], s[i + 3], 0},
						    NULL, 16));
			i += 4;
		} else if (s[i] == '\\' && s[i + 1] == 'n') {
			marsad_buf_putc(&b, '\n');
			i += 2;
		} else if (s[i] == '\\' && s[i + 1] == '\\') {
			marsad_buf_putc(&b, '\\');
			i += 2;
		} else {
			marsad_buf_putc(&b, s[i++]);
		}
	}
	return marsad_buf_steal(&b, len);
}

static char *normalized(const char *s, size_t len)
{
	marsad_buf b = MARSAD_BUF_INIT;
	CHECK(marsad_normalize(s, len, &b) == 0);
	return marsad_buf_steal(&b, NULL);
}

/* ---- golden files ---------------------------------------------------- */

static void golden_normalize(int line, const char *in, const char *want)
{
	size_t n, wn;
	char *s = unescape(in, &n), *w = unescape(want, &wn);
	char *got = normalized(s, n);
	if (strcmp(got, w) != 0)
		fprintf(stderr, "normalize.tsv:%d:\n", line);
	CHECK_STR(got, w);
	free(got);
	free(s);
	free(w);
}

static int collect(void *ctx, const marsad_token *t)
{
	marsad_buf *b = ctx;
	if (b->len)
		marsad_buf_putc(b, ' ');
	marsad_buf_append(b, t->stem, t->stem_len);
	return 0;
}

static void check_replay(const char *s, size_t len);

static void golden_tokens(int line, const char *in, const char *want)
{
	size_t n, wn;
	char *s = unescape(in, &n), *w = unescape(want, &wn);
	check_replay(s, n);
	marsad_buf b = MARSAD_BUF_INIT;
	CHECK(marsad_analyze(s, n, MARSAD_ANALYZE_NO_STEM, collect, &b) == 0);
	char *got = marsad_buf_steal(&b, NULL);
	if (strcmp(got, w) != 0)
		fprintf(stderr, "tokens.tsv:%d:\n", line);
	CHECK_STR(got, w);
	free(got);
	free(s);
	free(w);
}

static void golden_sentences(int line, const char *in, const char *want)
{
	size_t n, wn, count;
	char *s = unescape(in, &n), *w = unescape(want, &wn);
	marsad_span *v;
	CHECK(marsad_sentences(s, n, &v, &count) == 0);
	marsad_buf b = MARSAD_BUF_INIT;
	for (size_t i = 0; i < count; i++) {
		if (i)
			marsad_buf_append(&b, " | ", 3);
		marsad_buf_append(&b, s + v[i].start, v[i].end - v[i].start);
	}
	char *got = marsad_buf_steal(&b, NULL);
	if (strcmp(got, w) != 0)
		fprintf(stderr, "sentences.tsv:%d:\n", line);
	CHECK_STR(got, w);
	free(got);
	free(v);
	free(s);
	free(w);
}

/* ---- invariants over whole texts ------------------------------------ */

typedef struct spans {
	const char *s;
	size_t len, count, last_start, next_index;
	int bad;
} spans;

/* Every token lies inside the text, in order, and its span re-normalizes
 * to its word (it was not truncated in these texts). */
static int check_token(void *ctx, const marsad_token *t)
{
	spans *sp = ctx;
	if (!(t->start < t->end && t->end <= sp->len &&
	      t->start >= sp->last_start && t->index == sp->next_index &&
	      t->norm_len > 0 && t->stem_len > 0)) {
		sp->bad++;
		return 0;
	}
	sp->last_start = t->start;
	sp->next_index++;
	sp->count++;
	char *re = normalized(sp->s + t->start, t->end - t->start);
	if (strlen(re) != t->norm_len || memcmp(re, t->norm, t->norm_len)) {
		fprintf(stderr, "span [%zu,%zu) gives [%s], token [%s]\n",
			t->start, t->end, re, t->norm);
		sp->bad++;
	}
	free(re);
	return 0;
}

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\v' || c == '\f';
}

/* ---- one analysis replayed --------------------------------------------- */

/* Every token as text, one line each, with all its fields. */
static int print_token(void *ctx, const marsad_token *t)
{
	marsad_buf *b = ctx;
	char head[96];
	int n = snprintf(head, sizeof head, "%zu %zu %zu %d %u %08x ",
			 t->start, t->end, t->index, (int)t->kind, t->flags,
			 (unsigned)t->skeleton);
	marsad_buf_append(b, head, (size_t)n);
	marsad_buf_append(b, t->norm, t->norm_len);
	marsad_buf_putc(b, '|');
	marsad_buf_append(b, t->stem, t->stem_len);
	marsad_buf_putc(b, '\n');
	return 0;
}

/* marsad_analysis_each() reports what marsad_analyze() does, under every
 * combination of flags; another text of the same length is analyzed. */
static void check_replay(const char *s, size_t len)
{
	marsad_analysis *a = NULL;
	CHECK(marsad_analysis_build(s, len, &a) == 0);
	for (unsigned flags = 0; flags < 4; flags++) {
		marsad_buf want = MARSAD_BUF_INIT, got = MARSAD_BUF_INIT;
		marsad_analyze(s, len, flags, print_token, &want);
		CHECK(marsad_analysis_each(a, s, len, flags, print_token,
					   &got) == 0);
		CHECK(want.len == got.len &&
		      (!want.len || memcmp(want.data, got.data, want.len) == 0));
		marsad_buf_clear(&want);
		marsad_buf_clear(&got);
	}
	char *copy = malloc(len + 1);
	memcpy(copy, s, len);
	if (len)
		copy[0] = 'x';
	marsad_buf want = MARSAD_BUF_INIT, got = MARSAD_BUF_INIT;
	marsad_analyze(copy, len, 0, print_token, &want);
	marsad_analysis_each(a, copy, len, 0, print_token, &got);
	CHECK(want.len == got.len &&
	      (!want.len || memcmp(want.data, got.data, want.len) == 0));
	marsad_buf_clear(&want);
	marsad_buf_clear(&got);
	free(copy);
	marsad_analysis_free(a);
}

/* A sentence's tokens, offsets into the sentence. */
typedef struct toks {
	marsad_token t[512];
	char words[512][2 * MARSAD_TOKEN_MAX + 2]; /* norm, NUL, stem */
	size_t n, shift;
} toks;

static int keep_token(void *ctx, const marsad_token *t)
{
	toks *k = ctx;
	if (k->n == 512)
		return 0;
	marsad_token *u = &k->t[k->n];
	*u = *t;
	u->start -= k->shift;
	u->end -= k->shift;
	memcpy(k->words[k->n], t->norm, t->norm_len);
	k->words[k->n][t->norm_len] = 0;
	memcpy(k->words[k->n] + t->norm_len + 1, t->stem, t->stem_len);
	u->norm = k->words[k->n];
	u->stem = k->words[k->n] + t->norm_len + 1;
	k->n++;
	return 0;
}

/*
 * marsad_analysis_span() over each sentence of s reports the tokens that
 * analyzing the sentence alone gives, but for a chain of names running on
 * from the sentence before (the analyzer's name test reads the words
 * before): there the first words may be names, left unstemmed. An empty
 * part and a part past the text report nothing.
 */
static void check_spans(const char *s, size_t len)
{
	marsad_analysis *a = NULL;
	marsad_span *v;
	size_t n;
	CHECK(marsad_analysis_build(s, len, &a) == 0);
	CHECK(marsad_sentences(s, len, &v, &n) == 0);
	static toks want, got;
	for (size_t i = 0; i < n; i++) {
		want.n = got.n = want.shift = 0;
		got.shift = v[i].start;
		marsad_analyze(s + v[i].start, v[i].end - v[i].start,
			       MARSAD_ANALYZE_KEEP_STOPWORDS, keep_token, &want);
		CHECK(marsad_analysis_span(a, v[i].start, v[i].end,
					   MARSAD_ANALYZE_KEEP_STOPWORDS,
					   keep_token, &got) == 0);
		CHECK(want.n == got.n);
		int chain = 1; /* still in names run on from before */
		for (size_t k = 0; k < want.n && k < got.n; k++) {
			const marsad_token *w = &want.t[k], *g = &got.t[k];
			chain &= (g->flags & MARSAD_TOKEN_NAME) != 0;
			int ok = w->start == g->start && w->end == g->end &&
				 w->kind == g->kind && w->norm_len == g->norm_len &&
				 memcmp(w->norm, g->norm, w->norm_len) == 0 &&
				 (w->flags | MARSAD_TOKEN_NAME) ==
					 (g->flags | MARSAD_TOKEN_NAME);
			if (w->flags == g->flags)
				ok &= w->stem_len == g->stem_len &&
				      memcmp(w->stem, g->stem, w->stem_len) == 0;
			else
				ok &= chain;
			CHECK(ok);
		}
	}
	marsad_buf none = MARSAD_BUF_INIT;
	CHECK(marsad_analysis_span(a, 0, 0, 0, print_token, &none) == 0);
	CHECK(marsad_analysis_span(a, len, len + 100, 0, print_token, &none) == 0);
	CHECK(none.len == 0);
	free(v);
	marsad_analysis_free(a);
}

static void check_text(const char *s, size_t len)
{
	check_replay(s, len);
	check_spans(s, len);
	spans sp = {s, len, 0, 0, 0, 0};
	CHECK(marsad_analyze(s, len, MARSAD_ANALYZE_KEEP_STOPWORDS,
			     check_token, &sp) == 0);
	CHECK(sp.bad == 0);
	CHECK(sp.count > 0);

	marsad_span *v;
	size_t n;
	CHECK(marsad_sentences(s, len, &v, &n) == 0);
	CHECK(n > 0);
	size_t pos = 0;
	int ok = 1;
	for (size_t i = 0; i < n; i++) {
		if (v[i].start < pos || v[i].start >= v[i].end ||
		    v[i].end > len || is_ws((unsigned char)s[v[i].start]) ||
		    is_ws((unsigned char)s[v[i].end - 1]))
			ok = 0;
		for (; pos < v[i].start; pos++) /* gaps hold only spaces */
			if (!is_ws((unsigned char)s[pos]))
				ok = 0;
		pos = v[i].end;
	}
	for (; pos < len; pos++)
		if (!is_ws((unsigned char)s[pos]))
			ok = 0;
	CHECK(ok);
	free(v);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	marsad_buf b = MARSAD_BUF_INIT;
	char chunk[4096];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		marsad_buf_append(&b, chunk, k);
	fclose(f);
	return marsad_buf_steal(&b, len);
}

static void test_seeds(void)
{
	static const char *const seeds[] = {
		"000_fe3672199b4635b3", "001_6f70dd8932d5d552",
		"002_7bbecfa491803025", "003_f13009966aefca6f",
		"004_87ffb09050df82ad",
	};
	for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
		char path[256];
		snprintf(path, sizeof path, "../samples/%s.txt", seeds[i]);
		size_t len;
		char *s = slurp(path, &len);
		CHECK(s != NULL);
		if (!s)
			continue;
		CHECK(marsad_utf8_check(s, len, NULL) == 0);
		check_text(s, len);
		free(s);
	}
}

/* ---- UTF-8 --------------------------------------------------------- */

static void test_utf8(void)
{
	size_t first;
	CHECK(marsad_utf8_check("abc", 3, &first) == 0 && first == 3);
	CHECK(marsad_utf8_check("كلمة", strlen("كلمة"), &first) == 0);
	CHECK(marsad_utf8_check("ab\xff", 3, &first) == 1 && first == 2);
	CHECK(marsad_utf8_check("\xc0\xaf", 2, &first) == 2 && first == 0);
	CHECK(marsad_utf8_check("\xed\xa0\x80", 3, NULL) == 3);
	CHECK(marsad_utf8_check("\xe2\x82", 2, NULL) == 1);
	CHECK(marsad_utf8_check("\xf4\x90\x80\x80", 4, NULL) == 4);
	CHECK(marsad_utf8_check("\xf0\x9f\x98\x80", 4, NULL) == 0);
	CHECK(marsad_utf8_check("12345678\x80", 9, &first) == 1 && first == 8);
	CHECK(marsad_utf8_check("", 0, &first) == 0 && first == 0);

	marsad_buf b = MARSAD_BUF_INIT;
	size_t bad = 99;
	CHECK(marsad_utf8_repair("a\xff" "b\xe2\x82", 5, &b, &bad) == 0);
	CHECK(bad == 2);
	CHECK_STR(b.data, "a\xef\xbf\xbd" "b\xef\xbf\xbd");
	CHECK(marsad_utf8_check(b.data, b.len, NULL) == 0);
	marsad_buf_reset(&b);
	CHECK(marsad_utf8_repair("سلام", strlen("سلام"), &b, &bad) == 0);
	CHECK(bad == 0);
	CHECK_STR(b.data, "سلام");
	marsad_buf_clear(&b);
}

/* ---- tokens -------------------------------------------------------- */

typedef struct capture {
	marsad_token t[16];
	char norm[16][MARSAD_TOKEN_MAX + 1];
	size_t n;
	int stop_after;
} capture;

static int capture_token(void *ctx, const marsad_token *t)
{
	capture *c = ctx;
	if (c->n < 16) {
		c->t[c->n] = *t;
		memcpy(c->norm[c->n], t->norm, t->norm_len);
		c->norm[c->n][t->norm_len] = 0;
		c->n++;
	}
	return c->stop_after && (int)c->n >= c->stop_after ? 42 : 0;
}

static void test_tokens(void)
{
	capture c = {0};
	CHECK(marsad_analyze("", 0, 0, capture_token, &c) == 0 && c.n == 0);
	CHECK(marsad_analyze(" ،. \n", 6, 0, capture_token, &c) == 0 &&
	      c.n == 0);
	CHECK(marsad_analyze("x", 1, 0, NULL, NULL) == MARSAD_EINVAL);

	/* Kinds, offsets into the original text, flags. */
	const char *s = "في كوفيد-19 و G20 3.5 ab\xff";
	memset(&c, 0, sizeof c);
	CHECK(marsad_analyze(s, strlen(s), MARSAD_ANALYZE_KEEP_STOPWORDS,
			     capture_token, &c) == 0);
	CHECK(c.n == 6);
	CHECK(c.t[0].flags & MARSAD_TOKEN_STOPWORD);
	CHECK(c.t[0].start == 0 && c.t[0].end == 4);
	CHECK(c.t[1].kind == MARSAD_TOKEN_MIXED);
	CHECK(c.t[1].start == 5 && c.t[1].end == 5 + strlen("كوفيد-19"));
	CHECK(c.t[2].kind == MARSAD_TOKEN_ARABIC);
	CHECK(c.t[3].kind == MARSAD_TOKEN_MIXED);
	CHECK_STR(c.norm[3], "g20");
	CHECK(c.t[4].kind == MARSAD_TOKEN_NUMBER);
	CHECK(c.t[5].kind == MARSAD_TOKEN_LATIN);
	CHECK(c.t[5].flags & MARSAD_TOKEN_BADUTF8);
	CHECK(c.t[5].end == strlen(s));
	CHECK_STR(c.norm[5], "ab\xef\xbf\xbd");

	/* Stopwords are skipped by default but keep their index. */
	memset(&c, 0, sizeof c);
	s = "ذهب إلى المدرسة";
	CHECK(marsad_analyze(s, strlen(s), MARSAD_ANALYZE_NO_STEM,
			     capture_token, &c) == 0);
	CHECK(c.n == 2 && c.t[0].index == 0 && c.t[1].index == 2);
	CHECK(c.t[1].stem == c.t[1].norm || (c.t[1].stem_len == c.t[1].norm_len &&
		memcmp(c.t[1].stem, c.t[1].norm, c.t[1].norm_len) == 0));

	/* With stemming an Arabic word gets a non-empty stem no longer
	 * than the word; other kinds keep stem == norm. */
	memset(&c, 0, sizeof c);
	s = "والمدرسة Schools 2024";
	CHECK(marsad_analyze(s, strlen(s), 0, capture_token, &c) == 0);
	CHECK(c.n == 3);
	CHECK(c.t[0].stem_len > 0 && c.t[0].stem_len <= c.t[0].norm_len);
	CHECK(c.t[1].stem_len == c.t[1].norm_len);
	CHECK(c.t[2].stem_len == c.t[2].norm_len);

	/* A non-zero callback value stops the analysis and is returned. */
	memset(&c, 0, sizeof c);
	c.stop_after = 2;
	CHECK(marsad_analyze("a b c d", 7, 0, capture_token, &c) == 42);
	CHECK(c.n == 2);
}

/* Checks every token's skeleton against its stem's (0 for a stopword,
 * and for every token with MARSAD_ANALYZE_NO_STEM). */
static int check_skeleton(void *ctx, const marsad_token *t)
{
	unsigned flags = *(const unsigned *)ctx;
	uint32_t want = (t->flags & MARSAD_TOKEN_STOPWORD) ||
					(flags & MARSAD_ANALYZE_NO_STEM)
				? 0
				: marsad_skeleton_hash(t->stem, t->stem_len);
	CHECK(t->skeleton == want);
	return 0;
}

/* The skeleton a token carries: from the stem memo for a word seen
 * before, worked out for a new one, a word too long for the memo, a
 * word of digits or Latin letters; replayed as analyzed. */
static void test_skeletons(void)
{
	const char *s = "قال الأميركيون إن الأمريكيين والمسؤولين "
			"والاستخباراتيين والاستخباراتيين G20 2024 قال "
			"الأميركيون";
	for (unsigned flags = 0; flags < 4; flags++)
		CHECK(marsad_analyze(s, strlen(s), flags, check_skeleton,
				     &flags) == 0);
	CHECK(marsad_skeleton_hash("الأمريكيين", strlen("الأمريكيين")) ==
	      marsad_skeleton_hash("الأميركيين", strlen("الأميركيين")));
	check_replay(s, strlen(s));
}

static void test_truncation(void)
{
	capture c = {0};
	char *s = malloc(1000);
	memset(s, 'a', 1000);
	CHECK(marsad_analyze(s, 1000, 0, capture_token, &c) == 0);
	CHECK(c.n == 1 && c.t[0].norm_len == MARSAD_TOKEN_MAX);
	CHECK(c.t[0].start == 0 && c.t[0].end == 1000);
	free(s);

	/* 300 two-byte letters: cut at a character boundary (254 bytes). */
	marsad_buf b = MARSAD_BUF_INIT;
	for (int i = 0; i < 300; i++)
		marsad_buf_append(&b, "ب", 2);
	memset(&c, 0, sizeof c);
	CHECK(marsad_analyze(b.data, b.len, MARSAD_ANALYZE_NO_STEM,
			     capture_token, &c) == 0);
	CHECK(c.n == 1 && c.t[0].norm_len == 254 && c.t[0].end == 600);
	CHECK(marsad_utf8_check(c.norm[0], c.t[0].norm_len, NULL) == 0);
	/* The stemmer gets the truncated word too. */
	memset(&c, 0, sizeof c);
	CHECK(marsad_analyze(b.data, b.len, 0, capture_token, &c) == 0);
	CHECK(c.n == 1 && c.t[0].stem_len > 0 && c.t[0].stem_len <= 254);
	marsad_buf_clear(&b);

	/* Forms far longer than their source: U+FDFA, three bytes, folds to
	 * four words. A kept analysis outgrows the room it reserved and
	 * still replays them as the analyzer reports them. */
	for (int i = 0; i < 200; i++)
		marsad_buf_append(&b, i % 2 ? "\xef\xb7\xba" : "\xef\xb7\xba ", i % 2 ? 3 : 4);
	check_replay(b.data, b.len);
	marsad_buf_clear(&b);
}

/* ---- stopwords and script -------------------------------------------- */

static void test_stopwords(void)
{
	CHECK(marsad_is_stopword("في", strlen("في")));
	CHECK(marsad_is_stopword("الي", strlen("الي"))); /* إلى normalized */
	CHECK(marsad_is_stopword("التي", strlen("التي")));
	CHECK(marsad_is_stopword("ان", strlen("ان")));
	CHECK(marsad_is_stopword("يتم", strlen("يتم"))); /* the last entry */
	CHECK(!marsad_is_stopword("إلى", strlen("إلى"))); /* not normalized */
	CHECK(!marsad_is_stopword("موسكو", strlen("موسكو")));
	CHECK(!marsad_is_stopword("يونيو", strlen("يونيو"))); /* a month */
	CHECK(!marsad_is_stopword("ثلاثه", strlen("ثلاثه"))); /* a number */
	CHECK(!marsad_is_stopword("", 0));
	/* على folds to علي, the name Ali: not a stopword; أي stays one. */
	CHECK(!marsad_is_stopword("علي", strlen("علي")));
	CHECK(!marsad_is_stopword("وعلي", strlen("وعلي")));
	CHECK(marsad_is_stopword("اي", strlen("اي")));
}

static void test_language(void)
{
	double r = -1;
	const char *ar = "أكد وزير الخارجية الروسي سيرغي لافروف أن موسكو مستعدة";
	CHECK_STR(marsad_detect_language(ar, strlen(ar), &r), "ar");
	CHECK(r > 0.99);
	const char *fa = "وزیر امور خارجه روسیه گفت که مسکو آماده گفتگو با آمریکا است";
	CHECK_STR(marsad_detect_language(fa, strlen(fa), NULL), "fa");
	const char *ur = "روس کے وزیر خارجہ نے کہا کہ ماسکو امریکہ سے بات چیت کے لیے تیار ہے";
	CHECK_STR(marsad_detect_language(ur, strlen(ur), NULL), "ur");
	const char *en = "Moscow says talks with Washington are possible (بوتين)";
	CHECK_STR(marsad_detect_language(en, strlen(en), &r), "Latn");
	CHECK(r > 0 && r < 0.5);
	CHECK_STR(marsad_detect_language("Привет мир", strlen("Привет мир"),
					 NULL), "Cyrl");
	CHECK_STR(marsad_detect_language("שלום עולם", strlen("שלום עולם"),
					 NULL), "Hebr");
	CHECK_STR(marsad_detect_language("123 !?", 6, &r), "Zyyy");
	CHECK(r == 0.0);
	CHECK_STR(marsad_detect_language("", 0, NULL), "Zyyy");
	/* Arabic quoting a Persian-spelled name stays Arabic. */
	const char *mixed = "قالت شركة گوگل إن الخدمة ستعود قريبا في كل المدن";
	CHECK_STR(marsad_detect_language(mixed, strlen(mixed), NULL), "ar");
}

/* ---- sentences ------------------------------------------------------- */

static void test_sentences(void)
{
	marsad_span *v = (marsad_span *)1;
	size_t n = 9;
	CHECK(marsad_sentences("", 0, &v, &n) == 0 && n == 0);
	free(v);
	CHECK(marsad_sentences(" \n\t ", 4, &v, &n) == 0 && n == 0);
	free(v);
	CHECK(marsad_sentences("a\xff. b", 6, &v, &n) == 0 && n == 2);
	CHECK(n == 2 && v[0].start == 0 && v[0].end == 3 && v[1].start == 4);
	free(v);
	/* Soup: every non-space byte is still covered. */
	const char *soup = "“«\"..!؟»”\xff\xfe . “ ” « » ... ؟؟ \xe2\x80";
	check_text(soup, strlen(soup));
}

int main(void)
{
	CHECK(golden_each("golden/normalize.tsv", golden_normalize) >= 60);
	CHECK(golden_each("golden/tokens.tsv", golden_tokens) >= 30);
	CHECK(golden_each("golden/sentences.tsv", golden_sentences) >= 20);
	test_utf8();
	test_tokens();
	test_skeletons();
	test_truncation();
	test_stopwords();
	test_language();
	test_sentences();
	test_seeds();
	CHECK_DONE();
}
