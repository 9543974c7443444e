/*
 * rows.c — an article's rows as the store keeps them, carried in its
 * words for summaries (summary_words, words.c).
 *
 * Summarizing a stored story needs each article's sentences, mentions,
 * dates and quotations. Read as rows they are four of every five rows
 * the summarizing pass steps through, on the one thread that uses the
 * store (persist.c). An article prepared at ingest carries them in its
 * words instead, encoded from the article as the store writes them
 * (store.c) and persist.c reads them back: the sentences; the mentions
 * with their types; the dates; the quotations in the order persist.c
 * reads them (by start, an enclosing one before those inside it), each
 * with the mention that speaks for it as persist.c finds it from the
 * stored speaker (sm_speaker_mention()); and, for an article with
 * quotations, each mention's stored canonical name (only a speaker is
 * found by it). An article one of whose rows the store would not keep as
 * it is (a mention without a type or outside the text, a date or a
 * quotation outside it) carries none and is read as rows.
 *
 * The section, unsigned LEB128 varints (internal.h) but where said:
 *   the article's content hash (8 bytes, little-endian): rows carried
 *     for another article, or another version of it, are not read;
 *   n_sentences, then each: start − the previous end, length;
 *   n_mentions, then each: start − the previous start (zigzag), length,
 *     type;
 *   n_names, then each: length, bytes; then, when there are names, each
 *     mention's name number;
 *   1 when the mentions' entities within the article follow (article.h's
 *     entity_of), then each mention's entity + 1 (0: none); else 0;
 *   n_dates, then each: start − the previous start (zigzag), length,
 *     value length, value, granularity, flags;
 *   n_quotes, then each: start − the previous start (zigzag), length,
 *     verb length, verb, direct, the speaking mention + 1 (0: none).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "summary_int.h"

/* ---- the speaker of a quotation ------------------------------------------ */

/* Where the speaker of quote q is written: its last occurrence that
 * starts before the quotation, else its first one after it; SIZE_MAX when
 * it is nowhere. */
static size_t speaker_at(const marsad_article *a, const marsad_quote *q,
			 const char *sp, size_t len)
{
	const char *t = a->doc->text;
	size_t n = a->doc->text_len;
	if (!len || len > n)
		return SIZE_MAX;
	size_t from = q->start < n - len ? q->start : n - len;
	for (size_t i = from + 1; i-- > 0;)
		if (t[i] == sp[0] && memcmp(t + i, sp, len) == 0)
			return i;
	for (size_t i = q->end; i + len <= n; i++)
		if (t[i] == sp[0] && memcmp(t + i, sp, len) == 0)
			return i;
	return SIZE_MAX;
}

size_t sm_speaker_mention(const marsad_article *a, size_t k,
			  const int64_t *entity, int64_t speaker,
			  const char *name)
{
	size_t n = a->n_mentions;
	for (size_t i = 0; speaker && i < n; i++)
		if (entity[i] == speaker)
			return i;
	if (!name)
		return n;
	size_t len = strlen(name);
	size_t at = speaker_at(a, &a->quotes[k], name, len);
	if (at == SIZE_MAX)
		return n;
	for (size_t i = 0; i < n; i++)
		if (a->mentions[i].start <= at && at + len <= a->mentions[i].end)
			return i;
	for (size_t i = 0; i < n; i++)
		if (a->mentions[i].end - a->mentions[i].start == len &&
		    memcmp(a->doc->text + a->mentions[i].start, name, len) == 0)
			return i;
	return n;
}

/* ---- writing ------------------------------------------------------------- */

/* Whether the store keeps every row of a as it is (article.h). */
static int kept_whole(const marsad_article *a)
{
	for (size_t i = 0; i < a->n_mentions; i++)
		if (!marsad_article_mention_kept(a, i))
			return 0;
	for (size_t i = 0; i < a->n_dates; i++)
		if (!marsad_article_span_ok(a, a->dates[i].start,
					    a->dates[i].end))
			return 0;
	for (size_t i = 0; i < a->n_quotes; i++)
		if (!marsad_article_span_ok(a, a->quotes[i].start,
					    a->quotes[i].end))
			return 0;
	return 1;
}

