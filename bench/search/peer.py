"""What the Python peer runners share: running the query sets against a
search function and reporting timings in the bench's one JSON line.

queries.tsv lines are query-url<TAB>...<TAB>query text; a run file gets
query-url<TAB>rank<TAB>url lines, the format `marsad eval search --run`
scores.
"""
import json
import time

DEPTH = 150  # hits kept per query


def run_queries(pairs, search):
    """Runs every (queries.tsv, run.tsv) pair; search(text) returns ranked
    urls. Returns the latencies in ms of the first query set."""
    lats = []
    for queries, run in pairs:
        lat = []
        lats.append(lat)
        with open(queries, encoding="utf-8") as f, \
                open(run, "w", encoding="utf-8") as out:
            for line in f:
                url, _, text = line.rstrip("\n").split("\t", 2)
                t0 = time.perf_counter()
                hits = search(text)
                lat.append((time.perf_counter() - t0) * 1e3)
                for i, u in enumerate(hits):
                    out.write(f"{url}\t{i + 1}\t{u}\n")
    return lats[0]


def report(system, index_s, lat):
    """Prints the JSON line run.sh reads: index time, p50 and p99."""
    lat = sorted(lat)
    print(json.dumps({"system": system, "index_s": round(index_s, 2),
                      "p50_ms": round(lat[len(lat) // 2], 2),
                      "p99_ms": round(lat[min(len(lat) - 1, int(0.99 * len(lat)))], 2)}))
