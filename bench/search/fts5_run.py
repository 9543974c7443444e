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
import json
import os
import re
import sqlite3
import sys
import time

DEPTH = 150


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
    lats = []
    for queries, run in pairs:
        lat = []
        lats.append(lat)
        with open(queries, encoding="utf-8") as f, open(run, "w", encoding="utf-8") as out:
            for line in f:
                url, _, text = line.rstrip("\n").split("\t", 2)
                words = re.findall(r"[^\s\"]+", text)
                expr = " OR ".join('"%s"' % w for w in words)
                t0 = time.perf_counter()
                hits = db.execute("SELECT url FROM t WHERE t MATCH ? ORDER BY rank"
                                  " LIMIT ?", (expr, DEPTH)).fetchall() if expr else []
                lat.append((time.perf_counter() - t0) * 1e3)
                for i, (u,) in enumerate(hits):
                    out.write(f"{url}\t{i + 1}\t{u}\n")
    lat = sorted(lats[0])
    print(json.dumps({"system": "fts5", "index_s": round(index_s, 2),
                      "p50_ms": round(lat[len(lat) // 2], 2),
                      "p99_ms": round(lat[min(len(lat) - 1, int(0.99 * len(lat)))], 2)}))


if __name__ == "__main__":
    main()
