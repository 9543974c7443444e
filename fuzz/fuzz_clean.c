/*
 * fuzz_clean.c — the cleaner on arbitrary bytes. The input is an article
 * in the plain-text shape (first line the title, the rest the body): a
 * fresh cleaner observes it three times under one outlet, so whatever it
 * holds is learnt, then cleans it with the learnt lines and with the
 * built-in rules alone. The cleaned text must be no longer than the body
 * and NUL-terminated at its length.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "marsad/clean.h"
#include "marsad/read.h"

static char *copy(const uint8_t *p, size_t n)
{
	char *s = malloc(n + 1);
	if (s) {
		memcpy(s, p, n);
		s[n] = 0;
	}
	return s;
}

static void clean_once(const marsad_cleaner *c, const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t tl = nl ? (size_t)(nl - data) : size;
	size_t body = nl ? tl + 1 : size;
	marsad_doc *d = calloc(1, sizeof *d);
	if (!d)
		return;
	d->title = copy(data, tl);
	d->text = copy(data + body, size - body);
	d->text_len = size - body;
	d->outlet = copy((const uint8_t *)"fuzz", 4);
	if (d->title && d->text && d->outlet && marsad_clean_doc(c, d) == 0) {
		if (d->text_len > size - body || d->text[d->text_len] != 0)
			abort();
		for (size_t i = 0; i < d->n_removed; i++)
			if (!d->removed[i].line || !d->removed[i].reason)
				abort();
	}
	marsad_doc_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	marsad_cleaner *c = NULL;
	if (marsad_cleaner_new(&c) != 0)
		return 0;
	for (int i = 0; i < 3; i++)
		marsad_cleaner_observe(c, "fuzz", (const char *)data, size);
	clean_once(c, data, size);
	clean_once(NULL, data, size);
	marsad_cleaner_free(c);
	return 0;
}
