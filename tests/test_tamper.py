"""Tampering with the database by hand makes ``verify`` fail and name the entry."""

import json

import pytest

from tests.core_fixtures import CASHIER_PIN, raw_connect, run_cli


@pytest.fixture
def three_recharges(counter_dir):
    for i in range(3):
        res = run_cli("recharge", "--cashier", "asha", "--consumer", f"55500000{i}0", "--amount", "250",
                      "--pin-stdin", stdin=CASHIER_PIN + "\n", data_dir=counter_dir)
        assert res.code == 0, res.err
    assert run_cli("verify", data_dir=counter_dir).code == 0
    return counter_dir


def findings(data_dir):
    res = run_cli("verify", "--json", data_dir=data_dir)
    assert res.code == 1
    return json.loads(res.out)["findings"]


def test_triggers_refuse_update_and_delete(three_recharges):
    conn = raw_connect(three_recharges)
    import sqlite3
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE recharges SET amount_paise = 1 WHERE receipt_seq = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM journal WHERE seq = 1")


def test_edited_amount_is_found(three_recharges):
    conn = raw_connect(three_recharges)
    conn.execute("DROP TRIGGER recharges_no_update")
    conn.execute("UPDATE recharges SET amount_paise = 100 WHERE receipt_no = 'MNG-01-0000002'")
    conn.close()
    found = findings(three_recharges)
    assert any("MNG-01-0000002" in f and "amount_paise" in f for f in found), found
    assert any("recharges_no_update" in f for f in found)


def test_edited_journal_breaks_the_chain(three_recharges):
    conn = raw_connect(three_recharges)
    conn.execute("DROP TRIGGER journal_no_update")
    seq, payload = conn.execute("SELECT seq, payload FROM journal WHERE kind = 'recharge' ORDER BY seq LIMIT 1").fetchone()
    data = json.loads(payload)
    data["amount_paise"] = 1
    conn.execute("UPDATE journal SET payload = ? WHERE seq = ?", [json.dumps(data), seq])
    conn.close()
    found = findings(three_recharges)
    assert any(f"journal entry {seq}" in f and "does not match its hash" in f for f in found), found


def test_deleted_row_is_found(three_recharges):
    conn = raw_connect(three_recharges)
    conn.execute("DROP TRIGGER recharges_no_delete")
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM recharges WHERE receipt_no = 'MNG-01-0000002'")
    conn.close()
    found = findings(three_recharges)
    assert any("MNG-01-0000002" in f and "deleted" in f for f in found), found
    assert any("sequence 2 is missing" in f for f in found), found


def test_deleted_journal_entry_breaks_the_chain(three_recharges):
    conn = raw_connect(three_recharges)
    conn.execute("DROP TRIGGER journal_no_delete")
    conn.execute("PRAGMA foreign_keys = OFF")
    seq = conn.execute("SELECT seq FROM journal WHERE kind = 'recharge' ORDER BY seq LIMIT 1 OFFSET 1").fetchone()[0]
    conn.execute("DELETE FROM journal WHERE seq = ?", [seq])
    conn.close()
    found = findings(three_recharges)
    assert any(f"before entry {seq + 1}" in f for f in found), found


def test_inserted_row_is_found(three_recharges):
    conn = raw_connect(three_recharges)
    row = conn.execute("SELECT * FROM recharges WHERE receipt_seq = 3").fetchone()
    cols = [d[0] for d in conn.execute("SELECT * FROM recharges LIMIT 0").description]
    fake = dict(zip(cols, row))
    fake.update(txn_id="forged-txn", receipt_seq=4, receipt_no="MNG-01-0000004", amount_paise=99900,
                journal_seq=fake["journal_seq"] + 1000)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(f"INSERT INTO recharges ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                 list(fake.values()))
    conn.close()
    found = findings(three_recharges)
    assert any("MNG-01-0000004" in f and "inserted by hand" in f for f in found), found


def test_inserted_journal_entry_is_found(three_recharges):
    conn = raw_connect(three_recharges)
    last_seq, last_hash = conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    conn.execute("INSERT INTO journal (seq, at, kind, actor, ref, payload, prev_hash, hash) "
                 "VALUES (?, '2026-01-01T00:00:00Z', 'recharge', 'asha', 'x', '{}', ?, ?)",
                 [last_seq + 1, last_hash, "f" * 64])
    conn.close()
    found = findings(three_recharges)
    assert any(f"journal entry {last_seq + 1}" in f for f in found), found
