"""Transactions: one day's recharges with their status, reprint, void, and the rejected ones.

Lists are read on the status thread (``BackgroundWork.request_transactions``)
and handed to a :class:`TransactionsModel`; only the latest answer is shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from counter_app import inspection, recharge, rejections, users, voids
from counter_app.money import format_rupees
from ui.background import BackgroundWork
from ui.errors_shown import as_known
from ui.forms import FormErrors, error_label, fit_height
from ui.models import TransactionsModel
from ui.operations import CoreOp
from ui.qt_workarounds import emit
from ui.session import Session

STATUS_FILTERS = (None, "pending", "confirmed", "rejected", "disputed", "void", "superseded", "refunded")


def _table(model: TransactionsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    rows = view.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)   # no per-row measuring on a 10,000-row reset
    rows.setDefaultSectionSize(30)
    # Not ResizeToContents: that measures up to 1,000 rows on every reset (half a
    # second of the GUI thread for a busy day). Widths are fitted to a sample once.
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setResizeContentsPrecision(40)
    header.setStretchLastSection(True)
    return view


VOID_KEY = "Ctrl+Shift+V"


def fit_columns_once(view: QTableView) -> None:
    if view.model().rowCount() and not view.property("fitted"):
        view.resizeColumnsToContents()
        view.setProperty("fitted", True)


class TransactionsPage(QWidget):
    reprint_requested = Signal(object)     # counter_app.recharge.Recharge
    rejected_requested = Signal()
    void_slip_requested = Signal(object)   # the voided Recharge: the window prints its void slip

    def __init__(self, session: Session, work: BackgroundWork, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.work = work
        self._request = 0
        self.model = TransactionsModel(self)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.date = QDateEdit(QDate.currentDate())
        self.date.setObjectName("date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd-MM-yyyy")
        self.date_label = QLabel()
        self.date_label.setBuddy(self.date)
        self.filter = QComboBox()
        self.filter.setObjectName("statusFilter")
        self.filter_label = QLabel()
        self.filter_label.setBuddy(self.filter)
        self.today_button = QPushButton()
        self.refresh_button = QPushButton()
        self.reprint_button = QPushButton()
        self.void_button = QPushButton()
        self.rejected_button = QPushButton()
        self.totals = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.view = _table(self.model)

        bar = QHBoxLayout()
        for w in (self.date_label, self.date, self.today_button, self.filter_label, self.filter,
                  self.refresh_button):
            bar.addWidget(w)
        bar.addStretch(1)
        actions = QHBoxLayout()
        for w in (self.reprint_button, self.void_button, self.rejected_button):
            actions.addWidget(w)
        actions.addStretch(1)
        actions.addWidget(self.totals)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)

        self.date.dateChanged.connect(lambda _d: self.refresh())
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.today_button.clicked.connect(lambda: self.date.setDate(QDate.currentDate()))
        self.refresh_button.clicked.connect(self.refresh)
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.rejected_button.clicked.connect(self.rejected_requested)
        self.void_button.clicked.connect(self.void_selected)
        self.view.doubleClicked.connect(lambda _i: self.reprint_selected())
        # Not Ctrl+Del: in a text field that deletes the next word, so the field would take the key.
        void = QShortcut(QKeySequence(VOID_KEY), self)
        void.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        void.activated.connect(self.void_selected)
        refresh = QShortcut(QKeySequence("Ctrl+R"), self)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.activated.connect(self.refresh)
        work.transactions_ready.connect(self._on_rows)
        self.setTabOrder(self.date, self.filter)
        self.setTabOrder(self.filter, self.view)
        self.setTabOrder(self.view, self.reprint_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Transactions"))
        self.date_label.setText(self.tr("&Date"))
        self.filter_label.setText(self.tr("&Show"))
        current = max(self.filter.currentIndex(), 0)
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItems([self.tr("All"), self.tr("Pending"), self.tr("Confirmed"), self.tr("Rejected"),
                              self.tr("Disputed"), self.tr("Void"), self.tr("Corrected"), self.tr("Refunded")])
        self.filter.setCurrentIndex(current)
        self.filter.blockSignals(False)
        self.today_button.setText(self.tr("Today"))
        self.refresh_button.setText(self.tr("Refresh (Ctrl+R)"))
        self.reprint_button.setText(self.tr("Reprint (Ctrl+P)"))
        self.void_button.setText(self.tr("Void… (Ctrl+Shift+V)"))
        self.rejected_button.setText(self.tr("Rejected or disputed, for the supervisor (F4)"))
        self._show_totals()
        # Status words are longer in Hindi: fit the columns again to the words now shown.
        self.view.setProperty("fitted", False)
        fit_columns_once(self.view)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- data -----------------------------------------------------------------
    def selected_date(self) -> str:
        return self.date.date().toString("yyyy-MM-dd")

    def selected_status(self) -> str | None:
        return STATUS_FILTERS[max(self.filter.currentIndex(), 0)]

    def refresh(self) -> int:
        self._request = self.work.request_transactions(self.selected_date(), self.selected_status())
        return self._request

    def _on_rows(self, request_id: int, rows: list) -> None:
        if request_id != self._request:
            return  # an older answer overtaken by a newer question
        selected = self.selected_row()
        self.model.set_rows(rows)
        fit_columns_once(self.view)
        if selected is not None:
            for number, row in enumerate(rows):
                if row["txn_id"] == selected["txn_id"]:
                    self.view.selectRow(number)
        self._show_totals()

    def _show_totals(self) -> None:
        rows = self.model.rows()
        kept = inspection.cash_kept_paise(rows)   # the core's rule: what is still in the drawer
        self.totals.setText(self.tr("{n} shown · cash kept {total}").format(n=len(rows), total=format_rupees(kept)))

    def selected_row(self) -> dict | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.row(index.row())

    def reprint_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            self.message.setText(self.tr("Select a transaction first (arrow keys), then Ctrl+P."))
            return
        taken = recharge.get_by_txn(self.session.db, row["txn_id"])
        if taken is not None:
            emit(self.reprint_requested, taken)

    def void_selected(self) -> None:
        """Void the selected recharge: a supervisor's id, PIN and reason, then the core decides."""
        row = self.selected_row()
        if row is None:
            self.message.setText(self.tr("Select a transaction first (arrow keys), then Ctrl+Shift+V."))
            return
        try:
            what = voids.preview(self.session.db, row["receipt_no"])
        except Exception as exc:  # noqa: BLE001
            self.message.setText("✖ " + str(as_known(exc, self.session.data_dir, self.session.log_file)))
            return
        dialog = SupervisorDialog(self.session, self, ask_reason=True, summary=what.sentence())
        dialog.setWindowTitle(self.tr("Void receipt {receipt}").format(receipt=row["receipt_no"]))
        voided: list = []

        def act(supervisor: users.User) -> None:
            voided.append(voids.void_recharge(self.session.db, row["receipt_no"], supervisor_id=supervisor.id,
                                              reason=dialog.reason_code(), note=dialog.note.text().strip() or None))

        def done() -> None:
            self.give_back = voids.give_back_sentence(voided[0])
            self.message.setText("✔ " + self.give_back)
            self.show_give_back(self.give_back)
            self.refresh()
            emit(self.void_slip_requested, voided[0])
        dialog.action = act
        dialog.accepted.connect(done)
        dialog.open()
        self.void_dialog = dialog


    def show_give_back(self, sentence: str) -> None:
        """After a void: the money to hand back, where the cashier cannot miss it (Enter closes)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Give the money back"), sentence,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("giveBack")
        box.open()
        self.give_back_box = box


class SupervisorDialog(QDialog):
    """A supervisor's id and PIN (and a reason, for a void), checked by the core.

    ``action``, when set, runs with the authenticated supervisor before the
    dialog closes, so that its refusal is shown here, next to its field.
    """

    def __init__(self, session: Session, parent: QWidget | None = None, *, ask_reason: bool = False,
                 summary: str | None = None) -> None:
        super().__init__(parent)
        self.session = session
        # What is about to be done (for a void: the consumer and the amount), above the PIN.
        self.summary = QLabel(summary or "")
        self.summary.setObjectName("voidWhat")
        self.summary.setWordWrap(True)
        self.summary.setVisible(bool(summary))
        self.supervisor: users.User | None = None
        self.action = None
        self.user_id, self.pin, self.note = QLineEdit(), QLineEdit(), QLineEdit()
        self.reason = QComboBox()
        self.user_id.setObjectName("supervisor")
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.general = error_label()
        self.errors = FormErrors(self.general)
        form = QFormLayout()
        rows = [("supervisor", self.tr("Supervisor &id"), self.user_id), ("pin", self.tr("&PIN"), self.pin)]
        if ask_reason:
            self._reasons = list(voids.REASONS.items())
            self.reason.addItems([text for _code, text in self._reasons])
            rows += [("reason", self.tr("&Reason"), self.reason), ("note", self.tr("&Note"), self.note)]
        for field, text, edit in rows:
            label = QLabel(text)
            label.setBuddy(edit)
            err = error_label()
            form.addRow(label, edit)
            form.addRow("", err)
            self.errors.add(field, edit, err)
        self.ask_reason = ask_reason
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.user_id.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.general)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)   # the error lines wrap at a readable width instead of being cut
        self.setWindowTitle(self.tr("Supervisor"))

    def eventFilter(self, watched: Any, event: QEvent) -> bool:
        """Enter in "Supervisor id" moves to the PIN instead of pressing OK.

        An empty PIN sent to the core would be a wasted try towards the lockout.
        """
        if watched is self.user_id and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.pin.setFocus()
            return True
        return super().eventFilter(watched, event)

    def reason_code(self) -> str:
        return self._reasons[self.reason.currentIndex()][0]

    def submit(self) -> None:
        self.errors.clear()
        if not self.user_id.text().strip():
            self._refuse(self.tr("Type the supervisor's id."), "supervisor")
            return
        if not self.pin.text():
            self._refuse(self.tr("Type the supervisor's PIN."), "pin")   # not sent: no lockout try used
            return
        supervisor = CoreOp(self.session, self._authenticate_and_act,
                            changes=self.action is not None).failure(self.pin.clear).run(self.errors)
        if supervisor is not None:
            self.supervisor = supervisor
            self.accept()
        else:
            fit_height(self)     # the error line gets the height it needs, never clipped

    def _refuse(self, error: str, field: str) -> None:
        self.errors.show(error, field)
        fit_height(self)

    def _authenticate_and_act(self) -> users.User:
        if self.ask_reason:
            voids.check_reason(self.reason_code(), self.note.text())
        supervisor = users.authenticate(self.session.db, self.user_id.text().strip(), self.pin.text(),
                                        role="supervisor")
        if self.action is not None:
            self.action(supervisor)
        return supervisor



class RejectedDialog(QDialog):
    """The supervisor's view: every rejected transaction with the server's reason, and its resolution."""

    corrected = Signal(object)   # the replacement Recharge: the window prints and archives its receipt

    def __init__(self, session: Session, work: BackgroundWork, supervisor: users.User,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.work = work
        self.supervisor = supervisor
        self.model = TransactionsModel(self, with_reason=True)
        self.view = _table(self.model)
        self.explain = QLabel(self.tr(
            "The server refused these recharges. The cash was taken: check each with the consumer "
            "and the utility, then send it again under the right consumer number, or refund the cash."))
        self.explain.setWordWrap(True)
        self.consumer = QLineEdit()
        self.consumer.setObjectName("consumer")
        consumer_label = QLabel(self.tr("Right &consumer no."))
        consumer_label.setBuddy(self.consumer)
        self.correct_button = QPushButton(self.tr("Send again under this number"))
        self.refund_button = QPushButton(self.tr("&Refund the cash"))
        self.general = error_label()
        self.consumer_error = error_label()
        self.errors = FormErrors(self.general)
        self.errors.add("consumer", self.consumer, self.consumer_error, "receipt")
        self.message = QLabel()
        resolve = QHBoxLayout()
        for w in (consumer_label, self.consumer, self.correct_button, self.refund_button):
            resolve.addWidget(w)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        # Enter in the consumer field sends again; it must not also press a dialog button.
        for button in (self.correct_button, self.refund_button, *close.buttons()):
            button.setAutoDefault(False)
            button.setDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.general)
        layout.addLayout(resolve)
        layout.addWidget(self.consumer_error)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.setWindowTitle(self.tr("Rejected or disputed transactions"))
        self.resize(1000, 520)
        self.consumer.returnPressed.connect(self.correct_selected)
        self.correct_button.clicked.connect(self.correct_selected)
        self.refund_button.clicked.connect(self.refund_selected)
        self._request = 0
        work.transactions_ready.connect(self._on_rows)
        self.refresh()

    def refresh(self) -> None:
        self._request = self.work.request_transactions(None, "supervisor")  # rejected and disputed

    def _on_rows(self, request_id: int, rows: list) -> None:
        if request_id == self._request:
            self.model.set_rows(rows)
            fit_columns_once(self.view)
            if rows:
                self.view.selectRow(0)

    def _selected(self) -> dict | None:
        index = self.view.currentIndex()
        if not index.isValid():
            self.errors.show(self.tr("Select a rejected transaction first."))
            return None
        return self.model.row(index.row())

    def _resolve(self, what) -> None:
        self.errors.clear()
        row = self._selected()
        if row is None:
            return
        result = CoreOp(self.session, lambda: what(row)).run(self.errors)
        if result is None:
            return
        self.message.setText("✔ " + result)
        self.consumer.clear()
        self.refresh()

    def correct_selected(self) -> None:
        def correct(row: dict) -> str:
            new = rejections.correct_consumer(self.session.db, row["receipt_no"], supervisor_id=self.supervisor.id,
                                              consumer_no=self.consumer.text())
            emit(self.corrected, new)
            return self.tr("Receipt {old} sent again as {new} for consumer {consumer}.").format(
                old=row["receipt_no"], new=new.receipt_no, consumer=new.consumer_no)
        self._resolve(correct)

    def refund_selected(self) -> None:
        def refund(row: dict) -> str:
            old = rejections.refund(self.session.db, row["receipt_no"], supervisor_id=self.supervisor.id)
            return self.tr("Receipt {receipt}: pay {amount} back to the consumer from the drawer.").format(
                receipt=old.receipt_no, amount=format_rupees(old.amount_paise + old.rounding_paise))
        self._resolve(refund)
