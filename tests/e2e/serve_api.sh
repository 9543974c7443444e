#!/usr/bin/env bash
# `marsad serve` over the sample articles: every route of the JSON API
# answers what the store holds (an article's segments give back its text
# exactly, with its copied passages and names marked), bad parameters get
# 400 naming them, and hostile requests — another method, a path out of
# the tree, bytes that are not UTF-8, a huge request line or header, a
# request line of garbage, many connections at once — get a clear answer
# while the server goes on serving. SIGTERM stops it with exit 0. The
# command line's own mistakes are refused before anything listens.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
db="$tmp/m.db"
"$MARSAD" --db "$db" ingest samples > /dev/null || { echo "FAIL: ingest"; exit 1; }

"$MARSAD" --db "$db" serve --port 70000 2> /dev/null
check "--port 70000 exit" "$?" 2
"$MARSAD" --db "$db" serve --host localhost 2> /dev/null
check "--host by name exit" "$?" 2
"$MARSAD" --db "$tmp/none.db" serve --port 0 2> /dev/null
check "no store exit" "$?" 1

serve_start "$db"
python3 - "$serve_url" "$db" <<'PY' || fail=1
import json, os, socket, sqlite3, subprocess, sys, threading, time, urllib.error, urllib.parse, urllib.request
base, db = sys.argv[1], sys.argv[2]
host, port = base.split("//")[1].split(":")
failures = []
def check(what, ok):
    if not ok:
        failures.append(what)
        print("FAIL:", what)

