"""Time expressions: found in the text, resolved against the publication date.

The ``tidings_dates`` component writes ``doc._.timexes`` (a list of :class:`Timex`),
and :func:`date_for` picks the date of one event from them.

Resolution rules (news conventions):

* Absolute dates keep their own precision: "Oct. 22, 2011" is a day, "August 2015" a
  month, "in 2011" a year.
* Relative expressions resolve against ``doc._.published``: "last week" is the ISO week
  before publication, "In August of last year" the August of the previous year, "a month
  ago" the month one month back, "on Wednesday" the latest Wednesday on or before
  publication (the next one when the verb is in the future tense), "May 31" / "in April"
  the latest such day / month not after publication.
* Without a publication date relative expressions cannot be resolved and are skipped.

Calendar words and relative-time vocabulary live in ``data/time_words.toml``.
"""

from __future__ import annotations

import calendar
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..config import data_path, load_config
from ..nlp import doc_text
from ..records import DateInfo

__all__ = ["DatesComponent", "Timex", "date_for", "find_timexes", "resolve_timex"]


@dataclass(slots=True, frozen=True)
class Timex:
    """One resolved time expression: char span, token span, the period it names."""

    text: str
    start: int
    end: int
    start_token: int
    end_token: int
    date_start: date
    date_end: date
    precision: str  # 'day' | 'week' | 'month' | 'year' | 'range'
    relative: bool  # True when resolved against the publication date


@dataclass(slots=True, frozen=True)
class _Period:
    start: date
    end: date
    precision: str
    relative: bool


# --------------------------------------------------------------------------- lexicon


@dataclass(slots=True, frozen=True)
class _Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    days_offset: dict[str, int]
    units: dict[str, str]
    direction: dict[str, int]
    seasons: dict[str, tuple[int, int]]
    vague_ago: dict[str, tuple[int, int]]
    year_parts: dict[str, tuple[int, int]]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    with data_path("time_words.toml").open("rb") as fh:
        raw: dict[str, Any] = tomllib.load(fh)
    return _Lexicon(
        months=dict(raw["months"]),
        weekdays=dict(raw["weekdays"]),
        days_offset=dict(raw["days_offset"]),
        units=dict(raw["units"]),
        direction=dict(raw["direction"]),
        seasons={k: (v[0], v[1]) for k, v in raw["seasons"].items()},
        vague_ago={k: (v[0], v[1]) for k, v in raw["vague_ago"].items()},
        year_parts={k: (v[0], v[1]) for k, v in raw["year_parts"].items()},
    )


def _alternation(words: Iterable[str]) -> str:
    # Longest first so "sept" wins over "sep"; abbreviations may carry a period.
    ordered = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) + r"\.?" for w in ordered) + ")"


@dataclass(slots=True, frozen=True)
class _Pattern:
    name: str
    regex: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> tuple[_Pattern, ...]:
    lex = _lexicon()
    month = _alternation(lex.months)
    weekday = _alternation(lex.weekdays)
    season = _alternation(lex.seasons)
    direction = _alternation(lex.direction)
    unit = _alternation(lex.units)
    day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    year = r"(?:1[89]\d\d|20\d\d)"
    year_rel = r"(?:(?:of\s+)?(?:last|this|next)\s+year)"
    count = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|few|several|a\s+couple\s+of)"
    wd_prefix = rf"(?:(?:{direction}\s+)?{weekday},?\s+)?"
    specs = [
        ("iso", rf"\b{year}-[01]\d-[0-3]\d\b"),
        ("month_day_year", rf"\b{wd_prefix}{month},?\s+{day},?\s+{year}\b"),
        ("day_month_year", rf"\b{wd_prefix}{day}\s+(?:of\s+)?{month},?\s+{year}\b"),
        ("month_relyear", rf"\b{month},?\s+{year_rel}"),
        ("month_year", rf"\b{month},?\s+(?:of\s+)?{year}\b"),
        ("season_year", rf"\b(?:the\s+)?{season}\s+(?:of\s+)?{year}\b"),
        ("part_year", r"\b(?:earlier|early|mid|late)[\s-]+(?:in\s+)?(?:this|last|next)\s+year\b"),
        ("part_month", r"\b(?:earlier|early|mid|late)[\s-]+(?:in\s+)?this\s+month\b"),
        ("month_day", rf"\b{wd_prefix}{month}\s+{day}\b(?![,\s]*\d)"),
        ("day_month", rf"\b{wd_prefix}{day}\s+(?:of\s+)?{month}\b(?![,\s]*\d)"),
        ("ago", rf"\b(?:{count}\s+)?{unit}\s+ago\b"),
        ("dir_unit", rf"\b{direction}\s+(?:{unit}|weekend)\b"),
        ("dir_weekday", rf"\b{direction}\s+{weekday}\b"),
        ("dir_month", rf"\b(?:last|this|next)\s+{month}\b"),
        ("dir_season", rf"\b(?:last|this|next)\s+{season}\b"),
        ("day_word", r"\b(?:today|tonight|yesterday|tomorrow)\b"),
        ("weekday", rf"\b{weekday}\b"),
        ("month", rf"\b(?:(?:in|since|during|by|until|till|from|between|and|to|of|early|late|mid)\s+)?{month}\b"),
        ("year", rf"\b(?:in|since|during|by|until|till|from|of|early|late|mid|between|and|to)\s+{year}\b"),
    ]
    return tuple(_Pattern(name, re.compile(rx, re.IGNORECASE)) for name, rx in specs)


