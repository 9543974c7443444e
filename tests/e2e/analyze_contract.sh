#!/usr/bin/env bash
# `marsad analyze` keeps the contract (../shared/contract.md) on every sample
# article: one JSON object with the contract's fields, sentence spans that
# lie inside the text on character boundaries, errors as one
# "marsad: <what>: <why>" line with a non-zero exit.
set -euo pipefail
: "${MARSAD:?path of the marsad binary}"
cd "${MARSAD_SRC:-.}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for f in samples/*.txt; do
  if ! "$MARSAD" analyze --json --published 2022-11-15 "$f" > "$tmp/out.json"; then
    echo "FAIL: analyze $f exited non-zero"; fail=1; continue
  fi
  python3 - "$f" "$tmp/out.json" <<'PY' || fail=1
import json, sys
path, out = sys.argv[1], sys.argv[2]
doc = json.load(open(out, encoding="utf-8"))
want = {"key", "title", "published", "text", "removed", "sentences",
        "entities", "dates", "quotes"}
missing = want - set(doc)
assert not missing, f"{path}: missing fields {missing}"
assert doc["key"] == path.split("/")[-1][:-4], doc["key"]
assert doc["published"] == "2022-11-15", doc["published"]
first = next(l for l in open(path, encoding="utf-8").read().splitlines() if l.strip())
assert doc["title"] == first.strip(), (doc["title"], first)
text = doc["text"].encode("utf-8")
prev = 0
for s in doc["sentences"]:
    a, b = s["start"], s["end"]
    assert prev <= a < b <= len(text), f"{path}: bad span {s}"
    text[a:b].decode("utf-8")          # spans fall on character boundaries
    prev = b
assert doc["sentences"], f"{path}: no sentences"
for r in doc["removed"]:
    assert r["line"] and r["reason"], r
PY
done
# Errors: a missing file and a bad option, each one stderr line, non-zero exit.
if "$MARSAD" analyze "$tmp/nope.txt" 2> "$tmp/err"; then
  echo "FAIL: missing file exited 0"; fail=1
fi
grep -q "^marsad: .*nope.txt" "$tmp/err" || { echo "FAIL: error line: $(cat "$tmp/err")"; fail=1; }
set +e
"$MARSAD" analyze --published 2022-13-45 samples/000_fe3672199b4635b3.txt 2> "$tmp/err"
[ $? -eq 2 ] || { echo "FAIL: bad --published is not a usage error"; fail=1; }
# Standard input as plain text.
printf 'عنوان الخبر\nقال الوزير إن المحادثات مفيدة.\n' | "$MARSAD" analyze --json - > "$tmp/stdin.json"
[ $? -eq 0 ] || { echo "FAIL: analyze - exited non-zero"; fail=1; }
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["title"]=="عنوان الخبر", d' "$tmp/stdin.json" || fail=1
# An institution that is no named entity speaks under its own words.
printf 'خبر\nوقالت الشرطة إن الحادث وقع مساء أمس في وسط المدينة.\n' |
  "$MARSAD" analyze --json - > "$tmp/inst.json" || fail=1
python3 -c 'import json,sys; q=json.load(open(sys.argv[1]))["quotes"]; assert [x["speaker"] for x in q]==["الشرطة"], q' "$tmp/inst.json" || fail=1
[ $fail -eq 0 ] && echo "analyze contract: ok"
exit $fail
