"""bench/stories/peer.py — the peer a user would pick for story clustering:
scikit-learn TF-IDF (title + text, default tokenization) + cosine radius
graph + connected components, at a given similarity threshold.

usage: peer.py THRESHOLD OUT.tsv FILE.jsonl.gz...
Writes url<TAB>cluster for every article, the run format
`marsad eval stories --run` scores.
"""
import gzip
import json
import sys

from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.neighbors import radius_neighbors_graph


def main():
    threshold, out, files = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
    urls, texts = [], []
    for path in files:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                urls.append(r.get("url") or r.get("id"))
                texts.append((r.get("title") or "") + "\n" +
                             (r.get("content") or r.get("text") or ""))
    x = TfidfVectorizer().fit_transform(texts)
    graph = radius_neighbors_graph(x, 1 - threshold, metric="cosine")
    _, labels = connected_components(graph, directed=False)
    with open(out, "w", encoding="utf-8") as f:
        for u, lab in zip(urls, labels):
            f.write(f"{u}\t{lab}\n")


main()
