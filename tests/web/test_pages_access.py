"""Who may see and do what on the operations pages, over real HTTP to the real server."""

from __future__ import annotations

import logging
import re

import pytest
import requests

from server.web.settings import WebSettings
from tests.server_fixture import ServerThread
from tests.web.conftest import ADMIN, ADMIN_PASSWORD, VIEWER, VIEWER_PASSWORD, sign_in

PAGES = ["/counters", "/counters/PAT-01", "/counters/PAT-01/ledger.csv", "/collections", "/collections.csv",
         "/collections.xlsx", "/consumer", "/audit", "/counters/PAT-01/revoke", "/counters/PAT-01/rotate-token"]


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


@pytest.fixture
def fresh(tmp_path):
    """A server of its own, for tests that change counters or users."""
    running = ServerThread(tmp_path / "srv", consumers=0)
    from server.web import access

    access.add_user(running.store, ADMIN, "admin", ADMIN_PASSWORD)
    access.add_user(running.store, VIEWER, "viewer", VIEWER_PASSWORD)
    yield running
    running.stop()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_redirects_to_sign_in_without_a_session(scenario, path):
    answer = requests.get(scenario.url + path, allow_redirects=False, timeout=10)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/?next=")
    assert "Rs" not in answer.text and "PAT-01" not in answer.text


def test_a_forged_or_old_cookie_is_not_a_session(scenario):
    answer = requests.get(scenario.url + "/counters", cookies={"counter_session": "made-up"}, allow_redirects=False,
                          timeout=10)
    assert answer.status_code == 303


def test_sign_in_sets_a_strict_httponly_cookie_and_goes_where_asked(scenario):
    session = requests.Session()
    answer = session.post(scenario.url + "/signin", data={"user_id": VIEWER, "password": VIEWER_PASSWORD,
                                                          "next": "/audit"}, allow_redirects=False, timeout=10)
    cookie = answer.headers["set-cookie"]
    assert answer.status_code == 303 and answer.headers["location"] == "/audit"
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie
    assert session.get(scenario.url + "/audit", timeout=10).status_code == 200


