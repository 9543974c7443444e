/*
 * alloc.h — out of memory in the developer tools (the programs in tools/):
 * a tool stops with one message naming it rather than go on with half its
 * data. Define TOOL_NAME (a string literal) before including.
 */
#ifndef MARSAD_TOOLS_ALLOC_H
#define MARSAD_TOOLS_ALLOC_H

#include <stdio.h>
#include <stdlib.h>

static void oom(void)
{
	fprintf(stderr, TOOL_NAME ": out of memory\n");
	exit(1);
}

/* realloc() that never returns NULL (n == 0 allocates one byte). */
static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

#endif
