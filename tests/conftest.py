"""Shared test fixtures: where the real corpus is, and the fictional fixtures of the repo."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
DOCS = CORPUS / "docs"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def corpus_doc():
    """Path of a real corpus document by accession; skips when ../shared/corpus is absent."""

    def find(accession: str) -> Path:
        if not DOCS.is_dir():
            pytest.skip(f"real letters are read from {DOCS}, which is absent on this machine")
        for suffix in (".pdf", ".htm", ".txt"):
            path = DOCS / f"{accession}{suffix}"
            if path.exists():
                return path
        raise FileNotFoundError(f"{accession} is not in {DOCS}")

    return find
