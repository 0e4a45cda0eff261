"""GET routes: filters, pagination, sorting, detail pages, exports, errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient
from tests.api.sample_events import HOSTILE_MARKUP

from tidings.config import load_config

MAX_PAGE = int(load_config()["api"]["max_page_size"])
SAMPLE_TOTAL = 9
FILLER_TOTAL = 60


def events(client: TestClient, **params: object) -> dict:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_lists_all_events_newest_first_with_total(client: TestClient) -> None:
    page = events(client, limit=5)
    assert page["total"] == SAMPLE_TOTAL + FILLER_TOTAL
    assert len(page["items"]) == 5
    dates = [e["date"]["start"] for e in page["items"]]
    assert dates == sorted(dates, reverse=True)
    assert {"id", "type", "evidence", "actor", "location", "date", "modality"} <= page["items"][0].keys()


@pytest.mark.parametrize(
    ("params", "expected_types"),
    [
        ({"type": "ASSAULT"}, ["ASSAULT"]),
        ({"type": "assault,agree"}, ["AGREE", "ASSAULT"]),
        ({"type": ["COERCE", "REJECT"]}, ["COERCE", "COERCE", "REJECT"]),
        ({"actor": "petroleum facilities"}, ["ASSAULT", "COERCE"]),
        ({"actor": "FARC"}, ["AGREE", "CONCEDE"]),  # as recipient and as actor
        ({"place": "nairobi"}, ["PROTEST"]),
        ({"bbox": "30,-5,40,5"}, ["COERCE", "PROTEST"]),  # Kenya
        ({"bbox": "170,-90,-170,90"}, []),  # across the antimeridian: nothing there
        ({"since": "2016-06-01", "until": "2016-06-30"}, ["AGREE", "ASSAULT", "COERCE"]),
        ({"modality": "future"}, ["AID", "CONCEDE"]),
        ({"modality": "claimed,future"}, ["AID", "COERCE", "CONCEDE"]),
        ({"q": "tear gas"}, ["COERCE"]),
        ({"type": "PROTEST", "until": "2016-12-31"}, ["PROTEST", "PROTEST"]),
    ],
)
def test_each_filter_selects_the_matching_events(
    client: TestClient, params: dict, expected_types: list[str]
) -> None:
    page = events(client, limit=MAX_PAGE, **params)
    assert sorted(e["type"] for e in page["items"]) == expected_types
    assert page["total"] == len(expected_types)


def test_facts_only_drops_claims_and_futures(client: TestClient) -> None:
    page = events(client, facts_only=True, until="2016-12-31", limit=MAX_PAGE)
    assert {e["modality"] for e in page["items"]} <= {"asserted", "reported"}
    assert "claimed" in {e["modality"] for e in events(client, limit=MAX_PAGE)["items"]}


def test_article_id_filter_returns_that_articles_events(client: TestClient) -> None:
    first = events(client, type="ASSAULT")["items"][0]
    page = events(client, article_id=first["article_id"])
    assert page["total"] == 3
    assert {e["article_id"] for e in page["items"]} == {first["article_id"]}


def test_pages_do_not_overlap_and_cover_everything(client: TestClient) -> None:
    seen: list[str] = []
    offset = 0
    while True:
        page = events(client, limit=25, offset=offset, sort="date")
        seen += [e["id"] for e in page["items"]]
        offset += 25
        if offset >= page["total"]:
            break
    assert len(seen) == len(set(seen)) == SAMPLE_TOTAL + FILLER_TOTAL
    beyond = events(client, limit=25, offset=10_000)
    assert beyond["items"] == []


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"limit": MAX_PAGE + 1}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"sort": "id; DROP TABLE events"}, "sort"),
        ({"since": "yesterday"}, "since"),
        ({"since": "2016-07-01", "until": "2016-06-01"}, "after until"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "0,0,200,10"}, "bbox"),
        ({"modality": "rumoured"}, "modality"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_parameters_answer_422_naming_the_input(client: TestClient, params: dict, reason: str) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    assert reason in response.text


@pytest.mark.parametrize("sort", ["confidence", "-confidence", "fatalities", "-fatalities", "type", "-type"])
def test_sorting(client: TestClient, sort: str) -> None:
    key = sort.lstrip("-")
    items = events(client, sort=sort, limit=MAX_PAGE)["items"]
    values = [e[key] for e in items if e[key] is not None]
    assert values == sorted(values, reverse=sort.startswith("-"))


def test_event_detail_carries_the_article_and_checkable_evidence(client: TestClient) -> None:
    event_id = events(client, type="ASSAULT")["items"][0]["id"]
    detail = client.get(f"/api/events/{event_id}").json()
    text = detail["article"]["text"]
    evidence = detail["evidence"]
    assert text[evidence["start"] : evidence["end"]] == evidence["sentence"]
    assert text[evidence["trigger_start"] : evidence["trigger_end"]] == "clashed"
    assert text[detail["actor"]["start"] : detail["actor"]["end"]] == "Petroleum Facilities Guard"
    assert detail["fatalities"] == 5
    assert detail["attribution"]["source"] == "Reuters"


def test_unknown_ids_answer_404(client: TestClient) -> None:
    for path in ("/api/events/0000000000000000", "/api/articles/0000000000000000", "/api/actors/Nobody%20At%20All"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "not found" in response.json()["detail"]


def test_article_route_returns_text_events_and_toponyms(client: TestClient) -> None:
    article_id = events(client, type="ASSAULT")["items"][0]["article_id"]
    article = client.get(f"/api/articles/{article_id}").json()
    assert article["title"] == "Libyan forces advance on Sirte"
    assert len(article["events"]) == 3
    assert article["toponyms"][0]["name"] == "Bin Jawad"


def test_actors_places_and_actor_timeline(client: TestClient) -> None:
    actors = client.get("/api/actors", params={"q": "facilities"}).json()["items"]
    assert actors[0]["name"] == "Petroleum Facilities Guard"
    assert actors[0]["events"] == 2
    top = client.get("/api/actors", params={"limit": 1}).json()["items"]
    assert top[0]["name"] == "Demonstrators"
    actor = client.get("/api/actors/Petroleum Facilities Guard").json()
    assert actor["summary"]["country"] == "LBY"
    assert actor["by_week"] == [{"week": "2016-06-06", "count": 2}]
    places = client.get("/api/places", params={"q": "tun"}).json()["items"]
    assert places[0]["name"] == "Tunis" and places[0]["events"] == FILLER_TOTAL
    assert client.get("/api/actors", params={"limit": MAX_PAGE + 1}).status_code == 422


def test_stats_count_by_type_and_week(client: TestClient) -> None:
    stats = client.get("/api/stats", params={"until": "2016-12-31"}).json()
    assert stats["total_events"] == 7  # two undated events fall outside any date filter
    assert stats["by_type"]["COERCE"] == 2
    assert stats["total_articles"] == 4
    assert {"week": "2016-05-16", "count": 3} in stats["by_week"]
    everything = client.get("/api/stats").json()
    assert everything["total_events"] == SAMPLE_TOTAL + FILLER_TOTAL


def test_map_points_are_compact_and_inside_the_box(client: TestClient) -> None:
    data = client.get("/api/map", params={"bbox": "-20,-40,60,40"}).json()
    assert data["total"] == len(data["points"]) == 5 + 1 + FILLER_TOTAL - 1  # Africa; not Havana/Baghdad
    for _id, lat, lon, _type, _date in data["points"]:
        assert -40 <= lat <= 40 and -20 <= lon <= 60


def test_csv_export_of_a_filtered_set(client: TestClient) -> None:
    response = client.get("/api/events.csv", params={"place": "tunis"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == FILLER_TOTAL
    assert {row["type"] for row in rows} == {"PROTEST"}


def test_geojson_export_is_a_feature_collection(client: TestClient) -> None:
    response = client.get("/api/events.geojson", params={"type": "ASSAULT,PROTEST", "until": "2016-12-31"})
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 3
    lon, lat = next(
        f["geometry"]["coordinates"] for f in collection["features"] if f["properties"]["type"] == "ASSAULT"
    )
    assert (lat, lon) == (30.8, 18.09)


def test_hostile_article_text_comes_back_as_data(client: TestClient) -> None:
    hostile = events(client, q="parliament")["items"][0]
    detail = client.get(f"/api/events/{hostile['id']}")
    assert detail.headers["content-type"].startswith("application/json")
    body = detail.json()
    assert HOSTILE_MARKUP in body["article"]["text"]
    assert HOSTILE_MARKUP in body["article"]["title"]
    assert HOSTILE_MARKUP in body["evidence"]["sentence"]


def test_text_filters_are_data_not_sql(client: TestClient) -> None:
    assert events(client, q="' OR 1=1 --")["total"] == 0
    assert events(client, actor="%")["total"] == 0  # LIKE wildcards are escaped
    assert events(client)["total"] == SAMPLE_TOTAL + FILLER_TOTAL


def test_openapi_describes_the_routes(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/stats", "/api/events.csv", "/api/articles"):
        assert path in spec["paths"]
    assert "post" in spec["paths"]["/api/articles"]


def test_map_total_counts_located_events_beyond_the_points(client: TestClient) -> None:
    located = client.get("/api/events.geojson").json()["features"]
    data = client.get("/api/map", params={"limit": 3}).json()
    assert len(data["points"]) == 3
    assert data["total"] == len(located) < SAMPLE_TOTAL + FILLER_TOTAL
    newest = client.get("/api/map", params={"limit": 1000}).json()
    assert newest["total"] == len(newest["points"]) == len(located)
    assert newest["points"][:3] == data["points"]


def test_event_pages_equal_the_records_own_dicts(client: TestClient) -> None:
    items = client.get("/api/events", params={"limit": 500}).json()["items"]
    for item in items[:20]:
        detail = client.get(f"/api/events/{item['id']}").json()
        detail.pop("article")
        assert item == detail
