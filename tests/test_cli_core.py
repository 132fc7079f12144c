"""The core CLI: each refusal names its reason and writes nothing."""

import json

import pytest

from tests.core_fixtures import (
    CASHIER, CASHIER2, CASHIER2_PIN, CASHIER_PIN, SUPERVISOR, run_cli, table_counts,
)

PIN = CASHIER_PIN + "\n"


def recharge(data_dir, *extra, consumer="1234567890", amount="500", pin=PIN, cashier=CASHIER):
    return run_cli("recharge", "--cashier", cashier, "--consumer", consumer, "--amount", amount,
                   "--pin-stdin", "--json", *extra, stdin=pin, data_dir=data_dir)


def test_recharge_json_has_the_promised_keys(counter_dir):
    res = recharge(counter_dir, "--tendered", "600", consumer="1234 5678-90", amount="499.50")
    assert res.code == 0, res.err
    data = json.loads(res.out)
    for key in ("txn_id", "receipt_no", "consumer_no", "amount_paise", "change_paise", "created_at", "status"):
        assert key in data
    assert data["consumer_no"] == "1234567890"
    assert data["amount_paise"] == 49950
    assert data["change_paise"] == 100_00 and data["rounding_paise"] == 50  # Rs 500 due in cash
    assert data["status"] == "pending"
    assert data["receipt_no"] == "MNG-01-0000001"
    assert data["created_at"].endswith("Z")


def test_receipt_numbers_are_consecutive(counter_dir):
    numbers = [json.loads(recharge(counter_dir, consumer=f"10000000{i}").out)["receipt_no"] for i in range(3)]
    assert numbers == ["MNG-01-0000001", "MNG-01-0000002", "MNG-01-0000003"]


@pytest.mark.parametrize("consumer, amount, extra, message", [
    ("12345", "500", (), "has 5 digits"),
    ("12345abc90", "500", (), "only digits"),
    ("1234567890", "abc", (), "at most two decimals"),
    ("1234567890", "-5", (), "at most two decimals"),
    ("1234567890", "1e3", (), "at most two decimals"),
    ("1234567890", "5.123", (), "at most two decimals"),
    ("1234567890", "", (), "at most two decimals"),
    ("1234567890", "9.99", (), "smallest recharge is Rs 10.00"),
    ("1234567890", "200000", (), "largest single recharge is Rs 1,99,999.00"),
    ("1234567890", "500", ("--tendered", "400"), "less than the cash due"),
    ("1234567890", "500", ("--tendered", "x"), "tendered amount"),
])
def test_refusals_write_nothing(counter_dir, consumer, amount, extra, message):
    before = table_counts(counter_dir)
    res = recharge(counter_dir, *extra, consumer=consumer, amount=amount)
    assert res.code == 1
    assert message in res.err
    assert "Traceback" not in res.err + res.out
    assert res.out == ""
    assert table_counts(counter_dir) == before


def test_daily_cash_limit_269st(counter_dir):
    assert recharge(counter_dir, amount="199999").code == 0
    before = table_counts(counter_dir)
    res = recharge(counter_dir, amount="1")  # below minimum anyway: limit checked by amount first
    assert res.code == 1
    res = recharge(counter_dir, amount="10")
    assert res.code == 1
    assert "269ST" in res.err and "Rs 2,00,000.00" in res.err
    assert table_counts(counter_dir) == before
    # another consumer is not affected
    assert recharge(counter_dir, consumer="9999999999", amount="10").code == 0


def test_wrong_pin_refused_and_lockout_after_five(counter_dir):
    for attempt in range(1, 5):
        res = recharge(counter_dir, pin="0000\n")
        assert res.code == 1 and "Wrong PIN" in res.err
        assert f"{5 - attempt} tries left" in res.err
    res = recharge(counter_dir, pin="0000\n")
    assert "locked" in res.err
    # even the right PIN is refused while locked
    res = recharge(counter_dir)
    assert res.code == 1 and "locked" in res.err
    assert table_counts(counter_dir)["recharges"] == 0


def test_recharge_needs_an_open_shift_of_this_cashier(counter_dir):
    res = recharge(counter_dir, cashier=CASHIER2, pin=CASHIER2_PIN + "\n")
    assert res.code == 1 and "belongs to asha" in res.err


def test_no_shift_open(tmp_path):
    from tests.core_fixtures import build_counter
    build_counter(tmp_path, open_shift=False)
    res = recharge(tmp_path)
    assert res.code == 1 and "No shift is open" in res.err


def test_second_shift_refused(counter_dir):
    res = run_cli("shift", "open", "--cashier", CASHIER2, "--float", "500", "--pin-stdin",
                  stdin=CASHIER2_PIN + "\n", data_dir=counter_dir)
    assert res.code == 1 and "still open" in res.err


def test_shift_open_with_count(tmp_path):
    from tests.core_fixtures import build_counter
    build_counter(tmp_path, open_shift=False)
    res = run_cli("shift", "open", "--cashier", CASHIER, "--float", "500x2,100x5", "--pin-stdin", "--json",
                  stdin=PIN, data_dir=tmp_path)
    assert res.code == 0, res.err
    assert json.loads(res.out)["opening_float_paise"] == 150000


def test_usage_error_exit_2(counter_dir):
    res = run_cli("recharge", "--cashier", CASHIER, data_dir=counter_dir)
    assert res.code == 2


