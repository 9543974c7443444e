/*
 * test_read.c — the readers (read.h): plain text, HTML, JSON Lines (plain
 * and gzip), web archives (WARC, plain and gzip), RSS and Atom feeds,
 * directories, standard input, memory, and every kind of bad input: broken
 * UTF-8, empty files, huge lines and records, malformed records, truncated
 * and corrupt gzip streams, undeclared encodings, tag soup, broken XML,
 * XML entities.
 * Fixtures are in tests/data/read/; the SaudiNewsNet and ANT corpora are
 * read from $MARSAD_SHARED/eval when present.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "marsad/read.h"
#include "marsad/text.h"

#define DATA "data/read/"

/* What one walk over a path produced. */
typedef struct outcome {
	marsad_doc *docs[64]; /* the first 64 documents, kept */
	size_t n_docs;
	marsad_read_error errs[128]; /* the first 128 errors */
	int codes[128];
	size_t n_errs;
} outcome;

static void read_path(const char *path, outcome *o)
{
	memset(o, 0, sizeof *o);
	marsad_reader *r;
	marsad_read_error e;
	if (marsad_reader_open(path, &r, &e) != 0) {
		fprintf(stderr, "%s: %s\n", path, e.message);
		check_failed++;
		return;
	}
	marsad_doc *d;
	int rc;
	while ((rc = marsad_reader_next(r, &d, &e)) != 0) {
		if (rc < 0) {
			CHECK(d == NULL);
			if (o->n_errs < 128) {
				o->errs[o->n_errs] = e;
				o->codes[o->n_errs] = rc;
			}
			o->n_errs++;
			continue;
		}
		CHECK(d != NULL);
		CHECK(marsad_utf8_check(d->text, d->text_len, NULL) == 0);
		CHECK(strlen(d->text) == d->text_len);
		if (o->n_docs < 64)
			o->docs[o->n_docs] = d;
		else
			marsad_doc_free(d);
		o->n_docs++;
	}
	marsad_reader_close(r);
}

static void outcome_free(outcome *o)
{
	for (size_t i = 0; i < o->n_docs && i < 64; i++)
		marsad_doc_free(o->docs[i]);
}

static int has(const char *s, const char *part)
{
	return s && strstr(s, part) != NULL;
}

static int removed(const marsad_doc *d, const char *reason, const char *text)
{
	for (size_t i = 0; i < d->n_removed; i++)
		if (strcmp(d->removed[i].reason, reason) == 0 &&
		    has(d->removed[i].line, text))
			return 1;
	return 0;
}

/* ---- plain text ---------------------------------------------------------- */

/* Each seed article: the title is its first non-empty line. */
static void test_seeds(void)
{
	const char *src = getenv("MARSAD_SRC");
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/samples", src ? src : "..");
	outcome o;
	read_path(dir, &o);
	CHECK(o.n_docs == 5);
	CHECK(o.n_errs == 0);
	for (size_t i = 0; i < o.n_docs && i < 64; i++) {
		marsad_doc *d = o.docs[i];
		char path[2048], line[8192] = "";
		snprintf(path, sizeof path, "%s/%s.txt", dir, d->key);
		FILE *f = fopen(path, "r");
		CHECK(f != NULL);
		while (f && fgets(line, sizeof line, f)) {
			line[strcspn(line, "\r\n")] = 0;
			if (line[0])
				break;
		}
		if (f)
			fclose(f);
		CHECK_STR(d->title, line);
		CHECK_STR(d->lang, "ar");
		CHECK(d->text_len > 1000);
		CHECK(d->record == 0 && d->bad_utf8 == 0);
		CHECK(d->url == NULL && d->published == NULL);
		CHECK(d->text[0] != '\n' && d->text[d->text_len - 1] != '\n');
	}
	if (o.n_docs == 5) /* name order */
		CHECK(strcmp(o.docs[0]->key, o.docs[4]->key) < 0);
	outcome_free(&o);
}

static void test_txt(void)
{
	outcome o;
	read_path(DATA "crlf.txt", &o);
	CHECK(o.n_docs == 1 && o.n_errs == 0);
	if (o.n_docs) {
		CHECK_STR(o.docs[0]->key, "crlf");
		CHECK_STR(o.docs[0]->title, "عنوان المقال");
		CHECK_STR(o.docs[0]->text,
			  "الفقرة الأولى.\nسطر ثانٍ\n\nالفقرة الثانية.");
		CHECK_STR(o.docs[0]->path, DATA "crlf.txt");
	}
	outcome_free(&o);

	read_path(DATA "badutf8.txt", &o);
	CHECK(o.n_docs == 1 && o.n_errs == 0);
	if (o.n_docs) {
		CHECK(o.docs[0]->bad_utf8 == 6);
		CHECK_STR(o.docs[0]->title, "عنوان");
		CHECK(has(o.docs[0]->text, "\xEF\xBF\xBD end\xEF\xBF\xBD"));
	}
	outcome_free(&o);

	read_path(DATA "english.txt", &o);
	CHECK(o.n_docs == 1);
	if (o.n_docs) {
		CHECK_STR(o.docs[0]->lang, "Latn");
		CHECK_STR(o.docs[0]->text, "Russian and American officials met "
					   "in Istanbul on Monday, a diplomat "
					   "said.");
	}
	outcome_free(&o);

	const char *empties[] = {DATA "empty.txt", DATA "blank.txt",
				 DATA "empty.html", DATA "empty.jsonl"};
	for (size_t i = 0; i < 4; i++) {
		read_path(empties[i], &o);
		CHECK(o.n_docs == 0 && o.n_errs == 1);
		CHECK(o.codes[0] == MARSAD_EFORMAT);
		CHECK_STR(o.errs[0].message, "empty file");
		CHECK_STR(o.errs[0].path, empties[i]);
		outcome_free(&o);
	}
}

/* ---- HTML ------------------------------------------------------------------ */

