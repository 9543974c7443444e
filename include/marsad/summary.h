/*
 * summary.h — what a story says: a headline, an extractive summary drawn
 * from all its articles with repetitions removed, a dated timeline, its
 * main actors and its quotations; and ROUGE, the measure summaries are
 * scored with.
 *
 * A summarizer holds one story. Articles join it one at a time
 * (marsad_summary_add): each is analyzed once into per-sentence records
 * (index terms, a sentence fingerprint, named entities, dates, quotes) and
 * its sentences are matched against the story's earlier ones, so that a
 * wire passage carried by ten outlets becomes one sentence group naming
 * the ten articles. marsad_summary_get() then scores the story's
 * records — only this story's — and builds the result; the text of the
 * articles is not kept, only the sentences that can appear in a result.
 * Adding an article costs its own analysis plus postings lookups of its
 * shingles; a result costs time linear in the story's terms.
 *
 * Thread safety: a summarizer is one thread's object; different
 * summarizers may be used from different threads at once. The fingerprint
 * and ROUGE functions may be called from many threads at once.
 */
#ifndef MARSAD_SUMMARY_H
#define MARSAD_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "article.h"
#include "link.h"
#include "marsad.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ==== sentence fingerprints ============================================
 *
 * A sentence's fingerprint is the set of its shingles, the very ones copy
 * detection compares (link.h): every run of MARSAD_LINK_SHINGLE
 * consecutive analyzer terms (marsad_analyze: normalized, light-stemmed,
 * stopwords dropped), each term hashed by its letter skeleton
 * (marsad_skeleton_hash); a sentence with fewer terms is one shingle of
 * all of them. Diacritics, hamza seats, shadda, clitics, added function
 * words and vowel-letter spellings of a name therefore never separate two
 * copies of one sentence; an edited word costs at most MARSAD_LINK_SHINGLE
 * shingles.
 *
 * Similarity is the overlap coefficient |A ∩ B| / min(|A|, |B|): a
 * sentence that one outlet cut short or merged with the next still counts
 * as a copy of the whole. Two sentences are copies when their similarity
 * is at least MARSAD_FP_COPY: one edited word in a sentence of n terms
 * leaves 1 - 5/(n - 4) of its shingles, at least 0.4 from 12 terms, the
 * shortest passage copy detection reports (marsad_link_opts).
 */
#define MARSAD_FP_COPY 0.4

/*
 * Fingerprints s: *out receives a malloc'd array of *n distinct shingle
 * hashes in increasing order (free() it; NULL when *n is 0, a sentence
 * without index terms).
 */
int marsad_summary_fingerprint(const char *s, size_t len, uint32_t **out,
			       size_t *n);

/* The overlap coefficient of two fingerprints (distinct, in any order), in
 * [0, 1]; 0 when either is empty. */
double marsad_summary_similarity(const uint32_t *a, size_t na,
				 const uint32_t *b, size_t nb);

/* ==== the summarizer ===================================================== */

/* Tuning; marsad_summary_opts_init() gives the documented defaults. */
typedef struct marsad_summary_opts {
	size_t max_sentences;  /* summary length (default 5) ... */
	size_t max_words;      /* ... or words, whichever comes first
				  (default 120): no sentence is added once
				  the summary holds this many words */
	double redundancy;     /* MMR trade-off: 0 ignores redundancy, 1
				  ignores relevance (default 0.3) */
	double copy_threshold; /* fingerprint similarity of copies
				  (default MARSAD_FP_COPY) */
	size_t max_timeline;   /* timeline points (default 20): every
				  publication day, then the dates of the
				  text of the most relevant sentences */
	double lookback_days;  /* dates mentioned more than this many days
				  before the story's first article are
				  background, not timeline (default 31) */
	size_t max_cast;       /* actors (default 10): named by two of the
				  story's articles (twice in a story of one) */
	size_t max_quotes;     /* quotations (default 8) */
	size_t threads;        /* marsad_summary_store's summarizing threads
				  (default 0: one per processor online, at
				  most 8); the summaries do not depend on it */
	int (*idle)(void *);   /* marsad_summary_store: other work of the
				  calling thread, done while it waits for
				  the summarizing threads, a step a call, in
				  the pass's transaction: returns 1 when
				  there is more, 0 when there is none left,
				  or a negative MARSAD_E*, which fails the
				  pass (default NULL: none) */
	void *idle_arg;
} marsad_summary_opts;

void marsad_summary_opts_init(marsad_summary_opts *o);

typedef struct marsad_summary marsad_summary;

/* A summarizer of an empty story; opts may be NULL (defaults).
 * MARSAD_EINVAL for a zero max_sentences or a threshold outside (0, 1]. */
int marsad_summary_new(const marsad_summary_opts *opts, marsad_summary **out);

/* Frees the summarizer and every result it handed out; NULL is a no-op. */
void marsad_summary_free(marsad_summary *s);

