/*
 * fuzz_entity.c — the entity index and the name comparisons on arbitrary
 * bytes. Each line is a mention: its first byte chooses its type (0 … 3)
 * and whether it opens a new article, the rest is its text. Every mention
 * must get an entity of the index (or none for a name of no letters), the
 * entities' views must be complete, and the pairwise comparisons of
 * neighbouring lines must agree both ways.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "marsad/entity.h"

#define MAX_MENTIONS 64

/* Adds one article of the n mentions m to ix and checks their ids. */
static void add(marsad_entity_index *ix, const marsad_entity_mention *m,
		size_t n)
{
	size_t ids[MAX_MENTIONS];
	if (!n || marsad_entity_index_add(ix, "k", 1, m, n, ids) != 0)
		return;
	size_t count = marsad_entity_index_count(ix);
	for (size_t i = 0; i < n; i++)
		if (ids[i] != MARSAD_ENTITY_NONE && ids[i] >= count)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	marsad_entity_mention m[MAX_MENTIONS];
	size_t n = 0, start = 0;
	marsad_entity_index *ix = marsad_entity_index_new();
	if (!ix)
		return 0;
	while (start < size && n < MAX_MENTIONS) {
		const uint8_t *nl = memchr(data + start, '\n', size - start);
		size_t end = nl ? (size_t)(nl - data) : size;
		if (end > start) {
			uint8_t c = data[start];
			if ((c & 4) && n) { /* a new article */
				add(ix, m, n);
				n = 0;
			}
			m[n++] = (marsad_entity_mention){
				.text = (const char *)data + start + 1,
				.text_len = end - start - 1,
				.type = c & 3};
		}
		start = end + 1;
	}
	add(ix, m, n);
	size_t total = 0;
	for (size_t id = 0; id < marsad_entity_index_count(ix); id++) {
		marsad_entity e;
		if (marsad_entity_index_get(ix, id, &e) != 0 || !e.canonical ||
		    !e.latin || e.n_variants == 0 || e.n_keys == 0 ||
		    !marsad_entity_index_canonical(ix, id))
			abort();
		total += e.mentions;
	}
	if (total > marsad_entity_index_mentions(ix))
		abort();
	marsad_entity_index_free(ix);

	/* the comparisons, both ways, of the first lines of the input */
	const char *s = (const char *)data;
	const uint8_t *nl = size ? memchr(data, '\n', size) : NULL;
	size_t a = nl ? (size_t)(nl - data) : size;
	const char *t = s + (a < size ? a + 1 : a);
	size_t b = size - (size_t)(t - s);
	if (marsad_name_same(s, a, t, b) != marsad_name_same(t, b, s, a))
		abort();
	marsad_buf out = {0};
	marsad_name_key(s, a, &out);
	marsad_buf_reset(&out);
	marsad_name_latin(t, b, &out);
	marsad_buf_clear(&out);
	(void)marsad_name_distance(s, a, t, b);
	return 0;
}