static void test_html_article(void)
{
	outcome o;
	read_path(DATA "article.html", &o);
	CHECK(o.n_docs == 1 && o.n_errs == 0);
	if (!o.n_docs)
		return;
	marsad_doc *d = o.docs[0];
	CHECK_STR(d->title, "موسكو تلمح إلى التفاوض مع واشنطن");
	CHECK_STR(d->url,
		  "https://www.example-news.com/world/2022/11/19/moscow-talks");
	CHECK_STR(d->key, d->url);
	CHECK_STR(d->outlet, "صحيفة المرصد");
	CHECK_STR(d->published, "2022-11-19T18:30:00Z");
	CHECK_STR(d->lang, "ar");
	/* Blocks are separated by blank lines, <br> breaks a line, white
	 * space and &nbsp; are collapsed, and the <h1> title is not
	 * repeated in the body. */
	CHECK(strncmp(d->text, "قال نائب وزير الخارجية الروسي سيرغي ريابكوف إن "
			       "الأمل لم يُفقد بعد.\n\n",
		      strlen("قال نائب وزير الخارجية الروسي سيرغي ريابكوف إن "
			     "الأمل لم يُفقد بعد.\n\n")) == 0);
	CHECK(has(d->text, "إيجابية”.\nسطر ثانٍ بعد فاصل.\n\nقنوات الاتصال\n\n"
			   "القناة الأولى\n\nالقناة الثانية\n\n"));
	CHECK(has(d->text, "نص مباشر في عنصر div\n\nونص داخلي"));
	const char *gone[] = {"صحيفة المرصد", "الرئيسية", "رياضة", "اترك",
			      "الأكثر قراءة", "جميع الحقوق", "فعّل", "رسم",
			      "tracking", "font-family", "datePublished"};
	for (size_t i = 0; i < sizeof gone / sizeof *gone; i++)
		CHECK(!has(d->text, gone[i]));
	CHECK(removed(d, "page header", "الرئيسية العالم"));
	CHECK(removed(d, "page navigation", "رياضة اقتصاد"));
	CHECK(removed(d, "form", "اترك تعليقاً اكتب هنا إرسال"));
	CHECK(removed(d, "sidebar", "الأكثر قراءة"));
	CHECK(removed(d, "page footer", "جميع الحقوق محفوظة"));
	CHECK(removed(d, "script fallback", "فعّل جافاسكربت"));
	CHECK(d->n_removed == 6);
	outcome_free(&o);
}

static void test_html_metadata(void)
{
	outcome o;
	/* og:title with a " | Site" suffix, og:url, JSON-LD @graph date in
	 * RFC 822 form, itemprop=articleBody chosen over a teaser. */
	read_path(DATA "jsonld.html", &o);
	CHECK(o.n_docs == 1);
	if (o.n_docs) {
		marsad_doc *d = o.docs[0];
		CHECK_STR(d->title, "بيرنز يلتقي ناريشكين في أنقرة");
		CHECK_STR(d->url, "https://gulf.example.net/news/123?ref=x");
		CHECK_STR(d->outlet, "شبكة الخليج");
		CHECK_STR(d->published, "2022-11-14T07:00:00Z");
		CHECK_STR(d->text, "التقى مدير وكالة المخابرات المركزية وليام "
				   "بيرنز نظيره الروسي.\n\nوجرى اللقاء في "
				   "أنقرة.");
	}
	outcome_free(&o);

	/* <time datetime> inside the article; <title>; no url. */
	read_path(DATA "time.html", &o);
	CHECK(o.n_docs == 1);
	if (o.n_docs) {
		marsad_doc *d = o.docs[0];
		CHECK_STR(d->title, "عنوان من وسم العنوان");
		CHECK_STR(d->published, "2021-12-09");
		CHECK_STR(d->key, "time");
		CHECK(d->url == NULL && d->outlet == NULL);
		CHECK(!has(d->text, "قديم"));
	}
	outcome_free(&o);

	/* Soup: unclosed and stray tags, entities, a bare '<', an
	 * unterminated script; meta name=pubdate. */
	read_path(DATA "soup.html", &o);
	CHECK(o.n_docs == 1 && o.n_errs == 0);
	if (o.n_docs) {
		marsad_doc *d = o.docs[0];
		CHECK_STR(d->title, "حساء");
		CHECK_STR(d->published, "2018-02-18T21:35:43Z");
		CHECK(has(d->text, "فقرة غامقة مائلة"));
		CHECK(has(d->text, "خلية أخرى"));
		CHECK(has(d->text, "& © ا &bogus; < نص بعد علامة أصغر"));
		CHECK(!has(d->text, "unterminated") && !has(d->text, "تعليق"));
	}
	outcome_free(&o);
}

static void test_html_encodings(void)
{
	outcome o;
	read_path(DATA "cp1256.html", &o);
	CHECK(o.n_docs == 1 && o.n_errs == 0);
	if (o.n_docs) {
		CHECK_STR(o.docs[0]->title, "أخبار موسكو");
		CHECK_STR(o.docs[0]->text, "قال الكرملين إن المحادثات مستمرة.");
		CHECK(o.docs[0]->bad_utf8 == 0);
		CHECK_STR(o.docs[0]->lang, "ar");
	}
	outcome_free(&o);

	read_path(DATA "iso8859-6.html", &o);
	CHECK(o.n_docs == 1);
	if (o.n_docs) {
		CHECK_STR(o.docs[0]->title, "عنوان");
		CHECK_STR(o.docs[0]->text, "نص عربي.");
	}
	outcome_free(&o);

	read_path(DATA "badcharset.html", &o);
	CHECK(o.n_docs == 0 && o.n_errs == 1);
	CHECK(o.codes[0] == MARSAD_EFORMAT);
	CHECK(has(o.errs[0].message,
		  "unsupported character encoding \"x-no-such-charset\""));
	outcome_free(&o);
}

/* Deeply nested soup is refused quickly instead of taking gumbo minutes;
 * ordinary nesting reads. */
static void test_html_deep(void)
{
	size_t n = 50000;
	char *s = malloc(n * 5 + 16);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * 5, "<div>", 5);
	memcpy(s + n * 5, "نص", strlen("نص"));
	size_t len = n * 5 + strlen("نص");
	marsad_doc *d = (marsad_doc *)1;
	marsad_read_error e;
	CHECK(marsad_read_memory("html", "deep.html", s, len, &d, &e) ==
	      MARSAD_EFORMAT);
	CHECK(d == NULL);
	CHECK(has(e.message, "nested too deeply"));

	/* The same depth inside a JSON record's HTML content. */
	char *rec = malloc(len + 64);
	int k = sprintf(rec, "{\"title\":\"t\",\"text\":\"");
	memcpy(rec + k, s, len);
	strcpy(rec + k + len, "\"}");
	CHECK(marsad_read_memory("json", "deep.jsonl", rec, strlen(rec), &d,
				 &e) == MARSAD_EFORMAT);
	CHECK(has(e.message, "HTML content nested too deeply"));
	free(rec);

	/* 2000 nested elements are fine. */
	n = 2000;
	memcpy(s + n * 5, "نص", strlen("نص"));
	CHECK(marsad_read_memory("html", "nested.html", s, n * 5 + strlen("نص"),
				 &d, &e) == 0);
	if (d) {
		CHECK_STR(d->text, "نص");
		CHECK_STR(d->key, "nested");
	}
	marsad_doc_free(d);
	free(s);
}

