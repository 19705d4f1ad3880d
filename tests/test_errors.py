"""Every public exception class ReviewDesk defines belongs to the one hierarchy, and each kind has
its HTTP status in one place."""

from __future__ import annotations

import ast
from pathlib import Path

from reviewdesk.errors import Conflict, Forbidden, Invalid, NotFound, ReviewDeskError
from reviewdesk.services.drafting.stored import LetterNotFound
from reviewdesk.services.search import SearchError
from reviewdesk.web.errors import status_of
from reviewdesk.workflow.errors import NotAllowed
from reviewdesk.workflow.machine import IllegalTransition

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "reviewdesk"
HIERARCHY = {"ReviewDeskError", "NotFound", "Forbidden", "Conflict", "Invalid"}
PLAIN = {"Exception", "ValueError", "LookupError", "RuntimeError", "PermissionError"}


def test_every_exception_class_of_the_package_is_a_reviewdesk_error() -> None:
    outside: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef) or node.name in HIERARCHY:
                continue
            if node.name.startswith("_"):
                continue  # private control flow inside one module; no caller ever sees it
            bases = [ast.unparse(base).split(".")[-1] for base in node.bases]
            if bases and set(bases) <= PLAIN:
                outside.append(f"{path.name}: {node.name}({', '.join(bases)})")
    assert outside == []


def test_each_kind_of_error_has_one_http_status() -> None:
    assert status_of(LetterNotFound("0000000000-20-000001: no such letter")) == 404
    assert status_of(NotAllowed("reviewers may not submit answers")) == 403
    assert status_of(SearchError("nothing to search for")) == 422
    assert status_of(ReviewDeskError("the store is unreachable")) == 500
    assert issubclass(IllegalTransition, Conflict)
    assert [status_of(kind("x")) for kind in (NotFound, Forbidden, Conflict, Invalid)] == [
        404,
        403,
        409,
        422,
    ]
