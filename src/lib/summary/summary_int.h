/*
 * summary_int.h — what the summarizer's files share.
 *
 *   fingerprint.c  term hashes, shingles, the overlap coefficient
 *   story.c        a story's records: articles and their sentences, terms,
 *                  entities, dates and quotes, added one article at a time;
 *                  copies among sentences (shingle postings, union-find)
 *   select.c       scoring and the result: headline, summary (centroid,
 *                  entity salience, MMR), timeline, cast, quotes
 *   render.c       the result as JSON and as text
 *   rouge.c        ROUGE-1, -2 and -L
 */
#ifndef MARSAD_SUMMARY_INT_H
#define MARSAD_SUMMARY_INT_H

#include <stddef.h>
#include <stdint.h>

#include "marsad/entity.h"
#include "marsad/summary.h"

/* ---- fingerprint.c ---------------------------------------------------- */

/* FNV-1a of a term, 32 bits (the story dictionary, ROUGE). */
uint32_t sm_hash(const char *s, size_t len);

/* The fingerprint of a sequence of term hashes (see summary.h): appended
 * to *out (a growable array of *n entries, *cap allocated), sorted and
 * distinct within what this call appends. */
int sm_shingles(const uint32_t *terms, size_t n_terms, uint32_t **out,
		size_t *n, size_t *cap);

/* A growable array of uint32. */
typedef struct sm_vec {
	uint32_t *v;
	size_t n, cap;
} sm_vec;

/* Grows a so that `extra` more entries fit. */
int sm_vec_reserve(sm_vec *a, size_t extra);

/* Appends x (inline: the summarizer pushes once per analyzer token). */
static inline int sm_vec_push(sm_vec *a, uint32_t x)
{
	if (a->n == a->cap && sm_vec_reserve(a, 1) < 0)
		return MARSAD_ENOMEM;
	a->v[a->n++] = x;
	return 0;
}

/* ---- story.c ------------------------------------------------------------ */

#define SM_NONE UINT32_MAX

typedef struct sm_art {
	char *key, *title, *outlet, *published; /* published NULL: unknown */
	uint32_t outlet_id;      /* distinct outlets of the story, from 0 */
	uint32_t first_sent, n_sent;
	uint32_t title_off, n_title; /* title term ids in s->terms */
	uint32_t title_words;
	int title_ok;            /* a title that can head the story */
	uint32_t rank;           /* position in publication order (result) */
} sm_art;

/* Sentence flags. */
#define SM_ELIGIBLE 0x01u /* may appear in the summary */
#define SM_CONTENT  0x02u /* not boilerplate and long enough: may carry a
			     timeline point */
#define SM_LEANS    0x04u /* opens by pointing back ("وأضاف", "المصدر
			     نفسه"): weak alone */

typedef struct sm_sent {
	uint32_t art, pos;       /* article and position in it */
	uint32_t words;          /* words, stopwords included */
	uint32_t term_off, n_terms; /* term ids, sorted, in s->terms */
	uint32_t fp_off, n_fp;   /* fingerprint in s->fps */
	uint32_t ent_off, n_ent; /* distinct entity ids in s->ents */
	uint32_t text;           /* offset in s->pool, SM_NONE: not kept */
	uint32_t parent;         /* union-find over copies */
	unsigned flags;          /* SM_* */
	double score;            /* result scratch */
	double norm;             /* result scratch: ‖tf·idf‖ */
} sm_sent;

typedef struct sm_date {
	uint32_t sent;
	char value[11];
	marsad_date_granularity granularity;
} sm_date;

typedef struct sm_quote {
	uint32_t art, start;
	uint32_t text;           /* offset in s->pool */
	uint32_t entity;         /* speaker's entity id */
	uint32_t fp_off, n_fp;
	char verb[32];
	int direct;
} sm_quote;

typedef struct sm_entity {
	uint32_t mentions, articles, last_art;
	uint32_t places;         /* mentions tagged LOC */
	sm_vec outlets;          /* distinct outlet ids */
} sm_entity;

/* A term of the story's dictionary, with its counts. */
typedef struct sm_term {
	uint32_t off, len;       /* the stem, in s->words */
	uint32_t df_sent;        /* sentences holding it */
	uint32_t link;           /* marsad_link_term_hash of the stem, worked
				    out once per story and term */
} sm_term;

struct marsad_summary {
	marsad_summary_opts o;
	sm_art *art;
	size_t n_art, cap_art;
	char **outlets;          /* by outlet id */
	size_t n_outlets, cap_outlets;

	sm_sent *sent;
	size_t n_sent, cap_sent;
	sm_vec terms, fps, ents; /* pools the records point into */
	marsad_buf pool;         /* kept texts, each NUL-terminated */

	sm_term *term;           /* the dictionary, by id */
	size_t n_term, cap_term;
	marsad_buf words;        /* the terms' bytes */
	uint32_t *slot;          /* open addressing: id + 1, 0 empty */
	size_t n_slots;

	uint32_t *sh_key;        /* shingle → postings head (node + 1) */
	uint32_t *sh_head;
	size_t sh_slots, sh_used;
	sm_vec node_sent, node_next; /* postings nodes */
	uint32_t *count;         /* scratch by sentence: shared shingles */
	sm_vec touched;          /* scratch: the sentences counted */
	size_t cap_count;

	sm_date *date;
	size_t n_date, cap_date;
	sm_quote *quote;
	size_t n_quote, cap_quote;

	marsad_entity_index *ix;
	sm_entity *ent;          /* by entity id */
	size_t n_ent, cap_ent;

	int failed;              /* an add ran out of memory half way */

	/* the result (select.c), rebuilt when dirty */
	int dirty;
	marsad_summary_result res;
	void *res_mem[8];        /* what the result's arrays live in */
};

uint32_t sm_find(sm_sent *sent, uint32_t x);
const char *sm_text(const marsad_summary *s, uint32_t off);

/* ---- select.c ------------------------------------------------------------ */

/* Frees the last result. */
void sm_result_clear(marsad_summary *s);

#endif
