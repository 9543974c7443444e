/*
 * index.c — the entity index: mentions from article after article, each
 * linked to the entity it names (rules: entity.h, name.c).
 *
 * Blocking: every entity is filed under the skeleton key of the last word
 * of each of its name forms and, for a key of more than SHORT_KEY
 * letters, under every key one letter shorter (the "deletion
 * neighbourhood" of symmetric-delete spelling correction, Garbe 2012), so
 * a new mention is compared only with entities whose keys are equal or
 * differ by one consonant class — never with all entities. A key of
 * three letters or fewer (علي, سعد, حسين, جيرو) has no deletions: theirs
 * are two letters or fewer, under which two months of news file thousands
 * of entities (a lookup of مصر collected 3,000 candidates, and the
 * lookups of such keys took three quarters of `marsad entities`' time),
 * and a short name a consonant away is another name more often than not
 * (سعيد is not زايد, هاري كاين not غاري كينغ, حسين هريدي not كريج ريدي;
 * جيرو, جيرود is lost). A place's or a body's name is looked up under its
 * own key alone: it keeps every consonant (entity_parts_same()). A
 * lookup costs O(k) hash probes for a key of k letters plus one name
 * comparison per candidate.
 *
 * Linking one article: full names first (so that a bare family name finds
 * them), then bare names. A full name joins an entity when one of its
 * forms has the same family name and every full form's given name agrees
 * (or the titles written with them share at least CONTEXT_STRONG words); a
 * bare name joins the best entity with that family name: one named in the
 * same article, then one whose title words agree, then the most mentioned.
 * Nothing is ever merged afterwards, so ids are stable. An article
 * whose mentions come linked already (marsad_entity_index_add_grouped(),
 * a story's first article, linked when it was built) makes an entity of
 * each group without a comparison, and its forms wait to be filed until
 * a lookup needs them: a story of one article, most stories, never does.
 *
 * Memory: an entity's lists (articles, spellings and their texts, parsed
 * forms, title words) are carved from blocks the index owns and frees at
 * once (an arena); a list that grows moves to a new piece twice its size
 * and leaves the old one. Most entities keep one form, one spelling and
 * one article, and no title words: linking then allocates a block now and
 * then instead of three or four lists per new entity, and freeing an
 * index walks its blocks.
 */
#include <stdlib.h>
#include <string.h>

#include "entity_int.h"
#include "marsad/entity.h"
#include "marsad/extract.h"
#include "marsad/text.h"

#define CONTEXT_WORDS 24  /* title words kept per entity */
#define CONTEXT_STRONG 2  /* shared title words that vouch for a link */
#define BARE_MAX 0.15     /* a bare name's distance to the family name of
			     another article's person (entity_tok_distance) */
#define TYPE_MAX 4        /* types 0 … 3 are counted */
#define SHORT_KEY 3       /* keys this long or shorter have no deletions */

typedef struct surface {
	char *text;
	size_t count;
	int full; /* two words or more */
} surface;

typedef struct ent {
	size_t votes[TYPE_MAX];
	name_parts *forms; /* distinct parsed spellings */
	size_t n_forms, cap_forms;
	surface *surf;
	size_t n_surf, cap_surf;
	size_t *arts; /* article indices, in order */
	size_t n_arts, cap_arts;
	char **ctx; /* its title words, room for CONTEXT_WORDS in the
		       arena once it has one (most never do) */
	size_t n_ctx;
	size_t mentions;
	size_t seen; /* the lookup that last made it a candidate */
	int bare_given; /* its one form is a bare given name (given_apart()) */
	unsigned char type; /* vote_type() */
	/* the view handed out by marsad_entity_index_get(): the lists are
	 * redone when dirty, the Latin spelling when asked for and stale */
	int dirty, latin_stale;
	char *latin;
	const char **variants; /* refresh(): the surfaces but clitic forms */
	size_t n_variants;
	const char **keys;
} ent;

/* A mention as added; its text and context are copies in the index's
 * mtext, each NUL-terminated. */
typedef struct mention_rec {
	size_t art;
	size_t text, text_len; /* offset in mtext */
	int type;
	size_t start, end;
	size_t ctx, ctx_len;   /* offset in mtext; SIZE_MAX: none */
	size_t entity;
} mention_rec;

/* A key of the table: its bytes in the index's keys (NUL-terminated), the
 * entities filed under it a list of postings. */
typedef struct bucket {
	uint64_t hash;
	uint32_t key;  /* offset in keys */
	uint32_t head; /* first posting + 1; 0: an empty slot */
} bucket;

typedef struct posting {
	size_t id;
	uint32_t next; /* the next posting + 1; 0: the last */
} posting;

/* A form an article of known entities gave (marsad_entity_index_add_
 * grouped()), not filed under its keys until a lookup needs them
 * (file_pending()): a story of one article never looks any up. */
typedef struct pending {
	size_t id, form; /* the entity, and the form's index in its forms */
	int type;        /* the type of the mention that gave it */
} pending;

struct marsad_entity_index {
	ent *e;
	size_t n, cap;
	mention_rec *m;
	size_t n_m, cap_m;
	marsad_buf mtext;
	char **arts;
	size_t n_arts, cap_arts;
	bucket *tab; /* open addressing, power-of-two size */
	size_t tab_size, tab_used;
	marsad_buf keys;
	posting *post;
	size_t n_post, cap_post;
	pending *pend;        /* forms still to file, in order of addition */
	size_t n_pend, cap_pend;
	size_t lookups;       /* link()s so far: marks their candidates */
	struct block *blocks; /* the arena, the newest block first */
};

/* Grows *v (elements of size sz) to hold one more, doubling from 8
 * elements; 0 or MARSAD_ENOMEM. */
static int grow(void **v, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 8;
	void *p = realloc(*v, c * sz);
	if (!p)
		return MARSAD_ENOMEM;
	*v = p;
	*cap = c;
	return 0;
}

static char *dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		if (n)
			memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

/* ---- the arena ---------------------------------------------------------- */

#define BLOCK_BYTES 16384 /* a block's room, unless one piece needs more */

typedef struct block {
	struct block *next;
	size_t used, size;
	max_align_t data[];
} block;

/* n bytes from the index's arena, aligned for any type; NULL when memory
 * runs out. */
