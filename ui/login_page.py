"""Log in with cashier id and PIN; open a shift when none is open."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from counter_app import cash, shifts, users
from counter_app.money import format_rupees
from ui.forms import FormErrors, error_label
from ui.operations import CoreOp
from ui.qt_workarounds import emit
from ui.session import Session


def centred(widget: QWidget) -> QHBoxLayout:
    # Stretches on both sides, not an alignment flag: the Qt namespace costs start-up time.
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget)
    row.addStretch(1)
    return row


def centred_card(page: QWidget, parts: list, *, min_width: int, max_width: int) -> None:
    """Lay out a page as one card of fixed width, centred, a little above the middle."""
    box = QWidget()
    box.setMinimumWidth(min_width)
    box.setMaximumWidth(max_width)
    inner = QVBoxLayout(box)
    for part in parts:
        if isinstance(part, QWidget):
            inner.addWidget(part)
        else:
            inner.addLayout(part)
    layout = QVBoxLayout(page)
    layout.addStretch(1)
    layout.addLayout(centred(box))
    layout.addStretch(2)


class LoginPage(QWidget):
    logged_in = Signal(object)   # counter_app.users.User

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.counter_line = QLabel()
        self.cashier = QLineEdit()
        self.cashier.setObjectName("cashier")
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.button = QPushButton()
        self.button.setDefault(True)
        self.general = error_label()
        self.cashier_error, self.pin_error = error_label(), error_label()
        self.errors = FormErrors(self.general)
        self.errors.add("cashier", self.cashier, self.cashier_error, "user_id", "supervisor")
        self.errors.add("pin", self.pin, self.pin_error)

        self.form = QFormLayout()
        self.cashier_label, self.pin_label = QLabel(), QLabel()
        self.cashier_label.setBuddy(self.cashier)
        self.pin_label.setBuddy(self.pin)
        self.form.addRow(self.cashier_label, self.cashier)
        self.form.addRow("", self.cashier_error)
        self.form.addRow(self.pin_label, self.pin)
        self.form.addRow("", self.pin_error)
        centred_card(self, [self.title, self.counter_line, self.general, self.form, self.button],
                     min_width=520, max_width=560)

        self.cashier.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.submit)
        self.button.clicked.connect(self.submit)
        self.setTabOrder(self.cashier, self.pin)
        self.setTabOrder(self.pin, self.button)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Log in"))
        self.cashier_label.setText(self.tr("&Cashier id"))
        self.pin_label.setText(self.tr("&PIN"))
        self.button.setText(self.tr("Log in (Enter)"))
        if self.session.is_set_up():
            me = self.session.counter()
            self.counter_line.setText(self.tr("Counter {counter} · {office}").format(
                counter=me.counter_id, office=me.office or "-"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def reset(self) -> None:
        self.errors.clear()
        self.pin.clear()
        self.cashier.clear()
        self.cashier.setFocus()

    def submit(self) -> None:
        self.errors.clear()
        user_id = self.cashier.text().strip()
        if not user_id:
            self.errors.show(self.tr("Type your cashier id."), "cashier")
            return
        user = CoreOp(self.session, lambda: users.authenticate(self.session.db, user_id, self.pin.text()),
                      changes=False).failure(self.pin.clear).run(self.errors)
        if user is None:
            return
        self.pin.clear()
        emit(self.logged_in, user)


class ShiftPage(QWidget):
    """Shown after login when no shift is open: the opening float."""

    opened = Signal(object)      # counter_app.shifts.Shift
    cancelled = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.float_edit = QLineEdit()
        self.float_edit.setObjectName("float")
        self.float_label = QLabel()
        self.float_label.setBuddy(self.float_edit)
        self.float_error, self.general = error_label(), error_label()
        self.errors = FormErrors(self.general)
        self.errors.add("float", self.float_edit, self.float_error, "count")
        self.open_button = QPushButton()
        self.logout_button = QPushButton()
        form = QFormLayout()
        form.addRow(self.float_label, self.float_edit)
        form.addRow("", self.float_error)
        centred_card(self, [self.title, self.explain, self.general, form, self.open_button, self.logout_button],
                     min_width=560, max_width=640)
        self.float_edit.returnPressed.connect(self.submit)
        self.open_button.clicked.connect(self.submit)
        self.logout_button.clicked.connect(self.cancelled)
        self.retranslate()

    def retranslate(self) -> None:
        user = self.session.user
        self.title.setText(self.tr("Open a shift"))
        self.explain.setText(self.tr(
            "No shift is open on this counter. {name}, count the cash in the drawer and type the "
            "opening float: rupees (2000) or a count of notes (500x2,100x10).").format(
                name=user.name if user else ""))
        self.float_label.setText(self.tr("Opening &float"))
        self.open_button.setText(self.tr("Open shift (Enter)"))
        self.logout_button.setText(self.tr("Log out (Ctrl+L)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def reset(self) -> None:
        self.errors.clear()
        self.float_edit.clear()
        self.retranslate()
        self.float_edit.setFocus()

    def submit(self) -> None:
        self.errors.clear()
        user = self.session.user
        if user is None:
            return

        def open_shift() -> shifts.Shift:
            float_paise, count = cash.parse_float(self.float_edit.text(), cash.denominations(self.session.db))
            return shifts.open_shift(self.session.db, cashier_id=user.id, float_paise=float_paise,
                                     float_count=None if count is None else cash.count_json(count))
        shift = CoreOp(self.session, open_shift).run(self.errors)
        if shift is None:
            return
        self.general.setText(self.tr("Shift {id} opened with {amount}.").format(
            id=shift.id, amount=format_rupees(shift.opening_float_paise)))
        emit(self.opened, shift)