# ------------------------------------------------------------------- calendar helpers


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_period(year: int, month: int, relative: bool) -> _Period:
    return _Period(date(year, month, 1), _month_end(year, month), "month", relative)


def _year_period(year: int, relative: bool) -> _Period:
    return _Period(date(year, 1, 1), date(year, 12, 31), "year", relative)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _words(text: str) -> list[str]:
    return [w.rstrip(".").lower() for w in re.findall(r"[A-Za-z]+\.?|\d+", text)]


def _find_month(words: list[str]) -> int | None:
    months = _lexicon().months
    return next((months[w] for w in words if w in months), None)


def _find_year(text: str) -> int | None:
    match = re.search(r"\b(1[89]\d\d|20\d\d)\b", text)
    return int(match.group(1)) if match else None


def _find_day(text: str) -> int | None:
    for match in re.finditer(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", text):
        value = int(match.group(1))
        if 1 <= value <= 31:
            return value
    return None


_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _latest_month_day(month: int, day: int | None, published: date, future: bool) -> date | None:
    """The latest (month, day) not after publication; the next one when ``future``.

    With ``day`` None only the month counts: "in June" in a June paper is this June.
    """
    wanted = (month, day or 0)
    today = (published.month, published.day if day else 0)
    year = published.year
    if future and wanted < today:
        year += 1
    elif not future and wanted > today:
        year -= 1
    return _safe_date(year, month, day or 1)


def resolve_timex(text: str, kind: str, published: date | None, future: bool = False) -> _Period | None:
    """Resolve one matched expression of pattern ``kind``; None when it cannot be resolved."""
    lex = _lexicon()
    words = _words(text)
    lowered = text.lower()
    if kind == "iso":
        y, m, d = (int(p) for p in text.split("-"))
        found = _safe_date(y, m, d)
        return _Period(found, found, "day", False) if found else None
    if kind in ("month_day_year", "day_month_year"):
        month, year = _find_month(words), _find_year(text)
        rest = re.sub(r"\b(1[89]\d\d|20\d\d)\b", " ", text)
        day = _find_day(rest)
        if month is None or year is None or day is None:
            return None
        found = _safe_date(year, month, day)
        return _Period(found, found, "day", False) if found else None
    if kind == "month_year":
        month, year = _find_month(words), _find_year(text)
        return _month_period(year, month, False) if month and year else None
    if kind == "season_year":
        season = next(w for w in words if w in lex.seasons)
        year = _find_year(text)
        return _season_period(lex.seasons[season], year, False) if year else None
    if published is None:
        return None  # everything below is relative to the publication date
    if kind == "month_relyear":
        month = _find_month(words)
        offset = next(lex.direction[w] for w in words if w in ("last", "this", "next"))
        return _month_period(published.year + offset, month, True) if month else None
    if kind == "part_year":
        offset = next(lex.direction[w] for w in words if w in ("last", "this", "next"))
        part = next(w for w in words if w in lex.year_parts)
        first, last = lex.year_parts[part]
        year = published.year + offset
        if last == 0:  # "earlier this year": from January to publication
            end = published if offset == 0 else date(year, 12, 31)
            return _Period(date(year, first, 1), end, "range", True)
        return _Period(date(year, first, 1), _month_end(year, last), "range", True)
    if kind == "part_month":
        return _Period(published.replace(day=1), published, "range", True)
    if kind in ("month_day", "day_month"):
        month = _find_month(words)
        day = _find_day(text)
        if month is None or day is None:
            return None
        found = _latest_month_day(month, day, published, future)
        return _Period(found, found, "day", True) if found else None
    if kind == "ago":
        return _ago_period(words, published)
    if kind == "dir_unit":
        offset = next(lex.direction[w] for w in words if w in lex.direction)
        if "weekend" in words:
            saturday = _week_start(published) + timedelta(days=5 + 7 * offset)
            if offset == 0 and saturday > published and not future:
                saturday -= timedelta(days=7)
            return _Period(saturday, saturday + timedelta(days=1), "range", True)
        unit = lex.units[next(w for w in words if w in lex.units)]
        return _unit_period(unit, offset, published)
    if kind == "dir_weekday":
        offset = next(lex.direction[w] for w in words if w in lex.direction)
        weekday = next(lex.weekdays[w] for w in words if w in lex.weekdays)
        found = _weekday_date(weekday, published, future=offset > 0 or (offset == 0 and future))
        if offset < 0 and found == published:
            found -= timedelta(days=7)
        return _Period(found, found, "day", True)
    if kind == "dir_month":
        month = _find_month(words)
        offset = next(lex.direction[w] for w in words if w in ("last", "this", "next"))
        if month is None:
            return None
        if offset == 0:
            return _month_period(published.year, month, True)
        year = published.year + (0 if (offset < 0) == (month < published.month) else offset)
        return _month_period(year, month, True)
    if kind == "dir_season":
        offset = next(lex.direction[w] for w in words if w in ("last", "this", "next"))
        season = next(w for w in words if w in lex.seasons)
        return _season_period(lex.seasons[season], published.year + offset, True)
    if kind == "day_word":
        found = published + timedelta(days=lex.days_offset[words[0]])
        return _Period(found, found, "day", True)
    if kind == "weekday":
        weekday = next(lex.weekdays[w] for w in words if w in lex.weekdays)
        found = _weekday_date(weekday, published, future)
        return _Period(found, found, "day", True)
    if kind == "month":
        month = _find_month(words)
        if month is None:
            return None
        found = _latest_month_day(month, None, published, future)
        return _month_period(found.year, month, True) if found else None
    if kind == "year":
        year = _find_year(lowered)
        return _year_period(year, False) if year else None
    return None


def _season_period(months: tuple[int, int], year: int, relative: bool) -> _Period:
    first, last = months
    end_year = year + 1 if last < first else year
    return _Period(date(year, first, 1), _month_end(end_year, last), "range", relative)


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _unit_period(unit: str, offset: int, published: date) -> _Period:
    if unit == "week":
        start = _week_start(published) + timedelta(weeks=offset)
        return _Period(start, start + timedelta(days=6), "week", True)
    if unit == "month":
        year, month = _shift_month(published.year, published.month, offset)
        return _month_period(year, month, True)
    if unit == "year":
        return _year_period(published.year + offset, True)
    found = published + timedelta(days=offset)
    return _Period(found, found, "day", True)


def _weekday_date(weekday: int, published: date, future: bool) -> date:
    if future:
        ahead = (weekday - published.weekday()) % 7 or 7
        return published + timedelta(days=ahead)
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def _ago_period(words: list[str], published: date) -> _Period | None:
    lex = _lexicon()
    unit_word = next((w for w in words if w in lex.units), None)
    if unit_word is None:
        return None
    unit = lex.units[unit_word]
    counts = [_COUNT_WORDS.get(w) or (int(w) if w.isdigit() else None) for w in words]
    exact = next((c for c in counts if c), None)
    vague = exact is None or "few" in words or "several" in words or "couple" in words
    if vague:
        low, high = lex.vague_ago.get(unit + "s", (2, 5))
        earliest = _unit_period(unit, -high, published).start
        latest = _unit_period(unit, -low, published).end
        return _Period(earliest, min(latest, published), "range", True)
    assert exact is not None
    if unit == "day":
        found = published - timedelta(days=exact)
        return _Period(found, found, "day", True)
    return _unit_period(unit, -exact, published)


# ------------------------------------------------------------------------ the scanner


_NUMERIC_ENTS = {"CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL"}
_MAY_NEEDS_CONTEXT = re.compile(r"^may\b", re.IGNORECASE)
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _month_word_capitalised(text: str) -> bool:
    """Month names must be capitalised ("in April", not "march on"); "May" needs a preposition."""
    months = _lexicon().months
    for match in re.finditer(r"[A-Za-z]+", text):
        word = match.group(0)
        if word.lower() in months:
            return word[0].isupper()
    return True


def _candidate_matches(text: str) -> Iterator[tuple[int, int, str]]:
    taken: list[tuple[int, int]] = []
    for pattern in _patterns():
        for match in pattern.regex.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            matched = match.group(0)
            if not _month_word_capitalised(matched):
                continue
            if pattern.name == "month" and _MAY_NEEDS_CONTEXT.match(matched):
                continue  # bare "May" is the modal verb or a surname
            if pattern.name == "weekday" and not matched[0].isupper():
                continue
            taken.append((start, end))
            yield start, end, pattern.name


_LEADING_PREPOSITION = re.compile(
    r"^(?:in|on|since|during|by|until|till|from|between|and|to|of)\s+", re.IGNORECASE
)


def _is_future(token: Token) -> bool:
    """Whether the predicate governing ``token`` is in the future tense."""
    for ancestor in [token, *token.ancestors]:
        if ancestor.pos_ in ("VERB", "AUX"):
            # "will attack", "is going to attack"
            return any(
                c.dep_ == "aux" and (c.lower_ in _FUTURE_AUX or c.lower_ == "going")
                for c in ancestor.children
            )
    return False


def find_timexes(doc: Doc) -> list[Timex]:
    """Every resolvable time expression in ``doc``, in text order."""
    published = _as_date(doc._.published)
    text = doc.text
    numeric_spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _NUMERIC_ENTS]
    found: list[Timex] = []
    for start, end, kind in _candidate_matches(text):
        lead = _LEADING_PREPOSITION.match(text[start:end])
        if lead and kind in ("month", "year"):
            start += lead.end()
        if kind == "year" and any(s <= start < e for s, e in numeric_spans):
            continue  # "in 2000 homes" is a count, not a year
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        period = resolve_timex(text[start:end], kind, published, _is_future(span.root))
        if period is None:
            continue
        found.append(
            Timex(text[start:end], start, end, span.start, span.end,
                  period.start, period.end, period.precision, period.relative)
        )
    found.extend(_bare_years(doc, found, numeric_spans))
    found.sort(key=lambda t: t.start)
    return _merge_ranges(doc, found, published)