@pytest.mark.parametrize("headers", [{"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
                                     {"Origin": "null"}])
def test_a_sign_in_posted_from_another_site_is_refused(scenario, headers):
    """Login CSRF: another site's page must not sign this browser in (as the attacker, to see what it does)."""
    answer = requests.post(scenario.url + "/signin", data={"user_id": VIEWER, "password": VIEWER_PASSWORD},
                           headers=headers, allow_redirects=False, timeout=10)
    assert answer.status_code == 403 and "set-cookie" not in answer.headers
    assert "another site" in answer.text


def test_a_sign_in_from_this_server_s_own_page_is_taken(scenario):
    host = scenario.url.split("://", 1)[1]
    for headers in ({"Origin": scenario.url, "Sec-Fetch-Site": "same-origin"},
                    {"Origin": "https://" + host},  # behind a TLS proxy that passes the Host on
                    {}):                             # no browser: a script, an old client
        answer = requests.post(scenario.url + "/signin", data={"user_id": VIEWER, "password": VIEWER_PASSWORD},
                               headers=headers, allow_redirects=False, timeout=10)
        assert answer.status_code == 303 and "counter_session=" in answer.headers["set-cookie"], headers


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_sign_in_never_redirects_off_the_server(scenario, target):
    answer = requests.post(scenario.url + "/signin", data={"user_id": VIEWER, "password": VIEWER_PASSWORD,
                                                           "next": target}, allow_redirects=False, timeout=10)
    assert answer.headers["location"] == "/counters"


def test_cookie_is_secure_behind_tls_only_when_the_proxy_is_trusted(tmp_path):
    def cookie_for(settings: WebSettings) -> str:
        running = ServerThread(tmp_path / f"s{len(settings.trusted_proxies)}{settings.secure_cookies}", consumers=0,
                               web=settings)
        try:
            from server.web import access

            access.add_user(running.store, VIEWER, "viewer", VIEWER_PASSWORD)
            return requests.post(running.url + "/signin", data={"user_id": VIEWER, "password": VIEWER_PASSWORD},
                                 headers={"X-Forwarded-Proto": "https"}, allow_redirects=False,
                                 timeout=10).headers["set-cookie"]
        finally:
            running.stop()

    assert "Secure" not in cookie_for(WebSettings())                                   # header from anyone
    assert "Secure" in cookie_for(WebSettings(trusted_proxies=frozenset({"127.0.0.1"})))
    assert "Secure" in cookie_for(WebSettings(secure_cookies=True))


def test_wrong_passwords_lock_the_user_as_wrong_pins_do(fresh):
    for attempt in range(4):
        answer = requests.post(fresh.url + "/signin", data={"user_id": VIEWER, "password": "wrong password"},
                               timeout=10)
        assert answer.status_code == 401 and "wrong" in answer.text
    answer = requests.post(fresh.url + "/signin", data={"user_id": VIEWER, "password": "wrong password"}, timeout=10)
    assert "now locked for 5 minutes" in answer.text
    answer = requests.post(fresh.url + "/signin", data={"user_id": VIEWER, "password": VIEWER_PASSWORD},
                           allow_redirects=False, timeout=10)
    assert answer.status_code == 401 and "is locked" in answer.text and "set-cookie" not in answer.headers
    # An unknown user gets the same sentence as a wrong password.
    answer = requests.post(fresh.url + "/signin", data={"user_id": "nobody", "password": "x" * 12}, timeout=10)
    assert answer.status_code == 401 and "The user id or the password is wrong." in answer.text


def test_sign_out_ends_the_session_on_the_server(fresh):
    session = sign_in(fresh.url, VIEWER, VIEWER_PASSWORD)
    stolen = dict(session.cookies)
    csrf = csrf_of(session.get(fresh.url + "/counters", timeout=10).text)
    session.post(fresh.url + "/signout", data={"csrf": csrf}, timeout=10)
    again = requests.get(fresh.url + "/counters", cookies=stolen, allow_redirects=False, timeout=10)
    assert again.status_code == 303


def test_a_viewer_can_neither_see_nor_do_admin_actions(fresh):
    token = fresh.store.add_counter("MNG-01", office="Mangal")
    viewer = sign_in(fresh.url, VIEWER, VIEWER_PASSWORD)
    csrf = csrf_of(viewer.get(fresh.url + "/counters", timeout=10).text)
    page = viewer.get(fresh.url + "/counters/MNG-01", timeout=10).text
    assert "Revoke counter" not in page and "Rotate token" not in page
    for action in ("revoke", "rotate-token"):
        assert viewer.get(f"{fresh.url}/counters/MNG-01/{action}", timeout=10).status_code == 403
        refused = viewer.post(f"{fresh.url}/counters/MNG-01/{action}", data={"csrf": csrf, "confirm": "yes"},
                              timeout=10)
        assert refused.status_code == 403 and "Only an admin" in refused.text
    me = requests.get(fresh.url + "/api/v1/counters/me", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert me.status_code == 200 and fresh.store.admin_actions() == []


def test_admin_revoke_needs_the_csrf_token_and_a_confirmation_and_is_logged(fresh, caplog):
    token = fresh.store.add_counter("MNG-01")
    auth = {"Authorization": f"Bearer {token}"}
    admin = sign_in(fresh.url, ADMIN, ADMIN_PASSWORD)
    form = admin.get(fresh.url + "/counters/MNG-01/revoke", timeout=10)
    assert form.status_code == 200 and 'name="confirm"' in form.text
    csrf = csrf_of(form.text)
    assert admin.post(fresh.url + "/counters/MNG-01/revoke", data={"confirm": "yes"}, timeout=10).status_code == 400
    assert admin.post(fresh.url + "/counters/MNG-01/revoke", data={"csrf": "forged", "confirm": "yes"},
                      timeout=10).status_code == 400
    assert admin.post(fresh.url + "/counters/MNG-01/revoke", data={"csrf": csrf}, timeout=10).status_code == 400
    assert requests.get(fresh.url + "/api/v1/counters/me", headers=auth, timeout=10).status_code == 200
    with caplog.at_level(logging.WARNING, logger="server.web.admin_pages"):
        done = admin.post(fresh.url + "/counters/MNG-01/revoke", data={"csrf": csrf, "confirm": "yes"}, timeout=10)
    assert done.status_code == 200 and "is revoked" in done.text
    assert requests.get(fresh.url + "/api/v1/counters/me", headers=auth, timeout=10).status_code == 401
    [logged] = fresh.store.admin_actions("MNG-01")
    assert logged["user_id"] == ADMIN and logged["action"] == "revoke" and logged["at"]
    assert any("admin action: revoke by ravi on counter MNG-01" in r.getMessage() for r in caplog.records)
    assert "token revoked" in admin.get(fresh.url + "/counters", timeout=10).text


def test_rotated_token_is_shown_once_to_the_admin_and_never_logged(fresh, caplog):
    old = fresh.store.add_counter("MNG-02")
    admin = sign_in(fresh.url, ADMIN, ADMIN_PASSWORD)
    csrf = csrf_of(admin.get(fresh.url + "/counters/MNG-02/rotate-token", timeout=10).text)
    with caplog.at_level(logging.DEBUG):
        page = admin.post(fresh.url + "/counters/MNG-02/rotate-token", data={"csrf": csrf, "confirm": "yes"},
                          timeout=10)
    new = re.search(r'id="new-token">([^<]+)<', page.text).group(1)
    assert page.headers["cache-control"] == "no-store" and len(new) >= 40
    assert requests.get(fresh.url + "/api/v1/counters/me", headers={"Authorization": f"Bearer {old}"},
                        timeout=10).status_code == 401
    assert requests.get(fresh.url + "/api/v1/counters/me", headers={"Authorization": f"Bearer {new}"},
                        timeout=10).status_code == 200
    assert all(new not in r.getMessage() for r in caplog.records)
    assert all(new not in str(a) for a in fresh.store.admin_actions())
    later = admin.get(fresh.url + "/counters/MNG-02", timeout=10).text
    assert new not in later and "rotated" in later


def test_pages_never_show_a_token_key_or_signature(scenario, admin_http):
    urls = ["/counters", "/audit", "/collections", f"/consumer?no={scenario.shared_consumer}"]
    for counter_id in scenario.tokens:
        urls += [f"/counters/{counter_id}", f"/counters/{counter_id}/ledger.csv"]
        ledger = admin_http.get(f"{scenario.url}/counters/{counter_id}", timeout=10).text
        urls += re.findall(r'href="(/counters/[A-Z0-9-]+/txn/[^"]+)"', ledger)
    assert len(urls) > 20
    secrets = [*scenario.tokens.values(), *scenario.signatures]
    for url in urls:
        text = admin_http.get(scenario.url + url, timeout=10).text
        assert "BEGIN PUBLIC KEY" not in text and "BEGIN PRIVATE KEY" not in text, url
        assert not [s for s in secrets if s in text], url


def test_pages_allow_no_other_origin_and_no_framing(scenario, viewer_http):
    headers = viewer_http.get(scenario.url + "/counters", timeout=10).headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY" and headers["cache-control"] == "no-store"
