/*
 * internal.h — what the library's modules share and do not publish.
 */
#ifndef MARSAD_INTERNAL_H
#define MARSAD_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "marsad/marsad.h"

/*
 * Built-in lexicons. Every file data/NAME.txt is compiled into the library
 * by tools/embed.c as two symbols: the file's bytes (NUL-terminated) and
 * their length. MARSAD_DATA(stopwords) declares marsad_data_stopwords and
 * marsad_data_stopwords_len. Lexicon files are UTF-8, one entry per line;
 * lines starting with '#' are comments.
 */
#define MARSAD_DATA(name)                                \
	extern const char marsad_data_##name[];          \
	extern const size_t marsad_data_##name##_len

/*
 * Calls fn on each entry line of a lexicon (comment and blank lines
 * skipped, surrounding white space trimmed). Stops and returns fn's value
 * when it is non-zero.
 */
int marsad_lexicon_each(const char *data, size_t len,
			int (*fn)(void *ctx, const char *line, size_t n),
			void *ctx);

/*
 * FNV-1a, 64 bits (Fowler, Noll, Vo): h, then each of the n bytes at p
 * (start from MARSAD_FNV_BASIS). A change detector and table hash, not a
 * security hash.
 */
#define MARSAD_FNV_BASIS 14695981039346656037ull
#define MARSAD_FNV_PRIME 1099511628211ull

static inline uint64_t marsad_fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * MARSAD_FNV_PRIME;
	return h;
}

/* splitmix64's finalizer (S. Vigna): a well-spread 64-bit mix of x, for
 * hashes whose low bits index power-of-two tables. */
static inline uint64_t marsad_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* The 4 (8) bytes at p as a little-endian number, whatever the machine:
 * for values that are stored. */
static inline uint32_t marsad_load_le32(const void *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof v);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	return v;
}

static inline uint64_t marsad_load_le64(const void *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof v);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

/* Writes v at p as 4 (8) bytes, little-endian. */
static inline void marsad_store_le32(void *p, uint32_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	memcpy(p, &v, sizeof v);
}

static inline void marsad_store_le64(void *p, uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	memcpy(p, &v, sizeof v);
}

/* Writes the UTF-8 encoding of the scalar value cp to p; returns 1–4. */
static inline size_t marsad_utf8_encode(uint32_t cp, char *p)
{
	if (cp < 0x80) {
		p[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		p[0] = (char)(0xC0 | (cp >> 6));
		p[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		p[0] = (char)(0xE0 | (cp >> 12));
		p[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		p[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	p[0] = (char)(0xF0 | (cp >> 18));
	p[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	p[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	p[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Non-zero when every letter of the normalized bytes p[0..n) is a
 * proclitic letter: U+0648 WAW and U+0641 FEH (conjunctions), U+0628 BEH,
 * U+0644 LAM and U+0643 KAF (prepositions). */
static inline int marsad_all_proclitic(const char *p, size_t n)
{
	if (n % 2)
		return 0;
	for (size_t i = 0; i < n; i += 2) {
		uint32_t cp = (((unsigned char)p[i] & 0x1Fu) << 6) |
			      ((unsigned char)p[i + 1] & 0x3Fu);
		if (((unsigned char)p[i] & 0xE0) != 0xC0 ||
		    (cp != 0x648 && cp != 0x641 && cp != 0x628 &&
		     cp != 0x644 && cp != 0x643))
			return 0;
	}
	return 1;
}

/*
 * Unsigned LEB128 varints, the packing of the BLOBs modules keep per
 * article in the store. Inline: a BLOB is thousands of them. A reader over
 * a BLOB sets `bad` on any overrun or overflow and then reads zeros.
 */
/* Writes v as a varint at p (at most 10 bytes); p past it. */
static inline unsigned char *marsad_varint_write(unsigned char *p,
						 uint64_t v)
{
	while (v > 0x7f) {
		*p++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (unsigned char)v;
	return p;
}

static inline int marsad_varint_put(marsad_buf *b, uint64_t v)
{
	if (b->len + 11 > b->cap && marsad_buf_reserve(b, 10) < 0)
		return MARSAD_ENOMEM;
	unsigned char *p = (unsigned char *)b->data + b->len;
	p = marsad_varint_write(p, v);
	b->len = (size_t)(p - (unsigned char *)b->data);
	b->data[b->len] = 0;
	return 0;
}

/* Room in b for n varints; where they go (marsad_varint_write()), or
 * NULL when memory runs out. marsad_varint_end() then ends b at p. */
static inline unsigned char *marsad_varint_room(marsad_buf *b, size_t n)
{
	return marsad_buf_reserve(b, 10 * n) < 0
		       ? NULL
		       : (unsigned char *)b->data + b->len;
}

static inline void marsad_varint_end(marsad_buf *b, unsigned char *p)
{
	b->len = (size_t)(p - (unsigned char *)b->data);
	b->data[b->len] = 0;
}

/* A signed step as an unsigned varint value (zigzag: 0, −1, 1, −2 … →
 * 0, 1, 2, 3 …), and back. */
static inline uint64_t marsad_zigzag(int64_t d)
{
	return d < 0 ? (uint64_t)(-(d + 1)) * 2 + 1 : (uint64_t)d * 2;
}

static inline int64_t marsad_unzigzag(uint64_t z)
{
	return z & 1 ? -(int64_t)(z >> 1) - 1 : (int64_t)(z >> 1);
}

typedef struct marsad_varint_reader {
	const unsigned char *p, *end;
	int bad;
} marsad_varint_reader;

/* The several-byte case of marsad_varint_get() (varint.c). */
uint64_t marsad_varint_get_long(marsad_varint_reader *r);

static inline uint64_t marsad_varint_get(marsad_varint_reader *r)
{
	if (r->p < r->end && *r->p < 0x80)
		return *r->p++;
	return marsad_varint_get_long(r);
}

/* A count that must fit in what is left of the BLOB at `min` bytes an
 * item (else bad, and 0). */
uint32_t marsad_varint_count(marsad_varint_reader *r, size_t min);

/* A table written many rows a statement: its INSERT up to VALUES, the
 * tuple of one row ("(?,?)") and its number of columns. */
typedef struct marsad_rows_sql {
	const char *head, *tuple;
	int cols;
} marsad_rows_sql;

/*
 * Prepares the INSERT of n rows of t at once: t's head, then its tuple n
 * times, comma-separated, with sqlite3_prepare_v3()'s flags. One
 * statement of many rows pays SQLite's work per statement once for them.
 * SQLite's result code (store.c).
 */
struct sqlite3;
struct sqlite3_stmt;
int marsad_prepare_rows(struct sqlite3 *db, const marsad_rows_sql *t, int n,
			unsigned flags, struct sqlite3_stmt **st);

#endif
