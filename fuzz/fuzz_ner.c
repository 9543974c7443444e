/*
 * fuzz_ner.c — entity extraction on arbitrary bytes: never a crash, every
 * span inside the input, non-empty, in order and not overlapping, with a
 * known type and a confidence in (0, 1].
 */
#include <stdint.h>
#include <stdlib.h>

#include "marsad/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	marsad_mention *m;
	size_t n;
	if (marsad_ner_extract((const char *)data, size, &m, &n) != 0)
		return 0;
	size_t prev = 0;
	for (size_t i = 0; i < n; i++) {
		if (m[i].start < prev || m[i].start >= m[i].end ||
		    m[i].end > size || m[i].type < MARSAD_ENT_PER ||
		    m[i].type > MARSAD_ENT_ORG || !(m[i].confidence > 0) ||
		    m[i].confidence > 1.001f)
			abort();
		prev = m[i].end;
	}
	free(m);
	return 0;
}
