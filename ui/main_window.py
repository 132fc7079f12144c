"""The cashier window: pages, menus with visible shortcuts, and the truthful status bar."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QSettings, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from counter_app import inspection, shifts
from counter_app.inspection import Status
from ui.background import BackgroundWork
from ui.i18n import Languages
from ui.login_page import LoginPage, ShiftPage
from ui.printing import ReceiptPrinter, default_target
from ui.session import Session
from ui.status_panel import StatusPanel
from ui.sync_worker import SyncReport
from ui.window_menus import MenusMixin
from ui.work_feedback import WorkFeedback

log = logging.getLogger(__name__)


class MainWindow(MenusMixin, QMainWindow):
    def __init__(self, session: Session, work: BackgroundWork, languages: Languages,
                 ui_settings: QSettings, *, demo: Any = None) -> None:
        super().__init__()
        self.session = session
        self.work = work
        self.languages = languages
        self.ui_settings = ui_settings
        self.demo = demo
        self.last_status: Status | None = None
        self.skew_warn_s = float(session.setting("clock_skew_warn_s"))
        kind = session.setting("printer_kind") if "printer_kind" in session.settings_known() else None
        target = str(ui_settings.value("print_target", default_target(kind)))
        self.printer = ReceiptPrinter(work, target)
        self.printer.parent_widget = self
        if target == "office":
            self.printer.office_printer_name = str(ui_settings.value("office_printer", "")) or None

        self.pages = QStackedWidget()
        self.login = LoginPage(session)
        self.shift = ShiftPage(session)
        self._recharge = None       # made at the first login, like the transactions at the first F3
        self._transactions = None   # made at the first F3: less to load before the login page shows
        for page in (self.login, self.shift):
            self.pages.addWidget(page)

        # The truthful status sits under every page, not in the status bar, so that it
        # can wrap to two lines instead of being cut off; the status bar is for notices.
        self.panel = StatusPanel()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.pages, 1)
        column.addWidget(self.panel)
        self.statusBar().setSizeGripEnabled(False)
        self.demo_banner = QLabel()
        self.demo_banner.setObjectName("demoBanner")
        if demo is not None:
            self.statusBar().addWidget(self.demo_banner)
        self.setCentralWidget(central)
        self._make_actions()
        self._make_menus()

        self.login.logged_in.connect(self._on_login)
        self.shift.opened.connect(lambda _s: self.show_recharge())
        self.shift.cancelled.connect(self.logout)
        self.panel.sync_button.clicked.connect(self.sync_now)
        session.changes.changed.connect(work.request_status)   # after every write a CoreOp made
        work.status_ready.connect(self._on_status)
        self.feedback = WorkFeedback(work, self.panel, self.statusBar(),
                                     pending=lambda: self.last_status.pending if self.last_status else 0)
        work.sync_started.connect(self._refresh_panel)
        work.sync_progress.connect(lambda _r: self._refresh_panel())
        work.sync_finished.connect(self._on_sync_finished)
        work.error.connect(lambda text: self.statusBar().showMessage("✖ " + text, 15000))
        work.backup_started.connect(self._on_backup_started)
        work.backup_finished.connect(self._on_backup)
        self.last_backup: object = None     # the latest backup outcome shown (a BackupResult or a sentence)

        self.retranslate()
        self.resize(1100, 760)
        self.logout()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _logged_in_actions(self, enabled: bool) -> None:
        for a in (self.act_recharge, self.act_transactions, self.act_reprint, self.act_x_report,
                  self.act_close_shift, self.act_backup):
            a.setEnabled(enabled)

    # -- pages ----------------------------------------------------------------
    @property
    def recharge(self):  # -> ui.recharge_page.RechargePage
        if self._recharge is None:
            from ui.recharge_page import RechargePage

            from ui.confirm_wait import ConfirmWait

            page = RechargePage(self.session, self.printer)
            page.confirm = ConfirmWait(self.session, self.work, int(self.session.setting("confirm_wait_ms")))
            page.taken.connect(self._after_recharge)
            self.pages.addWidget(page)
            self._recharge = page
        return self._recharge

    @property
    def transactions(self):  # -> ui.transactions_page.TransactionsPage
        if self._transactions is None:
            from ui.transactions_page import TransactionsPage

            page = TransactionsPage(self.session, self.work)
            page.reprint_requested.connect(self._reprint)
            page.void_slip_requested.connect(self._print_void_slip)
            page.rejected_requested.connect(self.show_rejected)
            self.pages.addWidget(page)
            self._transactions = page
        return self._transactions

    def _showing_transactions(self) -> bool:
        return self._transactions is not None and self.pages.currentWidget() is self._transactions

    def logout(self) -> None:
        self.session.user = None
        if self._recharge is not None:
            self._recharge.clear_form()
            self._recharge.last_receipt.hide()
            self._recharge.last_taken = None
        self._logged_in_actions(False)
        self.pages.setCurrentWidget(self.login)
        self.login.reset()

    def _on_login(self, user: Any) -> None:
        self.session.user = user
        self._logged_in_actions(True)
        if shifts.current_shift(self.session.db) is None:
            self.pages.setCurrentWidget(self.shift)
            self.shift.reset()
            return
        self.show_recharge()

    def show_recharge(self) -> None:
        if self.session.user is None:
            return
        self.recharge.show_user()
        self.recharge.errors.clear()
        shift = shifts.current_shift(self.session.db)
        if shift is not None and shift.cashier_id != self.session.user.id:
            self.recharge.errors.show(self.tr(
                "The open shift belongs to {other}; recharges cannot be taken into it by {me}. "
                "{other} must close it first.").format(other=shift.cashier_id, me=self.session.user.id))
        elif shift is None:
            self.pages.setCurrentWidget(self.shift)
            self.shift.reset()
            return
        self.pages.setCurrentWidget(self.recharge)
        self.recharge.consumer.setFocus()

    def show_transactions(self) -> None:
        if self.session.user is None:
            return
        self.pages.setCurrentWidget(self.transactions)
        self.transactions.refresh()
        self.transactions.view.setFocus()

    def show_rejected(self) -> None:
        from ui.transactions_page import RejectedDialog, SupervisorDialog

        dialog = SupervisorDialog(self.session, self)

        def granted() -> None:
            self.rejected_dialog = RejectedDialog(self.session, self.work, dialog.supervisor, self)
            self.rejected_dialog.corrected.connect(self._print_replacement)
            self.rejected_dialog.open()
        dialog.accepted.connect(granted)
        dialog.open()
        self.supervisor_dialog = dialog

    def _print_replacement(self, taken: Any) -> None:
        """A correction's receipt is printed and archived like every receipt (it names the one it replaces)."""
        supervisor = self.rejected_dialog.supervisor if self.rejected_dialog is not None else None

        def done(outcome: Any) -> None:
            if self.rejected_dialog is not None:
                self.rejected_dialog.message.setText(self.rejected_dialog.message.text() + "\n" + (
                    "✔ " if outcome.ok else "✖ ") + self.tr("Receipt {receipt}: {result}").format(
                        receipt=taken.receipt_no, result=outcome.message))
        self.printer.print_receipt(taken.txn_id, copy=False, actor=supervisor.id if supervisor else None, then=done)

    # -- shift close, reports, backups -----------------------------------------
    def close_shift(self) -> None:
        if self.session.user is None:
            return
        from ui.close_shift import CloseShiftDialog

        dialog = CloseShiftDialog(self.session, self)
        dialog.closed.connect(self._shift_closed)
        dialog.open()
        self.close_shift_dialog = dialog

    def _shift_closed(self, _figures: object) -> None:
        # The figures stay in the dialog for the supervisor; behind it, the cashier is logged out.
        self.logout()
        self.work.request_backup("shift_close")   # made when the core says so (a backup location is set)

    def show_x_report(self) -> None:
        if self.session.user is None:
            return
        from ui.day_reports import XReportDialog

        dialog = XReportDialog(self.session, self)
        dialog.office_output = self.printer.office_output
        dialog.open()
        self.x_report_dialog = dialog

    def close_day(self) -> None:
        from ui.day_reports import ZReportDialog
        from ui.transactions_page import SupervisorDialog

        dialog = SupervisorDialog(self.session, self)
        dialog.setWindowTitle(self.tr("Close the day: supervisor"))

        def granted() -> None:
            self.z_report_dialog = ZReportDialog(self.session, dialog.supervisor, self)
            self.z_report_dialog.office_output = self.printer.office_output
            self.z_report_dialog.open()
        dialog.accepted.connect(granted)
        dialog.open()
        self.supervisor_dialog = dialog

    def backup_now(self) -> None:
        if self.session.user is None:
            return
        self.statusBar().showMessage(self.tr("Backing up…"))
        self.work.request_backup("now")

    def _after_recharge(self, _taken: object) -> None:
        self.work.request_backup("auto")   # only when due; off this thread either way

    def _on_backup_started(self, kind: str) -> None:
        if kind == "shift_close":
            self.statusBar().showMessage(self.tr("Backing up after the shift close…"))

    def _on_backup(self, kind: str, outcome: object) -> None:
        if outcome is None:   # an automatic one that was not due
            return
        self.last_backup = outcome
        if isinstance(outcome, str):
            # A warning that stays until the next backup works: the money is safe on this PC,
            # but not yet on the second medium.
            log.warning("backup (%s) not made: %s", kind, outcome)
            self.statusBar().showMessage("⚠ " + self.tr("Backup NOT made: {error}").format(error=outcome))
            return
        self.statusBar().showMessage("✔ " + self.tr("Backup written: {file} ({size} KB)").format(
            file=outcome.path.name, size=max(1, outcome.size_bytes // 1024)), 30000)

    # -- work -----------------------------------------------------------------
    def sync_now(self) -> None:
        """F5: sync now; the status bar says what happened (ui.work_feedback)."""
        self.feedback.sync_now()
        self._refresh_panel()

    def _on_status(self, status: Status) -> None:
        self.last_status = status
        self._refresh_panel()
        self.feedback.status_read(status.pending)

    def _on_sync_finished(self, report: SyncReport) -> None:
        self._refresh_panel()
        if self._showing_transactions():
            self.transactions.refresh()

    def _refresh_panel(self) -> None:
        self.panel.show_summary(self.last_status, self.work.last_report, syncing=self.work.syncing,
                                skew_warn_s=self.skew_warn_s)

    # -- printing -------------------------------------------------------------
    def set_print_target(self, target: str) -> None:
        self.printer.target = target
        self.ui_settings.setValue("print_target", target)
        if target in self.act_targets:
            self.act_targets[target].setChecked(True)

    def printer_setup(self) -> None:
        from ui.printer_setup import ask_supervisor_then_open
        ask_supervisor_then_open(self)

    def open_printer_setup(self, *, actor: str | None) -> None:
        from ui.printer_setup import open_for
        open_for(self, actor=actor)

    def reprint(self) -> None:
        if self._showing_transactions():
            self.transactions.reprint_selected()
        elif self._recharge is not None and self.pages.currentWidget() is self._recharge:
            self._recharge.reprint_last()

    def _reprint(self, taken: Any) -> None:
        user = self.session.user
        page = self.transactions
        page.message.setText(self.tr("Printing receipt {receipt}…").format(receipt=taken.receipt_no))

        def done(outcome: Any) -> None:
            prefix = "✔ " if outcome.ok else "✖ "
            page.message.setText(prefix + self.tr("Receipt {receipt}: {result}").format(
                receipt=taken.receipt_no, result=outcome.message))
        self.printer.print_receipt(taken.txn_id, copy=True, actor=user.id if user else None, then=done)

    def _print_void_slip(self, taken: Any) -> None:
        """The customer gets a void slip with their money back (archived whatever the printer does)."""
        user = self.session.user
        page = self.transactions

        def done(outcome: Any) -> None:
            prefix = "✔ " if outcome.ok else "✖ "
            page.message.setText(page.message.text() + "\n" + prefix + self.tr("Void slip {receipt}: {result}").format(
                receipt=taken.receipt_no, result=outcome.message))
        self.printer.print_void_slip(taken.txn_id, actor=user.id if user else None, then=done)

    # -- language, demo, help -------------------------------------------------
    def set_language(self, code: str) -> None:
        self.statusBar().clearMessage()   # a notice made in the old language would mix the two
        self.languages.apply(code)
        self.act_languages[code].setChecked(True)

    def toggle_demo_server(self) -> None:
        if self.demo is None:
            return
        try:
            if self.demo.running:
                self.demo.stop()
            else:
                self.demo.start(wait=False)
        except Exception as exc:  # noqa: BLE001 - the demo server is a helper, not the sale
            log.exception("demo server toggle failed")
            self.statusBar().showMessage("✖ " + str(exc), 15000)
        self._show_demo_state()
        self.work.request_sync(force=True)
        if self.demo.running:   # it takes a moment to listen: try again once it surely does
            QTimer.singleShot(3000, lambda: self.work.request_sync(force=True))

    def _show_demo_state(self) -> None:
        if self.demo is None:
            return
        running = self.demo.running
        self.act_demo.setText(self.tr("Take the demo server down") if running
                              else self.tr("Bring the demo server back"))
        self.demo_banner.setText(self.tr("DEMO · server up (Ctrl+D takes it down)") if running
                                 else self.tr("DEMO · server DOWN (Ctrl+D brings it back)"))

    def shortcuts_text(self) -> str:
        from ui.shortcuts_help import shortcuts_text
        return shortcuts_text()

    def show_shortcuts(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self, self.tr("Keyboard shortcuts"), self.shortcuts_text())

    def request_quit(self) -> None:
        """Ctrl+Q: with a shift open and money waiting for the server, ask first (No is the default)."""
        from PySide6.QtWidgets import QMessageBox

        warning = inspection.quit_warning(self.session.db)
        if warning is None:
            self._quitting = True
            self.close()
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Quit with transactions waiting?"), warning,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("quitQuestion")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)

        def answered(button: int) -> None:
            if button == QMessageBox.StandardButton.Yes:
                self._quitting = True
                self.close()
        box.finished.connect(answered)
        box.open()
        self.quit_question = box

    def closeEvent(self, event: QCloseEvent) -> None:
        # The window's own close button asks as Ctrl+Q does; close() from code (tests, demo) does not.
        if event.spontaneous() and not getattr(self, "_quitting", False) \
                and inspection.quit_warning(self.session.db) is not None:
            event.ignore()
            self.request_quit()
            return
        if self._recharge is not None and self._recharge.confirm is not None:
            self._recharge.confirm.flush()     # a receipt still waiting for the server prints now
        self.work.stop()
        super().closeEvent(event)

