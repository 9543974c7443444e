/* buf.c — the growable, size-capped byte buffer of marsad.h. */
#include <stdlib.h>
#include <string.h>

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
	return marsad_buf_append(b, &c, 1);
}

int marsad_buf_put_cp(marsad_buf *b, uint32_t cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return marsad_buf_append(b, u, n);
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
