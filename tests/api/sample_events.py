"""Realistic stored events for API and browser tests, built from records (no spaCy).

Offsets are computed from the texts, so every span really indexes its article.
"""

from __future__ import annotations

from datetime import date

from tidings.pipeline import ArticleResult
from tidings.records import (
    ActorRef,
    Article,
    Attribution,
    DateInfo,
    Event,
    Evidence,
    Location,
    Toponym,
)

TOKEN = "s3cret-token-for-tests"  # the bearer token of the writable test app
HOSTILE_MARKUP = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'

BEN_JAWAD = (
    "Libyan forces advance on Sirte\n\n"
    "Fighters loyal to the Petroleum Facilities Guard clashed with Islamic State militants "
    "near Ben Jawad on Thursday, killing at least five people, a spokesman told Reuters. "
    "The guard said its units had seized the coastal road. "
    "Officials in Tripoli said the government would send aid to families displaced by the fighting."
)
NAIROBI = (
    "Thousands march in Nairobi\n\n"
    "Thousands of opposition supporters protested in Nairobi on Monday against the electoral "
    "commission, witnesses said. Police fired tear gas at protesters near Uhuru Park, "
    "according to the Daily Nation. The commission rejected calls to resign."
)
BOGOTA = (
    "Ceasefire signed in Havana\n\n"
    "The Colombian government and the FARC signed a ceasefire agreement in Havana on "
    "June 23, 2016, ending decades of conflict, state media reported. "
    "Rebel commanders said they would hand over weapons within six months."
)
HOSTILE = (
    "Markup in the news " + HOSTILE_MARKUP + "\n\n"
    "Protesters stormed the parliament in Baghdad on Saturday " + HOSTILE_MARKUP + ", "
    "officials said."
)


def _sentence_around(text: str, start: int) -> tuple[int, int]:
    stop = text.rfind(". ", 0, start)
    begin = max(stop + 2 if stop != -1 else 0, text.rfind("\n", 0, start) + 1)
    end = text.find(". ", start)
    end = len(text) if end == -1 else end + 1
    return begin, end


def _span(text: str, words: str, after: int = 0) -> tuple[int, int]:
    start = text.index(words, after)
    return start, start + len(words)


def make_event(
    article: Article,
    event_type: str,
    trigger: str,
    *,
    when: tuple[str, str, str] | None,  # (words in text or "", ISO start, ISO end)
    actor: tuple[str, str, str | None, str | None] | None = None,  # words, name, country, sector
    recipient: tuple[str, str, str | None, str | None] | None = None,
    place: tuple[str, str, float, float, str] | None = None,  # words, name, lat, lon, country
    source: str | None = None,
    modality: str = "asserted",
    fatalities: int | None = None,
    confidence: float = 0.8,
    cameo_root: str | None = None,
    acled: tuple[str, str] | None = None,
) -> Event:
    text = article.text
    body = text.find("\n\n")
    t_start, t_end = _span(text, trigger, body + 2 if body != -1 else 0)
    s_start, s_end = _sentence_around(text, t_start)

    def ref(spec: tuple[str, str, str | None, str | None] | None) -> ActorRef | None:
        if spec is None:
            return None
        start, end = _span(text, spec[0], s_start)
        return ActorRef(text=spec[0], name=spec[1], start=start, end=end, country=spec[2], sector=spec[3])

    location = None
    if place is not None:
        start, end = _span(text, place[0], s_start)
        location = Location(
            text=place[0], name=place[1], start=start, end=end, lat=place[2], lon=place[3],
            country=place[4], precision="city",
        )
    if when is None:
        date_info = DateInfo(start=None, end=None, precision=None, basis="unknown")
    elif when[0]:
        start, end = _span(text, when[0], s_start)
        date_info = DateInfo(
            start=when[1], end=when[2], precision="day",
            basis="explicit" if any(ch.isdigit() for ch in when[0]) else "relative",
            text=when[0], span_start=start, span_end=end,
        )
    else:
        date_info = DateInfo(start=when[1], end=when[2], precision="day", basis="reporting_date")
    attribution = None
    if source is not None:
        start, end = _span(text, source, s_start)
        attribution = Attribution(source=source, verb="said", start=start, end=end)
    return Event(
        id=Event.make_id(article.id, t_start, event_type),
        article_id=article.id,
        type=event_type,
        mode=None,
        cameo_root=cameo_root,
        acled_event_type=acled[0] if acled else None,
        acled_sub_event_type=acled[1] if acled else None,
        actor=ref(actor),
        recipient=ref(recipient),
        location=location,
        date=date_info,
        evidence=Evidence(
            sentence=text[s_start:s_end], start=s_start, end=s_end, trigger=trigger,
            trigger_start=t_start, trigger_end=t_end,
        ),
        fatalities=fatalities,
        attribution=attribution,
        modality=modality,
        confidence=confidence,
    )


