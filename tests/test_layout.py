"""The code stays in small rooms: no module over 300 lines, no function over 50 (ruff and mypy check the rest)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCES = sorted((Path(__file__).resolve().parents[1] / "src" / "lpdeck").rglob("*.py"))


def _functions(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.name, (node.end_lineno or node.lineno) - node.lineno + 1) for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_no_module_over_300_lines_and_no_function_over_50(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 300
    assert [(name, lines) for name, lines in _functions(path) if lines > 50] == []


def test_the_measure_counts_a_function_from_its_def_to_its_last_line(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def short():\n    return 1\n\n\ndef long():\n" + "    x = 1\n" * 50 + "    return x\n")
    assert _functions(sample) == [("short", 2), ("long", 52)]


# The pipeline's stages in order: a module may import its own sub-package and the stages before it, never one after.
STAGES = {"errors": 0, "__init__": 0, "sources": 1, "cards": 2, "ship": 3, "coach": 3, "build": 4, "loop": 5, "author": 5,
          "cli": 6, "__main__": 7}
PACKAGE = Path(__file__).resolve().parents[1] / "src" / "lpdeck"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every lpdeck module ``path`` imports, at its top or inside a function, resolved to a module name."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:  # `from . import lock` names a module; `from .lock import X` names its module
                candidate = f"{base}.{alias.name}"
                found.add(candidate if _exists(candidate) else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {module for module in found if module.split(".")[0] == "lpdeck"}


def _exists(module: str) -> bool:
    relative = Path(*module.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").is_file() or (PACKAGE / relative / "__init__.py").is_file()


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


GRAPH = {_module_name(path): _imports(path) for path in SOURCES}


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_import_runs_back_up_a_stage(module):
    stage = _stage(module)
    backwards = [imported for imported in GRAPH[module] if _stage(imported) != stage
                 and (STAGES[_stage(imported)] > STAGES[stage]
                      or (STAGES[_stage(imported)] == STAGES[stage] and _stage(imported) != stage))]
    assert backwards == []


def test_no_two_modules_import_each_other_even_through_others():
    def reaches(start: str, target: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            for imported in GRAPH.get(todo.pop(), ()):
                if imported == target:
                    return True
                if imported not in seen:
                    seen.add(imported)
                    todo.append(imported)
        return False

    assert [(a, b) for a in GRAPH for b in GRAPH[a] if a != b and b in GRAPH and reaches(b, a)] == []


def test_the_import_graph_sees_every_kind_of_import():
    assert "lpdeck.sources.load" in GRAPH["lpdeck.build"]  # from .sources.load import ...
    assert "lpdeck.ship.lock" in GRAPH["lpdeck.ship.publish"]  # from . import lock as lockfile
    assert "lpdeck.sources.messages" in GRAPH["lpdeck.cli"]  # inside a function
    assert {_stage(module) for module in GRAPH} == set(STAGES)
