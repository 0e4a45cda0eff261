"""attribution_for and modality_for on hand-written sentences and the seed article."""

from __future__ import annotations

import pytest

from tidings.extract.attribution import attribution_for, modality_for
from tidings.records import MODALITIES

pytestmark = pytest.mark.slow


def read(parser, text: str, word: str):
    doc = parser(text)
    token = next(t for t in doc if t.text == word)
    attribution = attribution_for(doc, token)
    return attribution, modality_for(doc, token, attribution)


@pytest.mark.parametrize(
    ("text", "trigger", "source", "speaker"),
    [
        ("Reuters reported that militants attacked a checkpoint.", "attacked", "Reuters", None),
        ("Militants attacked a checkpoint, police said.", "attacked", "police", None),
        ("Reuters reported that the governor said militants attacked a checkpoint.", "attacked", "Reuters", "the governor"),
        ("According to the report, militants attacked a checkpoint.", "attacked", "the report", None),
        ("The commander told Al Jazeera that his forces captured the town.", "captured", "Al Jazeera", "The commander"),
        ("One recent report by al-Jazeera says that 12 loyalists were found dead.", "found", "al-Jazeera", None),
        ("Sources said the army shelled the village.", "shelled", "Sources", None),
        ("Ansar are blamed by Washington for the killing of an ambassador.", "killing", "Washington", None),
    ],
)
def test_attribution_source_and_speaker(parser, text, trigger, source, speaker):
    attribution, _ = read(parser, text, trigger)
    assert attribution is not None
    assert (attribution.source, attribution.speaker) == (source, speaker)
    assert text[attribution.start:attribution.end] == source


def test_unattributed_event_has_no_attribution(parser):
    attribution, modality = read(parser, "Militants attacked a checkpoint near the city.", "attacked")
    assert attribution is None and modality == "asserted"


@pytest.mark.parametrize(
    ("text", "trigger", "modality"),
    [
        ("The army did not shell the village.", "shell", "negated"),
        ("No civilians were killed in the raid.", "killed", "negated"),
        ("The army denied that it shelled the village.", "shelled", "denied"),
        ("Rebels threatened to attack the capital.", "attack", "future"),
        ("Rebels threatened to attack the capital.", "threatened", "asserted"),
        ("The government plans to hold elections.", "hold", "future"),
        ("They anticipate that they will beat the militants in days.", "beat", "future"),
        ("Militants could attack the base.", "attack", "hypothetical"),
        ("If talks fail, the army will attack.", "attack", "hypothetical"),
        ("The group allegedly executed five prisoners.", "executed", "claimed"),
        ("Ansar are blamed by Washington for the killing of an ambassador.", "killing", "claimed"),
        ("Reuters reported that militants attacked a checkpoint.", "attacked", "reported"),
        ("Troops reportedly began to advance into the city.", "advance", "reported"),
    ],
)
def test_modality(parser, text, trigger, modality):
    assert modality in MODALITIES
    assert read(parser, text, trigger)[1] == modality


@pytest.fixture(scope="module")
def seed_doc(parser, seed_text):
    return parser(seed_text)


def seed_read(doc, phrase: str, word: str):
    offset = doc.text.index(phrase)
    token = next(t for t in doc if t.idx >= offset and t.text == word)
    attribution = attribution_for(doc, token)
    return attribution, modality_for(doc, token, attribution)


@pytest.mark.parametrize(
    ("phrase", "word", "source", "speaker", "modality"),
    [
        ("The AhlulBayt News Agency reported", "pushed", "AhlulBayt News Agency", None, "reported"),
        ("the Inquisitr reported on the brutality", "executed", "Inquisitr", None, "reported"),
        ("According to the report, this", "encouraged", "the report", None, "reported"),
        ("One recent report by al-Jazeera", "found", "al-Jazeera", None, "reported"),
        ("Ansar are the ones", "killing", "Washington", None, "claimed"),
    ],
)
def test_seed_article_attribution(seed_doc, phrase, word, source, speaker, modality):
    attribution, found_modality = seed_read(seed_doc, phrase, word)
    assert attribution is not None
    assert (attribution.source, attribution.speaker, found_modality) == (source, speaker, modality)


def test_seed_quote_told_outlet_is_source(seed_doc):
    attribution, _ = seed_read(seed_doc, "We’re dealing with ISIL", "dealing")
    assert attribution is not None
    assert (attribution.source, attribution.speaker) == ("Al Jazeera", "Ali bin Gharbiya")


@pytest.mark.parametrize(
    ("phrase", "word", "modality"),
    [
        ("ISIS did not help", "improve", "negated"),
        ("anticipate that they will beat", "beat", "future"),
    ],
)
def test_seed_article_modality(seed_doc, phrase, word, modality):
    assert seed_read(seed_doc, phrase, word)[1] == modality


def test_a_commitment_is_asserted_not_future(parser) -> None:
    # "will provide" as the act is future; as the promise (AGREE) it was made.
    doc = parser("The United Nations will provide 25,000 tons of food aid to refugees.")
    token = next(t for t in doc if t.text == "provide")
    assert modality_for(doc, token, None) == "future"
    assert modality_for(doc, token, None, commitment=True) == "asserted"


def test_a_refusal_is_asserted_not_negated(parser) -> None:
    doc = parser("Syria said it will not accept more refugees.")
    token = next(t for t in doc if t.text == "accept")
    assert modality_for(doc, token, None) == "negated"
    assert modality_for(doc, token, None, refusal=True) == "asserted"