def sample_results() -> list[ArticleResult]:
    """Four articles (one with hostile markup) and nine events across types and places."""
    libya = Article.from_text(BEN_JAWAD, title="Libyan forces advance on Sirte", url="https://example.org/libya",
                              published=date(2016, 6, 10), source="test")
    kenya = Article.from_text(NAIROBI, title="Thousands march in Nairobi", url="https://example.org/kenya",
                              published=date(2016, 5, 17), source="test")
    colombia = Article.from_text(BOGOTA, title="Ceasefire signed in Havana", url="javascript:alert(1)",
                                 published=date(2016, 6, 24), source="test")
    hostile = Article.from_text(HOSTILE, title="Markup " + HOSTILE_MARKUP, published=date(2016, 7, 2),
                                source="test")
    ben_jawad = ("Ben Jawad", "Bin Jawad", 30.8, 18.09, "LBY")
    nairobi = ("Nairobi", "Nairobi", -1.283, 36.817, "KEN")
    libya_events = [
        make_event(libya, "ASSAULT", "clashed", when=("Thursday", "2016-06-09", "2016-06-09"),
                   actor=("Petroleum Facilities Guard", "Petroleum Facilities Guard", "LBY", "MIL"),
                   recipient=("Islamic State militants", "Islamic State", None, "REB"),
                   place=ben_jawad, source="Reuters", modality="reported", fatalities=5,
                   cameo_root="19", acled=("Battles", "Armed clash")),
        make_event(libya, "COERCE", "seized", when=("", "2016-06-10", "2016-06-10"),
                   actor=("The guard", "Petroleum Facilities Guard", "LBY", "MIL"), modality="claimed",
                   cameo_root="17", acled=("Battles", "Non-state actor overtakes territory")),
        make_event(libya, "AID", "send aid", when=None, actor=("the government", "Government of Libya", "LBY", "GOV"),
                   place=("Tripoli", "Tripoli", 32.887, 13.191, "LBY"), modality="future", cameo_root="07"),
    ]
    kenya_events = [
        make_event(kenya, "PROTEST", "protested", when=("Monday", "2016-05-16", "2016-05-16"),
                   actor=("opposition supporters", "Opposition supporters", "KEN", "OPP"),
                   recipient=("the electoral commission", "Electoral commission", "KEN", "GOV"),
                   place=nairobi, cameo_root="14", acled=("Protests", "Peaceful protest")),
        make_event(kenya, "COERCE", "fired tear gas", when=("", "2016-05-16", "2016-05-16"),
                   actor=("Police", "Kenya Police", "KEN", "COP"), recipient=("protesters", "Protesters", "KEN", "CVL"),
                   place=("Uhuru Park", "Uhuru Park", -1.289, 36.817, "KEN"), source="Daily Nation", modality="reported",
                   cameo_root="17", acled=("Riots", "Violent demonstration")),
        make_event(kenya, "REJECT", "rejected", when=("", "2016-05-17", "2016-05-17"),
                   actor=("The commission", "Electoral commission", "KEN", "GOV"), cameo_root="12"),
    ]
    colombia_events = [
        make_event(colombia, "AGREE", "signed", when=("June 23, 2016", "2016-06-23", "2016-06-23"),
                   actor=("The Colombian government", "Government of Colombia", "COL", "GOV"),
                   recipient=("the FARC", "FARC", "COL", "REB"), place=("Havana", "Havana", 23.133, -82.383, "CUB"),
                   source="state media", modality="reported", cameo_root="05"),
        make_event(colombia, "CONCEDE", "hand over weapons", when=None,
                   actor=("Rebel commanders", "FARC", "COL", "REB"), modality="future", cameo_root="08"),
    ]
    hostile_events = [
        make_event(hostile, "PROTEST", "stormed", when=("Saturday", "2016-07-02", "2016-07-02"),
                   actor=("Protesters", "Protesters", "IRQ", "CVL"),
                   recipient=("the parliament", "Parliament of Iraq", "IRQ", "LEG"),
                   place=("Baghdad", "Baghdad", 33.341, 44.401, "IRQ"), source="officials",
                   cameo_root="14", acled=("Protests", "Protest with intervention")),
    ]
    toponym = Toponym(article_id=libya.id, text="Ben Jawad", start=libya_events[0].location.start,  # type: ignore[union-attr]
                      end=libya_events[0].location.end, name="Bin Jawad", lat=30.8, lon=18.09, country="LBY")  # type: ignore[union-attr]
    return [
        ArticleResult(libya, libya_events, [toponym]),
        ArticleResult(kenya, kenya_events, []),
        ArticleResult(colombia, colombia_events, []),
        ArticleResult(hostile, hostile_events, []),
    ]


def filler_results(count: int) -> list[ArticleResult]:
    """``count`` one-event articles (protests in Tunis, one a day from 2017-01-01) for paging."""
    results = []
    for i in range(count):
        day = date.fromordinal(date(2017, 1, 1).toordinal() + i)
        text = f"Demonstrators gathered in Tunis on {day.isoformat()} to protest unemployment, number {i}."
        article = Article.from_text(text, title=f"Tunis protest {i}", published=day, source="filler")
        event = make_event(article, "PROTEST", "protest", when=(day.isoformat(), day.isoformat(), day.isoformat()),
                           actor=("Demonstrators", "Demonstrators", "TUN", "CVL"),
                           place=("Tunis", "Tunis", 36.8, 10.18, "TUN"), confidence=0.5 + (i % 5) / 10)
        results.append(ArticleResult(article, [event], []))
    return results
