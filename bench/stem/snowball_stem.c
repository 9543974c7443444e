/*
 * snowball_stem.c — the Snowball Arabic stemmer (libstemmer) as a filter:
 * each input line is a word, each output line "word<TAB>stem". A peer for
 * bench/stem/run.sh.
 */
#include <libstemmer.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	struct sb_stemmer *st = sb_stemmer_new("arabic", NULL);
	if (!st) {
		fprintf(stderr, "snowball_stem: no Arabic stemmer in libstemmer\n");
		return 1;
	}
	char line[4096];
	while (fgets(line, sizeof line, stdin)) {
		size_t n = strcspn(line, "\r\n");
		line[n] = 0;
		const sb_symbol *s = sb_stemmer_stem(st, (const sb_symbol *)line,
						     (int)n);
		printf("%s\t%.*s\n", line, s ? sb_stemmer_length(st) : 0,
		       s ? (const char *)s : "");
	}
	sb_stemmer_delete(st);
	return ferror(stdout) ? 1 : 0;
}
