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


def setup(data_dir: Path, *, level: int = logging.INFO) -> Path | None:
    """Send all logging to ``DATA_DIR/logs/counter-app.log``; return its path (None if unwritable)."""
    global _configured
    target = paths.log_dir(data_dir) / LOG_NAME
    if _configured == target:
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(target, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                       encoding="utf-8")
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
