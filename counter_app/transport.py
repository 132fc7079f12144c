"""Talking HTTP to our server: the session, one request, and every failure as a sentence.

Nothing here reads or writes the database, so the send loop (``sync``) can
run a request on another thread. A failure is a :class:`Failure`: the sentence
for the cashier plus what the send loop needs to know (did the request surely
never reach the server? did the server ask us to wait?).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import orjson
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from counter_app import __version__, backoff, clock
from counter_app.errors import KnownError
from counter_app.i18n import _

API = "/api/v1"
# Asks the server for one signature over the whole batch answer (``evidence_batch``) instead of one per result.
EVIDENCE_HEADER = "X-Counter-Evidence"
# Sent on a batch that leaves while the batch before it is still on its way: that batch's last journal
# seq. The server applies it after that one (server/batch_order.py).
FOLLOWS_HEADER = "X-Counter-Follows"


class ServerUnavailable(KnownError):
    """The server could not be reached or did not answer usefully."""


@dataclass(frozen=True)
class Failure:
    sentence: str
    retry_after_s: float | None = None
    not_sent: bool = False             # surely never reached the server
    key_missing: bool = False


@dataclass(frozen=True)
class Endpoint:
    """Where and as whom to talk: read from the database once, then used on any thread."""
    counter_id: str
    server_url: str
    token: str | None


class _Session(requests.Session):
    """A session that reads the environment's proxy and CA-bundle settings once per server.

    requests reads them on every request (the proxy variables twice), about 0.1 ms
    each time here; a counter talks to one server, and its environment does not
    change while it runs. ``~/.netrc`` is not read at all: requests would put its
    password in the Authorization header in place of the counter's token.
    """

    def __init__(self) -> None:
        super().__init__()
        self.trust_env = False  # the environment is read here instead (below), netrc never
        self._environment: dict[tuple[str, str], tuple[dict[str, str], str | None]] = {}

    def merge_environment_settings(self, url: str, proxies: Any, stream: Any, verify: Any, cert: Any) -> dict:
        origin = tuple(urlsplit(url)[:2])
        if origin not in self._environment:
            bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
            self._environment[origin] = requests.utils.get_environ_proxies(url), bundle
        found, bundle = self._environment[origin]
        proxies = {**found, **(proxies or {})}
        if (verify is True or verify is None) and bundle:
            verify = bundle
        return super().merge_environment_settings(url, proxies, stream, verify, cert)


def make_session() -> requests.Session:
    """A session whose transport retries only what is safe to retry.

    urllib3 retries failed connects (nothing was sent) and GETs; it never
    resends a POST whose request may have reached the server, and it does not
    retry on status codes: our own backoff, which honours Retry-After, does.
    """
    session = _Session()
    retry = Retry(total=2, connect=2, read=0, status=0, other=0, redirect=0, allowed_methods=frozenset({"GET"}),
                  backoff_factor=0.2, raise_on_status=False, respect_retry_after_header=False)
    adapter = HTTPAdapter(max_retries=retry, pool_connections=2, pool_maxsize=4)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = f"counter-app/{__version__}"
    return session


def request(session: requests.Session, where: Endpoint, method: str, path: str, *, body: Any = None,
            raw: bytes | None = None, params: dict | None = None,
            timeouts: tuple[float, float], headers: dict[str, str] | None = None) -> requests.Response:
    """One HTTP call to our server; exceptions from requests pass through."""
    data = raw if body is None else json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {"Content-Type": "application/json", **(headers or {})}
    if where.token:
        headers["Authorization"] = f"Bearer {where.token}"
    return session.request(method, f"{where.server_url}{API}{path}", data=data, params=params,
                           headers=headers, timeout=timeouts)


def offset(server_time: Any, sent: float, received: float) -> float | None:
    """Server clock minus ours, measured at the middle of the round trip."""
    if not isinstance(server_time, str):
        return None
    try:
        theirs = clock.parse_iso(server_time).timestamp()
    except ValueError:
        return None
    return round(theirs - (sent + received) / 2, 3)


def server_message(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get("message", ""))[:300] if isinstance(body, dict) else ""


def describe_exception(where: Endpoint, exc: requests.RequestException) -> Failure:
    url = where.server_url
    if isinstance(exc, requests.ConnectTimeout):
        return Failure(_("The server {url} did not accept a connection in time; the network may be down. "
                         "Recharges stay queued and are sent when it answers.").format(url=url), not_sent=True)
    if isinstance(exc, requests.ReadTimeout):
        return Failure(_("The server {url} did not answer in time. The transactions will be sent again; any it "
                         "already has are settled as duplicates.").format(url=url))
    if isinstance(exc, requests.ConnectionError):
        text = str(exc)
        refused = "NewConnectionError" in text or "Failed to establish" in text or "Name or service" in text
        if refused:
            return Failure(_("Cannot reach the server {url} (no connection). Recharges stay queued and are "
                             "sent when it is reachable; check the network cable or Wi-Fi.").format(
                                 url=url), not_sent=True)
        return Failure(_("The connection to {url} broke before the answer came. The transactions will be sent "
                         "again; any the server already has are settled as duplicates.").format(url=url))
    return Failure(_("Talking to the server {url} failed ({error}). Recharges stay queued.").format(
        url=url, error=type(exc).__name__))


def describe_status(where: Endpoint, response: requests.Response) -> Failure:
    code = response.status_code
    said = server_message(response)
    retry_after = backoff.parse_retry_after(response.headers.get("Retry-After"), now=clock.utc_now())
    if code == 429:
        return Failure(_("The server is busy and asked us to wait; recharges stay queued."), retry_after, True)
    if code == 503:
        return Failure(_("The server is down for maintenance; recharges stay queued and are sent when it is "
                         "back."), retry_after, True)
    if code >= 500:
        return Failure(_("The server had an internal error (HTTP {code}). The transactions will be sent again; "
                         "any it already has are settled as duplicates.").format(code=code), retry_after)
    if code == 401:
        return Failure(_("The server does not accept this counter's token. Ask the server administrator for "
                         "counter {counter_id}'s token and run 'counter-app setup --counter-id {counter_id} "
                         "--server {server_url} --token-stdin' with it.").format(
                             counter_id=where.counter_id, server_url=where.server_url), not_sent=True)
    if code == 409 and "key_not_registered" in response.text:
        return Failure(_("The server does not have this counter's key yet; it will be registered on the next "
                         "try."), not_sent=True, key_missing=True)
    return Failure(_("The server refused the request (HTTP {code}: {value}). Recharges stay queued; report "
                     "this to IT.").format(code=code, value=said or 'no reason given'), retry_after, not_sent=True)


def not_our_api(where: Endpoint) -> Failure:
    return Failure(_("The server {server_url} answered something that is not our API. The transactions will be "
                     "sent again.").format(server_url=where.server_url))


def post_batch(session: requests.Session, where: Endpoint, body: bytes,
               timeouts: tuple[float, float], *, follows: int | None = None) -> tuple[Failure | None, dict]:
    """Send one batch and read its answer. Runs on a sending thread: no database here.

    ``follows``: the last journal seq of this counter's batch still on its way, when this one is sent
    before that one's answer.
    """
    sent_at = time.time()
    headers = {EVIDENCE_HEADER: "batch", **({FOLLOWS_HEADER: str(follows)} if follows is not None else {})}
    try:
        response = request(session, where, "POST", "/recharges/batch", raw=body, timeouts=timeouts,
                           headers=headers)
        if response.status_code != 200:
            return describe_status(where, response), {}
        answer = orjson.loads(response.content)  # a thousand results: several times faster than json
    except requests.RequestException as exc:
        return describe_exception(where, exc), {}
    except ValueError:
        return not_our_api(where), {}
    if not isinstance(answer, dict) or not isinstance(answer.get("results"), list):
        return Failure(_("The server's answer had no results; the transactions will be sent again.")), {}
    answer["results"] = [r for r in answer["results"] if isinstance(r, dict)]
    answer["offset"] = offset(answer.get("server_time"), sent_at, time.time())
    return None, answer
