"""Fetching a URL politely and defensively.

http and https only, also after every redirect (redirects are followed by hand so
that a redirect to ``file://`` or ``ftp://`` is refused). Timeouts and the size cap
come from ``[sources]`` in the config: ``timeout_s`` bounds each network operation
and the whole fetch, ``max_bytes`` is enforced on the decoded body while it streams,
so neither a slow server nor a huge (or compressed-bomb) body can stall a batch.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..errors import SourceError
from ._common import URL_SCHEMES, SourceSettings, load_settings, parse_content_type

if TYPE_CHECKING:
    import httpx

__all__ = ["FetchedResource", "fetch_url", "make_client"]


@dataclass(frozen=True, slots=True)
class FetchedResource:
    """A fetched body with what is needed to read it."""

    url: str  # the final URL, after redirects
    content: bytes
    media_type: str  # "text/html", "application/rss+xml", ... ("" when not sent)
    charset: str | None


def _check_scheme(url: str, requested: str, shown: str | None = None) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in URL_SCHEMES:
        where = f" (redirected to {shown or url})" if url != requested else ""
        raise SourceError(requested, f"unsupported URL scheme {scheme or 'none'!r}{where}")


def _read_capped(
    response: httpx.Response, requested: str, settings: SourceSettings, deadline: float
) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_bytes:
        raise SourceError(
            requested, f"response too large ({declared} bytes > {settings.max_bytes})"
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > settings.max_bytes:
            raise SourceError(requested, f"response too large (over {settings.max_bytes} bytes)")
        if time.monotonic() > deadline:
            raise SourceError(requested, f"timed out after {settings.timeout_s:g}s")
        chunks.append(chunk)
    return b"".join(chunks)


def make_client(settings: SourceSettings | None = None) -> httpx.Client:
    """An HTTP client with the config's timeouts and User-Agent, to share across fetches."""
    import httpx  # heavy: loaded only when a URL is read

    settings = settings or load_settings()
    return httpx.Client(
        timeout=httpx.Timeout(settings.timeout_s),
        headers={"User-Agent": settings.user_agent},
    )


def fetch_url(
    url: str, *, settings: SourceSettings | None = None, client: httpx.Client | None = None
) -> FetchedResource:
    """GET ``url`` (http/https only) and return its body; raises ``SourceError``.

    Redirects are followed up to ``[sources] max_redirects``, each target re-checked.
    Pass ``client`` to reuse connections across many fetches.
    """
    import httpx

    settings = settings or load_settings()
    _check_scheme(url, url)
    own_client = client is None
    if client is None:
        client = make_client(settings)
    deadline = time.monotonic() + settings.timeout_s
    current = url
    try:
        for _ in range(settings.max_redirects + 1):
            with client.stream("GET", current, follow_redirects=False) as response:
                if response.is_redirect:
                    location = response.headers.get("location")
                    if not location:
                        raise SourceError(url, f"HTTP {response.status_code} without Location")
                    current = str(response.url.join(location))
                    _check_scheme(current, url, shown=location)
                    continue
                if response.status_code >= 400:
                    raise SourceError(url, f"HTTP {response.status_code}")
                content = _read_capped(response, url, settings, deadline)
                media_type, charset = parse_content_type(response.headers.get("content-type", ""))
                return FetchedResource(str(response.url), content, media_type, charset)
        raise SourceError(url, f"too many redirects (over {settings.max_redirects})")
    except httpx.TimeoutException:
        raise SourceError(url, f"timed out after {settings.timeout_s:g}s") from None
    except httpx.InvalidURL:
        raise SourceError(url, "invalid URL") from None
    except httpx.HTTPError as exc:
        raise SourceError(url, f"fetch failed ({type(exc).__name__})") from None
    finally:
        if own_client:
            client.close()