/* ---- JSON Lines ---------------------------------------------------------- */

static void test_jsonl(void)
{
	outcome o;
	read_path(DATA "records.jsonl", &o);
	CHECK(o.n_docs == 7);
	CHECK(o.n_errs == 4);
	if (o.n_docs == 7) {
		marsad_doc **d = o.docs;
		/* numeric id, BOM, CRLF and blank-line runs in the text,
		 * RFC 822 date with zone, source as outlet */
		CHECK_STR(d[0]->key, "42");
		CHECK(d[0]->record == 1);
		CHECK_STR(d[0]->text, "السطر الأول\nالسطر الثاني\n\nفقرة ثانية");
		CHECK_STR(d[0]->outlet, "سبق");
		CHECK_STR(d[0]->published, "2018-02-18T17:35:43Z");
		/* url as key, host as outlet, unix seconds */
		CHECK_STR(d[1]->key, "https://www.sabq.org/a/1");
		CHECK_STR(d[1]->outlet, "sabq.org");
		CHECK_STR(d[1]->published, "2015-07-27T12:26:40Z");
		CHECK_STR(d[1]->text, "نص الخبر.");
		/* no id, no url: file name and line */
		CHECK_STR(d[2]->key, "records.jsonl:4");
		CHECK_STR(d[2]->text, "نص");
		CHECK(d[2]->outlet == NULL);
		CHECK_STR(d[2]->published, "2015-07-21T02:51:32Z");
		/* HTML content: text extracted, nav removed, h1 = title */
		CHECK_STR(d[3]->key, "html");
		CHECK_STR(d[3]->text, "فقرة أولى\n\nفقرة ثانية");
		CHECK(removed(d[3], "page navigation", "قائمة الموقع"));
		CHECK_STR(d[3]->published, "2022-11-19T18:30:00Z");
		/* invalid UTF-8 inside a string: repaired, counted */
		CHECK_STR(d[4]->key, "bad");
		CHECK_STR(d[4]->text, "نص \xEF\xBF\xBD مكسور");
		CHECK(d[4]->bad_utf8 == 1);
		/* CRLF line end; an English record is marked, not dropped;
		 * an unreadable date is no date */
		CHECK_STR(d[5]->key, "crlf");
		CHECK_STR(d[5]->lang, "Latn");
		CHECK(d[5]->published == NULL);
		/* the last line has no newline */
		CHECK_STR(d[6]->key, "last");
		CHECK(d[6]->record == 12);
		CHECK_STR(d[6]->published, "2021-12-09");
	}
	if (o.n_errs == 4) {
		CHECK(o.errs[0].record == 5);
		CHECK(has(o.errs[0].message, "invalid JSON at column 37: "));
		CHECK(has(o.errs[0].message, "premature EOF"));
		CHECK(o.errs[0].offset > 0);
		CHECK(o.errs[1].record == 6);
		CHECK_STR(o.errs[1].message, "record is an array, not a JSON object");
		CHECK(o.errs[2].record == 7);
		CHECK_STR(o.errs[2].message, "record has no title or text");
		CHECK(o.errs[3].record == 10);
		CHECK_STR(o.errs[3].message, "record is a string, not a JSON object");
		for (int i = 0; i < 4; i++) {
			CHECK(o.codes[i] == MARSAD_EFORMAT);
			CHECK_STR(o.errs[i].path, DATA "records.jsonl");
		}
	}
	outcome_free(&o);
}

static void test_gzip(void)
{
	outcome o;
	/* Cut off after 60% of its bytes: the 32 complete lines come back,
	 * then one error naming line 33. */
	read_path(DATA "truncated.jsonl.gz", &o);
	CHECK(o.n_docs == 32);
	CHECK(o.n_errs == 1);
	if (o.n_docs == 32) {
		CHECK_STR(o.docs[0]->key, "t1");
		CHECK_STR(o.docs[31]->key, "t32");
		CHECK(o.docs[31]->record == 32);
	}
	if (o.n_errs == 1) {
		CHECK(o.errs[0].record == 33);
		CHECK(o.codes[0] == MARSAD_EFORMAT);
		CHECK(has(o.errs[0].message, "gzip stream truncated in line 33"));
	}
	outcome_free(&o);

	/* Corrupt deflate data near the end: what came before is read, the
	 * stream error is reported last. */
	read_path(DATA "corrupt.jsonl.gz", &o);
	CHECK(o.n_docs >= 500);
	CHECK(o.n_errs >= 1);
	if (o.n_errs >= 1 && o.n_errs <= 128)
		CHECK(has(o.errs[o.n_errs - 1].message, "gzip stream broken after"));
	outcome_free(&o);

	/* gzip found by its magic bytes under an unknown name */
	read_path(DATA "records.data", &o);
	CHECK(o.n_docs == 1 && o.n_errs == 0);
	if (o.n_docs)
		CHECK_STR(o.docs[0]->key, "sniffed");
	outcome_free(&o);
}

/* A line past MARSAD_RECORD_MAX is rejected and skipped; the lines after
 * it are read. */
static void test_huge_line(void)
{
	char path[] = "/tmp/marsad-test-read-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	gzFile gz = gzdopen(fd, "wb1");
	gzputs(gz, "{\"id\":\"before\",\"title\":\"t\",\"text\":\"x\"}\n");
	gzputs(gz, "{\"id\":\"huge\",\"text\":\"");
	static char block[1 << 16];
	memset(block, 'a', sizeof block);
	for (size_t n = 0; n <= MARSAD_RECORD_MAX; n += sizeof block)
		gzwrite(gz, block, sizeof block);
	gzputs(gz, "\"}\n{\"id\":\"after\",\"title\":\"t\",\"text\":\"y\"}\n");
	/* and a last line that is too long and has no newline */
	for (size_t n = 0; n <= MARSAD_RECORD_MAX; n += sizeof block)
		gzwrite(gz, block, sizeof block);
	gzclose(gz);
	outcome o;
	read_path(path, &o);
	CHECK(o.n_docs == 2 && o.n_errs == 2);
	if (o.n_docs == 2) {
		CHECK_STR(o.docs[0]->key, "before");
		CHECK_STR(o.docs[1]->key, "after");
		CHECK(o.docs[1]->record == 3);
	}
	if (o.n_errs == 2) {
		CHECK(o.codes[0] == MARSAD_ETOOBIG && o.errs[0].record == 2);
		CHECK(o.codes[1] == MARSAD_ETOOBIG && o.errs[1].record == 4);
		CHECK(has(o.errs[0].message, "line longer than"));
	}
	outcome_free(&o);
	unlink(path);
}

