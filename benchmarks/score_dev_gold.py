"""Score the parser on the hand-made gold labels: parse every corpus document that has gold
and run the shared scorer on the output.

    .venv/bin/python benchmarks/score_dev_gold.py [--gold DIR] [--corpus DIR] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from reviewdesk.letters import parse_path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def documents_with_gold(gold: Path, corpus: Path) -> list[Path]:
    """The corpus document of every gold label (docs/<accession>.* or the corpus root)."""
    found = []
    for label in sorted(gold.glob("*.json")):
        candidates = [
            *sorted((corpus / "docs").glob(f"{label.stem}.*")),
            corpus / f"{label.stem}.txt",
        ]
        found.extend(path for path in candidates[:1] + candidates[-1:] if path.is_file())
    return sorted(set(found))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=SHARED / "eval" / "dev-gold")
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    scorer = args.gold.parent / "score_parse.py"
    if not scorer.is_file() or not args.gold.is_dir():
        print(f"no gold labels at {args.gold} (or no scorer beside them)", file=sys.stderr)
        return 2
    paths = documents_with_gold(args.gold, args.corpus)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as out:
        for path in paths:
            out.write(json.dumps(parse_path(path).to_dict()) + "\n")
    command = [sys.executable, str(scorer), str(args.gold), out.name]
    if args.verbose:
        command.append("--verbose")
    print(f"{len(paths)} documents with gold labels")
    return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main())
