"""Sample documents and a tiny routable HTTP handler for the sources tests."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

PARAGRAPHS = (
    (
        "Police fired tear gas at hundreds of protesters in central Nairobi on Tuesday, "
        "witnesses said, as demonstrators marched against a proposed tax increase."
    ),
    (
        "At least two people were injured, according to the Kenya Red Cross, which said its "
        "teams had treated a dozen others for the effects of the gas."
    ),
    (
        "Organisers said they would return to the streets next week if parliament did not "
        "withdraw the bill, which the finance ministry says is needed to reduce borrowing."
    ),
)
TITLE = "Police fire tear gas at tax protest in Nairobi"


def news_page(
    title: str = TITLE,
    paragraphs: tuple[str, ...] = PARAGRAPHS,
    published: str | None = "2024-06-18",
) -> str:
    """A realistic news page: navigation, the article, a related-links box and a footer."""
    meta = (
        f'<meta property="article:published_time" content="{published}T09:30:00Z">'
        if published
        else ""
    )
    body = "".join(f"<p>{para}</p>" for para in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | The Daily Ledger</title>{meta}</head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article><h1>{title}</h1>{body}</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Ten recipes for summer</a></li></ul></aside></main>
<footer><p>Copyright The Daily Ledger. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""


def rss_feed(items: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Ledger World</title><link>http://example.org/</link>"
        "<description>World news</description>" + "".join(items) + "</channel></rss>"
    )


def rss_item(title: str, link: str | None, pub_date: str, content: str | None = None) -> str:
    parts = [f"<title>{title}</title>", f"<pubDate>{pub_date}</pubDate>"]
    if link:
        parts.append(f"<link>{link}</link>")
    if content:
        parts.append(f"<content:encoded><![CDATA[{content}]]></content:encoded>")
    return "<item>" + "".join(parts) + "</item>"


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    chunks: int = 1  # >1: body sent in this many pieces without Content-Length


@dataclass
class LocalServer:
    base: str
    routes: dict[str, Route]
    hits: dict[str, int]

    def url(self, path: str) -> str:
        return self.base + path


def make_handler(routes: dict[str, Route], hits: dict[str, int]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:  # http.server API
            hits[self.path] = hits.get(self.path, 0) + 1
            route = routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.delay_s:
                time.sleep(route.delay_s)
            self.send_response(route.status)
            for key, value in route.headers.items():
                self.send_header(key, value)
            if route.chunks <= 1:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            piece = max(1, len(route.body) // max(route.chunks, 1))
            try:
                for start in range(0, len(route.body), piece):
                    self.wfile.write(route.body[start : start + piece])
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (size cap): expected

        def log_message(self, *args: object) -> None:
            pass

    return Handler