/* ---- web archives -------------------------------------------------------- */

/* Writes len bytes to a new temporary file whose name ends in suffix
 * (gzip-compressed when gz); the caller unlinks path. */
static void write_temp(char *path, const char *suffix, const void *data,
		       size_t len, int gz)
{
	sprintf(path, "/tmp/marsad-test-read-XXXXXX%s", suffix);
	int fd = mkstemps(path, (int)strlen(suffix));
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	if (gz) {
		gzFile g = gzdopen(fd, "wb1");
		CHECK(len == 0 || gzwrite(g, data, (unsigned)len) == (int)len);
		gzclose(g);
	} else {
		CHECK(write(fd, data, len) == (ssize_t)len);
		close(fd);
	}
}

/* A WARC record: the header lines given (CR LF each) and the block. */
static size_t warc_record(char *out, const char *fields, const char *block)
{
	return (size_t)sprintf(out, "WARC/1.1\r\n%sContent-Length: %zu\r\n\r\n"
				    "%s\r\n\r\n",
			       fields, strlen(block), block);
}

/* The documents of pages.warc(.gz): every HTML response, nothing else. */
static void check_pages(const outcome *o)
{
	CHECK(o->n_docs == 4);
	if (o->n_docs != 4)
		return;
	marsad_doc *const *d = o->docs;
	/* chunked transfer encoding; key and url are the target URI; the
	 * date comes from the page, not from WARC-Date */
	CHECK_STR(d[0]->key, "https://www.almarsad.example/world/2022/11/19/talks");
	CHECK_STR(d[0]->url, d[0]->key);
	CHECK_STR(d[0]->title, "موسكو وواشنطن تستأنفان الحوار");
	CHECK_STR(d[0]->text, "قال المتحدث باسم الكرملين دميتري بيسكوف إن "
			      "الاتصالات مستمرة.\n\nوأضاف أن الجانبين يبحثان "
			      "تبادل السجناء.");
	CHECK_STR(d[0]->outlet, "المرصد");
	CHECK_STR(d[0]->published, "2022-11-19T15:30:00Z");
	CHECK_STR(d[0]->lang, "ar");
	CHECK(d[0]->record == 3);
	CHECK(removed(d[0], "page navigation", "الرئيسية سياسة"));
	/* gzip content encoding, WARC/1.0 <URI>, no date in the page: none */
	CHECK_STR(d[1]->key, "https://news.example.org/sport/griner");
	CHECK_STR(d[1]->outlet, "news.example.org");
	CHECK(d[1]->published == NULL);
	CHECK_STR(d[1]->text, "أفرجت روسيا عن لاعبة كرة السلة الأمريكية بريتني "
			      "غرينر.");
	CHECK(d[1]->record == 5);
	/* deflate; windows-1256 named only by the HTTP Content-Type */
	CHECK_STR(d[2]->title, "أخبار موسكو");
	CHECK_STR(d[2]->text, "قال الكرملين إن المحادثات مستمرة.");
	CHECK(d[2]->bad_utf8 == 0);
	CHECK(d[2]->record == 9);
	/* application/xhtml+xml, JSON-LD date */
	CHECK_STR(d[3]->key, "https://gulf.example.net/news/123");
	CHECK_STR(d[3]->published, "2022-11-14T07:00:00Z");
	CHECK(d[3]->record == 10);
}

static void test_warc(void)
{
	outcome o;
	/* warcinfo, request, metadata, an image, a 404 and a revisit are
	 * passed over; the last record is cut short. */
	read_path(DATA "pages.warc", &o);
	check_pages(&o);
	CHECK(o.n_errs == 1);
	if (o.n_errs == 1) {
		CHECK(o.codes[0] == MARSAD_EFORMAT);
		CHECK_STR(o.errs[0].path, DATA "pages.warc");
		CHECK(o.errs[0].record == 11);
		CHECK(o.errs[0].offset == 5212);
		CHECK_STR(o.errs[0].message, "record 11 truncated: Content-Length "
					     "runs past the end of the file");
	}
	if (o.n_docs)
		CHECK_STR(o.docs[0]->path, DATA "pages.warc");
	outcome_free(&o);

	/* One gzip member a record, the last one cut: offsets are in the
	 * uncompressed stream. */
	read_path(DATA "pages.warc.gz", &o);
	check_pages(&o);
	CHECK(o.n_errs == 1);
	if (o.n_errs == 1) {
		CHECK(o.errs[0].record == 11 && o.errs[0].offset == 5212);
		CHECK(has(o.errs[0].message, "record 11 truncated"));
		CHECK(has(o.errs[0].message, "gzip stream"));
	}
	outcome_free(&o);

	/* Bad records between good ones; reading resynchronizes on the next
	 * "WARC/" line, found even inside a block that swallowed it. */
	read_path(DATA "broken.warc", &o);
	const char *keys[] = {"https://a.example/1", "https://a.example/2",
			      "https://a.example/4", "https://a.example/8"};
	size_t recs[] = {1, 3, 5, 8};
	CHECK(o.n_docs == 4 && o.n_errs == 4);
	for (size_t i = 0; i < 4 && i < o.n_docs; i++) {
		CHECK_STR(o.docs[i]->key, keys[i]);
		CHECK(o.docs[i]->record == recs[i]);
	}
	if (o.n_errs == 4) {
		CHECK(o.errs[0].record == 2 && o.errs[0].offset == 587);
		CHECK_STR(o.errs[0].message, "record 2: no WARC/ version line "
					     "where a record should start");
		CHECK(o.errs[1].record == 4);
		CHECK(has(o.errs[1].message, "bad header line"));
		CHECK(o.errs[2].record == 6);
		CHECK_STR(o.errs[2].message, "record 6: bad Content-Length");
		CHECK(o.errs[3].record == 7);
		CHECK(has(o.errs[3].message, "runs past the end"));
		for (int i = 0; i < 4; i++)
			CHECK(o.codes[i] == MARSAD_EFORMAT);
	}
	outcome_free(&o);
}

