"""The reference server in a child process, for the window's tests: real HTTP, real answers, real faults.

Registered as a plugin in tests/conftest.py: a test names ``live_server`` (the
process, one per session) or ``online`` (this test's counter registered on it).

The server runs as ``python -m server run`` in a process of its own, so its
work never competes with the window's GUI thread for the test process's GIL.
Its directory holds the consumer numbers the window tests type, except those in
``UNKNOWN_ON_SERVER``, which the server itself rejects (``unknown_consumer``).
"Server down" is the server's own fault injection (maintenance: every API call
503), set through its admin endpoint, or a counter that points at a closed port.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from counter_app import clock, connection, counter
from server.sqlite_store import SqliteStore

ADMIN_TOKEN = "admin-secret-for-window-tests"
#: In the counters' local directory (tests.ui_support.DIRECTORY) but not on the server: it rejects them.
UNKNOWN_ON_SERVER = frozenset({"111222333", "777888999"})
#: Typed in the window tests though not in the local directory (the cashier takes it anyway).
ALSO_ON_SERVER = ("1234567890",)
_ids = itertools.count(1)


class ServerProcess:
    """``counter-server run`` on a free loopback port, with the admin API (faults) enabled."""

    def __init__(self, data_dir: Path, consumers: list[tuple[str, str]]) -> None:
        self.data_dir = data_dir
        self.store = SqliteStore(data_dir)   # what 'counter-server counter add' opens, for registering counters
        self._seed(consumers)
        token_file = data_dir / "admin-token"
        token_file.write_text(ADMIN_TOKEN)
        token_file.chmod(0o600)
        self.log = data_dir / "server.log"
        with open(self.log, "ab") as log:
            # stdin is a pipe only this process holds: however the tests end, the server stops with them.
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "server", "--data-dir", str(data_dir), "run", "--port", "0",
                 "--admin-token-file", str(token_file), "--fault-seed", "7", "--exit-with-parent"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        line = self.proc.stdout.readline().decode()
        if "listening on http://" not in line:
            self.stop()
            raise RuntimeError(f"the server did not start: {line!r}; see {self.log}")
        self.url = line.split("listening on ", 1)[1].split()[0]
        self.http = requests.Session()
        self.public_key_pem = self.http.get(f"{self.url}/api/v1/server-key", timeout=10).json()["public_key_pem"]

    def _seed(self, consumers: list[tuple[str, str]]) -> None:
        """The utility's directory as the server holds it (set-up data, straight into its database)."""
        conn = sqlite3.connect(self.store.path)
        try:
            with conn:
                conn.executemany(
                    "INSERT INTO consumers (consumer_no, name, meter_no, subdivision, balance_paise, updated_at) "
                    "VALUES (?, ?, ?, 'Patna', 12300, ?)",
                    [(n, name, f"M-{n[-4:]}", clock.now_iso()) for n, name in consumers])
        finally:
            conn.close()

    def knows(self, consumer_no: str) -> bool:
        return self.store.get_consumer(consumer_no) is not None

    def add_counter(self, counter_id: str) -> str:
        """Register a counter; its API token (what 'counter-server counter add' prints once)."""
        return self.store.add_counter(counter_id)

    def set_faults(self, **values) -> None:
        """Replace the injected faults through the admin endpoint (no values: none)."""
        answer = self.http.put(f"{self.url}/api/v1/admin/faults", json=values,
                               headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, timeout=10)
        assert answer.status_code == 200, answer.text

    def ledger(self, counter_id: str) -> dict[str, int]:
        return {row["txn_id"]: row["amount_paise"] for row in self.store.ledger(counter_id)}

    def stop(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self.store.close()


def server_directory() -> list[tuple[str, str]]:
    from tests.ui_support import DIRECTORY

    known = {n: name for n, name in DIRECTORY if n not in UNKNOWN_ON_SERVER}   # each number once
    return [*known.items(), *((n, f"Consumer {n[-3:]}") for n in ALSO_ON_SERVER if n not in known)]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory):
    running = ServerProcess(tmp_path_factory.mktemp("live-server"), server_directory())
    yield running
    running.stop()


class Link:
    """This test's counter on the live server, and whether the server answers it."""

    def __init__(self, server: ServerProcess, counter_id: str) -> None:
        self.server = server
        self.counter_id = counter_id

    def up(self) -> None:
        self.server.set_faults()

    def down(self) -> None:
        self.server.set_faults(maintenance=True)

    def slow(self, latency_ms: int) -> None:
        self.server.set_faults(latency_ms=latency_ms)


def put_online(data_dir: Path, server: ServerProcess, counter_id: str | None = None) -> str:
    """Give the counter in ``data_dir`` an id of its own (or ``counter_id``), registered on ``server``, and point it there.

    Its key is registered and the server's key pinned (trust on first use) by
    the first sync, as on a real counter.
    """
    counter_id = counter_id or f"UI-{next(_ids):04d}-{os.getpid() % 10000:04d}"
    token = server.add_counter(counter_id)
    db = connection.open_counter_db(data_dir)
    try:
        counter.setup(db, counter_id=counter_id, server_url=server.url, token=token)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return counter_id


@pytest.fixture
def online(live_server: ServerProcess, data_dir: Path):
    """``data_dir``'s counter registered on the live server, which starts down (maintenance); a :class:`Link`."""
    link = Link(live_server, put_online(data_dir, live_server))
    link.down()
    yield link
    live_server.set_faults()
