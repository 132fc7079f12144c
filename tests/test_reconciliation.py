"""Shifts and day end: voids, blind counts, variances, Z reports, corrections and refunds."""

import csv
import io
import json

import pytest

from tests.core_fixtures import (
    CASHIER, CASHIER2, CASHIER2_PIN, CASHIER_PIN, SUPERVISOR, SUPERVISOR_PIN, build_counter, confirm_as_the_server_would, raw_connect, run_cli, table_counts,
)


def cli_json(data_dir, *args, stdin=""):
    res = run_cli(*args, "--json", stdin=stdin, data_dir=data_dir)
    assert res.code == 0, res.err
    return json.loads(res.out)


def take(data_dir, consumer, amount, tendered=None, cashier=CASHIER, pin=CASHIER_PIN):
    extra = ["--tendered", tendered] if tendered else []
    return cli_json(data_dir, "recharge", "--cashier", cashier, "--consumer", consumer, "--amount", amount,
                    *extra, "--pin-stdin", stdin=pin + "\n")


def server_rejects(data_dir, receipt_no, reason="unknown_consumer"):
    """Stand-in for the server's answer (the sync tests drive the real server)."""
    conn = raw_connect(data_dir)
    conn.execute("UPDATE outbox SET state = 'rejected', reject_reason = ? WHERE txn_id = "
                 "(SELECT txn_id FROM recharges WHERE receipt_no = ?)", [reason, receipt_no])
    conn.close()


def server_confirms_all(data_dir):
    confirm_as_the_server_would(data_dir)


@pytest.fixture
def day(tmp_path):
    build_counter(tmp_path, open_shift=False)
    opened = cli_json(tmp_path, "shift", "open", "--cashier", CASHIER, "--float", "500x2,100x5", "--pin-stdin",
                      stdin=CASHIER_PIN + "\n")
    assert opened["opening_float_paise"] == 1500_00
    return tmp_path


