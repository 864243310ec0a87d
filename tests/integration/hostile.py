"""The one list of hostile request parts the URL-map sweep sends to every route.

Add a case here and every route (new ones included, they come from the URL map) gets it.
"""

LONG = "长" * 3000  # 9 kB of UTF-8 in one value

# Query strings, raw (bytes where the encoding itself is the attack).
QUERY_STRINGS: list[str | bytes] = [
    # Names of view arguments and url_for keywords.
    "slug=x", "name=x", "token=x", "number=1", "lead_id=1", "reference=x", "filename=x",
    "endpoint=x", "_method=DELETE", "_anchor=x", "_external=1", "_scheme=javascript",
    "_external=1&_scheme=gopher", "values=x", "lang=en&endpoint=public.home&slug=x",
    # Repeated and odd keys.
    "lang=en&lang=zh_CN&lang=xx", "a=1&a=2&a=3", "=x", "&&&", "lang", "lang[]=en",
    "page=-1", "page=0", "page=abc", "page=99999999999999999999999",
    "q=%00", "q=" + "x" * 5000, "q=" + LONG, "status=bogus&sort=bogus&order=x&owner=x",
    "status=new&status=won&need=x&source=x&from=2026-02-30&to=yesterday&band=Z",
    "page=%C2%B2", "assignee=%C2%B2", "assignee=99999999999999999999", "assignee=%00",
    "need=%00&source=%00&band=%00&status=%00&sort=%00", "from=%00&to=9999-99-99",
    "next=//evil.example", "next=https://evil.example/", "assessment=x", "step=-1",
    # Real dates whose midnights in UTC no datetime holds (date filters, report periods).
    "from=0001-01-01&start=0001-01-01&end=0001-01-01&q=x",
    "to=9999-12-31&start=9999-12-31&end=9999-12-31&q=x",
    # Invalid UTF-8 and encodings.
    b"q=%ff%fe%c3%28", b"%ff=%ff", b"lang=%c0%af", b"q=\xff\xfe", b"page=%00",
]

# One header set per request, on top of the client's own.
HEADERS: list[dict[str, str]] = [
    {"Accept-Language": "!!;q=xyz,,,;;;q=,en;q=nan"},
    {"Accept-Language": "x" * 5000},
    {"Accept-Language": "en-US;q=1.0e999, zh;q=-1"},
    {"Cookie": "session=garbage.not.signed; lang=xx"},
    {"Cookie": "lang=" + "en" * 2000 + "; session=" + "A" * 3500},
    {"Cookie": "lang=%ff%fe; =; ;;; session"},
    {"User-Agent": "Mozilla/5.0 " + "x" * 16000},
    {"Referer": "javascript:alert(1)" + "x" * 3000},
    {"X-Forwarded-For": "not-an-ip, ,, 999.999.1.1"},
    {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "gopher",
     "X-Forwarded-Port": "99999", "X-Forwarded-Prefix": "/../.."},
    {"X-Real-IP": "::::"},
    {"Host": "evil.example"}, {"Host": "localhost:99999"}, {"Host": "[::1"}, {"Host": ""},
    {"If-None-Match": '"unterminated, W/, *, ""'},
    {"If-Modified-Since": "yesterday"},
    {"If-Range": "garbage", "Range": "bytes=99999-1"},
    {"Range": "lines=garbage, bytes=-0, bytes=5-2"},
    {"Content-Type": "application/json; charset=klingon"},
    {"Accept": "application/json, */*;q=bad"},
    {"Accept-Encoding": "gzip;q=2, br;q=x"},
    {"Authorization": "Bearer " + "x" * 2000},
]

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PROPFIND", "TRACE"]

# Bodies sent with POST (and PUT) to every route: (content type, body).
BODIES: list[tuple[str, bytes]] = [
    ("application/x-www-form-urlencoded", b"name=%ff%fe&phone=%00&_method=DELETE&a=1&a=2"),
    ("application/x-www-form-urlencoded; charset=latin-9", "名字=张伟".encode("gb18030")),
    ("application/x-www-form-urlencoded; charset=utf-16", "x=1".encode("utf-16")),
    ("application/json", b'{"name": ["x"], "phone": {"a": 1}, "action": null}'),
    ("application/json", b"{not json"),
    ("text/plain; charset=utf-8", "纯文本".encode()),
    ("multipart/form-data; boundary=XyZ",
     b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd\"\r\n"
     b"Content-Type: application/octet-stream\r\n\r\n\x00\x01\x02\r\n"
     b"--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n\xff\xfe\r\n--XyZ--\r\n"),
    ("multipart/form-data; boundary=XyZ", b"".join(
        b"--XyZ\r\nContent-Disposition: form-data; name=\"" + name + b"\"; filename=\"a.txt\"\r\n"
        b"Content-Type: text/plain\r\n\r\nfile\r\n"
        for name in (b"name", b"phone", b"detail", b"email", b"q", b"action", b"need",
                     b"consent", b"status", b"note", b"password", b"_q", b"company")
    ) + b"--XyZ--\r\n"),  # files where forms expect text
    ("multipart/form-data; boundary=broken", b"--nope\r\n\r\n"),
    ("multipart/form-data", b"no boundary at all"),
    ("application/x-www-form-urlencoded", b"x=" + b"a" * (300 * 1024)),  # over MAX_CONTENT_LENGTH
]

# Values for view arguments by name (a real one comes first from the sweep's fixtures);
# a new route's unknown argument gets these defaults per converter.
ARG_VALUES: dict[str, list[str]] = {
    "int": ["0", "99999999999999999999"],
    "default": ["x", "%E4%B8%AD%00", "..%2F..%2Fetc%2Fpasswd", "a" * 300],
    "path": ["../../etc/passwd", "css/../../../config.py", "x" * 300],
}
