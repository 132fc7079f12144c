"""kill -9 at random moments: nothing reported as taken is lost, numbering stays gap-free."""

from __future__ import annotations

import os
import random
import signal
import time

from counter_app import connection, verify
from counter_app.recharge import take_recharge
from tests.core_fixtures import CASHIER, build_counter

KILLS = 220


def _child(data_dir, write_fd: int, seed: int) -> None:
    """Take recharges forever; report each one only after its commit returned."""
    try:
        rng = random.Random(seed)
        db = connection.open_counter_db(data_dir)
        while True:
            taken = take_recharge(db, cashier_id=CASHIER, consumer_no=f"{rng.randrange(10**9, 10**10)}",
                                  amount_paise=rng.randrange(10_00, 5_000_00))
            os.write(write_fd, f"{taken.receipt_seq} {taken.txn_id}\n".encode())
    finally:
        os._exit(1)


def test_sigkill_during_recharges_loses_nothing(tmp_path):
    build_counter(tmp_path)
    rng = random.Random(20261127)
    reported: dict[str, int] = {}
    kills = 0
    while kills < KILLS:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            os.close(read_fd)
            _child(tmp_path, write_fd, rng.randrange(1 << 30))
        os.close(write_fd)
        time.sleep(rng.uniform(0.0, 0.06))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        kills += 1
        chunks = []
        while chunk := os.read(read_fd, 65536):
            chunks.append(chunk)
        os.close(read_fd)
        for line in b"".join(chunks).decode().splitlines():
            seq, txn_id = line.split()  # a line torn by the kill would fail here, loudly
            reported[txn_id] = int(seq)

    db = connection.open_counter_db(tmp_path)
    try:
        assert verify.run(db) == []
        rows = dict(db.execute("SELECT txn_id, receipt_seq FROM recharges").fetchall())
        outboxed = {r[0] for r in db.execute("SELECT txn_id FROM outbox")}
    finally:
        db.close()
    print(f"\n{kills} SIGKILLs, {len(reported)} recharges reported taken, {len(rows)} on disk")
    assert kills >= 200
    assert len(reported) > 50, "the children should have taken many recharges between kills"
    missing = {t for t in reported if t not in rows}
    assert not missing, f"{len(missing)} recharges reported as taken are gone"
    assert all(rows[t] == s for t, s in reported.items())
    seqs = sorted(rows.values())
    assert seqs == list(range(1, len(seqs) + 1)), "receipt numbers have a gap or a duplicate"
    assert outboxed == set(rows)
