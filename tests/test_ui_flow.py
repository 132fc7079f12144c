"""The whole cashier flow by keyboard, offscreen; the syncs go to the real reference server (tests/live_server.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.core_fixtures import CASHIER, CASHIER_PIN, SUPERVISOR, SUPERVISOR_PIN
from tests.ui_support import focused, log_in, take, type_enter, wait_status
from ui.i18n import Languages, ui_settings


def test_whole_flow_by_keyboard(qtbot, window, online):
    win = window
    assert win.pages.currentWidget() is win.login and focused(win) == "cashier"
    log_in(qtbot, win)
    # No shift open: the float, then Enter.
    assert win.pages.currentWidget() is win.shift and focused(win) == "float"
    type_enter(qtbot, win.shift.float_edit, "500x2,100x5")
    assert win.pages.currentWidget() is win.recharge and focused(win) == "consumer"

    # Server down: two recharges are taken, queued and provisional.
    page = win.recharge
    qtbot.keyClicks(page.consumer, "1234-5678-90")
    qtbot.keyClick(page.consumer, Qt.Key.Key_Return)
    # Not in the local directory: the cashier sees so, and a second Enter takes it anyway.
    assert page.consumer.text() == "1234567890" and focused(win) == "consumer"
    assert "not in the local directory" in page.consumer_info.text()
    qtbot.keyClick(page.consumer, Qt.Key.Key_Return)
    assert focused(win) == "amount"
    qtbot.keyClicks(page.amount, "499.50")
    qtbot.keyClick(page.amount, Qt.Key.Key_Return)
    assert focused(win) == "tendered"
    qtbot.keyClicks(page.tendered, "1000")
    assert page.change_due.text() == "Rs 500.00"          # change due, large: cash is rounded to Rs 500
    assert page.cash_due_note.isVisible() and "Cash due Rs 500.00" in page.cash_due_note.text()
    qtbot.keyClick(page.tendered, Qt.Key.Key_Return)
    assert page.last_taken is not None and page.last_taken.amount_paise == 499_50
    assert page.last_taken.change_paise == 500_00 and page.last_taken.rounding_paise == 50
    assert focused(win) == "consumer" and page.consumer.text() == "" and page.amount.text() == ""
    assert "PROVISIONAL" in page.last_receipt.text() and page.last_taken.receipt_no in page.last_receipt.text()
    qtbot.waitUntil(lambda: page.last_outcome is not None, timeout=10000)   # printed on its own thread
    assert page.last_outcome.ok and page.last_outcome.pdf.exists()       # archived as PDF

    take(qtbot, win, "987654321", None, quick=3)            # Alt+3: Rs 500, exact cash
    assert page.last_taken.amount_paise == 500_00 and page.last_taken.change_paise == 0

    qtbot.keyClick(win, Qt.Key.Key_F5)                      # Sync now, server down
    qtbot.waitUntil(lambda: win.work.last_report is not None and not win.work.syncing, timeout=5000)
    status = wait_status(qtbot, win, lambda s: s.pending == 2)
    assert "NOT reachable" in win.panel.server.text() and win.panel.server.property("level") == "bad"
    assert "2 waiting to send" in win.panel.queue.text() and "Rs 999.50" in win.panel.queue.text()
    assert win.panel.queue.property("level") == "warn"
    assert status.pending_paise == 999_50

    qtbot.keyClick(win, Qt.Key.Key_F3)                      # transactions: both pending
    assert win.pages.currentWidget() is win.transactions
    qtbot.waitUntil(lambda: win.transactions.model.rowCount() == 2, timeout=5000)
    assert all(r["status"] == "pending" for r in win.transactions.model.rows())

    # The server comes back: the queue drains, the status bar and the view say so.
    online.up()
    qtbot.keyClick(win, Qt.Key.Key_F5)
    wait_status(qtbot, win, lambda s: s.pending == 0 and s.confirmed == 2)
    qtbot.waitUntil(lambda: not win.work.syncing, timeout=5000)
    qtbot.waitUntil(lambda: "Server reachable" in win.panel.server.text(), timeout=5000)
    assert win.panel.server.property("level") == "ok"
    assert "Nothing pending" in win.panel.queue.text() and win.panel.queue.property("level") == "ok"
    qtbot.waitUntil(lambda: [r["status"] for r in win.transactions.model.rows()] == ["confirmed"] * 2,
                    timeout=5000)

    # Reprint the selected row with Ctrl+P.
    win.transactions.view.setFocus()
    win.transactions.view.selectRow(0)
    qtbot.keyClick(win.transactions.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "DUPLICATE no. 1" in win.transactions.message.text(), timeout=10000)
    assert win.transactions.model.row(0)["receipt_no"] in win.transactions.message.text()
    qtbot.keyClick(win.transactions.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "DUPLICATE no. 2" in win.transactions.message.text(), timeout=10000)

    # Back to the recharge screen with F2; log out with Ctrl+L.
    qtbot.keyClick(win, Qt.Key.Key_F2)
    assert win.pages.currentWidget() is win.recharge and focused(win) == "consumer"
    qtbot.keyClick(win, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert win.pages.currentWidget() is win.login and win.session.user is None


def test_refusals_are_shown_at_their_field(qtbot, window):
    win = window
    log_in(qtbot, win)
    type_enter(qtbot, win.shift.float_edit, "-5")
    assert win.shift.float_error.isVisible() and "not valid" in win.shift.float_error.text()
    win.shift.float_edit.clear()
    type_enter(qtbot, win.shift.float_edit, "1000")
    page = win.recharge

    type_enter(qtbot, page.consumer, "12")                  # too short
    assert page.consumer_error.isVisible() and "digits" in page.consumer_error.text()
    assert focused(win) == "consumer" and page.consumer.property("invalid") is True

    page.consumer.clear()
    take(qtbot, win, "123456789", "5")                      # below the minimum
    assert page.amount_error.isVisible() and "smallest recharge" in page.amount_error.text()
    assert focused(win) == "amount" and page.last_taken is None

    page.clear_form()
    take(qtbot, win, "123456789", "500", "200")             # short cash
    assert page.tendered_error.isVisible() and "less than the cash due" in page.tendered_error.text()
    assert focused(win) == "tendered"
    assert not page.amount_error.isVisible()

    page.clear_form()
    take(qtbot, win, "123456789", "abc")
    assert page.amount_error.isVisible() and "not valid" in page.amount_error.text()

    qtbot.keyClick(page.amount, Qt.Key.Key_Escape)          # Esc clears everything
    assert page.consumer.text() == "" and not page.amount_error.isVisible() and focused(win) == "consumer"


def test_second_recharge_for_a_consumer_asks_first(qtbot, window, monkeypatch):
    win = window
    log_in(qtbot, win)
    type_enter(qtbot, win.shift.float_edit, "1000")
    page = win.recharge
    take(qtbot, win, "555666777", "300")
    first = page.last_taken
    asked = []
    monkeypatch.setattr(type(page), "confirm_double_take", lambda self, recent: asked.append(recent) or False)
    take(qtbot, win, "555666777", "300")
    assert asked and asked[0]["receipt_no"] == first.receipt_no
    assert page.last_taken is first and page.consumer_error.isVisible()
    assert "Not taken" in page.consumer_error.text()
    monkeypatch.setattr(type(page), "confirm_double_take", lambda self, recent: True)
    page.clear_form()
    take(qtbot, win, "555666777", "300")
    assert page.last_taken is not first and page.last_taken.consumer_no == "555666777"


def test_double_take_dialog_defaults_to_no(qtbot, window):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    win = window
    log_in(qtbot, win)
    type_enter(qtbot, win.shift.float_edit, "1000")
    page = win.recharge
    take(qtbot, win, "555666778", "300")
    first = page.last_taken
    seen = []

    def press_enter():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            qtbot.keyClick(box, Qt.Key.Key_Return)   # a tired Enter: must mean No
        else:
            QTimer.singleShot(20, press_enter)
    QTimer.singleShot(20, press_enter)
    take(qtbot, win, "555666778", "300")
    assert seen and first.receipt_no in seen[0]
    assert page.last_taken is first


def test_wrong_pins_lock_and_say_so(qtbot, window):
    win = window
    for _ in range(4):
        log_in(qtbot, win, pin="0000")
        assert "tries left" in win.login.pin_error.text()
        win.login.cashier.clear()
    log_in(qtbot, win, pin="0000")
    assert "locked" in win.login.pin_error.text()
    win.login.cashier.clear()
    log_in(qtbot, win)
    assert "locked" in win.login.cashier_error.text() and win.session.user is None


def test_another_cashiers_open_shift_is_explained(qtbot, window):
    win = window
    log_in(qtbot, win)
    type_enter(qtbot, win.shift.float_edit, "1000")
    qtbot.keyClick(win, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    log_in(qtbot, win, SUPERVISOR, SUPERVISOR_PIN)
    assert win.pages.currentWidget() is win.recharge
    assert "belongs to asha" in win.recharge.general.text()
    take(qtbot, win, "123456789", "100")
    assert win.recharge.last_taken is None and "belongs to asha" in win.recharge.general.text()


def test_rejected_view_for_the_supervisor(qtbot, window, online):
    win = window
    log_in(qtbot, win)
    type_enter(qtbot, win.shift.float_edit, "1000")
    online.up()
    assert not online.server.knows("111222333") and online.server.knows("444555666")   # the server rejects it
    take(qtbot, win, "111222333", "250")
    take(qtbot, win, "444555666", "250")
    qtbot.keyClick(win, Qt.Key.Key_F5)
    wait_status(qtbot, win, lambda s: s.rejected == 1 and s.pending == 0)
    qtbot.waitUntil(lambda: "1 REJECTED" in win.panel.rejected.text(), timeout=5000)
    assert win.panel.rejected.property("level") == "bad"
    qtbot.keyClick(win, Qt.Key.Key_F4)
    dialog = win.supervisor_dialog
    qtbot.keyClicks(dialog.user_id, CASHIER)                # a cashier is not a supervisor
    qtbot.keyClicks(dialog.pin, CASHIER_PIN)
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert dialog.isVisible() and "not a supervisor" in dialog.general.text() + " ".join(
        lbl.text() for lbl in dialog.findChildren(type(dialog.general)))
    dialog.user_id.clear()
    qtbot.keyClicks(dialog.user_id, SUPERVISOR)
    qtbot.keyClicks(dialog.pin, SUPERVISOR_PIN)
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: hasattr(win, "rejected_dialog") and win.rejected_dialog.model.rowCount() == 1,
                    timeout=5000)
    row = win.rejected_dialog.model.row(0)
    assert row["consumer_no"] == "111222333" and row["reject_reason"] == "unknown_consumer"
    win.rejected_dialog.close()


def test_void_with_a_supervisor_by_keyboard(qtbot, window):
    win = window
    log_in(qtbot, win)
    type_enter(qtbot, win.shift.float_edit, "1000")
    take(qtbot, win, "123123123", "199.50")
    taken = win.recharge.last_taken
    qtbot.keyClick(win, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: win.transactions.model.rowCount() == 1, timeout=5000)
    assert win.transactions.void_button.isEnabled()
    win.transactions.view.setFocus()
    win.transactions.view.selectRow(0)
    qtbot.keyClick(win.transactions.view, Qt.Key.Key_V,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = win.transactions.void_dialog
    # what is about to be voided: the consumer and the amount, and the cash to give back (rounded)
    assert dialog.summary.isVisible()
    assert "123123123" in dialog.summary.text() and "Rs 199.50" in dialog.summary.text()
    assert "cash to give back Rs 200.00" in dialog.summary.text()
    qtbot.keyClicks(dialog.user_id, SUPERVISOR)
    qtbot.keyClicks(dialog.pin, "1111")                     # wrong PIN: said at the PIN field
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert dialog.isVisible() and "Wrong PIN" in " ".join(
        lbl.text() for lbl in dialog.findChildren(type(dialog.general)))
    qtbot.keyClicks(dialog.pin, SUPERVISOR_PIN)
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert taken.receipt_no in win.transactions.message.text()
    box = win.transactions.give_back_box       # after the void: the money to hand back
    assert box.isVisible() and "give back Rs 200.00 to the customer" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert not box.isVisible()
    # the void slip is made, archived and printed (here: to PDF) on the printer thread
    qtbot.waitUntil(lambda: "Void slip" in win.transactions.message.text(), timeout=10000)
    slips = list((win.session.data_dir / "receipts").glob(f"*/{taken.receipt_no}-void-slip.pdf"))
    assert len(slips) == 1 and slips[0].read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(lambda: win.transactions.model.rowCount() == 1
                    and win.transactions.model.row(0)["status"] == "void", timeout=5000)
    wait_status(qtbot, win, lambda s: s.pending_paise == 0)


def test_rejected_view_resolves_by_correcting_the_consumer(qtbot, window, online):
    win = window
    log_in(qtbot, win)
    type_enter(qtbot, win.shift.float_edit, "1000")
    online.up()
    assert not online.server.knows("777888999") and online.server.knows("777888990")   # the server rejects it
    take(qtbot, win, "777888999", "250")
    qtbot.keyClick(win, Qt.Key.Key_F5)
    wait_status(qtbot, win, lambda s: s.rejected == 1)
    qtbot.keyClick(win, Qt.Key.Key_F4)
    dialog = win.supervisor_dialog
    qtbot.keyClicks(dialog.user_id, SUPERVISOR)
    qtbot.keyClicks(dialog.pin, SUPERVISOR_PIN)
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: hasattr(win, "rejected_dialog") and win.rejected_dialog.model.rowCount() == 1,
                    timeout=5000)
    rejected = win.rejected_dialog
    type_enter(qtbot, rejected.consumer, "12")              # refused at the field
    assert rejected.consumer_error.isVisible() and "digits" in rejected.consumer_error.text()
    rejected.consumer.clear()
    type_enter(qtbot, rejected.consumer, "777888990")
    assert "777888990" in rejected.message.text()
    qtbot.waitUntil(lambda: rejected.model.rowCount() == 0, timeout=5000)
    wait_status(qtbot, win, lambda s: s.rejected == 0 and s.pending == 1)
    # the replacement's receipt is printed and archived like every receipt
    replacement = f"{online.counter_id}-0000002"
    qtbot.waitUntil(lambda: f"{replacement}:" in rejected.message.text(), timeout=10000)
    assert list((win.session.data_dir / "receipts").glob(f"*/{replacement}.pdf"))
    rejected.close()


def test_language_switch_is_remembered(qtbot, window, data_dir):
    win = window
    assert win.login.button.text() == "Log in (Enter)"
    win.act_languages["hi"].trigger()
    qtbot.waitUntil(lambda: "लॉग" in win.login.button.text(), timeout=3000)
    assert "भाषा" in win.menu_language.title()
    assert Languages(ui_settings(data_dir)).remembered() == "hi"
    win.act_languages["en"].trigger()
    qtbot.waitUntil(lambda: win.login.button.text() == "Log in (Enter)", timeout=3000)


def test_printer_failure_keeps_the_recharge_and_offers_reprint(qtbot, window):
    win = window
    log_in(qtbot, win)
    type_enter(qtbot, win.shift.float_edit, "1000")
    win.act_targets["thermal"].trigger()          # no thermal printer is configured here
    page = win.recharge
    take(qtbot, win, "246813579", "150")
    taken = page.last_taken
    qtbot.waitUntil(lambda: page.last_outcome is not None, timeout=10000)
    assert taken is not None and not page.last_outcome.ok
    assert page.last_receipt.property("problem") is True
    assert "Ctrl+P prints again" in page.last_receipt.text() and taken.receipt_no in page.last_receipt.text()
    assert focused(win) == "consumer"
    wait_status(qtbot, win, lambda s: s.pending == 1)   # the sale stands
    win.act_targets["pdf"].trigger()
    qtbot.keyClick(page.consumer, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.last_outcome is not None and page.last_outcome.ok, timeout=10000)
    assert page.last_receipt.property("problem") is False
    assert "DUPLICATE" not in page.last_outcome.message   # the first paper copy is not a duplicate


def test_office_printer_gets_the_a4_receipt(qtbot, window, tmp_path):
    import pypdfium2 as pdfium

    win = window
    log_in(qtbot, win)
    type_enter(qtbot, win.shift.float_edit, "1000")
    win.act_targets["office"].trigger()
    win.printer.office_output = tmp_path / "office.pdf"     # instead of the print dialog
    take(qtbot, win, "135792468", "320")
    qtbot.waitUntil(lambda: win.recharge.last_outcome is not None, timeout=10000)
    assert win.recharge.last_outcome.ok, win.recharge.last_outcome.message
    document = pdfium.PdfDocument(str(tmp_path / "office.pdf"))
    width, height = document[0].get_size()
    assert abs(width - 595) < 3 and abs(height - 842) < 3     # A4, from the receipt's own page
    document.close()


def test_a_slow_printer_does_not_hold_the_window(qtbot, window, monkeypatch):
    import time

    import receipts.service

    def slow(db, output):
        time.sleep(1.5)          # a network printer that is off, timing out
    monkeypatch.setattr(receipts.service, "print_receipt", slow)
    win = window
    from counter_app import settings
    settings.change(win.session.db, "printer_kind", "network")   # one is set up (and slow)
    log_in(qtbot, win)
    type_enter(qtbot, win.shift.float_edit, "1000")
    win.act_targets["thermal"].trigger()
    started = time.perf_counter()
    take(qtbot, win, "112233445", "100")
    assert time.perf_counter() - started < 1.0
    assert win.recharge.last_taken is not None and focused(win) == "consumer"
    assert "Printing the receipt" in win.recharge.last_receipt.text() or \
        "Asking the server" in win.recharge.last_receipt.text()
    qtbot.waitUntil(lambda: win.recharge.last_outcome is not None, timeout=10000)
    assert win.recharge.last_outcome.ok


def test_transactions_filter_by_status_and_date(qtbot, window, online):
    from PySide6.QtCore import QDate

    win = window
    log_in(qtbot, win)
    type_enter(qtbot, win.shift.float_edit, "1000")
    online.up()
    take(qtbot, win, "300400500", "100")
    qtbot.keyClick(win, Qt.Key.Key_F5)
    wait_status(qtbot, win, lambda s: s.confirmed == 1)
    qtbot.waitUntil(lambda: not win.work.syncing, timeout=5000)
    online.down()
    take(qtbot, win, "300400501", "100")
    qtbot.keyClick(win, Qt.Key.Key_F3)
    page = win.transactions
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    page.filter.setCurrentIndex(1)                      # Pending
    qtbot.waitUntil(lambda: [r["consumer_no"] for r in page.model.rows()] == ["300400501"], timeout=5000)
    page.filter.setCurrentIndex(2)                      # Confirmed
    qtbot.waitUntil(lambda: [r["consumer_no"] for r in page.model.rows()] == ["300400500"], timeout=5000)
    page.filter.setCurrentIndex(0)
    page.date.setDate(QDate.currentDate().addDays(-1))  # yesterday: nothing
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=5000)
    assert "0 shown" in page.totals.text()
    qtbot.mouseClick(page.today_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    assert "cash kept Rs 200.00" in page.totals.text()


def test_last_known_balance_shows_what_this_counter_took_since(qtbot, window):
    """Rs 429.80 in the directory; two recharges here move what the cashier sees beside it."""
    win = window
    from counter_app import clock, consumers, settings

    settings.change(win.session.db, "double_take_window_s", 0)   # the same consumer twice, on purpose
    consumers.store_page(win.session.db, [{"consumer_no": "445566778", "name": "Meena Kumari", "meter_no": "M-1",
                                           "subdivision": "Patna East", "balance_paise": 429_80,
                                           "updated_at": clock.now_iso()}], "c1")
    log_in(qtbot, win)
    type_enter(qtbot, win.shift.float_edit, "1000")
    page = win.recharge
    type_enter(qtbot, page.consumer, "445566778")
    assert "Last known balance Rs 429.80" in page.consumer_info.text()
    assert "taken here since" not in page.consumer_info.text()
    page.clear_form()
    take(qtbot, win, "445566778", "200")
    take(qtbot, win, "445566778", "150.50")
    type_enter(qtbot, page.consumer, "445566778")
    text = page.consumer_info.text()
    assert "Last known balance Rs 429.80" in text
    assert "taken here since: Rs 350.50 in 2 recharge(s), Rs 0.00 confirmed, Rs 350.50 not yet credited" in text


def test_ctrl_q_with_a_shift_open_and_recharges_queued_asks_first(qtbot, window):
    win = window
    log_in(qtbot, win)
    type_enter(qtbot, win.shift.float_edit, "1000")
    take(qtbot, win, "556677889", "250")
    take(qtbot, win, "556677890", "100")
    qtbot.keyClick(win, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    box = win.quit_question
    assert box.isVisible() and win.isVisible()
    text = box.text()
    assert "Shift 1 of asha is still open" in text and "2 transaction(s) (Rs 350.00)" in text
    assert "will be sent when the app next runs" in text
    qtbot.keyClick(box, Qt.Key.Key_Return)            # No is the default: nothing quits
    assert not box.isVisible() and win.isVisible()
    qtbot.keyClick(win, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    win.quit_question.button(win.quit_question.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=3000)


def test_ctrl_q_with_nothing_waiting_quits_at_once(qtbot, window):
    win = window
    qtbot.keyClick(win, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=3000)
    assert getattr(win, "quit_question", None) is None
