"""The one rule for tests that read ../shared: present, the path is used; absent, the test is
skipped on a developer's machine and fails under CI, where ../shared is always there."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import shared


def test_a_present_path_is_returned(tmp_path: Path) -> None:
    assert shared(tmp_path) == tmp_path


def test_an_absent_corpus_skips_on_a_developers_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="absent on this machine"):
        shared(tmp_path / "corpus")


def test_an_absent_corpus_fails_loudly_under_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"CI always has \.\./shared"):
        shared(tmp_path / "corpus")
