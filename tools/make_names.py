#!/usr/bin/env python3
"""Builds data/names_people.txt: Arabic spellings of person-name tokens.

Source: the Wikidata person-name transliteration pairs of
steveash/NETransliteration-COLING2018 (CC0 1.0), as stored under
$MARSAD_SHARED/eval/names/wikidata/ (wd_arabic_80 and wd_arabic_20:
"english<TAB>arabic letters separated by spaces<TAB>count"). A spelling is
a candidate when it is one word of Arabic letters, four letters or more.

Many of those spellings are also ordinary Arabic words (امير, عمليه, مدينه,
كانت). A candidate is left out when:

1. it is a function word of data/stopwords.txt; or
2. running news text uses it as an ordinary word. Person names almost never
   take the article ال (U+0627 U+0644) or a possessive or object pronoun,
   nouns and adjectives constantly do. Over the article text of
   SaudiNewsNet ($MARSAD_SHARED/eval/saudinewsnet/, 31,030 Saudi news
   articles of July-August 2015, no test set of the project) the candidate
   w, taken as the stemmer looks it up (a written article removed when
   three letters or more remain), is counted
     bare    as the token w;
     marked  with the article: ال w, وال w, بال w, فال w, كال w, لل w;
             with a pronoun: w ها, w هم, w هما, w كم; a w ending in
             ه (U+0647, the folded ة U+0629) is counted before a pronoun as
             ته تها تهم تهما تكم تنا (ة is written ت there), and also as
             the stem of the pronoun ـه "his": w minus ه, plus ها or هم
             (عليه beside عليها);
             with the plural or dual of a feminine noun: a w ending in ه
             also as ات تان تين in place of ه (عمليه, عمليات).
   It is an ordinary word when marked >= 3 (enough to decide on) and
   marked > bare (the word takes the article or a pronoun more often than
   it stands alone).
   A spelling Wikidata writes with the article (الغامدي, الدوسري) is a
   family name that is never used without it, so counting the article
   cannot judge it; such a spelling is an ordinary word only when, besides
   the rule above, it is also seen bare at least once for every 20 marked
   uses (an ordinary noun or adjective also appears indefinite: عالم beside
   العالم, مصري beside المصري).
3. it reads as a clitic before another spelling: w is و, ب or ل (U+0648
   U+0628 U+0644, the clitics the stemmer removes) followed by a Wikidata
   spelling x, w is seen in the corpus, and x is seen at least 50 times as
   often (بوزير is ب + وزير, بسعود is ب + سعود). Left in the lexicon, such a
   spelling would keep the stemmer from removing the clitic.
4. it ends in ه (the folded ة, U+0629), is seen at least 100 times in the
   corpus and less than once in a hundred uses in a person-name context:
   right after a title of persons (الرئيس, الأميرة, السيدة, ...; the
   TITLES list below) or a kinship word of Arabic names (بن, ابن, بنت, أبو,
   أم), or right before بن, ابن or بنت. ة ends nouns and adjectives far
   more often than names, and those feminine nouns stand bare in the
   construct state (زيادة الأسعار), where the counts of rule 2 cannot see
   them; a female name (فاطمة, سارة) or a name like أسامة, حمزة is met
   after a title or in a pedigree.

The corpus only decides what is left out: the output holds nothing but
Wikidata spellings. Tokens are the maximal runs of Arabic letters after the
fold below; each article is counted once (by URL). The result is
deterministic. Output is sorted, one normalized word per line.

usage: make_names.py [SHARED_DIR] > data/names_people.txt
"""
import collections
import glob
import gzip
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
    "MARSAD_SHARED", os.path.join(HERE, "../../shared"))

# The analyzer's letter folds (src/lib/text/normalize.c), enough for these
# lists: the library normalizes every entry again when it loads it.
MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u200c-\u200f\ufeff]")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي",
                      "ة": "ه", "ؤ": "و", "ئ": "ي", "ی": "ي", "ک": "ك"})
LETTER_CLASS = "[\u0621-\u064a\u067e\u0686\u06a4\u06af\u0698]"
LETTERS = re.compile("^" + LETTER_CLASS + "+$")
WORDS = re.compile(LETTER_CLASS + "+")


def norm(s):
    return MARKS.sub("", s).translate(FOLD)