/* HTTP payloads the reader passes over or refuses, and what a record
 * without a target URI is keyed by; a WARC file found by its content. */
static void test_warc_payloads(void)
{
	static const char page[] =
		"<html><head><title>عنوان</title></head><body><p>نص.</p></body>"
		"</html>";
	static char buf[8192], block[2048];
	size_t n = 0;
	/* 1: no Content-Type, but the body is HTML: read; no target URI:
	 * keyed by the record ID */
	sprintf(block, "HTTP/1.1 200 OK\r\n\r\n%s", page);
	n += warc_record(buf + n, "WARC-Type: response\r\n"
				  "WARC-Record-ID: <urn:uuid:1>\r\n", block);
	/* 2: no Content-Type and no HTML: passed over */
	n += warc_record(buf + n, "WARC-Type: response\r\n",
			 "HTTP/1.1 200 OK\r\n\r\njust bytes");
	/* 3: an encoding that is not supported */
	sprintf(block, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
		       "Content-Encoding: br\r\n\r\n%s", page);
	n += warc_record(buf + n, "WARC-Type: response\r\n", block);
	/* 4: an empty page */
	n += warc_record(buf + n, "WARC-Type: response\r\n",
			 "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n \n");
	/* 5: no WARC-Type */
	n += warc_record(buf + n, "WARC-Target-URI: http://x.example/5\r\n",
			 block);
	/* 6: a broken gzip payload */
	n += warc_record(buf + n, "WARC-Type: response\r\n",
			 "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
			 "Content-Encoding: gzip\r\n\r\nnot gzip at all");
	/* 7: an HTTP header without its end */
	n += warc_record(buf + n, "WARC-Type: response\r\n",
			 "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n");
	/* 8: read, and the last */
	sprintf(block, "HTTP/1.0 200 OK\nContent-Type: text/html;charset=utf-8\n"
		       "\n%s", page);
	n += warc_record(buf + n, "WARC-Type: response\r\n"
				  "WARC-Target-URI: http://x.example/8\r\n",
			 block);
	char path[64];
	write_temp(path, ".data", buf, n, 1); /* found by its content */
	outcome o;
	read_path(path, &o);
	CHECK(o.n_docs == 2 && o.n_errs == 5);
	if (o.n_docs == 2) {
		CHECK_STR(o.docs[0]->key, "<urn:uuid:1>");
		CHECK(o.docs[0]->url == NULL && o.docs[0]->outlet == NULL);
		CHECK_STR(o.docs[0]->title, "عنوان");
		CHECK_STR(o.docs[0]->text, "نص.");
		CHECK_STR(o.docs[1]->key, "http://x.example/8");
		CHECK_STR(o.docs[1]->outlet, "x.example");
		CHECK(o.docs[1]->record == 8);
	}
	const char *why[] = {"unsupported content encoding \"br\"",
			     "empty HTML payload", "no WARC-Type",
			     "broken gzip content encoding",
			     "HTTP header without an end"};
	for (size_t i = 0; i < 5 && i < o.n_errs; i++) {
		CHECK(o.errs[i].record == i + 3);
		CHECK(has(o.errs[i].message, why[i]));
	}
	outcome_free(&o);
	unlink(path);

	/* An empty archive */
	write_temp(path, ".warc", "", 0, 0);
	read_path(path, &o);
	CHECK(o.n_docs == 0 && o.n_errs == 1);
	CHECK_STR(o.errs[0].message, "empty file");
	outcome_free(&o);
	unlink(path);
}

/* A response of `big` bytes with the given HTTP Content-Type. */
static void huge_response(gzFile gz, size_t big, const char *type)
{
	char head[256];
	int n = sprintf(head, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\n\r\n",
			type);
	gzprintf(gz, "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: %zu\r\n"
		     "\r\n%s", big, head);
	static char block[1 << 16];
	memset(block, 'a', sizeof block);
	for (size_t k = (size_t)n; k < big; k += sizeof block)
		gzwrite(gz, block, (unsigned)(big - k < sizeof block ? big - k
							      : sizeof block));
	gzputs(gz, "\r\n\r\n");
}

/* A record past MARSAD_RECORD_MAX is skipped without being kept: an
 * error when it is an HTML page, silently when its HTTP head says it is
 * not (a video). The record after it is read. */
static void test_warc_huge(void)
{
	char path[64];
	sprintf(path, "/tmp/marsad-test-read-XXXXXX.warc.gz");
	int fd = mkstemps(path, 8);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	gzFile gz = gzdopen(fd, "wb1");
	huge_response(gz, MARSAD_RECORD_MAX + 1, "text/html");
	huge_response(gz, MARSAD_RECORD_MAX + 1, "video/mp4");
	char rec[1024];
	warc_record(rec, "WARC-Type: response\r\nWARC-Target-URI: http://after/\r\n",
		    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
		    "<p>بعد</p>");
	gzputs(gz, rec);
	gzclose(gz);
	outcome o;
	read_path(path, &o);
	CHECK(o.n_docs == 1 && o.n_errs == 1);
	if (o.n_errs == 1) {
		CHECK(o.codes[0] == MARSAD_ETOOBIG);
		CHECK(o.errs[0].record == 1 && o.errs[0].offset == 0);
		CHECK(has(o.errs[0].message, "longer than"));
	}
	if (o.n_docs == 1) {
		CHECK_STR(o.docs[0]->key, "http://after/");
		CHECK(o.docs[0]->record == 3);
	}
	outcome_free(&o);
	unlink(path);
}

/* ---- feeds ------------------------------------------------------------------ */

