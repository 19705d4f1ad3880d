"""Bounded readers: a document that needs more memory than the limit is refused with a clear
error and the worker is replaced; workers die with a killed ingest (no orphans)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reviewdesk.documents import DocumentError
from reviewdesk.documents.bounded import BoundedReaders, Limits
from tests.fuzz.shapes import many_dates

ROOT = Path(__file__).resolve().parents[2]
START = [sys.executable, "-c", "from reviewdesk.cli import main; main()"]


def allocate(mib: int) -> int:
    """A fictional reader that holds `mib` MiB at once."""
    block = bytearray(mib * 2**20)
    return len(block)


def test_a_document_over_the_memory_limit_is_refused_and_the_next_one_is_read() -> None:
    with BoundedReaders(1, Limits(memory_mib=512, seconds=60)) as readers:
        with pytest.raises(DocumentError) as refused:
            readers.call(allocate, 3072, source="bomb.pdf")
        assert refused.value.source == "bomb.pdf"
        assert refused.value.reason == (
            "reading it needs more than the 512 MiB a document may use, so it was stopped; "
            "if you trust it, raise $REVIEWDESK_READ_MEMORY_MIB and read it again"
        )
        assert readers.call(allocate, 16, source="letter.pdf") == 16 * 2**20


def test_limits_come_from_the_environment_and_bad_values_are_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REVIEWDESK_READ_MEMORY_MIB", "700")
    monkeypatch.setenv("REVIEWDESK_READ_SECONDS", "2.5")
    assert Limits.from_environment() == Limits(memory_mib=700, seconds=2.5)
    monkeypatch.setenv("REVIEWDESK_READ_SECONDS", "soon")
    with pytest.raises(ValueError, match=r"\$REVIEWDESK_READ_SECONDS is 'soon'"):
        Limits.from_environment()


def _children(parent: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == parent and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_no_reader_outlives_an_ingest_killed_with_sigkill(tmp_path: Path) -> None:
    letters = tmp_path / "letters"
    letters.mkdir()
    for number in range(8):
        name, data = many_dates(2.0)
        (letters / f"{number}_{name}").write_bytes(data + b"Letter %d.\n" % number)
    ingest = subprocess.Popen(
        [*START, "ingest", str(letters), "-j", "2"],
        env={**os.environ, "REVIEWDESK_DB": str(tmp_path / "record.sqlite")},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # A reader may be replaced after a few letters, so the set is looked up anew each time;
        # the ingest is killed once two readers are at work on the letters.
        deadline = time.monotonic() + 120
        workers: set[int] = set()
        while time.monotonic() < deadline and ingest.poll() is None:
            workers = {pid for pid in _children(ingest.pid) if _is_reader(pid)}
            if len([pid for pid in workers if _cpu_seconds(pid) >= 0.5]) >= 2:
                break
            time.sleep(0.1)
        assert ingest.poll() is None, "the ingest ended before it could be killed"
        assert len(workers) >= 2, "the ingest never started two readers"
    finally:
        ingest.send_signal(signal.SIGKILL)
        ingest.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert [pid for pid in workers if _alive(pid)] == []


def _is_reader(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"multiprocessing" in command and b"resource_tracker" not in command
