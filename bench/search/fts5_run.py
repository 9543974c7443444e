#!/usr/bin/env python3
"""Peer: SQLite FTS5 with its unicode61 tokenizer (remove_diacritics 2),
BM25 (FTS5's bm25(), title and body weighted alike), each space-separated
query word a quoted string (FTS5 tokenizes it), joined by OR. Indexes
corpus.tsv on disk, searches each query, writes the
ranked urls as query-url<TAB>rank<TAB>url, and prints one JSON line of
timings.

usage: fts5_run.py CORPUS.tsv DB QUERIES.tsv RUN.tsv [QUERIES.tsv RUN.tsv...]
(timings are those of the first query set)
"""
import os
import re
import sqlite3
import sys
import time

from peer import DEPTH, report, run_queries


def main():
    corpus, dbpath = sys.argv[1:3]
    pairs = list(zip(sys.argv[3::2], sys.argv[4::2]))
    if os.path.exists(dbpath):
        os.remove(dbpath)
    db = sqlite3.connect(dbpath)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(url UNINDEXED, title, body,"
               " tokenize = 'unicode61 remove_diacritics 2')")
    t0 = time.perf_counter()
    with open(corpus, encoding="utf-8") as f:
        rows = (l.rstrip("\n").split("\t") for l in f)
        db.executemany("INSERT INTO t(url, title, body) VALUES(?, ?, ?)",
                       ((r[0], r[2], r[3]) for r in rows if len(r) == 4))
    db.commit()
    index_s = time.perf_counter() - t0

    def search(text):
        words = re.findall(r"[^\s\"]+", text)
        expr = " OR ".join('"%s"' % w for w in words)
        return [u for (u,) in db.execute(
            "SELECT url FROM t WHERE t MATCH ? ORDER BY rank LIMIT ?",
            (expr, DEPTH))] if expr else []

    report("fts5", index_s, run_queries(pairs, search))


if __name__ == "__main__":
    main()