/*
 * Adds an article to the story. Everything kept is copied: `a` may be
 * freed afterwards. Articles may come in any order: results order them by
 * publication date. An article with an empty key, or spans outside its
 * text, is MARSAD_EINVAL and changes nothing; adding a key twice adds it
 * twice (callers add each article once). When memory runs out half way
 * (MARSAD_ENOMEM) the story is incomplete: every later add and get then
 * fails with MARSAD_ENOMEM, and the summarizer can only be freed.
 */
int marsad_summary_add(marsad_summary *s, const marsad_article *a);

/* The number of articles added. */
size_t marsad_summary_count(const marsad_summary *s);

/* One summary sentence. */
typedef struct marsad_summary_sentence {
	const char *text;        /* as written in the earliest article whose
				    copy can be a summary sentence (a
				    leading byline or dateline such as
				    "سبق- الرياض:" left out) */
	const char *const *keys; /* every article carrying it or a copy of
				    it: first the one whose wording is
				    shown, then by publication */
	size_t n_keys;
	double score;            /* relevance, for ranking */
} marsad_summary_sentence;

/* One point of the timeline. */
typedef struct marsad_summary_point {
	char date[11];           /* "YYYY-MM-DD" or "YYYY-MM" */
	marsad_date_granularity granularity; /* MARSAD_DATE_DAY or _MONTH */
	int published;           /* 1: the day articles were published (text
				    is the best title of the day); 0: a
				    date written in the text (text is its
				    sentence: one point per sentence, its
				    first date of the finest grain) */
	const char *text;
	const char *key;         /* the source article (keys[0]): the one
				    whose title or sentence is shown */
	const char *const *keys; /* every article behind the point: for a
				    publication point, all the articles of
				    that day; for a date in the text, every
				    article with that date in a copy of the
				    sentence */
	size_t n_keys;
} marsad_summary_point;

/* One of the story's main actors. */
typedef struct marsad_summary_actor {
	const char *name;            /* the most frequent full spelling */
	marsad_entity_type type;     /* PER, LOC or ORG; 0 when unknown */
	const char *const *variants; /* every spelling seen, name among them */
	size_t n_variants;
	size_t mentions;             /* in all articles */
	size_t articles, outlets;    /* how many name it */
	double salience;             /* (1 + ln mentions) × outlets, halved
					for a place (a setting more than an
					actor): the ranking */
} marsad_summary_actor;

/* One quotation. */
typedef struct marsad_summary_quote {
	const char *speaker;     /* the actor's name (variants joined across
				    articles) */
	const char *text;
	const char *verb;        /* reporting verb lemma, "" when none */
	int direct;              /* 1 between quotation marks, 0 reported */
	const char *key;         /* the earliest article carrying it */
	const char *const *keys; /* and every other one with a copy of it */
	size_t n_keys;
} marsad_summary_quote;

typedef struct marsad_summary_result {
	const char *headline;      /* the title closest to the story's
				      centroid, never a ticker or outlet
				      name nor a title of under three words
				      (a lead sentence used as a title
				      counts half); else the first summary
				      sentence; "" when there is none */
	const char *headline_key;  /* its article; NULL when none */
	const marsad_summary_sentence *sentences; /* reading order: by the
				      earliest publication carrying each,
				      then position in that article */
	size_t n_sentences;
	const marsad_summary_point *timeline;    /* chronological */
	size_t n_timeline;
	const marsad_summary_actor *cast;        /* most salient first */
	size_t n_cast;
	const marsad_summary_quote *quotes;      /* chronological */
	size_t n_quotes;
	size_t n_articles;
} marsad_summary_result;

/*
 * Scores the story as it is now and fills *out. The result is owned by
 * the summarizer and valid until its next add, result or free. Calling it
 * again without an add in between returns the same result at no cost.
 */
int marsad_summary_get(marsad_summary *s, const marsad_summary_result **out);

/*
 * The result as one JSON object:
 *   { "headline", "headline_key", "articles",
 *     "summary":  [ {"text", "keys": [key...]} ],
 *     "timeline": [ {"date", "granularity", "published", "text", "key",
 *                    "keys": [key...]} ],
 *     "cast":     [ {"name", "type", "variants": [...], "mentions",
 *                    "articles", "outlets", "salience"} ],
 *     "quotes":   [ {"speaker", "text", "verb", "direct", "key",
 *                    "keys": [key...]} ] }
 * *out is malloc'd, NUL-terminated; free() it.
 */
int marsad_summary_json(const marsad_summary_result *r, char **out,
			size_t *len);

/*
 * Appends the result as text for a reader: the headline, the summary
 * sentences each with its sources, the timeline, the cast with variants
 * and the quotations, one item a line.
 */
int marsad_summary_render(const marsad_summary_result *r, marsad_buf *out);