def test_a_whole_day(day):
    r1 = take(day, "1000000001", "500", tendered="500")
    r2 = take(day, "1000000002", "1250.50", tendered="1300")
    r3 = take(day, "1000000003", "300")
    r4 = take(day, "1000000004", "2000")
    assert r2["change_paise"] == 49_00 and r2["rounding_paise"] == 50  # Rs 1,251 due in cash
    # a void by the supervisor
    void = cli_json(day, "void", r3["receipt_no"], "--supervisor", SUPERVISOR, "--reason", "customer_cancelled",
                    "--pin-stdin", stdin=SUPERVISOR_PIN + "\n")
    assert void["status"] == "void"
    # the server confirms the rest, but rejects r4; the supervisor corrects its consumer number
    server_confirms_all(day)
    server_rejects(day, r4["receipt_no"])
    fixed = cli_json(day, "resolve", r4["receipt_no"], "--supervisor", SUPERVISOR, "--consumer", "1000000044",
                     "--pin-stdin", stdin=SUPERVISOR_PIN + "\n")
    assert fixed["new"]["consumer_no"] == "1000000044" and fixed["new"]["payment_mode"] == "transfer"
    assert fixed["new"]["receipt_no"] == "MNG-01-0000005"
    # X report mid-shift
    x = cli_json(day, "report", "x")
    expected = 1500_00 + 500_00 + 1250_50 + 50 + 300_00 + 2000_00 - 300_00
    assert x["expected_paise"] == expected == 5251_00 and x["rounding_paise"] == 50
    assert x["gross_paise"] == 4050_50 and x["voids_paise"] == 300_00 and x["transfers_paise"] == 2000_00
    assert x["receipts_count"] == 5
    # blind count: Rs 5,200 in the drawer -> Rs 51 short; needs the supervisor
    count = "500x8,200x5,100x1,50x1,20x2,10x1"
    assert sum(v * n for v, n in [(500, 8), (200, 5), (100, 1), (50, 1), (20, 2), (10, 1)]) == 5200
    res = run_cli("shift", "close", "--cashier", CASHIER, "--count", count, "--pin-stdin",
                  stdin=CASHIER_PIN + "\n", data_dir=day)
    assert res.code == 1 and "Rs 51.00 short" in res.err and "supervisor" in res.err
    closed = cli_json(day, "shift", "close", "--cashier", CASHIER, "--count", count, "--supervisor", SUPERVISOR,
                      "--note", "coins short", "--pin-stdin", stdin=f"{CASHIER_PIN}\n{SUPERVISOR_PIN}\n")
    assert closed["counted_paise"] == 5200_00 and closed["variance_paise"] == -51_00
    assert closed["signed_off_by"] == SUPERVISOR and closed["closed_at"]
    # the Z report, every figure against the hand computation above
    z = cli_json(day, "report", "z")
    assert z["z_no"] == 1
    assert z["receipts_count"] == 5
    assert (z["first_receipt"], z["last_receipt"]) == ("MNG-01-0000001", "MNG-01-0000005")
    assert z["gross_paise"] == 4050_50
    assert z["voids_paise"] == 300_00
    assert z["expected_paise"] == 5251_00 and z["rounding_paise"] == 50
    assert z["counted_paise"] == 5200_00
    assert z["variance_paise"] == -51_00
    assert z["by_status"] == {"confirmed": {"count": 2, "paise": 1750_50}, "void": {"count": 1, "paise": 300_00},
                              "superseded": {"count": 1, "paise": 2000_00},
                              "pending": {"count": 1, "paise": 2000_00}}
    assert [u["receipt_no"] for u in z["unsettled"]] == ["MNG-01-0000005"]
    assert z["shifts"][0]["voids"][0]["reason"] == "customer_cancelled"
    assert z["cashiers"] == [{"cashier_id": CASHIER, "receipts_count": 5, "gross_paise": 4050_50, "rounding_paise": 50,
                              "transfers_paise": 2000_00, "voids_count": 1, "voids_paise": 300_00,
                              "voids_cash_paise": 300_00, "refunds_count": 0, "refunds_paise": 0, "reprints": 0,
                              "expected_paise": 5251_00, "counted_paise": 5200_00, "variance_paise": -51_00}]
    pdf = day / "receipts" / "reports" / "Z-000001-" f"{z['business_date']}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    # a second Z for the day is refused; the report can be shown again
    res = run_cli("report", "z", data_dir=day)
    assert res.code == 1 and "exists already" in res.err
    again = cli_json(day, "report", "z", "--reprint", "--date", z["business_date"])
    assert again["gross_paise"] == z["gross_paise"]
    # export
    rows = list(csv.DictReader(io.StringIO(_export(day, z["business_date"], "day.csv").read_text(encoding="utf-8"))))
    assert [r["status"] for r in rows] == ["confirmed", "confirmed", "void", "superseded", "pending"]
    as_json = json.loads(_export(day, z["business_date"], "day.json").read_text(encoding="utf-8"))
    assert as_json[0]["server_ref"].startswith("SRV-")
    assert run_cli("verify", data_dir=day).code == 0


def _export(data_dir, date, name):
    out = data_dir / name
    assert run_cli("export", "--date", date, "--out", str(out), data_dir=data_dir).code == 0
    return out


def test_refund_leaves_the_drawer_of_the_shift_where_it_happens(day):
    r1 = take(day, "1000000001", "700")
    server_rejects(day, r1["receipt_no"])
    out = cli_json(day, "resolve", r1["receipt_no"], "--supervisor", SUPERVISOR, "--refund", "--pin-stdin",
                   stdin=SUPERVISOR_PIN + "\n")
    assert out["status"] == "refunded"
    x = cli_json(day, "report", "x")
    assert x["refunds_paise"] == 700_00 and x["expected_paise"] == 1500_00
    status = cli_json(day, "status")
    assert status["rejected"] == 0, "a resolved rejection no longer waits for a supervisor"
    res = run_cli("resolve", r1["receipt_no"], "--supervisor", SUPERVISOR, "--refund", "--pin-stdin",
                  stdin=SUPERVISOR_PIN + "\n", data_dir=day)
    assert res.code == 1 and "already refunded" in res.err


