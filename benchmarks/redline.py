"""Marked copy of a large synthetic filing pair: seconds and peak memory, HTML and DOCX.

Builds a fictional 300-page filing (~1.5 MB of text, headings, paragraphs, tables, page breaks)
and an amended version with a few hundred edits: words replaced, paragraphs inserted and
deleted, paragraphs moved (some edited while moving) and table cells changed. Then times
reading both versions, comparing them, and writing the HTML and the DOCX marked copies, and
measures peak Python memory (tracemalloc, in a second pass).

    .venv/bin/python benchmarks/redline.py [--pages 300] [--edits 300] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
import tracemalloc
from html import escape
from pathlib import Path

from reviewdesk.services.redline import compare, read_version
from reviewdesk.services.redline.docx_writer import write_docx
from reviewdesk.services.redline.html_writer import write_html
from reviewdesk.services.redline.summary import changed_sections

WORDS = (
    "company revenue widgets customers market risk results operations financial quarter year "
    "increase decrease due primarily sales costs margin supplier agreement credit facility "
    "liquidity capital expenditures cash flows net income loss tax rate segment products "
    "services growth competition regulation compliance disclosure controls management board "
    "directors compensation shares stock holders dividend debt interest rate exchange foreign "
    "currency inventory manufacturing facility lease property plant equipment goodwill "
    "impairment acquisition integration employees pension benefits litigation contingencies"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 24))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))


def build_filing(pages: int, rng: random.Random) -> list[tuple[str, object]]:
    """Blocks of a fictional filing: ('page',), ('h', text), ('p', text), ('t', rows)."""
    blocks: list[tuple[str, object]] = []
    for page in range(1, pages + 1):
        if page > 1:
            blocks.append(("page", None))
        if page % 3 == 1:
            blocks.append(("h", f"SECTION {page // 3 + 1}: {rng.choice(WORDS).upper()} MATTERS"))
        for _ in range(7):
            blocks.append(("p", _paragraph(rng)))
        if page % 5 == 0:
            rows = [["Item", "2024", "2023", "2022"]]
            rows += [
                [f"{rng.choice(WORDS).title()} {n}"]
                + [f"{rng.uniform(1, 999):.1f}" for _ in range(3)]
                for n in range(10)
            ]
            blocks.append(("t", rows))
    return blocks


def amend(
    blocks: list[tuple[str, object]], edits: int, rng: random.Random
) -> tuple[list[tuple[str, object]], dict[str, int]]:
    """The amended version: word edits, insertions, deletions, moves and table cell edits."""
    new = [(kind, [list(r) for r in value] if kind == "t" else value) for kind, value in blocks]
    counts = {"word edits": 0, "inserted": 0, "deleted": 0, "moved": 0, "table cells": 0}
    paragraphs = [i for i, (kind, _) in enumerate(new) if kind == "p"]
    tables = [i for i, (kind, _) in enumerate(new) if kind == "t"]
    plan = ["word edits"] * (edits * 6 // 10) + ["table cells"] * (edits // 10)
    plan += ["inserted"] * (edits // 10) + ["deleted"] * (edits // 10) + ["moved"] * (edits // 10)
    rng.shuffle(plan)
    removed: set[int] = set()
    additions: list[tuple[int, tuple[str, object]]] = []
    for action in plan:
        if action == "table cells":
            rows = new[rng.choice(tables)][1]
            assert isinstance(rows, list)
            row = rng.randrange(1, len(rows))
            rows[row][rng.randrange(1, 4)] = f"{rng.uniform(1, 999):.1f}"
        elif action == "inserted":
            additions.append((rng.choice(paragraphs), ("p", _paragraph(rng))))
        else:
            index = rng.choice(paragraphs)
            if index in removed:
                continue
            text = str(new[index][1])
            if action == "word edits":
                words = text.split()
                at = rng.randrange(len(words) - 3)
                words[at : at + 2] = [rng.choice(WORDS) for _ in range(rng.randint(1, 4))]
                new[index] = ("p", " ".join(words))
            elif action == "deleted":
                removed.add(index)
            else:
                removed.add(index)
                moved = text if rng.random() < 0.7 else text.replace(" ", " revised ", 1)
                additions.append((rng.choice(paragraphs), ("p", moved)))
        counts[action] += 1
    out: list[tuple[str, object]] = []
    extra: dict[int, list[tuple[str, object]]] = {}
    for index, block in additions:
        extra.setdefault(index, []).append(block)
    for index, block in enumerate(new):
        if index not in removed:
            out.append(block)
        out.extend(extra.get(index, []))
    return out, counts


def to_html(blocks: list[tuple[str, object]]) -> str:
    """The blocks as an EDGAR-style HTML filing with CSS page breaks."""
    out = ["<html><body>"]
    for kind, value in blocks:
        if kind == "page":
            out.append('<div style="page-break-before:always"></div>')
        elif kind == "h":
            out.append(f"<p><b>{escape(str(value))}</b></p>")
        elif kind == "p":
            out.append(f"<p>{escape(str(value))}</p>")
        else:
            assert isinstance(value, list)
            rows = "".join(
                "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in value
            )
            out.append(f"<table>{rows}</table>")
    out.append("</body></html>")
    return "\n".join(out)


def run(old: Path, new: Path, out: Path) -> dict[str, float]:
    """Seconds for each phase of one marked copy."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    old_version, new_version = read_version(old), read_version(new)
    times["read both"] = time.perf_counter() - start
    start = time.perf_counter()
    marked = compare(old_version, new_version)
    times["compare"] = time.perf_counter() - start
    start = time.perf_counter()
    write_html(marked, out / "marked.html")
    times["write html"] = time.perf_counter() - start
    start = time.perf_counter()
    write_docx(marked, out / "marked.docx")
    times["write docx"] = time.perf_counter() - start
    times["blocks"] = len(new_version.blocks)
    times["sections changed"] = len(changed_sections(marked))
    times["moves found"] = len(marked.moves())
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--edits", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    blocks = build_filing(args.pages, rng)
    amended, counts = amend(blocks, args.edits, rng)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        old, new = root / "old.htm", root / "new.htm"
        old.write_text(to_html(blocks), encoding="utf-8")
        new.write_text(to_html(amended), encoding="utf-8")
        text_mb = sum(len(str(v)) for k, v in blocks if k in ("p", "h")) / 1e6
        print(
            f"synthetic filing: {args.pages} pages, {text_mb:.2f} MB of paragraph text, "
            f"{old.stat().st_size / 1e6:.2f} MB of HTML; edits: {counts}"
        )
        times = run(old, new, root)
        for name, value in times.items():
            unit = "s" if isinstance(value, float) and name not in ("blocks",) else ""
            print(f"  {name:16} {value:.2f}{unit}" if unit else f"  {name:16} {int(value)}")
        total = sum(times[k] for k in ("read both", "compare", "write html", "write docx"))
        print(f"  {'total':16} {total:.2f}s")
        print(
            f"  output sizes: html {(root / 'marked.html').stat().st_size / 1e6:.2f} MB, "
            f"docx {(root / 'marked.docx').stat().st_size / 1e6:.2f} MB"
        )
        tracemalloc.start()
        run(old, new, root)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  peak Python memory (tracemalloc, second run): {peak / 1e6:.0f} MB")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  peak resident memory of the process (incl. lxml, python-docx): {rss:.0f} MB")


if __name__ == "__main__":
    main()
