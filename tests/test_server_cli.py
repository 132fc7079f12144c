"""``counter-server``: counter add, seed, ledger, audit, and run with fault flags (a real subprocess)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import requests

from counter_app.sync import SyncClient
from server.cli import main
from tests.server_fixture import new_counter, queue_void, take

ROOT = Path(__file__).resolve().parents[1]
LEDGER_KEYS = {"txn_id", "counter_id", "receipt_no", "consumer_no", "amount_paise", "server_ref", "credited_at"}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_counter_add_prints_the_token_once_and_stores_only_its_hash(tmp_path, capsys):
    data = str(tmp_path / "srv")
    code, out, _ = run(capsys, "--data-dir", data, "counter", "add", "--counter-id", "mng-07", "--json")
    token = json.loads(out)["token"]
    assert code == 0 and json.loads(out)["counter_id"] == "MNG-07" and len(token) >= 40
    stored = sqlite3.connect(tmp_path / "srv" / "server.sqlite3").execute("SELECT token_sha256 FROM counters").fetchall()
    assert token not in repr(stored)
    code, _, err = run(capsys, "--data-dir", data, "counter", "add", "--counter-id", "MNG-07")
    assert code == 1 and "registered already" in err and "Traceback" not in err
    code, _, err = run(capsys, "--data-dir", data, "counter", "add", "--counter-id", "bad id!")
    assert code == 1 and "not valid" in err


def test_seed_ledger_and_audit(server, counter_template, tmp_path, no_faults, capsys):
    data = str(server.store.path.parent)
    db, _ = new_counter(counter_template, tmp_path / "c", server)
    taken = take(db, 3)
    queue_void(db, taken[0])
    SyncClient(db).sync_once()
    counter_id = db.execute("SELECT counter_id FROM counter").fetchone()[0]
    db.close()
    code, out, _ = run(capsys, "--data-dir", data, "ledger", "--counter-id", counter_id, "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 3 and all(LEDGER_KEYS <= set(r) for r in rows)
    assert [r["voided"] for r in rows] == [True, False, False] and rows[0]["reversed_at"]
    code, out, _ = run(capsys, "--data-dir", data, "audit", "--json")
    report = {c["counter_id"]: c for c in json.loads(out)["counters"]}[counter_id]
    assert report["ok"] and report["last_receipt_seq"] == 3
    code, out, _ = run(capsys, "--data-dir", str(tmp_path / "fresh"), "seed", "--consumers", "2500", "--json")
    assert code == 0 and json.loads(out)["consumers"] == 2500
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "fresh"), "seed", "--consumers", "0")
    assert code == 1 and "--consumers takes" in err


def test_run_serves_with_fault_flags_and_the_admin_api_changes_them(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "server", "--data-dir", str(tmp_path / "srv"), "run", "--port", "0",
                             "--maintenance", "--retry-after", "9", "--admin-token", "adm"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert "listening on http://127.0.0.1:" in line, line + proc.stderr.read()
        url = line.strip().rsplit(" ", 1)[1]
        down = requests.get(f"{url}/api/v1/health", timeout=5)
        assert down.status_code == 503 and down.headers["Retry-After"] == "9"
        assert requests.put(f"{url}/api/v1/admin/faults", json={}, headers={"Authorization": "Bearer adm"},
                            timeout=5).status_code == 200
        assert requests.get(f"{url}/api/v1/health", timeout=5).json()["status"] == "ok"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)
        proc.stdout.close()
        proc.stderr.close()
