#!/usr/bin/env python3
"""The least time an index in SQLite FTS5 takes for this text: corpus.tsv's
titles and bodies are first copied into a plain table (not timed), then
indexed by FTS5's own unicode61 tokenizer (one token a word: no stems, no
surface forms) in one INSERT ... SELECT, on disk, without merging. FTS5
writes an index on one thread per database file, so this is a floor for
any ingest that stores into one SQLite file with an FTS5 index, on any
number of cores. Prints the seconds.

usage: fts5_floor.py CORPUS.tsv DB
"""
import os
import sqlite3
import sys
import time


def main():
    corpus, dbpath = sys.argv[1:3]
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(dbpath + suffix):
            os.remove(dbpath + suffix)
    db = sqlite3.connect(dbpath, isolation_level=None)
    db.executescript("PRAGMA page_size = 8192; PRAGMA journal_mode = WAL;"
                     "PRAGMA synchronous = NORMAL;"
                     "CREATE TABLE raw(title TEXT, body TEXT);"
                     "CREATE VIRTUAL TABLE t USING fts5(title, body,"
                     " content = 'raw',"
                     " tokenize = 'unicode61 remove_diacritics 2');"
                     "INSERT INTO t(t, rank) VALUES('automerge', 0);")
    with open(corpus, encoding="utf-8") as f:
        rows = (l.rstrip("\n").split("\t") for l in f)
        db.execute("BEGIN")
        db.executemany("INSERT INTO raw VALUES(?, ?)",
                       ((r[2], r[3]) for r in rows if len(r) == 4))
        db.execute("COMMIT")
    t0 = time.perf_counter()
    db.execute("INSERT INTO t(rowid, title, body) "
               "SELECT rowid, title, body FROM raw")
    print("%.2f" % (time.perf_counter() - t0))
    db.close()


if __name__ == "__main__":
    main()
