"""Closing a shift with a blind count: the cashier counts before seeing what is expected.

1. The count, note by note and coin by coin (Enter moves to the next value; the
   running total is shown). Nothing of the expected figure is on screen yet.
2. ``reconciliation.close_shift`` records the count. Within the variance
   threshold the shift closes; above it, the variance appears and a supervisor
   signs off with id, PIN and a note (the count is locked: it is journaled).
3. The closing figures stay on screen for the supervisor while the window logs
   the cashier out behind the dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QIntValidator, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
    QWidget,
)

from counter_app import cash, reconciliation, shifts, users
from counter_app.money import format_rupees
from ui.forms import FormErrors, error_label, fit_height, repolish
from ui.operations import CoreOp
from ui.qt_workarounds import emit
from ui.session import Session

MAX_PIECES = 100_000


class CountBox(QLineEdit):
    """Pieces of one denomination: digits only, empty means none. Enter moves on (it must
    not submit a half-typed count); Up and Down add or take one piece."""

    entered = Signal()
    valueChanged = Signal(int)

    def __init__(self, paise: int) -> None:
        super().__init__()
        self.paise = paise
        self.label = cash.label(paise)   # "2000", "0.50"
        self.setObjectName(f"count{self.label}")
        self.setProperty("count", True)
        self.setValidator(QIntValidator(0, MAX_PIECES, self))
        self.setMaxLength(len(str(MAX_PIECES)))
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setPlaceholderText("0")
        self.setMinimumWidth(100)
        self.textChanged.connect(lambda _t: emit(self.valueChanged, self.value()))

    def value(self) -> int:
        text = self.text().strip()
        return int(text) if text.isdigit() else 0

    def setValue(self, pieces: int) -> None:
        self.setText(str(pieces) if pieces else "")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            emit(self.entered)
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not self.isReadOnly():
            self.setValue(max(0, min(MAX_PIECES, self.value() + (1 if key == Qt.Key.Key_Up else -1))))
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        # Typing replaces what is there, whichever way the focus came (Enter, Tab or a
        # click, which places the cursor after this: hence once more from the event loop).
        self.selectAll()
        QTimer.singleShot(0, self.selectAll)


class CloseShiftDialog(QDialog):
    closed = Signal(object)      # reconciliation.ShiftFigures of the closed shift

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.figures: reconciliation.ShiftFigures | None = None
        self.signing_off = False
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.general = error_label()
        self.errors = FormErrors(self.general)

        self.boxes = [CountBox(d) for d in cash.denominations(session.db)]
        self.subtotals = [QLabel() for _ in self.boxes]
        self.denomination_labels = [QLabel() for _ in self.boxes]
        # Two columns (Rs 2000 to 20, then Rs 10 to 0.50): the whole dialog, sign-off
        # included, fits a 1366x768 counter screen. Enter still goes down the first
        # column, then down the second.
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        grid.setColumnMinimumWidth(3, 36)
        self.pieces_headers = [QLabel(), QLabel()]
        for half, header in enumerate(self.pieces_headers):
            grid.addWidget(header, 0, 1 + 4 * half)
        per_column = (len(self.boxes) + 1) // 2
        for index, (label, box, sub) in enumerate(zip(self.denomination_labels, self.boxes, self.subtotals)):
            row, col = 1 + index % per_column, 4 * (index // per_column)
            label.setBuddy(box)
            label.setObjectName("denomination")
            sub.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            sub.setMinimumWidth(120)
            grid.addWidget(label, row, col)
            grid.addWidget(box, row, col + 1)
            grid.addWidget(sub, row, col + 2)
            box.valueChanged.connect(self._update_total)
            box.entered.connect(lambda b=box: self._next_after(b))
        self.total = QLabel()
        self.total.setObjectName("countTotal")
        self.count_error = error_label()
        self.errors.add("count", self.boxes[0], self.count_error, "cashier")

        # Step 2, shown only after the count is recorded and the variance needs a sign-off.
        self.sign_off = QGroupBox()
        self.variance = QLabel()
        self.variance.setObjectName("variance")
        self.variance.setWordWrap(True)
        self.sign_off_explain = QLabel()
        self.sign_off_explain.setWordWrap(True)
        self.supervisor, self.pin, self.note = QLineEdit(), QLineEdit(), QLineEdit()
        self.supervisor.setObjectName("supervisor")
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.note.setObjectName("note")
        self.note.setMaxLength(300)
        # Id and PIN side by side, the note under them: the dialog stays within a 768-pixel screen.
        form = QGridLayout()
        form.setVerticalSpacing(2)
        self.sign_off_labels = []
        places = {"supervisor": (0, 0, 1), "pin": (0, 2, 1), "note": (2, 0, 3)}
        for field, edit in (("supervisor", self.supervisor), ("pin", self.pin), ("note", self.note)):
            label, err = QLabel(), error_label()
            label.setBuddy(edit)
            row, col, span = places[field]
            form.addWidget(label, row, col)
            form.addWidget(edit, row, col + 1, 1, span)
            form.addWidget(err, row + 1, col, 1, span + 1)
            self.errors.add(field, edit, err)
            self.sign_off_labels.append(label)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        box_layout = QVBoxLayout(self.sign_off)
        box_layout.addWidget(self.variance)
        box_layout.addWidget(self.sign_off_explain)
        box_layout.addLayout(form)
        self.sign_off.hide()

        self.result = QLabel()
        self.result.setObjectName("closeResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()

        self.submit_button = QPushButton()
        self.submit_button.setObjectName("takeButton")
        self.submit_button.setDefault(True)
        self.cancel_button = QPushButton()
        self.cancel_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.submit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        for w in (self.title, self.explain, self.general):
            layout.addWidget(w)
        layout.addLayout(grid)
        layout.addWidget(self.total)
        layout.addWidget(self.count_error)
        layout.addWidget(self.sign_off)
        layout.addWidget(self.result)
        layout.addLayout(buttons)

        self.submit_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.submit)
        self.setMinimumWidth(780)
        self.shift = shifts.current_shift(session.db)
        self.retranslate()
        self._update_total()
        self._check_shift()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.figures is None:   # the first value to count, or Cancel when there is nothing to close
            (self.boxes[0] if self.submit_button.isEnabled() else self.cancel_button).setFocus()

    # -- text -----------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Close shift - blind count"))
        self.title.setText(self.tr("Close shift {id}: count the drawer").format(
            id=self.shift.id if self.shift else "-"))
        self.explain.setText(self.tr(
            "Count the notes and coins in the drawer and type how many of each (Enter moves to the next). "
            "The amount the drawer should hold is shown only after you submit: every count is recorded."))
        for header in self.pieces_headers:
            header.setText(self.tr("Pieces"))
        for label, box in zip(self.denomination_labels, self.boxes):
            label.setText(self.tr("Rs {value}").format(value=box.label))
        self.sign_off.setTitle(self.tr("Supervisor sign-off"))
        self.sign_off_explain.setText(self.tr(
            "A supervisor checks the drawer, then signs off with id, PIN and a note saying what was found."))
        for label, text in zip(self.sign_off_labels, (self.tr("Supervisor &id"), self.tr("&PIN"),
                                                       self.tr("&Note"))):
            label.setText(text)
        self.cancel_button.setText(self.tr("Cancel (Esc)") if self.figures is None else self.tr("Close (Esc)"))
        if self.figures is not None and self.figures.closed_at:
            self.submit_button.setText(self.tr("Done (Enter)"))
        elif self.signing_off:
            self.submit_button.setText(self.tr("Sign off and close shift (Enter)"))
        else:
            self.submit_button.setText(self.tr("Submit count (Ctrl+Enter)"))
        self._update_total()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- the count ------------------------------------------------------------
    def counts(self) -> dict[int, int]:
        """Pieces by value in paise."""
        return {box.paise: box.value() for box in self.boxes}

    def counted_paise(self) -> int:
        return cash.count_total_paise(self.counts())

    def count_text(self) -> str:
        """The count as the core reads it: every value, zeros included (each was counted)."""
        return ",".join(f"{box.label}x{box.value()}" for box in self.boxes)

    def _update_total(self) -> None:
        for box, sub in zip(self.boxes, self.subtotals):
            sub.setText(format_rupees(box.value() * box.paise) if box.value() else "")
        self.total.setText(self.tr("Counted: {total}").format(total=format_rupees(self.counted_paise())))

    def _next_after(self, box: CountBox) -> None:
        index = self.boxes.index(box)
        if index + 1 < len(self.boxes):
            self.boxes[index + 1].setFocus()
        else:
            self.submit_button.setFocus()   # the total is checked once more, then Enter submits

    def _check_shift(self) -> None:
        user = self.session.user
        problem = None
        if self.shift is None:
            problem = self.tr("No shift is open on this counter: there is nothing to close.")
        elif user is not None and self.shift.cashier_id != user.id:
            problem = self.tr("The open shift is {other}'s; {other} closes it with their own login.").format(
                other=self.shift.cashier_id)
        if problem:
            self.errors.show(problem)
            for box in self.boxes:
                box.setEnabled(False)
            self.submit_button.setEnabled(False)

    def variance_text(self, fig: reconciliation.ShiftFigures, counted: int) -> str:
        """``reconciliation.variance_message`` in the window's language."""
        variance = counted - fig.expected_paise
        if variance == 0:
            return self.tr("Counted {counted}, expected {expected}: exact.").format(
                counted=format_rupees(counted), expected=format_rupees(fig.expected_paise))
        text = (self.tr("Counted {counted}, expected {expected}: {amount} over.") if variance > 0
                else self.tr("Counted {counted}, expected {expected}: {amount} short."))
        return text.format(counted=format_rupees(counted), expected=format_rupees(fig.expected_paise),
                           amount=format_rupees(abs(variance)))

    # -- submitting -----------------------------------------------------------
    def submit(self) -> None:
        if self.figures is not None and self.figures.closed_at:
            self.accept()
            return
        user = self.session.user
        if user is None or not self.submit_button.isEnabled():
            return
        self.errors.clear()
        if self.signing_off:
            supervisor_id, note = self.supervisor.text().strip(), self.note.text().strip()
            if not supervisor_id:
                self.errors.show(self.tr("Type the supervisor's id."), "supervisor")
                return
            if not note:
                self.errors.show(self.tr("Write what the supervisor found (a short note)."), "note")
                return
            op = CoreOp(self.session, lambda: self._sign_off_and_close(user.id, supervisor_id, note))
        else:
            op = CoreOp(self.session, lambda: reconciliation.close_shift(self.session.db, cashier_id=user.id,
                                                                         count_text=self.count_text()))
        result = op.failure(self.pin.clear).run(self.errors)
        if result is None:
            return
        self.figures = result.figures
        if result.needs_sign_off:
            self._ask_sign_off()
        else:
            self._show_closed()

    def _sign_off_and_close(self, cashier_id: str, supervisor_id: str, note: str):
        supervisor = users.authenticate(self.session.db, supervisor_id, self.pin.text(), role="supervisor")
        self.pin.clear()
        result = reconciliation.close_shift(self.session.db, cashier_id=cashier_id, count_text=self.count_text(),
                                            supervisor_id=supervisor.id, note=note)
        return result

    def _lock_count(self) -> None:
        for box in self.boxes:
            box.setReadOnly(True)
            box.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def _ask_sign_off(self) -> None:
        self.signing_off = True
        self._lock_count()
        self.variance.setText("⚠ " + self.variance_text(self.figures, self.counted_paise()))
        self.variance.setProperty("level", "bad")
        repolish(self.variance)
        self.sign_off.show()
        self.retranslate()
        fit_height(self)
        self.supervisor.setFocus()

    def _show_closed(self) -> None:
        fig = self.figures
        self._lock_count()
        self.sign_off.setEnabled(False)
        receipts = (self.tr("{n} receipts ({first} to {last})").format(
            n=fig.receipts_count, first=fig.first_receipt, last=fig.last_receipt)
            if fig.receipts_count else self.tr("no receipts"))
        lines = [
            "✔ " + self.tr("Shift {id} of {cashier} closed.").format(id=fig.shift_id, cashier=fig.cashier_id),
            self.variance_text(fig, fig.counted_paise or 0),
            self.tr("Opening float {float} · cash recharges {gross} · voids {voids} · refunds {refunds}").format(
                float=format_rupees(fig.opening_float_paise), gross=format_rupees(fig.gross_paise),
                voids=format_rupees(fig.voids_paise), refunds=format_rupees(fig.refunds_paise)),
            receipts,
        ]
        if fig.signed_off_by:
            lines.append(self.tr("Signed off by {supervisor}: {note}").format(
                supervisor=fig.signed_off_by, note=fig.close_note or ""))
        lines.append(self.tr("Hand the cash to the supervisor. You are logged out."))
        self.result.setText("\n".join(lines))
        self.result.show()
        self.retranslate()
        fit_height(self)
        self.submit_button.setFocus()
        emit(self.closed, fig)
