"""The companies list reads as people sort names: case does not put 'eBay' after 'Zimmer'."""

from __future__ import annotations

from pathlib import Path

from reviewdesk.record import open_store, schema
from reviewdesk.views.companies import companies


def test_companies_sort_without_regard_to_case(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "record.sqlite"))
    with store.write() as session:
        for cik, name in (
            ("0000000001", "Zimmer Biomet"),
            ("0000000002", "eBay Inc."),
            ("0000000003", "AbbVie"),
        ):
            session.add(schema.Company(cik=cik, name=name))
    with store.session() as session:
        names = [c.name for c in companies(session)]
    store.close()
    assert names == ["AbbVie", "eBay Inc.", "Zimmer Biomet"]
