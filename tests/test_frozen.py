"""The frozen build (PyInstaller, build.spec): it builds, starts, self-tests and takes a recharge.

This builds the whole app into a temporary folder (about a minute); deselect
with ``-m "not frozen"`` while iterating. CI runs it with the rest.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.frozen


@pytest.fixture(scope="module")
def frozen_app(tmp_path_factory) -> Path:
    pyinstaller = shutil.which("pyinstaller", path=str(Path(sys.executable).parent))
    assert pyinstaller, "pyinstaller is a dev dependency: pip install -e .[dev]"
    out = tmp_path_factory.mktemp("dist")
    started = time.monotonic()
    build = subprocess.run(
        [pyinstaller, "--noconfirm", "--log-level", "ERROR", "--distpath", str(out / "dist"),
         "--workpath", str(out / "build"), str(ROOT / "build.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stderr[-3000:]
    folder = out / "dist" / "counter-app"
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"\nfrozen build: {time.monotonic() - started:.0f} s, {size / 1e6:.0f} MB")
    assert size < 150e6, f"the folder is {size / 1e6:.0f} MB; the target is under 150 MB"
    exe = folder / ("counter-app.exe" if os.name == "nt" else "counter-app")
    assert exe.exists()
    return exe


def run(exe: Path, *args: str, stdin: str = "", env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update({"QT_QPA_PLATFORM": "offscreen", **(env_extra or {})})
    return subprocess.run([str(exe), *args], input=stdin, capture_output=True, text=True, env=env, timeout=120)


def test_version(frozen_app):
    from counter_app import __version__

    res = run(frozen_app, "--version")
    assert res.returncode == 0 and res.stdout.strip() == f"counter-app {__version__}"


def test_self_test_passes(frozen_app, tmp_path):
    res = run(frozen_app, "self-test", "--json", "--data-dir", str(tmp_path / "empty"))
    report = json.loads(res.stdout)
    results = {c["name"]: c["result"] for c in report["checks"]}
    assert res.returncode == 0, res.stdout + res.stderr
    assert results["database"] in ("pass", "warn") and results["receipt"] == "pass"
    assert results["window"] == "pass", report


def test_a_recharge_through_the_frozen_app(frozen_app, tmp_path):
    data = str(tmp_path / "data")
    steps = [
        (["setup", "--counter-id", "FRZ-01", "--server", "http://127.0.0.1:9"], ""),
        (["user", "add", "--id", "asha", "--name", "Asha Devi", "--role", "cashier", "--pin-stdin"], "1234\n"),
        (["shift", "open", "--cashier", "asha", "--float", "500x2", "--pin-stdin"], "1234\n"),
    ]
    for args, stdin in steps:
        res = run(frozen_app, "--data-dir", data, *args, stdin=stdin)
        assert res.returncode == 0, res.stderr
    res = run(frozen_app, "--data-dir", data, "recharge", "--cashier", "asha", "--consumer", "100012345678",
              "--amount", "250", "--pin-stdin", "--json", stdin="1234\n")
    assert res.returncode == 0, res.stderr
    taken = json.loads(res.stdout)
    assert taken["receipt_no"] == "FRZ-01-0000001" and taken["amount_paise"] == 25000
    assert taken["receipt_path"] and Path(taken["receipt_path"]).read_bytes().startswith(b"%PDF")
    assert run(frozen_app, "--data-dir", data, "verify").returncode == 0
