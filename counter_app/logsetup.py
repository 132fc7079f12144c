"""One rotating log file per data directory, set up once at start."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from counter_app import paths

LOG_NAME = "counter-app.log"
_configured: Path | None = None


def setup(data_dir: Path, *, level: int = logging.INFO) -> Path | None:
    """Send all logging to ``DATA_DIR/logs/counter-app.log``; return its path."""
    global _configured
    target = paths.log_dir(data_dir) / LOG_NAME
    if _configured == target:
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(target, maxBytes=2_000_000, backupCount=5,
                                                       encoding="utf-8")
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