def get(path, method="GET"):
    req = urllib.request.Request(base + path, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()

def api(path):
    status, headers, body = get(path)
    return status, json.loads(body)

def raw(data, wait=10):
    """Sends bytes as they are; the status code of the answer, or 0."""
    with socket.create_connection((host, int(port)), timeout=wait) as s:
        s.sendall(data)
        answer = b""
        try:
            while b"\r\n" not in answer:
                chunk = s.recv(4096)
                if not chunk:
                    break
                answer += chunk
        except OSError:
            pass
    parts = answer.split(b" ")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0

q = urllib.parse.quote
# The page and its files.
status, headers, body = get("/")
check("page", status == 200 and headers["Content-Type"].startswith("text/html")
      and b'dir="rtl"' in body and "default-src 'self'" in headers["Content-Security-Policy"])
check("app.js", get("/app.js")[0] == 200 and get("/style.css")[0] == 200)

# Stories.
status, s = api("/api/stories")
check("stories", status == 200 and s["total"] == 5 and len(s["stories"]) == 5)
check("stories newest first", s["stories"][0]["first"] == "2021-12-09")
status, s = api("/api/stories?sort=size&limit=2")
check("stories by size, limited", status == 200 and len(s["stories"]) == 2 and s["total"] == 5)
status, s = api("/api/stories?offset=100")
check("stories past the end", status == 200 and s["stories"] == [] and s["total"] == 5)
for bad, name in (("limit=0", "limit"), ("limit=abc", "limit"), ("min=-1", "min"),
                  ("sort=best", "sort"), ("offset=1e3", "offset")):
    status, e = api("/api/stories?" + bad)
    check("bad " + bad, status == 400 and e["error"].startswith(name))
status, st = api("/api/stories/4")
check("a story", status == 200 and st["id"] == 4 and st["summary"] and st["cast"]
      and [a["key"] for a in st["sources"]] == st["articles"])
for missing in ("999", "abc", "1x", "-1", "+4", ""):
    check("no story " + missing, api("/api/stories/" + missing)[0] == 404)

# A topic: the five samples' stories and the summary of them all.
status, t = api("/api/topics/%d" % st["topic"])
check("a topic", status == 200 and len(t["stories"]) == 5 and t["summary"] and
      st["id"] in [x["id"] for x in t["stories"]])
for missing in ("999", "abc", ""):
    check("no topic " + missing, api("/api/topics/" + missing)[0] == 404)

# An article: the segments are its text, the marks are its copies and names.
key = "003_f13009966aefca6f"
status, a = api("/api/article?key=" + key)
text = sqlite3.connect(db).execute("SELECT text FROM articles WHERE key = ?", (key,)).fetchone()[0]
check("article", status == 200 and a["key"] == key)
check("segments give the text back", "".join(x["text"] for x in a["segments"]) == text)
copied = [x for x in a["segments"] if x["copy"] is not None]
check("a copied passage", copied and a["copied_from"][0]["key"] == "001_6f70dd8932d5d552")
check("names marked", {x["type"] for x in a["segments"]} >= {"PER", "LOC", None})
check("quotes", any(x["speaker"] for x in a["quotes"]) and
      all("source" in x for x in a["quotes"]))
check("no key", api("/api/article")[0] == 400)
check("no such article", api("/api/article?key=nope")[0] == 404)

# Names: gathered by a thread of their own when the server starts (503
# until then).
for _ in range(100):
    status, e = api("/api/entities?type=PER&spelled=" + q("غراينير"))
    if status != 503:
        break
    time.sleep(0.1)
check("one Griner", status == 200 and len(e) == 1 and e[0]["articles"] == 3 and
      {"بريتني جرينر", "بريتني غراينير", "بريتني غرينر"} <= set(e[0]["variants"]))
status, e = api("/api/entities?keys=1&limit=3")
check("entities, keys cut", status == 200 and len(e) == 3 and all(len(x["keys"]) <= 1 for x in e))
listed = {x["id"]: x["keys"] for x in json.loads(subprocess.run(
    [os.environ["MARSAD"], "--db", db, "entities", "--json"],
    capture_output=True, text=True, check=True).stdout)}
check("entities' latest articles", all(x["keys"] == listed[x["id"]][::-1][:1] and
                                       x["articles"] == len(listed[x["id"]]) for x in e))
check("entities' sources", all([a["key"] for a in x["sources"]] == x["keys"] and
                                all(a["title"] for a in x["sources"]) for x in e))
check("bad type", api("/api/entities?type=XYZ")[0] == 400)

# Search.
status, r = api("/api/search?q=" + q("ناريشكين"))
check("search", status == 200 and len(r["hits"]) >= 2 and "\ue000" in r["hits"][0]["snippet"])
for pasted in ('"((( AND OR NOT -', "نَارِيشْكِين", "*", "\u200f"):
    check("any query: " + pasted, api("/api/search?q=" + q(pasted))[0] == 200)
check("no query", api("/api/search")[0] == 400)
check("bad date", api("/api/search?q=x&since=yesterday")[0] == 400)

# Hostile requests.
status, headers, _ = get("/", method="POST")
check("POST", status == 405 and headers.get("Allow") == "GET, HEAD")
check("DELETE", get("/api/stories", method="DELETE")[0] == 405)
check("HEAD", get("/api/stories", method="HEAD")[0] == 200)
check("out of the tree", get("/../../etc/passwd")[0] == 404)
check("not UTF-8", api("/api/search?q=%FF%FE")[0] == 400)
check("not UTF-8 in a name", api("/api/entities?spelled=%C3%28")[0] == 400)
check("huge request line", raw(b"GET /api/search?q=" + b"a" * 200000 + b" HTTP/1.1\r\nHost: x\r\n\r\n") in (400, 413, 414, 431, 0))
check("huge header", raw(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 200000 + b"\r\n\r\n") in (400, 413, 431, 0))
check("unknown method", raw(b"BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n") == 405)
check("unknown version", raw(b"GET / HTTP/9.9\r\nHost: x\r\n\r\n") == 505)
raw(b"\x00\xff garbage \r\n\r\n", wait=1)  # no answer it must give
results = []
def hit():
    results.append(get("/api/stories?limit=1")[0])
threads = [threading.Thread(target=hit) for _ in range(30)]
for t in threads: t.start()
for t in threads: t.join()
check("30 at once", results == [200] * 30)
check("still serving", get("/")[0] == 200)
sys.exit(1 if failures else 0)
PY
kill -TERM "$serve_pid"
for _ in $(seq 50); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.1; done
wait "$serve_pid"
check "SIGTERM exit" "$?" 0
# Only the refused requests are in the log, one line each.
if grep -v '^marsad: serve: Error processing request (HTTP response code is \(4[0-9][0-9]\|505\))' "$tmp/serve.err"; then
  echo "FAIL: serve complained of more than the refused requests"; fail=1
fi
exit $fail
