"""Security plumbing for the API: body size cap, response headers, bearer-token check."""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable

from fastapi import HTTPException, Request, status
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CONTENT_SECURITY_POLICY", "BodySizeLimit", "SecurityHeaders", "token_checker"]

#: Scripts, styles, images and fetches from this origin only; no plugins, no framing.
#: ``data:`` images are for Leaflet's and Swagger UI's inline icons.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class _BodyTooLarge(HTTPException):
    """Raised from ``receive``; FastAPI re-raises HTTPExceptions met while reading a body."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, _too_large(max_bytes))


def _too_large(max_bytes: int) -> str:
    return f"request body larger than {max_bytes} bytes"


class BodySizeLimit:
    """Answer 413 when a request body exceeds ``max_bytes``.

    Checks ``Content-Length`` up front and also counts chunked bodies as they stream in,
    so a client cannot get round the cap by omitting the header.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_large = int(declared) > self.max_bytes
            except ValueError:
                await _plain(send, 400, b"invalid Content-Length")
                return
            if too_large:
                await _plain(send, 413, self._message())
                return

        received = 0
        response_started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _BodyTooLarge:
            if not response_started:
                await _plain(send, 413, self._message())

    def _message(self) -> bytes:
        return json.dumps({"detail": _too_large(self.max_bytes)}).encode()


async def _plain(send: Send, status_code: int, body: bytes) -> None:
    content_type = b"application/json" if body.startswith(b"{") else b"text/plain; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status_code,
            "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Add CSP and friends to every HTTP response (API and dashboard alike)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in _HEADERS if name not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


def token_checker(token: str | None) -> Callable[[Request], None]:
    """A FastAPI dependency allowing a request only with ``Authorization: Bearer <token>``.

    Without a configured token the server is read-only and every write answers 403.
    """
    expected = token.encode() if token else None

    def check(request: Request) -> None:
        if expected is None:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                "read-only server: start it with --token or TIDINGS_API_TOKEN to allow writes",
            )
        scheme, _, supplied = request.headers.get("authorization", "").partition(" ")
        # compare_digest on bytes: constant time whatever the supplied value's length or content
        if scheme.lower() != "bearer" or not hmac.compare_digest(supplied.strip().encode(), expected):
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "missing or wrong bearer token",
                headers={"WWW-Authenticate": "Bearer"},
            )

    return check
