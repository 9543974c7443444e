/*
 * date.c — publication dates from page metadata and record fields,
 * normalized to ISO 8601 UTC.
 *
 * Accepted: ISO 8601 / RFC 3339 ("2021-12-09", "2021-12-09T10:00Z",
 * "2021-12-09T10:00:00.5+03:00", '/' also as date separator, a space for
 * 'T'), RFC 822/1123 as RSS feeds and the ANT corpus write them
 * ("Sun, 18 Feb 2018 21:35:43 +0400", "... GMT", two-digit years, US zone
 * names) and unix time. Calendar arithmetic is Howard Hinnant's
 * days-from-civil algorithm ("chrono-Compatible Low-Level Date
 * Algorithms"), so no time zone database or locale is involved.
 */
#include <string.h>
#include <strings.h>

#include "read_int.h"

/* Years outside this range are taken for garbage, not dates. */
#define YEAR_MIN 1900
#define YEAR_MAX 2199

typedef struct cursor {
	const char *p, *end;
} cursor;

static void skip_space(cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

static int accept(cursor *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return 1;
	}
	return 0;
}

/* Reads min..max decimal digits into *v. */
static int number(cursor *c, int min, int max, int *v)
{
	int n = 0, x = 0;
	while (n < max && c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		x = x * 10 + (*c->p++ - '0');
		n++;
	}
	*v = x;
	return n >= min;
}

/* Reads a run of ASCII letters; returns its length. */
static size_t word(cursor *c, const char **w)
{
	*w = c->p;
	while (c->p < c->end && ((*c->p | 0x20) >= 'a' && (*c->p | 0x20) <= 'z'))
		c->p++;
	return (size_t)(c->p - *w);
}

static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

