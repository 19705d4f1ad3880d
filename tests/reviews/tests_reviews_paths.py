"""Where the real corpus is, for the reviews tests (the same place tests/conftest.py names)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
DOCS = CORPUS / "docs"
