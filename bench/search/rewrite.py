#!/usr/bin/env python3
"""Rewrites search queries the way people type them, deterministically
(fixed seed): diacritics added, hamza seats dropped or changed, ta marbuta
and alef maqsura written as their look-alikes, clitics attached or
detached, digits in Arabic-Indic form. Reads and writes the query lines of
`marsad eval search --dump-queries` (url<TAB>date<TAB>text); prints on
stderr how many words were changed.

usage: rewrite.py [--seed N] < queries.tsv > typed.tsv
"""
import random
import sys

HARAKAT = ["\u064E", "\u064F", "\u0650", "\u0652"]  # fatha damma kasra sukun
SHADDA = "\u0651"
HAMZA = {"أ": "ا", "إ": "ا", "آ": "ا", "ؤ": "و", "ئ": "ى"}
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def is_arabic_word(w):
    return len(w) >= 2 and all("\u0621" <= c <= "\u064A" for c in w)


def rewrite_word(w, rnd):
    if not is_arabic_word(w):
        return w.translate(ARABIC_INDIC)
    out = w
    r = rnd.random()
    # hamza: dropped to the bare seat, or moved to another seat
    if any(c in HAMZA for c in out) and rnd.random() < 0.5:
        if rnd.random() < 0.7:
            out = "".join(HAMZA.get(c, c) for c in out)
        else:
            out = out.replace("ا", "أ", 1) if "ا" in out else out
    # ta marbuta as ha, alef maqsura as ya (and back)
    if out.endswith("ة") and rnd.random() < 0.5:
        out = out[:-1] + "ه"
    if out.endswith("ى") and rnd.random() < 0.5:
        out = out[:-1] + "ي"
    elif out.endswith("ي") and rnd.random() < 0.2:
        out = out[:-1] + "ى"
    # clitics: the conjunction wa attached or detached, bi/li on al-
    if r < 0.15 and out.startswith("ال"):
        c = rnd.choice("وبل")
        out = "لل" + out[2:] if c == "ل" else c + out  # ل + ال is written لل
    elif r < 0.25 and out.startswith("وال") and len(out) > 4:
        out = out[1:]
    elif r < 0.3 and out.startswith("بال") and len(out) > 4:
        out = out[1:]
    # diacritics on some letters
    if rnd.random() < 0.5:
        chars = []
        for c in out:
            chars.append(c)
            if c != "ا" and rnd.random() < 0.4:
                chars.append(SHADDA + rnd.choice(HARAKAT[:3]) if rnd.random() < 0.1
                             else rnd.choice(HARAKAT))
        out = "".join(chars)
    return out


def main():
    seed = 20150723
    if len(sys.argv) == 3 and sys.argv[1] == "--seed":
        seed = int(sys.argv[2])
    rnd = random.Random(seed)
    changed = total = 0
    for line in sys.stdin:
        url, date, text = line.rstrip("\n").split("\t", 2)
        words = text.split(" ")
        typed = [rewrite_word(w, rnd) for w in words]
        total += len(words)
        changed += sum(a != b for a, b in zip(words, typed))
        print("\t".join([url, date, " ".join(typed)]))
    print(f"rewrite: {changed} of {total} words changed", file=sys.stderr)


if __name__ == "__main__":
    main()
