/*
 * test_clean.c — the cleaner. Every seed article (samples/, built with the
 * plain-text convention: first non-empty line the title, the rest the
 * body) loses exactly the lines of its golden file
 * golden/clean/<seed>.removed, with their reasons, and keeps every other
 * line byte for byte (less a cut HTML leftover). Single lines from
 * golden/clean/lines.txt get the reason they should, or are kept. Then
 * the structural rules (prompts and lists, datelines against timelines,
 * credits, trailing widgets), the learning of lines repeated across one
 * outlet's pages, and bad input.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "marsad/clean.h"
#include "marsad/read.h"

#define SAMPLES "../samples"
#define GOLDEN "golden/clean"

static char *dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

/* A document with the plain-text convention: the first non-empty line is
 * the title, the rest the body. */
static marsad_doc *doc_from_text(const char *key, const char *outlet,
				 const char *s, size_t len)
{
	marsad_doc *d = calloc(1, sizeof *d);
	size_t i = 0;
	while (i < len && (s[i] == '\n' || s[i] == '\r' || s[i] == ' '))
		i++;
	const char *nl = memchr(s + i, '\n', len - i);
	size_t te = nl ? (size_t)(nl - s) : len;
	d->key = dup_n(key, strlen(key));
	d->title = dup_n(s + i, te - i);
	size_t bs = nl ? te + 1 : len;
	d->text = dup_n(s + bs, len - bs);
	d->text_len = len - bs;
	if (outlet)
		d->outlet = dup_n(outlet, strlen(outlet));
	return d;
}

/* A document with a title and the given body. */
static marsad_doc *doc_body(const char *title, const char *outlet,
			    const char *body)
{
	marsad_doc *d = calloc(1, sizeof *d);
	d->key = dup_n("k", 1);
	d->title = dup_n(title, strlen(title));
	d->text = dup_n(body, strlen(body));
	d->text_len = strlen(body);
	if (outlet)
		d->outlet = dup_n(outlet, strlen(outlet));
	return d;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	marsad_buf b = MARSAD_BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		marsad_buf_append(&b, chunk, n);
	fclose(f);
	return marsad_buf_steal(&b, len);
}

/* The reason given for removing exactly `line`, or NULL. */
static const char *reason_of(const marsad_doc *d, const char *line)
{
	for (size_t i = 0; i < d->n_removed; i++)
		if (strcmp(d->removed[i].line, line) == 0)
			return d->removed[i].reason;
	return NULL;
}

/* Is `line` one of the lines of text? */
static int has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = text; (p = strstr(p, line)); p++)
		if ((p == text || p[-1] == '\n') && (p[n] == 0 || p[n] == '\n'))
			return 1;
	return 0;
}

/* ---- the seeds ----------------------------------------------------------- */

static struct {
	char line[8192], reason[128]; /* as long as a golden_each() line */
} want[64];
static int n_want;

static void golden_removed(int line_no, const char *in, const char *reason)
{
	(void)line_no;
	if (n_want < 64) {
		snprintf(want[n_want].line, sizeof want[n_want].line, "%s", in);
		snprintf(want[n_want].reason, sizeof want[n_want].reason, "%s", reason);
		n_want++;
	}
}

/* The next line of *p (advanced past it), or NULL at the end. */
static char *next_line(char **p)
{
	if (!*p)
		return NULL;
	char *s = *p, *nl = strchr(s, '\n');
	if (nl) {
		*nl = 0;
		*p = nl + 1;
	} else {
		*p = NULL;
	}
	size_t n = strlen(s);
	if (n && s[n - 1] == '\r')
		s[n - 1] = 0;
	return s;
}

/* The next non-blank line of *p, or NULL. */
static char *next_content(char **p)
{
	char *s;
	while ((s = next_line(p)) && !s[strspn(s, " \t")])
		;
	return s;
}

