"""One logging set-up for the window and the CLI: the same rotating file, UTC with its offset, no secrets."""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import subprocess
import sys
from pathlib import Path

from counter_app import logsetup, paths

ROOT = Path(__file__).resolve().parent.parent
UTC_LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00 (INFO|WARNING|ERROR|DEBUG) ")


def test_window_and_cli_write_one_log_in_utc(counter_dir):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COUNTER_APP_EXIT_WHEN_READY": "1", "TZ": "Asia/Kolkata",
           "PYTHONPATH": str(ROOT)}
    for argv in (["gui"], ["status"]):
        done = subprocess.run([sys.executable, "-m", "counter_app", "--data-dir", str(counter_dir), *argv],
                              capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
    log_file = paths.log_dir(counter_dir) / logsetup.LOG_NAME
    lines = log_file.read_text(encoding="utf-8").splitlines()
    assert any("window starting" in line for line in lines) and any("window closed" in line for line in lines)
    stamped = [line for line in lines if UTC_LINE.match(line)]
    assert stamped and all(UTC_LINE.match(line) or line.startswith((" ", "Traceback")) or not line[:4].isdigit()
                           for line in lines)
    assert not any("+05:30" in line for line in lines)


def test_secrets_never_reach_the_file(tmp_path):
    where = logsetup.setup(tmp_path)
    try:
        log = logging.getLogger("counter_app.test")
        log.warning("setup with token=%s and pin: 1234", "s3cr3t-token-value")
        log.warning('sent {"token": "abcDEF123", "password": "hunter2"} Authorization: Bearer eyJhbGciOi.x.y')
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = where.read_text(encoding="utf-8")
        for secret in ("s3cr3t-token-value", "1234", "abcDEF123", "hunter2", "eyJhbGciOi"):
            assert secret not in text, text
        assert text.count("***") >= 5
        [handler] = [h for h in logging.getLogger().handlers if getattr(h, "_counter_app", False)]
        assert isinstance(handler, logging.handlers.RotatingFileHandler) and handler.maxBytes == logsetup.MAX_BYTES
    finally:
        for handler in [h for h in logging.getLogger().handlers if getattr(h, "_counter_app", False)]:
            logging.getLogger().removeHandler(handler)
            handler.close()
        logsetup._configured = None


def test_redact_keeps_what_is_not_secret():
    assert logsetup.redact("receipt MNG-01-0000042 for consumer 123456789") == \
        "receipt MNG-01-0000042 for consumer 123456789"
    assert logsetup.redact("PIN=9999") == "PIN=***"
