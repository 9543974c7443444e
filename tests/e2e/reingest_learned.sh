#!/usr/bin/env bash
# Re-ingesting is a no-op whatever the cleaner has learnt: 80 articles of
# one outlet end with the same footer, which the cleaner learns as that
# outlet's boilerplate while it reads them; the last one, read again on
# its own (nothing learnt), is unchanged and keeps the cleaning it had.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"

python3 - "$tmp" <<'PY'
import json, sys
foot = ("وللاطلاع على مزيد من الأخبار المحلية يمكنكم متابعة صفحة الصحيفة "
        "في مواقع التواصل.")
places = ["الدمام", "الأحساء", "أبها", "جازان", "تبوك", "حائل", "القصيم"]
things = ["حديقة", "مدرسة", "مستشفى", "مكتبة", "ملعب", "جسر", "سوق"]
rows = []
for i in range(80):
    p, t = places[i % len(places)], things[i % len(things)]
    body = (f"افتتح المسؤولون في {p} {t} جديدا رقم {i} يخدم الأهالي، وقال "
            f"مدير المشروع إن العمل استغرق {i + 3} شهرا بتكلفة بلغت "
            f"{i * 7 + 11} مليون ريال.")
    rows.append({"id": f"x{i}", "source": "paper", "date": "2015-07-23",
                 "title": f"افتتاح {t} في {p} رقم {i}",
                 "content": body + "\n" + foot})
for name, part in (("a", rows[:79]), ("b", rows[79:])):
    with open(f"{sys.argv[1]}/{name}.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in part)
PY
db="$tmp/m.db"
footer() { sqlite3 "$db" "SELECT instr(text, 'مواقع التواصل') > 0 FROM articles WHERE key = 'x79'"; }
check "ingest" "$("$MARSAD" --db "$db" ingest "$tmp/a.jsonl" "$tmp/b.jsonl")" \
	"80 added, 0 updated, 0 unchanged, 0 rejected"
check "footer learnt" "$(footer)" 0
check "read again alone" "$("$MARSAD" --db "$db" ingest "$tmp/b.jsonl")" \
	"0 added, 0 updated, 1 unchanged, 0 rejected"
check "cleaning kept" "$(footer)" 0
exit $fail
