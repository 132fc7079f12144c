"""Start the cashier window: ``run(data_dir)`` is what ``counter-app gui`` calls."""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from ui import style
from ui.background import BackgroundWork
from ui.i18n import Languages, ui_settings
from ui.main_window import MainWindow
from ui.session import Session
from ui.sync_worker import ClientFactory

log = logging.getLogger(__name__)

#: Set to any value, the window reports "ready" on stdout once usable and quits
#: (bench/bench_ui_start.py times a cold start through the real command with it).
EXIT_WHEN_READY = "COUNTER_APP_EXIT_WHEN_READY"
_FITTERS: list = []   # keeps the screen fitter alive with the application


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication of this process, styled."""
    # The sync and status threads run Python too; hand the GIL back to the GUI
    # thread every 1 ms (default 5) so a key press never waits behind them.
    sys.setswitchinterval(0.001)
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or [sys.argv[0]])
        app.setApplicationName("counter-app")
        app.setOrganizationName("counter-app")
    if not app.property("counter_styled"):
        style.apply(app)
        app.setProperty("counter_styled", True)
        from ui import screen_fit
        app.setProperty("counter_fitted", True)
        _FITTERS.append(screen_fit.install(app))
    return app  # type: ignore[return-value]


def build_window(data_dir: Path, *, demo_server: Any = None, client_factory: ClientFactory | None = None,
                 start_work: bool = True, sync_now: bool = True) -> MainWindow | None:
    """Everything up to a window ready to show; None if first-run setup was cancelled."""
    application()
    session = Session(Path(data_dir))
    settings = ui_settings(session.data_dir)
    languages = Languages(settings)
    languages.apply(languages.chosen(), remember=False)
    first_run_by = None
    if not session.is_set_up():
        from ui.setup_dialog import SetupDialog

        dialog = SetupDialog(session)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            session.close()
            return None
        first_run_by = dialog.value("user_id") or session.counter().counter_id
    work = BackgroundWork(session.data_dir, client_factory=client_factory,
                          interval_s=float(session.setting("sync_interval_s")))
    window = MainWindow(session, work, languages, settings, demo=demo_server)
    if start_work:
        work.start(sync_now=sync_now)
    if first_run_by is not None:   # a new counter: where do receipts go? (the printer thread runs by then)
        QTimer.singleShot(0, lambda: window.open_printer_setup(actor=first_run_by))
    return window


def run(data_dir: Path, *, demo: bool = False, demo_server: Any = None,
        client_factory: ClientFactory | None = None) -> int:
    """Open the window and run until it is closed; the process exit code."""
    start_logging(Path(data_dir))
    app = application()
    window = build_window(data_dir, demo_server=demo_server if demo else None, client_factory=client_factory,
                          start_work=False)
    if window is None:
        return 1
    window.show()
    window.activateWindow()
    # Threads start once the login page is on screen; what the first PIN needs loads in the idle time after.
    QTimer.singleShot(0, window.work.start)
    QTimer.singleShot(500, _warm_up)
    if os.environ.get(EXIT_WHEN_READY):
        QTimer.singleShot(0, lambda: _report_ready(window))
    wake = _SignalWake(app)
    try:
        code = app.exec()
    finally:
        window.work.stop()
        window.session.close()
        wake.close()
    log.info("window closed (exit code %s)", code)
    return int(code)


class _SignalWake:
    """SIGTERM (a desktop log-out) and SIGINT (Ctrl+C) end the event loop in order.

    Python runs a signal handler only between bytecodes, and none run while Qt
    waits for events; ``signal.set_wakeup_fd`` makes the C handler write a byte
    to a socket that a ``QSocketNotifier`` watches, so the handler runs at once.
    """

    def __init__(self, app: QApplication) -> None:
        self._read, self._write = socket.socketpair()
        self._read.setblocking(False)
        self._write.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._write.fileno())
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._drain)
        self._previous = {sig: signal.signal(sig, self._handle) for sig in (signal.SIGTERM, signal.SIGINT)}
        self._app = app

    def _drain(self) -> None:
        try:
            self._read.recv(64)
        except OSError:
            pass

    def _handle(self, signum: int, _frame: Any) -> None:
        log.warning("signal %d: closing the window", signum)
        # exit() leaves every running event loop, an open dialog's too; run() then stops the threads
        # and the caller (counter-app demo) stops its server.
        self._app.exit(128 + signum)

    def close(self) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._read.close()
        self._write.close()




def start_logging(data_dir: Path) -> Path | None:
    """The CLI's one log set-up (counter_app.logsetup), and Qt's own messages sent into it."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    from counter_app import __version__, logsetup

    where = logsetup.setup(data_dir)
    qt_log = logging.getLogger("qt")
    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}

    def to_log(kind: Any, context: Any, message: str) -> None:
        qt_log.log(levels.get(kind, logging.WARNING), "%s%s", f"{context.category}: " if context.category
                   and context.category != "default" else "", message)
    qInstallMessageHandler(to_log)
    log.info("window starting: counter-app %s, PySide6 %s, data folder %s", __version__, pyside_version, data_dir)
    return where


def _warm_up() -> None:
    """Load what the first PIN check needs while the cashier reads the screen."""
    try:
        import argon2  # noqa: F401
    except ImportError:  # the PIN check will report it
        pass


def _report_ready(window: MainWindow) -> None:
    window.grab()   # one real paint of the login page
    focus = window.focusWidget()   # where typing goes once the window manager activates it
    print(f"ready focus={focus.objectName() if focus else ''}", flush=True)
    window.close()          # an orderly exit: threads stopped, a demo server taken down
    QApplication.exit(0)
