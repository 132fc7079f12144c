"""Test set-up: no screen needed, one QApplication per session (pytest-qt), and the shared fixtures.

Fixtures live in the plugin modules below, registered here once, so a test
module names a fixture as an argument and never imports it.
"""

import datetime as dt
import os
import time

import pytest

# Before anything imports Qt: render offscreen unless a run asks for a real display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
# Counters made by tests keep their keys in files in their temporary data folders, never in
# the keyring of the machine running the tests (test_trust_counter tests the keyring path).
os.environ.setdefault("COUNTER_APP_KEYRING", "0")

pytest_plugins = (
    "tests.core_fixtures",      # counter_dir, db: a counter with cashiers and an open shift
    "tests.server_fixture",     # server (the reference server on loopback), counter_template, registered
    "tests.receipt_fixtures",   # receipt_dir, counter_db, taken: a counter for receipt tests
    "tests.ui_support",         # ui_template, data_dir, fake_server, window: the cashier window
)

IST = dt.timezone(dt.timedelta(hours=5, minutes=30))


@pytest.fixture
def india(monkeypatch):
    """This PC's zone is India's (business days are local calendar days)."""
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


@pytest.fixture
def pc_clock(monkeypatch, india):
    """Set the PC clock: ``pc_clock("2026-12-01 22:00")`` (local time, India); returns the local date."""
    from counter_app import clock

    def set_to(local: str) -> str:
        moment = dt.datetime.fromisoformat(local).replace(tzinfo=IST)
        monkeypatch.setattr(clock, "utc_now", lambda: moment.astimezone(clock.UTC))
        return moment.date().isoformat()
    return set_to
