/*
 * test_quote.c — quotations and speakers: every direct quotation of the
 * seed articles with its speaker (golden/quotes_seeds.tsv, the tagger's
 * own mentions), and small texts with hand-made mentions for each way a
 * speaker is named.
 */
#include "check.h"
#include "marsad/entity.h"
#include "marsad/quote.h"

/* ---- the seeds ------------------------------------------------------- */

/* The seed read last, with its quotations. */
static char seed_name[256];
static char *seed_text;
static size_t seed_len;
static marsad_quote *seed_q;
static size_t seed_n;

static void load_seed(const char *file)
{
	if (strcmp(file, seed_name) == 0)
		return;
	free(seed_text);
	free(seed_q);
	seed_q = NULL;
	seed_n = 0;
	snprintf(seed_name, sizeof seed_name, "%s", file);
	seed_text = read_seed(file, &seed_len);
	if (!seed_text)
		return;
	CHECK(marsad_quotes_extract(seed_text, seed_len, NULL, 0, &seed_q,
				    &seed_n) == 0);
	/* given the sentences and the tagger's mentions, the same quotes */
	marsad_span *sent = NULL;
	marsad_mention *m = NULL;
	marsad_quote *q = NULL;
	size_t n_sent = 0, n_m = 0, n = 0;
	CHECK(marsad_sentences(seed_text, seed_len, &sent, &n_sent) == 0);
	CHECK(marsad_ner_extract(seed_text, seed_len, &m, &n_m) == 0);
	marsad_analysis *words = NULL;
	CHECK(marsad_analysis_build(seed_text, seed_len, &words) == 0);
	CHECK(marsad_quotes_extract_split(seed_text, seed_len, words, sent,
					  n_sent, m, n_m, &q, &n) == 0);
	marsad_analysis_free(words);
	CHECK(n == seed_n && (!n || memcmp(q, seed_q, n * sizeof *q) == 0));
	free(sent);
	free(m);
	free(q);
}

static void seed_case(int line_no, const char *file, const char *rest)
{
	char words[1024];
	snprintf(words, sizeof words, "%s", rest);
	char *tab = strchr(words, '\t');
	if (!tab) {
		fprintf(stderr, "quotes_seeds.tsv:%d: no speaker\n", line_no);
		check_failed++;
		return;
	}
	*tab = 0;
	const char *speaker = tab + 1;
	load_seed(file);
	if (!seed_text) {
		check_failed++;
		return;
	}
	size_t wl = strlen(words);
	const marsad_quote *q = NULL;
	for (size_t i = 0; i < seed_n && !q; i++)
		if (seed_q[i].direct && seed_q[i].end - seed_q[i].start >= wl &&
		    memcmp(seed_text + seed_q[i].start, words, wl) == 0)
			q = &seed_q[i];
	if (!q) {
		fprintf(stderr, "quotes_seeds.tsv:%d: %s: no quotation “%s”\n",
			line_no, file, words);
		check_failed++;
		return;
	}
	const char *got = seed_text + q->speaker_start;
	size_t got_len = q->speaker_end - q->speaker_start;
	int ok = strcmp(speaker, "-") == 0
			 ? got_len == 0
			 : got_len > 0 && marsad_name_same(got, got_len, speaker,
							  strlen(speaker));
	if (!ok) {
		fprintf(stderr, "quotes_seeds.tsv:%d: “%s”: speaker [%.*s], want %s\n",
			line_no, words, (int)got_len, got, speaker);
		check_failed++;
	} else {
		check_passed++;
	}
	CHECK(q->verb[0] != 0);
}

/* ---- hand-made mentions --------------------------------------------- */

/* Mentions: the given names, found in text order in s. */
static size_t mentions_of(const char *s, const char *const *names,
			  const marsad_entity_type *types, marsad_mention *out)
{
	size_t n = 0, from = 0;
	for (size_t k = 0; names[k]; k++) {
		const char *p = strstr(s + from, names[k]);
		if (!p)
			continue;
		size_t at = (size_t)(p - s);
		out[n++] = (marsad_mention){at, at + strlen(names[k]), types[k], 1.0f};
		from = at + strlen(names[k]);
	}
	return n;
}

/* Extracts with the mentions and checks the first quotation whose text
 * starts with `quote`: its speaker's text, lemma and kind. */