/* ==== stored stories and topics ==========================================
 *
 * Summaries of the stories and topics a store holds (store.h, link.h),
 * made from what ingest stored — each article's cleaned text, title,
 * outlet, date, sentence spans, mentions with their entities' canonical
 * names, dates and quotations — without running the per-article pipeline
 * again. Written:
 *   stories.headline, story_summaries(story_id, summary): the
 *       marsad_summary_json() object without its "timeline", whose points
 *       are the timeline rows of each story;
 *   summary_state(story_id, members, headline): what each story's summary
 *       was made from.
 * The tables are created when missing. A topic's summary is not kept: it
 * is made when asked for (marsad_summary_load_topic), from what its
 * stories' stored summaries show; an older store's topic_summaries table
 * is dropped.
 *
 * An article's words (its terms sentence by sentence with their
 * copy-detection hashes, which sentences may be summary sentences, its
 * quotations' terms, the fingerprints of both) can be worked out when
 * it is ingested, from the analysis the article already holds, and kept
 * beside it (summary_words(article_id, hash, data): a BLOB, valid for the
 * article's content hash); a summary then reads them instead of
 * analyzing the text again. An article without them is analyzed.
 */
struct marsad_store;

/* An article's words, prepared for the store. */
typedef struct marsad_summary_prep marsad_summary_prep;

/* Prepares article a's words (*out: marsad_summary_prep_free() it).
 * `link`, when not NULL, is a prepared for the linker
 * (marsad_link_prepare): its shingles serve the fingerprints, which are
 * the same without it. Thread-safe: ingest's builder threads call it. */
int marsad_summary_prepare(const marsad_article *a,
			   const marsad_link_input *link,
			   marsad_summary_prep **out);
void marsad_summary_prep_free(marsad_summary_prep *p);

/* Tells p the store id of its article, for a caller that has it
 * (marsad_store_last_id() right after storing the article):
 * marsad_summary_save_prepared() then files the words under it instead of
 * finding the article by its key. */
void marsad_summary_prep_set_article(marsad_summary_prep *p, int64_t id);

/* Keeps the n prepared words in the store, each with its article (its id
 * when set, else found by key; one not stored is left out), replacing
 * what an earlier version of the article left. In the caller's
 * transaction, if any. */
int marsad_summary_save_prepared(struct marsad_store *store,
				 marsad_summary_prep *const *p, size_t n);

/* A summarizer holding stored story `story`'s articles (free it); an
 * empty one when the story does not exist. */
int marsad_summary_load(struct marsad_store *store, int64_t story,
			const marsad_summary_opts *opts, marsad_summary **out);

/*
 * A summarizer holding stored topic `topic`'s stories as one story (free
 * it): for each of its 40 stories with the most articles, the articles
 * that its stored summary shows (its headline's and each summary
 * sentence's first key). A topic of a few small stories gives all their
 * articles; the cost stays bounded however large linking made the topic.
 */
int marsad_summary_load_topic(struct marsad_store *store, int64_t topic,
			      const marsad_summary_opts *opts,
			      marsad_summary **out);

/*
 * Summarizes every stored story whose article set changed since its
 * summary was written (an article joined or left it, or was updated;
 * with `all`, every story), in one transaction; a story left as it was gets back the
 * headline its summary chose, should linking have rewritten it. *n_done
 * (may be NULL) receives how many stories were written. Cost: one pass
 * over the story memberships plus the summaries that changed, made on
 * opts->threads threads (the store is used from the calling thread only).
 */
int marsad_summary_store(struct marsad_store *store,
			 const marsad_summary_opts *opts, int all,
			 size_t *n_done);

/* ==== ROUGE ===============================================================
 *
 * ROUGE (Lin 2004) with Arabic-aware tokens: both texts go through
 * marsad_analyze() with stopwords kept, so a word matches itself whatever
 * its diacritics, hamza seat, alef form, ta marbuta, tatweel or digit
 * script, and Latin is case-folded. The default token is the normalized
 * surface word; MARSAD_ROUGE_STEM uses the light stem (the analyzer's
 * index term) instead, and MARSAD_ROUGE_NO_STOPWORDS leaves stopwords
 * out. Public ROUGE scorers keep only [a-z0-9] and so score Arabic as
 * nothing.
 *
 * ROUGE-N: clipped n-gram overlap, Σ min(count_cand, count_ref); recall
 * over the reference's n-grams, precision over the candidate's. ROUGE-L:
 * the longest common subsequence of the two token sequences taken whole
 * (as "rougeL", not the sentence-union "rougeLsum"); recall LCS / |ref|,
 * precision LCS / |cand|. F = 2PR / (P + R) (β = 1); all three are 0 when
 * either text has no tokens (or no n-grams).
 */
#define MARSAD_ROUGE_STEM         0x01u
#define MARSAD_ROUGE_NO_STOPWORDS 0x02u

/* Texts with more tokens than this are MARSAD_ETOOBIG (LCS is
 * quadratic). */
#define MARSAD_ROUGE_MAX_TOKENS 20000

typedef struct marsad_rouge_prf {
	double p, r, f;
} marsad_rouge_prf;

typedef struct marsad_rouge {
	marsad_rouge_prf r1, r2, rl;
} marsad_rouge;

int marsad_summary_rouge(const char *cand, size_t cand_len, const char *ref,
			 size_t ref_len, unsigned flags, marsad_rouge *out);

#ifdef __cplusplus
}
#endif

#endif
