"""Against the real reference server on loopback: the demo set-up, an outage, and the drain.

Skipped until the sync client and the reference server (issue 3) are in the tree.
"""

from __future__ import annotations

import importlib.util

import pytest
from PySide6.QtCore import Qt

needs_server = pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("counter_app.sync", "counter_app.consumers", "server")),
    reason="needs counter_app.sync and the reference server")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from counter_cli import demo as demo_mod

    prepared = demo_mod.prepare(tmp_path_factory.mktemp("demo"), consumers=300)
    yield prepared
    prepared.server.stop()


@needs_server
def test_demo_outage_then_drain_by_keyboard(qtbot, demo):
    from counter_cli import demo as demo_mod
    from tests.ui_support import focused, log_in, take, type_enter, wait_status
    from ui.app import build_window

    win = build_window(demo.counter_dir, demo_server=demo.server, sync_now=True)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    try:
        # The first sync reaches the server and pulls the consumer directory.
        qtbot.waitUntil(lambda: win.work.last_report is not None and not win.work.syncing, timeout=30000)
        qtbot.waitUntil(lambda: win.session.db.execute("SELECT COUNT(*) FROM consumers").fetchone()[0] == 300,
                        timeout=30000)
        known = [r[0] for r in win.session.db.execute("SELECT consumer_no FROM consumers ORDER BY 1 LIMIT 2")]
        assert win.menu_demo.menuAction().isVisible() and "server up" in win.demo_banner.text()

        log_in(qtbot, win, demo_mod.CASHIER_ID, demo_mod.CASHIER_PIN)
        type_enter(qtbot, win.shift.float_edit, "2000")
        page = win.recharge
        type_enter(qtbot, page.consumer, known[0])
        name = win.session.db.execute("SELECT name FROM consumers WHERE consumer_no = ?", [known[0]]).fetchone()[0]
        assert name in page.consumer_info.text() and "Last known balance" in page.consumer_info.text()
        page.clear_form()

        qtbot.keyClick(win, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)      # server down
        assert not demo.server.running and "DOWN" in win.demo_banner.text()
        take(qtbot, win, known[0], "250")
        take(qtbot, win, known[1], None, quick=2)
        assert focused(win) == "consumer"
        qtbot.waitUntil(lambda: not win.work.syncing, timeout=30000)
        qtbot.keyClick(win, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: not win.work.syncing and win.work.last_report.reachable is False, timeout=30000)
        wait_status(qtbot, win, lambda s: s.pending == 2)
        qtbot.waitUntil(lambda: "NOT reachable" in win.panel.server.text()
                        and "NOT YET CREDITED" in win.panel.queue.text(), timeout=5000)

        qtbot.keyClick(win, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)      # back up
        demo.server.wait_healthy()
        qtbot.waitUntil(lambda: not win.work.syncing, timeout=30000)
        qtbot.keyClick(win, Qt.Key.Key_F5)
        wait_status(qtbot, win, lambda s: s.pending == 0 and s.confirmed == 2, timeout=30000)
        qtbot.waitUntil(lambda: not win.work.syncing, timeout=30000)
        qtbot.waitUntil(lambda: "Server reachable" in win.panel.server.text()
                        and "Nothing pending" in win.panel.queue.text(), timeout=5000)
        qtbot.keyClick(win, Qt.Key.Key_F3)
        qtbot.waitUntil(lambda: [r["status"] for r in win.transactions.model.rows()] == ["confirmed"] * 2,
                        timeout=10000)
    finally:
        win.close()
        win.session.close()
