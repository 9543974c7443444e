#!/usr/bin/env python3
"""Peer: Xapian with its Arabic Snowball stemmer, BM25 (Xapian's default
weighting), the title indexed twice (weight 2), the query parsed with OR
as default operator and stemmed like the text. Indexes corpus.tsv in a
database on disk, searches each query, writes the ranked urls as
query-url<TAB>rank<TAB>url, and prints one JSON line of timings. Runs
under the Debian python3 (python3-xapian).

usage: xapian_run.py CORPUS.tsv DBDIR QUERIES.tsv RUN.tsv [QUERIES.tsv RUN.tsv...]
(timings are those of the first query set)
"""
import shutil
import sys
import time

import xapian

from peer import DEPTH, report, run_queries


def main():
    corpus, dbdir = sys.argv[1:3]
    pairs = list(zip(sys.argv[3::2], sys.argv[4::2]))
    shutil.rmtree(dbdir, ignore_errors=True)
    db = xapian.WritableDatabase(dbdir, xapian.DB_CREATE_OR_OVERWRITE)
    stem = xapian.Stem("arabic")
    tg = xapian.TermGenerator()
    tg.set_stemmer(stem)
    t0 = time.perf_counter()
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            r = line.rstrip("\n").split("\t")
            if len(r) != 4:
                continue
            doc = xapian.Document()
            tg.set_document(doc)
            tg.index_text(r[2], 2)
            tg.increase_termpos()
            tg.index_text(r[3])
            doc.set_data(r[0])
            db.add_document(doc)
    db.commit()
    index_s = time.perf_counter() - t0
    qp = xapian.QueryParser()
    qp.set_stemmer(stem)
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.set_default_op(xapian.Query.OP_OR)
    qp.set_database(db)
    enq = xapian.Enquire(db)
    def search(text):
        enq.set_query(qp.parse_query(text, 0))
        return [m.document.get_data().decode() for m in enq.get_mset(0, DEPTH)]

    report("xapian", index_s, run_queries(pairs, search))


if __name__ == "__main__":
    main()
