"""X and Z report PDFs: Hindi and English, count by denomination, rounding, voids, refunds,
receipts superseded, and what is paid but not yet credited, by receipt number."""

import re

import pytest

from counter_app import connection, day_end, reconciliation, recharge, rejections, voids
from receipts import service, z_report
from tests.core_fixtures import CASHIER, SUPERVISOR, build_counter
from tests.receipt_fixtures import pdf_text


@pytest.fixture
def day_db(tmp_path):
    build_counter(tmp_path / "c")
    db = connection.open_counter_db(tmp_path / "c")
    taken = [recharge.take_recharge(db, cashier_id=CASHIER, consumer_no=f"10000000{i:02d}", amount_paise=a)
             for i, a in enumerate([350_00, 499_50, 1250_00, 99_50, 410_00])]
    voids.void_recharge(db, taken[0].receipt_no, supervisor_id=SUPERVISOR, reason="wrong_amount")
    db.execute("UPDATE outbox SET state = 'rejected', reject_reason = 'unknown_consumer' WHERE txn_id IN (?, ?)",
               [taken[2].txn_id, taken[3].txn_id])
    rejections.correct_consumer(db, taken[2].receipt_no, supervisor_id=SUPERVISOR, consumer_no="1000000099")
    rejections.refund(db, taken[3].receipt_no, supervisor_id=SUPERVISOR)
    yield db, taken
    db.close()


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_x_report_is_bilingual_with_what_became_of_receipts(day_db, tmp_path):
    db, taken = day_db
    fig = reconciliation.x_report(db).as_json()
    pdf = z_report.render_x_report(fig, counter_id="MNG-01", unsettled=day_end.unsettled(db, shift_ids=[fig["shift_id"]]),
                                   fonts=service.fonts_for(db))
    text = pdf_text(pdf, tmp_path)
    for phrase in ("X REPORT - shift still open", "पाली रिपोर्ट", "Cash rounding", "नकद पूर्णांकन", "+Rs 1.00",
                   "Voids: 1", "Refunds: 1", "Receipts superseded", "प्रतिस्थापित रसीदें",
                   "Paid at the counter, not yet credited: 3", "काउंटर पर भुगतान, अभी जमा नहीं"):
        assert phrase in text, phrase
    assert taken[2].receipt_no in text and "MNG-01-0000006" in text   # superseded and its replacement
    for pending in (taken[1], taken[4]):
        assert pending.receipt_no in text
    assert "RefundsReprints" not in text and "Refunds Reprints" in text   # headers wrap inside their columns


def test_z_report_is_bilingual_with_the_count_by_denomination(day_db, tmp_path):
    db, _taken = day_db
    expected = reconciliation.x_report(db).expected_paise
    assert expected == 1000_00 + 350_00 + 500_00 + 1250_00 + 100_00 + 410_00 - 350_00 - 100_00 == 3160_00
    reconciliation.close_shift(db, cashier_id=CASHIER, count_text="2000x1,500x2,100x1,2x5,0.50x100")
    totals = day_end.close_day(db)
    assert totals["count"] == {"2000": 1, "500": 2, "100": 1, "2": 5, "0.50": 100}
    assert totals["variance_paise"] == 0 and totals["rounding_paise"] == 1_00
    text = pdf_text(z_report.render_z_report(totals, service.fonts_for(db)), tmp_path)
    for phrase in ("Z REPORT No. 1", "दैनिक समापन", "Count by denomination", "मूल्यवर्ग के अनुसार गिनती",
                   "Rs 2,000", "Rs 0.50", "Rs 50.00", "Cash rounding", "Voids - cash given back", "Refunds paid",
                   "Receipts superseded", "Paid at the counter, not yet credited: 3", "Cashier signature",
                   "कैशियर के हस्ताक्षर"):
        assert phrase in text, phrase


def test_reports_print_reasons_as_words_never_codes(day_db, tmp_path):
    db, _taken = day_db
    reconciliation.close_shift(db, cashier_id=CASHIER, count_text="2000x1,500x2,100x1,2x5,0.50x100")
    text = words(pdf_text(z_report.render_z_report(day_end.close_day(db), service.fonts_for(db)), tmp_path))
    for code in ("wrong_amount", "unknown_consumer"):
        assert code not in text, code
    for phrase in ("Wrong amount", "गलत राशि"):
        assert phrase in text, phrase