ARTICLE = "ال"
# The article alone and after و ف ب ك; after ل it is written لل.
ARTICLES = ("ال", "وال", "فال", "بال", "كال")
PRONOUNS = ("ها", "هم", "هما", "كم")
# After ة (folded to ه), written ت: حكومته, حكومتنا.
TEH_PRONOUNS = ("ه", "ها", "هم", "هما", "كم", "نا")
# After ة, the feminine plural and dual: عمليات, عمليتان, عمليتين.
TEH_PLURALS = ("ات", "تان", "تين")
MIN_MARKED = 3
BARE_PER_MARKED = 20
CLITICS = ("و", "ب", "ل")
CLITIC_RATIO = 50
# Rule 4: words before a person's name, and the links of a pedigree.
TITLES = frozenset(map(norm, """
    الرئيس الرئيسة الأمير الأميرة الملك الملكة الشيخ الشيخة السيد السيدة
    الدكتور الدكتورة المهندس المهندسة الأستاذ الأستاذة الوزير الوزيرة
    الجنرال العقيد اللواء العميد المشير الإمام السلطان القاضي المحامي
    المحامية النائب النائبة السفير السفيرة المستشار المستشارة المتحدث
    المتحدثة الناطق الناطقة المدرب اللاعب اللاعبة الفنان الفنانة الكاتب
    الكاتبة الشاعر الشاعرة الممثل الممثلة المطرب المطربة المخرج المخرجة
    الإعلامي الإعلامية المواطن المواطنة الزميل الزميلة الراحل الراحلة
    الشهيد الشهيدة الطفل الطفلة الشاب الشابة المتهم المتهمة الداعية
    """.split()))
KIN_BEFORE = frozenset(map(norm, "بن ابن بنت أبو أبي أم".split()))
KIN_AFTER = frozenset(map(norm, "بن ابن بنت".split()))
CONTEXT_MIN = 100
CONTEXT_RATIO = 100


def lookup_form(w):
    """The word as the stemmer looks it up: without a written article when
    three letters or more remain (src/lib/text/stem.c, lex_add)."""
    return w[2:] if w.startswith(ARTICLE) and len(w) - 2 >= 3 else w


def wikidata_spellings():
    names = set()
    wd = os.path.join(SHARED, "eval/names/wikidata")
    for part in ("wd_arabic_80", "wd_arabic_20"):
        with open(os.path.join(wd, part), encoding="utf-8") as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                if len(p) < 2:
                    continue
                w = norm(p[1].replace(" ", ""))
                if len(w) >= 4 and LETTERS.match(w):
                    names.add(w)
    return names


def stopwords():
    path = os.path.join(HERE, "../data/stopwords.txt")
    with open(path, encoding="utf-8") as f:
        return {norm(line.strip()) for line in f
                if line.strip() and not line.startswith("#")}


def corpus_counts():
    """Token counts over the SaudiNewsNet article texts, and counts of the
    tokens met in a person-name context (rule 4)."""
    counts, in_context = collections.Counter(), collections.Counter()
    seen = set()
    for path in sorted(glob.glob(os.path.join(SHARED, "eval/saudinewsnet/*.jsonl.gz"))):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                if a["url"] in seen:
                    continue
                seen.add(a["url"])
                t = WORDS.findall(norm(a.get("content") or ""))
                counts.update(t)
                for i, w in enumerate(t):
                    if (i > 0 and (t[i - 1] in TITLES or t[i - 1] in KIN_BEFORE)
                            or i + 1 < len(t) and t[i + 1] in KIN_AFTER):
                        in_context[w] += 1
    if not counts:
        sys.exit("make_names.py: no SaudiNewsNet text under " + SHARED)
    return counts, in_context


def marked(c, w):
    """Uses of w with the article or a pronoun (see the module comment)."""
    n = sum(c[a + w] for a in ARTICLES)
    n += c["لل" + (w[1:] if w.startswith("ل") else w)]
    n += sum(c[w + p] for p in PRONOUNS)
    if w.endswith("ه"):
        n += sum(c[w[:-1] + "ت" + p] for p in TEH_PRONOUNS)
        n += c[w[:-1] + "ها"] + c[w[:-1] + "هم"]
        n += sum(c[w[:-1] + p] for p in TEH_PLURALS)
    return n


def ordinary(c, w):
    s = lookup_form(w)
    bare, m = c[s], marked(c, s)
    if m < MIN_MARKED or m <= bare:
        return False
    if s != w:
        return bare * BARE_PER_MARKED >= m
    return True


def seldom_a_name(c, in_context, w):
    s = lookup_form(w)
    return (s.endswith("ه") and c[s] >= CONTEXT_MIN
            and in_context[s] * CONTEXT_RATIO < c[s])


def with_clitic(c, spellings, w):
    x = w[1:]
    return (w[0] in CLITICS and x in spellings and c[w] > 0
            and c[x] >= CLITIC_RATIO * c[w])


def main():
    c, in_context = corpus_counts()
    stop = stopwords()
    spellings = wikidata_spellings()
    names = sorted(w for w in spellings
                   if w not in stop and lookup_form(w) not in stop
                   and not ordinary(c, w)
                   and not with_clitic(c, spellings, w)
                   and not seldom_a_name(c, in_context, w))
    print("# names_people.txt — Arabic spellings of person-name tokens, normalized.")
    print("# Source: Wikidata person names via steveash/NETransliteration-COLING2018,")
    print("# CC0 1.0. Spellings that are also ordinary words were left out using")
    print("# word statistics of SaudiNewsNet (CC BY-NC-SA 4.0); nothing of that")
    print("# corpus is copied. Generated by tools/make_names.py; do not edit by hand.")
    for w in names:
        print(w)


if __name__ == "__main__":
    main()
