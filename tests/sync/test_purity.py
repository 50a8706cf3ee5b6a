"""The sync core stays pure: no web framework, no database, no server, no I/O."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SYNC_DIR = Path(__file__).resolve().parents[2] / "sync"
FORBIDDEN_MODULES = {
    "flask",
    "sqlalchemy",
    "server",
    "werkzeug",
    "os",
    "io",
    "socket",
    "pathlib",
    "sqlite3",
    "psycopg",
    "marshmallow",
    "shutil",
    "tempfile",
    "subprocess",
    "urllib",
    "http",
    "requests",
    "importlib",
}
FORBIDDEN_CALLS = {"open", "__import__", "exec", "eval"}
SOURCES = sorted(SYNC_DIR.glob("**/*.py"))


def test_the_sync_package_is_where_expected() -> None:
    names = {path.name for path in SOURCES}
    assert {"__init__.py", "errors.py", "hlc.py", "merge.py", "cursor.py", "messages.py"} <= names


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, top-level module) of every import; relative imports leaving sync/ included."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level > 1:
                found.append((node.lineno, "<outside sync>"))
            elif node.module and node.level == 0:
                found.append((node.lineno, node.module.split(".")[0]))
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_forbidden_import(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bad = [
        (line, module)
        for line, module in imported_modules(tree)
        if module in FORBIDDEN_MODULES or module == "<outside sync>"
    ]
    assert bad == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_file_opened_nor_code_loaded(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    calls = [
        (node.lineno, node.func.id)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in FORBIDDEN_CALLS
    ]
    opens = [
        (node.lineno, node.func.attr)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"open", "read_text", "write_text", "read_bytes", "write_bytes"}
    ]
    assert calls + opens == []


def test_importing_sync_loads_no_framework() -> None:
    code = (
        "import sys, sync; "
        "print(sorted(m for m in ('flask', 'sqlalchemy', 'server', 'werkzeug') "
        "if m in sys.modules))"
    )
    root = SYNC_DIR.parent
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
