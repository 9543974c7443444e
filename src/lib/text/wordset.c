/*
 * wordset.c — building the analyzer's word sets (text_internal.h): the
 * stopword and title table and the stemmer's lexicons are both one of
 * these. Lookups are inline in text_internal.h; this file only adds.
 */
#include "marsad/marsad.h"
#include "text_internal.h"

void marsad_text_wordset_init(text_wordset *s, text_wordset_slot *slots,
			      size_t nslots, uint64_t *bloom, size_t nbloom,
			      char *pool, size_t pool_cap)
{
	s->slots = slots;
	s->mask = nslots - 1;
	s->count = 0;
	s->bloom = bloom;
	s->bloom_mask = bloom ? nbloom - 1 : 0;
	s->pool = pool;
	s->pool_len = 0;
	s->pool_cap = pool_cap;
	s->longest = 0;
}

int marsad_text_wordset_add(text_wordset *s, const char *w, size_t len,
			    uint64_t h, unsigned tags)
{
	if (len == 0 || len > 255)
		return MARSAD_ETOOBIG;
	text_wordset_slot *e = text_wordset_find(s, w, len, h);
	if (!e->len) {
		/* At most half full, so that a probe ends soon and always
		 * meets an empty slot. */
		if (s->count >= (s->mask + 1) / 2 ||
		    len > s->pool_cap - s->pool_len ||
		    s->pool_len > UINT32_MAX - len)
			return MARSAD_ETOOBIG;
		memcpy(s->pool + s->pool_len, w, len);
		e->off = (uint32_t)s->pool_len;
		e->fp = (uint16_t)(h >> 48);
		e->len = (uint8_t)len;
		s->pool_len += len;
		s->count++;
		if (len > s->longest)
			s->longest = len;
		if (s->bloom)
			s->bloom[(h >> 16) & s->bloom_mask] |= text_bloom_bits(h);
	}
	e->tags |= (uint8_t)tags;
	return 0;
}