static void check_seed(const char *name)
{
	char path[512];
	size_t len;
	snprintf(path, sizeof path, SAMPLES "/%s.txt", name);
	char *src = read_all(path, &len);
	CHECK(src != NULL);
	if (!src)
		return;
	snprintf(path, sizeof path, GOLDEN "/%s.removed", name);
	n_want = 0;
	CHECK(golden_each(path, golden_removed) > 0);

	marsad_doc *d = doc_from_text(name, NULL, src, len);
	char *body = dup_n(d->text, d->text_len);
	CHECK(marsad_clean_doc(NULL, d) == 0);
	CHECK(strlen(d->text) == d->text_len);

	/* doc->removed is the golden list, in order */
	CHECK(d->n_removed == (size_t)n_want);
	for (size_t i = 0; i < d->n_removed && i < (size_t)n_want; i++) {
		CHECK_STR(d->removed[i].line, want[i].line);
		CHECK_STR(d->removed[i].reason, want[i].reason);
	}

	/* every other body line is kept, in order, byte for byte */
	char *in = body, *out_copy = dup_n(d->text, d->text_len), *out = out_copy;
	char *line;
	int g = 0;
	while ((line = next_content(&in))) {
		if (g < n_want && strcmp(line, want[g].line) == 0) {
			g++;
			continue;
		}
		char expect[8192];
		snprintf(expect, sizeof expect, "%s", line);
		size_t fl = g < n_want ? strlen(want[g].line) : 0;
		size_t el = strlen(expect);
		if (g < n_want && strcmp(want[g].reason, "html leftover") == 0 &&
		    el >= fl && strcmp(expect + el - fl, want[g].line) == 0) {
			el -= fl;
			while (el && expect[el - 1] == ' ')
				el--;
			expect[el] = 0;
			g++;
		}
		char *got = next_content(&out);
		if (!got || strcmp(got, expect) != 0)
			fprintf(stderr, "%s: kept line differs:\n  want [%s]\n  got  [%s]\n",
				name, expect, got ? got : "(end)");
		CHECK(got && strcmp(got, expect) == 0);
	}
	CHECK(g == n_want);
	CHECK(next_content(&out) == NULL); /* nothing else was added */
	free(out_copy);
	free(body);
	marsad_doc_free(d);
	free(src);
}

/* Each golden/clean/NAME.removed checks samples/NAME.txt. */
static void test_seeds(void)
{
	DIR *dir = opendir(GOLDEN);
	CHECK(dir != NULL);
	if (!dir)
		return;
	int seeds = 0;
	struct dirent *e;
	while ((e = readdir(dir))) {
		size_t n = strlen(e->d_name);
		if (n < 9 || strcmp(e->d_name + n - 8, ".removed") != 0)
			continue;
		char name[256];
		snprintf(name, sizeof name, "%.*s", (int)(n - 8), e->d_name);
		check_seed(name);
		seeds++;
	}
	closedir(dir);
	CHECK(seeds >= 5); /* the five seed articles at least */
}

/* ---- single lines ----------------------------------------------------------- */

static const char LEAD[] = "وقال المتحدث إن المحادثات كانت مفيدة.";
static const char TAIL[] = "وأضاف أن الجولة المقبلة ستعقد الشهر المقبل.";

static void golden_line(int line_no, const char *in, const char *reason)
{
	char body[8192];
	snprintf(body, sizeof body, "%s\n%s\n%s", in, LEAD, TAIL);
	marsad_doc *d = doc_body("عنوان الخبر", NULL, body);
	CHECK(marsad_clean_doc(NULL, d) == 0);
	int ok;
	if (strcmp(reason, "-") == 0) {
		ok = d->n_removed == 0 && has_line(d->text, in);
	} else if (strcmp(reason, "html leftover") == 0) {
		/* the piece is reported; what is left, if anything, is kept */
		ok = d->n_removed == 1 && strcmp(d->removed[0].reason, reason) == 0 &&
		     !strstr(d->text, d->removed[0].line) &&
		     (strcmp(d->removed[0].line, in) == 0 ||
		      strlen(d->text) > strlen(LEAD) + strlen(TAIL) + 2);
	} else {
		ok = d->n_removed == 1 && strcmp(d->removed[0].line, in) == 0 &&
		     strcmp(d->removed[0].reason, reason) == 0 &&
		     !has_line(d->text, in);
	}
	if (!ok)
		fprintf(stderr, GOLDEN "/lines.txt:%d: [%s] want %s, got %s\n",
			line_no, in, reason,
			d->n_removed ? d->removed[0].reason : "kept");
	CHECK(ok);
	CHECK(has_line(d->text, LEAD) && has_line(d->text, TAIL));
	marsad_doc_free(d);
}

