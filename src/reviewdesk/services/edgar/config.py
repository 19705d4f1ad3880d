"""How to talk to EDGAR: base addresses, the declared User-Agent, and the fair-access limits
(SEC: a User-Agent naming the requester, at most 10 requests a second)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reviewdesk.errors import Invalid

WWW_ENV = "REVIEWDESK_EDGAR_WWW"
DATA_ENV = "REVIEWDESK_EDGAR_DATA"
USER_AGENT_ENV = "REVIEWDESK_EDGAR_USER_AGENT"
STATE_ENV = "REVIEWDESK_EDGAR_STATE"
DEFAULT_WWW = "https://www.sec.gov"
DEFAULT_DATA = "https://data.sec.gov"
SEC_MAX_RATE = 10.0
"""Requests per second the SEC allows one user across all its machines."""
DEFAULT_FORMS = ("UPLOAD", "CORRESP")


class EdgarConfigError(Invalid, ValueError):
    """A setting that makes fetching from EDGAR impossible or unfair; the message says which
    setting and what to do."""


@dataclass(frozen=True)
class EdgarConfig:
    """Everything the fetch code needs to know about the remote side and its own pace."""

    user_agent: str
    www: str = DEFAULT_WWW
    data: str = DEFAULT_DATA
    max_rate: float = SEC_MAX_RATE
    workers: int = 4
    retries: int = 8
    backoff: float = 0.5
    max_backoff: float = 60.0
    max_forbidden: int = 3
    timeout: float = 30.0

    def __post_init__(self) -> None:
        check_user_agent(self.user_agent)
        for name in ("www", "data"):
            url = getattr(self, name)
            if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
                raise EdgarConfigError(
                    f"EDGAR {name} address {url!r} is not an http(s) URL; give one like "
                    f"{DEFAULT_WWW if name == 'www' else DEFAULT_DATA}"
                )
        if self.max_rate <= 0:
            raise EdgarConfigError(f"--max-rate {self.max_rate}: give a positive rate")
        if self.max_rate > SEC_MAX_RATE and (talks_to_sec(self.www) or talks_to_sec(self.data)):
            raise EdgarConfigError(
                f"--max-rate {self.max_rate:g}: the SEC allows at most {SEC_MAX_RATE:g} requests "
                "a second; a higher rate is only for a local mirror"
            )
        if self.workers < 1:
            raise EdgarConfigError(f"--workers {self.workers}: give at least 1")


def talks_to_sec(url: str) -> bool:
    """True when `url` points at an SEC host, where the fair-access limits apply."""
    host = (urlsplit(url).hostname or "").lower()
    return host == "sec.gov" or host.endswith(".sec.gov")


def check_user_agent(user_agent: str) -> None:
    """Refuse a missing or anonymous User-Agent: EDGAR blocks undeclared tools with 403, and
    its fair-access policy asks for a name and an e-mail address."""
    value = user_agent.strip()
    if not value:
        raise EdgarConfigError(
            "no EDGAR User-Agent: the SEC requires every automated request to declare who "
            "makes it, and answers 403 to those that do not. Set "
            f'{USER_AGENT_ENV}="Your Name your.email@example.com" or pass '
            '--user-agent "Your Name your.email@example.com".'
        )
    if "@" not in value or " " not in value:
        raise EdgarConfigError(
            f"EDGAR User-Agent {value!r} lacks a name and an e-mail address, which the SEC's "
            'fair-access policy asks for; use the form "Your Name your.email@example.com".'
        )


def from_environment(
    *,
    user_agent: str | None = None,
    www: str | None = None,
    data: str | None = None,
    **limits: Any,
) -> EdgarConfig:
    """The configuration from explicit options, falling back to REVIEWDESK_EDGAR_* variables
    and the SEC's own addresses."""
    return EdgarConfig(
        user_agent=user_agent if user_agent is not None else os.environ.get(USER_AGENT_ENV, ""),
        www=(www or os.environ.get(WWW_ENV) or DEFAULT_WWW).rstrip("/"),
        data=(data or os.environ.get(DATA_ENV) or DEFAULT_DATA).rstrip("/"),
        **limits,
    )


def default_state_dir(store_url: str | None) -> Path:
    """Where fetch keeps its resume state: $REVIEWDESK_EDGAR_STATE, else beside a SQLite
    store file, else $XDG_CACHE_HOME/reviewdesk/edgar."""
    explicit = os.environ.get(STATE_ENV)
    if explicit:
        return Path(explicit)
    if store_url and store_url.startswith("sqlite:///"):
        database = Path(store_url.removeprefix("sqlite:///"))
        return database.with_name(database.name + ".edgar")
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reviewdesk" / "edgar"
