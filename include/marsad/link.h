/*
 * link.h — linking: what articles share across outlets.
 *
 * A linker sees articles one at a time, as they arrive, and keeps what it
 * needs of each (index terms, shingle hashes, token spans, metadata; not
 * the text). From them it finds:
 *
 *  - copied passages: runs of analyzer terms (marsad_analyze, stopwords
 *    dropped) that two articles share, as aligned byte spans on both
 *    sides, with a similarity and a direction: "from" is the article
 *    published first (a tie, or unknown times, goes to a news agency, then
 *    to the article seen first). Copies that cover most of both articles
 *    are whole-article near-duplicates (the same wire story in several
 *    outlets). An agency credit the cleaner removed ("agency credit") or
 *    one written in the text ("(واس)", "وكالة الأنباء السعودية") is kept as
 *    the copying article's stated source;
 *  - stories: articles that report one specific event, by TF-IDF cosine
 *    over analyzer terms (document frequencies kept up to date as articles
 *    arrive) within a time window, joined by single link checked by the
 *    mean similarity of the two stories, and by average link just below
 *    the threshold; at settling, a link counts as far as the two
 *    articles' leads (title and first words) hold what they share, so a
 *    roundup does not join the story of an item in its tail; every story
 *    keeps a stable id across later articles;
 *  - topics: stories threaded over any time span by shared names and
 *    vocabulary or shared passages, each link with its reason.
 *
 * Adding an article costs time sublinear in the number seen: candidates
 * come from inverted indexes (an article's top terms, its sampled
 * shingles), never from all pairs.
 *
 * Lifecycle: marsad_linker_new, marsad_linker_add for each article,
 * marsad_linker_settle once a batch is in (it re-weighs the links with the
 * final document frequencies, so the order of arrival matters little, and
 * rebuilds stories and topics), then the accessors. A linker is one
 * thread's object.
 */
#ifndef MARSAD_LINK_H
#define MARSAD_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "article.h"
#include "marsad.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct marsad_linker marsad_linker;

/* Tuning; marsad_link_opts_init() gives the documented defaults. */
typedef struct marsad_link_opts {
	double story_threshold; /* cosine at or above which two reports join
				   one story by single link, unless their
				   stories' articles average below 0.4 of
				   it; pairs from two outlets down to 0.8 of
				   it join by average link (default 0.375) */
	double story_days;      /* the most days two reports of one story lie
				   apart (default 4); unknown dates never
				   keep articles apart */
	double topic_threshold; /* cosine of two stories' centroids that
				   links them, and mean cosine over the
				   story pairs of two topics that joins
				   them (tf·idf weights; default 0.15) */
	size_t copy_min_terms;  /* the fewest analyzer terms a copied passage
				   holds (default 12) */
} marsad_link_opts;

void marsad_link_opts_init(marsad_link_opts *o);

/* opts may be NULL (defaults). */
int marsad_linker_new(const marsad_link_opts *opts, marsad_linker **out);
void marsad_linker_free(marsad_linker *l);

/*
 * Adds an article: indexes it, finds its copied passages and its story.
 * The linker copies what it keeps; `a` may be freed afterwards. *id (may
 * be NULL) receives the article's number in the linker, 0, 1, 2... in
 * order of addition. Articles with an empty key are MARSAD_EINVAL.
 */
int marsad_linker_add(marsad_linker *l, const marsad_article *a, size_t *id);

/*
 * marsad_linker_add in two steps, for an ingest that builds articles in
 * several threads and links them in one: marsad_link_prepare does the
 * per-article work (analysis, shingles, stated source) without a linker
 * and is thread-safe; marsad_linker_add_prepared adds the result, taking
 * `in` (also on failure). Adding the prepared articles in one order gives
 * the same linker as marsad_linker_add in that order.
 */
typedef struct marsad_link_input marsad_link_input;

int marsad_link_prepare(const marsad_article *a, marsad_link_input **out);
int marsad_linker_add_prepared(marsad_linker *l, marsad_link_input *in,
			       size_t *id);
void marsad_link_input_free(marsad_link_input *in);

/*
 * The body terms of a prepared article as copy detection holds them, for
 * a stage that fingerprints the same terms (the summaries): *n terms in
 * text order (the first 20,000), (*start)[i] the byte where term i
 * starts; returns the hashes of their shingles (shingle i is that of
 * terms i to i + MARSAD_LINK_SHINGLE − 1), NULL when there are fewer
 * terms than a shingle. Valid while `in` is.
 */
const uint32_t *marsad_link_input_shingles(const marsad_link_input *in,
					   const uint32_t **start, size_t *n);

