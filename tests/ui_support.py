"""Helpers for the window's tests: counter databases and a sync client stand-in.

``FakeSyncClient`` has the names of ``counter_app.sync.SyncClient`` and marks
outbox rows as a server would; it lets the window's tests run without a server
process and decide exactly when "the server" is up.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app import clock, connection, recharge, shifts
from counter_app.storage import write_transaction
from tests.core_fixtures import CASHIER, CASHIER_PIN, build_counter, copy_data_files


@dataclass
class FakeResult:
    sent: int = 0
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    remaining: int = 0
    error: str | None = None


@dataclass
class FakeHealth:
    reachable: bool
    server_time: str | None = None
    skew_s: float | None = None
    error: str | None = None


class FakeServer:
    """What the fake clients share: whether the server is up, what it refuses."""

    def __init__(self, *, up: bool = True, batch: int = 200) -> None:
        self.up = up
        self.batch = batch
        self.reject_consumers: set[str] = set()
        self.calls = 0
        self.running = threading.Event()   # set while a sync_once runs
        self.gate: threading.Event | None = None   # when set, sync_once waits for it


class FakeSyncClient:
    def __init__(self, db, server: FakeServer) -> None:
        self.db = db
        self.server = server

    def sync_once(self, *, force: bool = False) -> FakeResult:
        server = self.server
        server.calls += 1
        server.running.set()
        try:
            if server.gate is not None:
                server.gate.wait(10)
            now = clock.now_iso()
            if not server.up:
                with write_transaction(self.db):
                    self.db.execute("UPDATE sync_state SET last_attempt_at = ?, last_error = ? WHERE id = 1",
                                    [now, "connection refused"])
                remaining = self._due_count()
                return FakeResult(remaining=remaining, error="Server not reachable (connection refused).")
            rows = self.db.execute(
                "SELECT o.txn_id, r.consumer_no FROM outbox o JOIN recharges r ON r.txn_id = o.txn_id "
                "WHERE o.state IN ('pending', 'in_flight') ORDER BY o.journal_seq LIMIT ?",
                [server.batch]).fetchall()
            accepted = rejected = 0
            with write_transaction(self.db):
                for txn_id, consumer_no in rows:
                    if consumer_no in server.reject_consumers:
                        rejected += 1
                        self.db.execute("UPDATE outbox SET state = 'rejected', reject_reason = 'unknown_consumer', "
                                        "updated_at = ? WHERE txn_id = ?", [now, txn_id])
                    else:
                        accepted += 1
                        self.db.execute("UPDATE outbox SET state = 'confirmed', server_ref = ?, confirmed_at = ?, "
                                        "updated_at = ? WHERE txn_id = ?", [f"SRV-{txn_id[:8]}", now, now, txn_id])
                self.db.execute("UPDATE sync_state SET last_attempt_at = ?, last_success_at = ?, last_error = NULL, "
                                "server_time_offset_s = 0 WHERE id = 1", [now, now])
            return FakeResult(sent=len(rows), accepted=accepted, rejected=rejected, remaining=self._due_count())
        finally:
            server.running.clear()

    def _due_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'in_flight')").fetchone()[0]

    def close(self) -> None:
        pass

    def check_health(self) -> FakeHealth:
        if self.server.up:
            return FakeHealth(True, clock.now_iso(), 0.0)
        return FakeHealth(False, error="connection refused")


def fake_factory(server: FakeServer):
    return lambda db: FakeSyncClient(db, server)


def copy_counter(template: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    copy_data_files(template, target)
    return target


def add_recharges(data_dir: Path, n: int, *, amount_paise: int = 100_00, first_consumer: int = 100_000_000,
                  numbers: list[str] | None = None) -> None:
    """``n`` recharges in one transaction (each still through ``take_recharge``).

    Consumer numbers are ``numbers`` taken in turn, or ``first_consumer`` counting up.
    """
    db = connection.open_counter_db(data_dir)
    try:
        if shifts.current_shift(db) is None:
            shifts.open_shift(db, cashier_id=CASHIER, float_paise=0)
        with write_transaction(db):
            for i in range(n):
                number = numbers[i % len(numbers)] if numbers else str(first_consumer + i)
                recharge.take_recharge(db, cashier_id=CASHIER, consumer_no=number, amount_paise=amount_paise)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


@pytest.fixture(scope="session")
def ui_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Counter MNG-01 with cashiers asha (1234), ravi (5678), supervisor sup (9876); no shift open."""
    template = tmp_path_factory.mktemp("ui-template")
    build_counter(template, open_shift=False)
    seed_directory(template)
    return template


