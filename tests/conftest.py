"""Test set-up: no screen needed, one QApplication per session (pytest-qt), and the shared fixtures.

Fixtures live in the plugin modules below, registered here once, so a test
module names a fixture as an argument and never imports it.
"""

import os

# Before anything imports Qt: render offscreen unless a run asks for a real display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

pytest_plugins = (
    "tests.core_fixtures",      # counter_dir, db: a counter with cashiers and an open shift
    "tests.server_fixture",     # server (the reference server on loopback), counter_template, registered
    "tests.receipt_fixtures",   # receipt_dir, counter_db, taken: a counter for receipt tests
    "tests.ui_support",         # ui_template, data_dir, fake_server, window: the cashier window
)
