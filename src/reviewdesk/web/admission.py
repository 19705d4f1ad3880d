"""Admission control: a desk process serves at most as many requests at once as its store
pools connections; the others queue, and one that waits too long, or finds the database
busy, is answered 503 with Retry-After instead of failing. Load makes answers slower or
refused with a clear reason, never 500s, and the process recovers by itself."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

QUEUE_SECONDS = 20.0
"""How long a request waits for its turn before it is refused."""
RETRY_AFTER_SECONDS = 2
"""What a refused client is told to wait before asking again."""
_BUSY_DATABASE = (
    "database is locked",
    "too many clients",
    "remaining connection slots",
    "could not connect",
    "connection refused",
    "server closed the connection",
)


def busy_database(exc: BaseException) -> bool:
    """Whether an error means the database is momentarily out of reach (pool exhausted,
    locked, out of connection slots), not that the request is wrong."""
    if isinstance(exc, PoolTimeout):
        return True
    return isinstance(exc, OperationalError) and any(
        words in str(exc).lower() for words in _BUSY_DATABASE
    )


class Admission:
    """ASGI middleware: `limit` requests in flight, the rest queued up to `queue_seconds`;
    static files pass without a turn (they never touch the database)."""

    def __init__(
        self,
        app: App,
        limit: int,
        queue_seconds: float = QUEUE_SECONDS,
        retry_after: int = RETRY_AFTER_SECONDS,
    ) -> None:
        self.app = app
        self.limit = limit
        self.queue_seconds = queue_seconds
        self.retry_after = retry_after
        self._limiter: anyio.CapacityLimiter | None = None

    def _turns(self) -> anyio.CapacityLimiter:
        if self._limiter is None:  # made inside the event loop that serves the requests
            self._limiter = anyio.CapacityLimiter(self.limit)
        return self._limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        turns = self._turns()
        admitted = False
        with anyio.move_on_after(self.queue_seconds):
            await turns.acquire()
            admitted = True
        if not admitted:
            await self._refuse(scope, send, "the desk is busy")
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            if started or not busy_database(exc):
                raise
            await self._refuse(scope, send, "the database is busy")
        finally:
            turns.release()

    async def _refuse(self, scope: Scope, send: Send, reason: str) -> None:
        message = f"{reason}; try again in {self.retry_after} seconds"
        if scope["path"].startswith("/api"):
            body = json.dumps({"error": message, "status": 503}).encode()
            kind = b"application/json"
        else:
            body = f"<!doctype html><title>Busy</title><p>{message}</p>".encode()
            kind = b"text/html; charset=utf-8"
        headers = [
            (b"content-type", kind),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(self.retry_after).encode()),
        ]
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": body})
