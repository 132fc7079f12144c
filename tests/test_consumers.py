"""The local consumer directory: paged pull of changes, offline lookup by number and name prefix."""

from __future__ import annotations

import json

import pytest

from counter_app import connection, consumers
from counter_app.errors import KnownError
from counter_app.sync import SyncClient
from server import seed as seed_data
from tests.server_fixture import CONSUMERS, new_counter, take


@pytest.fixture
def counter_db(server, counter_template, tmp_path, no_faults):
    db, _ = new_counter(counter_template, tmp_path / "counter", server)
    yield db
    db.close()


def test_pull_fetches_every_consumer_in_pages_then_only_changes(server, counter_db):
    assert consumers.pull(counter_db, SyncClient(counter_db), page_size=64) == CONSUMERS
    assert consumers.count(counter_db) == CONSUMERS
    assert consumers.pull(counter_db, page_size=64) == 0  # nothing changed since
    taken = take(counter_db, 1)[0]
    before = consumers.get(counter_db, taken.consumer_no)["balance_paise"]
    SyncClient(counter_db).sync_once()
    assert consumers.pull(counter_db, page_size=64) == 1
    after = consumers.get(counter_db, taken.consumer_no)
    assert after["balance_paise"] == before + taken.amount_paise
    assert set(after) == {"consumer_no", "name", "meter_no", "subdivision", "balance_paise", "updated_at",
                          "fetched_at"}


def test_find_by_number_prefix_and_by_name_prefix(server, counter_db):
    consumers.pull(counter_db)
    number = seed_data.consumer_no(5)
    some = consumers.get(counter_db, number)
    assert some is not None and consumers.get(counter_db, f"{number[:4]}-{number[4:8]} {number[8:]}") == some
    by_number = consumers.find(counter_db, number[:9])
    assert by_number and all(c["consumer_no"].startswith(number[:9]) for c in by_number)
    first_word = some["name"].split()[0]
    for query in (first_word, first_word.upper(), first_word.lower()[:3]):
        found = consumers.find(counter_db, query, limit=500)
        assert found and all(c["name"].lower().startswith(query.lower()) for c in found)
        assert some["consumer_no"] in {c["consumer_no"] for c in found}
    assert len(consumers.find(counter_db, "1", limit=5)) == 5
    assert consumers.find(counter_db, "   ") == [] and consumers.find(counter_db, "Zzzz") == []
    assert consumers.get(counter_db, "424242424242") is None


def test_lookups_use_the_indexes(counter_db):
    plans = {}
    for query, args in ((consumers._SELECT + " WHERE consumer_no >= ? AND consumer_no < ? ORDER BY consumer_no", ["1", "2"]),
                        (consumers._SELECT + " WHERE name >= ? COLLATE NOCASE AND name < ? COLLATE NOCASE "
                         "ORDER BY name COLLATE NOCASE", ["ra", "rb"])):
        plans[query] = " ".join(r[3] for r in counter_db.execute("EXPLAIN QUERY PLAN " + query, args))
    assert all("USING INDEX" in plan or "PRIMARY KEY" in plan for plan in plans.values()), plans
    assert not any("TEMP B-TREE" in plan or "SCAN" in plan for plan in plans.values()), plans


def test_pull_from_a_dead_server_is_a_sentence(counter_db):
    counter_db.execute("UPDATE counter SET server_url = 'http://127.0.0.1:9'")
    with pytest.raises(KnownError, match="Cannot reach the server"):
        consumers.pull(counter_db)


def test_cli_pull_and_find(server, counter_template, tmp_path, no_faults, capsys):
    from counter_cli.main import main

    db, _ = new_counter(counter_template, tmp_path / "c", server)
    db.close()
    data = str(tmp_path / "c")
    assert main(["--data-dir", data, "consumers", "find", "Ram"]) == 0
    assert "consumers pull" in capsys.readouterr().out  # empty directory: says what to do
    assert main(["--data-dir", data, "consumers", "pull", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == CONSUMERS
    number = seed_data.consumer_no(1)
    assert main(["--data-dir", data, "consumers", "find", number, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["consumer_no"] for r in rows] == [number]
    # a recharge taken here after the balance was stated shows beside it, not yet credited
    db = connection.open_counter_db(tmp_path / "c")
    take(db, 1, amount_paise=350_00, consumer_no=number)
    db.close()
    assert main(["--data-dir", data, "consumers", "find", number]) == 0
    assert "+ taken here since Rs 350.00 (Rs 350.00 not yet credited)" in capsys.readouterr().out
    assert main(["--data-dir", data, "consumers", "find", number, "--json"]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    assert row["taken_since_paise"] == 350_00 and row["taken_since_confirmed_paise"] == 0
