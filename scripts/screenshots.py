"""Regenerate the window's screenshots in docs/screenshots/.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py
    xvfb-run -a -s "-screen 0 1366x768x24" sh -c 'openbox & .venv/bin/python scripts/screenshots.py'

Through a real X server with a window manager the window is maximised on the
1366x768 screen and two pictures are of the whole screen (title bar, popups).

Screens: login, the printer setup page after a test print to a fake network
printer on loopback and that print decoded back to an image, search by name, recharge with a consumer found, offline with a queue, the
transactions view, the void dialog, the give-back message and the void slip,
cash rounding with a balance that moves, the quit question, the X report PDF,
the recharge screen in Hindi, a backup refused in Hindi, `counter-app status` in
Hindi (its real output, shown as a terminal shows it), the close-shift dialog at the supervisor's
sign-off of a variance, the day's Z report summary and PDF, and the status line
after the Z (the next business day). The counter is a
throw-away one in a temporary folder; the server is the reference server in a
process of its own (tests/live_server.py), taken down by its maintenance fault.
Each PNG must stay under 150 KB (a flat UI in true colour does).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
OUT = ROOT / "docs" / "screenshots"
SIZE = (1366, 736)   # a 1366x768 counter PC's screen less the title bar


DIRECTORY = [("102345678901", "Sunita Kumari", "MTR004512377", "Patna Central", 312_40),
             ("102345678902", "Ramesh Prasad Yadav", "MTR004512378", "Danapur", 48_00),
             ("102345678903", "मोहम्मद इरफ़ान", "MTR004512379", "Phulwari", 1_250_00)]
#: What the reference server knows: the directory and three of the four earlier recharges' consumers
#: (300000002 it rejects); 987654321 is taken while it is down and never reaches it.
ON_SERVER = [(n, name) for n, name, *_ in DIRECTORY] + [(n, f"Consumer {n[-3:]}") for n in
                                                       ("300000001", "300000003", "300000004")]


def add_consumers(data: Path) -> None:
    """A few directory entries, stored as the sync client's consumer pull stores them."""
    import datetime as dt

    from counter_app import clock, connection, consumers
    fetched = clock.to_iso(clock.utc_now() - dt.timedelta(hours=3))
    rows = DIRECTORY
    db = connection.open_counter_db(data)
    try:
        consumers.store_page(db, [{"consumer_no": n, "name": name, "meter_no": m, "subdivision": sd,
                                   "balance_paise": bal, "updated_at": fetched} for n, name, m, sd, bal in rows],
                             next_cursor="0")
    finally:
        db.close()


def save(widget, name: str) -> Path:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage
    # True colour: a flat UI compresses well, and palettes band the buttons' gradients.
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    path = OUT / f"{name}.png"
    image.save(str(path), "PNG", 9)
    print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")
    return path


def pdf_png(pdf: Path, name: str, dpi: int = 80) -> None:
    """Every page of a PDF as docs/screenshots/NAME[-N].png (poppler's pdftoppm)."""
    import subprocess

    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(OUT / name)], check=True)
    for page in sorted(OUT.glob(f"{name}-*.png")):
        print(f"{page.relative_to(ROOT)}  {page.stat().st_size // 1024} KB")


def cli_picture(data: Path, name: str) -> Path:
    """The real output of ``counter-app status`` in Hindi, shown as a terminal would (white on black, monospace)."""
    import subprocess

    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QPlainTextEdit

    command = ["counter-app", "--data-dir", "…/counter", "status"]
    done = subprocess.run([sys.executable, "-m", "counter_cli", "--data-dir", str(data), "status"],
                          capture_output=True, text=True, env={**os.environ, "COUNTER_APP_LANG": "hi"}, check=True)
    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.setFont(QFont(["Noto Sans Mono", "DejaVu Sans Mono", "Noto Sans Devanagari"], 12))
    view.setStyleSheet("QPlainTextEdit { background: #1e1e1e; color: #e8e8e8; padding: 8px; }")
    view.setPlainText(f"$ COUNTER_APP_LANG=hi {' '.join(command)}\n{done.stdout}{done.stderr}")
    view.resize(980, 330)
    view.show()
    return save(view, name)


def save_screen(app, window, name: str) -> Path:
    """The whole screen (window manager's title bar, popups) on a real X server; else the window."""
    from PySide6.QtGui import QImage
    if app.platformName() != "xcb":
        return save(window, name)
    image = window.screen().grabWindow(0).toImage().convertToFormat(QImage.Format.Format_RGB888)
    path = OUT / f"{name}.png"
    image.save(str(path), "PNG", 9)
    print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB (whole screen)")
    return path