static void test_rss(void)
{
	outcome o;
	read_path(DATA "news.rss", &o);
	CHECK(o.n_docs == 4 && o.n_errs == 1);
	if (o.n_docs == 4) {
		marsad_doc **d = o.docs;
		/* guid as key, content:encoded over description, HTML read
		 * (its <h1> repeats the title and is left out), RFC 822 date,
		 * the channel's title as outlet */
		CHECK_STR(d[0]->key, "almarsad-1");
		CHECK_STR(d[0]->url, "https://www.almarsad.example/world/1");
		CHECK_STR(d[0]->title, "ريابكوف: الأمل لم يُفقد بعد");
		CHECK_STR(d[0]->text, "قال نائب وزير الخارجية الروسي سيرغي ريابكوف "
				      "إن الأمل لم يُفقد بعد.\n\nوأضاف أن "
				      "الاتصالات مع واشنطن مستمرة.");
		CHECK(removed(d[0], "page navigation", "اقرأ أيضاً"));
		CHECK_STR(d[0]->published, "2022-11-19T18:30:00Z");
		CHECK_STR(d[0]->outlet, "وكالة المرصد للأنباء");
		CHECK(d[0]->record == 1);
		CHECK_STR(d[0]->lang, "ar");
		CHECK_STR(d[0]->path, DATA "news.rss");
		/* no guid: the link is the key; dc:date; escaped HTML and a
		 * doubly escaped entity in the title */
		CHECK_STR(d[1]->key, "https://www.almarsad.example/world/2");
		CHECK_STR(d[1]->title, "بيسكوف يعلّق على \"المحادثات\"");
		CHECK_STR(d[1]->text, "قال دميتري بيسكوف إن موسكو منفتحة.\n\n"
				      "فقرة ثانية.");
		CHECK_STR(d[1]->published, "2022-11-20T08:00:00Z");
		/* the item's own source names its outlet; a permalink guid
		 * is its url */
		CHECK_STR(d[2]->outlet, "الجزيرة");
		CHECK_STR(d[2]->url, "https://www.aljazeera.example/news/griner");
		CHECK_STR(d[2]->key, d[2]->url);
		CHECK_STR(d[2]->published, "2022-12-08T12:00:00Z");
		/* an unreadable date is no date */
		CHECK(d[3]->published == NULL);
		CHECK(d[3]->record == 5);
		CHECK_STR(d[3]->text, "نص عادي بلا وسوم.");
	}
	if (o.n_errs == 1) {
		CHECK(o.codes[0] == MARSAD_EFORMAT);
		CHECK(o.errs[0].record == 36); /* the item's line */
		CHECK_STR(o.errs[0].message, "item 4 has no title or text");
	}
	outcome_free(&o);
}

static void test_atom(void)
{
	outcome o;
	read_path(DATA "news.atom", &o);
	CHECK(o.n_docs == 3 && o.n_errs == 0);
	if (o.n_docs == 3) {
		marsad_doc **d = o.docs;
		/* id as key, rel="alternate" (not "self") as url, published
		 * over updated, content over summary, type="html" */
		CHECK_STR(d[0]->key, "tag:atom.example.com,2022:1");
		CHECK_STR(d[0]->url, "https://atom.example.com/news/1");
		CHECK_STR(d[0]->outlet, "مرصد الأخبار");
		CHECK_STR(d[0]->published, "2022-11-14T06:00:00Z");
		CHECK_STR(d[0]->text, "التقى مسؤولون روس وأمريكيون في إسطنبول.");
		CHECK(removed(d[0], "sidebar", "الأكثر قراءة"));
		/* a link without rel; an HTML title; xhtml content; the
		 * updated date when nothing else */
		CHECK_STR(d[1]->url, "https://atom.example.com/news/2");
		CHECK_STR(d[1]->title, "تبادل السجناء");
		CHECK_STR(d[1]->text, "جرى تبادل السجناء في أبوظبي.\n\nوعاد فيكتور "
				      "بوت إلى موسكو.");
		CHECK_STR(d[1]->published, "2022-12-08T16:45:00Z");
		/* a text summary keeps its lines; <source><title> as outlet;
		 * no link */
		CHECK_STR(d[2]->text, "سطر أول\nسطر ثانٍ");
		CHECK_STR(d[2]->outlet, "وكالة أخرى");
		CHECK(d[2]->url == NULL);
		CHECK_STR(d[2]->published, "2022-12-09");
	}
	outcome_free(&o);
}

/* The library writes nothing to stderr, whatever libxml2 finds. */
static void read_quietly(const char *path, outcome *o, long *printed)
{
	fflush(stderr);
	int saved = dup(STDERR_FILENO);
	FILE *tmp = tmpfile();
	dup2(fileno(tmp), STDERR_FILENO);
	read_path(path, o);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	fseek(tmp, 0, SEEK_END);
	*printed = ftell(tmp);
	fclose(tmp);
}

static void test_feed_errors(void)
{
	outcome o;
	long printed;
	/* A bare '&', mismatched tags, a file cut inside an item: the
	 * items come back, then one error naming the first bad line. */
	read_quietly(DATA "broken.rss", &o, &printed);
	CHECK(printed == 0);
	CHECK(o.n_docs == 4 && o.n_errs == 1);
	const char *titles[] = {"الأول الثاني", "مكسور", "الثالث", "مقطوع"};
	for (size_t i = 0; i < 4 && i < o.n_docs; i++) {
		CHECK_STR(o.docs[i]->title, titles[i]);
		CHECK_STR(o.docs[i]->outlet, "قناة مكسورة");
	}
	if (o.n_docs == 4)
		CHECK_STR(o.docs[2]->text, "نص ثالث.");
	if (o.n_errs == 1) {
		CHECK(o.codes[0] == MARSAD_EFORMAT);
		CHECK(o.errs[0].record == 5);
		CHECK(has(o.errs[0].message, "malformed XML at line 5, column 21: "));
		CHECK_STR(o.errs[0].path, DATA "broken.rss");
	}
	outcome_free(&o);

	/* Entities are never loaded nor expanded: no file, no network, no
	 * billion laughs. */
	read_quietly(DATA "entities.rss", &o, &printed);
	CHECK(printed == 0);
	CHECK(o.n_docs == 1);
	if (o.n_docs == 1) {
		CHECK_STR(o.docs[0]->title, "عنوان");
		CHECK(!has(o.docs[0]->text, "laugh"));
		CHECK(o.docs[0]->text_len < 100);
	}
	outcome_free(&o);

	/* XML that is not a feed, named */
	read_quietly(DATA "sitemap.xml", &o, &printed);
	CHECK(printed == 0);
	CHECK(o.n_docs == 0 && o.n_errs == 1);
	if (o.n_errs == 1)
		CHECK_STR(o.errs[0].message, "not an RSS or Atom feed (the root "
					     "element is <urlset>)");
	outcome_free(&o);

	/* An encoding named in the XML declaration */
	read_path(DATA "cp1256.xml", &o);
	CHECK(o.n_docs == 1 && o.n_errs == 0);
	if (o.n_docs == 1) {
		CHECK_STR(o.docs[0]->title, "عنوان عربي");
		CHECK_STR(o.docs[0]->outlet, "أخبار");
		CHECK_STR(o.docs[0]->text, "نص بترميز ويندوز.");
	}
	outcome_free(&o);

	/* Empty and blank feeds; binary junk */
	char path[64];
	const char *bodies[] = {"", " \n\n ", "\x01\x02\xff\xfe junk"};
	const char *msgs[] = {"empty file", "empty file", "malformed XML at line 1"};
	for (int i = 0; i < 3; i++) {
		write_temp(path, ".rss", bodies[i], strlen(bodies[i]), 0);
		read_quietly(path, &o, &printed);
		CHECK(printed == 0);
		CHECK(o.n_docs == 0 && o.n_errs == 1);
		if (o.n_errs == 1)
			CHECK(has(o.errs[0].message, msgs[i]));
		outcome_free(&o);
		unlink(path);
	}
}

