"""``kill -9`` of a real ``counter-app sync`` process at random moments loses nothing and doubles nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counter_app import connection, settings, verify
from counter_app.sync import SyncClient
from tests.server_fixture import confirmed, ledger, new_counter, take

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_sigkill_at_random_moments_of_a_sync(server, counter_template, tmp_path):
    server.set_faults()
    data = tmp_path / "counter"
    db, _ = new_counter(counter_template, data, server)
    counter_id = db.execute("SELECT counter_id FROM counter").fetchone()[0]
    settings.change(db, "sync_batch_size", 4)
    settings.change(db, "sync_batch_max", 4)
    taken = take(db, 60)
    db.close()
    server.set_faults(latency_ms=120)  # the kill is the fault here
    rng = random.Random(11)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    killed = 0
    for _ in range(4):
        proc = subprocess.Popen([sys.executable, "-m", "counter_app", "--data-dir", str(data), "sync", "--json"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.4, 1.4))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait(timeout=10)
    server.set_faults()
    db = connection.open_counter_db(data)
    try:
        result = SyncClient(db).sync_once(force=True)
        assert result.remaining == 0 and result.error is None
        expected = {t.txn_id: t.amount_paise for t in taken}
        assert confirmed(db) == ledger(server, counter_id) == expected
        assert verify.run(db) == []
        report = {c["counter_id"]: c for c in server.store.audit()["counters"]}[counter_id]
        assert report["ok"], report
    finally:
        db.close()
    assert killed >= 2, "the kills should land while syncs are running"


def test_sync_watch_keeps_sending_until_interrupted(server, counter_template, tmp_path):
    server.set_faults()
    data = tmp_path / "counter"
    db, _ = new_counter(counter_template, data, server)
    counter_id = db.execute("SELECT counter_id FROM counter").fetchone()[0]
    settings.change(db, "sync_interval_s", 1)
    take(db, 2)
    db.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "counter_app", "--data-dir", str(data), "sync", "--watch"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 15
        while len(ledger(server, counter_id)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        db = connection.open_counter_db(data)
        take(db, 1)  # taken while the watcher runs: it goes on the next round
        db.close()
        while len(ledger(server, counter_id)) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=60)   # a loaded machine takes its time to exit
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()   # and its pipes are closed
            raise
    assert len(ledger(server, counter_id)) == 3
    assert proc.returncode == 0 and "Traceback" not in err, err
    assert "Sent 2: 2 accepted" in out