/* ---- structure ---------------------------------------------------------------- */

static void test_structure(void)
{
	/* the headline after a bare prompt goes with it; the heading after
	 * that, in a new block, stays */
	marsad_doc *d = doc_body("ع",  NULL,
		"جملة أولى من الخبر.\n"
		"اقرأ أيضاً\n"
		"روسيا تعلن موقفها من المحادثات\n"
		"\n"
		"تردد روسي\n"
		"جملة ثانية من الخبر.");
	CHECK(marsad_clean_doc(NULL, d) == 0);
	CHECK_STR(reason_of(d, "روسيا تعلن موقفها من المحادثات"), "read-also prompt");
	CHECK(has_line(d->text, "تردد روسي"));
	CHECK_STR(d->text, "جملة أولى من الخبر.\n\nتردد روسي\nجملة ثانية من الخبر.");
	marsad_doc_free(d);

	/* a most-read list takes its titles, not the sentence after */
	d = doc_body("ع", NULL,
		"جملة أولى من الخبر.\n\n"
		"الأكثر قراءة\n"
		"عنوان أول\n"
		"عنوان ثان؟\n"
		"جملة كاملة بعد القائمة.");
	CHECK(marsad_clean_doc(NULL, d) == 0);
	CHECK(d->n_removed == 3);
	CHECK(has_line(d->text, "جملة كاملة بعد القائمة."));
	marsad_doc_free(d);

	/* short lines closing the article after its last sentence are
	 * widgets; short lines between sentences are subheadings */
	d = doc_body("ع", NULL,
		"جملة أولى من الخبر.\n\nلا يضيع الأمل\n\nجملة ثانية من الخبر.\n\n"
		"شاركنا رأيك\nنشرة الصباح");
	CHECK(marsad_clean_doc(NULL, d) == 0);
	CHECK_STR(reason_of(d, "شاركنا رأيك"), "trailing widget");
	CHECK_STR(reason_of(d, "نشرة الصباح"), "trailing widget");
	CHECK_STR(d->text, "جملة أولى من الخبر.\n\nلا يضيع الأمل\n\nجملة ثانية من الخبر.");
	marsad_doc_free(d);

	/* ... but not a list introduced by a colon, or numbered */
	d = doc_body("ع", NULL, "جملة أولى من الخبر.\nوالفائزون هم:\nمحمد علي\nأحمد حسن");
	CHECK(marsad_clean_doc(NULL, d) == 0);
	CHECK(d->n_removed == 0);
	marsad_doc_free(d);
	d = doc_body("ع", NULL, "جملة أولى من الخبر.\n98- قطر\n99- فلسطين");
	CHECK(marsad_clean_doc(NULL, d) == 0);
	CHECK(d->n_removed == 0);
	marsad_doc_free(d);

	/* an article of short lines only keeps them all */
	d = doc_body("ع", NULL, "عاجل\nانفجار في المرفأ");
	CHECK(marsad_clean_doc(NULL, d) == 0);
	CHECK(d->n_removed == 0);
	CHECK_STR(d->text, "عاجل\nانفجار في المرفأ");
	marsad_doc_free(d);

	/* the title repeated, with other diacritics and hamza seats; CRLF */
	d = doc_body("موسكو تلمح إلى إمكانية التفاوض", NULL,
		"موسكو تُلمّح الى امكانية التفاوض\r\nجملة من الخبر.\r\n");
	CHECK(marsad_clean_doc(NULL, d) == 0);
	CHECK_STR(reason_of(d, "موسكو تُلمّح الى امكانية التفاوض"), "title repeat");
	CHECK_STR(d->text, "جملة من الخبر.");
	marsad_doc_free(d);

	/* a date between sentences heads a timeline entry and is content;
	 * before the first sentence it is the dateline */
	d = doc_body("ع", NULL,
		"الخميس 9 كانون الأول 2021\n"
		"جملة أولى من الخبر.\n16 أكتوبر\nترامب ينفي وجود أي أطماع مالية لديه في السعودية\n"
		"17 أكتوبر\nجملة أخيرة من الخبر.");
	CHECK(marsad_clean_doc(NULL, d) == 0);
	CHECK(d->n_removed == 1);
	CHECK_STR(reason_of(d, "الخميس 9 كانون الأول 2021"), "dateline");
	CHECK(has_line(d->text, "16 أكتوبر") && has_line(d->text, "17 أكتوبر"));
	marsad_doc_free(d);

	/* a parenthesis closing the article is a credit even when the agency
	 * is unknown; in the middle it is content unless it names one */
	d = doc_body("ع", NULL,
		"جملة أولى من الخبر.\n(مثل شعبي قديم)\n(الأناضول)\n"
		"جملة أخيرة من الخبر.\n(صحيفة المثال)\n(إنا لله وإنا إليه راجعون)");
	CHECK(marsad_clean_doc(NULL, d) == 0);
	CHECK(d->n_removed == 2);
	CHECK(has_line(d->text, "(إنا لله وإنا إليه راجعون)"));
	CHECK(has_line(d->text, "(مثل شعبي قديم)"));
	CHECK_STR(reason_of(d, "(الأناضول)"), "agency credit");
	CHECK_STR(reason_of(d, "(صحيفة المثال)"), "agency credit");
	marsad_doc_free(d);

	/* what the reader removed stays first in doc->removed */
	d = doc_body("ع", NULL, "جملة من الخبر.\nالمساهمون");
	d->removed = calloc(1, sizeof *d->removed);
	d->removed[0].line = dup_n("nav", 3);
	d->removed[0].reason = "navigation";
	d->n_removed = 1;
	CHECK(marsad_clean_doc(NULL, d) == 0);
	CHECK(d->n_removed == 2);
	CHECK_STR(d->removed[0].line, "nav");
	CHECK_STR(d->removed[1].line, "المساهمون");
	marsad_doc_free(d);
}

