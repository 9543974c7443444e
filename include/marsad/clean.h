/*
 * clean.h — the cleaner: takes site boilerplate out of an article's body and
 * keeps every content line.
 *
 * Two sources of knowledge: a phrase lexicon of Arabic site furniture
 * (data/boilerplate.txt: reading prompts "اقرأ أيضاً", comment forms,
 * newsletter prompts, "الأكثر قراءة", share and font controls, image and
 * agency credits, HTML leftovers) with structural rules (short lines that
 * are not sentences, lines of links), and what a cleaner learns when it
 * sees many articles of one outlet: a line repeated across that outlet's
 * pages is its boilerplate. Every removal is reported with its reason; a
 * reason string is static and lives as long as the process.
 */
#ifndef MARSAD_CLEAN_H
#define MARSAD_CLEAN_H

#include <stddef.h>

#include "marsad.h"
#include "read.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct marsad_cleaner marsad_cleaner;

/* A cleaner with the built-in lexicon and nothing learnt yet. */
int marsad_cleaner_new(marsad_cleaner **out);
void marsad_cleaner_free(marsad_cleaner *c);

/*
 * Shows the cleaner one article of `outlet` (NULL or "" = unknown outlet,
 * which learns nothing). Lines that recur in several different articles of
 * one outlet are from then on removed from that outlet's articles as
 * "repeated across <outlet> pages". Not thread-safe: observe from one
 * thread, or lock.
 */
int marsad_cleaner_observe(marsad_cleaner *c, const char *outlet,
			   const char *text, size_t len);

/*
 * Cleans doc in place: doc->text (and text_len) become the kept lines, and
 * each removed line is appended to doc->removed with its reason. A line
 * that repeats the title is removed too. Furniture a page glues to text on
 * one line ("Next Previous", a slider's arrows) is removed as a line of its
 * own: the text before and after it is kept, each part on its own line. c may be NULL: then only the
 * built-in lexicon and rules apply. Safe to call from several threads on
 * different documents while nobody observes.
 */
int marsad_clean_doc(const marsad_cleaner *c, marsad_doc *doc);

#ifdef __cplusplus
}
#endif

#endif
