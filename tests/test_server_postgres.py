"""PostgreSQL under what SQLite never had: several server processes, many counters at once, the database going away.

Real parts only: a throwaway PostgreSQL cluster, ``counter-server run --workers 2``
as a subprocess, and each counter its own process syncing over HTTP.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import requests

from counter_app import connection, settings
from counter_app.sync import SyncClient
from server import pg_migrations
from server.postgres_store import PostgresStore
from server.server_key import ServerKey, load_or_create
from server.store import StoreUnavailable
from tests.pg_cluster import Cluster, free_port
from tests.server_fixture import consumer_numbers, new_counter, take

ROOT = Path(__file__).resolve().parents[1]
COUNTERS, EACH, CONSUMERS = 20, 30, 5

# A counter of its own: waits for the start file, then syncs until its queue is empty.
CHILD = r"""
import json, os, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from counter_app import connection
from counter_app.sync import SyncClient
db = connection.open_counter_db(Path(sys.argv[1]))
while not os.path.exists(sys.argv[2]):
    time.sleep(0.005)
client, passes = SyncClient(db), 0
result = client.sync_once(force=True)
while result.remaining and passes < 200:
    passes += 1
    if result.error:
        time.sleep(0.2)
    result = client.sync_once(force=True)
print(json.dumps({"remaining": result.remaining, "error": result.error}))
"""


@dataclass
class Remote:
    """What tests/server_fixture.new_counter needs of a server: its store (to register), URL and key."""

    store: PostgresStore
    url: str
    key: ServerKey


def serve(database: str, key_file: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "server", "--database", database, "run", "--port", "0",
                             "--server-key-file", str(key_file), *extra],
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if "listening on" not in line:
        proc.kill()
        raise AssertionError(f"server did not start: {line!r} {proc.stderr.read()}")
    return proc, line.split()[3]


def stop(proc: subprocess.Popen) -> str:
    """Stop the server; returns what it wrote on stderr (its log)."""
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    return err


def request_lines(log: str) -> list[dict]:
    return [json.loads(line) for line in log.splitlines() if line.startswith("{")]


def metric(text: str, name: str, **labels: str) -> float:
    want = ",".join(f'{k}="{v}"' for k, v in labels.items())
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name) and (f"{{{want}}}" in line if want else line.split()[0] == name):
            total += float(line.split()[-1])
    return total


def balances(store: PostgresStore, numbers: list[str]) -> dict[str, int]:
    return {n: store.get_consumer(n)["balance_paise"] for n in numbers}


def assert_balances_after_chain(store: PostgresStore, numbers: list[str], start: dict[str, int]) -> None:
    """Each credit's balance_after is the balance before it (the start or the previous credit's) plus its amount.

    Batches lock a consumer only at their end, so this is what says the balances
    they wrote down, read earlier, were moved onto the balance under the lock.
    """
    with store.pool.connection() as conn:
        rows = conn.execute("SELECT consumer_no, amount_paise, balance_after_paise FROM transactions "
                            "WHERE status = 'credited' ORDER BY consumer_no, balance_after_paise").fetchall()
    chains: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for number, amount, after in rows:
        chains[number].append((amount, after))
    assert sorted(chains) == sorted(numbers)
    for number, chain in chains.items():
        befores = [start[number]] + [after for _, after in chain[:-1]]
        assert [after - amount for amount, after in chain] == befores, number


def answered_balances(tmp_path: Path, counters: int) -> dict[str, int]:
    """txn_id -> the balance after it that the server's answer gave the counter (kept in its outbox)."""
    told = {}
    for n in range(counters):
        db = connection.open_counter_db(tmp_path / f"c{n}")
        told.update(db.execute("SELECT txn_id, balance_after_paise FROM outbox WHERE state = 'confirmed'").fetchall())
        db.close()
    return told


def stored_balances(store: PostgresStore) -> dict[str, int]:
    with store.pool.connection() as conn:
        return dict(conn.execute("SELECT txn_id, balance_after_paise FROM transactions").fetchall())


