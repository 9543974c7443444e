/*
 * test_dates.c — date extraction (extract.h): the golden cases of
 * golden/dates.tsv (every form the extractor knows, the seed articles with
 * their publication dates, and texts that must give nothing), span and
 * value invariants, the dateline helper and bad arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "marsad/extract.h"
#include "marsad/marsad.h"

/* The project directory: $MARSAD_SRC, else the parent of tests/. */
static const char *project_dir(void)
{
	const char *s = getenv("MARSAD_SRC");
	return s && *s ? s : "..";
}

static char *read_file(const char *rel, size_t *len)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", project_dir(), rel);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	marsad_buf b = MARSAD_BUF_INIT;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (marsad_buf_append(&b, chunk, n))
			break;
	fclose(f);
	return marsad_buf_steal(&b, len);
}

static int is_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* A value has the shape its granularity says. */
static int value_ok(const marsad_date *d)
{
	const char *v = d->value;
	size_t n = strlen(v);
	switch (d->granularity) {
	case MARSAD_DATE_NONE:
		return n == 0;
	case MARSAD_DATE_YEAR:
		return n == 4 && is_digits(v, 4);
	case MARSAD_DATE_MONTH:
		return n == 7 && is_digits(v, 4) && v[4] == '-' &&
		       is_digits(v + 5, 2);
	case MARSAD_DATE_DAY:
	case MARSAD_DATE_WEEK:
		return n == 10 && is_digits(v, 4) && v[4] == '-' &&
		       is_digits(v + 5, 2) && v[7] == '-' && is_digits(v + 8, 2);
	}
	return 0;
}

/* Runs the extractor and writes what it found in the golden format. */
static int describe(const char *text, size_t len, const char *published,
		    marsad_buf *out)
{
	marsad_date *d;
	size_t n;
	int rc = marsad_dates_extract(text, len, published, &d, &n);
	if (rc)
		return rc;
	size_t prev_end = 0;
	for (size_t i = 0; i < n; i++) {
		CHECK(d[i].start < d[i].end && d[i].end <= len);
		CHECK(d[i].start >= prev_end);
		CHECK(value_ok(&d[i]));
		prev_end = d[i].end;
		if (i)
			marsad_buf_append(out, " | ", 3);
		marsad_buf_append(out, text + d[i].start,
				  d[i].end - d[i].start);
		marsad_buf_putc(out, '=');
		if (d[i].granularity == MARSAD_DATE_WEEK)
			marsad_buf_append(out, "week:", 5);
		if (d[i].value[0])
			marsad_buf_append(out, d[i].value, strlen(d[i].value));
		else
			marsad_buf_putc(out, '-');
	}
	free(d);
	marsad_buf_putc(out, 0);
	return 0;
}

static void golden_case(int line_no, const char *published, const char *rest)
{
	const char *tab = strchr(rest, '\t');
	if (!tab) {
		fprintf(stderr, "dates.tsv:%d: no EXPECTED field\n", line_no);
		check_failed++;
		return;
	}
	char *text = strndup(rest, (size_t)(tab - rest));
	const char *want = tab + 1;
	size_t len = strlen(text);
	if (text[0] == '@') {
		char *file = read_file(text + 1, &len);
		if (!file) {
			fprintf(stderr, "dates.tsv:%d: cannot read %s\n", line_no,
				text + 1);
			check_failed++;
			free(text);
			return;
		}
		free(text);
		text = file;
	}
	marsad_buf got = MARSAD_BUF_INIT;
	int rc = describe(text, len,
			  strcmp(published, "-") ? published : NULL, &got);
	CHECK(rc == 0);
	if (rc == 0 && strcmp(got.data, want) != 0) {
		fprintf(stderr, "dates.tsv:%d: %s\n", line_no,
			strlen(text) < 300 ? text : "(file)");
		CHECK_STR(got.data, want);
	} else {
		check_passed++;
	}
	marsad_buf_clear(&got);
	free(text);
}

static void test_dateline(void)
{
	size_t len;
	char out[11];
	char *seed = read_file("samples/004_87ffb09050df82ad.txt", &len);
	CHECK(seed != NULL);
	if (seed) {
		CHECK(marsad_dates_dateline(seed, len, out) == 0);
		CHECK_STR(out, "2021-12-09");
		free(seed);
	}
	/* A relative date or a month alone is no dateline; a long line is
	 * not one either. */
	const char *rel = "عنوان\nاليوم الخميس\nديسمبر 2021\nنص";
	CHECK(marsad_dates_dateline(rel, strlen(rel), out) ==
	      MARSAD_ENOTFOUND);
	CHECK_STR(out, "");
	const char *numeric = "عنوان الخبر\nالخميس 2021/12/09 - 10:30\nنص";
	CHECK(marsad_dates_dateline(numeric, strlen(numeric), out) == 0);
	CHECK_STR(out, "2021-12-09");
	CHECK(marsad_dates_dateline("", 0, out) == MARSAD_ENOTFOUND);
}

