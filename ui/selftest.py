"""The window's part of ``counter-app self-test``: can this PC open it, in both languages?

Opens the real window on a throw-away counter in a temporary folder (the
counter's own data is not touched), paints it, checks the Hindi translation
and a Devanagari font, and closes it. Returns ``(name, result, detail)``.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

PASS, WARN, FAIL = "pass", "warn", "fail"


def start_and_close(data_dir: Path) -> tuple[str, str, str]:
    """Open the window once on a throw-away counter; the caller has checked there is a display."""
    from PySide6.QtGui import QFontDatabase

    from counter_app import connection, counter
    from ui.app import application, build_window
    from ui.i18n import TRANSLATIONS

    started = time.perf_counter()
    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        db = connection.open_counter_db(Path(tmp))
        try:
            counter.setup(db, counter_id="SELFTEST", server_url="http://127.0.0.1:9")
        finally:
            db.close()
        window = build_window(Path(tmp), start_work=False)
        if window is None:
            return "window", FAIL, "the window did not open"
        try:
            window.show()
            app.processEvents()
            window.grab()
            elapsed = (time.perf_counter() - started) * 1000
            hindi = window.languages.apply("hi", remember=False)
            window.languages.apply("en", remember=False)
        finally:
            window.close()
            window.session.close()
    devanagari = QFontDatabase.families(QFontDatabase.WritingSystem.Devanagari)
    if not hindi:
        return "window", WARN, f"the window opens ({elapsed:.0f} ms) but the Hindi translation " \
                               f"{TRANSLATIONS / 'counter_hi.qm'} is missing: English only"
    if not devanagari:
        return "window", WARN, f"the window opens ({elapsed:.0f} ms) but no Devanagari font is installed: " \
                               "Hindi shows as boxes (install fonts-noto-core)"
    return "window", PASS, f"the window opens in {elapsed:.0f} ms; Hindi and English; Devanagari font {devanagari[0]}"