def test_twenty_counters_credit_the_same_five_consumers_through_two_server_processes(
        pg_cluster, counter_template, tmp_path):
    database = pg_cluster.new_database("herd")
    store = PostgresStore(database)
    store.seed_consumers(50)
    numbers = consumer_numbers(CONSUMERS)
    start = balances(store, numbers)
    key = load_or_create(tmp_path / "server-key.pem")
    proc, url = serve(database, tmp_path / "server-key.pem", "--workers", "2")
    expected: dict[str, int] = defaultdict(int)
    taken_ids, children, tokens = [], [], []
    go = tmp_path / "go"
    try:
        for n in range(COUNTERS):
            db, token = new_counter(counter_template, tmp_path / f"c{n}", Remote(store, url, key),
                                     counter_id=f"HERD-{n:02d}")
            tokens.append(token)
            settings.change(db, "sync_batch_size", 4)  # several batches each: more interleaving between counters
            for i in range(EACH):
                for taken in take(db, 1, amount_paise=100_00 + 37 * n + i, consumer_no=numbers[(n + i) % CONSUMERS]):
                    expected[taken.consumer_no] += taken.amount_paise
                    taken_ids.append(taken.txn_id)
            db.close()
            children.append(subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path / f"c{n}"), str(go),
                                              str(ROOT)], stdout=subprocess.PIPE, text=True))
        go.touch()
        outcomes = [json.loads(child.communicate(timeout=180)[0]) for child in children]
        scraped = requests.get(f"{url}/metrics", timeout=10).text
    finally:
        log = stop(proc)
    assert outcomes == [{"remaining": 0, "error": None}] * COUNTERS
    rows = store.ledger()
    assert sorted(r["txn_id"] for r in rows) == sorted(taken_ids)  # each txn_id once, none lost
    assert balances(store, numbers) == {n: start[n] + expected[n] for n in numbers}
    assert_balances_after_chain(store, numbers, start)
    assert answered_balances(tmp_path, COUNTERS) == stored_balances(store)  # what each counter was told
    store.close()
    # Metrics add up over both workers; each request is one JSON line, never with a token or signature.
    assert metric(scraped, "counter_batch_items_total", result="accepted") == COUNTERS * EACH
    assert "counter_db_pool_in_use" in scraped and "counter_request_seconds_bucket" in scraped
    batches = [line for line in request_lines(log) if line["route"] == "/api/v1/recharges/batch"]
    assert sum(line["results"].get("accepted", 0) for line in batches) == COUNTERS * EACH
    assert {line["counter_id"] for line in batches} == {f"HERD-{n:02d}" for n in range(COUNTERS)}
    assert len({line["pid"] for line in batches}) == 2, "both server processes took batches"
    assert all(line["status"] == 200 and line["latency_ms"] >= 0 for line in batches)
    assert not any(token in log for token in tokens) and "signature" not in log


def test_while_postgresql_is_down_the_server_answers_503_and_drains_when_it_is_back(counter_template, tmp_path):
    cluster = Cluster().start()  # its own: this test stops it
    proc = None
    try:
        database = cluster.new_database("failover")
        store = PostgresStore(database)
        store.seed_consumers(50)
        consumer = consumer_numbers(1)[0]
        before = store.get_consumer(consumer)["balance_paise"]
        key = load_or_create(tmp_path / "server-key.pem")
        proc, url = serve(database, tmp_path / "server-key.pem", "--retry-after", "3")
        db, token = new_counter(counter_template, tmp_path / "c", Remote(store, url, key))
        assert SyncClient(db).register_key() is None
        taken = take(db, 12, consumer_no=consumer)
        cluster.stop()
        try:
            headers = {"Authorization": f"Bearer {token}"}
            for path in ("/api/v1/ready", "/api/v1/counters/me", "/api/v1/consumers?limit=5"):
                down = requests.get(f"{url}{path}", headers=headers, timeout=30)
                assert down.status_code == 503 and down.headers["Retry-After"] == "3", (path, down.text)
                assert down.json()["error"] == "database_unavailable"
            assert requests.get(f"{url}/api/v1/health", timeout=10).status_code == 200  # the process is alive
            result = SyncClient(db).sync_once(force=True)
            assert result.error and result.remaining == 12  # nothing lost: still queued on the counter
        finally:
            cluster.ctl("start")
        back = time.monotonic() + 30  # as a counter would: try again after Retry-After
        while requests.get(f"{url}/api/v1/ready", timeout=30).status_code != 200:
            assert time.monotonic() < back, "the server did not reconnect within 30 s of PostgreSQL's restart"
            time.sleep(0.5)
        result = SyncClient(db).sync_once(force=True)
        assert result.error is None and result.remaining == 0
        db.close()
        log = stop(proc)
        proc = None
        assert {r["txn_id"] for r in store.ledger()} == {t.txn_id for t in taken}
        assert store.get_consumer(consumer)["balance_paise"] == before + sum(t.amount_paise for t in taken)
        store.close()
    finally:
        if proc is not None:
            stop(proc)
        cluster.destroy()
    statuses = Counter(line["status"] for line in request_lines(log))
    assert statuses[503] >= 4 and statuses[500] == 0, statuses


