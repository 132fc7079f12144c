"""The core, receipts and server never import Qt (nor the UI)."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QT_FREE = ("counter_app", "receipts", "server")


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("package", QT_FREE)
def test_no_qt_or_ui_imports(package):
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / package).rglob("*.py")
        if path != ROOT / "counter_app" / "__main__.py"   # ``python -m counter_app`` runs the shell
        for name in _imports(path)
        if name.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "shiboken6", "ui", "counter_cli")
    ]
    assert not offenders, offenders


def test_importing_the_core_loads_no_qt():
    code = ("import sys, counter_cli.main, counter_app.recharge, counter_app.verify; "
            "m = counter_cli.main.build_parser(); "
            "print([k for k in sys.modules if k.startswith(('PySide6', 'ui'))])")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "[]", out.stdout


def test_import_linter_contracts():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is a dev dependency; install with pip install -e .[dev]"
    res = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"})
    assert res.returncode == 0, res.stdout + res.stderr


def test_no_import_cycles():
    """No module reaches itself through imports, those inside functions included (grimp sees them all)."""
    import grimp

    packages = ("counter_app", "counter_cli", "ui", "receipts", "server", "tests")
    graph = grimp.build_graph(*packages)
    cycles = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                cycles.add(" -> ".join((module, *back)))
    assert not cycles, "\n".join(sorted(cycles))


def test_sync_state_has_one_owner():
    """Only counter_app/sync_state.py reads or writes the sync_state table (migrations create it)."""
    import re

    owners = {ROOT / "counter_app" / "sync_state.py", ROOT / "counter_app" / "migrations.py"}
    touching = re.compile(r"\b(UPDATE|INTO|FROM|JOIN)\s+sync_state\b", re.IGNORECASE)
    offenders = [str(path.relative_to(ROOT)) for package in ("counter_app", "counter_cli", "ui", "receipts", "server")
                 for path in (ROOT / package).rglob("*.py")
                 if path not in owners and touching.search(path.read_text(encoding="utf-8"))]
    assert not offenders, offenders
