/*
 * fuzz_read_jsonl.c — JSON Lines records: the input as one record through
 * marsad_read_memory(), then as a whole .jsonl file through a reader
 * (which inflates it when it starts with gzip's magic bytes).
 */
#include "read_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	marsad_doc *doc;
	marsad_read_error err;
	if (marsad_read_memory("json", "fuzz.jsonl", (const char *)data, size,
			       &doc, &err) == 0)
		marsad_doc_free(doc);
	fuzz_read_file(data, size, ".jsonl");
	return 0;
}
