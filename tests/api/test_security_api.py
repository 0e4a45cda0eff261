"""Writes need the token; limits hold; headers lock the dashboard down."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from tests.api.sample_events import TOKEN

from tidings.config import load_config

MAX_BODY = int(load_config()["api"]["max_body_bytes"])
MAX_ARTICLES = int(load_config()["api"]["max_articles_per_request"])
INVALID_BODY = {"articles": []}  # passes auth, fails validation: proves auth let it through


def test_read_only_server_refuses_writes(client: TestClient) -> None:
    response = client.post("/api/articles", json=INVALID_BODY, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    assert client.get("/api/meta").json()["read_only"] is True


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": f"Basic {TOKEN}"},
     {"Authorization": f"Bearer {TOKEN}x"}],
)
def test_missing_or_wrong_token_is_401(writable_client: TestClient, headers: dict) -> None:
    response = writable_client.post("/api/articles", json=INVALID_BODY, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_right_token_reaches_validation(writable_client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert writable_client.post("/api/articles", json=INVALID_BODY, headers=auth).status_code == 422
    bad_url = {"articles": [{"text": "x", "url": "javascript:alert(1)"}]}
    assert writable_client.post("/api/articles", json=bad_url, headers=auth).status_code == 422
    too_many = {"articles": [{"text": f"article {i}"} for i in range(MAX_ARTICLES + 1)]}
    response = writable_client.post("/api/articles", json=too_many, headers=auth)
    assert response.status_code == 400 and str(MAX_ARTICLES) in response.text
    assert writable_client.get("/api/meta").json()["read_only"] is False


def test_oversized_body_is_413(writable_client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    big = b'{"articles": [{"text": "' + b"a" * MAX_BODY + b'"}]}'
    response = writable_client.post("/api/articles", content=big, headers={**auth, "Content-Type": "application/json"})
    assert response.status_code == 413


def test_oversized_chunked_body_without_length_is_413(writable_client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}

    def chunks():
        yield b'{"articles": [{"text": "'
        for _ in range(MAX_BODY // 65536 + 2):
            yield b"a" * 65536
        yield b'"}]}'

    response = writable_client.post("/api/articles", content=chunks(), headers={**auth, "Content-Type": "application/json"})
    assert response.status_code == 413


def test_no_cors_headers_by_default(client: TestClient) -> None:
    response = client.get("/api/events", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/api/articles", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_dashboard_has_a_strict_content_security_policy(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "object-src 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in page.text  # no inline scripts for the CSP to block


def test_dashboard_assets_are_served_locally(client: TestClient) -> None:
    page = client.get("/").text
    for asset in (
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet.markercluster/leaflet.markercluster.js",
        "/static/vendor/topojson-client/topojson-client.min.js",
        "/static/js/main.js",
        "/static/style.css",
    ):
        assert asset in page
        assert client.get(asset).status_code == 200, asset
    world = client.get("/static/vendor/world-atlas/countries-50m.json").json()
    assert world["type"] == "Topology" and "countries" in world["objects"]
    assert "http" not in page.replace("http-equiv", "")  # no CDN references


def test_docs_page_uses_vendored_swagger(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()


def test_static_files_cannot_escape_the_web_directory(client: TestClient) -> None:
    assert client.get("/static/../api/app.py").status_code == 404
    assert client.get("/static/%2e%2e/api/app.py").status_code == 404
