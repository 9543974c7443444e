/*
 * version.c — marsad_analyzer_version(): which analyzer made a token.
 *
 * The version is FNV-1a (64 bits, internal.h) over ANALYZER_REVISION and the bytes of
 * every word list the analyzer reads. A list edited changes it by itself;
 * a change to the analyzer's code (normalize.c, tokenize.c, stem.c,
 * stopwords.c, wordset.c) must raise ANALYZER_REVISION: stores then build
 * their full-text index and the linker's rows again (store.c,
 * link/persist.c), instead of matching the new tokens against old ones.
 */
#include <pthread.h>

#include "marsad/text.h"
#include "text_internal.h"

/* Raised with every change to the analyzer's rules. 2: pronoun suffixes
 * after a ta marbuta, construct plurals before a pronoun (stem.c). */
#define ANALYZER_REVISION 2

MARSAD_DATA(stopwords);
MARSAD_DATA(stem_keep);
MARSAD_DATA(stem_initial);
MARSAD_DATA(stem_final);
MARSAD_DATA(names_people);
MARSAD_DATA(names_places);
MARSAD_DATA(names_extra);

static uint64_t version;

static void compute(void)
{
	static const struct {
		const char *data;
		const size_t *len;
	} lists[] = {
		{marsad_data_stopwords, &marsad_data_stopwords_len},
		{marsad_data_stem_keep, &marsad_data_stem_keep_len},
		{marsad_data_stem_initial, &marsad_data_stem_initial_len},
		{marsad_data_stem_final, &marsad_data_stem_final_len},
		{marsad_data_names_people, &marsad_data_names_people_len},
		{marsad_data_names_places, &marsad_data_names_places_len},
		{marsad_data_names_extra, &marsad_data_names_extra_len},
	};
	uint32_t revision = ANALYZER_REVISION;
	uint64_t h = marsad_fnv1a(MARSAD_FNV_BASIS, &revision, sizeof revision);
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
		/* the length first, so moving a line between lists counts */
		uint64_t n = *lists[i].len;
		h = marsad_fnv1a(h, &n, sizeof n);
		h = marsad_fnv1a(h, lists[i].data, n);
	}
	/* SQLite keeps it as a signed 64-bit integer: keep it positive */
	version = h >> 1;
}

uint64_t marsad_analyzer_version(void)
{
	/* 0.7 MB of lists: hashed once per process */
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, compute);
	return version;
}
