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
import json
import shutil
import sys
import time

import xapian

DEPTH = 150


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
    lats = []
    for queries, run in pairs:
        lat = []
        lats.append(lat)
        with open(queries, encoding="utf-8") as f, open(run, "w", encoding="utf-8") as out:
            for line in f:
                url, _, text = line.rstrip("\n").split("\t", 2)
                t0 = time.perf_counter()
                enq.set_query(qp.parse_query(text, 0))
                hits = [m.document.get_data().decode() for m in enq.get_mset(0, DEPTH)]
                lat.append((time.perf_counter() - t0) * 1e3)
                for i, u in enumerate(hits):
                    out.write(f"{url}\t{i + 1}\t{u}\n")
    lat = sorted(lats[0])
    print(json.dumps({"system": "xapian", "index_s": round(index_s, 2),
                      "p50_ms": round(lat[len(lat) // 2], 2),
                      "p99_ms": round(lat[min(len(lat) - 1, int(0.99 * len(lat)))], 2)}))


if __name__ == "__main__":
    main()
