"""The store for a utility: PostgreSQL through psycopg 3 and a connection pool, shared by N server processes.

Chosen with ``counter-server --database postgresql://USER@HOST/DB`` (or
``COUNTER_SERVER_DATABASE``). The money rules are :mod:`server.crediting`, the
same as the SQLite store's; how one batch is made safe under concurrency is in
:mod:`server.postgres_batch`. The password, if any, belongs in ``~/.pgpass`` or
``PGPASSFILE`` (libpq reads them), never in the URL on a command line.

While the database does not answer, every call raises
:class:`server.store.StoreUnavailable` (the API answers 503 with Retry-After);
nothing half-done is left behind, because a batch is one transaction.
"""

from __future__ import annotations

import contextlib
import logging
import select
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
from psycopg import errors
from psycopg_pool import ConnectionPool, PoolTimeout

from counter_app import clock
from server import audit, crediting, metrics, pg_migrations, seed, signature_audit
from server.crediting import BatchApplied, Rules
from server.batch_gate import BATCHES_AT_ONCE
from server.postgres_batch import CHANGE_LOCK, TXN_COLUMNS, TXN_SELECT, PgTx, RaceLost
from server.postgres_ops import PostgresOps
from server.store import (
    CounterExists, CounterKey, CounterRecord, KeyConflict, NotVerified, StoreUnavailable, UnknownCounter, hash_token,
    key_id, new_token,
)
from server.tx_cache import JOURNAL_COLUMNS
from server.verify import Verifier

log = logging.getLogger(__name__)

CONSUMER_COLUMNS = ("consumer_no", "name", "meter_no", "subdivision", "balance_paise", "updated_at")
RETRIES = 5  # a batch that lost a race (or a deadlock) runs again this many times before giving up
# The counter and its active key, if any, in one row.
_COUNTER_SELECT = ("SELECT c.counter_id, k.public_key_pem, k.registered_at, c.revoked_at FROM counters c "
                   "LEFT JOIN counter_keys k ON k.counter_id = c.counter_id AND k.retired_at IS NULL")


def is_postgres_url(value: str | None) -> bool:
    return bool(value) and value.split(":", 1)[0] in ("postgresql", "postgres")


# Connections beside the batches a process applies at once (server/batch_gate.py): the token lookup of
# every request, /ready, the pages. The pool hands its connections out in turn, so a larger one only
# spreads the same work over more PostgreSQL backends, each with its caches and its page table of the
# shared buffers cold: in the herd (bench_herd, 2026-12-01) PostgreSQL used 68 to 69 us a transaction
# with 6 beside the batches and 64 with 1 or 2 (fewer page faults, less kernel time), and drained 2 to
# 4 % more. Two, so one slow page does not hold up every request's token lookup.
POOL_BESIDE_BATCHES = 2


def _check_if_closed(conn: psycopg.Connection) -> None:
    """The pool's check on checkout: a round trip only for a connection PostgreSQL may have closed.

    psycopg_pool's ``check_connection`` sends an empty query on every checkout, and every request
    checks one out (two for a batch): in the herd (bench_herd, 2026-12-02) that round trip was 5 % of
    a server process's samples (py-spy), and without it the herd drained 3 % more (alternated runs).
    PostgreSQL, when it goes down or ends a backend, sends the reason and closes the socket, so an idle
    connection's socket with something to read is one to check (the check fails, the pool opens
    another); a silent one is used as it is.
    """
    if conn.closed or conn.broken or _has_input(conn.pgconn.socket):
        ConnectionPool.check_connection(conn)


def _has_input(fd: int) -> bool:
    """Is there something to read on ``fd`` (or has the other end hung up)? Without waiting.

    poll, not select: a server with thousands of counters connected holds descriptors past select's 1024.
    """
    if not hasattr(select, "poll"):  # Windows, where select takes any socket
        return bool(select.select([fd], [], [], 0)[0])
    watch = select.poll()
    watch.register(fd, select.POLLIN)
    return bool(watch.poll(0))


def pool_size_for(batches_at_once: int) -> int:
    return batches_at_once + POOL_BESIDE_BATCHES


