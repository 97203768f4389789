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