/* entity[i]: 1 + the first mention stored under mention i's entity (its
 * type and name), as the store's entity ids tell them apart. The first
 * mentions are found by an open-addressing table of the names' hashes
 * (slot: 1 + the mention, 0 empty; at most half full), not by comparing
 * each mention with all before it: a long article names hundreds. */
static int entities_of(const marsad_article *a, int64_t *entity)
{
	size_t n = a->n_mentions, slots = 16;
	while (slots < 2 * n)
		slots *= 2;
	uint32_t *slot = calloc(slots, sizeof *slot);
	if (!slot)
		return MARSAD_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		size_t li;
		const char *ni = marsad_article_entity_name(a, i, &li);
		uint32_t h = sm_hash(ni, li) ^ (uint32_t)a->mentions[i].type;
		size_t k = h & (slots - 1);
		entity[i] = (int64_t)i + 1;
		for (; slot[k]; k = (k + 1) & (slots - 1)) {
			size_t j = slot[k] - 1, lj;
			const char *nj = marsad_article_entity_name(a, j, &lj);
			if (a->mentions[j].type == a->mentions[i].type &&
			    lj == li && memcmp(nj, ni, li) == 0) {
				entity[i] = (int64_t)j + 1;
				break;
			}
		}
		if (!slot[k])
			slot[k] = (uint32_t)i + 1;
	}
	free(slot);
	return 0;
}

/* order[] receives the quotations in the order persist.c reads them: by
 * start, the longer first, else as stored (a stable insertion sort). */
static void quote_order(const marsad_article *a, size_t *order)
{
	for (size_t n = 0; n < a->n_quotes; n++) {
		const marsad_quote *q = &a->quotes[n];
		size_t k = n;
		while (k > 0 && (a->quotes[order[k - 1]].start > q->start ||
				 (a->quotes[order[k - 1]].start == q->start &&
				  a->quotes[order[k - 1]].end < q->end))) {
			order[k] = order[k - 1];
			k--;
		}
		order[k] = n;
	}
}

static int put_str(marsad_buf *b, const char *s, size_t len)
{
	return marsad_varint_put(b, len) < 0 || marsad_buf_append(b, s, len) < 0
		       ? MARSAD_ENOMEM
		       : 0;
}

/* The mentions, with their names when the article has quotations
 * (entity given): each entity's name once, in order of first mention,
 * then each mention's name number. */
static int put_mentions(marsad_buf *b, const marsad_article *a,
			const int64_t *entity)
{
	size_t n = a->n_mentions;
	unsigned char *o = marsad_varint_room(b, 1 + 3 * n);
	if (!o)
		return MARSAD_ENOMEM;
	int err = 0;
	o = marsad_varint_write(o, n);
	size_t prev = 0;
	for (size_t i = 0; i < n; i++) {
		const marsad_mention *m = &a->mentions[i];
		o = marsad_varint_write(o, marsad_zigzag((int64_t)m->start -
							 (int64_t)prev));
		o = marsad_varint_write(o, m->end - m->start);
		o = marsad_varint_write(o, (uint64_t)m->type);
		prev = m->start;
	}
	marsad_varint_end(b, o);
	size_t *num = entity ? malloc((n ? n : 1) * sizeof *num) : NULL;
	if (entity && !num)
		err = MARSAD_ENOMEM;
	size_t names = 0;
	for (size_t i = 0; num && i < n; i++)
		num[i] = entity[i] == (int64_t)i + 1 ? names++
						     : num[entity[i] - 1];
	if (err == 0)
		err = marsad_varint_put(b, names);
	for (size_t i = 0; err == 0 && names && i < n; i++) {
		size_t len;
		const char *s = marsad_article_entity_name(a, i, &len);
		if (entity[i] == (int64_t)i + 1)
			err = put_str(b, s, len);
	}
	for (size_t i = 0; err == 0 && names && i < n; i++)
		if (marsad_varint_put(b, num[i]) < 0)
			err = MARSAD_ENOMEM;
	free(num);
	if (err == 0 && !(o = marsad_varint_room(b, 1 + n)))
		err = MARSAD_ENOMEM;
	if (err)
		return err;
	o = marsad_varint_write(o, a->entity_of != NULL);
	for (size_t i = 0; a->entity_of && i < n; i++)
		o = marsad_varint_write(o, a->entity_of[i] == MARSAD_ENTITY_NONE
						   ? 0
						   : a->entity_of[i] + 1);
	marsad_varint_end(b, o);
	return 0;
}

