"""Receipts that say what became of them: superseded, the replacement, refunded, cash rounding."""

import json

import pytest

from tests.core_fixtures import (
    CASHIER, CASHIER_PIN, SUPERVISOR, SUPERVISOR_PIN, build_counter, raw_connect, run_cli,
)
from receipts import payload
from tests.receipt_fixtures import decode_qr, pdf_text


def cli(data_dir, *args, stdin=""):
    res = run_cli(*args, stdin=stdin, data_dir=data_dir)
    assert res.code == 0, res.err
    return res


def cli_json(data_dir, *args, stdin=""):
    return json.loads(cli(data_dir, *args, "--json", stdin=stdin).out)


@pytest.fixture
def day(tmp_path):
    build_counter(tmp_path)
    return tmp_path


def take(data_dir, consumer, amount):
    return cli_json(data_dir, "recharge", "--cashier", CASHIER, "--consumer", consumer, "--amount", amount,
                    "--pin-stdin", stdin=CASHIER_PIN + "\n")


def rejected_by_server(data_dir, receipt_no):
    conn = raw_connect(data_dir)
    conn.execute("UPDATE outbox SET state = 'rejected', reject_reason = 'unknown_consumer' WHERE txn_id = "
                 "(SELECT txn_id FROM recharges WHERE receipt_no = ?)", [receipt_no])
    conn.close()


def receipt_text(data_dir, receipt_no, tmp_path):
    out = tmp_path / f"{receipt_no}.pdf"
    res = cli(data_dir, "receipt", receipt_no, "--out", str(out))
    return res.out, pdf_text(out, tmp_path)


def test_superseded_and_its_replacement_say_so_in_both_languages(day, tmp_path):
    old = take(day, "1000000004", "350")
    rejected_by_server(day, old["receipt_no"])
    res = cli(day, "resolve", old["receipt_no"], "--supervisor", SUPERVISOR, "--consumer", "1000000044",
              "--pin-stdin", stdin=SUPERVISOR_PIN + "\n")
    new_no = "MNG-01-0000002"
    assert f"SUPERSEDED BY {new_no}" in res.out and "no new cash" in res.out
    # the replacement's receipt is archived as PDF like every receipt, at the moment of the correction
    archived = list((day / "receipts").glob(f"*/{new_no}.pdf"))
    assert len(archived) == 1
    said, text = receipt_text(day, old["receipt_no"], tmp_path)
    assert f"SUPERSEDED BY {new_no}" in said and "rejected" not in said.lower()
    assert f"SUPERSEDED BY {new_no}" in text and "प्रतिस्थापित" in text
    assert "see the supervisor" not in text
    said, text = receipt_text(day, new_no, tmp_path)
    assert f"replaces {old['receipt_no']}, no new cash" in said
    assert f"REPLACES receipt {old['receipt_no']} - no new cash was taken" in text
    assert f"यह रसीद {old['receipt_no']} के स्थान पर है - कोई नया नकद नहीं लिया गया" in text
    assert "transfer" not in text.lower() and "Cash received" not in text
    listed = cli(day, "list").out
    assert f"SUPERSEDED BY {new_no}" in listed and f"replaces {old['receipt_no']}, no new cash" in listed


def test_refunded_says_when_and_by_whom(day, tmp_path):
    old = take(day, "1000000005", "99.50")
    rejected_by_server(day, old["receipt_no"])
    res = cli(day, "resolve", old["receipt_no"], "--supervisor", SUPERVISOR, "--refund",
              "--pin-stdin", stdin=SUPERVISOR_PIN + "\n")
    assert "REFUNDED" in res.out and "Rs 100.00" in res.out   # the cash taken, rounding included
    said, text = receipt_text(day, old["receipt_no"], tmp_path)
    assert "REFUNDED on" in said and "Sunita Singh" in said
    assert "REFUNDED on" in text and "by supervisor Sunita Singh (sup)" in text and "राशि लौटाई गई" in text


def test_cash_rounding_is_on_the_receipt(day, tmp_path):
    taken = take(day, "1000000006", "99.50")
    assert taken["rounding_paise"] == 50 and taken["tendered_paise"] == 100_00
    _, text = receipt_text(day, taken["receipt_no"], tmp_path)
    assert "Cash rounding" in text and "+Rs 0.50" in text and "Cash due" in text and "Rs 100.00" in text
    assert "नकद पूर्णांकन" in text


def test_void_says_give_back_and_makes_a_signed_bilingual_slip(day, tmp_path):
    taken = take(day, "1000000007", "349.50")
    res = cli(day, "void", taken["receipt_no"], "--supervisor", SUPERVISOR, "--reason", "customer_cancelled",
              "--pin-stdin", stdin=SUPERVISOR_PIN + "\n")
    assert "give back Rs 350.00 to the customer" in res.out
    slip = day / "receipts" / taken["business_date"] / f"{taken['receipt_no']}-void-slip.pdf"
    text = pdf_text(slip, tmp_path)
    for phrase in ("VOID SLIP", "रद्दीकरण पर्ची", "CASH GIVEN BACK Rs 350.00", "ग्राहक को Rs 350.00 नकद लौटाया गया",
                   taken["receipt_no"], "1000000007", "Rs 349.50", "Sunita Singh (sup)", "Customer cancelled"):
        assert phrase in text, phrase
    code = decode_qr(slip)   # the QR is signed like a receipt's: read it back and verify it
    assert code.startswith(payload.VOID_SLIP + ".")
    checked = cli(day, "verify-receipt", code)
    assert "GENUINE VOID SLIP" in checked.out and taken["receipt_no"] in checked.out
    forged = code.replace(payload.VOID_SLIP, payload.VERSION, 1)   # a slip cannot pass for a receipt
    assert run_cli("verify-receipt", forged, data_dir=day).code == 1