def _bare_years(doc: Doc, found: list[Timex], numeric: list[tuple[int, int]]) -> Iterator[Timex]:
    """Years with no preposition, taken only where the NER also calls them dates ("2011 file photo")."""
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        for token in ent:
            if not re.fullmatch(r"1[89]\d\d|20\d\d", token.text):
                continue
            if any(t.start <= token.idx < t.end for t in found):
                continue
            year = int(token.text)
            yield Timex(token.text, token.idx, token.idx + len(token), token.i, token.i + 1,
                        date(year, 1, 1), date(year, 12, 31), "year", False)


def _merge_ranges(doc: Doc, timexes: list[Timex], published: date | None) -> list[Timex]:
    """Join "between A and B" / "from A to B" into one range; open "since A" up to publication."""
    text = doc.text
    merged: list[Timex] = []
    index = 0
    while index < len(timexes):
        current = timexes[index]
        before = text[max(0, current.start - 12):current.start].lower()
        following = timexes[index + 1] if index + 1 < len(timexes) else None
        if following is not None:
            gap = text[current.end:following.start].strip().lower()
            opener = re.search(r"\b(between|from)\s+$", before)
            if opener and gap in (("and",) if opener.group(1) == "between" else ("to", "until", "till", "-", "–")):
                start = current.start - (len(before) - opener.start())
                span = doc.char_span(start, following.end, alignment_mode="expand")
                merged.append(Timex(text[start:following.end], start, following.end,
                                    span.start if span is not None else current.start_token,
                                    following.end_token, current.date_start,
                                    max(current.date_end, following.date_end), "range",
                                    current.relative or following.relative))
                index += 2
                continue
        since = re.search(r"\bsince\s+$", before)
        if since and published is not None and current.date_start <= published:
            start = current.start - (len(before) - since.start())
            span = doc.char_span(start, current.end, alignment_mode="expand")
            merged.append(Timex(text[start:current.end], start, current.end,
                                span.start if span is not None else current.start_token,
                                current.end_token, current.date_start, published, "range", True))
        else:
            merged.append(current)
        index += 1
    return merged