static void test_arguments(void)
{
	marsad_date *d = (marsad_date *)1;
	size_t n = 7;
	const char *t = "في 24 فبراير";
	CHECK(marsad_dates_extract(t, strlen(t), "2022-13-01", &d, &n) ==
	      MARSAD_EINVAL);
	CHECK(d == NULL && n == 0);
	CHECK(marsad_dates_extract(t, strlen(t), "yesterday", &d, &n) ==
	      MARSAD_EINVAL);
	CHECK(marsad_dates_extract(t, strlen(t), "2022-02-30", &d, &n) ==
	      MARSAD_EINVAL);
	/* A time after the date is allowed. */
	CHECK(marsad_dates_extract(t, strlen(t), "2022-11-15T08:00:00Z", &d,
				   &n) == 0);
	CHECK(n == 1 && strcmp(d[0].value, "2022-02-24") == 0);
	free(d);
	CHECK(marsad_dates_extract(NULL, 0, NULL, &d, &n) == 0);
	CHECK(d == NULL && n == 0);
	CHECK(marsad_dates_extract(t, MARSAD_DATES_MAX + 1, NULL, &d, &n) ==
	      MARSAD_ETOOBIG);
	/* Without a publication date a relative expression has no value. */
	CHECK(marsad_dates_extract(t, strlen(t), NULL, &d, &n) == 0);
	CHECK(n == 1 && d[0].value[0] == 0 &&
	      d[0].granularity == MARSAD_DATE_NONE &&
	      (d[0].flags & MARSAD_DATE_RELATIVE));
	free(d);
}

static void test_flags(void)
{
	marsad_date *d;
	size_t n;
	const char *t = "عام 1319 هجري ثم أمس ثم ثلاثة أشهر ثم الأشهر الأخيرة";
	CHECK(marsad_dates_extract(t, strlen(t), "2022-11-15", &d, &n) == 0);
	CHECK(n == 4);
	if (n == 4) {
		CHECK(d[0].flags == MARSAD_DATE_HIJRI);
		CHECK(d[1].flags == MARSAD_DATE_RELATIVE);
		CHECK(d[2].flags == MARSAD_DATE_DURATION);
		CHECK(d[3].flags == MARSAD_DATE_VAGUE);
	}
	free(d);
	CHECK_STR(marsad_date_granularity_name(MARSAD_DATE_MONTH), "month");
	CHECK_STR(marsad_date_granularity_name(MARSAD_DATE_NONE), "");
}

/* Broken UTF-8 and stray bytes around a date change nothing about it. */
static void test_bad_bytes(void)
{
	const char t[] = "\xff\xfe في 24 \xd9 فبراير 2022 \xe2\x80";
	marsad_date *d;
	size_t n;
	CHECK(marsad_dates_extract(t, sizeof t - 1, NULL, &d, &n) == 0);
	CHECK(n == 1);
	if (n == 1)
		CHECK(d[0].end <= sizeof t - 1);
	free(d);
}

/* A text longer than the pieces it is read in: offsets stay right. */
static void test_long_text(void)
{
	const char tail[] = " في 24 فبراير 2022";
	size_t pad = 600000, len = pad + sizeof tail - 1;
	char *t = malloc(len);
	CHECK(t != NULL);
	if (!t)
		return;
	for (size_t i = 0; i < pad; i++)
		t[i] = i % 3 == 2 ? ' ' : 'x';
	memcpy(t + pad, tail, sizeof tail - 1);
	marsad_date *d;
	size_t n;
	CHECK(marsad_dates_extract(t, len, NULL, &d, &n) == 0);
	CHECK(n == 1);
	if (n == 1) {
		CHECK(d[0].start == pad + 6 && d[0].end == len);
		CHECK_STR(d[0].value, "2022-02-24");
	}
	free(d);
	free(t);
}

int main(void)
{
	int n = golden_each("golden/dates.tsv", golden_case);
	CHECK(n >= 100);
	test_dateline();
	test_arguments();
	test_flags();
	test_bad_bytes();
	test_long_text();
	CHECK_DONE();
}