static void check_one(const char *s, const char *const *names,
		      const marsad_entity_type *types, const char *quote,
		      const char *speaker, const char *verb, int direct)
{
	marsad_mention m[16];
	size_t nm = mentions_of(s, names, types, m);
	marsad_quote *q = NULL;
	size_t n = 0;
	CHECK(marsad_quotes_extract(s, strlen(s), m, nm, &q, &n) == 0);
	const marsad_quote *hit = NULL;
	for (size_t i = 0; i < n && !hit; i++)
		if (q[i].end - q[i].start >= strlen(quote) &&
		    memcmp(s + q[i].start, quote, strlen(quote)) == 0 &&
		    q[i].direct == direct)
			hit = &q[i];
	CHECK(hit != NULL);
	if (hit) {
		char got[256];
		snprintf(got, sizeof got, "%.*s",
			 (int)(hit->speaker_end - hit->speaker_start),
			 s + hit->speaker_start);
		CHECK_STR(got, speaker);
		CHECK_STR(hit->verb, verb);
	} else {
		fprintf(stderr, "no quotation “%s” in: %s\n", quote, s);
	}
	free(q);
}

static const marsad_entity_type PER1[] = {MARSAD_ENT_PER, MARSAD_ENT_PER,
					  MARSAD_ENT_PER};