/*
 * Settles the linker after a batch: re-weighs every candidate link with
 * the current document frequencies, rebuilds the stories (keeping each
 * story's id where its articles stay together: a story that splits keeps
 * its id in the part holding its oldest article) and the topics. It
 * computes on l alone, never on a store, so it may run in a thread while
 * the store does other work (ingest merges its full-text index meanwhile).
 */
int marsad_linker_settle(marsad_linker *l);

/*
 * marsad_linker_settle in two halves: the links re-weighed and the
 * stories rebuilt, then the topics over those stories. Until _topics
 * returns the stories' topics (and the topic links) are not settled;
 * marsad_link_save_stories may read the linker meanwhile, from another
 * thread.
 */
int marsad_linker_settle_stories(marsad_linker *l);
int marsad_linker_settle_topics(marsad_linker *l);

/* ---- articles ------------------------------------------------------- */

size_t marsad_linker_count(const marsad_linker *l);

/* The key, title, outlet, published date (NULL when unknown) of article
 * id, owned by the linker; NULL when id is out of range. */
const char *marsad_linker_key(const marsad_linker *l, size_t id);
const char *marsad_linker_title(const marsad_linker *l, size_t id);
const char *marsad_linker_outlet(const marsad_linker *l, size_t id);
const char *marsad_linker_published(const marsad_linker *l, size_t id);

/*
 * Gives article id the story id it had before (read back from a store),
 * so that settling keeps that id. Call before marsad_linker_settle.
 */
int marsad_linker_set_story(marsad_linker *l, size_t id, int64_t story);

/* The story id of article id (as of the last add or settle); -1 when id
 * is out of range. */
int64_t marsad_linker_story_of(const marsad_linker *l, size_t id);

/*
 * Article similarity in [0, 1]: the cosine of their weighted term vectors
 * under the current document frequencies. MARSAD_EINVAL for a bad id.
 */
int marsad_linker_similarity(const marsad_linker *l, size_t a, size_t b,
			     double *sim);

/* ---- fingerprints -------------------------------------------------- */

/*
 * The hashes copy detection compares, public so that whoever must agree
 * with it (the summarizer's test of repeated sentences) uses the same
 * ones. A term's hash is that of its letter skeleton, the analyzer's
 * marsad_token.skeleton (marsad_skeleton_hash(), text.h), so that the
 * transliteration variants of one name or word
 * (الأمريكيين/الأميركيين, غراينير/غرينر) hash alike. A shingle is
 * MARSAD_LINK_SHINGLE consecutive analyzer terms (stopwords dropped).
 */
#define MARSAD_LINK_SHINGLE 5

/* The hash of the shingle of terms[0 .. MARSAD_LINK_SHINGLE - 1], each a
 * term's skeleton hash. Inline: worked out at every term of every
 * article, by copy detection and by the summarizer. */
static inline uint32_t marsad_link_shingle_hash(const uint32_t *terms)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	for (int i = 0; i < MARSAD_LINK_SHINGLE; i++) {
		h ^= terms[i];
		h *= 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	return (uint32_t)h;
}

/* ---- copies --------------------------------------------------------- */

typedef struct marsad_copy {
	size_t from, to;                 /* article ids; from published first */
	size_t from_start, from_end;     /* byte span in from's cleaned text */
	size_t to_start, to_end;         /* byte span in to's cleaned text */
	double similarity;               /* shared shingles / span shingles */
	int whole;                       /* the passages cover most of both
					    articles: a near-duplicate */
	const char *credit;              /* the source `to` states ("واس",
					    "رويترز"...), NULL when none */
} marsad_copy;

/* The copies found so far, in order of discovery; owned by the linker and
 * valid until the next add or free. */
const marsad_copy *marsad_linker_copies(const marsad_linker *l, size_t *n);

/* The stated source of article id (see marsad_copy.credit); NULL. */
const char *marsad_linker_credit(const marsad_linker *l, size_t id);

/* ---- stories and topics (as of the last settle) ------------------------ */

typedef struct marsad_story {
	int64_t id;          /* stable story id, from 1 */
	int64_t topic;       /* topic id: the smallest story id of the topic,
				so that it stays while the topic grows */
	size_t headline;     /* the article whose title heads the story: the
				one most similar to the others */
	const size_t *articles; /* article ids, oldest publication first */
	size_t n_articles;
	const char *first;   /* earliest and latest publication dates, NULL */
	const char *last;    /* when none is known */
} marsad_story;

/* The stories, by id; owned by the linker, valid until the next settle. */
const marsad_story *marsad_linker_stories(const marsad_linker *l, size_t *n);

/* A link between two stories of one topic, and why. */
typedef struct marsad_topic_link {
	int64_t a, b;        /* story ids */
	double similarity;   /* cosine of their centroids */
	const char *reason;  /* "shared names: …; shared passages: N" */
} marsad_topic_link;

