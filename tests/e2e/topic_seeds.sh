#!/usr/bin/env bash
# The seeds as an analyst reads them: the five sample articles are five
# stories of one topic (Russia–US back-channel talks), and the topic's
# summary (`marsad topic ID`) covers the secret talks, the prisoner
# exchange, the Burns–Naryshkin meeting and Lavrov's statements, with no
# two sentences copies of each other (the fingerprint of summary.h:
# shingles of three index terms, overlap coefficient under 0.5), no
# boilerplate, every sentence verbatim in its first key's article.
#
# Ingested as plain text the samples carry one publication date (004's
# dateline); ingested again with the dates they imply (written down in
# tests/golden/dates.tsv), the timeline runs from December 2021 to July
# 2024 with the dates the texts give.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

# The samples as JSON Lines with their publication dates and outlets.
python3 - samples "$tmp/dated.jsonl" <<'PY'
import json, os, sys
dates = {"000": "2022-11-02", "001": "2022-12-15", "002": "2024-07-18",
         "003": "2022-11-14", "004": "2021-12-09"}
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for f in sorted(os.listdir(sys.argv[1])):
        if not f.endswith(".txt"):
            continue
        title, _, body = open(os.path.join(sys.argv[1], f), encoding="utf-8").read().partition("\n")
        out.write(json.dumps({"id": f[:-4], "title": title.strip(), "text": body,
                              "date": dates[f[:3]], "source": "outlet-" + f[:3]},
                             ensure_ascii=False) + "\n")
PY

for run in plain dated; do
  db="$tmp/$run.db"
  if [ "$run" = plain ]; then src=samples; else src="$tmp/dated.jsonl"; fi
  "$MARSAD" --db "$db" ingest "$src" > /dev/null
  "$MARSAD" --db "$db" topics --json > "$tmp/$run.topics.json"
  id=$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1])); print(t[0]["id"] if len(t)==1 else "")' "$tmp/$run.topics.json")
  check "$run: one topic" "$([ -n "$id" ] && echo yes)" yes
  [ -n "$id" ] || continue
  "$MARSAD" --db "$db" topic "$id" --json > "$tmp/$run.topic.json"
  "$MARSAD" --db "$db" topic "$id" > "$tmp/$run.topic.txt"
  # the index terms of every summary sentence, one line each
  python3 -c 'import json,sys; [print(x["text"]) for x in json.load(open(sys.argv[1]))["summary"]]' \
    "$tmp/$run.topic.json" > "$tmp/$run.sentences"
  "$MARSAD" tokens "$tmp/$run.sentences" > "$tmp/$run.terms"
  out=$(python3 - "$run" "$tmp/$run.topic.json" "$tmp/$run.terms" samples <<'PY'
import json, sys
run, topic, terms, samples = sys.argv[1:5]
t = json.load(open(topic, encoding="utf-8"))
bad = []
def need(ok, what):
    if not ok:
        bad.append(what)
need(len(t["stories"]) == 5, "five stories")
need(t["headline"], "a headline")
sents = [x["text"] for x in t["summary"]]
need(3 <= len(sents) <= 5, "3 to 5 summary sentences")
def has(*words):
    return any(all(w in s for w in words) for s in sents)
need(has("محادثات", "سرية"), "the secret talks")
need(has("تبادل", "الأسرى") or has("تبادل", "سجناء"), "the prisoner exchange")
need(has("بيرنز", "ناريشكين"), "the Burns–Naryshkin meeting")
need(has("لافروف"), "Lavrov's statements")
# no sentence twice: fingerprints of 3-term shingles
lines = open(terms, encoding="utf-8").read().split("\n")
def fp(line):
    w = line.split()
    return {tuple(w[i:i + 3]) for i in range(max(1, len(w) - 2))} if w else set()
fps = [fp(l) for l in lines[:len(sents)]]
for i in range(len(fps)):
    for j in range(i):
        a, b = fps[i], fps[j]
        if a and b:
            need(len(a & b) / min(len(a), len(b)) < 0.5, f"sentences {j} and {i} are copies")
# no boilerplate, every sentence traceable
for x in t["summary"]:
    s = x["text"]
    for junk in ("اقرأ", "©", "http", "strong", "+ الخط", "؟", "@"):
        need(junk not in s, f"boilerplate {junk!r} in a summary sentence")
    need(x["keys"], "keys")
    if x["keys"]:
        text = open(f"{samples}/{x['keys'][0]}.txt", encoding="utf-8").read()
        need(s in text, f"sentence not in {x['keys'][0]}")
tl = t["timeline"]
dates = [p["date"] for p in tl]
need(dates == sorted(dates), "a timeline in order")
need(dates and dates[0] == "2021-12-07", "first point 2021-12-07 (004: أول أمس الثلاثاء)")
if run == "dated":
    need(dates and dates[-1].startswith("2024-07"), "last point in July 2024")
    def point(date, word):
        return any(p["date"] == date and word in p["text"] for p in tl)
    need(point("2022-09-21", "أيلول"), "003: 21 أيلول/سبتمبر الماضي")
    need(point("2022-11-01", "ريابكوف"), "000: Ryabkov spoke on Tuesday 2022-11-01")
    need(point("2024-07-17", "لافروف"), "002: Lavrov on Wednesday 2024-07-17")
    need(point("2022-11-14", "أنقرة"), "003: the Ankara talks, 2022-11-14")
    pub = [p["date"] for p in tl if p["published"]]
    need(sorted(pub) == ["2021-12-09", "2022-11-02", "2022-11-14", "2022-12-15", "2024-07-18"],
         f"every publication day a point: {pub}")
print("; ".join(bad) if bad else "ok")
PY
)
  check "$run topic summary" "$out" ok
  check "$run topic text" "$(grep -c '^Timeline:' "$tmp/$run.topic.txt")" 1
done

# usage errors and a missing topic
check "no id" "$("$MARSAD" --db "$tmp/plain.db" topic > /dev/null 2>&1; echo $?)" 2
check "no such topic" "$("$MARSAD" --db "$tmp/plain.db" topic 999 > /dev/null 2>&1; echo $?)" 1
check "topics argument" "$("$MARSAD" --db "$tmp/plain.db" topics extra > /dev/null 2>&1; echo $?)" 2
[ "$fail" = 0 ] && echo "topic summaries on the seeds: ok"
exit "$fail"