def test_migrations_are_applied_once_and_a_changed_or_newer_history_is_refused(pg_cluster):
    database = pg_cluster.new_database("mig")
    first = PostgresStore(database)
    assert first.schema_version() == pg_migrations.MIGRATIONS[-1].version
    assert first.migrate() == []  # nothing left to apply
    first.close()
    with psycopg.connect(database) as conn:
        done = pg_migrations.applied(conn)
    first_edited = pg_migrations.Migration(1, "initial", pg_migrations.MIGRATIONS[0].sql + "\n-- edited")
    edited = (first_edited, *pg_migrations.MIGRATIONS[1:])
    with pytest.raises(pg_migrations.MigrationRefused, match="never be edited"):
        pg_migrations.check(done, edited)
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (999, 'future', 'x', 'now')")
    with pytest.raises(pg_migrations.MigrationRefused, match="newer than this server"):
        PostgresStore(database)


def test_an_unreachable_database_is_a_sentence_not_a_traceback(capsys):
    from server.cli import main

    assert main(["--database", f"postgresql://counter@127.0.0.1:{free_port()}/x", "audit"]) == 1
    err = capsys.readouterr().err
    assert "does not answer" in err and "Traceback" not in err
    assert main(["--database", "postgresql://counter:secret@127.0.0.1/x", "audit"]) == 1
    assert ".pgpass" in capsys.readouterr().err
    with pytest.raises(StoreUnavailable):
        PostgresStore(f"postgresql://counter@127.0.0.1:{free_port()}/x", wait_s=0.5)


def _row(txn_id: str, consumer_no: str, amount: int, balance_after: int) -> dict:
    from server.postgres_batch import TXN_COLUMNS

    row = dict.fromkeys(TXN_COLUMNS)
    row.update(txn_id=txn_id, kind="recharge", ref_txn_id=txn_id, counter_id="PG-END", receipt_no=f"R-{txn_id}",
               receipt_seq=int(txn_id.rsplit("-", 1)[1]), consumer_no=consumer_no, amount_paise=amount,
               created_at="2026-12-01T10:00:00Z", fingerprint="f" * 64, server_ref=f"BSP-{txn_id}",
               status="credited", received_at="2026-12-01T10:00:01Z", balance_after_paise=balance_after,
               signature="s" * 88)
    return row


def _batch_end(conn: psycopg.Connection, balances: dict, rows: list[dict]) -> dict:
    from server.postgres_batch import CHANGE_LOCK

    return conn.execute("SELECT credit_batch_end(%s, %s::json, %s::json, %s)",
                        [CHANGE_LOCK, json.dumps(balances), json.dumps(rows), "2026-12-01T10:00:01Z"]).fetchone()[0]


def test_the_end_of_a_batch_adds_what_a_balance_moved_since_it_was_read_and_refuses_a_lost_race(pg_cluster):
    """credit_batch_end, called as PgTx.write_shared calls it: a balance read at 100 that another counter
    has moved to 150 since gives the row's balance after as 150 + the credit, not 100 + the credit; a row
    already held makes the whole call fail as a serialization failure (the batch is run again)."""
    database = pg_cluster.new_database("end")
    PostgresStore(database).close()
    with psycopg.connect(database) as conn:
        conn.execute("INSERT INTO counters (counter_id, token_sha256, created_at) VALUES ('PG-END', 'x', 'now')")
        conn.execute("INSERT INTO consumers (consumer_no, name, meter_no, subdivision, balance_paise, updated_at) "
                     "VALUES ('501', 'A', 'M1', 'S', 150, 'now'), ('502', 'B', 'M2', 'S', 7, 'now')")
        conn.commit()
        moved = _batch_end(conn, {"numbers": ["501", "502"], "starts": [100, 7], "deltas": [20, None]},
                           [_row("T-1", "501", 20, 120), _row("T-2", "502", 5, 7)])
        conn.commit()
        assert moved == {"501": 50}
        assert dict(conn.execute("SELECT txn_id, balance_after_paise FROM transactions").fetchall()) == \
            {"T-1": 170, "T-2": 7}
        assert dict(conn.execute("SELECT consumer_no, balance_paise FROM consumers").fetchall()) == \
            {"501": 170, "502": 7}
        with pytest.raises(psycopg.errors.SerializationFailure, match="inserted one of this batch"):
            _batch_end(conn, {"numbers": ["501"], "starts": [170], "deltas": [20]},
                       [_row("T-3", "501", 20, 190), _row("T-1", "501", 20, 210)])
        conn.rollback()
        with pytest.raises(psycopg.errors.RaiseException, match="vanished"):
            _batch_end(conn, {"numbers": ["599"], "starts": [0], "deltas": [20]}, [_row("T-4", "599", 20, 20)])
        conn.rollback()
        assert conn.execute("SELECT count(*) FROM transactions").fetchone()[0] == 2
        assert conn.execute("SELECT balance_paise FROM consumers WHERE consumer_no = '501'").fetchone()[0] == 170