static void test_hand_made(void)
{
	static const char *const lavrov[] = {"سيرغي لافروف", NULL};
	/* the named subject after the verb, then a chain: وأضاف → him */
	const char *t1 = "وقال سيرغي لافروف: “نحن مستعدون للحوار مع أي رئيس”. "
			 "وأضاف “لا نثق بالوعود الغربية بعد اليوم”.";
	check_one(t1, lavrov, PER1, "نحن مستعدون", "سيرغي لافروف", "قال", 1);
	check_one(t1, lavrov, PER1, "لا نثق", "سيرغي لافروف", "أضاف", 1);

	/* a title and a name; reported speech after أن */
	static const char *const ryab[] = {"سيرغي ريابكوف", NULL};
	const char *t2 = "وأكد نائب وزير الخارجية الروسي سيرغي ريابكوف أن المحادثات "
			 "كانت مفيدة.";
	check_one(t2, ryab, PER1, "المحادثات كانت مفيدة", "سيرغي ريابكوف", "أكد", 0);

	/* نقلت وكالة … عن X قوله */
	static const char *const putin[] = {"بوتين", NULL};
	const char *t3 = "ونقلت وكالة تاس عن بوتين قوله إن الحوار مستمر.";
	check_one(t3, putin, PER1, "الحوار مستمر", "بوتين", "نقل", 0);

	/* a title pointing back to the person with that title, not to the
	 * latest speaker */
	static const char *const two[] = {"سيرغي ريابكوف", "جون كيربي", NULL};
	const char *t4 = "وقال نائب وزير الخارجية الروسي سيرغي ريابكوف إن الحوار ممكن. "
			 "وقال المتحدث جون كيربي إن واشنطن تدرس الأمر. "
			 "وأضاف الدبلوماسي الروسي “لن نقبل بشروط مسبقة من أحد”.";
	check_one(t4, two, PER1, "لن نقبل", "سيرغي ريابكوف", "أضاف", 1);

	/* a coach's or a player's title points back the same way */
	static const char *const sport[] = {"جوزيه مورينيو", "محمد صلاح", NULL};
	const char *t17 = "وقال المدرب البرتغالي جوزيه مورينيو إن الفريق جاهز. "
			  "وقال اللاعب محمد صلاح إن الموسم صعب. "
			  "وأضاف المدرب أن التعاقدات انتهت.";
	check_one(t17, sport, PER1, "التعاقدات انتهت", "جوزيه مورينيو", "أضاف",
		  0);

	/* an honorific stands for the dignitary with that title: سموه for
	 * the prince, معاليه for the minister */
	static const char *const gulf[] = {"خالد الفيصل", "عادل الجبير", NULL};
	const char *t23 = "استقبل الأمير خالد الفيصل الوفد. "
			  "والتقى وزير الخارجية عادل الجبير بالسفير. "
			  "وقال سموه إن المنطقة تشهد تطورا. "
			  "وأكد معاليه أن العلاقات متينة.";
	check_one(t23, gulf, PER1, "المنطقة تشهد", "خالد الفيصل", "قال", 0);
	check_one(t23, gulf, PER1, "العلاقات متينة", "عادل الجبير", "أكد", 0);

	/* a spokesman no person of the text answers to speaks for the body
	 * after باسم or بلسان "on behalf of" */
	static const char *const idf[] = {"الجيش الإسرائيلي", NULL};
	static const marsad_entity_type ORG_1[] = {MARSAD_ENT_ORG};
	const char *t25 = "قال متحدث باسم الرئاسة التركية إن الزيارة تمت. "
			  "وأعلن ناطق بلسان الجيش الإسرائيلي أن القصف توقف.";
	check_one(t25, idf, ORG_1, "الزيارة تمت", "الرئاسة التركية", "قال", 0);
	check_one(t25, idf, ORG_1, "القصف توقف", "الجيش الإسرائيلي", "أعلن",
		  0);

	/* an anonymous source: no speaker */
	const char *t5 = "وقال مصدر مطلع “الاتفاق بات قريبا جدا من التوقيع”.";
	check_one(t5, lavrov, PER1, "الاتفاق بات", "", "قال", 1);

	/* «…», and a quotation left open to the end of its line */
	const char *t6 = "قال سيرغي لافروف «العلاقات في أدنى مستوياتها» ثم قال "
			 "\"سنرد على أي خطوة عدائية\nسطر آخر.";
	check_one(t6, lavrov, PER1, "العلاقات في أدنى", "سيرغي لافروف", "قال", 1);
	check_one(t6, lavrov, PER1, "سنرد على أي خطوة عدائية", "سيرغي لافروف",
		  "قال", 1);

	/* a post-posed verb: “…”، قال X */
	const char *t7 = "“سنواصل العمل مع شركائنا في المنطقة”، قال سيرغي لافروف.";
	check_one(t7, lavrov, PER1, "سنواصل العمل", "سيرغي لافروف", "قال", 1);

	/* the name before the verb */
	static const char *const gut[] = {"أنطونيو غوتيريش", NULL};
	const char *t8 = "أنطونيو غوتيريش، أوضح أن الأمم المتحدة “ليست طرفا” في ذلك.";
	check_one(t8, gut, PER1, "ليست طرفا", "أنطونيو غوتيريش", "أوضح", 1);

	/* a head word with the article alone points back to the body it
	 * heads: the ministry named before, not the word */
	static const char *const ministry[] = {"وزارة الخارجية الروسية", NULL};
	static const marsad_entity_type ORG1[] = {MARSAD_ENT_ORG};
	const char *t10 = "أصدرت وزارة الخارجية الروسية بيانا أمس. "
			  "وقالت الوزارة إن الزيارة أرجئت إلى موعد لاحق.";
	check_one(t10, ministry, ORG1, "الزيارة أرجئت", "وزارة الخارجية الروسية",
		  "قال", 0);

	/* a ministry is no named entity: the head word points back to the
	 * words that name it; an institution's name ends before a time word */
	static const char *const none[] = {NULL};
	const char *t12 = "أعلنت وزارة الصحة عن إصابات جديدة. "
			  "وقالت الوزارة إن الوضع تحت السيطرة. "
			  "وقالت الخارجية الروسية اليوم الأحد إن الزيارة ألغيت.";
	check_one(t12, none, ORG1, "الوضع تحت", "وزارة الصحة", "قال", 0);
	check_one(t12, none, ORG1, "الزيارة ألغيت", "الخارجية الروسية", "قال",
		  0);

	/* a body's head word without the article right after the verb opens
	 * the speaker's name (ministries and authorities are no named
	 * entities): the words that complete it, those joined with و, its
	 * nisba adjectives; a head word with the article that completes it
	 * alone (إدارة الشركة) is the body the article named; a preposition
	 * written onto the head word makes it the addressee */
	const char *t20 = "قالت وزارة الداخلية البحرينية إن الخلية ضبطت. "
			  "وقالت إدارة الغذاء والدواء الأميركية إن الدواء آمن. "
			  "وقالت هيئة تنظيم الكهرباء إن التعرفة منخفضة.";
	check_one(t20, none, ORG1, "الخلية ضبطت", "وزارة الداخلية البحرينية",
		  "قال", 0);
	check_one(t20, none, ORG1, "الدواء آمن", "إدارة الغذاء والدواء الأميركية",
		  "قال", 0);
	check_one(t20, none, ORG1, "التعرفة منخفضة", "هيئة تنظيم الكهرباء",
		  "قال", 0);
	static const char *const sahara[] = {"شركة الصحراء", NULL};
	const char *t21 = "ربحت شركة الصحراء 36 مليون ريال. "
			  "وأشارت إدارة الشركة إلى أن الأرباح زادت.";
	check_one(t21, sahara, ORG1, "الأرباح زادت", "شركة الصحراء", "أشار", 0);
	const char *t22 = "وقال لوزارة الداخلية إن الخلية ضبطت.";
	check_one(t22, none, ORG1, "الخلية ضبطت", "", "قال", 0);
	/* a head word with the article that the article names no body by is
	 * one with its adjectives, unless they describe one named before: a
	 * kind of body's (الشركة) or a country's */
	const char *t24 = "وقال المركز الإعلامي إن الوضع هادئ. "
			  "وقالت الشركة الاستشارية إن النمو تباطأ. "
			  "وقال المكتب السوري إن المعبر مغلق.";
	check_one(t24, none, ORG1, "الوضع هادئ", "المركز الإعلامي", "قال", 0);
	check_one(t24, none, ORG1, "النمو تباطأ", "المركز الإعلامي", "قال", 0);
	check_one(t24, none, ORG1, "المعبر مغلق", "المركز الإعلامي", "قال", 0);

	/* a head word the tagger left untagged points back the same way;
	 * a clitic written in presentation forms (ﻟ) takes other bytes in the
	 * text than in the normalized word */
	static const char *const imf[] = {"صندوق النقد الدولي", NULL};
	const char *t18 = "وافق صندوق النقد الدولي على قرض جديد. "
			  "وقال الصندوق إن القرض يدعم الإصلاح.";
	check_one(t18, imf, ORG1, "القرض يدعم", "صندوق النقد الدولي", "قال", 0);
	const char *t19 = "وقال متحدث باسم ﻟﻮﺯﺍﺭﺓ ﺍﻟﺼﺤﺔ إن الوضع مستقر. "
			  "وقالت الوزارة إن الإصابات تراجعت.";
	check_one(t19, none, ORG1, "الإصابات تراجعت", "ﻮﺯﺍﺭﺓ ﺍﻟﺼﺤﺔ", "قال", 0);

	/* a body the words were said to or on is not the speaker */
	static const char *const channel[] = {"الشرق الأوسط", "قناة الإخبارية",
					      NULL};
	static const marsad_entity_type ORG2[] = {MARSAD_ENT_ORG, MARSAD_ENT_ORG};
	const char *t11 = "وقال لـ«الشرق الأوسط» إن المفاوضات مستمرة. "
			  "وأوضحت الطالبة على قناة الإخبارية أنها لم تسجل في "
			  "التخصص.";
	check_one(t11, channel, ORG2, "المفاوضات مستمرة", "", "قال", 0);
	check_one(t11, channel, ORG2, "لم تسجل", "", "أوضح", 0);
	static const char *const twitter[] = {"تويتر", NULL};
	const char *t13 = "وكتب في حسابه تويتر أن القرار نهائي.";
	check_one(t13, twitter, ORG1, "القرار نهائي", "", "كتب", 0);

	/* a family named with آل recurs as آل and its word, which alone is
	 * a title (الشيخ), not the name */
	static const char *const sheikh[] = {"عبدالله بن محمد آل الشيخ", NULL};
	const char *t14 = "وأكد معالي الشيخ عبدالله بن محمد آل الشيخ أن التوسعة "
			  "مهمة. وأشار آل الشيخ إلى أن التنافس كبير.";
	check_one(t14, sheikh, PER1, "التوسعة مهمة", "عبدالله بن محمد آل الشيخ",
		  "أكد", 0);
	check_one(t14, sheikh, PER1, "التنافس كبير", "آل الشيخ", "أشار", 0);

	/* the words are reported once: by the verb قائلاً goes with, or by
	 * the reporting verb nearest them */
	const char *t15 = "وأوضح سيرغي لافروف قائلاً: إن الحوار ممكن.";
	check_one(t15, lavrov, PER1, "الحوار ممكن", "سيرغي لافروف", "أوضح", 0);
	marsad_mention lm[1];
	size_t nlm = mentions_of(t15, lavrov, PER1, lm);
	marsad_quote *q = NULL;
	size_t n = 0;
	CHECK(marsad_quotes_extract(t15, strlen(t15), lm, nlm, &q, &n) == 0);
	CHECK(n == 1);
	free(q);
	const char *t16 = "وأكدت الوزارة خططها للعام المقبل حيث قال سيرغي لافروف: "
			  "إن النمو ممكن.";
	check_one(t16, lavrov, PER1, "النمو ممكن", "سيرغي لافروف", "قال", 0);

	/* a quoted name is not a quotation */
	const char *t9 = "أعلن “الكرملين” أمس موقفه.";
	marsad_mention kremlin = {strlen("أعلن “"),
				  strlen("أعلن “الكرملين"), MARSAD_ENT_ORG, 1.0f};
	CHECK(marsad_quotes_extract(t9, strlen(t9), &kremlin, 1, &q, &n) == 0);
	for (size_t i = 0; i < n; i++)
		CHECK(!q[i].direct);
	free(q);
}

