#!/usr/bin/env python3
"""Builds data/ner_namelike.txt: how much a word's letters look like a
person's name rather than an ordinary word, letter by letter.

    tools/make_namelike.py > data/ner_namelike.txt     (from the project)

Two letter models of order 4 (each letter predicted from the three before
it, the word padded with "^^^" before and "$" after) are counted over
word types:

  names  the person-name tokens of data/names_people.txt (Wikidata, CC0);
  words  the word forms of data/ner_clusters.txt (the 100,000 most frequent
         of SaudiNewsNet and ANT) that are neither in names_people.txt nor
         typed PER in its third column.

Both files hold marsad_normalize() forms, so the grams are in the form the
tagger sees. With add-k smoothing (k = 0.1 over an alphabet of V = 40)
the log-ratio a letter contributes is

    log (n(g) + k) / (n(c) + kV)  -  log (w(g) + k) / (w(c) + kV)

for the gram g (four letters) after its context c (its first three), n
counting in names and w in words. Each gram seen in either list gets a
line "GRAM<TAB>WEIGHT"; each context a line "CONTEXT<TAB>WEIGHT" with the
value of a gram never seen after it (n(g) = w(g) = 0). Weights are in
tenths of a nat, rounded. The tagger (src/lib/extract/ner_feat.c) sums a
word's weights and gives the sum, binned, as a feature: a transliterated
name never seen anywhere (دويسنبرج، كاكبيرن) still scores as one.
The same input files always give the same output.
"""
import collections
import math
import os

ORDER = 4
K = 0.1
V = 40


def entries(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield line.split("\t")


def grams(word):
    s = "^" * (ORDER - 1) + word + "$"
    return [s[i:i + ORDER] for i in range(len(s) - ORDER + 1)]


def count(words):
    c = collections.Counter()
    for w in words:
        for g in grams(w):
            c[g] += 1
            c[g[:-1]] += 1  # the context, ORDER - 1 letters
    return c


def main():
    data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                        "data")
    names = [e[0] for e in entries(os.path.join(data, "names_people.txt"))]
    name_set = set(names)
    words = [e[0] for e in entries(os.path.join(data, "ner_clusters.txt"))
             if e[0] not in name_set and not (len(e) > 2 and e[2] == "PER")]
    n, w = count(names), count(words)

    def weight(g_n, g_w, c):
        return (math.log((g_n + K) / (n[c] + K * V)) -
                math.log((g_w + K) / (w[c] + K * V)))

    print("# ner_namelike.txt — letter 4-gram log-ratios, person names "
          "against ordinary words,")
    print("# in tenths of a nat: GRAM<TAB>WEIGHT (four letters, ^ and $ "
          "pad the word) and")
    print("# CONTEXT<TAB>WEIGHT (three letters: a gram never seen after "
          "it). Made by")
    print("# tools/make_namelike.py from names_people.txt (%d names) and "
          "ner_clusters.txt" % len(names))
    print("# (%d words); do not edit by hand." % len(words))
    for g in sorted(set(n) | set(w)):
        if len(g) == ORDER:
            x = weight(n[g], w[g], g[:-1])
        else:
            x = weight(0, 0, g)
        print("%s\t%d" % (g, round(10 * x)))


if __name__ == "__main__":
    main()
