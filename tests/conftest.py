"""Shared test fixtures: where the real corpus (and the rest of ../shared) is, and the
fictional fixtures of the repo.

Every test that reads ../shared finds it through this module: the paths are named once here,
and `shared` is the one place that decides what happens when they are absent. On a
developer's machine without ../shared such a test is skipped; under CI (`CI=true`), where
../shared is always present, it fails loudly instead, so a moved corpus is never mistaken for
a green run."""

from __future__ import annotations

import csv
import os
from collections.abc import Collection
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
DOCS = CORPUS / "docs"
MANIFEST = CORPUS / "manifest.csv"
SEED = CORPUS / "000_c4c344d0137293c2.txt"
EVAL = SHARED / "eval"
REPLAY = SHARED / "edgar-replay"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared(path: Path) -> Path:
    """`path` (under ../shared) when it exists; else skip the test, or fail it under CI."""
    if path.exists():
        return path
    message = f"{path} is read from ../shared, which is absent on this machine"
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"{message}; CI always has ../shared, so this is an error")
    pytest.skip(message)


def manifest_rows(threads: Collection[str] | None = None) -> list[dict[str, str]]:
    """The rows of the corpus manifest, in its order (only these threads', when given)."""
    with shared(MANIFEST).open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if threads is None or r["source_thread"] in threads]


def thread_files(threads: Collection[str]) -> list[Path]:
    """The corpus letters of these manifest threads, in manifest order."""
    return [DOCS / Path(r["file"]).name for r in manifest_rows(threads)]


@pytest.fixture
def corpus_doc():
    """Path of a real corpus document by accession."""

    def find(accession: str) -> Path:
        for suffix in (".pdf", ".htm", ".txt"):
            path = shared(DOCS) / f"{accession}{suffix}"
            if path.exists():
                return path
        raise FileNotFoundError(f"{accession} is not in {DOCS}")

    return find


@pytest.fixture
def seed_letter() -> Path:
    """The seed letter, a complete staff comment letter on a preliminary proxy statement."""
    return shared(SEED)
