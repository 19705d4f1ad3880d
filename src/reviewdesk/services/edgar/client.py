"""HTTP to EDGAR under its fair-access rules: the declared User-Agent on every request, the
shared rate limit on every attempt, retries with exponential backoff that honour Retry-After
on 429 and 5xx, and a stop after repeated 403s (EDGAR's answer to undeclared or too-fast
tools)."""

from __future__ import annotations

import email.utils
import json
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from reviewdesk.errors import ReviewDeskError
from reviewdesk.services.edgar.config import DATA_ENV, USER_AGENT_ENV, WWW_ENV, EdgarConfig
from reviewdesk.services.edgar.limiter import RateLimiter

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
WaitHook = Callable[[str], None]
"""Told, before each wait between retries, what is awaited: the URL, the reason and the wait."""


class EdgarError(ReviewDeskError):
    """A request EDGAR did not answer usefully; the message names the URL."""


class EdgarNotFound(EdgarError):
    """EDGAR answered 404: the filing, page or index is not there."""


class EdgarUnavailable(EdgarError):
    """Retries ran out (429, 5xx or a network error every time)."""


class EdgarUnreachable(EdgarUnavailable):
    """Retries ran out without EDGAR answering at all (no network, DNS or connection failed):
    the other requests of the run would meet the same fate."""


class EdgarForbidden(EdgarError):
    """EDGAR answered 403 to several requests in a row; going on would only prolong a block."""


class EdgarClient:
    """Fetches EDGAR addresses for any number of threads; counts the bytes it received."""

    def __init__(
        self,
        config: EdgarConfig,
        *,
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
        on_wait: WaitHook | None = None,
    ) -> None:
        self.config = config
        self.on_wait = on_wait
        self.limiter = limiter or RateLimiter(config.max_rate)
        self._sleep = sleep
        self._lock = threading.Lock()
        self._forbidden_in_a_row = 0
        self._unreachable: EdgarUnreachable | None = None
        self.bytes_received = 0
        self.requests_made = 0
        self._http = httpx.Client(
            headers={"User-Agent": config.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=config.timeout,
            follow_redirects=True,
            transport=transport,
            limits=httpx.Limits(max_connections=config.workers + 2),
        )

    def close(self) -> None:
        """Close the pooled connections."""
        self._http.close()

    def __enter__(self) -> EdgarClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def www(self, path: str) -> str:
        """The URL of `path` on the www host (archives, indexes, ticker file)."""
        return f"{self.config.www}/{path.lstrip('/')}"

    def data(self, path: str) -> str:
        """The URL of `path` on the data host (submissions JSON)."""
        return f"{self.config.data}/{path.lstrip('/')}"

    def get_json(self, url: str) -> Any:
        """GET `url` and decode it as JSON."""
        body = self.get(url)
        try:
            return json.loads(body)
        except ValueError as exc:
            raise EdgarError(f"{url}: EDGAR sent something that is not JSON ({exc})") from exc

    def get(self, url: str) -> bytes:
        """GET `url` and return its body; raises EdgarNotFound, EdgarForbidden,
        EdgarUnavailable or EdgarError. Once EDGAR proved unreachable, every later call fails
        at once with the same error instead of waiting out its own retries."""
        if self._unreachable is not None:
            raise EdgarUnreachable(str(self._unreachable))
        attempt = 0
        while True:
            ticket = self.limiter.acquire()
            with self._lock:
                self.requests_made += 1
            try:
                response = self._http.get(url)
            except httpx.TransportError as exc:
                attempt = self._wait_or_give_up(url, attempt, None, _network_error(exc))
                continue
            finally:
                self.limiter.done(ticket)
            status = response.status_code
            if status == 403:
                self._forbidden(url)
                attempt = self._wait_or_give_up(url, attempt, response, "403 Forbidden")
                continue
            with self._lock:
                self._forbidden_in_a_row = 0
            if status == 200:
                with self._lock:
                    self.bytes_received += len(response.content)
                return response.content
            if status == 404:
                raise EdgarNotFound(f"{url}: not on EDGAR (404)")
            if status in RETRY_STATUSES:
                attempt = self._wait_or_give_up(url, attempt, response, f"HTTP {status}")
                continue
            raise EdgarError(f"{url}: EDGAR answered HTTP {status}")

    def _forbidden(self, url: str) -> None:
        with self._lock:
            self._forbidden_in_a_row += 1
            count = self._forbidden_in_a_row
        if count >= self.config.max_forbidden:
            raise EdgarForbidden(
                f"EDGAR answered 403 Forbidden to {count} requests in a row (last: {url}). "
                "EDGAR does this when the User-Agent does not declare a person and e-mail, or "
                f"when requests come faster than it allows. Check {USER_AGENT_ENV} or "
                "--user-agent, wait ten minutes, then run the same command again: it resumes "
                "where it stopped."
            )

    def _wait_or_give_up(
        self, url: str, attempt: int, response: httpx.Response | None, reason: str
    ) -> int:
        if attempt >= self.config.retries and response is None:
            self._unreachable = EdgarUnreachable(
                f"{url}: EDGAR could not be reached in {attempt + 1} attempts (last: {reason}). "
                "Check the network connection (and HTTPS_PROXY if a proxy is needed) and the "
                f"EDGAR addresses (--www/--data, {WWW_ENV}/{DATA_ENV}), then run the same command "
                "again: it resumes where it stopped."
            )
            raise self._unreachable
        if attempt >= self.config.retries:
            raise EdgarUnavailable(
                f"{url}: gave up after {attempt + 1} attempts (last: {reason}); "
                "run the same command again later: it resumes where it stopped"
            )
        delay = min(self.config.max_backoff, self.config.backoff * 2**attempt)
        hinted = retry_after(response) if response is not None else None
        if hinted is not None:
            delay = max(delay, min(hinted, self.config.max_backoff))
        if self.on_wait is not None:
            self.on_wait(
                f"{url}: {reason}; waiting {delay:g} s before retry {attempt + 1} of "
                f"{self.config.retries}"
            )
        self._sleep(delay)
        return attempt + 1


def _network_error(exc: httpx.TransportError) -> str:
    """The transport error as a reader can act on it, e.g. 'network error: connection refused'."""
    detail = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect ({detail})"
    if isinstance(exc, httpx.TimeoutException):
        return f"no answer in time ({detail})"
    return f"network error ({detail})"


def retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asked to wait (Retry-After as seconds or as an HTTP date)."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
