"""Screenshots of the operations pages in Debian's Chromium, into docs/screenshots/ops-*.png.

    .venv/bin/python scripts/page_screenshots.py

The data is the browser tests' scenario (tests/web/conftest.py): three counters that synced
to a real server on loopback, one silent, one with a rejection and a receipt gap.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.web.conftest import ADMIN, ADMIN_PASSWORD, CHROMIUM, CHROMIUM_ARGS, build_scenario  # noqa: E402

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        scenario = build_scenario(Path(tmp) / "data")
        url = scenario.url
        try:
            with sync_playwright() as playwright:
                context = playwright.chromium.launch_persistent_context(
                    str(Path(tmp) / "profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
                    viewport=DESKTOP)
                page = context.new_page()
                page.goto(url + "/")
                page.screenshot(path=str(OUT / "ops-signin.png"))
                page.fill("#user_id", ADMIN)
                page.fill("#password", ADMIN_PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_load_state()
                shots = [("ops-counters", "/counters"), ("ops-counter", "/counters/GAY-02"),
                         ("ops-collections", "/collections"), ("ops-consumer", f"/consumer?no={scenario.shared_consumer}"),
                         ("ops-audit", "/audit"), ("ops-revoke-confirm", "/counters/SIL-03/revoke")]
                for name, path in shots:
                    page.goto(url + path)
                    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
                page.goto(url + "/counters/PAT-01")
                page.click("#ledger tbody tr.status-reversed a")   # the voided one: its void is linked
                page.wait_for_load_state()
                page.screenshot(path=str(OUT / "ops-transaction.png"), full_page=True)
                page.set_viewport_size(PHONE)
                for name, path in (("ops-phone-counters", "/counters"), ("ops-phone-counter", "/counters/GAY-02")):
                    page.goto(url + path)
                    page.screenshot(path=str(OUT / f"{name}.png"))
                context.close()
        finally:
            scenario.server.stop()
    for png in sorted(OUT.glob("ops-*.png")):
        print(f"{png.relative_to(ROOT)}  {png.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