/* ---- learning --------------------------------------------------------------------- */

static const char FOOTER[] = "صحيفة الأفق اليومية - الطبعة الرقمية";
static const char PAIR[] = "ملف خاص عن الانتخابات";

static char *article(int i, int with_pair, const char *footer)
{
	char *s = malloc(2048);
	snprintf(s, 2048,
		 "جاء في الخبر رقم %d أن الاجتماع عقد في العاصمة وناقش ملفات عدة.\n\n"
		 "وأضاف المسؤول أن الجولة رقم %d ستكون حاسمة.\n\n%s%s%s",
		 i, i * 7, with_pair ? PAIR : "", with_pair ? "\n\n" : "", footer);
	return s;
}

/* Furniture glued to the text around it is split off, with the rest of
 * the line when that is short and no sentence; a closing rule's line goes
 * only after the last sentence. */
static void test_split(void)
{
	/* a slider's arrows before the byline (which goes with them), glued
	 * to the lead, and after the last sentence before the page's tags */
	marsad_doc *d = doc_body("ع", NULL,
		" Next Previous حامد القرشي – عين اليوم\n"
		"Next Previous حققت شركة التوصيل رقما قياسيا في الأسواق.\n"
		"والمنافسة على كل البطولات مستمرة. Next  Previous سمات النصر نايف هزازي\r\n");
	CHECK(marsad_clean_doc(NULL, d) == 0);
	CHECK(d->n_removed == 3);
	for (size_t i = 0; i < d->n_removed; i++) {
		CHECK_STR(d->removed[i].reason, "navigation");
		CHECK(strncmp(d->removed[i].line, "Next ", 5) == 0);
	}
	CHECK_STR(reason_of(d, "Next Previous حامد القرشي – عين اليوم"),
		  "navigation");
	CHECK_STR(d->text, "حققت شركة التوصيل رقما قياسيا في الأسواق.\n"
			   "والمنافسة على كل البطولات مستمرة.");
	marsad_doc_free(d);

	/* the page's tags after the last sentence */
	d = doc_body("ع", NULL,
		"جملة أولى من الخبر.\nسمات الجوازات وافدون وثيقة سفر يمنيون");
	CHECK(marsad_clean_doc(NULL, d) == 0);
	CHECK_STR(reason_of(d, "سمات الجوازات وافدون وثيقة سفر يمنيون"),
		  "section widget");
	CHECK_STR(d->text, "جملة أولى من الخبر.");
	marsad_doc_free(d);

	/* the words as part of a longer one, or tags between sentences, are
	 * content */
	d = doc_body("ع", NULL,
		"جملة أولى عن NextPrevious وعن Next Previously.\n"
		"سمات القائد الناجح\n"
		"جملة ثانية من الخبر.");
	CHECK(marsad_clean_doc(NULL, d) == 0);
	CHECK(d->n_removed == 0);
	marsad_doc_free(d);
}

