"""Rebuild ``08_red_sea_crawl.warc.gz``, the bundled WARC example, reproducibly.

    python examples/make_warc.py

The archive holds what a crawler would save for one news page: a ``warcinfo`` record,
the ``request``, the HTML ``response``, and a ``robots.txt`` response that tidings
skips (not HTML). Record ids and dates are fixed so the bytes are the same every run.
The article is the tidings team's own text (CC0, see README.md).
"""

from __future__ import annotations

import uuid
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUTPUT = Path(__file__).with_name("08_red_sea_crawl.warc.gz")
PAGE_URL = "https://gulf-observer.example.org/2024/02/02/red-sea-ship-missile"
ROBOTS_URL = "https://gulf-observer.example.org/robots.txt"
CRAWL_DATE = "2024-02-02T10:15:00Z"

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Houthis say they fired missiles at cargo ship in Red Sea | Gulf Observer</title>
  <meta property="og:title" content="Houthis say they fired missiles at cargo ship in Red Sea">
  <meta name="date" content="2024-02-02">
</head>
<body>
  <nav><a href="/">Gulf Observer</a> <a href="/region">Region</a> <a href="/energy">Energy</a>
  <a href="/shipping">Shipping</a> <a href="/subscribe">Subscribe</a></nav>
  <main>
  <article>
    <h1>Houthis say they fired missiles at cargo ship in Red Sea</h1>
    <p>Yemen's Houthi movement said on Friday it had fired anti-ship missiles at a
    cargo vessel in the Red Sea, in the latest attack on commercial shipping that the group
    says is aimed at pressuring Israel over the war in Gaza.</p>
    <p>A Houthi military spokesman said in a televised statement that the group had targeted
    a British-owned bulk carrier west of the port of Hodeidah late on Thursday and would continue
    its operations "until the aggression stops".</p>
    <p>U.S. Central Command said two missiles were launched from Houthi-controlled areas of Yemen
    towards the ship, and that one was shot down by a U.S. destroyer while the other fell into the
    sea. No injuries or damage were reported, it said. The ship's operator said the vessel was
    continuing its voyage to the Suez Canal.</p>
    <p>The British maritime security agency UKMTO said it had received a report of an explosion
    about 60 nautical miles from Hodeidah and advised vessels to transit with caution.</p>
    <p>The Houthis, who control Yemen's capital Sanaa and much of the country's north, have launched
    dozens of drone and missile attacks on ships since November. The United States and Britain have
    carried out air strikes on Houthi targets in Yemen since January 12, which the group has vowed
    to answer.</p>
    <p>Major shipping companies have diverted vessels around the Cape of Good Hope, adding about
    ten days to voyages between Asia and Europe. Egypt said last week that revenue from the Suez
    Canal had fallen by about 40 percent since the start of the year. Insurers warned that rates
    could rise further if attacks continue into the spring.</p>
  </article>
  </main>
  <footer><p>Gulf Observer &copy; 2024</p><a href="/privacy">Privacy</a> <a href="/cookies">Cookies</a></footer>
</body>
</html>
"""

ROBOTS = "User-agent: *\nDisallow: /subscribe\n"


def _record_id(name: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}>"


def _headers(name: str) -> dict[str, str]:
    return {"WARC-Record-ID": _record_id(name), "WARC-Date": CRAWL_DATE}


def build(path: Path = OUTPUT) -> Path:
    """Write the example WARC to ``path`` and return it."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        info = writer.create_warcinfo_record(
            OUTPUT.name,  # the bundled name, wherever it is written, so bytes match
            {"software": "tidings examples/make_warc.py", "format": "WARC File Format 1.0"},
        )
        info.rec_headers.replace_header("WARC-Record-ID", _record_id("warcinfo"))
        info.rec_headers.replace_header("WARC-Date", CRAWL_DATE)
        writer.write_record(info)

        request_headers = StatusAndHeaders(
            "GET /2024/02/02/red-sea-ship-missile HTTP/1.1",
            [("Host", "gulf-observer.example.org"), ("User-Agent", "tidings-example-crawler")],
            is_http_request=True,
        )
        writer.write_record(
            writer.create_warc_record(
                PAGE_URL,
                "request",
                http_headers=request_headers,
                warc_headers_dict=_headers("request"),
            )
        )
        for url, body, content_type in (
            (PAGE_URL, PAGE, "text/html; charset=utf-8"),
            (ROBOTS_URL, ROBOTS, "text/plain"),
        ):
            payload = body.encode("utf-8")
            http_headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", content_type), ("Content-Length", str(len(payload)))],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=BytesIO(payload),
                    http_headers=http_headers,
                    warc_headers_dict=_headers(url),
                )
            )
    return path


if __name__ == "__main__":
    print(build())
