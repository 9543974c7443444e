/*
 * marsad — an Arabic news monitor.
 *
 * This umbrella header declares what every module shares: the version, the
 * error convention and the growable byte buffer. Each stage of the data flow
 * (read → clean → analyze → link → summarize → store) has its own header
 * beside this one.
 *
 * Error convention, stated once for the whole library: a function that can
 * fail returns 0 on success and a negative MARSAD_E* code on failure; its
 * output parameters are then NULL/0. The library never prints, exits or
 * aborts on bad input: it reports, and the caller decides what the user sees.
 *
 * Text is passed as (const char *s, size_t len): UTF-8, not necessarily
 * NUL-terminated.
 */
#ifndef MARSAD_MARSAD_H
#define MARSAD_MARSAD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MARSAD_VERSION "0.1.0"

enum {
	MARSAD_OK = 0,
	MARSAD_ENOMEM = -1,   /* an allocation failed */
	MARSAD_EINVAL = -2,   /* an argument is out of its documented range */
	MARSAD_EIO = -3,      /* reading or writing a file failed (see errno) */
	MARSAD_EFORMAT = -4,  /* the input is malformed (bad JSON, HTML, gzip...) */
	MARSAD_EUTF8 = -5,    /* the input is not valid UTF-8 */
	MARSAD_ETOOBIG = -6,  /* the input exceeds a documented size cap */
	MARSAD_EDB = -7,      /* the database reported an error */
	MARSAD_ENOTFOUND = -8 /* the named thing does not exist */
};

/* A static English description of an error code; never NULL. */
const char *marsad_strerror(int err);

/*
 * A growable byte buffer. The bytes are always NUL-terminated (data[len] ==
 * 0) once anything has been appended, so they can be handed to C string
 * functions. `cap` never exceeds MARSAD_BUF_MAX: every buffer fed by outside
 * input is bounded, and an append past the cap fails with MARSAD_ETOOBIG.
 */
typedef struct marsad_buf {
	char *data;
	size_t len;
	size_t cap;
} marsad_buf;

#define MARSAD_BUF_MAX ((size_t)1 << 30) /* 1 GiB */
#define MARSAD_BUF_INIT {NULL, 0, 0}

int marsad_buf_reserve(marsad_buf *b, size_t extra);
int marsad_buf_append(marsad_buf *b, const void *p, size_t n);
int marsad_buf_putc(marsad_buf *b, char c);
/* Appends the UTF-8 encoding of code point `cp` (must be a scalar value). */
int marsad_buf_put_cp(marsad_buf *b, uint32_t cp);
/* Empties the buffer and keeps its memory. */
void marsad_buf_reset(marsad_buf *b);
/* Frees the memory; the buffer is then empty and reusable. */
void marsad_buf_clear(marsad_buf *b);
/* Hands the bytes to the caller (free() them); the buffer is left empty.
 * Never NULL on success: an empty buffer yields "". */
char *marsad_buf_steal(marsad_buf *b, size_t *len);

#ifdef __cplusplus
}
#endif

#endif