# --------------------------------------------------------------------- event dating

#: Dependency labels that keep a clause inside its governing clause for dating.
_CLAUSE_LINKS = {"ccomp", "xcomp", "conj", "advcl", "parataxis"}


def _anchor_predicate(token: Token) -> Token | None:
    """The first verb at or above ``token``: the predicate a time expression belongs to."""
    for ancestor in token.ancestors:
        if ancestor.pos_ in ("VERB", "AUX"):
            return ancestor
    return None


def _timex_root(doc: Doc, timex: Timex) -> Token:
    return doc[timex.start_token:timex.end_token].root


def _attached(doc: Doc, timex: Timex, predicate: Token) -> bool:
    """Whether ``timex`` modifies ``predicate`` with no other verb in between."""
    root = _timex_root(doc, timex)
    for ancestor in root.ancestors:
        if ancestor.i == predicate.i:
            return True
        # "began to advance ... last week": an xcomp verb shares its head's time frame
        if ancestor.pos_ in ("VERB", "AUX") and ancestor.dep_ != "xcomp":
            return False
    return False


def _clause_chain(token: Token) -> Iterator[Token]:
    """The trigger, then the clauses that govern it ("reported on May 31 that ... pushed")."""
    current = token
    yield current
    while current.dep_ in _CLAUSE_LINKS and current.head.i != current.i:
        current = current.head
        yield current