static void civil_from_days(long long z, int *y, int *m, int *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int days_in_month(int y, int m)
{
	static const int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : n[m - 1];
}

/* Writes v as n digits (v < 10^n) at o and returns their end: what
 * snprintf's %0Nu does, for a fraction of its cost. */
static char *digits(char *o, unsigned v, int n)
{
	for (int k = n - 1; k >= 0; k--) {
		o[k] = (char)('0' + v % 10);
		v /= 10;
	}
	return o + n;
}

/* "YYYY-MM-DD" at out; returns its end. */
static char *ymd(char *out, int y, int m, int d)
{
	char *o = digits(out, (unsigned)y % 10000, 4);
	*o++ = '-';
	o = digits(o, (unsigned)m % 100, 2);
	*o++ = '-';
	return digits(o, (unsigned)d % 100, 2);
}

int read_date_unix(long long t, char out[READ_DATE_SIZE])
{
	long long days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	unsigned sec = (unsigned)(t - days * 86400);
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	if (y < YEAR_MIN || y > YEAR_MAX)
		return MARSAD_EFORMAT;
	char *o = ymd(out, y, m, d);
	*o++ = 'T';
	o = digits(o, sec / 3600 % 100, 2);
	*o++ = ':';
	o = digits(o, sec / 60 % 60, 2);
	*o++ = ':';
	o = digits(o, sec % 60, 2);
	*o++ = 'Z';
	*o = 0;
	return 0;
}

/* A parsed date: the fields as written and the zone's offset east of UTC
 * in minutes. */
typedef struct stamp {
	int y, mo, d, h, mi, s;
	int has_time;
	int zone;
} stamp;

static int finish(const stamp *t, char out[READ_DATE_SIZE])
{
	if (t->y < YEAR_MIN || t->y > YEAR_MAX || t->mo < 1 || t->mo > 12 ||
	    t->d < 1 || t->d > days_in_month(t->y, t->mo))
		return MARSAD_EFORMAT;
	if (!t->has_time) {
		*ymd(out, t->y, t->mo, t->d) = 0;
		return 0;
	}
	/* 60 is a leap second. */
	if (t->h > 23 || t->mi > 59 || t->s > 60)
		return MARSAD_EFORMAT;
	long long secs = days_from_civil(t->y, (unsigned)t->mo, (unsigned)t->d) *
				 86400 +
			 t->h * 3600 + t->mi * 60 + t->s - t->zone * 60LL;
	return read_date_unix(secs, out);
}

/* Zone names of RFC 822 §5.1: UT, GMT, Z and the North American zones;
 * any other name counts as UTC, as RFC 2822 §4.3 advises. */
static int zone_name(const char *w, size_t n)
{
	static const struct {
		const char *name;
		int minutes;
	} zones[] = {
		{"EST", -300}, {"EDT", -240}, {"CST", -360}, {"CDT", -300},
		{"MST", -420}, {"MDT", -360}, {"PST", -480}, {"PDT", -420},
	};
	for (size_t i = 0; i < sizeof zones / sizeof *zones; i++)
		if (n == 3 && strncasecmp(w, zones[i].name, 3) == 0)
			return zones[i].minutes;
	return 0;
}

/* An optional zone: Z, ±HH, ±HHMM, ±HH:MM or a name. */
static int zone(cursor *c, int *minutes)
{
	*minutes = 0;
	skip_space(c);
	if (c->p >= c->end)
		return 1;
	if (*c->p == '+' || *c->p == '-') {
		int sign = *c->p++ == '-' ? -1 : 1, hh, mm = 0;
		if (!number(c, 2, 2, &hh))
			return 0;
		accept(c, ':');
		if (c->p < c->end && !number(c, 2, 2, &mm))
			return 0;
		if (hh > 14 || mm > 59)
			return 0;
		*minutes = sign * (hh * 60 + mm);
		return 1;
	}
	const char *w;
	size_t n = word(c, &w);
	if (!n)
		return 0;
	*minutes = zone_name(w, n);
	return 1;
}

/* HH:MM[:SS[.fraction]] */
static int clock_time(cursor *c, stamp *t)
{
	if (!number(c, 1, 2, &t->h) || !accept(c, ':') ||
	    !number(c, 2, 2, &t->mi))
		return 0;
	t->s = 0;
	if (accept(c, ':') && !number(c, 2, 2, &t->s))
		return 0;
	if (accept(c, '.') || accept(c, ',')) {
		int frac;
		if (!number(c, 1, 9, &frac))
			return 0;
		while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
			c->p++;
	}
	t->has_time = 1;
	return 1;
}

static int iso(cursor c, char out[READ_DATE_SIZE])
{
	stamp t = {0};
	if (!number(&c, 4, 4, &t.y))
		return MARSAD_EFORMAT;
	char sep = c.p < c.end ? *c.p : 0;
	if ((sep != '-' && sep != '/') || !accept(&c, sep) ||
	    !number(&c, 1, 2, &t.mo) || !accept(&c, sep) ||
	    !number(&c, 1, 2, &t.d))
		return MARSAD_EFORMAT;
	if (c.p < c.end && (*c.p == 'T' || *c.p == 't' || *c.p == ' ')) {
		c.p++;
		skip_space(&c);
		if (!clock_time(&c, &t) || !zone(&c, &t.zone))
			return MARSAD_EFORMAT;
	}
	skip_space(&c);
	return c.p == c.end ? finish(&t, out) : MARSAD_EFORMAT;
}

static int month_name(const char *w, size_t n)
{
	static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	if (n < 3)
		return 0;
	for (int i = 0; i < 12; i++)
		if (strncasecmp(w, months + 3 * i, 3) == 0)
			return i + 1;
	return 0;
}

/* [Wdy[,]] D Mon YYYY [HH:MM[:SS] [zone]] */
static int rfc822(cursor c, char out[READ_DATE_SIZE])
{
	stamp t = {0};
	const char *w;
	if (word(&c, &w)) {
		accept(&c, ',');
		skip_space(&c);
	}
	if (!number(&c, 1, 2, &t.d))
		return MARSAD_EFORMAT;
	skip_space(&c);
	size_t n = word(&c, &w);
	if (!(t.mo = month_name(w, n)))
		return MARSAD_EFORMAT;
	skip_space(&c);
	const char *y = c.p;
	if (!number(&c, 2, 4, &t.y) || c.p - y == 3)
		return MARSAD_EFORMAT;
	if (c.p - y == 2) /* RFC 822 two-digit years */
		t.y += t.y < 50 ? 2000 : 1900;
	skip_space(&c);
	if (c.p < c.end && (!clock_time(&c, &t) || !zone(&c, &t.zone)))
		return MARSAD_EFORMAT;
	skip_space(&c);
	return c.p == c.end ? finish(&t, out) : MARSAD_EFORMAT;
}

int read_date(const char *s, size_t len, char out[READ_DATE_SIZE])
{
	cursor c = {s, s + len};
	skip_space(&c);
	while (c.end > c.p && (c.end[-1] == ' ' || c.end[-1] == '\t' ||
			       c.end[-1] == '\n' || c.end[-1] == '\r'))
		c.end--;
	size_t digits = 0;
	while (c.p + digits < c.end && c.p[digits] >= '0' && c.p[digits] <= '9')
		digits++;
	if (digits && c.p + digits == c.end) {
		/* Unix time: 9 to 11 digits are seconds (1973 … 5138), 13
		 * are milliseconds as JavaScript writes them. */
		if ((digits < 9 || digits > 11) && digits != 13)
			return MARSAD_EFORMAT;
		long long v = 0;
		for (size_t i = 0; i < digits; i++)
			v = v * 10 + (c.p[i] - '0');
		return read_date_unix(digits == 13 ? v / 1000 : v, out);
	}
	if (digits == 4)
		return iso(c, out);
	return rfc822(c, out);
}
