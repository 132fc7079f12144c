"""First run: what ``counter-app setup`` does, plus the first supervisor so someone can log in."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from counter_app import counter, users
from counter_app.errors import InputError
from ui.forms import FormErrors, error_label
from ui.operations import CoreOp
from ui.session import Session


class SetupDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Set up this counter"))
        self.need_user = not users.list_all(session.db)
        self.general = error_label()
        self.errors = FormErrors(self.general)
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        rows = [
            ("counter_id", self.tr("&Counter id (like MNG-01)")),
            ("server_url", self.tr("&Server address")),
            ("token", self.tr("API &token (from the server)")),
            ("office", self.tr("&Office name on receipts")),
        ]
        if self.need_user:
            rows += [
                ("user_id", self.tr("First supervisor's &id")),
                ("name", self.tr("Supervisor's &name")),
                ("pin", self.tr("Supervisor's &PIN (4 to 8 digits)")),
                ("pin2", self.tr("&Repeat the PIN")),
            ]
        for key, text in rows:
            edit = QLineEdit()
            edit.setObjectName(key)
            if key.startswith("pin"):
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            label = QLabel(text)
            label.setBuddy(edit)
            err = error_label()
            form.addRow(label, edit)
            form.addRow("", err)
            self.errors.add(key, edit, err)
            self.fields[key] = edit
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        intro = QLabel(self.tr("This PC has no counter yet. Fill in what the utility's IT gave you."))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.general)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def value(self, key: str) -> str:
        return self.fields[key].text().strip() if key in self.fields else ""

    def submit(self) -> None:
        self.errors.clear()
        if CoreOp(self.session, self._set_up).run(self.errors) is not None:
            self.accept()

    def _set_up(self) -> counter.Counter:
        if self.need_user:
            users.validate_pin(self.fields["pin"].text())
            if self.fields["pin"].text() != self.fields["pin2"].text():
                raise InputError(self.tr("The two PINs differ."), field="pin2")
        me = counter.setup(self.session.db, counter_id=self.value("counter_id"),
                           server_url=self.value("server_url"), token=self.value("token") or None,
                           office=self.value("office") or None)
        if self.need_user:
            users.add(self.session.db, user_id=self.value("user_id"), name=self.value("name"),
                      role="supervisor", pin=self.fields["pin"].text(), actor=me.counter_id)
        return me
