"""Qt-wide test setup only: no screen needed, one QApplication per session (pytest-qt)."""

import os

# Before anything imports Qt: render offscreen unless a run asks for a real display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
# Counters made by tests keep their keys in files in their temporary data folders, never in
# the keyring of the machine running the tests (test_trust_counter tests the keyring path).
os.environ.setdefault("COUNTER_APP_KEYRING", "0")
