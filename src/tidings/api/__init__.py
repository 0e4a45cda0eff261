"""The tidings REST API and dashboard: ``create_app(store_url, token=...)`` -> FastAPI app.

Run it with ``tidings serve`` or any ASGI server::

    uvicorn --factory 'tidings.api:create_app'
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
