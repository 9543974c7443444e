/*
 * fuzz_dates.c — date extraction on arbitrary bytes: never a crash, every
 * span inside the input and in order, every value well formed. The first
 * byte picks a publication date (or none) so that relative expressions are
 * resolved too; the rest is the text. The dateline helper runs on the
 * same text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "marsad/extract.h"

static const char *const published[] = {
	NULL, "2021-12-09", "2022-01-01", "2024-02-29", "0001-01-01",
	"9999-12-31",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	const char *pub = published[data[0] % (sizeof published /
					       sizeof *published)];
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	marsad_date *d;
	size_t n;
	if (marsad_dates_extract(text, len, pub, &d, &n) == 0) {
		size_t prev = 0;
		for (size_t i = 0; i < n; i++) {
			if (d[i].start < prev || d[i].start >= d[i].end ||
			    d[i].end > len ||
			    strnlen(d[i].value, sizeof d[i].value) >= 11)
				abort();
			prev = d[i].end;
		}
		free(d);
	}
	char out[11];
	if (marsad_dates_dateline(text, len, out) == 0 && strlen(out) != 10)
		abort();
	return 0;
}