static void test_learning(void)
{
	marsad_cleaner *c = NULL;
	CHECK(marsad_cleaner_new(&c) == 0 && c != NULL);
	if (!c)
		return;
	for (int i = 0; i < 10; i++) {
		char *a = article(i, i < 2, FOOTER);
		CHECK(marsad_cleaner_observe(c, "الأفق", a, strlen(a)) == 0);
		/* another outlet never sees the footer; an unknown outlet
		 * learns nothing */
		char *b = article(100 + i, 0, "");
		CHECK(marsad_cleaner_observe(c, "other", b, strlen(b)) == 0);
		CHECK(marsad_cleaner_observe(c, NULL, a, strlen(a)) == 0);
		CHECK(marsad_cleaner_observe(c, "", a, strlen(a)) == 0);
		free(a);
		free(b);
	}

	/* the 11th article loses the footer, also spelt with other hamza
	 * seats and a tatweel, and keeps the line only 2 articles shared */
	char *a = article(11, 1, "صحيفة الافق اليوميـة - الطبعة الرقمية");
	marsad_doc *d = doc_body("عنوان", "الأفق", a);
	CHECK(marsad_clean_doc(c, d) == 0);
	const char *why = reason_of(d, "صحيفة الافق اليوميـة - الطبعة الرقمية");
	CHECK_STR(why, "repeated across الأفق pages");
	CHECK(has_line(d->text, PAIR));
	CHECK(!strstr(d->text, "الطبعة"));
	CHECK(d->n_removed == 1);
	marsad_cleaner_free(c);
	/* reasons are static: still readable after the cleaner is gone */
	CHECK_STR(d->removed[0].reason, "repeated across الأفق pages");
	marsad_doc_free(d);

	/* an outlet name that is not UTF-8 gets a generic reason */
	CHECK(marsad_cleaner_new(&c) == 0);
	for (int i = 0; i < 3; i++) {
		char *x = article(i, 0, FOOTER);
		CHECK(marsad_cleaner_observe(c, "\xff\xfe", x, strlen(x)) == 0);
		free(x);
	}
	d = doc_body("عنوان", "\xff\xfe", a);
	CHECK(marsad_clean_doc(c, d) == 0);
	CHECK_STR(reason_of(d, "صحيفة الافق اليوميـة - الطبعة الرقمية"),
		  "repeated across the outlet's pages");
	marsad_doc_free(d);
	marsad_cleaner_free(c);

	/* with the cleaner gone (or for other outlets) the footer stays */
	CHECK(marsad_cleaner_new(&c) == 0);
	char *b = article(1, 0, FOOTER);
	CHECK(marsad_cleaner_observe(c, "other", b, strlen(b)) == 0);
	d = doc_body("عنوان", "other", a);
	CHECK(marsad_clean_doc(c, d) == 0);
	CHECK(d->n_removed == 0 && strstr(d->text, "الطبعة الرقمية"));
	marsad_doc_free(d);
	d = doc_body("عنوان", NULL, a);
	CHECK(marsad_clean_doc(c, d) == 0);
	CHECK(d->n_removed == 0 && strstr(d->text, "الطبعة الرقمية"));
	marsad_doc_free(d);
	marsad_cleaner_free(c);
	free(a);
	free(b);

	/* a short sentence repeated in a few pages is content; in many it is
	 * a footer */
	CHECK(marsad_cleaner_new(&c) == 0);
	const char *sent = "جميع المقالات تعبر عن آراء كتابها.";
	for (int i = 0; i < 20; i++) {
		char *x = article(i, 0, sent);
		CHECK(marsad_cleaner_observe(c, "رأي", x, strlen(x)) == 0);
		free(x);
		if (i == 4) {
			x = article(99, 0, sent);
			d = doc_body("عنوان", "رأي", x);
			CHECK(marsad_clean_doc(c, d) == 0);
			CHECK(has_line(d->text, sent));
			marsad_doc_free(d);
			free(x);
		}
	}
	a = article(99, 0, sent);
	d = doc_body("عنوان", "رأي", a);
	CHECK(marsad_clean_doc(c, d) == 0);
	CHECK_STR(reason_of(d, sent), "repeated across رأي pages");
	marsad_doc_free(d);
	free(a);
	marsad_cleaner_free(c);
}

