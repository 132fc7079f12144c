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
import psycopg
import pytest

from tests.server_fixture import BOTH_STORES, database_for, new_counter, queue_void, take

SERVER_STORES = BOTH_STORES  # every test here runs on SQLite and on PostgreSQL

ROOT = Path(__file__).resolve().parents[1]
LEDGER_KEYS = {"txn_id", "counter_id", "receipt_no", "consumer_no", "amount_paise", "server_ref", "credited_at"}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def fresh_store(tmp_path, request, store_kind) -> list[str]:
    """``counter-server`` options naming an empty store of this module's kind."""
    database = database_for(request, store_kind)
    return ["--database", database] if database else ["--data-dir", str(tmp_path / "srv")]


def stored_token_hashes(store_args: list[str]) -> list:
    if store_args[0] == "--database":
        with psycopg.connect(store_args[1]) as conn:
            return conn.execute("SELECT token_sha256 FROM counters").fetchall()
    return sqlite3.connect(Path(store_args[1]) / "server.sqlite3").execute("SELECT token_sha256 FROM counters").fetchall()


def test_counter_add_prints_the_token_once_and_stores_only_its_hash(fresh_store, capsys):
    code, out, _ = run(capsys, *fresh_store, "counter", "add", "--counter-id", "mng-07", "--json")
    token = json.loads(out)["token"]
    assert code == 0 and json.loads(out)["counter_id"] == "MNG-07" and len(token) >= 40
    stored = stored_token_hashes(fresh_store)
    assert len(stored) == 1 and token not in repr(stored)
    code, _, err = run(capsys, *fresh_store, "counter", "add", "--counter-id", "MNG-07")
    assert code == 1 and "registered already" in err and "Traceback" not in err
    code, _, err = run(capsys, *fresh_store, "counter", "add", "--counter-id", "bad id!")
    assert code == 1 and "not valid" in err


def test_seed_ledger_and_audit(server, counter_template, tmp_path, no_faults, capsys, fresh_store):
    db, _ = new_counter(counter_template, tmp_path / "c", server)
    taken = take(db, 3)
    queue_void(db, taken[0])
    SyncClient(db).sync_once()
    counter_id = db.execute("SELECT counter_id FROM counter").fetchone()[0]
    db.close()
    code, out, _ = run(capsys, *server.cli_args, "ledger", "--counter-id", counter_id, "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 3 and all(LEDGER_KEYS <= set(r) for r in rows)
    assert [r["voided"] for r in rows] == [True, False, False] and rows[0]["reversed_at"]
    code, out, _ = run(capsys, *server.cli_args, "audit", "--json")
    report = {c["counter_id"]: c for c in json.loads(out)["counters"]}[counter_id]
    assert report["ok"] and report["last_receipt_seq"] == 3
    code, out, _ = run(capsys, *fresh_store, "seed", "--consumers", "2500", "--json")
    assert code == 0 and json.loads(out)["consumers"] == 2500
    code, out, _ = run(capsys, *fresh_store, "seed", "--consumers", "500", "--json")
    assert code == 0 and json.loads(out)["consumers"] == 500
    code, _, err = run(capsys, *fresh_store, "seed", "--consumers", "0")
    assert code == 1 and "--consumers takes" in err


def test_run_serves_with_fault_flags_and_the_admin_api_changes_them(fresh_store):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "server", *fresh_store, "run", "--port", "0",
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


def test_migrate_brings_the_schema_up_to_date_once(fresh_store, capsys):
    code, out, _ = run(capsys, *fresh_store, "migrate", "--json")
    first = json.loads(out)
    assert code == 0 and first["schema_version"] >= 1
    code, out, _ = run(capsys, *fresh_store, "migrate", "--json")
    again = json.loads(out)
    assert code == 0 and again["applied"] == [] and again["schema_version"] == first["schema_version"]
    if fresh_store[0] == "--database":
        assert first["applied"] == list(range(1, first["schema_version"] + 1))
