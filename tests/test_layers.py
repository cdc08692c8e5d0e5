"""The package's imports point one way: read -> figures -> translate -> issue
-> render -> check -> write -> send, with neutral helpers below every stage
and the commands above them all. Read from the source with `ast`, so
imports inside functions and under TYPE_CHECKING count too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "newsletter"

# Top-level module or package of newsletter -> its layer; a module may import its own layer and those below.
NEUTRAL = (
    "__init__",
    "errors",
    "model",
    "clock",
    "options",
    "hashing",
    "smtp_url",
    "l10n",
    "serialize",
    "config",
    "untrusted",
    "limits",
    "addresses",
    "processes",
)
FLOW = (
    ("readers", "cache"),  # read
    ("figures",),
    ("translate",),
    ("issue",),
    ("render",),
    ("checks",),
    ("outputs", "issue_dir"),  # write
    ("send",),
)
TOP = ("build", "preview", "commands", "cli", "__main__")
LAYER = {name: 0 for name in NEUTRAL} | {name: 1 + i for i, names in enumerate(FLOW) for name in names}
LAYER |= {name: len(FLOW) + 1 for name in TOP}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ("newsletter", *path.relative_to(PACKAGE).with_suffix("").parts)
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(path: Path, known: dict[str, Path]) -> Iterator[tuple[int, str]]:
    """(line, module) of every import of the package; `from pkg import sub` names the submodule."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names if alias.name.startswith("newsletter"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newsletter"):
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                yield node.lineno, sub if sub in known else node.module


def layer(module: str) -> int:
    top = module.split(".")[1] if "." in module else "__init__"
    assert top in LAYER, f"{module}: give newsletter/{top} a place in tests/test_layers.py (a stage, or neutral)"
    return LAYER[top]


def graph() -> dict[str, set[str]]:
    known = modules()
    return {module: {target for _, target in imports(path, known)} for module, path in known.items()}


def test_every_import_runs_with_the_flow() -> None:
    against = _against(graph())
    assert not against, "imports against the flow (read -> figures -> translate -> issue -> render -> check -> " + (
        "write -> send):\n" + "\n".join(against)
    )


def _against(edges: dict[str, set[str]]) -> list[str]:
    return [
        f"{module} imports {target}"
        for module, targets in sorted(edges.items())
        for target in sorted(targets)
        if layer(target) > layer(module)
    ]


def test_there_is_no_import_cycle() -> None:
    edges = graph()
    cycles = list(_cycles(edges))
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(cycle) for cycle in cycles)


def _cycles(edges: dict[str, set[str]]) -> Iterator[list[str]]:
    """One cycle through each module that lies on one (depth-first search, white/grey/black)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> Iterator[list[str]]:
        state[module] = 1
        stack.append(module)
        for target in sorted(edges.get(module, ())):
            if state.get(target) == 1:
                yield [*stack[stack.index(target) :], target]
            elif target in edges and target not in state:
                yield from visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            yield from visit(module)


def test_the_rules_catch_what_they_are_for() -> None:
    """Neither rule is vacuous: an upward import, an import of a neutral module by nothing, and cycles."""
    upward = {"newsletter.figures.a": {"newsletter.translate.b", "newsletter.model"}, "newsletter.translate.b": set()}
    assert _against(upward) == ["newsletter.figures.a imports newsletter.translate.b"]
    assert _against({"newsletter.send.x": {"newsletter.readers.y", "newsletter.hashing"}}) == []
    assert _against({"newsletter.hashing": {"newsletter.send.x"}}) == ["newsletter.hashing imports newsletter.send.x"]
    cycle = {"newsletter.a": {"newsletter.b"}, "newsletter.b": {"newsletter.c"}, "newsletter.c": {"newsletter.a"}}
    assert list(_cycles(cycle)) == [["newsletter.a", "newsletter.b", "newsletter.c", "newsletter.a"]]
    assert list(_cycles({"newsletter.a": {"newsletter.b"}, "newsletter.b": set()})) == []