/* Items are taken out as the parser completes them: a long feed in a
 * gzip file reads whole, item by item, in order. */
static void test_feed_long(void)
{
	char path[64];
	sprintf(path, "/tmp/marsad-test-read-XXXXXX.rss.gz");
	int fd = mkstemps(path, 7);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	gzFile gz = gzdopen(fd, "wb1");
	gzputs(gz, "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>"
		   "<title>قناة</title>\n");
	for (int i = 1; i <= 3000; i++)
		gzprintf(gz, "<item><title>خبر %d</title><guid>g%d</guid>"
			     "<description><![CDATA[<p>نص الخبر رقم %d.</p>]]>"
			     "</description></item>\n",
			 i, i, i);
	gzputs(gz, "</channel></rss>\n");
	gzclose(gz);
	marsad_reader *r;
	marsad_read_error e;
	size_t n = 0, bad = 0;
	CHECK(marsad_reader_open(path, &r, &e) == 0);
	marsad_doc *d;
	int rc;
	while ((rc = marsad_reader_next(r, &d, &e)) != 0) {
		if (rc < 0) {
			bad++;
			continue;
		}
		n++;
		char key[16];
		snprintf(key, sizeof key, "g%zu", n);
		if (strcmp(d->key, key) != 0 || d->record != n ||
		    strcmp(d->outlet, "قناة") != 0)
			bad++;
		marsad_doc_free(d);
	}
	marsad_reader_close(r);
	CHECK(n == 3000 && bad == 0);
	unlink(path);
}

/* ---- walking --------------------------------------------------------------- */

static void test_directory(void)
{
	outcome o;
	read_path(DATA "dir", &o);
	/* hidden files, a binary file and unrecognizable notes are skipped;
	 * subdirectories are walked in name order */
	const char *keys[] = {"a", "c1", "c2", "d", "sniffed"};
	CHECK(o.n_docs == 5 && o.n_errs == 0);
	for (size_t i = 0; i < 5 && i < o.n_docs; i++)
		CHECK_STR(o.docs[i]->key, keys[i]);
	if (o.n_docs == 5) {
		CHECK_STR(o.docs[1]->path, DATA "dir/b/c.jsonl");
		CHECK(o.docs[2]->record == 2);
		CHECK_STR(o.docs[3]->title, "د");
	}
	outcome_free(&o);

	marsad_reader *r = (marsad_reader *)1;
	marsad_read_error e;
	CHECK(marsad_reader_open(DATA "no-such-file", &r, &e) == MARSAD_EIO);
	CHECK(r == NULL);
	CHECK(has(e.message, "cannot open"));
	CHECK_STR(e.path, DATA "no-such-file");

	/* A named file of unknown kind that is text reads as text. */
	read_path(DATA "dir/notes", &o);
	CHECK(o.n_docs == 1);
	if (o.n_docs)
		CHECK_STR(o.docs[0]->title, "just some notes");
	outcome_free(&o);
	read_path(DATA "dir/image.bin", &o);
	CHECK(o.n_docs == 0 && o.n_errs == 1);
	CHECK_STR(o.errs[0].message, "unrecognized file format");
	outcome_free(&o);

	/* A gzip RSS feed, a gzip archive, an Atom feed under a name that
	 * says nothing, and a sitemap that is passed over. */
	read_path(DATA "mixed", &o);
	CHECK(o.n_docs == 8 && o.n_errs == 1);
	if (o.n_docs == 8) {
		CHECK_STR(o.docs[0]->key, "almarsad-1");
		CHECK_STR(o.docs[0]->path, DATA "mixed/a.rss.gz");
		CHECK_STR(o.docs[4]->key, "https://b.example/warc");
		CHECK_STR(o.docs[5]->key, "tag:atom.example.com,2022:1");
		CHECK_STR(o.docs[5]->path, DATA "mixed/c.feed");
	}
	if (o.n_errs == 1)
		CHECK_STR(o.errs[0].path, DATA "mixed/a.rss.gz");
	outcome_free(&o);
}

static void test_stdin(void)
{
	int saved = dup(STDIN_FILENO);
	int fd = open(DATA "records.jsonl", O_RDONLY);
	CHECK(fd >= 0 && saved >= 0);
	dup2(fd, STDIN_FILENO);
	close(fd);
	outcome o;
	read_path("-", &o);
	CHECK(o.n_docs == 7 && o.n_errs == 4);
	if (o.n_docs)
		CHECK_STR(o.docs[0]->path, "-");
	if (o.n_docs > 2)
		CHECK_STR(o.docs[2]->key, "-:4");
	outcome_free(&o);
	dup2(saved, STDIN_FILENO);
	close(saved);
}

/* ---- memory ---------------------------------------------------------------- */

static void test_memory(void)
{
	marsad_doc *d;
	marsad_read_error e;
	const char *txt = "  \n\nالعنوان\nالنص";
	CHECK(marsad_read_memory("txt", "some/dir/name.txt", txt, strlen(txt),
				 &d, &e) == 0);
	if (d) {
		CHECK_STR(d->key, "name");
		CHECK_STR(d->title, "العنوان");
		CHECK_STR(d->text, "النص");
	}
	marsad_doc_free(d);

	const char *rec = "{\"id\": 7.5, \"title\": \"x\"}\n";
	CHECK(marsad_read_memory("json", NULL, rec, strlen(rec), &d, &e) == 0);
	if (d) {
		CHECK_STR(d->key, "7.5");
		CHECK_STR(d->text, "");
		CHECK(d->record == 1);
	}
	marsad_doc_free(d);

	CHECK(marsad_read_memory("json", "m", "  \n", 3, &d, &e) ==
	      MARSAD_EFORMAT);
	CHECK_STR(e.message, "empty file");
	CHECK(marsad_read_memory("json", "m", "{}", 2, &d, &e) == MARSAD_EFORMAT);
	CHECK_STR(e.message, "record has no title or text");
	CHECK(marsad_read_memory("pdf", "m", "x", 1, &d, &e) == MARSAD_EINVAL);
	CHECK(d == NULL);
	CHECK(marsad_read_memory("html", "m", NULL, 0, &d, &e) == MARSAD_EFORMAT);
	CHECK(marsad_read_memory("txt", "m", "\0\0", 2, &d, &e) == 0);
	if (d)
		CHECK_STR(d->title, "\xEF\xBF\xBD\xEF\xBF\xBD");
	marsad_doc_free(d);
	marsad_doc_free(NULL);
}