def test_void_refusals(day):
    r1 = take(day, "1000000001", "500")
    before = table_counts(day)
    res = run_cli("void", r1["receipt_no"], "--supervisor", CASHIER, "--reason", "wrong_amount", "--pin-stdin",
                  stdin=CASHIER_PIN + "\n", data_dir=day)
    assert res.code == 1 and "not a supervisor" in res.err
    res = run_cli("void", r1["receipt_no"], "--supervisor", SUPERVISOR, "--reason", "other", "--pin-stdin",
                  stdin=SUPERVISOR_PIN + "\n", data_dir=day)
    assert res.code == 1 and "needs a note" in res.err
    res = run_cli("void", r1["receipt_no"], "--supervisor", SUPERVISOR, "--reason", "whim", "--pin-stdin",
                  stdin=SUPERVISOR_PIN + "\n", data_dir=day)
    assert res.code == 2
    res = run_cli("void", "MNG-01-0000099", "--supervisor", SUPERVISOR, "--reason", "wrong_amount", "--pin-stdin",
                  stdin=SUPERVISOR_PIN + "\n", data_dir=day)
    assert res.code == 1 and "No receipt" in res.err
    assert table_counts(day) == before
    # another shift's recharge cannot be voided
    cli_json(day, "shift", "close", "--cashier", CASHIER, "--count", "500x4", "--pin-stdin",
             stdin=CASHIER_PIN + "\n")
    cli_json(day, "shift", "open", "--cashier", CASHIER2, "--float", "0", "--pin-stdin", stdin=CASHIER2_PIN + "\n")
    res = run_cli("void", r1["receipt_no"], "--supervisor", SUPERVISOR, "--reason", "wrong_amount", "--pin-stdin",
                  stdin=SUPERVISOR_PIN + "\n", data_dir=day)
    assert res.code == 1 and "not the open shift" in res.err


def test_close_refusals(day):
    res = run_cli("shift", "close", "--cashier", CASHIER2, "--count", "500x3", "--pin-stdin",
                  stdin=CASHIER2_PIN + "\n", data_dir=day)
    assert res.code == 1 and "cannot close it" in res.err
    for bad in ("500x", "300x2", "lots"):
        res = run_cli("shift", "close", "--cashier", CASHIER, "--count", bad, "--pin-stdin",
                      stdin=CASHIER_PIN + "\n", data_dir=day)
        assert res.code == 1, res.err
        assert "value x pieces" in res.err or "not a denomination" in res.err, res.err
    # the day cannot close while a shift is open
    res = run_cli("report", "z", data_dir=day)
    assert res.code == 1 and "still open" in res.err
    # exact count: no sign-off needed
    closed = cli_json(day, "shift", "close", "--cashier", CASHIER, "--count", "500x2,100x5", "--pin-stdin",
                      stdin=CASHIER_PIN + "\n")
    assert closed["variance_paise"] == 0 and closed["signed_off_by"] is None
    # a closed shift cannot be changed, not even by hand
    conn = raw_connect(day)
    import sqlite3
    with pytest.raises(sqlite3.IntegrityError, match="closed shift"):
        conn.execute("UPDATE shifts SET counted_paise = 0 WHERE id = ?", [closed["shift_id"]])
    res = run_cli("shift", "close", "--cashier", CASHIER, "--count", "500x2", "--pin-stdin",
                  stdin=CASHIER_PIN + "\n", data_dir=day)
    assert res.code == 1 and "No shift is open" in res.err


def test_a_recount_stays_in_the_journal(day):
    run_cli("shift", "close", "--cashier", CASHIER, "--count", "500x1", "--pin-stdin",
            stdin=CASHIER_PIN + "\n", data_dir=day)
    conn = raw_connect(day)
    kinds = [r[0] for r in conn.execute("SELECT kind FROM journal")]
    assert kinds[-1] == "shift_count"
    assert conn.execute("SELECT closed_at FROM shifts").fetchone()[0] is None


def test_voided_cash_does_not_count_towards_the_daily_limit(day):
    r1 = take(day, "1000000001", "150000")
    res = run_cli("recharge", "--cashier", CASHIER, "--consumer", "1000000001", "--amount", "60000",
                  "--pin-stdin", stdin=CASHIER_PIN + "\n", data_dir=day)
    assert res.code == 1 and "269ST" in res.err
    cli_json(day, "void", r1["receipt_no"], "--supervisor", SUPERVISOR, "--reason", "wrong_amount",
             "--pin-stdin", stdin=SUPERVISOR_PIN + "\n")
    take(day, "1000000001", "60000")