class PostgresStore(PostgresOps):
    def __init__(self, url: str, *, rules: Rules | None = None, pool_size: int = pool_size_for(BATCHES_AT_ONCE),
                 wait_s: float = 3.0, migrate: bool = True) -> None:
        self.rules = rules or Rules()
        self.wait_s = wait_s
        # A checked checkout (_check_if_closed): after PostgreSQL restarts, a pooled connection is dead, and
        # finding out on a batch's first statement would cost the batch a 503.
        # reconnect_timeout: the pool's reconnection backs off exponentially; giving an attempt up after
        # 10 s lets the next request start a fresh one, so service resumes within seconds of a restart.
        self.pool = ConnectionPool(url, min_size=1, max_size=pool_size, timeout=wait_s, open=False,
                                   check=_check_if_closed, name="counter-server",
                                   reconnect_timeout=10.0, kwargs={"application_name": "counter-server"})
        try:
            self.pool.open(wait=True, timeout=wait_s)
        except PoolTimeout as exc:
            self.pool.close()
            raise StoreUnavailable(f"PostgreSQL at {_safe(url)} does not answer") from exc
        if migrate:
            self.migrate()
        else:
            with self._conn() as conn:
                pg_migrations.check(pg_migrations.applied(conn))

    # -- connections --------------------------------------------------------
    @contextlib.contextmanager
    def _conn(self) -> Iterator[psycopg.Connection]:
        """A pooled connection in one transaction (committed at the end, rolled back on an error)."""
        try:
            with self.pool.connection(timeout=self.wait_s) as conn:
                metrics.POOL_IN_USE.inc()
                try:
                    yield conn
                finally:
                    metrics.POOL_IN_USE.dec()
        except (PoolTimeout, psycopg.OperationalError) as exc:
            if isinstance(exc, errors.TransactionRollback):
                raise
            raise StoreUnavailable(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__) \
                from exc

    @contextlib.contextmanager
    def _read(self) -> Iterator[psycopg.Connection]:
        """A pooled connection for one read statement, outside a transaction.

        One statement sees one snapshot either way; without BEGIN and COMMIT the
        token lookup that every request makes is one round trip to PostgreSQL, not three.
        """
        with self._conn() as conn:
            conn.autocommit = True
            try:
                yield conn
            finally:
                conn.autocommit = False  # the pool's next user expects a transaction (a batch)

    def ping(self) -> None:
        with self._conn() as conn:
            conn.execute("SELECT 1")

    def migrate(self) -> list[int]:
        with self._conn() as conn:
            conn.commit()  # migrate() opens one transaction per migration
            return pg_migrations.migrate(conn)

    def schema_version(self) -> int:
        with self._conn() as conn:
            return max(pg_migrations.applied(conn), default=0)

    def close(self) -> None:
        self.pool.close()

    # -- counters -----------------------------------------------------------
    def add_counter(self, counter_id: str, *, office: str | None = None) -> str:
        token, digest = new_token()
        with self._conn() as conn:
            inserted = conn.execute("INSERT INTO counters (counter_id, token_sha256, created_at, office) "
                                    "VALUES (%s, %s, %s, %s) ON CONFLICT (counter_id) DO NOTHING",
                                    [counter_id, digest, clock.now_iso(), office]).rowcount
        if not inserted:
            raise CounterExists(counter_id)
        return token

    def counter_for_token(self, token: str) -> CounterRecord | None:
        with self._read() as conn:
            row = conn.execute(f"{_COUNTER_SELECT} WHERE c.token_sha256 = %s", [hash_token(token)]).fetchone()
        return CounterRecord(*row) if row else None

    def counter_by_id(self, counter_id: str) -> CounterRecord | None:
        with self._conn() as conn:
            row = conn.execute(f"{_COUNTER_SELECT} WHERE c.counter_id = %s", [counter_id]).fetchone()
        return CounterRecord(*row) if row else None

    def counter_progress(self, counter_id: str) -> dict[str, Any]:
        with self._conn() as conn:
            seqs = [r[0] for r in conn.execute(
                "SELECT receipt_seq FROM transactions WHERE counter_id = %s AND kind = 'recharge' "
                "UNION SELECT receipt_seq FROM rejections WHERE counter_id = %s ORDER BY 1", [counter_id] * 2)]
            journal = conn.execute("SELECT MAX(seq) FROM journal WHERE counter_id = %s", [counter_id]).fetchone()[0]
        return {"last_receipt_seq": crediting.credible_last_receipt(seqs, self.rules.max_receipt_jump),
                "journal_max_seq": journal or 0}

    def _existing(self, conn: psycopg.Connection, counter_id: str) -> None:
        """Lock the counter's row (key and token changes of one counter go one at a time), or UnknownCounter."""
        if not conn.execute("SELECT 1 FROM counters WHERE counter_id = %s FOR UPDATE", [counter_id]).fetchone():
            raise UnknownCounter(counter_id)

    def register_key(self, counter_id: str, public_key_pem: str) -> tuple[str, bool]:
        pem = public_key_pem.strip() + "\n"
        with self._conn() as conn:
            self._existing(conn, counter_id)
            active = conn.execute("SELECT public_key_pem, registered_at FROM counter_keys WHERE counter_id = %s "
                                  "AND retired_at IS NULL", [counter_id]).fetchone()
            if active is not None:
                if active[0].strip() != pem.strip():
                    raise KeyConflict(counter_id)
                return active[1], True
            if conn.execute("SELECT 1 FROM counter_keys WHERE counter_id = %s AND key_id = %s",
                            [counter_id, key_id(pem)]).fetchone():
                raise KeyConflict(counter_id)  # a retired key never comes back
            at = clock.now_iso()
            conn.execute("INSERT INTO counter_keys (counter_id, key_id, public_key_pem, registered_at) "
                         "VALUES (%s, %s, %s, %s)", [counter_id, key_id(pem), pem, at])
            return at, False

    def counter_keys(self, counter_id: str) -> list[CounterKey]:
        with self._conn() as conn:
            return [CounterKey(*row) for row in conn.execute(
                "SELECT key_id, public_key_pem, registered_at, retired_at FROM counter_keys WHERE counter_id = %s "
                "ORDER BY registered_at", [counter_id])]

    def revoke_counter(self, counter_id: str) -> str:
        with self._conn() as conn:
            self._existing(conn, counter_id)
            return conn.execute("UPDATE counters SET revoked_at = COALESCE(revoked_at, %s) WHERE counter_id = %s "
                                "RETURNING revoked_at", [clock.now_iso(), counter_id]).fetchone()[0]

    def rotate_token(self, counter_id: str) -> str:
        token, digest = new_token()
        with self._conn() as conn:
            self._existing(conn, counter_id)
            conn.execute("UPDATE counters SET token_sha256 = %s, token_rotated_at = %s WHERE counter_id = %s",
                         [digest, clock.now_iso(), counter_id])
        return token

    def retire_key(self, counter_id: str) -> CounterKey | None:
        with self._conn() as conn:
            self._existing(conn, counter_id)
            row = conn.execute("SELECT key_id, public_key_pem, registered_at FROM counter_keys WHERE counter_id = %s "
                               "AND retired_at IS NULL", [counter_id]).fetchone()
            if row is None:
                return None
            at = clock.now_iso()
            conn.execute("UPDATE counter_keys SET retired_at = %s WHERE counter_id = %s AND key_id = %s",
                         [at, counter_id, row[0]])
            return CounterKey(*row, at)

    # -- money --------------------------------------------------------------
    def apply_batch(self, counter: CounterRecord, items: list[dict[str, Any]], journal: list[dict[str, Any]],
                    before_commit: Callable[[], bool] | None = None) -> BatchApplied:
        for attempt in range(1, RETRIES + 1):
            try:
                with self._conn() as conn, conn.cursor() as cur:
                    tx = PgTx(cur, counter.counter_id, items, [item["journal"] for item in items] + journal)
                    applied = crediting.apply_batch(tx, items, journal, self.rules)
                    tx.write_own()
                    # Asked before the consumers' rows are locked, so no other counter's batch waits on the
                    # signature checks; a no still rolls back everything, the writes above included.
                    if before_commit is not None and not before_commit():
                        raise NotVerified(counter.counter_id)  # the connection's block rolls back
                    tx.write_shared()
                    tx.answer_balances(applied.results)
                return applied
            except (RaceLost, errors.TransactionRollback) as exc:
                if attempt == RETRIES:
                    raise StoreUnavailable(f"batch of {counter.counter_id} kept colliding: {exc}") from exc
                # The rolled-back attempt left nothing behind; the next one sees the winner's rows.
                log.info("batch of %s ran into a concurrent one (%s); running it again", counter.counter_id,
                         type(exc).__name__)
        raise AssertionError("unreachable")

    def get_transaction(self, counter_id: str, txn_id: str) -> dict[str, Any] | None:
        with self._conn() as conn:
            row = conn.execute(f"{TXN_SELECT} WHERE counter_id = %s AND txn_id = %s",
                               [counter_id, txn_id]).fetchone()
        return dict(zip(TXN_COLUMNS, row)) if row else None

    def ledger(self, counter_id: str | None = None) -> list[dict[str, Any]]:
        where, args = "WHERE r.kind = 'recharge'", []
        if counter_id:
            where += " AND r.counter_id = %s"
            args.append(counter_id)
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT r.txn_id, r.counter_id, r.receipt_no, r.consumer_no, r.amount_paise, r.server_ref, "
                "r.credited_at, r.status, r.reversed_at, COALESCE(r.reversed_by, v.txn_id) FROM transactions r "
                "LEFT JOIN transactions v ON v.kind = 'void' AND v.counter_id = r.counter_id "
                f"AND v.ref_txn_id = r.txn_id {where} ORDER BY r.counter_id, r.receipt_seq", args).fetchall()
        keys = ("txn_id", "counter_id", "receipt_no", "consumer_no", "amount_paise", "server_ref", "credited_at")
        return [{**dict(zip(keys, r[:7])), "voided": r[7] in ("reversed", "voided"), "reversed_at": r[8],
                 "void_txn_id": r[9]} for r in rows]

    # -- consumers ----------------------------------------------------------
    def consumers_page(self, since: int, limit: int) -> tuple[list[dict[str, Any]], int, bool]:
        """Keyset on ``change_seq`` (its unique index): a page costs the same at row 10 as at row 2,000,000."""
        with self._conn() as conn:
            rows = conn.execute(f"SELECT change_seq, {', '.join(CONSUMER_COLUMNS)} FROM consumers "
                                "WHERE change_seq > %s ORDER BY change_seq LIMIT %s", [since, limit + 1]).fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        cursor = rows[-1][0] if rows else since
        return [dict(zip(CONSUMER_COLUMNS, r[1:])) for r in rows], cursor, more

    def get_consumer(self, consumer_no: str) -> dict[str, Any] | None:
        with self._conn() as conn:
            row = conn.execute(f"SELECT {', '.join(CONSUMER_COLUMNS)} FROM consumers WHERE consumer_no = %s",
                               [consumer_no]).fetchone()
        return dict(zip(CONSUMER_COLUMNS, row)) if row else None

    def seed_consumers(self, count: int, *, seed_value: int = 1) -> int:
        """Add ``count`` consumers after those already there, by COPY in one transaction."""
        with self._conn() as conn, conn.cursor() as cur:
            cur.execute("SET LOCAL synchronous_commit = off")  # a seed is re-run, not recovered
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [CHANGE_LOCK])
            start = cur.execute("SELECT COUNT(*) FROM consumers").fetchone()[0]
            with cur.copy("COPY consumers (consumer_no, name, meter_no, subdivision, balance_paise, updated_at) "
                          "FROM STDIN") as copy:
                for row in seed.rows(start, count, now=clock.now_iso(), seed=seed_value):
                    copy.write_row(row)
        with self._conn() as conn:
            conn.autocommit = True
            conn.execute("ANALYZE consumers")
            conn.autocommit = False
        return count

    # -- audit --------------------------------------------------------------
    def audit(self, *, signatures: bool = False) -> dict[str, Any]:
        reports = []
        verifier = Verifier(threads=1) if signatures else None
        with self._conn() as conn:
            for (counter_id,) in conn.execute("SELECT counter_id FROM counters ORDER BY counter_id").fetchall():
                seqs = [r[0] for r in conn.execute(
                    "SELECT receipt_seq FROM transactions WHERE counter_id = %s AND kind = 'recharge' "
                    "UNION SELECT receipt_seq FROM rejections WHERE counter_id = %s ORDER BY 1",
                    [counter_id, counter_id])]
                credited, paise = conn.execute(
                    "SELECT COUNT(*), COALESCE(SUM(amount_paise), 0) FROM transactions "
                    "WHERE counter_id = %s AND status = 'credited'", [counter_id]).fetchone()
                waiting = [r[0] for r in conn.execute(
                    "SELECT txn_id FROM transactions WHERE counter_id = %s AND status = 'void_waiting' "
                    "ORDER BY receipt_seq", [counter_id])]
                flagged = conn.execute(
                    "SELECT txn_id, created_at, received_at, time_flag FROM transactions WHERE counter_id = %s "
                    "AND time_flag IS NOT NULL ORDER BY receipt_seq", [counter_id]).fetchall()
                entries = conn.execute(f"SELECT {', '.join(JOURNAL_COLUMNS)} FROM journal WHERE counter_id = %s "
                                       "ORDER BY seq, received_at", [counter_id]).fetchall()
                report = audit.counter_report(counter_id, receipt_seqs=seqs, entries=entries,
                                              credited=credited, credited_paise=int(paise),
                                              voids_waiting=waiting, clock_flags=flagged)
                if signatures:  # the same check as SQLite's (server/signature_audit.py)
                    rows = signature_audit.grouped(
                        conn.execute(signature_audit.recharge_join_sql(TXN_COLUMNS, "%s"), [counter_id]).fetchall(),
                        TXN_COLUMNS, conn.execute(signature_audit.void_entries_sql("%s"), [counter_id]).fetchall())
                    audit.add_signature_findings(report, signature_audit.findings(
                        rows, [k.public_key_pem for k in self.counter_keys(counter_id)], verifier))
                reports.append(report)
        return {"ok": all(r["ok"] for r in reports), "counters": reports, "audited_at": clock.now_iso()}


def _safe(url: str) -> str:
    """The URL without a password, for messages and logs."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "(the given URL)"
    return f"{info.get('host', 'localhost')}:{info.get('port', 5432)}/{info.get('dbname', '')}"
