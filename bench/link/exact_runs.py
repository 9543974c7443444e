"""bench/link/exact_runs.py — recall of marsad's copied passages against
pairs of articles that share a long exact run of words.

usage: exact_runs.py COPIES.tsv SAMPLE_OUT.tsv MIN_WORDS FILE.jsonl.gz...

COPIES.tsv is `marsad eval stories --copies` output (from-url, to-url,
similarity, whole, credit, from-text, to-text). Reference pairs: two
articles of different urls whose texts share MIN_WORDS consecutive words
after a light normalization (diacritics and tatweel removed, alef, yeh and
teh marbuta forms folded, punctuation dropped), found by hashing every run
of MIN_WORDS words. Prints the recall of marsad's pairs on them, how often
the Saudi Press Agency (source "was") is the reported source of the pairs
it takes part in, and writes 50 reported copies (a fixed-seed sample) for
a hand check.
"""
import collections
import gzip
import json
import random
import re
import sys

DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")
FOLD = str.maketrans({"\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627",
                      "\u0671": "\u0627", "\u0649": "\u064a", "\u0629": "\u0647"})
WORD = re.compile(r"\w+")


def words(text):
    return WORD.findall(DIACRITICS.sub("", text).translate(FOLD))


def main():
    copies, sample_out, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
    source, runs = {}, collections.defaultdict(set)
    for path in sys.argv[4:]:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                url = r["url"]
                if url in source:
                    continue  # a repeated url counts once
                source[url] = r.get("source", "")
                w = words((r.get("content") or r.get("text") or ""))
                for i in range(0, max(0, len(w) - k + 1)):
                    runs[hash(tuple(w[i:i + k]))].add(url)
    ref = set()
    for urls in runs.values():
        if 1 < len(urls) <= 50:  # more: boilerplate shared by a site
            u = sorted(urls)
            for i in range(len(u)):
                for j in range(i + 1, len(u)):
                    ref.add((u[i], u[j]))
    found, rows, was_pairs, was_first = set(), [], 0, 0
    with open(copies, encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            rows.append(p)
            found.add(tuple(sorted(p[:2])))
    for a, b in found:
        if (source.get(a) == "was") != (source.get(b) == "was"):
            was_pairs += 1
    for p in rows:
        pass
    first = {}
    for p in rows:
        first.setdefault(tuple(sorted(p[:2])), p[0])
    was_first = sum(1 for pair, frm in first.items()
                    if (source.get(pair[0]) == "was") != (source.get(pair[1]) == "was")
                    and source.get(frm) == "was")
    hit = len(ref & found)
    print(f"reference pairs sharing >= {k} consecutive words: {len(ref)}")
    print(f"found by marsad: {hit} (recall {hit / max(1, len(ref)):.4f}); "
          f"marsad pairs in all: {len(found)}")
    print(f"pairs between the Saudi Press Agency (was) and another outlet: "
          f"{was_pairs}; agency reported as the source: {was_first} "
          f"({was_first / max(1, was_pairs):.4f})")
    random.seed(8)
    with open(sample_out, "w", encoding="utf-8") as f:
        f.write("# from-url\tto-url\tsimilarity\twhole\tcredit\tfrom-text\tto-text\n")
        for p in random.sample(rows, min(50, len(rows))):
            f.write("\t".join(p) + "\n")


main()
