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
    "tests.ui_support",         # ui_template, data_dir, window: the cashier window
    "tests.live_server",        # live_server (the reference server in its own process), online
    "tests.pg_cluster",         # pg_cluster: a throwaway PostgreSQL, started the first time a test asks
)


def pytest_generate_tests(metafunc) -> None:
    """Run a module's server tests once per store it names in SERVER_STORES (default: SQLite only)."""
    if "store_kind" in metafunc.fixturenames:
        kinds = getattr(metafunc.module, "SERVER_STORES", ("sqlite",))
        metafunc.parametrize("store_kind", kinds, indirect=True, scope="module")


@pytest.fixture(scope="module")
def store_kind(request: pytest.FixtureRequest) -> str:
    """sqlite or postgresql: which store the module's ``server`` fixture runs on."""
    return getattr(request, "param", "sqlite")

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

# The core's gettext catalogs compiled as the build does (a fresh checkout has only the .po).
from counter_app import i18n  # noqa: E402

i18n.compile_catalogs()
