"""Every released schema's fixture database opens with today's code, upgrades, verifies, and takes money."""

import shutil
from pathlib import Path

import pytest

from counter_app import connection, migrations, paths, shifts, verify
from counter_app.recharge import take_recharge

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("schema-*.sqlite3"))


def test_there_is_a_fixture_for_the_current_schema():
    latest = migrations.known_names()[-1].split("_")[0]
    assert any(f.stem == f"schema-{latest}" for f in FIXTURES), (
        f"no fixture for {latest}: run tests/fixtures/make_schema_fixture.py schema-{latest}")


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_fixture_upgrades_and_keeps_working(fixture, tmp_path):
    shutil.copy(fixture, paths.db_path(tmp_path))
    db = connection.open_counter_db(tmp_path)
    try:
        assert [m.name for m in migrations.migrations.applied(db)] == migrations.known_names()
        assert verify.run(db) == []
        before = db.execute("SELECT MAX(receipt_seq) FROM recharges").fetchone()[0]
        shifts.open_shift(db, cashier_id="asha", float_paise=0)
        taken = take_recharge(db, cashier_id="asha", consumer_no="100099998888", amount_paise=100_00)
        assert taken.receipt_seq == before + 1
        assert verify.run(db) == []
    finally:
        db.close()