int sm_rows_encode(const marsad_article *a, marsad_buf *out)
{
	if (!kept_whole(a))
		return 0;
	const marsad_doc *d = a->doc;
	size_t nq = a->n_quotes, nm = a->n_mentions;
	size_t *order = malloc((nq ? nq : 1) * sizeof *order);
	int64_t *entity = malloc((nm ? nm : 1) * sizeof *entity);
	int err = order && entity ? 0 : MARSAD_ENOMEM;
	if (err == 0 && nq)
		err = entities_of(a, entity);
	unsigned char hash[8]; /* little-endian, whatever the machine */
	marsad_store_le64(hash, a->content_hash);
	if (err == 0 && marsad_buf_append(out, hash, sizeof hash) < 0)
		err = MARSAD_ENOMEM;
	unsigned char *o = NULL;
	if (err == 0 && !(o = marsad_varint_room(out, 1 + 2 * a->n_sentences)))
		err = MARSAD_ENOMEM;
	size_t prev = 0;
	if (err == 0) {
		o = marsad_varint_write(o, a->n_sentences);
		for (size_t i = 0; i < a->n_sentences; i++) {
			o = marsad_varint_write(o, a->sentences[i].start - prev);
			o = marsad_varint_write(o, a->sentences[i].end -
							   a->sentences[i].start);
			prev = a->sentences[i].end;
		}
		marsad_varint_end(out, o);
	}
	if (err == 0)
		err = put_mentions(out, a, nq ? entity : NULL);
	if (err == 0)
		err = marsad_varint_put(out, a->n_dates);
	prev = 0;
	for (size_t i = 0; err == 0 && i < a->n_dates; i++) {
		const marsad_date *x = &a->dates[i];
		if (marsad_varint_put(out, marsad_zigzag((int64_t)x->start -
							 (int64_t)prev)) < 0 ||
		    marsad_varint_put(out, x->end - x->start) < 0 ||
		    put_str(out, x->value, strlen(x->value)) < 0 ||
		    marsad_varint_put(out, (uint64_t)x->granularity) < 0 ||
		    marsad_varint_put(out, x->flags) < 0)
			err = MARSAD_ENOMEM;
		prev = x->start;
	}
	if (err == 0) {
		quote_order(a, order);
		err = marsad_varint_put(out, nq);
	}
	/* the article as persist.c reads it: the quotations in its order */
	marsad_article view = *a;
	marsad_quote *sorted = malloc((nq ? nq : 1) * sizeof *sorted);
	if (!sorted)
		err = MARSAD_ENOMEM;
	for (size_t k = 0; err == 0 && k < nq; k++)
		sorted[k] = a->quotes[order[k]];
	view.quotes = sorted;
	prev = 0;
	for (size_t k = 0; err == 0 && k < nq; k++) {
		const marsad_quote *q = &sorted[k];
		/* what the store keeps of the speaker: its spelling, and the
		 * entity of the mention it links it to */
		int64_t speaker = 0;
		char *name = NULL;
		if (marsad_article_span_ok(a, q->speaker_start,
					   q->speaker_end)) {
			size_t at = marsad_article_speaker_mention(a, q);
			speaker = at < nm ? entity[at] : 0;
			name = strndup(d->text + q->speaker_start,
				       q->speaker_end - q->speaker_start);
			if (!name) {
				err = MARSAD_ENOMEM;
				break;
			}
		}
		size_t m = sm_speaker_mention(&view, k, entity, speaker, name);
		free(name);
		if (marsad_varint_put(out, marsad_zigzag((int64_t)q->start -
							 (int64_t)prev)) < 0 ||
		    marsad_varint_put(out, q->end - q->start) < 0 ||
		    put_str(out, q->verb, strlen(q->verb)) < 0 ||
		    marsad_varint_put(out, q->direct != 0) < 0 ||
		    marsad_varint_put(out, m < nm ? m + 1 : 0) < 0)
			err = MARSAD_ENOMEM;
		prev = q->start;
	}
	free(sorted);
	free(order);
	free(entity);
	return err;
}

