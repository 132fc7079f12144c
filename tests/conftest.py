"""Qt-wide test setup only: no screen needed, one QApplication per session (pytest-qt)."""

import os

import pytest

# Before anything imports Qt: render offscreen unless a run asks for a real display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

# The throwaway PostgreSQL cluster (started once, the first time a test asks for it).
pytest_plugins = ["tests.pg_cluster"]


def pytest_generate_tests(metafunc) -> None:
    """Run a module's server tests once per store it names in SERVER_STORES (default: SQLite only)."""
    if "store_kind" in metafunc.fixturenames:
        kinds = getattr(metafunc.module, "SERVER_STORES", ("sqlite",))
        metafunc.parametrize("store_kind", kinds, indirect=True, scope="module")


@pytest.fixture(scope="module")
def store_kind(request: pytest.FixtureRequest) -> str:
    """sqlite or postgresql: which store the module's ``server`` fixture runs on."""
    return getattr(request, "param", "sqlite")
