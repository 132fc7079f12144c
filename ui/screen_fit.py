"""Every window and dialog fits the screen it is on (a counter PC: 1024x768 or 1366x768).

One application-wide event filter looks at each window as it is shown (and as
it grows): a window larger than the screen's free area (less a title bar) is
made smaller, and one whose content cannot shrink that far gets its content in
a scroll area, with its row of buttons kept outside the scrolling part so
Close or OK never leaves the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect, QSize
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import (
    QApplication, QBoxLayout, QDialog, QDialogButtonBox, QFrame, QLayout, QMainWindow, QScrollArea, QVBoxLayout,
    QWidget,
)

#: Room for the window manager's title bar above a window's own geometry.
TITLE_BAR = 32
_SCROLLED = "screen_fit_scrolled"


def room(window: QWidget) -> QSize:
    """The largest size ``window`` may have on its screen, its frame and title bar included."""
    screen = window.screen() or QApplication.primaryScreen()
    free = screen.availableGeometry()
    frame, inner = window.frameGeometry().size(), window.size()
    extra_w, extra_h = max(0, frame.width() - inner.width()), max(0, frame.height() - inner.height())
    return QSize(free.width() - extra_w, free.height() - max(TITLE_BAR, extra_h))


def fits(window: QWidget, size: QSize | None = None) -> bool:
    limit, size = room(window), size or window.size()
    return size.width() <= limit.width() and size.height() <= limit.height()


def scroll_body(window: QWidget) -> QScrollArea | None:
    """Move ``window``'s content into a scroll area, keeping a trailing button row outside; once."""
    layout = window.layout()
    if window.property(_SCROLLED) or layout is None or isinstance(window, QMainWindow):
        return None
    buttons = _trailing_buttons(layout)
    body = QWidget()
    body.setObjectName("scrolledBody")
    body.setLayout(layout)            # Qt takes the layout (and its widgets) from the window
    scroll = QScrollArea()
    scroll.setObjectName("scrolledArea")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(body)
    outer = QVBoxLayout(window)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll, 1)
    if buttons is not None:
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        margins = layout.contentsMargins()
        holder_layout.setContentsMargins(margins.left(), 0, margins.right(), margins.bottom())
        if isinstance(buttons, QLayout):
            holder_layout.addLayout(buttons)
        else:
            holder_layout.addWidget(buttons)
        outer.addWidget(holder)
    window.setProperty(_SCROLLED, True)
    return scroll


def _trailing_buttons(layout: QLayout) -> QWidget | QLayout | None:
    """The last item of a box layout when it is the dialog's buttons, taken out of the layout."""
    if not isinstance(layout, QBoxLayout) or layout.count() == 0:
        return None
    item = layout.itemAt(layout.count() - 1)
    widget, sub = item.widget(), item.layout()
    is_buttons = isinstance(widget, QDialogButtonBox) or (
        sub is not None and sub.count() and all(
            sub.itemAt(i).widget() is None or sub.itemAt(i).widget().inherits("QAbstractButton")
            for i in range(sub.count())))
    if not is_buttons:
        return None
    layout.takeAt(layout.count() - 1)
    return widget if widget is not None else sub


def fit(window: QWidget) -> None:
    """Make ``window`` no larger than its screen, scrolling its content where it must."""
    limit = room(window)
    needed = window.minimumSizeHint()
    if not fits(window, needed.boundedTo(QSize(10**6, 10**6))) and not isinstance(window, QMainWindow):
        scroll_body(window)
        window.setMinimumSize(QSize(0, 0))
        window.layout().activate()
        needed = window.sizeHint()
    size = window.size().boundedTo(limit)
    if size != window.size():
        window.resize(size)
    screen = window.screen() or QApplication.primaryScreen()
    free: QRect = screen.availableGeometry()
    geometry = window.frameGeometry()
    x = min(max(geometry.x(), free.x()), free.right() - geometry.width() + 1)
    y = min(max(geometry.y(), free.y()), free.bottom() - geometry.height() + 1)
    if (x, y) != (geometry.x(), geometry.y()):
        window.move(max(x, free.x()), max(y, free.y()))


class ScreenFit(QObject):
    """Fits each window as it gets the focus, and again whenever it grows.

    Not an application event filter: that would run Python for every event of
    every widget. A window getting the focus is a window being shown.
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._watched: set[int] = set()
        app.focusWindowChanged.connect(self._focused)

    def _focused(self, handle: QWindow | None) -> None:
        widget = _widget_of(handle)
        if widget is None:
            return
        self.fit_now(widget)
        if id(handle) not in self._watched:
            self._watched.add(id(handle))
            handle.heightChanged.connect(lambda _h, w=widget: self.fit_now(w))
            handle.widthChanged.connect(lambda _w, w=widget: self.fit_now(w))
            handle.destroyed.connect(lambda _o=None, key=id(handle): self._watched.discard(key))

    @staticmethod
    def fit_now(widget: QWidget) -> None:
        if widget.property("screen_fit_busy"):
            return
        widget.setProperty("screen_fit_busy", True)
        try:
            fit(widget)
        finally:
            widget.setProperty("screen_fit_busy", False)


def _widget_of(handle: QWindow | None) -> QWidget | None:
    if handle is None:
        return None
    for widget in QApplication.topLevelWidgets():
        if widget.windowHandle() is handle:
            return widget if isinstance(widget, (QDialog, QMainWindow)) else None
    return None


def install(app: QApplication) -> ScreenFit:
    return ScreenFit(app)
