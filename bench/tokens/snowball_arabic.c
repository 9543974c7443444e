/*
 * snowball_arabic.c — the peer for bench/tokens: Snowball's Arabic stemmer
 * (libstemmer) behind a plain tokenizer that splits on white space, ASCII
 * punctuation and the common Arabic and typographic punctuation; one output
 * line of stems per input line, like `marsad tokens`.
 */
#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The length of the separator at s (0 when s starts a word character). */
static size_t separator(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return !((s[0] >= '0' && s[0] <= '9') ||
			 ((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z'));
	if (n < 2)
		return 0;
	unsigned cp2 = ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
	if ((s[0] & 0xE0) == 0xC0)
		/* ، ؛ ؟ ٪ ٫ ٬ ٭ ۔ « » NBSP */
		return cp2 == 0x60C || cp2 == 0x61B || cp2 == 0x61F ||
		       (cp2 >= 0x66A && cp2 <= 0x66D) || cp2 == 0x6D4 ||
		       cp2 == 0xAB || cp2 == 0xBB || cp2 == 0xA0 ? 2 : 0;
	/* U+2000–U+206F: spaces, dashes, quotes, ellipsis */
	if (s[0] == 0xE2 && n >= 3 && (s[1] == 0x80 || s[1] == 0x81))
		return 3;
	return 0;
}

int main(int argc, char **argv)
{
	struct sb_stemmer *st = sb_stemmer_new("arabic", "UTF_8");
	FILE *in = argc > 1 ? fopen(argv[1], "rb") : NULL;
	if (!st || !in) {
		fprintf(stderr, "usage: snowball_arabic FILE\n");
		return 2;
	}
	static char obuf[1 << 16];
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	while ((got = getline(&line, &cap, in)) >= 0) {
		const unsigned char *s = (const unsigned char *)line;
		size_t n = (size_t)got, i = 0;
		int first = 1;
		while (i < n) {
			size_t k = separator(s + i, n - i);
			if (k) {
				i += k;
				continue;
			}
			size_t start = i;
			while (i < n && !separator(s + i, n - i))
				i++;
			const sb_symbol *stem =
				sb_stemmer_stem(st, s + start, (int)(i - start));
			if (!first)
				putchar_unlocked(' ');
			first = 0;
			fwrite_unlocked(stem, 1, (size_t)sb_stemmer_length(st),
					stdout);
		}
		putchar_unlocked('\n');
	}
	free(line);
	fclose(in);
	sb_stemmer_delete(st);
	return fflush(stdout) ? 1 : 0;
}