def test_a_transaction_names_a_counter_that_exists_and_that_counter_is_never_deleted(pg_cluster):
    """The rule the foreign key kept, checked once a statement since migration 6: a batch naming an unknown
    counter is refused whole (the other rows of the statement too), and a counter with money is kept."""
    database = pg_cluster.new_database("names")
    PostgresStore(database).close()
    with psycopg.connect(database) as conn:
        conn.execute("INSERT INTO counters (counter_id, token_sha256, created_at) VALUES ('PG-END', 'x', 'now'), "
                     "('PG-IDLE', 'y', 'now')")
        conn.execute("INSERT INTO consumers (consumer_no, name, meter_no, subdivision, balance_paise, updated_at) "
                     "VALUES ('501', 'A', 'M1', 'S', 0, 'now')")
        conn.commit()
        stray = {**_row("T-2", "501", 5, 25), "counter_id": "PG-NOBODY"}
        with pytest.raises(psycopg.errors.ForeignKeyViolation, match="does not exist"):
            _batch_end(conn, {"numbers": ["501"], "starts": [0], "deltas": [25]}, [_row("T-1", "501", 20, 20), stray])
        conn.rollback()
        assert conn.execute("SELECT count(*) FROM transactions").fetchone()[0] == 0
        _batch_end(conn, {"numbers": ["501"], "starts": [0], "deltas": [20]}, [_row("T-1", "501", 20, 20)])
        conn.commit()
        for statement in ("DELETE FROM counters WHERE counter_id = 'PG-END'",
                          "UPDATE counters SET counter_id = 'PG-NEW' WHERE counter_id = 'PG-END'",
                          "UPDATE transactions SET counter_id = 'PG-IDLE'"):
            with pytest.raises(psycopg.errors.ForeignKeyViolation):
                conn.execute(statement)
            conn.rollback()
        assert conn.execute("SELECT counter_id FROM transactions").fetchall() == [("PG-END",)]
        conn.execute("UPDATE transactions SET status = 'reversed'")   # other changes are as before
        conn.execute("DELETE FROM counters WHERE counter_id = 'PG-IDLE'")  # one that never took money
        conn.commit()


def test_the_pool_is_sized_for_the_batches_a_process_applies_at_once(pg_cluster, tmp_path):
    """The gate lets N batches write at once; the pool holds those and the lookups beside them, no more."""
    from server import cli_context
    from server.crediting import Rules

    database = pg_cluster.new_database("pool")
    for at_once, size in ((2, 4), (5, 7)):
        store = cli_context.open_store_at(database, tmp_path, Rules(), batches_at_once=at_once)
        try:
            assert store.pool.max_size == size
        finally:
            store.close()


def test_a_pooled_connection_postgresql_closed_is_replaced_and_a_live_one_is_used_without_a_round_trip(
        pg_cluster, monkeypatch):
    """Checking every connection on checkout (an empty query) cost each request a round trip to PostgreSQL;
    a live connection is used at once, and one whose backend is gone (a restart) is replaced before use."""
    from psycopg_pool import ConnectionPool

    store = PostgresStore(pg_cluster.new_database("pool_check"))
    try:
        token = store.add_counter("POOL-1")
        checks = []
        real_check = ConnectionPool.check_connection
        monkeypatch.setattr(ConnectionPool, "check_connection",
                            staticmethod(lambda conn: checks.append(conn) or real_check(conn)))
        for _ in range(10):
            assert store.counter_for_token(token).counter_id == "POOL-1"
        assert checks == []  # nothing was asked of PostgreSQL but the lookups themselves
        with store._conn() as conn:
            held = conn.info.backend_pid
        with psycopg.connect(store.pool.conninfo, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [held])
            deadline = time.monotonic() + 10
            while admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [held]).fetchone():
                assert time.monotonic() < deadline
                time.sleep(0.05)
        for _ in range(3):  # whichever pooled connection comes next, the dead one is never handed out
            assert store.counter_for_token(token).counter_id == "POOL-1"
        assert checks, "the closed connection was not checked before use"
    finally:
        store.close()


def test_the_pool_check_works_when_the_process_has_more_than_1024_files_open(pg_cluster):
    """A server with thousands of counters connected holds thousands of sockets: a pooled connection's
    descriptor is then past what select() can watch, and the check must still work (poll)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 1200
    if soft < wanted + 100:
        if hard != resource.RLIM_INFINITY and hard < wanted + 100:
            pytest.fail(f"this test needs {wanted + 100} open files; the hard limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted + 100, hard))
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(wanted)]
    try:
        store = PostgresStore(pg_cluster.new_database("many_files"), wait_s=2.0)
        try:
            with store._conn() as conn:
                assert conn.pgconn.socket > 1024
            token = store.add_counter("FILES-1")
            assert store.counter_for_token(token).counter_id == "FILES-1"
        finally:
            store.close()
    finally:
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