#: Consumers in the template's local directory: the numbers the window tests type are known
#: (the window asks a second Enter for one that is not, as for 1234567890), and three names to search.
DIRECTORY = [(n, f"Consumer {n[-3:]}") for n in (
    "111222333", "112233445", "123123123", "123456789", "135792468", "246813579", "300000009", "300000010",
    "300400500", "300400501", "444555666", "555666777", "555666778", "777888990", "777888999", "987654321")] + [
    ("500100200", "Ram Kumar Singh"), ("500100201", "Ram Kumari Devi"), ("500100202", "Ramesh Prasad"),
    ("101234567890", "Sita Ram Yadav")] + [
    (str(n), f"Consumer {n % 1000}") for n in range(300_000_001, 300_000_041)]


def seed_directory(data_dir: Path) -> None:
    from counter_app import consumers

    db = connection.open_counter_db(data_dir)
    try:
        consumers.store_page(db, [{"consumer_no": n, "name": name, "meter_no": f"M-{n[-4:]}",
                                   "subdivision": "Patna", "balance_paise": 12_300,
                                   "updated_at": "2026-11-27T06:00:00Z"} for n, name in DIRECTORY], "")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


@pytest.fixture
def data_dir(ui_template: Path, tmp_path: Path) -> Path:
    return copy_counter(ui_template, tmp_path / "data")


@pytest.fixture
def fake_server() -> FakeServer:
    return FakeServer(up=False)


# -- the window by keyboard ----------------------------------------------------
@pytest.fixture
def window(qtbot, data_dir, fake_server):
    """The cashier window on its own counter (see ``data_dir``), the stand-in server down."""
    from ui.app import build_window
    from ui.main_window import MainWindow

    win = build_window(data_dir, client_factory=fake_factory(fake_server), sync_now=False)
    assert isinstance(win, MainWindow)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    yield win
    win.close()
    win.session.close()


def type_enter(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def focused(win) -> str:
    widget = QApplication.focusWidget()
    return widget.objectName() if widget is not None else ""


def log_in(qtbot, win, user=CASHIER, pin=CASHIER_PIN) -> None:
    qtbot.keyClicks(win.login.cashier, user)
    qtbot.keyClick(win.login.cashier, Qt.Key.Key_Return)
    qtbot.keyClicks(win.login.pin, pin)
    qtbot.keyClick(win.login.pin, Qt.Key.Key_Return)


def take(qtbot, win, consumer: str, amount: str | None, tendered: str = "", quick: int | None = None) -> None:
    page = win.recharge
    qtbot.keyClicks(page.consumer, consumer)
    qtbot.keyClick(page.consumer, Qt.Key.Key_Return)
    if not page.consumer_ready() and "not in the local directory" in page.consumer_info.text():
        qtbot.keyClick(page.consumer, Qt.Key.Key_Return)    # seen: not in the directory; take it anyway
    if quick is not None:
        qtbot.keyClick(page, Qt.Key(Qt.Key.Key_0 + quick), Qt.KeyboardModifier.AltModifier)
    else:
        qtbot.keyClicks(page.amount, amount)
        qtbot.keyClick(page.amount, Qt.Key.Key_Return)
    qtbot.keyClicks(page.tendered, tendered)
    qtbot.keyClick(page.tendered, Qt.Key.Key_Return)


def wait_status(qtbot, win, predicate, timeout=5000):
    win.work.request_status()
    qtbot.waitUntil(lambda: win.last_status is not None and predicate(win.last_status), timeout=timeout)
    return win.last_status