static void test_edges(void)
{
	marsad_quote *q = (marsad_quote *)1;
	size_t n = 7;
	marsad_mention m = {0, 0, MARSAD_ENT_PER, 1.0f};
	CHECK(marsad_quotes_extract("", 0, &m, 0, &q, &n) == 0);
	CHECK(q == NULL && n == 0);
	CHECK(marsad_quotes_extract(NULL, 3, &m, 0, &q, &n) == MARSAD_EINVAL);
	CHECK(marsad_quotes_extract("x", 1, NULL, 2, &q, &n) == MARSAD_EINVAL);
	CHECK(marsad_quotes_extract("x", 1, &m, 0, NULL, &n) == MARSAD_EINVAL);
	CHECK(marsad_quotes_extract_split("x", 1, NULL, NULL, 1, &m, 0, &q,
					  &n) ==
	      MARSAD_EINVAL);
	CHECK(q == NULL && n == 0);
	/* no sentences is a text without any: quotes still come out */
	const char *said = "قال الوزير “هذا كلام مهم جدا للجميع”";
	CHECK(marsad_quotes_extract_split(said, strlen(said), NULL, NULL, 0, &m,
					  0, &q, &n) == 0);
	CHECK(n == 1 && q[0].direct);
	free(q);
	/* out-of-range mentions and broken text are tolerated */
	const char *bad = "قال \xff\xfe “\xd9 كلام ” “ “ « » \"\" ";
	marsad_mention wild[2] = {{5, 900, MARSAD_ENT_PER, 1.0f},
				  {3, 1, MARSAD_ENT_ORG, 1.0f}};
	CHECK(marsad_quotes_extract(bad, strlen(bad), wild, 2, &q, &n) == 0);
	for (size_t i = 0; i < n; i++) {
		CHECK(q[i].start <= q[i].end && q[i].end <= strlen(bad));
		CHECK(q[i].speaker_end <= strlen(bad));
	}
	free(q);
}

