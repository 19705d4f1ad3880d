"""The mail server digests go through, configured by one URL:
`smtp://[user:password@]host[:port][?starttls=1&from=desk@example.com]` (plain SMTP, STARTTLS
when asked) or `smtps://...` (TLS from the start), from $REVIEWDESK_SMTP_URL."""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from reviewdesk.services.watchlist.errors import WatchInvalid

SMTP_URL_VAR = "REVIEWDESK_SMTP_URL"
DESK_URL_VAR = "REVIEWDESK_URL"
DEFAULT_SENDER = "reviewdesk@localhost"
TIMEOUT_SECONDS = 30.0
TRUE = ("1", "true", "yes", "on")


@dataclass(frozen=True, slots=True)
class MailServer:
    """Where and how to hand messages over."""

    host: str
    port: int
    tls: bool = False
    starttls: bool = False
    user: str | None = None
    password: str | None = None
    sender: str = DEFAULT_SENDER

    @classmethod
    def from_url(cls, url: str) -> MailServer:
        """The server of an smtp:// or smtps:// URL; WatchInvalid says what is wrong."""
        parts = urlsplit(url.strip())
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise WatchInvalid(
                f"{SMTP_URL_VAR}={url!r} is not a mail server URL; give "
                "smtp://[user:password@]host[:port][?starttls=1&from=desk@example.com]"
            )
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        tls = parts.scheme == "smtps"
        try:
            port = parts.port or (465 if tls else 25)
        except ValueError as exc:
            raise WatchInvalid(f"{SMTP_URL_VAR}: the port of {url!r} is not a number") from exc
        return cls(
            host=parts.hostname,
            port=port,
            tls=tls,
            starttls=query.get("starttls", "").lower() in TRUE,
            user=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            sender=query.get("from", DEFAULT_SENDER),
        )

    def send(self, messages: list[EmailMessage]) -> None:
        """Hand the messages over on one connection (raises OSError / SMTPException)."""
        context = ssl.create_default_context()
        smtp: smtplib.SMTP = (
            smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT_SECONDS, context=context)
            if self.tls
            else smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_SECONDS)
        )
        with smtp:
            if self.starttls:
                smtp.starttls(context=context)
            if self.user is not None:
                smtp.login(self.user, self.password or "")
            for message in messages:
                smtp.send_message(message)


def configured_server() -> MailServer | None:
    """The server of $REVIEWDESK_SMTP_URL, None when it is unset (then no digest is sent)."""
    url = os.environ.get(SMTP_URL_VAR, "").strip()
    return MailServer.from_url(url) if url else None


def desk_url() -> str:
    """The desk's public address for links in messages ($REVIEWDESK_URL)."""
    return os.environ.get(DESK_URL_VAR, "").strip().rstrip("/") or "http://127.0.0.1:8000"
