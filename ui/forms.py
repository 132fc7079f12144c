"""Show each refusal from the core next to the field it concerns.

``KnownError.field`` names the field (``consumer``, ``amount``, ``pin``...);
a form registers which label sits under which widget, and ``show`` puts the
core's sentence there, marks the widget and moves the focus to it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QWidget

from counter_app.errors import KnownError


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.hide()
    return label


class FormErrors:
    def __init__(self, general: QLabel) -> None:
        self.general = general
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

    def add(self, field: str, widget: QWidget, label: QLabel, *aliases: str) -> None:
        for name in (field, *aliases):
            self._fields[name] = (widget, label)

    def label_for(self, field: str | None) -> QLabel:
        return self._fields[field][1] if field in self._fields else self.general

    def clear(self) -> None:
        for widget, label in [*self._fields.values(), (None, self.general)]:
            label.clear()
            label.hide()
            if widget is not None and widget.property("invalid"):
                widget.setProperty("invalid", False)
                _repolish(widget)

    def show(self, exc: KnownError | str, field: str | None = None) -> QLabel:
        """Show the message at its field (or at the top); return the label used."""
        field = field or getattr(exc, "field", None)
        label = self.label_for(field)
        label.setText("✖ " + str(exc))
        label.show()
        if field in self._fields:
            widget = self._fields[field][0]
            widget.setProperty("invalid", True)
            _repolish(widget)
            widget.setFocus()
            if hasattr(widget, "selectAll"):
                widget.selectAll()
        return label


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a property its selectors read has changed.

    Before its window is first shown nothing is polished yet: it will be, with
    the current properties. Skipping it then also keeps QStyle (and its many
    enums) out of start-up.
    """
    if widget.window().isVisible():
        widget.style().unpolish(widget)
        widget.style().polish(widget)


_repolish = repolish


def fit_height(window: QWidget) -> None:
    """Grow a dialog to the height its word-wrapped labels need at its current width.

    ``adjustSize`` sizes to the unwrapped width first and can leave a dialog at its
    minimum height, squeezing the fields together after a part of it appears.
    """
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    width = max(window.width(), window.minimumWidth())
    height = window.heightForWidth(width) if window.hasHeightForWidth() else window.sizeHint().height()
    window.resize(width, max(height, window.minimumSizeHint().height()))
    from ui import screen_fit   # never taller than the screen: scroll instead
    screen_fit.fit(window)


def documents_dir() -> Path:
    """The user's documents folder (QStandardPaths), where a "Save as" dialog starts; home if none."""
    from PySide6.QtCore import QStandardPaths

    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()