/* A record's members read alone and after a nested value give the same
 * result: escapes, nulls, booleans, repeated and unknown members, whether
 * yajl checks the strings' UTF-8 itself or not. */
static void members_case(const char *members)
{
	char flat[512], nested[600];
	snprintf(flat, sizeof flat, "{%s}", members);
	snprintf(nested, sizeof nested, "{\"n\": [1, {\"a\": null}]%s%s}",
		 *members ? ", " : "", members);
	marsad_doc *a, *b;
	marsad_read_error ea, eb;
	int ra = marsad_read_memory("json", "m", flat, strlen(flat), &a, &ea);
	int rb = marsad_read_memory("json", "m", nested, strlen(nested), &b,
				    &eb);
	CHECK(ra == rb);
	if (ra || rb)
		CHECK_STR(ea.message, eb.message);
	if (a && b) {
		CHECK_STR(a->key, b->key);
		CHECK_STR(a->title, b->title);
		CHECK_STR(a->text, b->text);
		CHECK(!a->url == !b->url && (!a->url || !strcmp(a->url, b->url)));
		CHECK(!a->outlet == !b->outlet &&
		      (!a->outlet || !strcmp(a->outlet, b->outlet)));
	}
	marsad_doc_free(a);
	marsad_doc_free(b);
}

/* Malformed lines: yajl's reasons, at yajl's columns. */
static void members_error(const char *rec, const char *want)
{
	marsad_doc *d;
	marsad_read_error e;
	CHECK(marsad_read_memory("json", "m", rec, strlen(rec), &d, &e) ==
	      MARSAD_EFORMAT);
	CHECK_STR(e.message, want);
	marsad_doc_free(d);
}

static void test_json_members(void)
{
	members_case("\"title\": \"عنوان\", \"text\": \"سطر\\nسطر \\\"مقتبس\\\" "
		  "\\\\ \\/ \\t\\b\\f\\r\", \"url\": \"http://x.org/a\"");
	members_case("\"title\": \"\\u00e9\\u0627\\u20ac\\u0041\", "
		  "\"content\": \"x\"");
	members_case("\"title\": \"t\", \"text\": \"a\\u0000b\"");
	members_case("\"title\": null, \"text\": \"x\", \"url\": true, "
		  "\"source\": false");
	members_case(" \"title\" : \"a\" ,\"title\":\"b\" , \"body\" :\"c\" ");
	members_case("\"ti\\u0074le\": \"k\", \"text\": \"x\"");
	members_case("\"title\": \"t\", \"id\": 12, \"text\": \"x\"");
	members_case("\"title\": \"\\ud83d\\ude00\\ud800\", \"text\": \"x\"");
	members_case("\"title\": \"t\", \"text\": \"\", \"source\": \"s\"");
	members_case("");
	members_error("{\"title\": \"a\"} x",
		   "invalid JSON at column 17: trailing garbage");
	members_error("{\"title\": \"a\\x\"}",
		   "invalid JSON at column 14: inside a string, '\\' occurs "
		   "before a character which it may not");
	members_error("{\"title\": \"a\" \"text\": \"b\"}",
		   "invalid JSON at column 17: after key and value, inside "
		   "map, I expect ',' or '}'");
	members_error("{\"title\": \"a\",}", "invalid JSON at column 16: invalid "
		   "object key (must be a string)");
	members_error("{\"title\": \"a\\u12G4\"}",
		   "invalid JSON at column 17: invalid (non-hex) character "
		   "occurs after '\\u' inside string");
	members_error("{\"title\": \"a\x01\"}",
		   "invalid JSON at column 13: invalid character inside string");
	members_error("{\"title\": nul}",
		   "invalid JSON at column 14: invalid string in json text");
	members_error("{\"title\": \"a\"", "invalid JSON at column 14: premature EOF");
}

/* Dates through a record's date field (golden file). */
static void date_case(int line_no, const char *in, const char *want)
{
	char rec[512];
	snprintf(rec, sizeof rec, "{\"title\":\"t\",\"date\":\"%s\"}", in);
	marsad_doc *d;
	marsad_read_error e;
	int rc = marsad_read_memory("json", "dates", rec, strlen(rec), &d, &e);
	CHECK(rc == 0);
	const char *got = d && d->published ? d->published : "-";
	if (strcmp(got, want) != 0) {
		fprintf(stderr, "dates.tsv:%d: [%s] → [%s], want [%s]\n",
			line_no, in, got, want);
		check_failed++;
	} else {
		check_passed++;
	}
	marsad_doc_free(d);
}

/* ---- the corpora ------------------------------------------------------- */

static void count_corpus(const char *name, size_t want)
{
	const char *shared = getenv("MARSAD_SHARED");
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/eval/%s", shared ? shared : "../../shared",
		 name);
	if (access(dir, R_OK) != 0) {
		printf("skipped: %s not found\n", dir);
		return;
	}
	outcome o;
	read_path(dir, &o);
	if (o.n_errs)
		fprintf(stderr, "%s:%zu: %s\n", o.errs[0].path,
			o.errs[0].record, o.errs[0].message);
	CHECK(o.n_errs == 0);
	CHECK(o.n_docs == want);
	if (o.n_docs)
		CHECK(o.docs[0]->published && o.docs[0]->key && o.docs[0]->outlet);
	outcome_free(&o);
}

int main(void)
{
	test_seeds();
	test_txt();
	test_html_article();
	test_html_metadata();
	test_html_encodings();
	test_html_deep();
	test_jsonl();
	test_gzip();
	test_huge_line();
	test_warc();
	test_warc_payloads();
	test_warc_huge();
	test_rss();
	test_atom();
	test_feed_errors();
	test_feed_long();
	test_directory();
	test_stdin();
	test_memory();
	test_json_members();
	golden_each(DATA "dates.tsv", date_case);
	count_corpus("saudinewsnet", 31030);
	count_corpus("ant", 31525);
	CHECK_DONE();
}