/* Memory stays bounded and learning goes on over many articles: a footer
 * on every page survives the forgetting of 200k one-off lines. */
static void test_learning_many(void)
{
	marsad_cleaner *c = NULL;
	CHECK(marsad_cleaner_new(&c) == 0);
	char buf[512];
	int failed = 0;
	for (int i = 0; i < 20000; i++) {
		int n = snprintf(buf, sizeof buf,
				 "سطر فريد رقم %d\nعنوان جانبي %d\nوسطر آخر %d\n"
				 "ومزيد %d\nوختام %d\nحقوق النشر لموقع المثال", i, i, i, i, i);
		failed |= marsad_cleaner_observe(c, i % 3 ? "مثال" : "ب", buf, (size_t)n);
		/* and many outlets, one article each */
		snprintf(buf, sizeof buf, "outlet-%d", i);
		failed |= marsad_cleaner_observe(c, buf, "سطر\nسطر آخر", 20);
	}
	CHECK(failed == 0);
	marsad_doc *d = doc_body("ع", "مثال", "جملة من الخبر.\nحقوق النشر لموقع المثال\nسطر فريد رقم 5");
	CHECK(marsad_clean_doc(c, d) == 0);
	CHECK_STR(reason_of(d, "حقوق النشر لموقع المثال"), "repeated across مثال pages");
	CHECK(has_line(d->text, "سطر فريد رقم 5"));
	marsad_doc_free(d);
	marsad_cleaner_free(c);
}

/* ---- bad input ------------------------------------------------------------------------ */

