/*
 * mentions.c — stored mentions fed to an entity index (entity.h), which
 * joins the spellings of a name across articles as `marsad entities`
 * shows them: the verbs that name entities across articles read them so.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "marsad/entity.h"
#include "marsad/extract.h"

/* One article's mentions, gathered before they go to the index together
 * (a bare family name links best to a full name of its own article), with
 * the caller's tag of each. */
typedef struct batch {
	marsad_entity_mention *m;
	char **text;
	sqlite3_int64 *tag;
	size_t *ids;
	size_t n, cap;
} batch;

static void batch_reset(batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->text[i]);
	b->n = 0;
}

static void batch_clear(batch *b)
{
	batch_reset(b);
	free(b->m);
	free(b->text);
	free(b->tag);
	free(b->ids);
}

static int grow(void **p, size_t n, size_t size)
{
	void *q = realloc(*p, n * size);
	if (!q)
		return MARSAD_ENOMEM;
	*p = q;
	return 0;
}

static int batch_push(batch *b, const char *text, int type, sqlite3_int64 tag)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		if (grow((void **)&b->m, cap, sizeof *b->m) ||
		    grow((void **)&b->text, cap, sizeof *b->text) ||
		    grow((void **)&b->tag, cap, sizeof *b->tag) ||
		    grow((void **)&b->ids, cap, sizeof *b->ids))
			return MARSAD_ENOMEM;
		b->cap = cap;
	}
	if (!(b->text[b->n] = strdup(text)))
		return MARSAD_ENOMEM;
	b->m[b->n] = (marsad_entity_mention){
		.text = b->text[b->n], .text_len = strlen(text), .type = type};
	b->tag[b->n] = tag;
	b->n++;
	return 0;
}

static int flush(marsad_entity_index *ix, const char *key, batch *b,
		 cli_mention_fn fn, void *arg)
{
	int rc = b->n ? marsad_entity_index_add(ix, key, strlen(key), b->m,
						b->n, b->ids)
		      : 0;
	for (size_t i = 0; rc == 0 && fn && i < b->n; i++)
		if (b->ids[i] != MARSAD_ENTITY_NONE)
			rc = fn(arg, b->tag[i], b->ids[i]);
	batch_reset(b);
	return rc;
}

int cli_index_mentions(sqlite3_stmt *st, marsad_entity_index *ix,
		       cli_mention_fn fn, void *arg)
{
	batch b = {0};
	char *key = NULL;
	int rc = 0, step, tagged = sqlite3_column_count(st) > 3;
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		const char *text = (const char *)sqlite3_column_text(st, 1);
		const char *type = (const char *)sqlite3_column_text(st, 2);
		if (!k || !text)
			continue;
		if (!key || strcmp(key, k) != 0) {
			rc = key ? flush(ix, key, &b, fn, arg) : 0;
			free(key);
			if (!(key = strdup(k)))
				rc = MARSAD_ENOMEM;
		}
		if (rc == 0)
			rc = batch_push(&b, text, (int)marsad_entity_type_of(type),
					tagged ? sqlite3_column_int64(st, 3) : 0);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = MARSAD_EDB;
	if (rc == 0 && key)
		rc = flush(ix, key, &b, fn, arg);
	free(key);
	batch_clear(&b);
	return rc;
}
