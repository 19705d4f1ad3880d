"""A watch as an Atom feed (RFC 4287), written with lxml: its newest matches, each an entry
linking to the comment or answer in its letter."""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree
from sqlalchemy.orm import Session

from reviewdesk.services.search import Hit, newest_matches
from reviewdesk.services.watchlist.params import query_of
from reviewdesk.services.watchlist.schema import Watch

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML cannot hold; a letter's text (untrusted) may carry them."""


def _el(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    clean = {key: NOT_XML.sub("", value) for key, value in attrs.items()}
    node = etree.SubElement(parent, f"{{{ATOM}}}{name}", clean)
    if text is not None:
        node.text = NOT_XML.sub("", text)
    return node


def _stamp(day: dt.date | None, fallback: dt.datetime) -> str:
    """An Atom date-time: a letter's day at midnight UTC, else the fallback."""
    if day is None:
        return fallback.astimezone(dt.UTC).isoformat(timespec="seconds")
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).isoformat()


def hit_title(hit: Hit) -> str:
    """'Comment 3 · NRG Energy, Inc. · 2016-05-10' (what an entry or a digest line is)."""
    number = f" {hit.number}" if hit.number is not None else ""
    parts = [f"{hit.kind.capitalize()}{number}", hit.company or hit.cik or ""]
    if hit.letter_date:
        parts.append(hit.letter_date.isoformat())
    return " · ".join(p for p in parts if p)


def hit_link(base_url: str, hit: Hit) -> str:
    """The desk address of the hit in its letter."""
    return f"{base_url.rstrip('/')}/letters/{hit.letter_id}#{hit.anchor}"


def atom_feed(session: Session, watch: Watch, base_url: str, self_url: str) -> bytes:
    """The watch's feed: its newest matches (at most 50, latest letter first)."""
    hits = newest_matches(session, query_of(watch.params), limit=FEED_ENTRIES)
    created = watch.created_at
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    root = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})  # type: ignore[dict-item]
    _el(root, "id", f"{base_url.rstrip('/')}/watches/{watch.id}")
    _el(root, "title", f"ReviewDesk watch: {watch.name}")
    updated = max((_stamp(h.letter_date, created) for h in hits), default=_stamp(None, created))
    _el(root, "updated", updated)
    _el(root, "link", rel="self", href=self_url)
    _el(root, "generator", "ReviewDesk")
    author = _el(root, "author")
    _el(author, "name", "ReviewDesk")
    for hit in hits:
        entry = _el(root, "entry")
        _el(entry, "id", f"{base_url.rstrip('/')}/{hit.kind}s/{hit.id}")
        _el(entry, "title", hit_title(hit))
        _el(entry, "updated", _stamp(hit.letter_date, created))
        _el(entry, "link", rel="alternate", type="text/html", href=hit_link(base_url, hit))
        if hit.heading:
            _el(entry, "category", term=hit.heading[:200])
        for topic in hit.topics:
            _el(entry, "category", term=topic)
        _el(entry, "summary", hit.snippet_text)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))
