"""A real server on a loopback port, and real counters that talk to it, for sync tests.

Registered as a plugin in tests/conftest.py: a test names ``server`` as an argument.
The server runs uvicorn in a thread of the test process; its store and fault
layer are reachable directly so tests can register counters and set faults
without going through the CLI.

The store is SQLite unless the module says ``SERVER_STORES = BOTH_STORES``: then
each of its tests runs once against SQLite and once against a real PostgreSQL
(a database of its own in the session's throwaway cluster, tests/pg_cluster.py).
"""

from __future__ import annotations

import itertools
import shutil
import sqlite3
import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest
import sqlite_utils
import uvicorn
from requests.adapters import HTTPAdapter

from counter_app import adjustments, canonical, clock, connection, counter, journal, keystore, outbox, recharge, shifts, signing, users
from counter_app.storage import write_transaction
from counter_app.sync import make_session
from server import seed as seed_data
from server.app import create_app
from server.models import Faults
from server.postgres_store import PostgresStore
from server.server_key import load_or_create
from server.sqlite_store import SqliteStore
from server.web.settings import WebSettings

CASHIER, CASHIER_PIN = "asha", "1234"
ADMIN_TOKEN = "admin-secret-for-tests"
CONSUMERS = 300
BOTH_STORES = ("sqlite", "postgresql")
_ids = itertools.count(1)


class ServerThread:
    def __init__(self, data_dir: Path, *, consumers: int = CONSUMERS, database: str | None = None,
                 web: WebSettings | None = None) -> None:
        self.database = database
        self.data_dir = data_dir
        self.store = PostgresStore(database) if database else SqliteStore(data_dir)
        if consumers:
            self.store.seed_consumers(consumers)
        data_dir.mkdir(parents=True, exist_ok=True)  # the key file lives here, whichever the store
        self.key = load_or_create(data_dir / "server-key.pem")
        self.layer = create_app(self.store, admin_token=ADMIN_TOKEN, fault_seed=7, signing_key=self.key, web=web)
        config = uvicorn.Config(self.layer, host="127.0.0.1", port=0, log_level="critical", access_log=False,
                                lifespan="off", proxy_headers=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="test-server", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"

    @property
    def cli_args(self) -> list[str]:
        """The global options that make ``counter-server`` use this server's store."""
        # The data folder holds the server's key file whichever the store.
        return [*(["--database", self.database] if self.database else []), "--data-dir", str(self.data_dir)]

    def sql(self, statement: str, args: list = ()) -> list[tuple]:
        """A statement straight on the server's database, whichever the store (``?`` marks; set-up and checks)."""
        if self.database:
            with psycopg.connect(self.database) as conn:
                cur = conn.execute(statement.replace("?", "%s"), args)
                return cur.fetchall() if cur.description else []
        conn = sqlite3.connect(self.store.path)
        try:
            rows = conn.execute(statement, args).fetchall()
            conn.commit()
            return rows
        finally:
            conn.close()

    def set_faults(self, **values) -> None:
        self.layer.faults = Faults(**values)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.store.close()


def consumer_numbers(count: int = 20) -> list[str]:
    return [seed_data.consumer_no(i) for i in range(count)]


def database_for(request: pytest.FixtureRequest, store_kind: str) -> str | None:
    """A fresh PostgreSQL database URL for a postgresql test, None (SQLite) otherwise."""
    return request.getfixturevalue("pg_cluster").new_database() if store_kind == "postgresql" else None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest, store_kind: str):
    running = ServerThread(tmp_path_factory.mktemp("server"), database=database_for(request, store_kind))
    yield running
    running.stop()


@pytest.fixture(autouse=False)
def no_faults(server: ServerThread):
    server.set_faults()
    yield server
    server.set_faults()


@pytest.fixture
def registered(server, counter_template, tmp_path, no_faults):
    """A counter registered on ``server`` with its key: (db, token, counter_id)."""
    from counter_app.sync import SyncClient

    db, token = new_counter(counter_template, tmp_path / "counter", server)
    assert SyncClient(db).register_key() is None
    yield db, token, counter.load(db).counter_id
    db.close()


@pytest.fixture
def counter_pair(server, counter_template, tmp_path, no_faults):
    """Two counters registered with their own tokens and keys: [(db, token, counter_id, data_dir)] * 2."""
    from counter_app.sync import SyncClient

    made = []
    for name in ("mng01", "mng02"):
        db, token = new_counter(counter_template, tmp_path / name, server)
        assert SyncClient(db).register_key() is None
        made.append((db, token, counter.load(db).counter_id, tmp_path / name))
    yield made
    for db, *_ in made:
        db.close()


def build_template(target: Path) -> Path:
    db = connection.open_counter_db(target)
    try:
        counter.setup(db, counter_id="TEMPLATE", server_url="http://127.0.0.1:9")
        users.add(db, user_id=CASHIER, name="Asha Devi", role="cashier", pin=CASHIER_PIN)
        shifts.open_shift(db, cashier_id=CASHIER, float_paise=1_000_00)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return target


@pytest.fixture(scope="session")
def counter_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("counter-template"))


def new_counter(template: Path, target: Path, server: ServerThread, *, counter_id: str | None = None,
                register: bool = True) -> tuple[sqlite_utils.Database, str]:
    """A counter data dir copied from the template, registered on ``server``; returns (db, token)."""
    shutil.copytree(template, target)
    counter_id = counter_id or f"T{next(_ids):04d}-{uuid.uuid4().hex[:4].upper()}"
    token = server.store.add_counter(counter_id) if register else None
    db = connection.open_counter_db(target)
    counter.setup(db, counter_id=counter_id, server_url=server.url, token=token)
    keystore.pin_server_key(target, server.key.public_key_pem)  # what 'setup --server-key-file' does
    return db, token