/* ---- reading ------------------------------------------------------------- */

void sm_rows_clear(sm_rows *r)
{
	free(r->sent);
	free(r->ment);
	free(r->canon);
	free(r->entity_of);
	free(r->name_at);
	free(r->date);
	free(r->quote);
	marsad_buf_clear(&r->names);
	memset(r, 0, sizeof *r);
}

int sm_fit(void *arr, size_t *cap, size_t n, size_t size)
{
	if (n <= *cap)
		return 0;
	size_t c = *cap ? *cap : 64;
	while (c < n)
		c *= 2;
	void *p = realloc(*(void **)arr, c * size);
	if (!p)
		return MARSAD_ENOMEM;
	*(void **)arr = p;
	*cap = c;
	return 0;
}

/* A span read as a step from prev and a length: bad unless inside the
 * text. */
static int get_span(marsad_varint_reader *rd, size_t prev, int zigzag,
		    size_t text_len, size_t *start, size_t *end)
{
	uint64_t step = marsad_varint_get(rd), len = marsad_varint_get(rd);
	int64_t s = zigzag ? (step > 2ULL * UINT32_MAX
				      ? -1
				      : (int64_t)prev + marsad_unzigzag(step))
			   : (step > text_len ? -1 : (int64_t)(prev + step));
	if (rd->bad || s < 0 || (uint64_t)s > text_len ||
	    len > text_len - (uint64_t)s) {
		rd->bad = 1;
		return 0;
	}
	*start = (size_t)s;
	*end = (size_t)s + (size_t)len;
	return 1;
}

/* A string of at most cap − 1 bytes into field (NUL-ended). */
static void get_field(marsad_varint_reader *rd, char *field, size_t cap)
{
	uint64_t len = marsad_varint_get(rd);
	memset(field, 0, cap);
	if (rd->bad || len >= cap || len > (uint64_t)(rd->end - rd->p)) {
		rd->bad = 1;
		return;
	}
	memcpy(field, rd->p, (size_t)len);
	rd->p += len;
}

static int get_mentions(marsad_varint_reader *rd, size_t text_len,
			sm_rows *r, size_t **entity_of, size_t *n_out)
{
	size_t n = marsad_varint_count(rd, 3);
	if (sm_fit(&r->ment, &r->cap_ment, n, sizeof *r->ment) ||
	    sm_fit(&r->canon, &r->cap_canon, n, sizeof *r->canon))
		return MARSAD_ENOMEM;
	size_t prev = 0;
	for (size_t i = 0; i < n && !rd->bad; i++) {
		marsad_mention *m = &r->ment[i];
		uint64_t type;
		if (!get_span(rd, prev, 1, text_len, &m->start, &m->end))
			break;
		type = marsad_varint_get(rd);
		if (type < MARSAD_ENT_PER || type > MARSAD_ENT_ORG)
			rd->bad = 1;
		m->type = (marsad_entity_type)type;
		m->confidence = 1;
		prev = m->start;
	}
	size_t names = marsad_varint_count(rd, 1);
	marsad_buf_reset(&r->names);
	if (sm_fit(&r->name_at, &r->cap_name_at, names, sizeof *r->name_at))
		return MARSAD_ENOMEM;
	for (size_t k = 0; k < names && !rd->bad; k++) {
		uint64_t len = marsad_varint_get(rd);
		if (rd->bad || len > (uint64_t)(rd->end - rd->p)) {
			rd->bad = 1;
			break;
		}
		r->name_at[k] = r->names.len;
		if (marsad_buf_append(&r->names, rd->p, (size_t)len) < 0 ||
		    marsad_buf_putc(&r->names, 0) < 0)
			return MARSAD_ENOMEM;
		rd->p += len;
	}
	/* the names are all read: their numbers become pointers */
	for (size_t i = 0; i < n && !rd->bad; i++) {
		uint64_t k = names ? marsad_varint_get(rd) : 0;
		if (names && k >= names)
			rd->bad = 1;
		r->canon[i] = names && !rd->bad
				      ? r->names.data + r->name_at[k]
				      : NULL;
	}
	/* an entity is made by one of its mentions: fewer than n */
	int carried = marsad_varint_get(rd) != 0;
	if (carried &&
	    sm_fit(&r->entity_of, &r->cap_entity_of, n, sizeof *r->entity_of))
		return MARSAD_ENOMEM;
	for (size_t i = 0; carried && i < n && !rd->bad; i++) {
		uint64_t e = marsad_varint_get(rd);
		if (e > n)
			rd->bad = 1;
		r->entity_of[i] = e ? (size_t)e - 1 : MARSAD_ENTITY_NONE;
	}
	*entity_of = carried ? r->entity_of : NULL;
	*n_out = n;
	return 0;
}

