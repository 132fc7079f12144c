"""Search by name in the consumer field: type letters, pick with the arrow keys, Enter.

The same lookup as ``counter-app consumers find`` (a name prefix, any case, an
index range scan: fast on a million consumers), shown in a completer popup
under the field. Digits are left alone: they are typed or scanned numbers.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QStringListModel, Qt, Signal, QObject
from PySide6.QtWidgets import QCompleter, QLineEdit

from counter_app import consumers

MIN_LETTERS = 2
LIMIT = 12
_LETTER = re.compile(r"[^\W\d_]")


def is_name_query(text: str) -> bool:
    """Letters in the field: a name is being typed, not a number."""
    return len(_LETTER.findall(text)) >= MIN_LETTERS


class ConsumerSearch(QObject):
    """Fills a completer on ``field`` with matching consumers; ``picked(number)`` on a choice."""

    picked = Signal(str)

    def __init__(self, field: QLineEdit, db: object) -> None:
        super().__init__(field)
        self.field = field
        self.db = db
        self.numbers: list[str] = []
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        # Our list is already the answer to the query: show it as it is.
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(LIMIT)
        self.completer.setWidget(field)
        self.completer.activated[str].connect(self._activated)
        field.textEdited.connect(self.search)

    def search(self, text: str) -> list[str]:
        """The lines offered for ``text`` (also shown in the popup)."""
        if not is_name_query(text):
            self.model.setStringList([])
            self.numbers = []
            self.completer.popup().hide()
            return []
        found = consumers.find(self.db, text, limit=LIMIT)   # type: ignore[arg-type]
        self.numbers = [row["consumer_no"] for row in found]
        lines = [f"{row['name']} · {row['consumer_no']} · {row.get('meter_no') or '-'}" for row in found]
        self.model.setStringList(lines)
        if lines:
            self.completer.complete()
            self.completer.popup().setCurrentIndex(self.model.index(0, 0))
        else:
            self.completer.popup().hide()
        return lines

    def _activated(self, line: str) -> None:
        lines = self.model.stringList()
        if line in lines:
            number = self.numbers[lines.index(line)]
            self.field.setText(number)
            self.picked.emit(number)