def test_pin_needed_without_terminal(counter_dir):
    res = run_cli("recharge", "--cashier", CASHIER, "--consumer", "1234567890", "--amount", "100",
                  data_dir=counter_dir)
    assert res.code == 1 and "--pin-stdin" in res.err


def test_setup_validation_and_rerun(tmp_path):
    bad = run_cli("setup", "--counter-id", "MNG 01!", "--server", "http://x", data_dir=tmp_path)
    assert bad.code == 1 and "letters, digits and dashes" in bad.err
    bad = run_cli("setup", "--counter-id", "MNG-01", "--server", "ftp:/x", data_dir=tmp_path)
    assert bad.code == 1 and "URL" in bad.err
    ok = run_cli("setup", "--counter-id", "mng-01", "--server", "http://127.0.0.1:1", "--json", data_dir=tmp_path)
    assert ok.code == 0, ok.err
    key = json.loads(ok.out)["public_key_pem"]
    again = run_cli("setup", "--counter-id", "MNG-01", "--server", "http://127.0.0.1:2", "--token", "t0ken",
                    "--json", data_dir=tmp_path)
    assert again.code == 0
    data = json.loads(again.out)
    assert data["public_key_pem"] == key, "re-running setup must keep the signing key"
    assert data["server_url"] == "http://127.0.0.1:2" and data["token_set"]
    log = (tmp_path / "logs" / "counter-app.log").read_text()
    assert "t0ken" not in log


def test_setup_cannot_rename_a_counter_with_recharges(counter_dir):
    assert recharge(counter_dir).code == 0
    res = run_cli("setup", "--counter-id", "OTHER-02", "--server", "http://127.0.0.1:1", data_dir=counter_dir)
    assert res.code == 1 and "belongs to counter MNG-01" in res.err


def test_user_add_and_list(counter_dir):
    res = run_cli("user", "add", "--id", "neha", "--name", "Neha", "--role", "cashier", "--pin-stdin",
                  stdin="12\n", data_dir=counter_dir)
    assert res.code == 1 and "4 to 8 digits" in res.err
    res = run_cli("user", "add", "--id", "neha", "--name", "Neha", "--role", "cashier", "--pin-stdin",
                  stdin="24680\n", data_dir=counter_dir)
    assert res.code == 0, res.err
    res = run_cli("user", "add", "--id", "neha", "--name", "Neha", "--role", "cashier", "--pin-stdin",
                  stdin="24680\n", data_dir=counter_dir)
    assert res.code == 1 and "exists" in res.err
    listed = json.loads(run_cli("user", "list", "--json", data_dir=counter_dir).out)
    assert {u["id"] for u in listed} == {CASHIER, CASHIER2, SUPERVISOR, "neha"}
    assert all("pin" not in key for u in listed for key in u)


def test_status_and_list(counter_dir):
    for consumer in ("1111111111", "2222222222"):
        assert recharge(counter_dir, consumer=consumer).code == 0
    status = json.loads(run_cli("status", "--json", data_dir=counter_dir).out)
    # inspection.Status serialized: exactly the keys scripts have read since the first release, then the
    # business day's and the unproven confirmations' (added at the end, so no script's reading changes).
    assert list(status) == ["counter_id", "office", "server_url", "pending", "pending_paise", "confirmed",
                            "confirmed_paise", "rejected", "rejected_paise", "oldest_pending_at", "last_sync_at",
                            "last_sync_attempt_at", "last_sync_error", "clock_skew_s", "open_shift", "exposure",
                            "warnings", "disputed", "disputed_paise", "business_date", "business_day_note",
                            "last_closed_date", "unproven", "unproven_paise"]
    assert status["open_shift"] is not None and list(status["open_shift"]) == ["id", "cashier_id", "opened_at"]
    assert status["pending"] == 2 and status["pending_paise"] == 100000
    assert status["confirmed"] == 0 and status["last_sync_at"] is None
    rows = json.loads(run_cli("list", "--json", data_dir=counter_dir).out)
    assert [r["consumer_no"] for r in rows] == ["1111111111", "2222222222"]
    assert {r["status"] for r in rows} == {"pending"}
    today = rows[0]["business_date"]
    assert len(json.loads(run_cli("list", "--date", today, "--json", data_dir=counter_dir).out)) == 2
    assert json.loads(run_cli("list", "--date", "2001-01-01", "--json", data_dir=counter_dir).out) == []
    assert json.loads(run_cli("list", "--status", "confirmed", "--json", data_dir=counter_dir).out) == []
    bad = run_cli("list", "--date", "27/11/2026", data_dir=counter_dir)
    assert bad.code == 1 and "YYYY-MM-DD" in bad.err


def test_verify_clean(counter_dir):
    assert recharge(counter_dir).code == 0
    res = run_cli("verify", "--json", data_dir=counter_dir)
    assert res.code == 0, res.out
    assert json.loads(res.out) == {"ok": True, "findings": []}


def test_config_show_and_change_is_journaled(counter_dir):
    res = run_cli("config", "min_recharge_paise", "5000", "--json", data_dir=counter_dir)
    assert json.loads(res.out) == {"min_recharge_paise": 5000}
    res = recharge(counter_dir, amount="20")
    assert res.code == 1 and "Rs 50.00" in res.err
    bad = run_cli("config", "min_recharge_paise", "lots", data_dir=counter_dir)
    assert bad.code == 1 and "takes a whole number" in bad.err
    from tests.core_fixtures import raw_connect
    kinds = [r[0] for r in raw_connect(counter_dir).execute("SELECT kind FROM journal")]
    assert kinds[-1] == "setting_change"
