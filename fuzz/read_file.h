/*
 * read_file.h — what the reader fuzz targets share: the input written to a
 * temporary file named with the given suffix (".rss", ".warc", ...) and
 * read to the end through marsad_reader_open/next, as ingest reads files.
 */
#ifndef MARSAD_FUZZ_READ_FILE_H
#define MARSAD_FUZZ_READ_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "marsad/read.h"

static void fuzz_read_file(const uint8_t *data, size_t size,
			   const char *suffix)
{
	char path[64];
	snprintf(path, sizeof path, "/tmp/marsad-fuzz-XXXXXX%s", suffix);
	int fd = mkstemps(path, (int)strlen(suffix));
	if (fd < 0)
		return;
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
}

#endif
