"""Closing a shift (blind count, variance sign-off), X and Z reports, and backups from the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app import backup, backup_crypto, day_end, reconciliation, settings, shifts
from tests.core_fixtures import CASHIER, CASHIER_PIN, SUPERVISOR, SUPERVISOR_PIN
from tests.ui_support import focused, log_in, take, type_enter

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def open_and_take(qtbot, win, float_text: str, *amounts: str) -> None:
    log_in(qtbot, win)
    type_enter(qtbot, win.shift.float_edit, float_text)
    for number, amount in enumerate(amounts):
        take(qtbot, win, str(300_000_001 + number), amount)
        assert win.recharge.last_taken is not None


def count_by_keyboard(qtbot, dialog, counts: dict[int, int]) -> None:
    """Type each denomination's pieces and Enter, as a cashier does; zeros are just Enter."""
    for box in dialog.boxes:
        assert focused(dialog) == box.objectName()
        if counts.get(box.paise // 100):
            qtbot.keyClicks(box, str(counts[box.paise // 100]))
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert focused(dialog) == dialog.submit_button.objectName()


def start_close(qtbot, win):
    qtbot.keyClick(win, Qt.Key.Key_C, CTRL_SHIFT)
    dialog = win.close_shift_dialog
    dialog.activateWindow()                                  # as the window manager does
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    assert "Rs" not in dialog.total.text().replace("Rs 0.00", "")   # nothing but the running total
    assert not dialog.sign_off.isVisible() and "expected" not in dialog.explain.text().lower()
    return dialog


def test_close_shift_with_an_exact_count_logs_out(qtbot, window):
    win = window
    open_and_take(qtbot, win, "500x2", "500")               # expected: 1000 + 500
    shift_id = shifts.current_shift(win.session.db).id
    dialog = start_close(qtbot, win)
    count_by_keyboard(qtbot, dialog, {500: 2, 200: 2, 100: 1})
    assert dialog.total.text() == "Counted: Rs 1,500.00"
    qtbot.keyClick(dialog.submit_button, Qt.Key.Key_Return)
    assert shifts.current_shift(win.session.db) is None
    assert "closed" in dialog.result.text() and "exact" in dialog.result.text()
    assert win.pages.currentWidget() is win.login and win.session.user is None
    fig = reconciliation.figures(win.session.db, shift_id)
    assert fig.counted_paise == fig.expected_paise == 1_500_00 and fig.variance_paise == 0
    qtbot.keyClick(dialog.submit_button, Qt.Key.Key_Return)  # Done
    assert not dialog.isVisible()


def test_close_shift_with_a_variance_needs_a_supervisor(qtbot, window):
    win = window
    open_and_take(qtbot, win, "1000", "500")
    shift_id = shifts.current_shift(win.session.db).id
    dialog = start_close(qtbot, win)
    count_by_keyboard(qtbot, dialog, {500: 2, 100: 4})      # Rs 1,400: Rs 100 short
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.sign_off.isVisible() and shifts.current_shift(win.session.db) is not None
    expected = reconciliation.figures(win.session.db, shift_id)
    assert dialog.variance.text() == "⚠ " + reconciliation.variance_message(expected, 1_400_00)
    assert focused(dialog) == "supervisor" and dialog.boxes[0].isReadOnly()

    type_enter(qtbot, dialog.supervisor, CASHIER)           # Enter in a field presses the default button
    assert "note" in dialog.errors.label_for("note").text()  # the note first: no PIN try spent
    qtbot.keyClicks(dialog.note, "Rs 100 note found under the tray, returned")
    qtbot.keyClicks(dialog.pin, CASHIER_PIN)
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)           # a cashier cannot sign off
    assert "not a supervisor" in dialog.errors.label_for("supervisor").text()
    assert shifts.current_shift(win.session.db) is not None
    dialog.supervisor.clear()
    qtbot.keyClicks(dialog.supervisor, SUPERVISOR)
    qtbot.keyClicks(dialog.pin, SUPERVISOR_PIN)
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert shifts.current_shift(win.session.db) is None
    fig = reconciliation.figures(win.session.db, shift_id)
    assert (fig.expected_paise, fig.counted_paise, fig.variance_paise) == (1_500_00, 1_400_00, -100_00)
    assert fig.signed_off_by == SUPERVISOR and fig.close_note.startswith("Rs 100 note found")
    assert "Rs 100.00 short" in dialog.result.text() and f"Signed off by {SUPERVISOR}" in dialog.result.text()
    assert win.pages.currentWidget() is win.login


def test_another_cashiers_shift_cannot_be_counted(qtbot, window):
    win = window
    open_and_take(qtbot, win, "1000")
    qtbot.keyClick(win, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    log_in(qtbot, win, SUPERVISOR, SUPERVISOR_PIN)
    qtbot.keyClick(win, Qt.Key.Key_C, CTRL_SHIFT)
    dialog = win.close_shift_dialog
    assert "asha's" in dialog.general.text() and not dialog.submit_button.isEnabled()
    dialog.reject()


def test_x_report_figures_and_pdf(qtbot, window, tmp_path):
    win = window
    open_and_take(qtbot, win, "1000", "200", "300")
    qtbot.keyClick(win, Qt.Key.Key_X, CTRL_SHIFT)
    dialog = win.x_report_dialog
    fig = reconciliation.x_report(win.session.db)
    assert dialog.figures.value("receipts").startswith("2 (") and fig.first_receipt in dialog.figures.value("receipts")
    assert dialog.figures.value("gross") == "Rs 500.00"
    assert dialog.figures.value("voids") == "- Rs 0.00"
    assert dialog.figures.value("expected") == "Rs 1,500.00"
    saved = dialog.save_pdf(tmp_path / "x.pdf")
    assert saved and saved.read_bytes().startswith(b"%PDF")
    dialog.office_output = tmp_path / "x-printed.pdf"
    assert dialog.print_pdf() and (tmp_path / "x-printed.pdf").exists()
    assert shifts.current_shift(win.session.db) is not None   # an X report closes nothing
    dialog.reject()


def test_x_report_in_the_window_shows_the_cash_rounding(qtbot, window):
    """Rs 199.50 and Rs 300.25 are paid as Rs 200 and Rs 300: the figures add up to the drawer."""
    win = window
    open_and_take(qtbot, win, "1000", "199.50", "300.25")
    qtbot.keyClick(win, Qt.Key.Key_X, CTRL_SHIFT)
    dialog = win.x_report_dialog
    assert dialog.figures.value("gross") == "Rs 499.75"
    assert dialog.figures.value("rounding") == "+Rs 0.25"
    assert dialog.figures.value("expected") == "Rs 1,500.00"
    dialog.reject()


def open_z(qtbot, win):
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3000)
    qtbot.keyClick(win, Qt.Key.Key_D, CTRL_SHIFT)
    auth = win.supervisor_dialog
    qtbot.keyClicks(auth.user_id, SUPERVISOR)
    qtbot.keyClicks(auth.pin, SUPERVISOR_PIN)
    qtbot.keyClick(auth.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(win, "z_report_dialog", None) is not None
                    and win.z_report_dialog.isVisible(), timeout=3000)
    return win.z_report_dialog


def test_z_report_once_per_day(qtbot, window):
    win = window
    open_and_take(qtbot, win, "500x2", "500")
    z = open_z(qtbot, win)                                  # a shift still open: refused, said so
    qtbot.keyClick(z.date, Qt.Key.Key_Return)
    assert z.totals is None and "still open" in z.general.text()
    z.reject()
    win.z_report_dialog = None

    dialog = start_close(qtbot, win)
    count_by_keyboard(qtbot, dialog, {500: 3})
    qtbot.keyClick(dialog.submit_button, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.submit_button, Qt.Key.Key_Return)

    z = open_z(qtbot, win)
    qtbot.keyClick(z.date, Qt.Key.Key_Return)
    assert z.totals is not None and z.totals["z_no"] == 1
    assert z.figures.value("receipts").startswith("1 (") and z.figures.value("gross") == "Rs 500.00"
    assert z.figures.value("variance") == "none"
    assert z.figures.value("unsettled") == "1 · Rs 500.00"    # the server was down all day
    archived = day_end.z_pdf_path(win.session.data_dir, z.totals)
    assert z.pdf_path == archived and archived.read_bytes().startswith(b"%PDF")
    assert "Z report No. 1" in z.title.text() and z.open_button.isEnabled()
    z.reject()
    win.z_report_dialog = None

    z = open_z(qtbot, win)                                  # the same day again: refused
    qtbot.keyClick(z.date, Qt.Key.Key_Return)
    assert z.totals is None and "exists already" in z.general.text()
    assert not z.open_button.isEnabled()
    z.reject()


def backup_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*{backup.SUFFIX}"))


def test_automatic_backup_after_n_recharges_off_the_gui_thread(qtbot, window, tmp_path):
    win = window
    target = tmp_path / "usb"
    db = win.session.db
    settings.change(db, "backup_dir", str(target))
    settings.change(db, "backup_every_n_recharges", 2)
    backup_crypto.set_passphrase(win.session.data_dir, "correct horse battery")
    open_and_take(qtbot, win, "1000", "100")
    qtbot.waitUntil(lambda: win.work.backups_running == 0, timeout=10000)
    assert backup_files(target) == []                       # one recharge: not due yet
    take(qtbot, win, "300000009", "100")
    qtbot.waitUntil(lambda: len(backup_files(target)) == 1 and win.last_backup is not None, timeout=15000)
    assert isinstance(win.last_backup, backup.BackupResult) and win.last_backup.last_receipt_seq == 2
    assert "Backup written" in win.statusBar().currentMessage()

    # The drive is gone: a warning in the status bar, the counter carries on.
    settings.change(db, "backup_dir", str(tmp_path / "not-a-folder.txt"))
    (tmp_path / "not-a-folder.txt").write_text("a file where the folder should be")
    qtbot.keyClick(win, Qt.Key.Key_B, CTRL_SHIFT)             # Back up now
    qtbot.waitUntil(lambda: isinstance(win.last_backup, str), timeout=15000)
    assert "Backup NOT made" in win.statusBar().currentMessage()
    take(qtbot, win, "300000010", "100")
    assert win.recharge.last_taken.consumer_no == "300000010"


def test_shift_close_makes_a_backup(qtbot, window, tmp_path):
    win = window
    target = tmp_path / "usb"
    settings.change(win.session.db, "backup_dir", str(target))
    backup_crypto.set_passphrase(win.session.data_dir, "correct horse battery")
    open_and_take(qtbot, win, "0")
    dialog = start_close(qtbot, win)
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)   # an empty drawer
    assert shifts.current_shift(win.session.db) is None
    qtbot.waitUntil(lambda: len(backup_files(target)) == 1, timeout=15000)
    dialog.accept()
