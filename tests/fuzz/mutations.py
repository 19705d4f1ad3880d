"""Deterministic mutations of real corpus letters: truncations, flipped and deleted bytes,
repeated slices, and hostile markup spliced in (deep nesting, SGML wrappers, long runs of
dates and white space, NUL bytes). The same seed always gives the same inputs."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

Mutation = Callable[[random.Random, bytes], bytes]


def truncate(rng: random.Random, data: bytes) -> bytes:
    """Cut the document off somewhere after its first bytes."""
    return data[: rng.randrange(1, max(2, len(data)))]


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    """Overwrite a few dozen bytes anywhere (a damaged download)."""
    out = bytearray(data)
    for _ in range(rng.randrange(1, 64)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def delete_slice(rng: random.Random, data: bytes) -> bytes:
    """Drop a run of bytes from the middle."""
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randrange(1, max(2, len(data) // 4)) :]


def repeat_slice(rng: random.Random, data: bytes) -> bytes:
    """Repeat a slice many times (a document that grows without limit)."""
    start = rng.randrange(len(data))
    piece = data[start : start + rng.randrange(1, 512)]
    return data[:start] + piece * rng.randrange(2, 2_000) + data[start:]


_SPLICES = (
    b"<div>" * 3_000,
    b"<DOCUMENT>\n<TYPE>CORRESP\n<TEXT>\n" * 50,
    b"<?xml version='1.0' encoding='utf-8'?>",
    b"<!-- " * 200,
    b"\x00\xff\xfe" * 100,
    b" \t" * 100_000,
    b"April 8, 2009 " * 5_000,
    b"<table><tr><td>" * 500,
    b"1. Please revise. " * 2_000,
    b"%PDF-1.7\n",
    b"&#x10FFFF;&#0;&amp;&lt;" * 500,
)


def splice_hostile(rng: random.Random, data: bytes) -> bytes:
    """Insert a hostile run of markup or text at a random place."""
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(_SPLICES) + data[at:]


MUTATIONS: dict[str, Mutation] = {
    "truncate": truncate,
    "flip bytes": flip_bytes,
    "delete slice": delete_slice,
    "repeat slice": repeat_slice,
    "splice hostile": splice_hostile,
}


def mutate(docs: list[Path], count: int, seed: int) -> Iterator[tuple[str, bytes]]:
    """`count` mutated letters (file name, bytes), drawn from `docs` with `seed`."""
    rng = random.Random(seed)
    names = sorted(MUTATIONS)
    for number in range(count):
        original = rng.choice(docs)
        kind = names[number % len(names)]
        data = original.read_bytes() or b" "
        mutated = MUTATIONS[kind](rng, data)
        slug = kind.replace(" ", "-")
        yield f"m{number:05d}_{slug}{original.suffix}", mutated
