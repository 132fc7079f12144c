"""One rotating log file per data directory, set up once at start."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from counter_app import paths

LOG_NAME = "counter-app.log"
_configured: Path | None = None


class QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file that, when it cannot be written (a full disk), says so once and goes quiet.

    The standard handler prints a 30-line ``--- Logging error ---`` traceback
    for every record it fails to write, burying the one sentence the cashier
    needs (a full disk's own "nothing was saved"); the log is a help, never
    a reason to fail or to shout.
    """

    off = False

    def emit(self, record: logging.LogRecord) -> None:
        if not self.off:
            super().emit(record)

    def close(self) -> None:
        try:
            super().close()
        except OSError:  # flushing the last lines onto the full disk
            self.stream = None

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        if self.off:
            return
        self.off = True
        error = sys.exc_info()[1]
        reason = getattr(error, "strerror", None) or type(error).__name__
        try:
            sys.stderr.write(f"counter-app: warning: the log file {self.baseFilename} cannot be written "
                             f"({reason}); logging is off until the program starts again.\n")
        except (OSError, ValueError):
            pass


def setup(data_dir: Path, *, level: int = logging.INFO) -> Path | None:
    """Send all logging to ``DATA_DIR/logs/counter-app.log``; return its path."""
    global _configured
    target = paths.log_dir(data_dir) / LOG_NAME
    if _configured == target:
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = QuietFileHandler(target, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None  # an unwritable data dir is reported by the command itself
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_counter_app", False)]:
        root.removeHandler(old)
        old.close()
    handler._counter_app = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    _configured = target
    return target
