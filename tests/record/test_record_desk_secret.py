"""The desk's secret is made once however many requests or workers ask for it first: on
PostgreSQL two first requests at once used to both insert it and one failed with a 500."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from reviewdesk.accounts.sessions import desk_secret
from reviewdesk.record import Store


def test_first_requests_at_once_all_get_the_one_secret(store: Store) -> None:
    start = threading.Barrier(8)

    def ask(_: int) -> str:
        start.wait()
        with store.write() as session:  # as the desk asks for it (web/auth.py csrf_for)
            return desk_secret(session)

    with ThreadPoolExecutor(8) as pool:
        secrets = list(pool.map(ask, range(8)))
    assert len(set(secrets)) == 1
    with store.session() as session:
        assert desk_secret(session) == secrets[0]
