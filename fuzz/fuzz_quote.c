/*
 * fuzz_quote.c — the quotation finder on arbitrary bytes. The first byte
 * chooses how mentions are made: none (the tagger runs), or a few spans
 * read from the next bytes, in range or not, so that odd mention lists
 * are exercised too. Every reported span must lie within the text, and
 * given the text's analysis and sentences the finder must report the same
 * quotes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "marsad/quote.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	marsad_mention m[8];
	size_t nm = 0;
	size_t skip = 1;
	if (data[0] & 1) {
		nm = (size_t)(data[0] >> 1) % 8;
		for (size_t i = 0; i < nm; i++) {
			size_t a = skip < size ? data[skip] : 0;
			size_t b = skip + 1 < size ? data[skip + 1] : 0;
			m[i] = (marsad_mention){a * 4, a * 4 + b % 64,
						(marsad_entity_type)(1 + b % 3), 1.0f};
			skip += 2;
		}
	}
	if (skip > size)
		skip = size;
	const char *s = (const char *)data + skip;
	size_t len = size - skip;
	marsad_quote *q = NULL;
	size_t n = 0;
	if (marsad_quotes_extract(s, len, (data[0] & 1) ? m : NULL, nm, &q, &n) ==
	    0) {
		for (size_t i = 0; i < n; i++)
			if (q[i].start > q[i].end || q[i].end > len ||
			    q[i].speaker_start > q[i].speaker_end ||
			    q[i].speaker_end > len)
				abort();
	}
	marsad_span *sent = NULL;
	size_t n_sent = 0;
	if ((data[0] & 1) && marsad_sentences(s, len, &sent, &n_sent) == 0) {
		marsad_quote *q2 = NULL;
		size_t n2 = 0;
		marsad_analysis *words = NULL;
		marsad_analysis_build(s, len, &words);
		if (marsad_quotes_extract_split(s, len, words, sent, n_sent, m,
						nm, &q2, &n2) == 0 &&
		    (n2 != n || (n && memcmp(q, q2, n * sizeof *q) != 0)))
			abort();
		marsad_analysis_free(words);
		free(q2);
	}
	free(sent);
	free(q);
	return 0;
}
