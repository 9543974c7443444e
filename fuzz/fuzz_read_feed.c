/*
 * fuzz_read_feed.c — RSS and Atom feeds: the input as a whole .rss file
 * through a reader (inflated when it starts with gzip's magic bytes), every
 * item read to the end.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "marsad/read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/marsad-fuzz-XXXXXX.rss";
	int fd = mkstemps(path, 4);
	if (fd < 0)
		return 0;
	int ok = write(fd, data, size) == (ssize_t)size;
	close(fd);
	marsad_reader *r;
	marsad_read_error err;
	if (ok && marsad_reader_open(path, &r, &err) == 0) {
		marsad_doc *doc;
		int rc;
		while ((rc = marsad_reader_next(r, &doc, &err)) != 0)
			if (rc > 0)
				marsad_doc_free(doc);
		marsad_reader_close(r);
	}
	unlink(path);
	return 0;
}
