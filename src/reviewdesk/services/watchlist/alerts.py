"""The digest as a pipeline stage: after every batch that stored letters (ingest, EDGAR
fetch and `fetch --daily`, publishing a desk review), when a mail server is configured."""

from __future__ import annotations

import logging

from reviewdesk.pipeline import add_stage
from reviewdesk.record.store import Store
from reviewdesk.services.watchlist.digest import send_digests
from reviewdesk.services.watchlist.mail import configured_server, desk_url

STAGE = "watchlist-digest"
log = logging.getLogger(__name__)


def digest_stage(store: Store, letter_ids: list[int]) -> None:
    """Send the digests of what the batch brought, if $REVIEWDESK_SMTP_URL names a server."""
    server = configured_server()
    if server is None:
        return
    report = send_digests(store, server, desk_url())
    for address, reason in report.failed:
        log.warning(
            "digest to %s not sent (tried again after the next ingest): %s", address, reason
        )


def install() -> None:
    """Add the digest to the pipeline (the command line and the desk call this at start)."""
    add_stage(STAGE, digest_stage)