const marsad_topic_link *marsad_linker_topic_links(const marsad_linker *l,
						   size_t *n);

/*
 * Why articles a and b are linked, as a JSON object:
 *   { "a", "b", "similarity", "hours_apart" (null when unknown),
 *     "same_story", "shared_terms": [ {"term", "weight"} ],
 *     "shared_names": [term...], "copies": [ {"a_start", "a_end",
 *     "b_start", "b_end", "similarity"} ] }
 * *out is malloc'd, NUL-terminated; free() it.
 */
int marsad_linker_why(const marsad_linker *l, size_t a, size_t b,
		      char **out, size_t *len);

/* ---- persistence ----------------------------------------------------- */

struct marsad_store;

/*
 * Beside the store's copies, stories, story_articles and topics tables the
 * linker keeps tables of its own: what it knows of each stored article
 * (link_articles: its terms, top terms, shingle hashes, token spans,
 * candidate links, stated source, all as compact BLOBs, and the article's
 * content hash), its term dictionary (link_terms), whether a copy is a
 * whole-article near-duplicate (link_copy_notes) and why two stories are
 * one topic (link_topic_links). Articles are matched with the store by
 * key; those not in the store are left out.
 */

/*
 * Writes what adding articles found since the last load or save: each new
 * article's row, new dictionary words and new copied passages. No
 * transaction of its own when one is open (call it inside the batch that
 * stored the articles: they commit or vanish together); else one.
 * Stories are not written: see marsad_link_save.
 */
int marsad_link_save_added(marsad_linker *l, struct marsad_store *s);

/*
 * marsad_link_save_added, then the stories, story_articles, topics and
 * topic links as of the last settle: only the stories whose articles or
 * topic changed since the load are written (a story's summary, written by
 * a later stage, survives), stories that vanished are deleted. A linker
 * from marsad_link_rebuild rewrites everything. One transaction.
 */
int marsad_link_save(marsad_linker *l, struct marsad_store *s);

/*
 * marsad_link_save in two transactions, for a linker settled in two
 * halves (marsad_linker_settle_stories, then _topics), so that the
 * stories can be used (summarized) while the topics are settling:
 * _stories writes what marsad_link_save_added writes, and the stories and
 * story_articles, each written story keeping the topic it had (a new one
 * none), and records in the store that topics are to follow; it reads no
 * topic of the linker, so marsad_linker_settle_topics may run on it in
 * another thread meanwhile. _topics, once the topics are settled, writes
 * the topics, the stories' topic ids and the topic links. A store left
 * between the two (a killed ingest) is pending (marsad_link_pending), and
 * the next ingest settles it again.
 */
int marsad_link_save_stories(marsad_linker *l, struct marsad_store *s);
int marsad_link_save_topics(marsad_linker *l, struct marsad_store *s);

/*
 * A linker holding every stored article (in id order) as linked before,
 * each with its story id: new articles can then be added, settled and
 * saved again. It reads the linker's rows back, analyzing nothing, when
 * every stored article has its current row, made by this analyzer
 * (marsad_analyzer_version(); saving records it); the last articles may
 * lack theirs (stored after the last row, as a killed ingest or one
 * without linking leaves them): those are linked from their texts.
 * Otherwise (an article changed since its row, articles without rows
 * among ones with rows, or rows of another analyzer) it falls back to
 * marsad_link_rebuild. When every article has its current row and its
 * story, each article gets its story id as settling would give it, but
 * the stories and topics themselves (marsad_linker_stories, the topic
 * links) wait for the next settle, and saving before it writes no story;
 * otherwise the linker is settled. opts may be NULL.
 */
int marsad_link_load(struct marsad_store *s, const marsad_link_opts *opts,
		     marsad_linker **out);

/*
 * Whether an ingest that adds nothing must still load the linker: *pending
 * is 1 when the stored articles are not all linked as far as the last
 * ones show (the articles stored last have no rows or no stories: stored
 * without linking, or by a killed ingest), the stories wait for their
 * topics (marsad_link_save_stories without _topics), or the rows are
 * another analyzer's; 0 when there is no article. Reads a few index rows, however
 * large the store: a row left stale by an article changed without
 * linking is found by marsad_link_load, at the next ingest that adds.
 */
int marsad_link_pending(struct marsad_store *s, int *pending);

/*
 * Links every stored article again from its stored text (the repair
 * path), keeping story ids where the articles stay together; saving it
 * rewrites every row the linker owns.
 */
int marsad_link_rebuild(struct marsad_store *s, const marsad_link_opts *opts,
			marsad_linker **out);

#ifdef __cplusplus
}
#endif

#endif