int sm_rows_decode(const void *p, size_t len, const marsad_doc *d,
		   uint64_t hash, sm_rows *r, marsad_article *a)
{
	marsad_varint_reader rd;
	if (!sm_words_rows(p, len, &rd) || rd.end - rd.p < 8)
		return MARSAD_EINVAL;
	uint64_t made = marsad_load_le64(rd.p);
	rd.p += 8;
	if (made != hash)
		return MARSAD_EINVAL;
	size_t text_len = d->text_len, n, prev = 0;
	int err = 0;

	n = marsad_varint_count(&rd, 2);
	if (sm_fit(&r->sent, &r->cap_sent, n, sizeof *r->sent))
		return MARSAD_ENOMEM;
	for (size_t i = 0; i < n && !rd.bad; i++) {
		if (get_span(&rd, prev, 0, text_len, &r->sent[i].start,
			     &r->sent[i].end))
			prev = r->sent[i].end;
	}
	a->sentences = r->sent;
	a->n_sentences = n;

	if ((err = get_mentions(&rd, text_len, r, &a->entity_of, &n)))
		return err;
	a->mentions = r->ment;
	a->canonical = r->canon;
	a->n_mentions = n;

	n = marsad_varint_count(&rd, 6);
	if (sm_fit(&r->date, &r->cap_date, n, sizeof *r->date))
		return MARSAD_ENOMEM;
	prev = 0;
	for (size_t i = 0; i < n && !rd.bad; i++) {
		marsad_date *x = &r->date[i];
		if (!get_span(&rd, prev, 1, text_len, &x->start, &x->end))
			break;
		get_field(&rd, x->value, sizeof x->value);
		x->granularity = (marsad_date_granularity)marsad_varint_get(&rd);
		x->flags = (unsigned)marsad_varint_get(&rd);
		prev = x->start;
	}
	a->dates = r->date;
	a->n_dates = n;

	n = marsad_varint_count(&rd, 6);
	if (sm_fit(&r->quote, &r->cap_quote, n, sizeof *r->quote))
		return MARSAD_ENOMEM;
	prev = 0;
	for (size_t i = 0; i < n && !rd.bad; i++) {
		marsad_quote *q = &r->quote[i];
		memset(q, 0, sizeof *q);
		if (!get_span(&rd, prev, 1, text_len, &q->start, &q->end))
			break;
		get_field(&rd, q->verb, sizeof q->verb);
		q->direct = marsad_varint_get(&rd) != 0;
		uint64_t m = marsad_varint_get(&rd);
		if (m > a->n_mentions)
			rd.bad = 1;
		else if (m) {
			const marsad_mention *s = &a->mentions[m - 1];
			q->speaker_start = s->start;
			q->speaker_end = s->end;
			q->speaker_type = (int)s->type;
		}
		prev = q->start;
	}
	a->quotes = r->quote;
	a->n_quotes = n;
	return rd.bad || rd.p != rd.end ? MARSAD_EINVAL : 0;
}
