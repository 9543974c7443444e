#!/usr/bin/env python3
"""Writes the web-archive fixtures of test_read_feeds.c (run from this
directory; the bytes are checked in, so this only documents them):

  pages.warc      warcinfo, request, four HTML responses (chunked; gzip;
                  windows-1256 named only by HTTP; xhtml with a JSON-LD
                  date), metadata, an image, a 404, a revisit, and a last
                  response cut short
  pages.warc.gz   the same records, one gzip member each, the last member
                  cut in half
  broken.warc     bad records between good ones: no version line, a header
                  line without a name, a bad Content-Length, a
                  Content-Length that swallows the next record
  mixed/b.warc.gz one response, for the directory walk
"""
import gzip
import zlib

CRLF = b"\r\n"


def page(title, body, head=""):
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
            f"<title>{title}</title>{head}</head><body><nav>الرئيسية سياسة</nav>"
            f"<article><h1>{title}</h1>{body}</article>"
            f"<footer>جميع الحقوق محفوظة</footer></body></html>").encode()


def http(status, headers, body):
    lines = [f"HTTP/1.1 {status}".encode()] + [h.encode() for h in headers]
    return CRLF.join(lines) + CRLF + CRLF + body


def chunked(body, size=97):
    out = b""
    for i in range(0, len(body), size):
        part = body[i:i + size]
        out += b"%x\r\n" % len(part) + part + CRLF
    return out + b"0\r\n\r\n"


def record(kind, uri, block, version="1.1", ctype="application/http; msgtype=response",
           n=[0], extra=()):
    n[0] += 1
    head = [f"WARC/{version}", f"WARC-Type: {kind}",
            f"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{n[0]:012d}>",
            "WARC-Date: 2023-01-05T10:00:00Z"]
    if uri:
        head.append(f"WARC-Target-URI: {uri}")
    head += list(extra)
    head += [f"Content-Type: {ctype}", f"Content-Length: {len(block)}"]
    return CRLF.join(h.encode() for h in head) + CRLF + CRLF + block + CRLF + CRLF


P1 = page("موسكو وواشنطن تستأنفان الحوار",
          "<p>قال المتحدث باسم الكرملين دميتري بيسكوف إن الاتصالات مستمرة.</p>"
          "<p>وأضاف أن الجانبين يبحثان تبادل السجناء.</p>",
          '<meta property="og:site_name" content="المرصد">'
          '<meta property="article:published_time" content="2022-11-19T18:30:00+03:00">')
P2 = page("الإفراج عن بريتني غرينر",
          "<p>أفرجت روسيا عن لاعبة كرة السلة الأمريكية بريتني غرينر.</p>")
P3 = ("<html><head><title>أخبار موسكو</title></head><body>"
      "<p>قال الكرملين إن المحادثات مستمرة.</p></body></html>").encode("cp1256")
P4 = page("بيرنز يلتقي ناريشكين في أنقرة",
          "<p>التقى مدير وكالة المخابرات المركزية وليام بيرنز نظيره الروسي.</p>",
          '<script type="application/ld+json">{"@type":"NewsArticle",'
          '"datePublished":"2022-11-14T10:00:00+03:00"}</script>')
P5 = page("صفحة مقطوعة", "<p>" + "نص طويل " * 200 + "</p>")

U1 = "https://www.almarsad.example/world/2022/11/19/talks"
U2 = "https://news.example.org/sport/griner"
U3 = "http://cp1256.example.net/a?id=3"
U4 = "https://gulf.example.net/news/123"
U5 = "https://cut.example.com/last"

gz2 = gzip.compress(P2, mtime=0)
records = [
    record("warcinfo", None, b"software: fixture\r\nformat: WARC File Format 1.1\r\n",
           ctype="application/warc-fields"),
    record("request", U1, b"GET /world/2022/11/19/talks HTTP/1.1\r\nHost: www.almarsad.example\r\n\r\n",
           ctype="application/http; msgtype=request"),
    record("response", U1, http("200 OK", ["Content-Type: text/html; charset=UTF-8",
                                            "Transfer-Encoding: chunked"], chunked(P1))),
    record("metadata", U1, b"via: https://www.almarsad.example/\r\n",
           ctype="application/warc-fields"),
    record("response", f"<{U2}>", http("200 OK", ["Content-Type: text/html",
                                                    "Content-Encoding: gzip",
                                                    f"Content-Length: {len(gz2)}"], gz2),
           version="1.0"),
    record("response", "https://news.example.org/logo.png",
           http("200 OK", ["Content-Type: image/png"], b"\x89PNG\r\n\x1a\n\0\0\0")),
    record("response", "https://news.example.org/missing",
           http("404 Not Found", ["Content-Type: text/html"], page("غير موجود", "<p>خطأ</p>"))),
    record("revisit", U1, http("200 OK", ["Content-Type: text/html"], b""),
           extra=["WARC-Profile: http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"]),
    record("response", U3, http("200 OK", ["Content-Type: text/html; charset=windows-1256",
                                            "Content-Encoding: deflate"],
                                zlib.compress(P3))),
    record("response", U4, http("200 OK", ["Content-Type: application/xhtml+xml"], P4)),
]
last = record("response", U5, http("200 OK", ["Content-Type: text/html"], P5))
cut = last[:len(last) // 2]

with open("pages.warc", "wb") as f:
    f.write(b"".join(records) + cut)
with open("pages.warc.gz", "wb") as f:
    for r in records:
        f.write(gzip.compress(r, mtime=0))
    member = gzip.compress(last, mtime=0)
    f.write(member[:len(member) // 2])

# broken.warc: record numbers in comments
good = lambda t, u: record("response", u, http("200 OK", ["Content-Type: text/html"],
                                               page(t, f"<p>{t}.</p>")))
broken = (
    good("الخبر الأول", "https://a.example/1")                        # 1
    + b"this line is no WARC header\r\nnor this\r\n\r\n"             # 2: no version line
    + good("الخبر الثاني", "https://a.example/2")                     # 3
    + good("الخبر الثالث", "https://a.example/3").replace(            # 4: a nameless line
        b"WARC-Date:", b"a line without a name\r\nWARC-Date:", 1)
    + good("الخبر الرابع", "https://a.example/4")                     # 5
    + good("الخبر الخامس", "https://a.example/5").replace(            # 6: bad Content-Length
        b"Content-Length: ", b"Content-Length: 12x", 1)
    + good("الخبر السادس", "https://a.example/6").replace(            # 7: swallows 8
        b"Content-Length: ", b"Content-Length: 99", 1)
    + good("الخبر الثامن", "https://a.example/8")                     # 8
)
with open("broken.warc", "wb") as f:
    f.write(broken)

with open("mixed/b.warc.gz", "wb") as f:
    f.write(gzip.compress(good("خبر من الأرشيف", "https://b.example/warc"), mtime=0))
