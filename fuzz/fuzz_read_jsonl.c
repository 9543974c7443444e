/*
 * fuzz_read_jsonl.c — JSON Lines records: the input as one record through
 * marsad_read_memory(), then as a whole .jsonl file through a reader
 * (which inflates it when it starts with gzip's magic bytes).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "marsad/read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	marsad_doc *doc;
	marsad_read_error err;
	if (marsad_read_memory("json", "fuzz.jsonl", (const char *)data, size,
			       &doc, &err) == 0)
		marsad_doc_free(doc);

	char path[] = "/tmp/marsad-fuzz-XXXXXX.jsonl";
	int fd = mkstemps(path, 6);
	if (fd < 0)
		return 0;
	int ok = write(fd, data, size) == (ssize_t)size;
	close(fd);
	marsad_reader *r;
	if (ok && marsad_reader_open(path, &r, &err) == 0) {
		int rc;
		while ((rc = marsad_reader_next(r, &doc, &err)) != 0)
			if (rc > 0)
				marsad_doc_free(doc);
		marsad_reader_close(r);
	}
	unlink(path);
	return 0;
}
