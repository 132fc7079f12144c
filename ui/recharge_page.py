"""The recharge screen, all by keyboard.

Consumer number, Enter (looks it up in the local directory), amount (or a
quick amount, Alt+1..Alt+5), Enter, cash tendered (change due shown large),
Enter: the recharge is taken, the receipt printed, and the focus is back in an
empty consumer field for the next person in the queue. Esc clears the form.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from counter_app import clock, consumers, inspection, recharge
from counter_app.errors import InputError, KnownError
from counter_app.money import format_rupees, parse_rupees
from ui import double_take
from ui.consumer_search import ConsumerSearch, is_name_query
from ui.forms import FormErrors, error_label, repolish
from ui.operations import CoreOp
from ui.printing import PrintOutcome, ReceiptPrinter
from ui.qt_workarounds import emit
from ui.session import Session

log = logging.getLogger(__name__)

QUICK_AMOUNTS_RUPEES = (100, 200, 500, 1000, 2000)


def consumer_fields(found: Any) -> dict:
    """The few fields shown of a directory entry, whether it is a dict or a dataclass."""
    def pick(name: str) -> Any:
        return found.get(name) if isinstance(found, dict) else getattr(found, name, None)
    return {k: pick(k) for k in ("consumer_no", "name", "meter_no", "subdivision", "balance_paise",
                                 "updated_at", "fetched_at")}


class RechargePage(QWidget):
    taken = Signal(object)          # counter_app.recharge.Recharge, after COMMIT
    printed = Signal(object)        # PrintOutcome

    def __init__(self, session: Session, printer: ReceiptPrinter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.printer = printer
        self.last_taken: recharge.Recharge | None = None
        self.last_outcome: PrintOutcome | None = None
        self.confirm = None    # ui.confirm_wait.ConfirmWait, set by the window: receipts wait for the server
        self._looked_up: str | None = None      # the number whose consumer is on screen
        self._unknown_ok: str | None = None     # a number not in the directory, confirmed by a second Enter

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.who = QLabel()
        self.general = error_label()
        self.consumer = self._edit("consumer", max_len=40)   # a number, or a name to search
        self.consumer_info = QLabel()
        self.consumer_info.setObjectName("consumerInfo")
        self.consumer_info.setWordWrap(True)
        self.consumer_info.hide()
        self.amount = self._edit("amount", max_len=12)
        self.amount_hint = QLabel()          # how a grouped amount was read: "read as Rs 1,000.00"
        self.amount_hint.setObjectName("amountHint")
        self.amount_hint.hide()
        self.tendered = self._edit("tendered", max_len=12)
        self.quick_buttons = []
        for number, rupees in enumerate(QUICK_AMOUNTS_RUPEES, start=1):
            button = QPushButton()
            button.setObjectName(f"quick{rupees}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep Tab on the fields; Alt+N reaches them
            button.clicked.connect(lambda _=False, r=rupees: self.use_quick_amount(r))
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(button.click)
            self.quick_buttons.append(button)
        self.change_caption = QLabel()
        self.change_caption.setObjectName("changeCaption")
        self.change_due = QLabel()
        self.change_due.setObjectName("changeDue")
        self.change_due.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.cash_due_note = QLabel()
        self.cash_due_note.setObjectName("cashDueNote")
        self.cash_due_note.setWordWrap(True)
        self.cash_due_note.hide()
        self.take_button = QPushButton()
        self.take_button.setObjectName("takeButton")
        self.clear_button = QPushButton()
        self.last_receipt = QLabel()
        self.last_receipt.setObjectName("lastReceipt")
        self.last_receipt.setWordWrap(True)
        self.last_receipt.hide()

        self.consumer_error, self.amount_error, self.tendered_error = error_label(), error_label(), error_label()
        self.errors = FormErrors(self.general)
        self.errors.add("consumer", self.consumer, self.consumer_error)
        self.errors.add("amount", self.amount, self.amount_error)
        self.errors.add("tendered", self.tendered, self.tendered_error)
        self.labels = {name: QLabel() for name in ("consumer", "amount", "tendered")}
        for name, edit in (("consumer", self.consumer), ("amount", self.amount), ("tendered", self.tendered)):
            self.labels[name].setBuddy(edit)
        self._layout()

        self.consumer.returnPressed.connect(self.look_up)
        self.consumer.textEdited.connect(self._consumer_edited)
        self.search = ConsumerSearch(self.consumer, session.db)
        self.search.picked.connect(lambda _number: self.look_up())
        # Tab does the name check as Enter does; the amount is reached only with a consumer shown.
        self.consumer.installEventFilter(self)
        self.amount.installEventFilter(self)
        self.amount.returnPressed.connect(self._amount_entered)
        self.tendered.returnPressed.connect(self.take)
        self.amount.textChanged.connect(self.update_change)
        self.amount.textChanged.connect(self._show_amount_reading)
        self.tendered.textChanged.connect(self.update_change)
        self.take_button.clicked.connect(self.take)
        self.clear_button.clicked.connect(self.clear_form)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.clear_form)
        self.setTabOrder(self.consumer, self.amount)
        self.setTabOrder(self.amount, self.tendered)
        self.setTabOrder(self.tendered, self.take_button)
        self.setTabOrder(self.take_button, self.clear_button)
        self.retranslate()
        self.update_change()

    def _edit(self, name: str, *, max_len: int) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setMaxLength(max_len)
        edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly if name == "consumer"
                                 else Qt.InputMethodHint.ImhFormattedNumbersOnly)
        return edit

    def _layout(self) -> None:
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.addWidget(self.labels["consumer"], 0, 0)
        grid.addWidget(self.consumer, 0, 1)
        grid.addWidget(self.consumer_error, 1, 1)
        grid.addWidget(self.consumer_info, 2, 1)
        grid.addWidget(self.labels["amount"], 3, 0)
        grid.addWidget(self.amount, 3, 1)
        quick = QHBoxLayout()
        for button in self.quick_buttons:
            quick.addWidget(button)
        grid.addLayout(quick, 4, 1)
        grid.addWidget(self.amount_error, 5, 1)
        grid.addWidget(self.amount_hint, 5, 1)
        grid.addWidget(self.labels["tendered"], 6, 0)
        grid.addWidget(self.tendered, 6, 1)
        grid.addWidget(self.tendered_error, 7, 1)
        change = QHBoxLayout()
        change.addWidget(self.change_caption)
        change.addStretch(1)
        change.addWidget(self.change_due)
        buttons = QHBoxLayout()
        buttons.addWidget(self.take_button, 2)
        buttons.addWidget(self.clear_button, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.who)
        layout.addWidget(self.general)
        layout.addLayout(grid)
        layout.addLayout(change)
        layout.addWidget(self.cash_due_note)
        layout.addLayout(buttons)
        layout.addWidget(self.last_receipt)
        layout.addStretch(1)
        layout.setContentsMargins(24, 6, 24, 6)
        layout.setSpacing(4)

    # -- language -------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Recharge"))
        self.labels["consumer"].setText(self.tr("C&onsumer no."))
        self.labels["amount"].setText(self.tr("&Amount (Rs)"))
        self.labels["tendered"].setText(self.tr("Cash &tendered"))
        self.consumer.setPlaceholderText(self.tr("type or scan, then Enter"))
        self.amount.setPlaceholderText(self.tr("rupees, then Enter"))
        self.tendered.setPlaceholderText(self.tr("empty = exact amount, no change"))
        for number, (button, rupees) in enumerate(zip(self.quick_buttons, QUICK_AMOUNTS_RUPEES), start=1):
            button.setText(self.tr("Rs {amount} (Alt+{key})").format(amount=rupees, key=number))
        self.change_caption.setText(self.tr("Change due"))
        self.take_button.setText(self.tr("Take recharge (Enter)"))
        self.clear_button.setText(self.tr("Clear (Esc)"))
        self.show_user()
        self.update_change()
        # What is on screen from before the switch is said again in the new language.
        if self._looked_up is not None and self.consumer_info.isVisible():
            self.show_consumer(self._looked_up)
        if self.last_taken is not None and self.last_receipt.isVisible():
            self.show_taken(self.last_taken, self.last_outcome)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_user(self) -> None:
        user = self.session.user
        if user is None:
            self.who.clear()
            return
        self.who.setText(self.tr("Cashier: {name} ({id})").format(name=user.name, id=user.id))

    # -- the form -------------------------------------------------------------
    def clear_form(self) -> None:
        self.errors.clear()
        for edit in (self.consumer, self.amount, self.tendered):
            edit.clear()
        self.consumer_info.hide()
        self._looked_up = self._unknown_ok = None
        self.consumer.setFocus()

    def _consumer_edited(self) -> None:
        if self._looked_up is not None or self._unknown_ok is not None:
            self._looked_up = self._unknown_ok = None
            self.consumer_info.hide()

    def eventFilter(self, watched: Any, event: QEvent) -> bool:
        if watched is self.consumer and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Tab \
                and not self.search.completer.popup().isVisible():
            self.look_up()          # moves on only once the consumer is shown (or an unknown one confirmed)
            return True
        if watched is self.amount and event.type() == QEvent.Type.FocusIn and not self.consumer_ready():
            # A click or Alt+A into the amount before the consumer is shown: do the check first.
            QTimer.singleShot(0, self.look_up)
        return super().eventFilter(watched, event)

    def consumer_ready(self) -> bool:
        """The consumer in the field has been shown (or, not in the directory, confirmed)."""
        number = self.consumer.text().strip()
        return bool(number) and (number == self._unknown_ok or self._found_now(number))

    def look_up(self) -> bool:
        """Enter (or Tab) in the consumer field: check the number, show what the directory knows.

        A number not in the local directory needs a second Enter: the cashier has
        seen that no name came up, and says to take it anyway.
        """
        self.errors.clear()
        if is_name_query(self.consumer.text()) and self.search.numbers:
            self.consumer.setText(self.search.numbers[0])   # Enter on a name takes the first match
        try:
            number = recharge.normalise_consumer_no(self.session.db, self.consumer.text())
        except KnownError as exc:
            self.errors.show(exc)
            if is_name_query(self.consumer.text()):
                self.errors.show(self.tr("No consumer's name starts with \"{text}\" in the local directory. "
                                         "Type the consumer number.").format(text=self.consumer.text().strip()),
                                 "consumer")
            return False
        if number == self._looked_up and self._unknown_ok != number and not self._found_now(number):
            self._unknown_ok = number                       # the second Enter on an unknown number
        else:
            self.consumer.setText(number)
            self._looked_up = number
            if not self.show_consumer(number):
                self.consumer.setFocus()
                self.consumer.end(False)
                return False
        self.amount.setFocus()
        self.amount.selectAll()
        return True

    def _found_now(self, number: str) -> bool:
        return bool(self.consumer_info.property("found")) and self._looked_up == number

    def show_consumer(self, number: str) -> bool:
        """Show what the directory knows of ``number``; False when it knows nothing."""
        found = None
        try:
            found = consumers.get(self.session.db, number)
        except Exception as exc:  # noqa: BLE001 - a lookup failure must not stop a sale
            log.warning("consumer lookup failed: %s", exc)
        self.consumer_info.setProperty("found", found is not None)
        if found is None:
            self.consumer_info.setText(self.tr(
                "{number} is not in the local directory. Check the number; Enter again takes it anyway "
                "and the server will check it.").format(number=number))
        else:
            f = consumer_fields(found)
            balance = f["balance_paise"]
            as_of = f["updated_at"] or f["fetched_at"]
            age = clock.age_text(as_of) if as_of else self.tr("unknown age")
            # Beside the directory's balance, what this counter took since: it cannot know of those yet.
            since = consumers.taken_since(self.session.db, number, as_of)
            self.consumer_info.setText(self.tr("{name}\nMeter {meter} · {subdivision}").format(
                name=f["name"] or "", meter=f["meter_no"] or "-", subdivision=f["subdivision"] or "-")
                + "\n" + consumers.balance_sentence(balance, age, since))
        repolish(self.consumer_info)
        self.consumer_info.show()
        return found is not None

    def use_quick_amount(self, rupees: int) -> None:
        if not self.consumer_ready() and not self.look_up():
            return
        if not self.consumer_ready():
            return                   # an unknown number: its second Enter comes first
        self.amount.setText(str(rupees))
        self.tendered.setFocus()
        self.tendered.selectAll()

    def _amount_entered(self) -> None:
        self.errors.clear()
        self.amount_hint.hide()
        try:
            amount = parse_rupees(self.amount.text(), what="amount", field="amount")
            recharge.check_amount(self.session.db, amount)     # "0" is refused here, not at Take
        except KnownError as exc:
            self.errors.show(exc)
            return
        self._show_amount_reading()
        self.tendered.setFocus()
        self.tendered.selectAll()

    def _parsed(self) -> tuple[int | None, int | None]:
        try:
            amount = parse_rupees(self.amount.text(), what="amount", field="amount")
        except KnownError:
            amount = None
        text = self.tendered.text().strip()
        try:
            tendered = parse_rupees(text, what="tendered amount", field="tendered") if text else amount
        except KnownError:
            tendered = None
        return amount, tendered

    def _show_amount_reading(self) -> None:
        """A grouped amount ("1,000") is read back so the cashier sees how it was understood."""
        text = self.amount.text().strip()
        if "," not in text or self.amount_error.isVisible():
            self.amount_hint.hide()
            return
        try:
            paise = parse_rupees(text, what="amount", field="amount")
        except KnownError:
            self.amount_hint.hide()
            return
        self.amount_hint.setText(self.tr("read as {amount}").format(amount=format_rupees(paise)))
        self.amount_hint.show()

    def update_change(self) -> None:
        amount, tendered = self._parsed()
        due, rounding = (None, 0) if amount is None else recharge.cash_due(self.session.db, amount)
        if due is not None and not self.tendered.text().strip():
            tendered = due
        self.cash_due_note.setVisible(bool(rounding))
        if rounding:
            self.cash_due_note.setText(recharge.cash_due_text(amount, due, rounding))
        if due is None or tendered is None:
            self.change_due.setText("—")
        elif tendered < due:
            self.change_due.setText(self.tr("short {amount}").format(amount=format_rupees(due - tendered)))
        else:
            self.change_due.setText(format_rupees(tendered - due))

    def confirm_double_take(self, recent: dict) -> bool:
        """Ask before a second recharge for one consumer within the window; No is the default."""
        return double_take.ask(self, self.consumer.text(), recent)

    def take(self) -> recharge.Recharge | None:
        """Collect the form, call ``take_recharge``, print, and get ready for the next person."""
        self.errors.clear()
        user = self.session.user
        if user is None:
            return None
        if self.consumer.text().strip() and not self.consumer_ready():
            self.look_up()     # a recharge is taken only for a consumer the cashier has seen
            return None
        taken = CoreOp(self.session, lambda: self._take_from_form(user.id)).run(self.errors)
        if taken is None:
            return None
        self.last_taken, self.last_outcome = taken, None
        emit(self.taken, taken)
        self.clear_form()
        # The form is free for the next customer now; only the paper may wait for the server's answer.
        if self.confirm is not None and self.confirm.then_print(taken.txn_id, lambda: self.print_receipt(taken)):
            self.show_taken(taken, None, waiting=True)
        elif self.confirm is None:
            self.print_receipt(taken)
        return taken

    def _take_from_form(self, cashier_id: str) -> recharge.Recharge:
        db = self.session.db
        amount = parse_rupees(self.amount.text(), what="amount", field="amount")
        tendered_text = self.tendered.text().strip()
        tendered = parse_rupees(tendered_text, what="tendered amount", field="tendered") if tendered_text else None
        if not self.consumer.text().strip():
            raise InputError(self.tr("Type the consumer number first."), field="consumer")
        number = recharge.normalise_consumer_no(db, self.consumer.text())
        recent = inspection.recent_recharge(db, number)
        if recent is not None and not self.confirm_double_take(recent):
            raise InputError(self.tr("Not taken: consumer {consumer} was recharged at {time}.").format(
                consumer=number, time=clock.local(recent["created_at"]).strftime("%H:%M")), field="consumer")
        return recharge.take_recharge(db, cashier_id=cashier_id, consumer_no=number,
                                      amount_paise=amount, tendered_paise=tendered)

    def print_receipt(self, taken: recharge.Recharge, *, copy: bool = False) -> None:
        """Ask the printer thread for the receipt; the banner says how it went when it is done."""
        user = self.session.user
        self.show_taken(taken, None)

        def done(outcome: PrintOutcome) -> None:
            latest = self.last_taken is not None and self.last_taken.txn_id == taken.txn_id
            # A failure is shown even if a newer recharge was taken meanwhile: Ctrl+P then prints it.
            if latest or not outcome.ok:
                self.last_taken, self.last_outcome = taken, outcome
                self.show_taken(taken, outcome)
            emit(self.printed, outcome)
        self.printer.print_receipt(taken.txn_id, copy=copy, actor=user.id if user else None, then=done)

    def reprint_last(self) -> None:
        """Ctrl+P here: print the last receipt again (a DUPLICATE only if one came out)."""
        if self.last_taken is None:
            self.errors.show(self.tr("Nothing to reprint yet on this screen. Older receipts: F3, select, Ctrl+P."))
            return
        first_failed = self.last_outcome is not None and not self.last_outcome.ok
        self.print_receipt(self.last_taken, copy=not first_failed)

    def show_taken(self, taken: recharge.Recharge, outcome: PrintOutcome | None, *, waiting: bool = False) -> None:
        confirmed = outcome is not None and outcome.status == "confirmed"
        state = (self.tr("CONFIRMED by the server (reference {ref}).").format(ref=outcome.server_ref or "-")
                 if confirmed else self.tr("PROVISIONAL until the server confirms it."))
        text = self.tr("✔ Saved: receipt {receipt} · consumer {consumer} · {amount} · change {change}.").format(
            receipt=taken.receipt_no, consumer=taken.consumer_no, amount=format_rupees(taken.amount_paise),
            change=format_rupees(taken.change_paise)) + "\n" + state
        problem = outcome is not None and not outcome.ok
        if waiting:
            text += " " + self.tr("Asking the server to confirm it…")
        elif outcome is None:
            text += " " + self.tr("Printing the receipt…")
        else:
            if outcome.ok:
                text += " " + self.tr("Receipt {how}.").format(how=outcome.where())
            else:
                text += "\n✖ " + outcome.message + " " + self.tr("The recharge is saved. Ctrl+P prints again.")
        self.last_receipt.setText(text)
        self.last_receipt.setProperty("problem", problem)
        repolish(self.last_receipt)
        self.last_receipt.show()

