"""One logging set-up for the window and the CLI: a rotating file per data folder, set up once at start.

Every line is stamped in UTC with its offset written out (``2026-12-01T10:20:03.120+00:00``),
whatever the PC's time zone, so lines from the window, the CLI and the server
read in one order. Secrets never reach the file: a filter masks tokens, PINs,
passwords and passphrases in every message before it is written.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

from counter_app import paths

LOG_NAME = "counter-app.log"
MAX_BYTES = 2_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
_configured: Path | None = None

# key=value, key: value and "key": "value" for the names secrets go by; and bearer tokens.
_SECRET = re.compile(r"""(?ix)
    (?P<key>\b(?:api[_-]?)?(?:token|pin|pin2|password|passphrase|secret|private[_-]?key|authorization)\b["']?\s*[:=]\s*)
    (?P<quote>["']?)(?P<value>(?:Bearer\s+)?[^\s"',;}]+)""")
_BEARER = re.compile(r"(?i)\bBearer\s+[A-Za-z0-9._~+/=-]+")
MASK = "***"


def redact(text: str) -> str:
    """``text`` with every secret value replaced by ***."""
    text = _SECRET.sub(lambda m: f"{m['key']}{m['quote']}{MASK}", text)
    return _BEARER.sub(f"Bearer {MASK}", text)


class UtcFormatter(logging.Formatter):
    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds")


class RedactSecrets(logging.Filter):
    """Masks secrets in the formatted message (arguments included) before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


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
    """Send all logging to ``DATA_DIR/logs/counter-app.log``; return its path (None if unwritable)."""
    global _configured
    target = paths.log_dir(data_dir) / LOG_NAME
    if _configured == target:
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = QuietFileHandler(target, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError:
        return None  # an unwritable data dir is reported by the command itself
    handler.setFormatter(UtcFormatter(FORMAT))
    handler.addFilter(RedactSecrets())
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_counter_app", False)]:
        root.removeHandler(old)
        old.close()
    handler._counter_app = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    _configured = target
    return target
