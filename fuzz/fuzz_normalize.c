/*
 * fuzz_normalize.c — UTF-8 validation, repair and normalization on
 * arbitrary bytes. Invariants: repair replaces exactly what check counts
 * and leaves valid UTF-8 (unchanged when there was nothing to replace);
 * the first bad offset is in bounds; normalization gives valid UTF-8 and
 * is idempotent.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "marsad/text.h"

#define ASSERT(c) ((c) ? (void)0 : abort())

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t first, bad = marsad_utf8_check(s, size, &first);
	ASSERT(first <= size && (bad == 0) == (first == size));

	marsad_buf r = MARSAD_BUF_INIT;
	size_t replaced;
	ASSERT(marsad_utf8_repair(s, size, &r, &replaced) == 0);
	ASSERT(replaced == bad);
	ASSERT(marsad_utf8_check(r.data, r.len, NULL) == 0);
	ASSERT(bad || (r.len == size && memcmp(r.data, s, size) == 0));

	marsad_buf n1 = MARSAD_BUF_INIT, n2 = MARSAD_BUF_INIT;
	ASSERT(marsad_normalize(s, size, &n1) == 0);
	ASSERT(marsad_utf8_check(n1.data, n1.len, NULL) == 0);
	ASSERT(marsad_normalize(n1.data, n1.len, &n2) == 0);
	ASSERT(n1.len == n2.len && memcmp(n1.data, n2.data, n1.len) == 0);

	double ratio;
	const char *lang = marsad_detect_language(s, size, &ratio);
	ASSERT(lang && ratio >= 0.0 && ratio <= 1.0);

	marsad_buf_clear(&r);
	marsad_buf_clear(&n1);
	marsad_buf_clear(&n2);
	return 0;
}