def _date_info(timex: Timex, basis: str | None = None) -> DateInfo:
    return DateInfo(
        start=timex.date_start.isoformat(),
        end=timex.date_end.isoformat(),
        precision=timex.precision,
        basis=basis or ("relative" if timex.relative else "explicit"),
        text=timex.text,
        span_start=timex.start,
        span_end=timex.end,
    )


def date_for(doc: Doc, token: Token) -> DateInfo:
    """The date of the event whose trigger head is ``token``.

    1. a time expression attached to the trigger (or to a noun trigger's phrase);
    2. one attached to a clause governing it. A report date ("X reported on May 31 that
       fighters pushed ...") is the best bound we have for the reported act, so the act
       takes it: news reports cover what happened just before them;
    3. one in the same sentence that belongs to no other predicate;
    4. otherwise the publication date (basis ``reporting_date``); with no publication
       date, the latest explicit date in the article (``latest_explicit``) or ``unknown``.
    Time frames are never inherited from earlier sentences.
    """
    timexes = doc._.timexes if doc._.timexes is not None else find_timexes(doc)
    sentence = token.sent
    in_sentence = [t for t in timexes if sentence.start_char <= t.start < sentence.end_char]
    for predicate in _clause_chain(token):
        attached = [t for t in in_sentence if _attached(doc, t, predicate)]
        if attached:
            return _date_info(min(attached, key=lambda t: abs(t.start - token.idx)))
    free = [t for t in in_sentence if _anchor_predicate(_timex_root(doc, t)) is None]
    if free:
        return _date_info(min(free, key=lambda t: abs(t.start - token.idx)))
    published = _as_date(doc._.published)
    if published is not None:
        if _is_background(doc, token, timexes, published):
            return DateInfo(None, None, None, "unknown")
        return DateInfo(published.isoformat(), published.isoformat(), "day", "reporting_date")
    explicit = [t for t in timexes if not t.relative]
    if explicit:
        latest = max(explicit, key=lambda t: (t.date_end, t.date_start))
        return DateInfo(latest.date_start.isoformat(), latest.date_end.isoformat(),
                        latest.precision, "latest_explicit")
    return DateInfo(None, None, None, "unknown")


def _is_past(token: Token) -> bool:
    predicate = token if token.pos_ in ("VERB", "AUX") else _anchor_predicate(token)
    if predicate is None:
        return False
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX for c in predicate.children):
        return False
    # "attacked", "was killed", "had stepped down"
    return predicate.tag_ == "VBD" or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in predicate.children
    )


def _paragraph_start(text: str, offset: int) -> int:
    blank = text.rfind("\n\n", 0, offset)
    return 0 if blank < 0 else blank + 2


def _is_background(doc: Doc, token: Token, timexes: list[Timex], published: date) -> bool:
    """A past-tense event in a paragraph set in the past is history, not news of the day.

    Its date is not inherited from the earlier sentence (too risky) but it is not given
    the reporting date either: the date is left unknown.
    """
    if not _is_past(token):
        return False
    window = timedelta(days=int(load_config().get("dates", {}).get("background_days", 31)))
    start = _paragraph_start(doc_text(doc), token.sent.start_char)
    return any(
        start <= t.start < token.sent.start_char and t.date_end < published - window
        for t in timexes
    )


class DatesComponent:
    """spaCy component: sets ``doc._.timexes``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.timexes = find_timexes(doc)
        return doc


@Language.factory("tidings_dates")
def make_dates_component(nlp: Language, name: str) -> DatesComponent:
    return DatesComponent()
