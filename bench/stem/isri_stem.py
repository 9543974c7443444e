#!/usr/bin/env python3
"""NLTK's ISRI Arabic stemmer as a filter: each input line is a word, each
output line "word<TAB>stem". A peer for bench/stem/run.sh."""
import sys

from nltk.stem.isri import ISRIStemmer

stemmer = ISRIStemmer()
for line in sys.stdin:
    word = line.rstrip("\r\n")
    print(f"{word}\t{stemmer.stem(word)}")
