/*
 * quote_int.h — what the quotation finder's files share: the article as
 * tokens, sentences, quotation spans and mentions (qdoc), the word tags of
 * data/quote_words.txt (words.c), and speaker resolution (speaker.c).
 */
#ifndef MARSAD_QUOTE_INT_H
#define MARSAD_QUOTE_INT_H

#include <stddef.h>

#include "marsad/quote.h"
#include "marsad/text.h"

/* Word tags (data/quote_words.txt). */
#define QW_VERB   0x001u /* a reporting verb */
#define QW_PART   0x002u /* its participle used as an adverb */
#define QW_COMP   0x004u /* introduces what was said: أن إن قوله */
#define QW_SOURCE 0x008u /* an anonymous source */
#define QW_INST   0x010u /* an institution that speaks */
#define QW_BACK   0x020u /* stands for the latest speaker: البيان */
#define QW_ROLE   0x040u /* a title that points back to a person */
#define QW_WEAK   0x080u /* a title word too general to tell people apart */
#define QW_OBJECT 0x100u /* a name after it is an object: نظيره عن مع */
#define QW_AN     0x200u /* the preposition عن itself */
#define QW_PLACE  0x400u /* a place or institution (data/names_places.txt) */
#define QW_MEDIUM 0x800u /* a platform words are posted on, no speaker */

#define QTOK_NORM 48
#define QLEMMA 32

typedef struct qtok {
	size_t start, end;
	char norm[QTOK_NORM];
	unsigned char norm_len;
	unsigned tags;      /* QW_* of the word, a leading و ف ل taken off */
	const char *lemma;  /* the verb's lemma (QLEMMA bytes, in the word
			       table) when QW_VERB or QW_PART */
	unsigned flags;     /* MARSAD_TOKEN_* from the analyzer */
	int kind;           /* its marsad_token_kind */
	size_t sent;        /* its sentence */
	int mention;        /* the mention covering it (index in qdoc.m), -1 */
	int quote;          /* the quotation span holding it, -1 */
	int verb_ok;        /* read as a reporting verb: verb_speaker is set */
	int verb_speaker;   /* that verb's speaker (a mention), -1 unknown */
} qtok;

typedef struct qspan {
	size_t open;       /* the opening mark */
	size_t start, end; /* the text between the marks, trimmed */
	size_t t0, t1;     /* its tokens [t0, t1), set by quote_doc_prepare */
} qspan;

/* A qment's type for the words that describe an anonymous source (مصدر
 * عسكري): a speaker that names no entity (quote_set_speaker()). */
#define QM_SOURCE 0x10

typedef struct qment {
	size_t start, end;
	int type;      /* MARSAD_ENT_PER, MARSAD_ENT_ORG, MARSAD_ENT_LOC or
			  QM_SOURCE */
	size_t t0, t1; /* its tokens [t0, t1) */
	int person;    /* PER: the person (group of same-name mentions) */
} qment;

#define QTITLE_WORDS 24

typedef struct qperson {
	char words[QTITLE_WORDS][QTOK_NORM]; /* title words written with it */
	size_t n_words;
	size_t first_mention; /* a mention of it, for its name */
	int score;            /* its agreement with the title phrase being
				 read (by_title), -1 until counted */
} qperson;

typedef struct qdoc {
	const char *s;
	size_t len;
	qtok *t;
	size_t n;
	const marsad_span *sent;
	size_t n_sent;
	qspan *q;
	size_t n_q;
	qment *m;
	size_t n_m, cap_m;
	size_t n_prepared;       /* mentions made by quote_doc_prepare */
	qperson *p;              /* NULL until a title phrase needs them */
	size_t n_p;
	int last_speaker;        /* a mention, -1 none yet */
	size_t last_speaker_sent;
	int err;                 /* MARSAD_ENOMEM from grouping the persons */
} qdoc;

/* What a reporting verb governs. */
typedef struct qverb {
	size_t tok;               /* the verb */
	size_t w0, w1;            /* its window: tokens [w0, w1) */
	size_t said_start, said_end; /* reported words; empty when none */
	int leads_quote;          /* what was said is a direct quotation */
	int participle;
	int speaker;              /* after quote_resolve: a mention, -1 */
} qverb;

/* Loads the word table on first use; once done, the two functions below
 * may be called from any thread. */
void quote_words_load(void);

/* The QW_* tags of a normalized word; *lemma (if lemma is non-NULL) is
 * set to its entry's lemma, QLEMMA bytes that live as long as the
 * program, when the word is listed. */
unsigned quote_word_tags(const char *w, size_t len, const char **lemma);

/* For a role word: calls fn on each title word it agrees with. */
void quote_role_related(const char *w, void (*fn)(void *ctx, const char *r),
			void *ctx);

/* Sentences, quotation membership, mentions (with PER propagation);
 * the persons and their title words are grouped later, on first need. */
int quote_doc_prepare(qdoc *d, const marsad_mention *m, size_t n);

/* Reads the verb at token i; 0 when it does not report speech here. */
int quote_read_verb(qdoc *d, size_t i, qverb *v);

/* Finds v's speaker (v->speaker) and records it as the latest; sets
 * d->err when it ran out of memory. */
void quote_resolve(qdoc *d, qverb *v);

/* Fills q for quotation span k; 0 when the span is not a quotation. */
int quote_read_direct(qdoc *d, size_t k, marsad_quote *q);

/* Sets q's speaker fields from mention `speaker` (-1: unknown). */
void quote_set_speaker(const qdoc *d, marsad_quote *q, int speaker);

#endif
