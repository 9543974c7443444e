/*
 * fuzz_read_feed.c — RSS and Atom feeds: the input as a whole .rss file
 * through a reader (inflated when it starts with gzip's magic bytes), every
 * item read to the end.
 */
#include "read_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read_file(data, size, ".rss");
	return 0;
}