static void test_bad_input(void)
{
	CHECK(marsad_clean_doc(NULL, NULL) == MARSAD_EINVAL);
	marsad_cleaner_free(NULL);
	CHECK(marsad_cleaner_observe(NULL, "x", "a", 1) == MARSAD_EINVAL);

	marsad_doc *d = calloc(1, sizeof *d);
	CHECK(marsad_clean_doc(NULL, d) == 0); /* no text, no title */
	d->text_len = 5;
	CHECK(marsad_clean_doc(NULL, d) == MARSAD_EINVAL);
	d->text_len = 0;
	marsad_doc_free(d);

	d = doc_body("", NULL, "");
	CHECK(marsad_clean_doc(NULL, d) == 0);
	CHECK_STR(d->text, "");
	CHECK(d->text_len == 0 && d->n_removed == 0);
	marsad_doc_free(d);

	d = doc_body("ع", NULL, "\n\n \n\t\n");
	CHECK(marsad_clean_doc(NULL, d) == 0);
	CHECK(d->text_len == 0);
	marsad_doc_free(d);

	/* invalid bytes and NULs inside lines */
	static const char junk[] = "\xff\xfe\xc0\x80 اقرأ أيضاً \xed\xa0\x80\n\x80\x80\x80\nجملة.\0مخفية\n(\xff)";
	d = calloc(1, sizeof *d);
	d->title = dup_n("\xff", 1);
	d->text = dup_n(junk, sizeof junk - 1);
	d->text_len = sizeof junk - 1;
	CHECK(marsad_clean_doc(NULL, d) == 0);
	CHECK(d->text_len <= sizeof junk - 1);
	marsad_doc_free(d);

	/* 4 MiB with no line break, and lines of nothing but tag soup */
	size_t big = (size_t)4 << 20;
	char *s = malloc(big + 1);
	for (size_t i = 0; i < big; i++)
		s[i] = "<p/strong>a \xd8\xb9"[i % 15];
	s[big] = 0;
	d = doc_body("ع", "soup", s);
	CHECK(marsad_clean_doc(NULL, d) == 0);
	CHECK(d->text_len < big);
	marsad_doc_free(d);
	for (size_t i = 0; i < big; i++)
		s[i] = (i % 97 == 96) ? '\n' : "</b>>/i>"[i % 8];
	marsad_cleaner *c = NULL;
	CHECK(marsad_cleaner_new(&c) == 0);
	CHECK(marsad_cleaner_observe(c, "soup", s, big) == 0);
	CHECK(marsad_cleaner_observe(c, "soup", s, big) == 0);
	CHECK(marsad_cleaner_observe(c, "soup", s, big) == 0);
	d = doc_body("ع", "soup", s);
	CHECK(marsad_clean_doc(c, d) == 0);
	marsad_doc_free(d);
	/* half a million lines: the first are examined, the rest kept */
	for (size_t i = 0; i < (size_t)1 << 20; i++)
		s[i] = i % 2 ? '\n' : '*';
	s[(size_t)1 << 20] = 0;
	d = doc_body("ع", "soup", s);
	CHECK(marsad_clean_doc(c, d) == 0);
	CHECK(d->text_len > 0 && d->text_len < (size_t)1 << 20);
	marsad_doc_free(d);
	/* a body of list heads and prompts, nothing else */
	marsad_buf heads = MARSAD_BUF_INIT;
	while (heads.len < ((size_t)4 << 20))
		marsad_buf_append(&heads, "الأكثر قراءة\nاقرأ أيضاً\n", strlen("الأكثر قراءة\nاقرأ أيضاً\n"));
	d = doc_body("ع", NULL, heads.data);
	CHECK(marsad_clean_doc(NULL, d) == 0);
	marsad_doc_free(d);
	marsad_buf_clear(&heads);
	/* an outlet name of soup is ignored */
	memset(s, 'x', 10000);
	s[10000] = 0;
	CHECK(marsad_cleaner_observe(c, s, "a\nb", 3) == 0);
	marsad_cleaner_free(c);
	free(s);
}

int main(void)
{
	test_seeds();
	CHECK(golden_each(GOLDEN "/lines.txt", golden_line) > 50);
	test_structure();
	test_split();
	test_learning();
	test_learning_many();
	test_bad_input();
	CHECK_DONE();
}
