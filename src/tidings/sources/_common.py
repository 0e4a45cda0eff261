"""Helpers shared by the format readers: settings, decoding, dates, file reading."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import date, datetime
from io import BufferedReader
from pathlib import Path

from dateutil import parser as date_parser

from ..config import load_config
from ..errors import SourceError

__all__ = [
    "URL_SCHEMES",
    "SourceSettings",
    "check_file_size",
    "decode_text",
    "is_url",
    "load_settings",
    "normalise_newlines",
    "parse_content_type",
    "parse_date",
    "read_file_bytes",
    "url_scheme",
]

#: The only URL schemes tidings fetches.
URL_SCHEMES = ("http", "https")

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*)://")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_DEFAULT_A = datetime(2000, 1, 1)
_DEFAULT_B = datetime(2001, 2, 2)


@dataclass(frozen=True, slots=True)
class SourceSettings:
    """The ``[sources]`` section of the config, typed."""

    user_agent: str
    timeout_s: float
    max_bytes: int
    max_file_bytes: int
    max_redirects: int
    min_html_text_chars: int
    title_max_chars: int
    skip_extensions: frozenset[str]


def load_settings() -> SourceSettings:
    cfg = load_config()["sources"]
    return SourceSettings(
        user_agent=str(cfg["user_agent"]),
        timeout_s=float(cfg["timeout_s"]),
        max_bytes=int(cfg["max_bytes"]),
        max_file_bytes=int(cfg["max_file_bytes"]),
        max_redirects=int(cfg.get("max_redirects", 5)),
        min_html_text_chars=int(cfg.get("min_html_text_chars", 40)),
        title_max_chars=int(cfg.get("title_max_chars", 200)),
        skip_extensions=frozenset(str(ext).lower() for ext in cfg.get("skip_extensions", [])),
    )


def url_scheme(value: str) -> str | None:
    """The scheme of ``value`` when it looks like a URL (``ftp://x`` -> ``ftp``), else None."""
    match = _SCHEME.match(value)
    return match.group(1).lower() if match else None


def parse_content_type(value: str) -> tuple[str, str | None]:
    """(media type, charset) of a Content-Type header value."""
    media_type, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return media_type.strip().lower(), charset


def is_url(value: str) -> bool:
    """True for anything written as ``scheme://...``, fetchable or not."""
    return url_scheme(value) is not None


def normalise_newlines(text: str) -> str:
    """Universal newlines, so offsets do not depend on the platform that wrote the file."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes, source: str, *, encoding: str | None = None) -> str:
    """Decode article bytes: UTF-8 (BOM stripped), UTF-16 with a BOM, or ``encoding``.

    Raises ``SourceError`` for binary data (NUL bytes without a UTF-16 BOM) and for
    bytes that do not decode.
    """
    if data.startswith(_UTF16_BOMS):
        try:
            return normalise_newlines(data.decode("utf-16"))
        except UnicodeDecodeError:
            raise SourceError(source, "not UTF-16 text despite its byte-order mark") from None
    if b"\x00" in data:
        raise SourceError(source, "binary file")
    chosen = _codec_name(encoding) or "utf-8"
    if chosen == "utf-8":
        chosen = "utf-8-sig"
    try:
        return normalise_newlines(data.decode(chosen))
    except UnicodeDecodeError:
        label = "UTF-8" if chosen == "utf-8-sig" else chosen
        raise SourceError(source, f"not {label} text") from None


def _codec_name(encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return codecs.lookup(encoding.strip().strip("\"'")).name
    except LookupError:
        return None


def parse_date(value: object) -> date | None:
    """A date from an ISO string, a datetime or a date; None when ``value`` holds none."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        # Parsed twice with different defaults: a string missing its day, month or year
        # ("June 2016") is not a publication date, and dateutil would fill it from today.
        first = date_parser.parse(text, default=_DEFAULT_A)
        second = date_parser.parse(text, default=_DEFAULT_B)
    except (ValueError, OverflowError):
        return None
    return first.date() if first.date() == second.date() else None


def check_file_size(path: Path, settings: SourceSettings) -> None:
    """Refuse files over ``max_file_bytes`` before reading them."""
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        raise SourceError(str(path), f"file too large ({size} bytes > {settings.max_file_bytes})")


def open_file(path: Path, settings: SourceSettings) -> BufferedReader:
    """Open a file for reading, refusing missing, unreadable and oversized files."""
    source = str(path)
    try:
        check_file_size(path, settings)
        return path.open("rb")
    except FileNotFoundError:
        raise SourceError(source, "not found") from None
    except IsADirectoryError:
        raise SourceError(source, "is a directory") from None
    except PermissionError:
        raise SourceError(source, "permission denied") from None
    except OSError as exc:
        raise SourceError(source, f"unreadable ({exc.strerror or exc})") from None


def read_file_bytes(path: Path, settings: SourceSettings) -> bytes:
    """The whole file, refusing missing, unreadable, oversized and empty files."""
    with open_file(path, settings) as handle:
        data = handle.read()
    if not data.strip():
        raise SourceError(str(path), "empty")
    return data
