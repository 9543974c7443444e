"""Writes the text of SaudiNewsNet (title + content, white space collapsed)
one article per line, for bench/tokens/run.sh.
Usage: extract.py SAUDINEWSNET_DIR OUT [SLICE_OUT SLICE_BYTES]"""
import glob
import gzip
import json
import os
import sys


def main(src, out_path, slice_path=None, slice_bytes=0):
    n = 0
    with open(out_path, "w", encoding="utf-8") as out:
        slice_out = open(slice_path, "w", encoding="utf-8") if slice_path else None
        for name in sorted(glob.glob(os.path.join(src, "*.jsonl.gz"))):
            with gzip.open(name, "rt", encoding="utf-8") as f:
                for line in f:
                    if not line.strip():
                        continue
                    d = json.loads(line)
                    text = " ".join(((d.get("title") or "") + " " +
                                     (d.get("content") or "")).split())
                    out.write(text + "\n")
                    if slice_out and n < slice_bytes:
                        slice_out.write(text + "\n")
                        n += len(text.encode("utf-8")) + 1
        if slice_out:
            slice_out.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2],
         sys.argv[3] if len(sys.argv) > 3 else None,
         int(sys.argv[4]) if len(sys.argv) > 4 else 0)
