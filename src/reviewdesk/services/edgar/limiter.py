"""A request-rate limit shared by every worker thread: requests start at least 1/rate seconds
apart (plus a small slack), so no one-second window ever holds more than `rate` of them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

SLACK = 0.01
"""Seconds added to each interval (about 9.1 requests a second at rate 10): eleven requests
then span at least 1.1 s, so up to 100 ms of scheduling jitter between the limiter and the wire
(a busy machine) still leaves the server seeing no more than `rate` requests in any second."""


class RateLimiter:
    """Hands out start times `interval` apart; `acquire` blocks the calling thread until its
    turn. Thread-safe; one instance serves a whole fetch."""

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
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next = float("-inf")

    def acquire(self) -> None:
        """Wait until this caller may start a request."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval
        delay = start - now
        if delay > 0:
            self._sleep(delay)
