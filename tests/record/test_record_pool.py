"""The parsing pool: readings come back in input order, and a document that kills its worker
process, or goes over the time limit, is marked as such while the rest of the batch is read."""

from __future__ import annotations

import os
import time

from reviewdesk.documents.bounded import Limits
from reviewdesk.letters import Letter
from reviewdesk.record.pool import read_in_order


def crash_on_poison(data: bytes, source: str) -> Letter:
    """A fictional parser that reads the bytes as the date, and kills its process on 'poison'."""
    if data == b"poison":
        os._exit(1)
    if data == b"slow":
        time.sleep(30)
    return Letter(source=source, date=data.decode())


def test_readings_come_back_in_order_and_a_crash_marks_only_its_document() -> None:
    names = ["a", "b", "poison", "c", "skip", "slow", "d", "e"]
    work = iter([(name, None if name == "skip" else name.encode()) for name in names])
    limits = Limits(memory_mib=2048, seconds=3)
    results = list(
        read_in_order(
            work, 2, source=lambda name: f"{name}.txt", reader=crash_on_poison, limits=limits
        )
    )
    assert [name for name, _ in results] == names
    readings = dict(results)
    assert readings["skip"] is None
    assert readings["poison"] is not None and readings["poison"].error == (
        "its reader process died (exit code 1), most likely out of the 2,048 MiB a document "
        "may use; the file is damaged or crafted"
    )
    assert readings["slow"] is not None and readings["slow"].error == (
        "reading it took longer than the 3 s a document may take, so it was stopped; "
        "if you trust it, raise $REVIEWDESK_READ_SECONDS and read it again"
    )
    for name in ("a", "b", "c", "d", "e"):
        reading = readings[name]
        assert reading is not None
        assert (reading.source, reading.date, reading.error) == (f"{name}.txt", name, None)


def test_one_job_reads_in_one_bounded_worker() -> None:
    work = iter([("x", b"2020-01-02"), ("y", None)])
    results = list(read_in_order(work, 1, source=lambda name: name, reader=crash_on_poison))
    assert [(name, r.date if r else None) for name, r in results] == [
        ("x", "2020-01-02"),
        ("y", None),
    ]
