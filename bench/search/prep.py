#!/usr/bin/env python3
"""Flattens the SaudiNewsNet JSON Lines files into corpus.tsv for the peers:
url<TAB>date<TAB>title<TAB>content per article, tabs and line breaks turned
into spaces, in file order. Prints the raw text size (bytes of title and
content) on stdout.

usage: prep.py OUT.tsv FILE.jsonl.gz...
"""
import gzip
import json
import sys


def flat(s):
    return (s or "").replace("\t", " ").replace("\r", " ").replace("\n", " ")


def main():
    out, files = sys.argv[1], sys.argv[2:]
    raw = 0
    with open(out, "w", encoding="utf-8") as f:
        for path in files:
            with gzip.open(path, "rt", encoding="utf-8") as g:
                for line in g:
                    try:
                        d = json.loads(line)
                    except ValueError:
                        continue
                    title, text = d.get("title") or "", d.get("content") or ""
                    raw += len(title.encode()) + len(text.encode())
                    f.write("\t".join([flat(d.get("url")), flat(d.get("date")),
                                       flat(title), flat(text)]) + "\n")
    print(raw)


if __name__ == "__main__":
    main()