static void *arena_alloc(marsad_entity_index *ix, size_t n)
{
	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) *
	    sizeof(max_align_t);
	block *b = ix->blocks;
	if (!b || b->size - b->used < n) {
		size_t size = n > BLOCK_BYTES ? n : BLOCK_BYTES;
		b = malloc(sizeof *b + size);
		if (!b)
			return NULL;
		b->next = ix->blocks;
		b->used = 0;
		b->size = size;
		ix->blocks = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

/* grow() for a list in the arena, doubling from `first` elements. */
static int arena_grow(marsad_entity_index *ix, void **v, size_t *cap, size_t n,
		      size_t sz, size_t first)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : first;
	void *p = arena_alloc(ix, c * sz);
	if (!p)
		return MARSAD_ENOMEM;
	if (n)
		memcpy(p, *v, n * sz);
	*v = p;
	*cap = c;
	return 0;
}

/* dup_n() into the arena. */
static char *arena_dup(marsad_entity_index *ix, const char *s, size_t n)
{
	char *p = arena_alloc(ix, n + 1);
	if (p) {
		if (n)
			memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

/* ---- the key table ------------------------------------------------------ */

/* A key's hash: FNV-1a over its bytes, from `h` (FNV_BASIS for a whole
 * key). */
#define FNV_BASIS 1469598103934665603ull
static uint64_t hash_bytes(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

/* The slot of key (hash h): where it is, or the empty one it would take. */
static bucket *slot(const marsad_entity_index *ix, uint64_t h, const char *key)
{
	size_t mask = ix->tab_size - 1, i = h & mask;
	while (ix->tab[i].head && (ix->tab[i].hash != h ||
				   strcmp(ix->keys.data + ix->tab[i].key, key)))
		i = (i + 1) & mask;
	return &ix->tab[i];
}

static int rehash(marsad_entity_index *ix)
{
	size_t size = ix->tab_size ? ix->tab_size * 2 : 64;
	bucket *tab = calloc(size, sizeof *tab);
	if (!tab)
		return MARSAD_ENOMEM;
	for (size_t i = 0; i < ix->tab_size; i++) {
		if (!ix->tab[i].head)
			continue;
		size_t k = ix->tab[i].hash & (size - 1);
		while (tab[k].head)
			k = (k + 1) & (size - 1);
		tab[k] = ix->tab[i];
	}
	free(ix->tab);
	ix->tab = tab;
	ix->tab_size = size;
	return 0;
}

/* Files entity id under key (len bytes, hash h); `fresh`: id is filed
 * under no key yet, so the key's list need not be searched for it. */
static int file_under(marsad_entity_index *ix, const char *key, size_t len,
		      uint64_t h, size_t id, int fresh)
{
	if ((ix->tab_used + 1) * 4 > ix->tab_size * 3) {
		int rc = rehash(ix);
		if (rc)
			return rc;
	}
	bucket *b = slot(ix, h, key);
	for (uint32_t p = fresh ? 0 : b->head; p; p = ix->post[p - 1].next)
		if (ix->post[p - 1].id == id)
			return 0;
	if (ix->n_post >= UINT32_MAX - 1 || ix->keys.len >= UINT32_MAX - NAME_KEY_MAX)
		return MARSAD_ENOMEM;
	int rc = grow((void **)&ix->post, &ix->cap_post, ix->n_post,
		      sizeof *ix->post);
	if (rc)
		return rc;
	if (!b->head) {
		size_t off = ix->keys.len;
		if (marsad_buf_append(&ix->keys, key, len + 1) < 0)
			return MARSAD_ENOMEM;
		b->hash = h;
		b->key = (uint32_t)off;
		ix->tab_used++;
	}
	ix->post[ix->n_post] = (posting){id, b->head};
	b->head = (uint32_t)++ix->n_post;
	return 0;
}

typedef int (*key_fn)(void *ctx, const char *k, size_t len, uint64_t h);

/* A token's skeleton key and the hashes of its prefixes, worked out once
 * per mention: looking its entities up and filing a new form under it
 * walk the same keys. */
typedef struct keyset {
	char key[NAME_KEY_MAX];
	size_t n;
	uint64_t pre[NAME_KEY_MAX]; /* pre[i]: the hash of key[0, i) */
} keyset;

static void keys_of(const name_tok *t, keyset *ks)
{
	ks->n = entity_tok_key(t, ks->key);
	ks->pre[0] = FNV_BASIS;
	for (size_t i = 0; i < ks->n; i++)
		ks->pre[i + 1] = hash_bytes(ks->pre[i], ks->key + i, 1);
}

/* Calls fn for the key and, past SHORT_KEY letters, each key one letter
 * shorter, with its length and hash: a deletion's hash goes on from the
 * hash of the letters before it, and deletion i + 1 differs from deletion
 * i in its byte i alone. */
static int each_key(const keyset *ks, key_fn fn, void *ctx)
{
	const char *key = ks->key;
	size_t n = ks->n;
	char del[NAME_KEY_MAX];
	int rc = fn(ctx, key, n, ks->pre[n]);
	if (n)
		memcpy(del, key + 1, n); /* deletion 0, with the NUL */
	for (size_t i = 0; i < n && n > SHORT_KEY && !rc; i++) {
		if (i > 0) {
			del[i - 1] = key[i - 1];
			if (key[i] == key[i - 1])
				continue; /* same deletion as the previous one */
		}
		rc = fn(ctx, del, n - 1,
			hash_bytes(ks->pre[i], key + i + 1, n - i - 1));
	}
	return rc;
}

struct file_ctx {
	marsad_entity_index *ix;
	size_t id;
	int fresh; /* the entity's first form: its keys are all new to it */
};

static int file_key(void *vctx, const char *k, size_t len, uint64_t h)
{
	struct file_ctx *c = vctx;
	return file_under(c->ix, k, len, h, c->id, c->fresh);
}

/* Whether a person's name p (type `type`) is also filed and looked up
 * under its father (محمد بن سلمان بن عبدالعزيز under بن سلمان): a name of
 * three words or more with a father after the given name. */
static int father_key(const name_parts *p, int type)
{
	return type <= 1 && p->n >= 3 && entity_tok_father(&p->t[1]);
}

/* Files form `form` of entity id (given by a mention of type `type`)
 * under ks, the keys of its last word, and, for a name with a father,
 * under the father's, where a shorter name of the person looks
 * (entity_nasab_prefix). */
static int file_form(marsad_entity_index *ix, size_t id, size_t form,
		     const keyset *ks, int type)
{
	struct file_ctx fc = {ix, id, form == 0};
	int rc = each_key(ks, file_key, &fc);
	const name_parts *p = &ix->e[id].forms[form];
	if (!rc && father_key(p, type)) {
		keyset fk;
		keys_of(&p->t[1], &fk);
		fc.fresh = 0;
		rc = each_key(&fk, file_key, &fc);
	}
	return rc;
}

/* Files the forms still pending, in the order they came: the table is
 * then as if each had been filed when it was attached. */
static int file_pending(marsad_entity_index *ix)
{
	int rc = 0;
	size_t i = 0;
	for (; i < ix->n_pend && !rc; i++) {
		const pending *q = &ix->pend[i];
		const name_parts *p = &ix->e[q->id].forms[q->form];
		keyset ks;
		keys_of(&p->t[p->n - 1], &ks);
		rc = file_form(ix, q->id, q->form, &ks, q->type);
	}
	if (rc) /* that one again, next time: a key it is filed under
		 * twice lists it twice, which collect() reads as once */
		i--;
	memmove(ix->pend, ix->pend + i, (ix->n_pend - i) * sizeof *ix->pend);
	ix->n_pend -= i;
	return rc;
}

#define CANDS_LOCAL 32 /* candidates held without allocating */

struct cand_ctx {
	marsad_entity_index *ix;
	size_t *ids;   /* local, or allocated once there are more */
	size_t n, cap;
	size_t local[CANDS_LOCAL];
};

/* Adds the entities filed under k to the candidates, each once (in no
 * particular order: link() ranks them; an entity is marked with the
 * lookup that took it). */
static int collect(void *vctx, const char *k, size_t len, uint64_t h)
{
	struct cand_ctx *c = vctx;
	marsad_entity_index *ix = c->ix;
	if (!ix->tab_size)
		return 0;
	for (uint32_t p = slot(ix, h, k)->head; p;
	     p = ix->post[p - 1].next) {
		size_t id = ix->post[p - 1].id;
		if (ix->e[id].seen == ix->lookups)
			continue;
		ix->e[id].seen = ix->lookups;
		if (c->n == c->cap) {
			size_t *v = malloc(2 * c->cap * sizeof *v);
			if (!v)
				return MARSAD_ENOMEM;
			memcpy(v, c->ids, c->n * sizeof *v);
			if (c->ids != c->local)
				free(c->ids);
			c->ids = v;
			c->cap *= 2;
		}
		c->ids[c->n++] = id;
	}
	return 0;
}

/* ---- context words ------------------------------------------------------- */

struct words {
	char *w[CONTEXT_WORDS];
	size_t n;
};

static int take_word(void *vctx, const marsad_token *t)
{
	struct words *w = vctx;
	if (t->kind != MARSAD_TOKEN_ARABIC || t->norm_len < 3 ||
	    w->n >= CONTEXT_WORDS)
		return 0;
	char *s = dup_n(t->norm, t->norm_len);
	if (!s)
		return MARSAD_ENOMEM;
	w->w[w->n++] = s;
	return 0;
}

/* The content words of a title, normalized (stopwords left out). */
static int context_words(const char *s, size_t len, struct words *out)
{
	out->n = 0;
	if (!s || !len)
		return 0;
	return marsad_analyze(s, len, MARSAD_ANALYZE_NO_STEM, take_word, out);
}

static void words_clear(struct words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->w[i]);
	w->n = 0;
}

static size_t shared_words(const ent *e, const struct words *w)
{
	size_t n = 0;
	for (size_t i = 0; i < w->n; i++)
		for (size_t j = 0; j < e->n_ctx; j++)
			if (strcmp(w->w[i], e->ctx[j]) == 0) {
				n++;
				break;
			}
	return n;
}

/* ---- linking ---------------------------------------------------------------- */

/* The most frequent non-zero type of e's mentions, or 0, worked out as
 * each mention is recorded (every lookup asks it of each candidate). */
static int ent_type(const ent *e)
{
	return e->type;
}

static int vote_type(const ent *e)
{
	int best = 0;
	for (int t = 1; t < TYPE_MAX; t++)
		if (e->votes[t] > e->votes[best] || (best == 0 && e->votes[t]))
			best = t;
	return best;
}

static int type_ok(const ent *e, int type)
{
	int et = ent_type(e);
	return !et || !type || et == type;
}

/* Whether family names a (the entity's) and b (the mention's) are one
 * name: within BARE_MAX when `strict`. */
static int family_match(const name_tok *a, const name_tok *b, int strict)
{
	double d = 0;
	return strict ? entity_family_match_d(a, b, &d) && d <= BARE_MAX
		      : entity_family_match(a, b);
}

/* Whether family name `full` of a name of two words or more is a bare
 * name's `bare` with a conjunction or preposition written onto it
 * (entity_tok_unclitic()): bare is nearer it without its first letter
 * than with it. The tagger took two names for one, كارتر بنتنياهو
 * (Carter, with Netanyahu), whose person is not Netanyahu; لافروف is
 * Lavrov's name, clitic-like letter and all. */
static int glued_family(const name_tok *full, const name_tok *bare)
{
	name_tok rest;
	double with = 0, without = 0;
	return entity_tok_unclitic(full, &rest) &&
	       entity_tok_match_d(&rest, bare, &without) &&
	       (!entity_tok_match_d(full, bare, &with) || without < with);
}

/* Whether a name of entity e has family name t, or one within BARE_MAX. */
static int close_family(const ent *e, const name_tok *t)
{
	for (size_t i = 0; i < e->n_forms; i++) {
		const name_parts *f = &e->forms[i];
		if (family_match(&f->t[f->n - 1], t, 1))
			return 1;
	}
	return 0;
}

/* Whether every name of entity e is a bare one. */
static int bare_only(const ent *e)
{
	for (size_t i = 0; i < e->n_forms; i++)
		if (e->forms[i].n > 1)
			return 0;
	return 1;
}

/* Can the parsed mention p (type `type`, title words w) name entity e?
 * `strict`: e is not of p's article and p or all of e's names are bare,
 * where a bare name a few cheap letters away is another word more often
 * than the person's name (بوينغ is not بوتين, جهاد not هادي, the place
 * موريشيوس not مورينيو). */
static int compatible(const ent *e, const name_parts *p, int type,
		      const struct words *w, int strict)
{
	if (!type_ok(e, type))
		return 0;
	if (type > 1 || ent_type(e) > 1) {
		/* a place or an organization: the same name as every spelling
		 * it has of as many words, not as one of them, or spellings a
		 * letter apart chain into one entity (سوريا، سورية، السعودية،
		 * السويد …); its names of other lengths are a body's shorter
		 * and longer names (entity_body_short()) */
		size_t same = 0;
		for (size_t i = 0; i < e->n_forms; i++) {
			if (e->forms[i].n != p->n)
				continue;
			if (!entity_parts_same(&e->forms[i], p, type > 1 ? type : 2))
				return 0;
			same++;
		}
		return same > 0;
	}
	/* a person: with every spelling, the same family name (a bare name,
	 * as every full one's family name; two bare names, as each other or
	 * as nickname and name), never another father (بن …), and, when both
	 * are full, a given name that agrees or titles that vouch for it; or
	 * the same name with fewer or more forefathers. Agreeing with one
	 * spelling only chained بشار الأسد through a bare الأسد … عبد الله
	 * into جون كيري on a month of news. */
	const name_tok *fam = &p->t[p->n - 1];
	int given_ok = 1;
	for (size_t i = 0; i < e->n_forms; i++) {
		const name_parts *f = &e->forms[i];
		const name_tok *ffam = &f->t[f->n - 1];
		if (entity_nasab_prefix(f, p))
			continue; /* the same person, named shorter or longer */
		if ((!family_match(ffam, fam, strict) &&
		     !(f->n == 1 && p->n == 1 && !strict &&
		       entity_given_match(ffam, fam))) ||
		    entity_father_differs(f, p))
			return 0;
		if ((f->n > 1 && p->n == 1 && glued_family(ffam, fam)) ||
		    (p->n > 1 && f->n == 1 && glued_family(fam, ffam)))
			return 0;
		if (given_ok && p->n >= 2 && f->n >= 2 &&
		    !entity_given_match(&f->t[0], &p->t[0]))
			given_ok = 0;
	}
	return e->n_forms > 0 &&
	       (given_ok || shared_words(e, w) >= CONTEXT_STRONG);
}

/* Whether entity e has form p, or p is a bare name with a conjunction or
 * preposition written on it whose rest e has (لترمب, ترمب): the clitic is
 * the sentence's, and a form it kept would have every later spelling
 * match it too (compatible()), so that ترامب started another entity. */
static int form_known(const ent *e, const name_parts *p)
{
	name_parts rest = {.n = 1};
	int clitic = p->n == 1 && entity_tok_unclitic(&p->t[0], &rest.t[0]);
	for (size_t i = 0; i < e->n_forms; i++)
		if (entity_parts_eq(&e->forms[i], p) ||
		    (clitic && entity_parts_eq(&e->forms[i], &rest)))
			return 1;
	return 0;
}

static int new_entity(marsad_entity_index *ix, size_t *id)
{
	int rc = grow((void **)&ix->e, &ix->cap, ix->n, sizeof *ix->e);
	if (rc)
		return rc;
	memset(&ix->e[ix->n], 0, sizeof *ix->e);
	*id = ix->n++;
	return 0;
}

/* The number of name words of a copied surface text, p when that is its
 * parse: a text with a NUL byte is cut there, as every later reading of
 * the copy cuts it. */
static size_t surface_words(const char *copy, size_t text_len, const name_parts *p)
{
	size_t len = strlen(copy);
	if (len == text_len)
		return p->n;
	name_parts q;
	entity_parse(copy, len, &q);
	return q.n;
}

/* Whether a person's name p is a bare Arabic given name (محمد, سلمان,
 * عبدالعزيز once الملك is left out of the mention). */
static int bare_given(const name_parts *p, int type)
{
	return type <= 1 && p->n == 1 && entity_tok_given_name(&p->t[0]);
}

/* Records mention text/p/w in entity id. `form`: p is one of its forms
 * (0: a bare name of a person named in full, see given_name_host()),
 * filed under ks, the keys of its last word, or when ks is NULL, once a
 * lookup needs it (file_pending()). */
static int attach(marsad_entity_index *ix, size_t id, const char *text,
		  size_t text_len, const name_parts *p, const keyset *ks,
		  int form, int type, size_t art, struct words *w)
{
	ent *e = &ix->e[id];
	int rc;
	e->dirty = 1;
	e->latin_stale = 1;
	e->mentions++;
	e->votes[type >= 0 && type < TYPE_MAX ? type : 0]++;
	e->type = (unsigned char)vote_type(e);
	if (!e->n_arts || e->arts[e->n_arts - 1] != art) {
		if ((rc = arena_grow(ix, (void **)&e->arts, &e->cap_arts,
				     e->n_arts, sizeof *e->arts, 1)))
			return rc;
		e->arts[e->n_arts++] = art;
	}
	size_t s = 0;
	while (s < e->n_surf && (strlen(e->surf[s].text) != text_len ||
				 memcmp(e->surf[s].text, text, text_len)))
		s++;
	if (s == e->n_surf) {
		/* most entities keep one or two spellings */
		if ((rc = arena_grow(ix, (void **)&e->surf, &e->cap_surf, s,
				     sizeof *e->surf, 1)))
			return rc;
		surface *v = e->surf;
		if (!(v[s].text = arena_dup(ix, text, text_len)))
			return MARSAD_ENOMEM;
		v[s].count = 0;
		v[s].full = surface_words(v[s].text, text_len, p) >= 2;
		e->n_surf++;
	}
	e->surf[s].count++;
	if (form && !form_known(e, p)) {
		if ((rc = arena_grow(ix, (void **)&e->forms, &e->cap_forms,
				     e->n_forms, sizeof *e->forms, 1)))
			return rc;
		/* its tokens only: most names have two or three of
		 * NAME_TOKENS */
		name_parts *f = &e->forms[e->n_forms++];
		f->n = p->n;
		memcpy(f->t, p->t, p->n * sizeof *p->t);
		if (e->n_forms == 1)
			e->bare_given = bare_given(p, type);
		if (ks)
			rc = file_form(ix, id, e->n_forms - 1, ks, type);
		else if (!(rc = grow((void **)&ix->pend, &ix->cap_pend,
				     ix->n_pend, sizeof *ix->pend)))
			ix->pend[ix->n_pend++] =
				(pending){id, e->n_forms - 1, type};
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < w->n; i++) {
		size_t j = 0;
		while (j < e->n_ctx && strcmp(e->ctx[j], w->w[i]))
			j++;
		if (j == e->n_ctx && e->n_ctx < CONTEXT_WORDS) {
			if (!e->ctx)
				e->ctx = arena_alloc(ix, CONTEXT_WORDS *
							     sizeof *e->ctx);
			if (!e->ctx)
				return MARSAD_ENOMEM;
			e->ctx[e->n_ctx++] = w->w[i];
			w->w[i] = NULL; /* handed over */
		}
	}
	return 0;
}

static int in_article(const ent *e, size_t art)
{
	return e->n_arts && e->arts[e->n_arts - 1] == art;
}

/*
 * Whether a person's name p may name entity e of another article, as far
 * as given names go. A bare given name is the family name of one of
 * several people (محمد عبد العزيز) or the given name of another (the
 * founder, الملك عبدالعزيز); the article's own full names tell which
 * (given_name_host()), other articles' do not: across articles it names
 * only an entity of that bare name, and a full name never one.
 */
static int given_apart(const ent *e, const name_parts *p, int p_bare_given)
{
	if (!e->n_forms)
		return 0;
	/* an entity of a bare given name keeps its single-word spellings
	 * (المحمد with محمد): a full name is no spelling of it */
	int e_bare_given = e->bare_given && bare_only(e);
	if (p_bare_given)
		return !e_bare_given;
	return p->n >= 2 && e_bare_given;
}

/*
 * The person a bare name p of an article names by his given name: the
 * one entity of the article's full names (the n mentions m, parsed into
 * full, recorded in rec, whose entity is NONE while not linked) that is a
 * nasab name (محمد بن سلمان …) with p as its given name, when no full
 * name of the article has p as its family name, written as p is with the
 * article or without (سلمان is the king's given name, not the family name
 * of عبدالله السلمان); else MARSAD_ENTITY_NONE. Saudi and Gulf news name
 * a royal by title and given name (الملك سلمان، الأمير محمد) after his
 * full name.
 */
static size_t given_name_host(const marsad_entity_mention *m,
			      const name_parts *full, const mention_rec *rec,
			      size_t n, const name_parts *p)
{
	size_t host = MARSAD_ENTITY_NONE;
	for (size_t j = 0; j < n; j++) {
		const name_parts *f = &full[j];
		size_t id = rec[j].entity;
		if (id == MARSAD_ENTITY_NONE || m[j].type > 1 || f->n < 2)
			continue;
		const name_tok *family = &f->t[f->n - 1];
		if (entity_family_match(family, &p->t[0]) &&
		    !entity_tok_article(family) == !entity_tok_article(&p->t[0]))
			return MARSAD_ENTITY_NONE; /* his family name */
		if (!entity_tok_father(&f->t[1]) ||
		    !entity_given_match(&f->t[0], &p->t[0]))
			continue;
		if (host != MARSAD_ENTITY_NONE && host != id)
			return MARSAD_ENTITY_NONE; /* two of that given name */
		host = id;
	}
	return host;
}

/* The best entity that mention m (parsed into p, title words w) of
 * article art can name, or MARSAD_ENTITY_NONE: the compatible candidate
 * filed under the keys ks of p's last word (or its father's) with the
 * highest score, then the lowest id. */
static int best_entity(marsad_entity_index *ix, const marsad_entity_mention *m,
		       const name_parts *p, const keyset *ks, size_t art,
		       const struct words *w, size_t *best)
{
	struct cand_ctx cc;
	ix->lookups++;
	cc.ix = ix;
	cc.ids = cc.local;
	cc.n = 0;
	cc.cap = CANDS_LOCAL;
	int rc;
	if (m->type > 1) {
		/* a place's or a body's word has every consonant of the
		 * other's (entity_parts_same()), so the same key, but for a
		 * clitic on a name of one word (لمصر, مصر): the deletions of a
		 * short key list thousands of entities (مصر's, مر) */
		rc = collect(&cc, ks->key, ks->n, ks->pre[ks->n]);
		name_tok rest;
		if (!rc && p->n == 1 && entity_tok_unclitic(&p->t[0], &rest)) {
			keyset rk;
			keys_of(&rest, &rk);
			rc = collect(&cc, rk.key, rk.n, rk.pre[rk.n]);
		}
	} else {
		rc = each_key(ks, collect, &cc);
	}
	if (!rc && father_key(p, m->type)) {
		/* a shorter name of the person ends with the father */
		keyset fk;
		keys_of(&p->t[1], &fk);
		rc = each_key(&fk, collect, &cc);
	}
	/* the comparisons of compatible() are left out for a candidate that
	 * could not beat the best so far */
	*best = MARSAD_ENTITY_NONE;
	long best_score = -1;
	int given = bare_given(p, m->type);
	for (size_t i = 0; i < cc.n && !rc; i++) {
		const ent *e = &ix->e[cc.ids[i]];
		int here = in_article(e, art);
		if (!here && given_apart(e, p, given))
			continue;
		/* a bare name of the article's person is spelled as his
		 * family name is there, or nearly (a writer keeps to one
		 * spelling): one further away is preferred no more than
		 * another article's (بوتين and the place سنتر بوينت) */
		int near = here && (p->n > 1 || m->type > 1 ||
				    close_family(e, &p->t[0]));
		long score = (near ? 4 : 0) +
			     (w->n && e->n_ctx && shared_words(e, w) ? 2 : 0);
		score = score * 1000000 + (long)(e->mentions < 999999 ? e->mentions
								       : 999999);
		if ((score > best_score ||
		     (score == best_score && cc.ids[i] < *best)) &&
		    compatible(e, p, m->type, w,
			       m->type <= 1 && !here &&
				       (p->n == 1 || bare_only(e)))) {
			*best = cc.ids[i];
			best_score = score;
		}
	}
	if (cc.ids != cc.local)
		free(cc.ids);
	return rc;
}

/* Links one mention, parsed into p; *id receives its entity. It goes to
 * `host` when that is not MARSAD_ENTITY_NONE, as one of its forms when
 * `form` (a body's shorter name, entity_body_short(), which other
 * articles' names find), else not (a person's bare given name,
 * given_name_host(), or a body's shorter name that many bodies have,
 * entity_body_generic(): elsewhere they name others). */
static int link(marsad_entity_index *ix, const marsad_entity_mention *m,
		const name_parts *p, size_t art, size_t host, int form,
		size_t *id)
{
	*id = MARSAD_ENTITY_NONE;
	if (!p->n)
		return 0;
	struct words w;
	int rc = context_words(m->context, m->context_len, &w);
	if (!rc && ix->n_pend)
		rc = file_pending(ix);
	keyset ks;
	keys_of(&p->t[p->n - 1], &ks);
	size_t best = MARSAD_ENTITY_NONE;
	if (rc) {
		/* nothing linked */
	} else if (host != MARSAD_ENTITY_NONE && type_ok(&ix->e[host], m->type)) {
		best = host;
	} else {
		form = 1;
		rc = best_entity(ix, m, p, &ks, art, &w, &best);
		if (!rc && best == MARSAD_ENTITY_NONE)
			rc = new_entity(ix, &best);
	}
	if (!rc)
		rc = attach(ix, best, m->text, m->text_len, p,
			    form ? &ks : NULL, form, m->type, art, &w);
	words_clear(&w);
	if (!rc)
		*id = best;
	return rc;
}

/* Records mention m, parsed into p, in the entity of its group g within
 * the article: of_group[g], made at the group's first mention
 * (MARSAD_ENTITY_NONE until then); *id receives it. A person's bare name
 * that given_name_host() gives to that very entity is not one of its
 * forms, nor is a name that may not be one (`may_form` 0: a body's shorter
 * name that many bodies have), as link() has them. Nothing is looked up,
 * and the forms are filed when a lookup needs them. */
static int join_group(marsad_entity_index *ix, const marsad_entity_mention *m,
		      const name_parts *p, size_t art, size_t host,
		      int may_form, size_t *of_group, size_t g, size_t *id)
{
	*id = MARSAD_ENTITY_NONE;
	if (!p->n || g == MARSAD_ENTITY_NONE)
		return 0;
	struct words w;
	int rc = context_words(m->context, m->context_len, &w);
	if (!rc && of_group[g] == MARSAD_ENTITY_NONE)
		rc = new_entity(ix, &of_group[g]);
	if (!rc) {
		size_t e = of_group[g];
		int form = may_form && !(host == e && type_ok(&ix->e[e], m->type));
		rc = attach(ix, e, m->text, m->text_len, p, NULL, form,
			    m->type, art, &w);
		if (!rc)
			*id = e;
	}
	words_clear(&w);
	return rc;
}

/* longer[i] receives the mention of the article that body mention i is a
 * shorter name of (entity_body_short()), the longest if that is a shorter
 * name too, or MARSAD_ENTITY_NONE: none, or two that are not one
 * spelling, as مجلس الأمن is a shorter name of مجلس الأمن الدولي and of
 * مجلس الأمن الوطني. m and p: the article's n mentions and their parses. */
static void shorter_names(const marsad_entity_mention *m, const name_parts *p,
			  size_t n, size_t *longer)
{
	for (size_t i = 0; i < n; i++) {
		longer[i] = MARSAD_ENTITY_NONE;
		for (size_t j = 0; j < n && m[i].type == MARSAD_ENT_ORG; j++) {
			if (m[j].type != MARSAD_ENT_ORG || p[j].n <= p[i].n ||
			    !entity_body_short(&p[i], &p[j]))
				continue;
			size_t k = longer[i];
			if (k == MARSAD_ENTITY_NONE) {
				longer[i] = j;
			} else if (p[k].n != p[j].n ||
				   !entity_parts_same(&p[k], &p[j], MARSAD_ENT_ORG)) {
				longer[i] = MARSAD_ENTITY_NONE;
				break;
			}
		}
	}
	/* names grow along a chain, which thus ends */
	for (size_t i = 0; i < n; i++)
		while (longer[i] != MARSAD_ENTITY_NONE &&
		       longer[longer[i]] != MARSAD_ENTITY_NONE)
			longer[i] = longer[longer[i]];
}

static int is_full(const marsad_entity_mention *m, const name_parts *p)
{
	return p->n >= 2 || m->type > 1;
}

/* marsad_entity_index_add(), or with `group`,
 * marsad_entity_index_add_grouped(). */
static int add_article(marsad_entity_index *ix, const char *key,
		       size_t key_len, const marsad_entity_mention *m,
		       size_t n, const size_t *group, size_t *ids)
{
	if (!ix || (!key && key_len) || (!m && n))
		return MARSAD_EINVAL;
	for (size_t i = 0; i < n; i++)
		if ((!m[i].text && m[i].text_len) ||
		    (!m[i].context && m[i].context_len))
			return MARSAD_EINVAL;
	int rc = grow((void **)&ix->arts, &ix->cap_arts, ix->n_arts,
		      sizeof *ix->arts);
	if (rc)
		return rc;
	char *k = dup_n(key ? key : "", key_len);
	if (!k)
		return MARSAD_ENOMEM;
	size_t art = ix->n_arts;
	ix->arts[ix->n_arts++] = k;
	size_t first = ix->n_m;
	for (size_t i = 0; i < n; i++) {
		if ((rc = grow((void **)&ix->m, &ix->cap_m, ix->n_m, sizeof *ix->m)))
			return rc;
		mention_rec *r = &ix->m[ix->n_m];
		memset(r, 0, sizeof *r);
		r->art = art;
		r->type = m[i].type;
		r->start = m[i].start;
		r->end = m[i].end;
		r->entity = MARSAD_ENTITY_NONE;
		r->text = ix->mtext.len;
		r->text_len = m[i].text_len;
		r->ctx = SIZE_MAX;
		ix->n_m++;
		if ((m[i].text_len &&
		     marsad_buf_append(&ix->mtext, m[i].text, m[i].text_len) < 0) ||
		    marsad_buf_putc(&ix->mtext, 0) < 0)
			return MARSAD_ENOMEM;
		if (m[i].context) {
			r->ctx = ix->mtext.len;
			r->ctx_len = m[i].context_len;
			if ((m[i].context_len &&
			     marsad_buf_append(&ix->mtext, m[i].context,
					       m[i].context_len) < 0) ||
			    marsad_buf_putc(&ix->mtext, 0) < 0)
				return MARSAD_ENOMEM;
		}
	}
	/* of_group[g]: the entity of group g, once made */
	size_t groups = 0;
	for (size_t i = 0; group && i < n; i++)
		if (group[i] != MARSAD_ENTITY_NONE && group[i] >= groups)
			groups = group[i] + 1;
	size_t *of_group = group ? malloc((groups ? groups : 1) *
					  sizeof *of_group)
				 : NULL;
	name_parts *p = malloc((n ? n : 1) * sizeof *p);
	size_t *longer = malloc((n ? n : 1) * sizeof *longer);
	if (!p || !longer || (group && !of_group)) {
		free(p);
		free(longer);
		free(of_group);
		return MARSAD_ENOMEM;
	}
	for (size_t g = 0; g < groups; g++)
		of_group[g] = MARSAD_ENTITY_NONE;
	for (size_t i = 0; i < n; i++)
		entity_parse(m[i].text, m[i].text_len, &p[i]);
	shorter_names(m, p, n, longer);
	/* full names first, then bare ones and bodies' shorter names, each
	 * in text order; a bare person's name may be a given name of the
	 * full ones */
	for (int pass = 0; pass < 2 && !rc; pass++)
		for (size_t i = 0; i < n && !rc; i++) {
			int is_short = longer[i] != MARSAD_ENTITY_NONE;
			if ((is_full(&m[i], &p[i]) && !is_short) != (pass == 0))
				continue;
			/* in a grouped article only the entity of the mention's
			 * own group, made already, can host it */
			int may_host = pass == 1 && m[i].type <= 1 && p[i].n &&
				       (!group ||
					(group[i] != MARSAD_ENTITY_NONE &&
					 of_group[group[i]] != MARSAD_ENTITY_NONE));
			size_t host = may_host ? given_name_host(m, p, ix->m + first,
								 n, &p[i])
					       : MARSAD_ENTITY_NONE;
			mention_rec *r = &ix->m[first + i];
			/* a body's shorter name that many bodies have is no
			 * form other articles may find */
			int may_form = !is_short || !entity_body_generic(&p[i]);
			if (group) {
				rc = join_group(ix, &m[i], &p[i], art, host,
						may_form, of_group, group[i],
						&r->entity);
			} else {
				if (is_short)
					host = ix->m[first + longer[i]].entity;
				rc = link(ix, &m[i], &p[i], art, host,
					  is_short && may_form, &r->entity);
			}
			if (!rc && ids)
				ids[i] = r->entity;
		}
	free(p);
	free(longer);
	free(of_group);
	return rc;
}

int marsad_entity_index_add(marsad_entity_index *ix, const char *key,
			    size_t key_len, const marsad_entity_mention *m,
			    size_t n, size_t *ids)
{
	return add_article(ix, key, key_len, m, n, NULL, ids);
}

int marsad_entity_index_add_grouped(marsad_entity_index *ix, const char *key,
				    size_t key_len,
				    const marsad_entity_mention *m, size_t n,
				    const size_t *group, size_t *ids)
{
	if (!group && n)
		return MARSAD_EINVAL;
	return add_article(ix, key, key_len, m, n, group, ids);
}

/* ---- queries --------------------------------------------------------------- */

marsad_entity_index *marsad_entity_index_new(void)
{
	return calloc(1, sizeof(marsad_entity_index));
}

/* Frees what entity e holds outside the arena. */
static void ent_clear(ent *e)
{
	for (size_t i = 0; i < e->n_ctx; i++)
		free(e->ctx[i]);
	free(e->latin);
	free(e->variants);
	free(e->keys);
}

void marsad_entity_index_free(marsad_entity_index *ix)
{
	if (!ix)
		return;
	for (size_t i = 0; i < ix->n; i++)
		ent_clear(&ix->e[i]);
	free(ix->e);
	free(ix->m);
	marsad_buf_clear(&ix->mtext);
	for (size_t i = 0; i < ix->n_arts; i++)
		free(ix->arts[i]);
	free(ix->arts);
	free(ix->tab);
	marsad_buf_clear(&ix->keys);
	free(ix->post);
	free(ix->pend);
	while (ix->blocks) {
		block *b = ix->blocks;
		ix->blocks = b->next;
		free(b);
	}
	free(ix);
}

size_t marsad_entity_index_count(const marsad_entity_index *ix)
{
	return ix ? ix->n : 0;
}

size_t marsad_entity_index_mentions(const marsad_entity_index *ix)
{
	return ix ? ix->n_m : 0;
}

/* The canonical spelling: the most frequent surface of two words or more
 * when there is one, else the most frequent; ties go to the first seen. */
/* Whether spelling s is spelling t with a preposition or conjunction
 * written onto it: one of entity_proclitic() before t, but for ل, taken
 * off only before a t that begins with the article ال, whose alef it then
 * drops (للأمم المتحدة, الأمم المتحدة): before another letter it begins
 * names too often (لبنان is not بنان with ل). Every Arabic letter is two
 * bytes of UTF-8. */
static int clitic_form(const char *s, const char *t)
{
	const unsigned char *u = (const unsigned char *)s;
	if ((u[0] & 0xE0) != 0xC0 || (u[1] & 0xC0) != 0x80)
		return 0;
	uint32_t cp = (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
	if (cp != 0x644)
		return entity_proclitic(cp) && strcmp(s + 2, t) == 0;
	/* لل + rest for ال + rest */
	return strncmp(s, "\xd9\x84\xd9\x84", 4) == 0 &&
	       strncmp(t, "\xd8\xa7\xd9\x84", 4) == 0 && strcmp(s + 4, t + 4) == 0;
}

/* The canonical spelling: the most frequent full one (two words or more
 * when there is one; for a place or a body, whose shorter name is the
 * usual one, any), a spelling with a preposition or conjunction on it
 * counted for the bare spelling when the entity has that too, which is
 * then the one shown (first seen among equals). */
static const surface *canonical(const ent *e)
{
	int person = e->type <= 1;
	const surface *best = NULL;
	int best_full = 0;
	size_t best_count = 0;
	for (size_t i = 0; i < e->n_surf; i++) {
		const surface *x = &e->surf[i];
		size_t count = x->count;
		int bare = 1;
		for (size_t k = 0; k < e->n_surf; k++) {
			if (k == i)
				continue;
			if (clitic_form(x->text, e->surf[k].text))
				bare = 0;
			else if (clitic_form(e->surf[k].text, x->text))
				count += e->surf[k].count;
		}
		if (!bare)
			continue;
		int full = person && x->full;
		if (!best || full > best_full ||
		    (full == best_full && count > best_count)) {
			best = x;
			best_full = full;
			best_count = count;
		}
	}
	return best;
}

/* Whether surface i of e is another of its surfaces with a proclitic
 * written onto it (وإيران, للولايات المتحدة): the sentence's, no spelling
 * of the name. */
static int clitic_surface(const ent *e, size_t i)
{
	for (size_t k = 0; k < e->n_surf; k++)
		if (k != i && clitic_form(e->surf[i].text, e->surf[k].text))
			return 1;
	return 0;
}

/* The variants of e (refresh()): its surfaces in the order first seen,
 * but a clitic_surface() and one that another shown already writes the
 * same but for diacritics, tatweel, hamza and the like (إيـران, إيرانَ
 * after إيران: marsad_normalize()), the canonical spelling standing for
 * its own. `norms` receives the kept ones' normalized forms, NUL after
 * each. */
static int variants_of(ent *e, const char **v, marsad_buf *norms)
{
	const surface *canon = canonical(e);
	size_t *at = malloc((e->n_surf + 1) * sizeof *at); /* in norms */
	marsad_buf one = MARSAD_BUF_INIT;
	int rc = at ? 0 : MARSAD_ENOMEM;
	e->n_variants = 0;
	for (size_t i = 0; !rc && i < e->n_surf; i++) {
		const surface *x = &e->surf[i];
		if (clitic_surface(e, i))
			continue;
		marsad_buf_reset(&one);
		rc = marsad_normalize(x->text, strlen(x->text), &one);
		if (rc)
			break;
		size_t k = 0;
		while (k < e->n_variants &&
		       strcmp(norms->data + at[k], one.data ? one.data : ""))
			k++;
		if (k < e->n_variants) {
			if (x == canon)
				v[k] = x->text;
			continue;
		}
		at[k] = norms->len;
		if (marsad_buf_append(norms, one.data ? one.data : "", one.len) ||
		    marsad_buf_putc(norms, 0)) {
			rc = MARSAD_ENOMEM;
			break;
		}
		v[e->n_variants++] = x->text;
	}
	marsad_buf_clear(&one);
	free(at);
	return rc;
}

static int refresh(marsad_entity_index *ix, ent *e)
{
	const char **v = realloc(e->variants, (e->n_surf + 1) * sizeof *v);
	if (!v)
		return MARSAD_ENOMEM;
	e->variants = v;
	marsad_buf norms = MARSAD_BUF_INIT;
	int rc = variants_of(e, v, &norms);
	marsad_buf_clear(&norms);
	if (rc)
		return rc;
	const char **k = realloc(e->keys, (e->n_arts + 1) * sizeof *k);
	if (!k)
		return MARSAD_ENOMEM;
	e->keys = k;
	for (size_t i = 0; i < e->n_arts; i++)
		k[i] = ix->arts[e->arts[i]];
	e->dirty = 0;
	return 0;
}

/* A person's Latin spelling (marsad_name_latin); none for a place or an
 * organization, whose Arabic names are mostly ordinary words that a name
 * table romanizes into nonsense (البيت الأبيض, مجلس الأمن; تركيا came out
 * as the surname Torki) rather than translates. */
static int refresh_latin(ent *e)
{
	marsad_buf b = MARSAD_BUF_INIT;
	const surface *c = canonical(e);
	int rc = c && ent_type(e) == MARSAD_ENT_PER
			 ? marsad_name_latin(c->text, strlen(c->text), &b)
			 : 0;
	if (rc) {
		marsad_buf_clear(&b);
		return rc;
	}
	free(e->latin);
	e->latin = marsad_buf_steal(&b, NULL);
	if (!e->latin)
		return MARSAD_ENOMEM;
	e->latin_stale = 0;
	return 0;
}

/* Entity id's view, with its Latin spelling when `latin`. */
static int view(marsad_entity_index *ix, size_t id, int latin,
		marsad_entity *out)
{
	if (!ix || !out)
		return MARSAD_EINVAL;
	memset(out, 0, sizeof *out);
	if (id >= ix->n)
		return MARSAD_ENOTFOUND;
	ent *e = &ix->e[id];
	int rc = e->dirty || !e->variants ? refresh(ix, e) : 0;
	if (rc == 0 && latin && (e->latin_stale || !e->latin))
		rc = refresh_latin(e);
	if (rc)
		return rc;
	const surface *c = canonical(e);
	out->id = id;
	out->type = ent_type(e);
	out->canonical = c ? c->text : "";
	out->latin = latin ? e->latin : NULL;
	out->variants = e->variants;
	out->n_variants = e->n_variants;
	out->keys = e->keys;
	out->n_keys = e->n_arts;
	out->mentions = e->mentions;
	return 0;
}

int marsad_entity_index_get(marsad_entity_index *ix, size_t id,
			    marsad_entity *out)
{
	return view(ix, id, 1, out);
}

int marsad_entity_index_get_arabic(marsad_entity_index *ix, size_t id,
				   marsad_entity *out)
{
	return view(ix, id, 0, out);
}

const char *marsad_entity_index_canonical(const marsad_entity_index *ix,
					 size_t id)
{
	if (!ix || id >= ix->n)
		return NULL;
	const surface *c = canonical(&ix->e[id]);
	return c ? c->text : "";
}

int marsad_entity_index_mention(const marsad_entity_index *ix, size_t i,
				marsad_entity_mention *m, const char **key,
				size_t *entity)
{
	if (!ix)
		return MARSAD_EINVAL;
	if (i >= ix->n_m)
		return MARSAD_ENOTFOUND;
	const mention_rec *r = &ix->m[i];
	if (m) {
		m->text = ix->mtext.data + r->text;
		m->text_len = r->text_len;
		m->type = r->type;
		m->start = r->start;
		m->end = r->end;
		m->context = r->ctx == SIZE_MAX ? NULL : ix->mtext.data + r->ctx;
		m->context_len = r->ctx_len;
	}
	if (key)
		*key = ix->arts[r->art];
	if (entity)
		*entity = r->entity;
	return 0;
}
