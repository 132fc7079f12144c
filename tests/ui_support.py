"""Helpers for the window's tests: counter databases, the window, and driving it by keyboard.

The window syncs with the real ``counter_app.sync.SyncClient``. A counter made
here points at a closed port (the server is down); the ``online`` fixture
(tests/live_server.py) registers it on the real reference server instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app import connection, recharge, shifts
from counter_app.storage import write_transaction
from tests.core_fixtures import CASHIER, CASHIER_PIN, build_counter, copy_data_files


def copy_counter(template: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    copy_data_files(template, target)
    return target


def add_recharges(data_dir: Path, n: int, *, amount_paise: int = 100_00, numbers: list[str] | None = None) -> None:
    """``n`` recharges in one transaction (each still through ``take_recharge``).

    Consumer numbers are ``numbers`` taken in turn, by default the 40 of ``DIRECTORY``
    from 300000001 on (the live server knows them: its sync accepts these recharges).
    """
    numbers = numbers or [str(k) for k in range(300_000_001, 300_000_041)]
    db = connection.open_counter_db(data_dir)
    try:
        if shifts.current_shift(db) is None:
            shifts.open_shift(db, cashier_id=CASHIER, float_paise=0)
        with write_transaction(db):
            for i in range(n):
                recharge.take_recharge(db, cashier_id=CASHIER, consumer_no=numbers[i % len(numbers)],
                                       amount_paise=amount_paise)
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


# -- the window by keyboard ----------------------------------------------------
@pytest.fixture
def window(request, qtbot, data_dir):
    """The cashier window on its own counter (see ``data_dir``), its server down.

    Down how: a test that also names ``online`` has its counter registered on
    the live server, which starts in maintenance; any other points at a closed port.
    """
    from ui.app import build_window
    from ui.main_window import MainWindow

    if "online" in request.fixturenames:
        request.getfixturevalue("online")      # before the window opens: the counter's server is set
    win = build_window(data_dir, sync_now=False)
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
