"""The operations pages in Debian's Chromium: what a supervisor does after an outage."""

from __future__ import annotations

import csv
import io
import urllib.parse
from pathlib import Path

from tests.web.conftest import VIEWER, VIEWER_PASSWORD


def sign_in(page, url: str, user_id: str, password: str) -> None:
    page.fill("#user_id", user_id)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_a_viewer_signs_in_reads_a_ledger_downloads_it_and_may_not_revoke(scenario, page):
    url = scenario.url
    # Not signed in: sent to the sign-in page, which remembers where we were going.
    page.goto(f"{url}/counters/GAY-02")
    assert urllib.parse.urlparse(page.url).path == "/"
    assert "next=%2Fcounters%2FGAY-02" in page.url and page.is_visible("#password")

    sign_in(page, url, VIEWER, "not the password")
    assert "wrong" in page.inner_text(".error")
    sign_in(page, url, VIEWER, VIEWER_PASSWORD)
    assert urllib.parse.urlparse(page.url).path == "/counters/GAY-02"

    page.click("text=Counters")
    rows = page.locator("#counters tbody tr")
    assert rows.count() == 3
    assert [rows.nth(i).get_attribute("data-counter") for i in range(3)] == ["GAY-02", "SIL-03", "PAT-01"]
    assert "silent" in rows.nth(1).inner_text()
    assert "rejection awaiting a supervisor" in rows.nth(0).inner_text()

    # A counter's ledger, filtered to what stands credited, then downloaded.
    rows.nth(0).locator("a").first.click()
    page.wait_for_load_state()
    assert "unknown_consumer" in page.inner_text("#rejections")
    page.select_option("select[name=status]", "credited")
    page.click("#ledger-filter button[type=submit]")
    page.wait_for_load_state()
    assert "status=credited" in page.url
    cells = page.locator("#ledger tbody td[data-paise]")
    shown = [int(cells.nth(i).get_attribute("data-paise")) for i in range(cells.count())]
    total = int(page.get_attribute("[data-total-paise]", "data-total-paise"))
    assert len(shown) == 4 and sum(shown) == total
    with page.expect_download() as download:
        page.click("#ledger-csv")
    lines = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert len(lines) == len(shown) and {line["status"] for line in lines} == {"credited"}
    assert sum(int(line["amount_paise"]) for line in lines) == total

    # An admin action as a viewer: the page offers none, and asking anyway is refused.
    assert page.locator("text=Revoke counter").count() == 0
    answer = page.goto(f"{url}/counters/PAT-01/revoke")
    assert answer.status == 403 and "Only an admin" in page.inner_text("main")
    csrf = page.get_attribute("input[name=csrf]", "value")
    refused = page.request.post(f"{url}/counters/PAT-01/revoke", form={"csrf": csrf, "confirm": "yes"})
    assert refused.status == 403
    assert scenario.server.store.admin_actions() == []

    # Collections: the downloaded figures are the page's figures.
    page.click("text=Collections")
    page.wait_for_load_state()
    assert page.locator("svg rect.bar").count() == 24
    with page.expect_download() as download:
        page.click("#collections-csv")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert rows[-1]["office"] == "Total"
    assert page.inner_text("#total-rupees").replace(",", "") == rows[-1]["amount_rupees"]

    # Sign out: the pages are closed again.
    page.click("text=Sign out")
    page.wait_for_load_state()
    page.goto(f"{url}/collections")
    assert urllib.parse.urlparse(page.url).path == "/"


def test_pages_fit_a_phone_screen(scenario, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(scenario.url + "/")
    sign_in(page, scenario.url, VIEWER, VIEWER_PASSWORD)
    for path in ("/counters", "/counters/GAY-02", "/collections", f"/consumer?no={scenario.shared_consumer}",
                 "/audit"):
        page.goto(scenario.url + path)
        # Neither the page nor any table needs sideways scrolling: tables turn into cards.
        overflow = page.evaluate("""Math.max(document.documentElement.scrollWidth - document.documentElement.clientWidth,
            ...Array.from(document.querySelectorAll('.table-wrap'), e => e.scrollWidth - e.clientWidth))""")
        assert overflow <= 0, f"{path} is {overflow}px wider than a phone"
