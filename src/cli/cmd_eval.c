/*
 * cmd_eval.c — `marsad eval WHAT`: scorers against the gold data in
 * ../shared/eval/ (or the file given). Each scorer is one eval_WHAT.c.
 */
#include <string.h>

#include "cli.h"

static const struct scorer {
	const char *name;
	int (*run)(cli *c, int argc, char **argv);
	const char *what;
} scorers[] = {
	{"stem", eval_stem, "stem accuracy on the QCRI WikiNews segmentation gold"},
	{"ner", eval_ner, "PER/LOC/ORG precision, recall and F1 on the ANERcorp test split"},
	{"names", eval_names, "name-spelling matching recall and precision on Wikidata transliterations"},
	{"dates", eval_dates, "DATE span recall and precision on the Wojood sample"},
	{"search", eval_search, "story-search MAP on the labelled SaudiNewsNet stories"},
	{"stories", eval_stories, "B-cubed precision, recall and F1 of story clustering"},
	{"similarity", eval_similarity, "article-similarity Pearson correlation on SemEval-2022 Task 8"},
	{"summary", eval_summary, "ROUGE-1/2/L of story summaries, Arabic-aware"},
};

int cmd_eval(cli *c, int argc, char **argv)
{
	if (argc >= 2) {
		for (size_t i = 0; i < sizeof scorers / sizeof *scorers; i++)
			if (strcmp(argv[1], scorers[i].name) == 0)
				return scorers[i].run(c, argc - 1, argv + 1);
	}
	cli_error("eval", "name what to score:");
	for (size_t i = 0; i < sizeof scorers / sizeof *scorers; i++)
		fprintf(stderr, "  marsad eval %s  — %s\n", scorers[i].name,
			scorers[i].what);
	return EXIT_USAGE;
}
