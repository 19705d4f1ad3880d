"""The layers of DESIGN.md hold at the imports: no module imports from a layer above its
own, read from the source (static imports, imports inside functions, and importlib calls)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "reviewdesk"

LAYERS = (
    "errors",
    "documents",
    "letters",
    "record",
    "accounts",
    "reviews",
    "pipeline",
    "services",
    "workflow",
    "views",
    "web",
    "demo",
    "cli",
)
"""The allowed order, lowest first: a module may import its own layer and those before it."""


def layer_of(module: str) -> str | None:
    """The layer of a dotted module name inside the package; None for the package itself."""
    parts = module.split(".")
    if parts[0] != "reviewdesk" or len(parts) < 2:
        return None
    return parts[1]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def constants(tree: ast.Module) -> dict[str, str]:
    """The module's top-level names bound to a string literal."""
    return {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def imported(tree: ast.Module) -> list[tuple[int, str]]:
    """(line, module) of every import the module makes; an importlib call whose module name
    is neither a literal nor a top-level string constant is returned as '?', which no layer
    allows."""
    named = constants(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
        elif isinstance(node, ast.Call) and _calls_import(node.func):
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((node.lineno, first.value))
            elif isinstance(first, ast.Name) and first.id in named:
                found.append((node.lineno, named[first.id]))
            else:
                found.append((node.lineno, "?"))
    return found


def _calls_import(func: ast.expr) -> bool:
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in ("import_module", "__import__")


def upward_imports() -> list[str]:
    problems: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = layer_of(module_name(path))
        if own is None:
            continue
        if own not in LAYERS:
            problems.append(f"{path}: package {own!r} is in no layer; add it to LAYERS")
            continue
        for line, target in imported(ast.parse(path.read_text(encoding="utf-8"))):
            if target == "?":
                problems.append(f"{path}:{line}: an import whose module name is not a literal")
                continue
            other = layer_of(target)
            if other is not None and other in LAYERS and LAYERS.index(other) > LAYERS.index(own):
                problems.append(f"{path}:{line}: {own} imports {target} from the higher {other}")
    return problems


def test_no_module_imports_from_a_higher_layer() -> None:
    assert upward_imports() == []


def test_the_check_sees_static_lazy_and_importlib_imports() -> None:
    source = (
        "NAME = 'reviewdesk.cli'\n"
        "import reviewdesk.web\n"
        "def later():\n"
        "    from reviewdesk.reviews import rebuild\n"
        "    importlib.import_module('reviewdesk.services.search')\n"
        "    importlib.import_module(NAME)\n"
        "    importlib.import_module(name)\n"
    )
    targets = [module for _, module in imported(ast.parse(source))]
    assert targets == [
        "reviewdesk.web",
        "reviewdesk.reviews",
        "reviewdesk.reviews.rebuild",
        "reviewdesk.services.search",
        "reviewdesk.cli",
        "?",
    ]


def test_the_accession_pattern_is_written_once_in_the_letters_identifiers() -> None:
    """An accession is ten digits, two and six: that pattern lives in letters/identifiers.py
    alone; other modules (the documents layer's SGML header included) ask it."""
    written = [
        path.relative_to(PACKAGE).as_posix()
        for path in sorted(PACKAGE.rglob("*.py"))
        if "{10}" in path.read_text(encoding="utf-8")
    ]
    assert written == ["letters/identifiers.py"]
