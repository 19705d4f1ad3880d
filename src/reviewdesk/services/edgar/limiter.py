"""A request-rate limit shared by every worker thread.

Two rules, both needed to keep EDGAR's count (at the server) at `rate` requests in any second:
requests start at least 1/rate seconds apart (plus a little slack), and a request starts only a
full second after the request `rate` places before it has come back. The second rule is what
holds on a busy machine, where a request that left late could otherwise arrive bunched up
with the ones after it: whatever the delays, the 11th request cannot reach the server within
a second of the 1st, because it leaves a second after the 1st's answer came back.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

SLACK = 0.005
"""Seconds added to each interval between starts."""
WINDOW = 1.0


class RateLimiter:
    """Hands out tickets to start a request; `acquire` blocks until the ticket may start and
    `done` says its answer came back. Thread-safe; one instance serves a whole fetch."""

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError(f"rate must be positive, not {rate}")
        self.interval = 1.0 / rate + SLACK
        self.capacity = max(1, int(rate))
        self._clock = clock
        self._sleep = sleep
        self._changed = threading.Condition()
        self._next = float("-inf")
        self._issued = 0
        self._finished: dict[int, float] = {}
        self._back_by: list[float] = []
        """Index t: the time by which tickets 0..t had all come back."""

    def acquire(self) -> int:
        """Wait until this caller may start a request; the ticket goes back through `done`."""
        with self._changed:
            ticket = self._issued
            self._issued += 1
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval
            floor = ticket - self.capacity
            while floor >= 0 and len(self._back_by) <= floor:
                self._changed.wait(0.05)
            if floor >= 0:
                start = max(start, self._back_by[floor] + WINDOW)
                self._next = max(self._next, start + self.interval)
        delay = start - self._clock()
        if delay > 0:
            self._sleep(delay)
        return ticket

    def done(self, ticket: int) -> None:
        """The request of `ticket` has its answer (or failed): it counts as arrived."""
        with self._changed:
            self._finished[ticket] = self._clock()
            while len(self._back_by) in self._finished:
                back = self._finished.pop(len(self._back_by))
                self._back_by.append(max(back, self._back_by[-1]) if self._back_by else back)
            self._changed.notify_all()
