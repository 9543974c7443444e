#!/usr/bin/env bash
# `marsad tokens`: one output line per input line; spelling variants of a
# word give the same term; names keep their letters; invalid UTF-8 is
# reported as "marsad: FILE:LINE: ..." and the line is still processed.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
# Variants of one phrase: diacritics, hamza seat, ta marbuta, tatweel, digits.
printf '%s\n' 'المدرسة الجديدة ٢٠٢١' 'المَدْرَسَةُ الجديـــدة 2021' 'المدرسه الجديده 2021' > "$tmp/v.txt"
out=$("$MARSAD" tokens "$tmp/v.txt")
check "three lines" "$(printf '%s\n' "$out" | wc -l)" 3
check "variants agree" "$(printf '%s\n' "$out" | sort -u | wc -l)" 1
# Names lose only a leading clitic.
got=$(printf 'وبوتين في واشنطن مع لافروف\n' | "$MARSAD" tokens -)
for name in بوتين واشنطن لافروف; do
  case " $got " in *" $name "*) ;; *) echo "FAIL: name $name not whole in [$got]"; fail=1;; esac
done
# Stopwords are dropped; --no-stem keeps the normalized word.
check "stopwords" "$(printf 'في من عن إلى\n' | "$MARSAD" tokens - | tr -d ' ')" ""
check "no-stem" "$(printf 'المحادثات\n' | "$MARSAD" tokens --no-stem -)" "المحادثات"
# Invalid UTF-8 on line 2: one error line naming it; all lines still out.
printf 'سطر أول\nسطر \xff ثان\nسطر ثالث\n' > "$tmp/bad.txt"
"$MARSAD" tokens "$tmp/bad.txt" > "$tmp/out" 2> "$tmp/err"
check "exit on bad utf-8" "$?" 0
check "lines kept" "$(wc -l < "$tmp/out")" 3
grep -q "^marsad: .*bad.txt:2: invalid UTF-8" "$tmp/err" || { echo "FAIL: error line [$(cat "$tmp/err")]"; fail=1; }
# An empty file gives no output and no error; a missing one an error.
: > "$tmp/empty.txt"
check "empty" "$("$MARSAD" tokens "$tmp/empty.txt" 2>&1)" ""
"$MARSAD" tokens "$tmp/missing.txt" 2> "$tmp/err" && { echo "FAIL: missing file exit 0"; fail=1; }
grep -q "^marsad: .*missing.txt" "$tmp/err" || { echo "FAIL: missing-file error [$(cat "$tmp/err")]"; fail=1; }
[ $fail -eq 0 ] && echo "tokens cli: ok"
exit $fail
