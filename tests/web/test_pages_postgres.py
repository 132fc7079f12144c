"""The operations pages on PostgreSQL: the same scenario on both stores gives the same figures and pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from counter_app import clock
from server.store import LedgerFilter
from tests.web.conftest import ADMIN, ADMIN_PASSWORD, build_scenario, sign_in

# What differs between two runs of the scenario however correct the store: times and generated ids.
_VOLATILE = re.compile(r"\d{4}-\d\d-\d\dT[\d:.]+Z|BSP\d{12}|[0-9a-f]{8}-[0-9a-f-]{27}|\d\d:\d\d|\d{1,2} (?:min|h)\b")


@pytest.fixture(scope="module")
def pg_scenario(tmp_path_factory, pg_cluster):
    built = build_scenario(tmp_path_factory.mktemp("ops-pages-pg"), database=pg_cluster.new_database("pages"))
    yield built
    built.server.stop()


def _same(value):
    """A store answer with its times and ids masked (the two scenarios ran at different moments)."""
    return _VOLATILE.sub("~", repr(value))


def test_every_operations_query_answers_the_same_on_postgresql(scenario, pg_scenario):
    lite, pg = scenario.server.store, pg_scenario.server.store
    day = clock.utc_now().replace(hour=0, minute=0, second=0, microsecond=0) - dt.timedelta(days=1)
    start, end = clock.to_iso(day), clock.to_iso(day + dt.timedelta(days=3))
    assert _same(pg.counters_overview(start, end)) == _same(lite.counters_overview(start, end))
    assert _same(pg.collections(start, end)) == _same(lite.collections(start, end))
    assert pg.hourly_credits(start, end, 330).values().__len__() >= 1
    assert sorted(pg.hourly_credits(start, end, 330).values()) == sorted(lite.hourly_credits(start, end, 330).values())
    for counter_id in ("PAT-01", "GAY-02", "SIL-03"):
        for query in (LedgerFilter(), LedgerFilter(status="credited"), LedgerFilter(status="reversed", limit=1)):
            assert _same(pg.counter_ledger(counter_id, query)) == _same(lite.counter_ledger(counter_id, query))
        assert _same(pg.counter_rejections(counter_id)) == _same(lite.counter_rejections(counter_id))
    shared = scenario.shared_consumer
    assert _same(pg.consumer_credits(shared)) == _same(lite.consumer_credits(shared))
    assert len(pg.consumer_credits(shared)) >= 2


def test_sign_in_lockout_sessions_and_admin_log_on_postgresql(pg_scenario):
    store = pg_scenario.server.store
    assert store.web_user(ADMIN).role == "admin"
    assert store.note_wrong_password(ADMIN, 2, "2999-01-01T00:00:00Z") is None
    assert store.note_wrong_password(ADMIN, 2, "2999-01-01T00:00:00Z") == "2999-01-01T00:00:00Z"
    store.clear_wrong_passwords(ADMIN)
    assert store.web_user(ADMIN).locked_until is None
    http = sign_in(pg_scenario.url, ADMIN, ADMIN_PASSWORD)
    page = http.get(f"{pg_scenario.url}/counters", timeout=10)
    assert page.status_code == 200 and "GAY-02" in page.text and "PAT-01" in page.text
    at = store.record_admin_action(ADMIN, "note", "PAT-01", "checked")
    assert store.admin_actions("PAT-01")[0] == {"at": at, "user_id": ADMIN, "action": "note",
                                                "counter_id": "PAT-01", "detail": "checked"}