/* An anonymous source is no speaker, but the words that describe it are
 * the quotation's source, and "وأضاف أن" goes on with it, not with the
 * person named before. */
static void test_sources(void)
{
	static const char *const lavrov[] = {"سيرغي لافروف", NULL};
	static const marsad_entity_type PER[] = {MARSAD_ENT_PER};
	const char *s = "وقال سيرغي لافروف إن الحوار ممكن. "
			"وقال مصدر عسكري روسي إن القوات تقدمت. "
			"وأضاف أن المعارك مستمرة. "
			"وذكرت المصادر الأمنية في المدينة أن الحصار انتهى.";
	static const char *const said[] = {"الحوار ممكن", "القوات تقدمت",
					   "المعارك مستمرة", "الحصار انتهى"};
	static const char *const source[] = {"", "مصدر عسكري روسي",
					     "مصدر عسكري روسي",
					     "المصادر الأمنية"};
	marsad_mention m[2];
	size_t nm = mentions_of(s, lavrov, PER, m), n = 0;
	marsad_quote *q = NULL;
	CHECK(marsad_quotes_extract(s, strlen(s), m, nm, &q, &n) == 0);
	CHECK(n == 4);
	for (size_t i = 0; i < n && i < 4; i++) {
		size_t len = q[i].source_end - q[i].source_start;
		CHECK(q[i].end - q[i].start >= strlen(said[i]) &&
		      !memcmp(s + q[i].start, said[i], strlen(said[i])));
		CHECK(len == strlen(source[i]) &&
		      !memcmp(s + q[i].source_start, source[i], len));
		CHECK((q[i].speaker_end > q[i].speaker_start) == (i == 0));
	}
	free(q);
}

int main(void)
{
	CHECK(golden_each("golden/quotes_seeds.tsv", seed_case) >= 20);
	free(seed_text);
	free(seed_q);
	test_hand_made();
	test_sources();
	test_edges();
	CHECK_DONE();
}
