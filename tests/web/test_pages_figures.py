"""The figures the pages show: the same in the ledger, the collections, the downloads; attention order; CLI."""

from __future__ import annotations

import csv
import html
import datetime as dt
import io
import re
import sqlite3
import subprocess
import sys
from decimal import Decimal

import openpyxl
import requests

from counter_app import clock
from server.contact import ContactRecorder
from server.store import LedgerFilter
from server.web import formatting
from server.web.chart import hourly_chart
from tests.web.conftest import UNKNOWN_CONSUMER

IST = dt.timezone(dt.timedelta(hours=5, minutes=30))


def ledger_sum(scenario, counter_id: str) -> tuple[int, int]:
    page = scenario.server.store.counter_ledger(counter_id, LedgerFilter(status="credited", limit=10_000))
    return page.credited_rows, page.credited_paise


def test_indian_grouping_on_the_pages():
    assert formatting.rupees(1_00_000_00) == "1,00,000.00"
    assert formatting.rupees(12_34_56_789_05) == "12,34,56,789.05"
    assert formatting.rupees(99) == "0.99" and formatting.plain_rupees(1_00_000_05) == "100000.05"


def test_collections_csv_and_excel_hold_the_ledgers_figures(scenario, viewer_http):
    today = formatting.today(IST)
    answer = viewer_http.get(f"{scenario.url}/collections.csv?date_from={today}&date_to={today}", timeout=10)
    assert answer.headers["content-disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    *counters, total = rows
    assert [r["counter_id"] for r in counters] == ["GAY-02", "PAT-01", "SIL-03"]   # ordered by office
    for r in counters:
        credits, paise = ledger_sum(scenario, r["counter_id"])
        assert (int(r["credits"]), int(r["amount_paise"])) == (credits, paise)
        assert Decimal(r["amount_rupees"]) * 100 == paise
    assert int(total["amount_paise"]) == sum(int(r["amount_paise"]) for r in counters)
    # PAT-01 took six and one was voided: five stand credited.
    assert [r for r in counters if r["counter_id"] == "PAT-01"][0]["credits"] == "5"
    book = openpyxl.load_workbook(io.BytesIO(viewer_http.get(
        f"{scenario.url}/collections.xlsx?date_from={today}&date_to={today}", timeout=10).content))
    sheet = book["By counter"]
    cells = {row[1]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    for r in counters:
        assert cells[r["counter_id"]][2] == int(r["credits"])
        assert Decimal(str(cells[r["counter_id"]][3])) == Decimal(r["amount_rupees"])
    assert "##\\,##\\,##0.00" in sheet["D3"].number_format   # Excel shows lakhs as 1,00,000.00
    hours = sum(row[1] for row in book["By hour"].iter_rows(min_row=2, values_only=True))
    assert hours == int(total["credits"])
    page = viewer_http.get(f"{scenario.url}/collections?date_from={today}&date_to={today}", timeout=10).text
    assert f">{formatting.rupees(int(total['amount_paise']))}<" in page and "<svg" in page


def test_collections_of_another_day_are_empty_and_bad_dates_are_explained(scenario, viewer_http):
    answer = viewer_http.get(f"{scenario.url}/collections.csv?date_from=2020-01-01&date_to=2020-01-02", timeout=10)
    assert answer.text.strip().splitlines()[1:] == ["Total,,0,0.00,0"]
    bad = viewer_http.get(f"{scenario.url}/collections?date_from=yesterday", timeout=10)
    assert bad.status_code == 400 and "use YYYY-MM-DD" in bad.text
    swapped = viewer_http.get(f"{scenario.url}/collections?date_from=2026-02-02&date_to=2026-02-01", timeout=10)
    assert swapped.status_code == 400 and "swap them" in swapped.text
    for download in ("collections.csv", "collections.xlsx"):
        refused = viewer_http.get(f"{scenario.url}/{download}?date_from=2026-01-01&date_to=2027-06-01", timeout=10)
        assert refused.status_code == 400 and refused.text == "Choose at most 366 days."


def test_hourly_chart_puts_each_credit_in_its_local_hour(scenario):
    today = formatting.today(IST)
    start, end = formatting.day_bounds(today, today, IST)
    hours = scenario.server.store.hourly_credits(start, end, 330)
    rows = scenario.server.store.collections(start, end)
    assert sum(n for n, _ in hours.values()) == sum(r.credits for r in rows)
    assert sum(p for _, p in hours.values()) == sum(r.paise for r in rows)
    now_hour = clock.utc_now().astimezone(IST).hour
    assert max(hours, key=lambda h: hours[h][0]) in (now_hour, (now_hour - 1) % 24)
    chart = hourly_chart(hours)
    assert len(chart.bars) == 24 and max(b.height for b in chart.bars) > 0
    assert chart.bars[now_hour].height >= chart.bars[(now_hour + 12) % 24].height


def test_counters_page_puts_what_needs_attention_first(scenario, viewer_http):
    page = viewer_http.get(scenario.url + "/counters", timeout=10).text
    order = re.findall(r'data-counter="([A-Z0-9-]+)"', page)
    assert order == ["GAY-02", "SIL-03", "PAT-01"]
    gay = page[page.index('data-counter="GAY-02"'):page.index('data-counter="SIL-03"')]
    assert "1 rejection awaiting a supervisor" in gay and "1 receipt number missing" in gay
    sil = page[page.index('data-counter="SIL-03"'):page.index('data-counter="PAT-01"')]
    assert "silent for more than 30 min" in sil and "3 h ago" in sil
    pat = page[page.index('data-counter="PAT-01"'):]
    assert "fine" in pat and "Patna Sadar" in pat and ">6,250.14<" in pat


def test_counter_page_lists_the_rejection_and_the_gap_and_filters_the_ledger(scenario, viewer_http):
    page = viewer_http.get(scenario.url + "/counters/GAY-02", timeout=10).text
    assert "unknown_consumer" in page and "awaiting a supervisor" in page
    assert re.search(r'<ul class="gaps"><li>4</li></ul>', page)
    filtered = viewer_http.get(f"{scenario.url}/counters/GAY-02?consumer=1021-0000-0021", timeout=10).text
    ledger = filtered[filtered.index('id="ledger"'):filtered.index('id="rejections"')]
    assert ledger.count("/txn/") == 1 and "1,00,000.01" in ledger
    bad = html.unescape(viewer_http.get(f"{scenario.url}/counters/GAY-02?date_from=31-12-2026&status=lost",
                                        timeout=10).text)
    assert "use YYYY-MM-DD" in bad and "Status 'lost' is not one of" in bad


def test_a_resolution_in_the_journal_clears_the_rejection(tmp_path):
    from server.sqlite_store import SqliteStore

    store = SqliteStore(tmp_path)
    try:
        store.add_counter("C-1")
        conn = sqlite3.connect(store.path)
        conn.executemany("INSERT INTO rejections (counter_id, txn_id, receipt_seq, reason, at) VALUES (?, ?, ?, ?, ?)",
                         [("C-1", "t-1", 1, "unknown_consumer", "2026-12-01T00:00:00Z"),
                          ("C-1", "t-2", 2, "unknown_consumer", "2026-12-01T00:00:01Z")])
        conn.execute("INSERT INTO journal (counter_id, seq, at, kind, actor, ref, payload, prev_hash, hash, received_at) "
                     "VALUES ('C-1', 5, '2026-12-01T00:01:00Z', 'refunded', 'sup', 't-1', '{}', ?, ?, ?)",
                     ["0" * 64, "1" * 64, "2026-12-01T00:01:00Z"])
        conn.commit()
        conn.close()
        assert [r["awaiting"] for r in store.counter_rejections("C-1")] == [False, True]
        [overview] = store.counters_overview("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z")
        assert overview.rejections_awaiting == 1 and overview.last_receipt_seq == 2
    finally:
        store.close()


def test_consumer_page_shows_credits_from_every_counter_with_the_balance_after_each(scenario, viewer_http):
    credits = scenario.server.store.consumer_credits(scenario.shared_consumer)
    assert {c["counter_id"] for c in credits} == {"PAT-01", "SIL-03"}
    running = [c["balance_after_paise"] for c in credits]
    assert all(b - a == c["amount_paise"] for a, b, c in zip(running, running[1:], credits[1:]))
    page = viewer_http.get(f"{scenario.url}/consumer?no={scenario.shared_consumer}", timeout=10).text
    assert all(formatting.rupees(b) in page for b in running)
    unknown = viewer_http.get(f"{scenario.url}/consumer?no={UNKNOWN_CONSUMER}", timeout=10)
    assert unknown.status_code == 404 and f"No consumer {UNKNOWN_CONSUMER}" in unknown.text


def test_audit_page_lists_what_the_audit_command_prints(scenario, viewer_http):
    report = scenario.server.store.audit()
    page = viewer_http.get(scenario.url + "/audit", timeout=10).text
    for entry in report["counters"]:
        assert f'href="/counters/{entry["counter_id"]}"' in page
        for finding in entry["chain_findings"]:
            assert finding in page
    assert 'href="/counters/GAY-02#gaps">receipt numbers missing: 4<' in page


def test_contact_is_recorded_at_most_once_per_interval(tmp_path):
    from server.sqlite_store import SqliteStore

    store = SqliteStore(tmp_path)
    try:
        store.add_counter("C-1")
        recorder = ContactRecorder(store, every_s=3600)
        assert recorder.due("C-1")
        recorder.record("C-1")
        first = store.counters_overview("", "~")[0].last_contact_at
        assert not recorder.due("C-1")  # within the interval: no write asked for
        assert first and store.counters_overview("", "~")[0].last_contact_at == first
        again = ContactRecorder(store, every_s=0)
        assert again.due("C-1")
        again.record("C-1")
        assert store.counters_overview("", "~")[0].last_contact_at > first
    finally:
        store.close()


def test_an_api_call_is_the_counters_last_contact(scenario):
    before = {c.counter_id: c.last_contact_at for c in scenario.server.store.counters_overview("", "~")}
    answer = requests.get(scenario.url + "/api/v1/counters/me",
                          headers={"Authorization": f"Bearer {scenario.tokens['PAT-01']}"}, timeout=10)
    assert answer.status_code == 200 and before["PAT-01"]
    assert before["SIL-03"] < clock.to_iso(clock.utc_now() - dt.timedelta(hours=2))


def test_user_add_and_counter_office_from_the_command_line(tmp_path):
    def run(*argv: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "server", "--data-dir", str(tmp_path), *argv], input=stdin,
                              capture_output=True, text=True, timeout=60)

    done = run("user", "add", "--id", "asha", "--role", "admin", "--password-stdin",
               stdin="long enough pw\nlong enough pw\n")
    assert done.returncode == 0 and "asha added (admin)" in done.stdout
    differ = run("user", "add", "--id", "ravi", "--role", "viewer", "--password-stdin", stdin="one pass 123\ntwo\n")
    assert differ.returncode == 1 and "differ" in differ.stderr and "Traceback" not in differ.stderr
    short = run("user", "add", "--id", "ravi", "--role", "viewer", "--password-stdin", stdin="short\nshort\n")
    assert short.returncode == 1 and "10 to 1024 characters" in short.stderr
    again = run("user", "add", "--id", "asha", "--role", "viewer", "--password-stdin",
                stdin="long enough pw\nlong enough pw\n")
    assert again.returncode == 1 and "exists already" in again.stderr
    no_tty = run("user", "add", "--id", "ravi", "--role", "viewer")
    assert no_tty.returncode == 1 and "--password-stdin" in no_tty.stderr
    bad_role = run("user", "add", "--id", "ravi", "--role", "boss", "--password-stdin")
    assert bad_role.returncode == 2
    stored = sqlite3.connect(tmp_path / "server.sqlite3").execute("SELECT password_hash FROM web_users").fetchone()[0]
    assert stored.startswith("$argon2id$") and "long enough" not in stored
    added = run("counter", "add", "--counter-id", "mng-01", "--office", "  Mangal   Office ")
    assert added.returncode == 0
    office = sqlite3.connect(tmp_path / "server.sqlite3").execute("SELECT office FROM counters").fetchone()[0]
    assert office == "Mangal Office"
    revoked = run("counter", "revoke", "--counter-id", "MNG-01")
    assert revoked.returncode == 0
    logged = sqlite3.connect(tmp_path / "server.sqlite3").execute(
        "SELECT user_id, action, counter_id, at FROM admin_actions").fetchall()
    assert [(u.startswith("cli:"), a, c) for u, a, c, _ in logged] == [(True, "revoke", "MNG-01")] and logged[0][3]


def test_attention_order_weighs_journal_then_rejections_then_gaps_and_clocks_then_silence():
    from server.store import CounterOverview
    from server.web.audit_cache import AuditSnapshot
    from server.web.overview import build_rows

    now = clock.utc_now()
    long_ago = clock.to_iso(now - dt.timedelta(hours=5))
    recent = clock.to_iso(now - dt.timedelta(minutes=1))

    def counter(counter_id, *, contact=recent, awaiting=0, revoked=None):
        return CounterOverview(counter_id=counter_id, office=None, created_at=long_ago, last_contact_at=contact,
                               last_receipt_seq=1, credited_today=0, credited_today_paise=0,
                               rejections_awaiting=awaiting, key_registered_at=long_ago, key_retired_at=None,
                               revoked_at=revoked, token_rotated_at=None)

    report = {"counters": [
        {"counter_id": "J", "chain_findings": ["break: journal entry 3 does not match its hash"]},
        {"counter_id": "C", "clock_findings": ["t1: created_at ... ahead"], "clock_findings_total": 1},
        {"counter_id": "G", "receipt_gaps": ["5..7"], "receipt_numbers_missing": 3},
    ]}
    rows = build_rows([counter("S", contact=long_ago), counter("C"), counter("R", awaiting=2), counter("G"),
                       counter("J"), counter("X", contact=long_ago, revoked=long_ago), counter("N", contact=None)],
                      AuditSnapshot(report, now), silent_after=dt.timedelta(minutes=30), now=now)
    assert [r.counter.counter_id for r in rows] == ["J", "R", "C", "G", "N", "S", "X"]
    by_id = {r.counter.counter_id: r for r in rows}
    assert by_id["G"].missing_receipts == 3 and "3 receipt numbers missing" in by_id["G"].warnings
    assert not by_id["X"].silent and by_id["X"].token_state == "revoked"
    assert by_id["N"].warnings == ("no contact in 30 min since added",)


def test_an_office_name_never_becomes_a_spreadsheet_formula():
    from server.store import CollectionRow
    from server.web import exports

    rows = [CollectionRow(office='=HYPERLINK("http://x")', counter_id="C-1", credits=1, paise=100_00)]
    text = exports.collections_csv(rows).decode()
    assert "'=HYPERLINK" in text and "\r\nTotal,,1,100.00,10000\r\n" in text
    book = openpyxl.load_workbook(io.BytesIO(exports.collections_xlsx(rows, [(rows[0].office, 1, 100_00)], {}, "t")))
    assert book["By counter"]["A3"].value == "'=HYPERLINK(\"http://x\")" and book["By counter"]["A3"].data_type == "s"
    assert book["By office"]["A2"].data_type == "s"