def take(db: sqlite_utils.Database, count: int = 1, *, amount_paise: int = 100_00, start: int = 0,
         consumer_no: str | None = None) -> list[recharge.Recharge]:
    numbers = consumer_numbers(50)
    return [recharge.take_recharge(db, cashier_id=CASHIER, consumer_no=consumer_no or numbers[(start + i) % 50],
                                   amount_paise=amount_paise + i % 7)
            for i in range(count)]


def queue_void(db: sqlite_utils.Database, taken: recharge.Recharge, *, bare: bool = False) -> str:
    """What ``voids.void`` does to a recharge, without its checks of who and which shift: the adjustment,
    its 'void' journal entry and its outbox row, together (the adjustment is how this counter knows the
    void is its own when the server answers the recharge "reversed").

    ``bare``: the journal entry and outbox row alone, as a counter that skipped those checks would queue
    one (a second void of one recharge, which the app refuses).
    """
    with write_transaction(db):
        if bare:
            entry = journal.append(db, "void", {"txn_id": taken.txn_id, "receipt_no": taken.receipt_no,
                                                "amount_paise": taken.amount_paise, "reason": "wrong_amount"},
                                   actor=CASHIER, ref=taken.txn_id)
        else:
            entry = adjustments.record(db, taken, kind="void", shift_id=taken.shift_id, actor=CASHIER,
                                       reason="wrong_amount")
        return adjustments.queue_void_message(db, taken, entry)


def confirmed(db: sqlite_utils.Database, kind: str = "recharge") -> dict[str, int]:
    """txn_id -> amount of this counter's confirmed messages of one kind."""
    return dict(db.execute(
        "SELECT o.txn_id, r.amount_paise FROM outbox o JOIN recharges r ON r.txn_id = o.ref_txn_id "
        "WHERE o.state = 'confirmed' AND o.kind = ?", [kind]).fetchall())


def tries(db: sqlite_utils.Database) -> dict[tuple[str, int], int]:
    """(state, attempts) -> outbox rows: which messages were sent, and how often."""
    return {(s, n): c for s, n, c in db.execute("SELECT state, attempts, COUNT(*) FROM outbox GROUP BY 1, 2")}


def ledger(server: ServerThread, counter_id: str) -> dict[str, int]:
    return {row["txn_id"]: row["amount_paise"] for row in server.store.ledger(counter_id)}


def forge_item(db: sqlite_utils.Database, *, kind: str = "recharge", txn_id: str | None = None,
               ref_txn_id: str | None = None, receipt_seq: int | None = None, receipt_no: str | None = None,
               consumer_no: str | None = None, amount_paise: int = 50_00, created_at: str | None = None,
               counter_id: str | None = None, entry: dict | None = None) -> dict:
    """A signed message as an attacker with this counter's own key would make it, not through the app.

    Its journal entry is appended to the counter's own chain (so it is well formed)
    unless ``entry`` gives a made-up one.
    """
    me = counter.load(db)
    txn_id = txn_id or str(uuid.uuid4())
    ref_txn_id = ref_txn_id or txn_id
    if receipt_seq is None:
        receipt_seq = (db.execute("SELECT COALESCE(MAX(receipt_seq), 0) FROM recharges").fetchone()[0]
                       + 1 + next(_ids) % 1000)
    item = {"txn_id": txn_id, "kind": kind, "ref_txn_id": ref_txn_id, "counter_id": counter_id or me.counter_id,
            "receipt_no": receipt_no or f"{me.counter_id}-{receipt_seq:07d}", "receipt_seq": receipt_seq,
            "consumer_no": consumer_no or consumer_numbers(1)[0], "amount_paise": amount_paise,
            "created_at": created_at or clock.now_iso()}
    if entry is None:
        with write_transaction(db):
            payload = ({k: item[k] for k in ("txn_id", "consumer_no", "amount_paise", "receipt_no")}
                       if kind == "recharge" else {"txn_id": ref_txn_id, "amount_paise": amount_paise})
            made = journal.append(db, kind, payload, actor=CASHIER, ref=ref_txn_id)
        entry = {"seq": made.seq, "at": made.at, "kind": made.kind, "actor": made.actor, "ref": made.ref,
                 "payload": canonical.dumps(made.payload), "prev_hash": made.prev_hash, "hash": made.hash}
    item["journal"] = entry
    item["signature"] = signing.sign_object(me.private_key(), item)
    return item


# -- a counter that dies mid-sync ----------------------------------------------
class SimulatedCrash(BaseException):
    """The program dies here (a BaseException, as a kill would be: nothing catches it)."""


class CrashingAdapter(HTTPAdapter):
    def __init__(self, when: str) -> None:
        super().__init__()
        self.when = when

    def send(self, request, **kwargs):
        batch = request.method == "POST" and request.url.endswith("/recharges/batch")
        if batch and self.when == "before":
            raise SimulatedCrash()
        response = super().send(request, **kwargs)
        if batch and self.when == "after":
            response.close()   # what the kernel does for a dead process: the connection goes
            raise SimulatedCrash()  # the server committed; we die before applying its answer
        return response


def crashing_session(when: str):
    session = make_session()
    session.mount("http://", CrashingAdapter(when))
    return session
