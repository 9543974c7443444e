/* buf.c — the growable, size-capped byte buffer of marsad.h. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "marsad/marsad.h"

int marsad_buf_reserve(marsad_buf *b, size_t extra)
{
	if (extra > MARSAD_BUF_MAX - b->len - 1)
		return MARSAD_ETOOBIG;
	size_t need = b->len + extra + 1; /* + the terminating NUL */
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > MARSAD_BUF_MAX / 2 ? MARSAD_BUF_MAX : cap * 2;
	char *p = realloc(b->data, cap);
	if (!p)
		return MARSAD_ENOMEM;
	b->data = p;
	b->cap = cap;
	return 0;
}

int marsad_buf_append(marsad_buf *b, const void *p, size_t n)
{
	/* the usual case, room for p and the NUL (cap > len whenever data is
	 * allocated), without reserve's checks */
	if (n < b->cap - b->len) {
		memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = 0;
		return 0;
	}
	int rc = marsad_buf_reserve(b, n);
	if (rc)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = 0;
	return 0;
}

int marsad_buf_putc(marsad_buf *b, char c)
{
	/* the usual case, room for c and the NUL, without append's checks */
	if (b->len + 2 <= b->cap) {
		b->data[b->len++] = c;
		b->data[b->len] = 0;
		return 0;
	}
	return marsad_buf_append(b, &c, 1);
}

int marsad_buf_put_cp(marsad_buf *b, uint32_t cp)
{
	char u[4];
	return marsad_buf_append(b, u, marsad_utf8_encode(cp, u));
}

void marsad_buf_reset(marsad_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = 0;
}

void marsad_buf_clear(marsad_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *marsad_buf_steal(marsad_buf *b, size_t *len)
{
	if (!b->data && marsad_buf_reserve(b, 0))
		return NULL;
	b->data[b->len] = 0;
	char *p = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}
