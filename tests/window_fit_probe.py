"""Run as a program: open every window and dialog of the app on a screen of the given size and print
their geometry as JSON (tests/test_window_fit.py runs it once per screen size, offscreen).

    QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json python -m tests.window_fit_probe DATA_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from counter_app import recharge, shifts
from tests.core_fixtures import CASHIER, CASHIER_PIN, SUPERVISOR, SUPERVISOR_PIN
from ui.app import application, build_window

ROWS: list[dict] = []


def settle(window: QWidget) -> None:
    window.activateWindow()
    for _ in range(20):
        QApplication.processEvents()
        QTest.qWait(10)


def record(name: str, window: QWidget, *must_show: QWidget) -> None:
    settle(window)
    g = window.frameGeometry()
    shown = []
    for widget in must_show:
        # A widget that must stay reachable on screen: its corners inside the window, and unclipped.
        top_left = widget.mapTo(window, QPoint(0, 0))
        bottom_right = widget.mapTo(window, QPoint(widget.width() - 1, widget.height() - 1))
        inside = window.rect().contains(top_left) and window.rect().contains(bottom_right)
        shown.append({"name": widget.objectName() or type(widget).__name__, "inside": inside,
                      "visible": widget.isVisible(), "clipped": widget.visibleRegion().boundingRect().size()
                      != widget.size()})
    inner = window.geometry()
    ROWS.append({"name": name, "x": g.x(), "y": g.y(), "w": g.width(), "h": g.height(),
                 "inner_h": inner.height(), "must_show": shown})


def main(data_dir: Path) -> None:
    application()
    win = build_window(data_dir, start_work=True, sync_now=False)
    win.show()
    record("login", win, win.login.pin)
    win.login.cashier.setText(CASHIER)
    win.login.pin.setText(CASHIER_PIN)
    win.login.submit()
    settle(win)
    db = win.session.db
    if shifts.current_shift(db) is None:
        win.shift.float_edit.setText("1000")
        win.shift.submit()
    page = win.recharge
    page.consumer.setText("300400500")
    page.look_up()
    page.errors.show("✖ The smallest recharge is Rs 10.00 (minimum per recharge). A second line of text to wrap "
                     "the error under the field as long refusals do.", "amount")
    record("recharge page, consumer shown, an error", win, page.take_button, page.consumer_info)
    page.clear_form()
    taken = recharge.take_recharge(db, cashier_id=CASHIER, consumer_no="300400501", amount_paise=500_00,
                                   tendered_paise=1000_00)
    page.last_taken = taken
    page.show_taken(taken, None)
    record("recharge page, last receipt", win, page.take_button, page.last_receipt)

    win.show_transactions()
    record("transactions", win, win.transactions.void_button)
    win.show_recharge()

    from ui.printer_setup import PrinterSetupDialog
    win.open_printer_setup(actor=SUPERVISOR)
    dialog = win.printer_setup_dialog
    record("printer setup", dialog, dialog.test_button)
    dialog.reject()

    from ui.transactions_page import SupervisorDialog
    void = SupervisorDialog(win.session, win, ask_reason=True)
    void.open()
    void.user_id.setText(SUPERVISOR)
    void.submit()
    record("void (supervisor) with an error", void, void.errors.label_for("pin"), void.note)
    void.reject()

    win.show_x_report()
    record("X report", win.x_report_dialog, win.x_report_dialog.close_button)
    win.x_report_dialog.reject()

    win.close_shift()
    close = win.close_shift_dialog
    settle(close)
    for box in close.boxes:
        box.setValue(0)
    close.boxes[0].setValue(2)          # a count short of what is expected: the sign-off appears
    close.submit()
    settle(close)
    if close.sign_off.isVisible():
        close.supervisor.setText(SUPERVISOR)
        close.pin.setText(SUPERVISOR_PIN)
        close.note.setText("Counted twice with the supervisor; the difference is noted for the office.")
        close.submit()
    record("close shift after the sign-off", close, close.submit_button)
    close.reject()

    win.supervisor_dialog = None
    win.close_day()
    auth = win.supervisor_dialog
    if auth is not None:
        auth.user_id.setText(SUPERVISOR)
        auth.pin.setText(SUPERVISOR_PIN)
        auth.submit()
        settle(win)
        z = getattr(win, "z_report_dialog", None)
        if z is not None:
            record("Z report", z, z.close_button)
            z.reject()

    from ui.setup_dialog import SetupDialog
    from ui.session import Session
    fresh = Session(data_dir.parent / "fresh")
    setup = SetupDialog(fresh)
    setup.show()
    record("first-run setup", setup)
    setup.reject()
    fresh.close()
    win.close()
    win.session.close()
    print(json.dumps(ROWS))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
    sys.exit(0)