def printer_pictures(window, pump, wait_for) -> None:
    """The printer setup page after a test print to a fake network printer, and that print decoded."""
    from tests.core_fixtures import SUPERVISOR
    from tests.receipt_fixtures import FakeNetworkPrinter, raster_image

    fake = FakeNetworkPrinter()
    try:
        window.open_printer_setup(actor=SUPERVISOR)
        dialog = window.printer_setup_dialog
        dialog.kind.setCurrentIndex(dialog.kind.findData("network"))
        dialog.host.setText("127.0.0.1")
        dialog.port.setValue(fake.port)
        dialog.print_test_page()
        wait_for(lambda: dialog.last_test is not None)
        [job] = fake.wait_jobs(1)
        pump(200)
        save(dialog, "printer-setup")
        image = raster_image(job).convert("L")
        path = OUT / "printer-test-print-decoded.png"
        image.save(path, optimize=True)
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB (the ESC/POS bytes decoded)")
        dialog.reject()
    finally:
        fake.close()


def main() -> int:
    from PySide6.QtCore import QDate, Qt
    from PySide6.QtTest import QTest

    from counter_app import users
    from tests.core_fixtures import CASHIER, CASHIER_PIN, SUPERVISOR, SUPERVISOR_PIN, build_counter
    from tests.live_server import Link, ServerProcess, put_online
    from tests.ui_support import add_recharges
    from ui.app import application, build_window

    OUT.mkdir(parents=True, exist_ok=True)
    app = application(sys.argv)
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        data = Path(tmp) / "counter"
        build_counter(data, open_shift=False)
        add_consumers(data)
        # The reference server in its own process; its faults say when it is down.
        server = ServerProcess(Path(tmp) / "server", ON_SERVER)
        stack.callback(server.stop)
        link = Link(server, put_online(data, server, counter_id="MNG-01"))
        add_recharges(data, 4, amount_paise=250_00)     # earlier today: will be confirmed or rejected
        window = build_window(data, sync_now=False)
        window.resize(*SIZE)
        if os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
            window.show()
        else:
            window.showMaximized()

        # Sleep between event rounds rather than QTest.qWait, which keeps the GIL
        # while it waits and starves the window's worker threads.
        def pump(ms: int = 150) -> None:
            end = time.monotonic() + ms / 1000
            while time.monotonic() < end:
                app.processEvents()
                time.sleep(0.005)

        def wait_for(predicate, ms: int = 10000) -> None:
            end = time.monotonic() + ms / 1000
            while time.monotonic() < end and not predicate():
                pump(20)

        # A sync while the server is up: earlier recharges confirmed, one rejected.
        window.sync_now()
        wait_for(lambda: not window.work.syncing and window.work.last_report is not None)
        window.work.request_status()
        wait_for(lambda: window.last_status is not None and window.last_status.pending == 0)
        pump()
        save(window, "login")

        QTest.keyClicks(window.login.cashier, CASHIER)
        QTest.keyClick(window.login.cashier, Qt.Key.Key_Return)
        QTest.keyClicks(window.login.pin, CASHIER_PIN)
        QTest.keyClick(window.login.pin, Qt.Key.Key_Return)
        pump()
        page = window.recharge
        QTest.keyClicks(page.consumer, "1023-4567-8901")
        QTest.keyClick(page.consumer, Qt.Key.Key_Return)
        QTest.keyClicks(page.amount, "500")
        QTest.keyClick(page.amount, Qt.Key.Key_Return)
        QTest.keyClicks(page.tendered, "1000")
        pump()
        save(window, "recharge-consumer-found")
        page.clear_form()
        QTest.keyClicks(page.consumer, "ram")                 # search by name: letters, then pick
        pump(300)
        save_screen(app, window, "recharge-name-search")
        page.search.completer.popup().hide()
        page.clear_form()
        QTest.keyClicks(page.consumer, "1023-4567-8901")
        QTest.keyClick(page.consumer, Qt.Key.Key_Return)
        QTest.keyClicks(page.amount, "500")
        QTest.keyClick(page.amount, Qt.Key.Key_Return)
        QTest.keyClicks(page.tendered, "1000")
        printer_pictures(window, pump, wait_for)

        # The server goes down: recharges queue, the status bar says so.
        link.down()
        QTest.keyClick(page.tendered, Qt.Key.Key_Return)
        for number, amount in (("102345678902", "200"), ("987654321", "1500")):
            QTest.keyClicks(page.consumer, number)
            QTest.keyClick(page.consumer, Qt.Key.Key_Return)
            if not page.consumer_ready():                   # not in the directory: seen, and taken anyway
                QTest.keyClick(page.consumer, Qt.Key.Key_Return)
            QTest.keyClicks(page.amount, amount)
            QTest.keyClick(page.amount, Qt.Key.Key_Return)
            QTest.keyClick(page.tendered, Qt.Key.Key_Return)
        window.sync_now()
        wait_for(lambda: not window.work.syncing)
        window.work.request_status()
        wait_for(lambda: window.last_status is not None and window.last_status.pending == 3)
        pump()
        wait_for(lambda: not window.printer.busy)
        save(window, "offline-with-queue")

        # Void one, then the day's list.
        from counter_app import voids
        voids.void_recharge(window.session.db, page.last_taken.receipt_no, supervisor_id=SUPERVISOR,
                            reason="wrong_amount")
        window.show_transactions()
        window.transactions.date.setDate(QDate.currentDate())
        wait_for(lambda: window.transactions.model.rowCount() == 7)
        window.transactions.view.selectRow(4)
        window.work.request_status()
        wait_for(lambda: not window.printer.busy)
        pump(300)
        save(window, "transactions")

        # Void by the dialog: what is voided, then the money to give back, and the void slip.
        window.transactions.view.setFocus()
        window.transactions.view.selectRow(5)
        window.transactions.void_selected()
        void = window.transactions.void_dialog
        QTest.keyClicks(void.user_id, SUPERVISOR)
        void.reason.setCurrentIndex(2)
        void.pin.setFocus()
        pump(300)
        save(void, "void-dialog")
        QTest.keyClicks(void.pin, SUPERVISOR_PIN)
        QTest.keyClick(void.pin, Qt.Key.Key_Return)
        wait_for(lambda: "Void slip" in window.transactions.message.text())
        pump(300)
        if not hasattr(window.transactions, "give_back_box"):
            raise SystemExit(f"void not done: {window.transactions.message.text()!r} "
                             f"{[l.text() for l in void.findChildren(type(void.general)) if l.text()]}")
        save(window.transactions.give_back_box, "void-give-back")
        window.transactions.give_back_box.accept()
        slip = next((data / "receipts").glob("*/*-void-slip.pdf"))
        pdf_png(slip, "void-slip", dpi=110)

        # Rounding and a balance that moves: this consumer paid here earlier while the server was down.
        window.show_recharge()
        QTest.keyClicks(page.consumer, "102345678901")
        QTest.keyClick(page.consumer, Qt.Key.Key_Return)
        QTest.keyClicks(page.amount, "349.50")
        QTest.keyClick(page.amount, Qt.Key.Key_Return)
        QTest.keyClicks(page.tendered, "500")
        pump(300)
        save(window, "recharge-rounding-balance")
        page.clear_form()

        # Ctrl+Q with the shift open and money waiting: asked first.
        window.request_quit()
        pump(300)
        save(window.quit_question, "quit-question")
        window.quit_question.reject()

        # The X report PDF of the open shift, in both languages.
        from ui.day_reports import XReportDialog
        x = XReportDialog(window.session, window)
        x.show()
        x_pdf = Path(tmp) / "X.pdf"
        x_pdf.write_bytes(x.ensure_pdf())
        pdf_png(x_pdf, "x-report-pdf")
        x.accept()

        window.show_recharge()
        QTest.keyClicks(page.consumer, "102345678903")
        QTest.keyClick(page.consumer, Qt.Key.Key_Return)
        QTest.keyClicks(page.amount, "750")
        window.set_language("hi")
        wait_for(lambda: not window.printer.busy)
        pump(300)
        save(window, "hindi")
        page.amount.clear()
        QTest.keyClicks(page.amount, "0")
        QTest.keyClick(page.amount, Qt.Key.Key_Return)      # the core's refusal, in Hindi, under the field
        pump(300)
        save_screen(app, window, "hindi-refusal-1366x768")
        window.open_printer_setup(actor=SUPERVISOR)
        pump(300)
        save(window.printer_setup_dialog, "printer-setup-hindi")
        window.printer_setup_dialog.reject()
        window.last_backup = None
        window.backup_now()          # no backup location set: the backup path's refusal, in Hindi, in the status line
        wait_for(lambda: isinstance(window.last_backup, str))
        pump(300)
        save_screen(app, window, "hindi-backup-refusal-1366x768")
        cli_picture(data, "hindi-cli-status")
        window.set_language("en")

        # Close the shift: a blind count Rs 10 short, the supervisor asked to sign off.
        page.clear_form()
        window.close_shift()
        dialog = window.close_shift_dialog
        for rupees, pieces in ((500, 3), (100, 1), (50, 1), (20, 2)):
            dialog.boxes[[b.paise for b in dialog.boxes].index(rupees * 100)].setValue(pieces)
        dialog.submit()
        QTest.keyClicks(dialog.supervisor, SUPERVISOR)
        QTest.keyClicks(dialog.note, "Rs 10 coin missing; recounted twice")
        dialog.pin.setFocus()
        pump(300)
        save(dialog, "close-shift")
        QTest.keyClicks(dialog.pin, SUPERVISOR_PIN)
        dialog.submit()
        pump()
        dialog.accept()

        # The supervisor closes the day: the Z report's summary.
        from ui.day_reports import ZReportDialog
        z = ZReportDialog(window.session, users.get(window.session.db, SUPERVISOR), window)
        z.show()
        z.make()
        pump(300)
        save(z, "z-report")
        pdf_png(z.pdf_path, "z-report-pdf")
        z.accept()
        # After the Z: the status line says new money belongs to the next business day.
        window.work.request_status()
        wait_for(lambda: window.last_status is not None and bool(window.last_status.business_day_note))
        pump(300)
        save(window, "after-z-next-business-day")
        window.close()
        window.session.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
