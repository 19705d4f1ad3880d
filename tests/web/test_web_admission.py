"""Under more concurrent clients than the store has connections the desk answers slower or
503 with Retry-After, never 500, and serves normally once the burst is over (issue 15,
item 1): real searches and pages over uvicorn on SQLite and PostgreSQL, and the admission
middleware on its own with a request that holds its turn."""

from __future__ import annotations

import asyncio
from collections import Counter

import anyio
import httpx
import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from reviewdesk.record import Store, open_store
from reviewdesk.web import create_app
from reviewdesk.web.admission import Admission, Message, Receive, Scope, Send
from tests.web.served import served

pytestmark = [pytest.mark.corpus, pytest.mark.slow]
PATHS = ["/api/search?q=revenue", "/api/reviews", "/companies"]


async def burst(base: str, clients: int) -> Counter[int]:
    """Every client asks for every path once, all at the same time; status counts."""
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base, timeout=300, limits=limits) as http:

        async def one(path: str) -> int:
            answer = await http.get(path)
            if answer.status_code == 503:
                assert answer.headers["retry-after"] == "2"
            return answer.status_code

        codes = await asyncio.gather(*(one(p) for _ in range(clients) for p in PATHS))
    return Counter(codes)


def load_against(store: Store) -> None:
    """Eighty clients against a desk whose store pools two connections (and waits half a
    second for one; requests may queue two minutes, so none is refused): before admission
    control the threads outnumbered the connections and pool timeouts came back as 500."""
    small = open_store(store.url, pool_size=2, pool_timeout=0.5)
    try:
        with served(create_app(small, queue_seconds=120)) as base:
            codes = asyncio.run(burst(base, 80))
            assert codes == Counter({200: 80 * len(PATHS)})
            assert httpx.get(f"{base}/api/search?q=revenue", timeout=10).status_code == 200
    finally:
        small.close()


def test_eighty_clients_on_two_sqlite_connections_get_answers_not_500(
    corpus_store: Store,
) -> None:
    load_against(corpus_store)


@pytest.mark.postgres
def test_eighty_clients_on_two_postgres_connections_get_answers_not_500(pg_store: Store) -> None:
    load_against(pg_store)


class Holding:
    """An ASGI app that answers after `hold` seconds, or raises `failure` first."""

    def __init__(self, hold: float = 0.0, failure: Exception | None = None) -> None:
        self.hold = hold
        self.failure = failure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await anyio.sleep(self.hold)
        if self.failure is not None:
            raise self.failure
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def call(app: Admission, path: str) -> tuple[int, dict[bytes, bytes], bytes]:
    """One GET through the middleware: status, headers, body."""
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await app({"type": "http", "path": path, "method": "GET"}, receive, send)
    return sent[0]["status"], dict(sent[0]["headers"]), sent[1]["body"]


def test_a_request_that_waits_past_the_queue_time_gets_503_with_retry_after() -> None:
    admission = Admission(Holding(hold=0.5), limit=1, queue_seconds=0.1)

    async def two() -> list[tuple[int, dict[bytes, bytes], bytes]]:
        first = asyncio.create_task(call(admission, "/api/search"))
        await asyncio.sleep(0.05)
        second = await call(admission, "/api/search")
        return [await first, second]

    (first, _, _), (status, headers, body) = asyncio.run(two())
    assert (first, status) == (200, 503)
    assert headers[b"retry-after"] == b"2"
    assert body == b'{"error": "the desk is busy; try again in 2 seconds", "status": 503}'
    assert asyncio.run(call(admission, "/api/search"))[0] == 200


def test_pool_timeout_and_locked_database_are_503_not_500() -> None:
    for failure in (
        PoolTimeout("QueuePool limit of size 5 overflow 10 reached"),
        OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked")),
    ):
        status, headers, body = asyncio.run(call(Admission(Holding(failure=failure), 4), "/"))
        assert (status, headers[b"retry-after"]) == (503, b"2")
        assert b"the database is busy; try again in 2 seconds" in body


def test_other_database_errors_are_not_hidden_as_busy() -> None:
    failure = OperationalError("SELECT", {}, Exception("no such table: letters"))
    with pytest.raises(OperationalError):
        asyncio.run(call(Admission(Holding(failure=failure), 4), "/"))
