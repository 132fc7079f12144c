"""Bad input of every kind to every endpoint: always a 4xx with a clear body, never a 500, never a write.

Hypothesis generates arbitrary JSON, mutations of a valid signed batch (a field
replaced, removed or added), raw bytes, odd paths and query strings.
"""

from __future__ import annotations

import copy
import json
import urllib.parse

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app import counter, outbox, signing
from counter_app.sync import SyncClient
from tests.server_fixture import ADMIN_TOKEN, BOTH_STORES, ledger, new_counter, take

SERVER_STORES = BOTH_STORES  # every test here runs on SQLite and on PostgreSQL

API = "/api/v1"
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def setup(server, counter_template, tmp_path_factory):
    server.set_faults()
    db, token = new_counter(counter_template, tmp_path_factory.mktemp("fuzz") / "c", server)
    assert SyncClient(db).register_key() is None
    take(db, 2)
    me = counter.load(db)
    items, _ = outbox.next_due(db, 10)
    for item in items:
        item["signature"] = signing.sign_object(me.private_key(), item)
    yield {"db": db, "token": token, "counter_id": me.counter_id, "items": items, "pem": me.public_key_pem}
    db.close()


def _send(server, method: str, path: str, *, token: str | None, body: bytes | None = None,
          params: dict | None = None, content_type: str = "application/json") -> requests.Response:
    headers = {"Content-Type": content_type}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return requests.request(method, f"{server.url}{path}", data=body, params=params, headers=headers, timeout=10)


def _check(response: requests.Response, setup: dict, server) -> None:
    assert response.status_code < 500, (response.status_code, response.text[:300])
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body.get("error"), str) and isinstance(body.get("message"), str) and body["message"]
    assert ledger(server, setup["counter_id"]) == {}, "bad input must never credit anything"


def _dumps(value) -> bytes:
    return json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass")


ENDPOINTS = [("POST", f"{API}/recharges/batch"), ("POST", f"{API}/counters/me/key"), ("PUT", f"{API}/admin/faults"),
             ("GET", f"{API}/health"), ("GET", f"{API}/consumers"), ("GET", f"{API}/admin/faults"),
             ("GET", f"{API}/counters/me")]


@FUZZ
@given(endpoint=st.sampled_from(ENDPOINTS), value=json_values, admin=st.booleans())
def test_arbitrary_json_to_every_endpoint(server, setup, endpoint, value, admin):
    method, path = endpoint
    token = ADMIN_TOKEN if admin and "admin" in path else setup["token"]
    response = _send(server, method, path, token=token, body=_dumps(value))
    _check(response, setup, server)
    if "admin" in path:
        server.set_faults()  # a valid fault setting from the fuzzer must not disturb later examples


def _mutate(data, draw_path, new_value, action):
    target = data
    for key in draw_path[:-1]:
        target = target[key]
    last = draw_path[-1]
    if action == "replace":
        target[last] = new_value
    elif action == "delete" and isinstance(target, dict):
        target.pop(last, None)
    elif isinstance(target, dict):
        target[f"unknown_{last}"] = new_value
    return data


FIELDS = ["txn_id", "kind", "ref_txn_id", "counter_id", "receipt_no", "receipt_seq", "consumer_no", "amount_paise",
          "created_at", "signature", "journal"]
JOURNAL_FIELDS = ["seq", "at", "kind", "actor", "ref", "payload", "prev_hash", "hash"]


@FUZZ
@given(field=st.sampled_from(FIELDS + [f"journal.{f}" for f in JOURNAL_FIELDS]),
       action=st.sampled_from(["replace", "delete", "add"]), value=json_values,
       surrogate=st.booleans())
def test_mutated_batches_are_refused_cleanly(server, setup, field, action, value, surrogate):
    batch = {"items": copy.deepcopy(setup["items"][:1]), "journal": []}
    if surrogate:
        value = "\ud800" + str(value)
    path = ["items", 0, *field.split(".")]
    body = _dumps(_mutate(batch, path, value, action))
    response = _send(server, "POST", f"{API}/recharges/batch", token=setup["token"], body=body)
    _check(response, setup, server)
    if response.status_code == 200:  # still well-formed: the signature no longer matches
        assert response.json()["results"][0]["status"] == "rejected"


@FUZZ
@given(raw=st.binary(max_size=200), content_type=st.sampled_from(["application/json", "text/plain", "",
                                                                  "application/x-www-form-urlencoded"]),
       endpoint=st.sampled_from(ENDPOINTS))
def test_raw_bytes_are_refused_cleanly(server, setup, raw, content_type, endpoint):
    method, path = endpoint
    _check(_send(server, method, path, token=setup["token"], body=raw, content_type=content_type), setup, server)


@FUZZ
@given(segment=st.text(max_size=80), since=st.text(max_size=30), limit=st.text(max_size=30),
       token=st.sampled_from([None, "wrong", "ok"]))
def test_paths_queries_and_tokens(server, setup, segment, since, limit, token):
    quoted = urllib.parse.quote(segment.encode("utf-8", "surrogatepass"), safe="")
    token = setup["token"] if token == "ok" else token
    for path in (f"{API}/recharges/{quoted}", f"{API}/consumers/{quoted}"):
        _check(_send(server, "GET", path, token=token), setup, server)
    _check(_send(server, "GET", f"{API}/consumers", token=token, params={"since": since, "limit": limit}),
           setup, server)
    _check(_send(server, "GET", f"{API}/counters/me", token=token), setup, server)


def test_huge_and_deep_bodies(server, setup):
    token = setup["token"]
    huge = b'{"items": [' + b'"x",' * 3_000_000 + b'"x"]}'
    answer = _send(server, "POST", f"{API}/recharges/batch", token=token, body=huge)
    assert answer.status_code == 413 and answer.json()["error"] == "body_too_large"
    deep = b"[" * 200_000 + b"]" * 200_000
    _check(_send(server, "POST", f"{API}/recharges/batch", token=token, body=deep), setup, server)
    many = {"items": [setup["items"][0]] * 1001, "journal": []}
    too_many = _send(server, "POST", f"{API}/recharges/batch", token=token, body=_dumps(many))
    assert too_many.status_code == 422
    _check(too_many, setup, server)
    for method in ("DELETE", "PATCH", "PUT"):
        _check(_send(server, method, f"{API}/recharges/batch", token=token, body=b"{}"), setup, server)


def test_a_refused_batch_writes_nothing_even_when_most_items_are_good(server, setup):
    items = copy.deepcopy(setup["items"])
    items[1]["receipt_seq"] = "2"  # a string where an integer belongs: the whole request is refused
    answer = _send(server, "POST", f"{API}/recharges/batch", token=setup["token"],
                   body=_dumps({"items": items, "journal": []}))
    assert answer.status_code == 422 and "receipt_seq" in answer.json()["message"]
    _check(answer, setup, server)
