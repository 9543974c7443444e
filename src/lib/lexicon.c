/* lexicon.c — walking the built-in lexicon files (see internal.h). */
#include "internal.h"

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int marsad_lexicon_each(const char *data, size_t len,
			int (*fn)(void *ctx, const char *line, size_t n),
			void *ctx)
{
	size_t i = 0;
	while (i < len) {
		size_t s = i;
		while (i < len && data[i] != '\n')
			i++;
		size_t e = i++;
		while (s < e && is_space(data[s]))
			s++;
		while (e > s && is_space(data[e - 1]))
			e--;
		if (s == e || data[s] == '#')
			continue;
		int rc = fn(ctx, data + s, e - s);
		if (rc)
			return rc;
	}
	return 0;
}
