/* fuzz_read_txt.c — a plain-text article through marsad_read_memory(). */
#include <stdint.h>

#include "marsad/read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	marsad_doc *doc;
	marsad_read_error err;
	if (marsad_read_memory("txt", "fuzz.txt", (const char *)data, size,
			       &doc, &err) == 0)
		marsad_doc_free(doc);
	return 0;
}
