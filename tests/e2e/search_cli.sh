#!/usr/bin/env bash
# `marsad search`: the contract's JSON ([ {key, title, score, snippet} ]),
# the human listing, snippets marking the words as written, spelling
# variants finding the same articles, options, and pasted text that is
# never a syntax error.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
db="$tmp/m.db"
keys() { "$MARSAD" --db "$db" search --json --limit 50 "$@" |
  python3 -c 'import json,sys; print(" ".join(sorted(h["key"] for h in json.load(sys.stdin))))'; }

"$MARSAD" --db "$db" search بوتين > /dev/null 2> "$tmp/err"; rc=$?
check "no store exit" "$rc" 1
grep -q "^marsad: $db: " "$tmp/err" || { echo "FAIL: no store line: $(cat "$tmp/err")"; fail=1; }

"$MARSAD" --db "$db" ingest samples/*.txt > /dev/null || { echo "FAIL: ingest"; exit 1; }

"$MARSAD" --db "$db" search --json "الكرملين المحادثات" > "$tmp/out.json"; rc=$?
check "search exit" "$rc" 0
python3 - "$tmp/out.json" <<'PY' || fail=1
import json, sys
hits = json.load(open(sys.argv[1], encoding="utf-8"))
assert isinstance(hits, list) and hits, hits
for h in hits:
    assert {"key", "title", "score", "snippet"} <= set(h), h
    assert isinstance(h["score"], float) and h["score"] > 0, h
scores = [h["score"] for h in hits]
assert scores == sorted(scores, reverse=True), scores
assert any("[" in h["snippet"] and "]" in h["snippet"] for h in hits), hits
# The words are marked as written in the article text.
assert any("[الكرملين]" in h["snippet"] or "[المحادثات]" in h["snippet"]
           for h in hits), [h["snippet"] for h in hits]
PY

# Human output: numbered hits, the key on the second line.
"$MARSAD" --db "$db" search الكرملين > "$tmp/out.txt"
grep -q '^1\. ' "$tmp/out.txt" || { echo "FAIL: human output: $(head -3 "$tmp/out.txt")"; fail=1; }
check "no match" "$("$MARSAD" --db "$db" search زمبابوي)" "no article matches"

# Spelling variants: hamza, ta marbuta, diacritics, clitics.
want=$(keys "الأسرى")
[ -n "$want" ] || { echo "FAIL: nothing for الأسرى"; fail=1; }
for q in "الاسرى" "الأسرى" "الأَسْرَى" "والأسرى" "بالأسرى"; do
  check "variant $q" "$(keys "$q")" "$want"
done
check "ta marbuta" "$(keys "الخارجيه")" "$(keys "الخارجية")"

# Options.
check "limit" "$("$MARSAD" --db "$db" search --json --limit 1 المحادثات | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 1
"$MARSAD" --db "$db" search --since 2021/01/01 المحادثات > /dev/null 2>&1; rc=$?
check "bad date exit" "$rc" 2
"$MARSAD" --db "$db" search --limit zero المحادثات > /dev/null 2>&1; rc=$?
check "bad limit exit" "$rc" 2
"$MARSAD" --db "$db" search > /dev/null 2>&1; rc=$?
check "no query exit" "$rc" 2
check "exclusion" "$(keys المحادثات -الكرملين | grep -c 003_f13009966aefca6f)" 0

# Whatever is pasted is a query.
for q in '"' '(' ')' 'AND OR NOT' 'NEAR(a b)' '*' '^' ':' 'title:x' '-' '+' \
         '"الكرملين' 'الكرملين*' '=الكرملين' "'; DROP TABLE articles; --"; do
  "$MARSAD" --db "$db" search --json -- "$q" > /dev/null 2> "$tmp/err"; rc=$?
  check "query [$q] exit" "$rc" 0
done
long=$(head -c 200000 samples/003_f13009966aefca6f.txt | tr '\n' ' ')
"$MARSAD" --db "$db" search --json "$long" > "$tmp/long.json"; rc=$?
check "pasted article exit" "$rc" 0
check "pasted article finds itself" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["key"])' "$tmp/long.json")" 003_f13009966aefca6f
exit $fail
