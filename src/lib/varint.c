/* varint.c — reading unsigned LEB128 varints of several bytes
 * (internal.h has the rest). */
#include "internal.h"
#include "marsad/marsad.h"

uint64_t marsad_varint_get_long(marsad_varint_reader *r)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (r->p >= r->end) {
			r->bad = 1;
			return 0;
		}
		unsigned char c = *r->p++;
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
	}
	r->bad = 1;
	return 0;
}

uint32_t marsad_varint_count(marsad_varint_reader *r, size_t min)
{
	uint64_t n = marsad_varint_get(r);
	if (n > (uint64_t)(r->end - r->p) / min) {
		r->bad = 1;
		return 0;
	}
	return (uint32_t)n;
}
