"""A manifest CSV (accession, file, form, filing_date, cik, company, ...): what EDGAR's index
says about each document, to fill what the document itself does not say."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from reviewdesk.documents import SubmissionHeader
from reviewdesk.errors import Invalid

REQUIRED = ("accession", "file")
"""Columns a manifest must have; form, filing_date, cik, company and ticker are used when
present."""


class ManifestError(Invalid):
    """The manifest cannot be used; the message names it and says what to fix."""


@dataclass
class Manifest:
    """Manifest rows, found by a document's path, its file name, or the accession in its name."""

    by_path: dict[Path, SubmissionHeader] = field(default_factory=dict)
    by_name: dict[str, SubmissionHeader] = field(default_factory=dict)
    by_accession: dict[str, SubmissionHeader] = field(default_factory=dict)
    tickers: dict[str, str] = field(default_factory=dict)
    """Ticker by 10-digit CIK, from a `ticker` column when the manifest has one."""

    def __len__(self) -> int:
        return len(self.by_accession)

    def lookup(self, path: Path) -> SubmissionHeader:
        """What the manifest says about the document at `path` (empty when it is not listed)."""
        found = (
            self.by_path.get(path.resolve())
            or self.by_name.get(path.name)
            or self.by_accession.get(path.stem)
        )
        return found or SubmissionHeader()


def read_manifest(path: str | Path) -> Manifest:
    """Read a manifest CSV; `file` paths are relative to the manifest's folder."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            columns = reader.fieldnames or []
            missing = [name for name in REQUIRED if name not in columns]
            if missing:
                raise ManifestError(
                    f"{path}: no {', '.join(missing)} column; a manifest needs the columns "
                    f"{', '.join(REQUIRED)} (and form, filing_date, cik, company when known)"
                )
            rows = list(reader)
    except OSError as exc:
        raise ManifestError(f"{path}: cannot be read ({exc.strerror}); check the path") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ManifestError(f"{path}: not a UTF-8 CSV file ({exc}); check the file") from exc
    manifest = Manifest()
    for row in rows:
        accession = (row.get("accession") or "").strip()
        file = (row.get("file") or "").strip()
        if not accession and not file:
            continue
        header = SubmissionHeader(
            accession=accession or None,
            cik=_blank(row.get("cik")),
            company=_blank(row.get("company")),
            form=_blank(row.get("form")),
            filed=_blank(row.get("filing_date")),
        )
        if file:
            manifest.by_path[(path.parent / file).resolve()] = header
            manifest.by_name[Path(file).name] = header
        if accession:
            manifest.by_accession[accession] = header
        ticker = _blank(row.get("ticker"))
        if ticker and header.cik and header.cik.strip().isdigit() and len(header.cik) <= 10:
            manifest.tickers.setdefault(header.cik.zfill(10), ticker.upper())
    return manifest


def _blank(value: str | None) -> str | None:
    return value.strip() or None if value else None
