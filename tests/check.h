/*
 * check.h — the unit tests' assertions. Each test file is one program:
 * CHECK() records a failure and goes on; main() ends with CHECK_DONE(),
 * which prints "N passed, N failed" and sets the exit code CTest reads.
 * Golden files are read with golden_each(): lines of INPUT<TAB>EXPECTED,
 * '#' comments and blank lines skipped.
 */
#ifndef MARSAD_TEST_CHECK_H
#define MARSAD_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond)                                                        \
	do {                                                               \
		if (cond) {                                                \
			check_passed++;                                    \
		} else {                                                   \
			check_failed++;                                    \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n",      \
				__FILE__, __LINE__, #cond);                \
		}                                                          \
	} while (0)

/* Compares two NUL-terminated strings and shows both when they differ. */
#define CHECK_STR(got, want)                                               \
	do {                                                               \
		const char *g_ = (got), *w_ = (want);                      \
		if (g_ && w_ && strcmp(g_, w_) == 0) {                     \
			check_passed++;                                    \
		} else {                                                   \
			check_failed++;                                    \
			fprintf(stderr, "%s:%d: got [%s], want [%s]\n",   \
				__FILE__, __LINE__, g_ ? g_ : "(null)",    \
				w_ ? w_ : "(null)");                       \
		}                                                          \
	} while (0)

#define CHECK_DONE()                                                       \
	do {                                                               \
		printf("%d passed, %d failed\n", check_passed,             \
		       check_failed);                                      \
		return check_failed ? 1 : 0;                               \
	} while (0)

/*
 * Calls fn(line_no, input, expected) for each case of a golden file; the
 * expected part is "" when the line has no tab. Returns the number of
 * cases, or -1 when the file cannot be read (which counts as a failure).
 */
static inline int golden_each(const char *path,
		       void (*fn)(int line_no, const char *in, const char *want))
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "%s: cannot open\n", path);
		check_failed++;
		return -1;
	}
	char line[8192];
	int n = 0, line_no = 0;
	while (fgets(line, sizeof line, f)) {
		line_no++;
		line[strcspn(line, "\r\n")] = 0;
		if (!line[0] || line[0] == '#')
			continue;
		char *tab = strchr(line, '\t');
		const char *want = "";
		if (tab) {
			*tab = 0;
			want = tab + 1;
		}
		fn(line_no, line, want);
		n++;
	}
	fclose(f);
	return n;
}

/*
 * The sample article `file` (samples/ of the project: $MARSAD_SRC, or ".."
 * from tests/), NUL-terminated, *len its size; NULL with a message when it
 * cannot be read. free() it.
 */
static inline char *read_seed(const char *file, size_t *len)
{
	const char *src = getenv("MARSAD_SRC");
	char path[4096];
	snprintf(path, sizeof path, "%s/samples/%s", src && *src ? src : "..",
		 file);
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "%s: cannot open\n", path);
		return NULL;
	}
	char *buf = malloc(1 << 16);
	*len = buf ? fread(buf, 1, (1 << 16) - 1, f) : 0;
	fclose(f);
	if (buf)
		buf[*len] = 0;
	return buf;
}

#endif
