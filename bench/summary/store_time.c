/*
 * store_time.c — the processor time of marsad_summary_store() on a store:
 * every story summarized (all = 1), then a pass with nothing
 * changed (all = 0). Run on a copy: it writes the summaries.
 *
 *   store_time DB
 */
#include <stdio.h>
#include <time.h>

#include "marsad/store.h"
#include "marsad/summary.h"

static double seconds(clockid_t clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: store_time DB\n");
		return 2;
	}
	marsad_store *s;
	int rc = marsad_store_open(argv[1], &s);
	if (rc < 0) {
		fprintf(stderr, "store_time: %s: %s\n", argv[1], marsad_strerror(rc));
		return 1;
	}
	for (int all = 1; all >= 0 && rc == 0; all--) {
		size_t n;
		double t = seconds(CLOCK_PROCESS_CPUTIME_ID);
		double w = seconds(CLOCK_MONOTONIC);
		rc = marsad_summary_store(s, NULL, all, &n);
		printf("%s\t%zu stories\t%.3f s cpu\t%.3f s wall\n",
		       all ? "all" : "unchanged", n,
		       seconds(CLOCK_PROCESS_CPUTIME_ID) - t,
		       seconds(CLOCK_MONOTONIC) - w);
	}
	if (rc < 0)
		fprintf(stderr, "store_time: %s\n", marsad_strerror(rc));
	marsad_store_close(s);
	return rc < 0;
}
