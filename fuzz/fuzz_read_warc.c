/*
 * fuzz_read_warc.c — web archives: the input as a whole .warc file through
 * a reader (inflated when it starts with gzip's magic bytes), every record
 * read to the end.
 */
#include "read_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read_file(data, size, ".warc");
	return 0;
}
