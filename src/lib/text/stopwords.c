/*
 * stopwords.c — the table of normalized function words (data/stopwords.txt)
 * and of titles that announce a name, built once on first use.
 *
 * Entries are normalized on load with the analyzer's own fold, so the list
 * may be written in any spelling (أن, إن, ان all become ان). The table is
 * a word set (text_internal.h) in static storage: a lookup costs one hash
 * of the word and, almost always, one comparison; no allocation.
 */
#include <pthread.h>
#include <string.h>

#include "internal.h"
#include "marsad/text.h"
#include "text_internal.h"

MARSAD_DATA(stopwords);

/*
 * Words after which the next word is likely a name: the stemmer then only
 * strips clitics from it (MARSAD_STEM_NAME_CONTEXT). Written normalized.
 */
static const char *const titles[] = {
	"الرئيس", "رئيس", "الملك", "الامير", "الاميره", "الملكه", "الشيخ",
	"الشيخه", "الوزير", "وزير", "الوزيره", "وزيره", "السيد", "السيده",
	"الدكتور", "الدكتوره", "المستشار", "المستشاره", "السفير", "السفيره",
	"الجنرال", "المشير", "الفريق", "اللواء", "العميد", "العقيد",
	"الرائد", "النقيب", "الاميرال", "البابا", "الامام", "القاضي",
	"النائب", "النائبه", "السيناتور", "الاستاذ", "الاستاذه", "المهندس",
	"الزعيم", "المرشد", "الحاخام", "الكاردينال", "المطران", "المتحدث",
	"نظيره", "نظيرته",
};

#define SLOTS 4096       /* power of two, > 2 × entries */
#define POOL (64 * 1024) /* bytes of normalized entries */

static text_wordset set;
static text_wordset_slot slots[SLOTS];
static char pool[POOL];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Normalizes one entry and tags it. An entry that is not a single word
 * once normalized, or that does not fit, is left out. */
static int add(void *ctx, const char *line, size_t n)
{
	unsigned tags = *(const unsigned *)ctx;
	char w[256];
	size_t len = marsad_text_fold_entry(line, n, 0, w, sizeof w - 1);
	if (len)
		marsad_text_wordset_add(&set, w, len, text_hash(w, len), tags);
	return 0;
}

static void load(void)
{
	marsad_text_wordset_init(&set, slots, SLOTS, NULL, 0, pool, POOL);
	unsigned tags = TEXT_WORD_STOP;
	marsad_lexicon_each(marsad_data_stopwords, marsad_data_stopwords_len,
			    add, &tags);
	tags = TEXT_WORD_TITLE;
	for (size_t i = 0; i < sizeof titles / sizeof *titles; i++)
		add(&tags, titles[i], strlen(titles[i]));
}

const text_wordset *marsad_text_words(void)
{
	pthread_once(&once, load);
	return &set;
}

int marsad_is_stopword(const char *w, size_t len)
{
	return (text_wordset_tags(marsad_text_words(), w, len,
				  text_hash(w, len)) &
		TEXT_WORD_STOP) != 0;
}
