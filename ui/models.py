"""Qt table models over the core's transaction dicts, tested without a view.

``set_rows`` swaps the whole list inside beginResetModel/endResetModel, as
Vorta's models do: the reader thread hands over a fresh list each time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from counter_app import clock, i18n
from counter_app.money import format_rupees

translate = QCoreApplication.translate

Index = QModelIndex | QPersistentModelIndex

STATUS_SYMBOL = {"pending": "⏳", "confirmed": "✔", "rejected": "✖", "disputed": "⚠", "void": "⊘",
                 "superseded": "→", "refunded": "↩"}
# Dark text on light fills: readable in sunlight, and the word carries the meaning.
STATUS_BACKGROUND = {"pending": "#fff3c4", "confirmed": "#d7f0d8", "rejected": "#ffd6d6", "disputed": "#ffd6d6",
                     "void": "#e0e0e0",
                     "superseded": "#e0e0e0", "refunded": "#e0e0e0"}



def status_text(status: str) -> str:
    words = {
        "pending": translate("TransactionsModel", "PENDING"),
        "confirmed": translate("TransactionsModel", "CONFIRMED"),
        "rejected": translate("TransactionsModel", "REJECTED"),
        "disputed": translate("TransactionsModel", "DISPUTED"),
        "void": translate("TransactionsModel", "VOID"),
        "superseded": translate("TransactionsModel", "CORRECTED"),
        "refunded": translate("TransactionsModel", "REFUNDED"),
    }
    return f"{STATUS_SYMBOL.get(status, '')} {words.get(status, status.upper())}".strip()


def reason_words(code: str | None) -> str:
    """The server's reason for a rejection as a sentence: a code like ``unknown_consumer`` never shows."""
    if not code:
        return ""
    words = {
        "unknown_consumer": translate("TransactionsModel", "The server does not know this consumer number"),
        "invalid_amount": translate("TransactionsModel", "The server refused the amount"),
        "wrong_counter": translate("TransactionsModel", "Belongs to another counter"),
        "bad_signature": translate("TransactionsModel", "The signature did not verify"),
        "key_not_registered": translate("TransactionsModel", "This counter's key is not registered"),
        "retired_key": translate("TransactionsModel", "Signed with a retired key"),
        "already_voided": translate("TransactionsModel", "Already voided"),
        "journal_mismatch": translate("TransactionsModel", "The journal does not match the server's copy"),
    }
    if code in words:
        return words[code]
    if " " in code:         # a disputed row's sentence, stored in English: the core catalog has its Hindi
        return i18n._(code)
    return translate("TransactionsModel", "Refused by the server (the log has its reason)")


class TransactionsModel(QAbstractTableModel):
    """Rows are dicts from ``counter_app.inspection.list_transactions``."""

    COLUMNS = ("receipt_no", "time", "consumer_no", "amount", "status", "detail")

    def __init__(self, parent: Any = None, *, with_reason: bool = False) -> None:
        super().__init__(parent)
        self._rows: list[dict] = []
        self.with_reason = with_reason

    # -- data -----------------------------------------------------------------
    def set_rows(self, rows: Sequence[dict]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> dict:
        return self._rows[index]

    def rows(self) -> list[dict]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = {
            "receipt_no": translate("TransactionsModel", "Receipt"), "time": translate("TransactionsModel", "Time"), "consumer_no": translate("TransactionsModel", "Consumer"),
            "amount": translate("TransactionsModel", "Amount"), "status": translate("TransactionsModel", "Status"),
            "detail": translate("TransactionsModel", "Reason") if self.with_reason else translate("TransactionsModel", "Server ref / last error"),
        }
        return titles[self.COLUMNS[section]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "amount":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and column == "status":
            colour = STATUS_BACKGROUND.get(row.get("status", ""))
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole and column == "status":
            return QBrush(QColor("#000000"))
        if role == Qt.ItemDataRole.ToolTipRole and column in ("detail", "status"):
            return reason_words(row.get("reject_reason")) or row.get("last_error") or None
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def _display(self, row: dict, column: str) -> str:
        if column == "time":
            return clock.local(row["created_at"]).strftime("%d-%m %H:%M:%S")
        if column == "amount":
            return format_rupees(int(row["amount_paise"]))
        if column == "status":
            return status_text(row.get("status", ""))
        if column == "detail":
            if row.get("status") == "rejected":
                return reason_words(row.get("reject_reason"))
            if row.get("status") == "confirmed":
                return row.get("server_ref") or ""
            return row.get("last_error") or ""
        return str(row.get(column, ""))
