"""The operations pages' scenario: a real server on loopback with three real counters that synced to it.

- PAT-01 (Patna Sadar): six recharges, all credited; one voided afterwards.
- GAY-02 (Gaya Town): a recharge for a consumer the server does not know (rejected, awaiting a
  supervisor) and a receipt number that never arrived (the gap: receipt 4 is still on the counter).
- SIL-03 (Patna Sadar): two recharges, then silence: its last call was three hours ago.
Users: ``ravi`` (admin) and ``meena`` (viewer).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from counter_app import clock, connection, counter, keystore, outbox
from counter_app.sync import SyncClient
from server.web import access
from tests.server_fixture import ServerThread, build_template, consumer_numbers, queue_void, take

ADMIN, ADMIN_PASSWORD = "ravi", "admin password 1"
VIEWER, VIEWER_PASSWORD = "meena", "viewer password 1"
UNKNOWN_CONSUMER = "100099999999"


@dataclass(frozen=True)
class Scenario:
    server: ServerThread
    tokens: dict[str, str]          # counter id -> its API token (never on a page)
    signatures: list[str]           # every signature the counters sent (never on a page)
    shared_consumer: str            # has credits from PAT-01 and SIL-03

    @property
    def url(self) -> str:
        return self.server.url


def _send_only(server: ServerThread, db, token: str, skip_seq: int) -> None:
    """Send the counter's open messages, signed when the money was taken, except receipt ``skip_seq``."""
    messages, _ = outbox.next_signed(db, 1000)
    items = [json.loads(m.wire()) for m in messages]
    items = [item for item in items if item["receipt_seq"] != skip_seq]
    answer = requests.post(f"{server.url}/api/v1/recharges/batch", json={"items": items, "journal": []},
                           headers={"Authorization": f"Bearer {token}"}, timeout=10)
    answer.raise_for_status()


def add_counter_pc(template: Path, target: Path, server: ServerThread, counter_id: str, token: str):
    """A counter PC set up against ``server`` with a token the server issued."""
    shutil.copytree(template, target)
    db = connection.open_counter_db(target)
    counter.setup(db, counter_id=counter_id, server_url=server.url, token=token)
    keystore.pin_server_key(target, server.key.public_key_pem)  # what 'setup --server-key-file' does
    return db


def _signatures(server: ServerThread) -> list[str]:
    return [row[0] for row in server.sql("SELECT signature FROM transactions")]


def build_scenario(root: Path, database: str | None = None) -> Scenario:
    server = ServerThread(root / "server", database=database)
    template = build_template(root / "template")
    tokens, shared = {}, consumer_numbers(3)[2]
    for counter_id, office in (("PAT-01", "Patna Sadar"), ("GAY-02", "Gaya Town"), ("SIL-03", "Patna Sadar")):
        token = server.store.add_counter(counter_id, office=office)   # what `counter add --office` does
        db = add_counter_pc(template, root / counter_id, server, counter_id, token)
        tokens[counter_id] = token
        if counter_id == "PAT-01":
            taken = take(db, 6, amount_paise=1_250_00)
            SyncClient(db).sync_once()
            queue_void(db, taken[1])
            SyncClient(db).sync_once()
        elif counter_id == "GAY-02":
            take(db, 2, amount_paise=49_950, start=10)
            take(db, 1, amount_paise=300_00, consumer_no=UNKNOWN_CONSUMER)
            SyncClient(db).sync_once()
            take(db, 3, amount_paise=1_00_000_00, start=20)   # receipts 4, 5, 6 of Rs 1,00,000.xx
            _send_only(server, db, token, skip_seq=4)
        else:
            take(db, 2, amount_paise=500_00, consumer_no=shared)
            SyncClient(db).sync_once()
            three_hours_ago = clock.to_iso(clock.utc_now() - dt.timedelta(hours=3))
            server.sql("UPDATE counters SET last_contact_at = ? WHERE counter_id = ?", [three_hours_ago, counter_id])
        db.close()
    access.add_user(server.store, ADMIN, "admin", ADMIN_PASSWORD)
    access.add_user(server.store, VIEWER, "viewer", VIEWER_PASSWORD)
    return Scenario(server=server, tokens=tokens, signatures=_signatures(server), shared_consumer=shared)


@pytest.fixture(scope="session")
def scenario(tmp_path_factory: pytest.TempPathFactory):
    built = build_scenario(tmp_path_factory.mktemp("ops-pages"))
    yield built
    built.server.stop()


def sign_in(url: str, user_id: str, password: str) -> requests.Session:
    session = requests.Session()
    answer = session.post(f"{url}/signin", data={"user_id": user_id, "password": password, "next": "/counters"},
                          allow_redirects=False, timeout=10)
    assert answer.status_code == 303, answer.text
    return session


@pytest.fixture
def admin_http(scenario: Scenario) -> requests.Session:
    return sign_in(scenario.url, ADMIN, ADMIN_PASSWORD)


@pytest.fixture
def viewer_http(scenario: Scenario) -> requests.Session:
    return sign_in(scenario.url, VIEWER, VIEWER_PASSWORD)


CHROMIUM = "/usr/bin/chromium"
# Chromium as root in a container: no sandbox, no GPU, nothing that calls home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps"]


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory):
    """One Debian Chromium for the whole session, driven by Playwright (which never downloads a browser here)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: ./dev.sh setup installs the chromium package")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        # A persistent context on a fresh folder is Chromium's --user-data-dir, so nothing is shared with
        # any other Chromium on the machine.
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, accept_downloads=True,
            viewport={"width": 1366, "height": 768})
        yield context
        context.close()


@pytest.fixture
def page(browser):
    """A fresh tab with no cookies."""
    browser.clear_cookies()
    tab = browser.new_page()
    yield tab
    tab.close()
