"""Qt-wide test setup only: no screen needed, one QApplication per session (pytest-qt)."""

import os

# Before anything imports Qt: render offscreen unless a run asks for a real display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
