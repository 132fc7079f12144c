"""Issue 12 items 5, 7, 8 and 14, server side: auth before the body, revoking counters, secrets in files."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counter_app import counter, outbox, signing, transfer
from counter_app.sync import SyncClient
from server.cli import main as server_main
from server.server_key import load_or_create
from tests.server_fixture import BOTH_STORES, take

SERVER_STORES = BOTH_STORES  # every test here runs on SQLite and on PostgreSQL

ROOT = Path(__file__).resolve().parents[1]
API = "/api/v1"


def server_cli(store_args: list[str], *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = server_main([*store_args, *args])
    return code, out.getvalue(), err.getvalue()


def raw_request(url: str, head: str, body_prefix: bytes = b"") -> str:
    """Send request headers (and the start of a body), then read the status line the server answers."""
    where = urlsplit(url)
    with socket.create_connection((where.hostname, where.port), timeout=10) as sock:
        sock.sendall(head.encode("latin-1") + body_prefix)
        data = b""
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    return data.split(b"\r\n", 1)[0].decode("latin-1")


def test_a_huge_body_without_a_token_gets_401_before_it_is_read(server, no_faults):
    size = 50 * 1024 * 1024
    head = (f"POST {API}/recharges/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {size}\r\n\r\n")
    assert raw_request(server.url, head, b"{" + b" " * 1_000_000).split(" ")[1] == "401"
    # Told to wait for "100 Continue", a client never has to send the body at all.
    expect = head.replace("\r\n\r\n", "\r\nExpect: 100-continue\r\n\r\n")
    assert raw_request(server.url, expect).split(" ")[1] == "401"
    wrong = head.replace("\r\n\r\n", "\r\nAuthorization: Bearer nope\r\n\r\n")
    assert raw_request(server.url, wrong).split(" ")[1] == "401"


def test_a_huge_body_with_a_token_is_still_413(server, registered):
    _, token, _ = registered
    head = (f"POST {API}/recharges/batch HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Length: {50 * 1024 * 1024}\r\n\r\n")
    assert raw_request(server.url, head).split(" ")[1] == "413"


def test_revoke_refuses_every_call_and_the_counters_transfer_files(server, registered, tmp_path):
    db, token, counter_id = registered
    take(db, 2)
    file = tmp_path / "usb" / "queue.json"
    transfer.export_queue(db, file)
    data_dir = server.cli_args
    code, out, err = server_cli(data_dir, "counter", "revoke", "--counter-id", counter_id.lower(), "--json")
    assert code == 0, err
    assert json.loads(out)["revoked_at"]
    auth = {"Authorization": f"Bearer {token}"}
    for method, path in [("GET", "/counters/me"), ("GET", "/consumers"), ("POST", "/recharges/batch"),
                         ("GET", "/recharges/x"), ("POST", "/counters/me/key")]:
        answer = requests.request(method, f"{server.url}{API}{path}", headers=auth, json={}, timeout=5)
        assert answer.status_code == 401 and answer.json()["error"] == "revoked", (path, answer.text)
    result = SyncClient(db).sync_once(force=True)
    assert result.accepted == 0 and result.error
    code, _, err = server_cli(data_dir, "import", str(file))
    assert code == 1 and "revoked" in err and "Traceback" not in err
    assert server.store.ledger(counter_id) == []
    code, _, err = server_cli(data_dir, "counter", "revoke", "--counter-id", "NOPE-99")
    assert code == 1 and "No counter NOPE-99" in err


def test_rotate_token_ends_the_old_token(server, registered):
    db, token, counter_id = registered
    code, out, err = server_cli(server.cli_args, "counter", "rotate-token", "--counter-id", counter_id,
                                "--json")
    assert code == 0, err
    new = json.loads(out)["token"]
    assert new != token and new not in err
    old = requests.get(f"{server.url}{API}/counters/me", headers={"Authorization": f"Bearer {token}"}, timeout=5)
    assert old.status_code == 401
    fresh = requests.get(f"{server.url}{API}/counters/me", headers={"Authorization": f"Bearer {new}"}, timeout=5)
    assert fresh.status_code == 200 and fresh.json()["counter_id"] == counter_id


def test_retire_key_lets_a_new_key_register_and_old_signatures_still_verify(server, registered):
    db, token, counter_id = registered
    me = counter.load(db)
    take(db, 2)
    messages, others = outbox.next_due(db, 10)
    for message in messages:
        message["signature"] = signing.sign_object(me.private_key(), message)
    auth = {"Authorization": f"Bearer {token}"}
    url = f"{server.url}{API}/recharges/batch"
    first = requests.post(url, json={"items": messages[:1], "journal": others}, headers=auth, timeout=5).json()
    assert first["results"][0]["status"] == "accepted"
    new_key = Ed25519PrivateKey.generate()
    pem = new_key.public_key().public_bytes(serialization.Encoding.PEM,
                                            serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    refused = requests.post(f"{server.url}{API}/counters/me/key", json={"public_key_pem": pem}, headers=auth,
                            timeout=5)
    assert refused.status_code == 409
    assert f"counter-server counter retire-key --counter-id {counter_id}" in refused.json()["message"]
    code, out, err = server_cli(server.cli_args, "counter", "retire-key", "--counter-id", counter_id)
    assert code == 0 and "retired" in out, err
    assert requests.post(f"{server.url}{API}/counters/me/key", json={"public_key_pem": pem}, headers=auth,
                         timeout=5).status_code == 200
    keys = server.store.counter_keys(counter_id)
    assert [k.retired_at is None for k in keys] == [False, True]
    # What the old key signed and the server holds still verifies: a resend is a duplicate ...
    again = requests.post(url, json={"items": messages[:1]}, headers=auth, timeout=5).json()["results"][0]
    assert again["status"] == "duplicate" and again["server_ref"] == first["results"][0]["server_ref"]
    # ... but nothing new is taken on the retired key's word.
    late = requests.post(url, json={"items": messages[1:]}, headers=auth, timeout=5).json()["results"][0]
    assert (late["status"], late["reason"]) == ("rejected", "bad_signature")
    resigned = {k: v for k, v in messages[1].items() if k != "signature"}
    resigned["signature"] = signing.sign_object(new_key, resigned)
    assert requests.post(url, json={"items": [resigned]}, headers=auth, timeout=5).json()["results"][0][
        "status"] == "accepted"


def test_import_of_deeply_nested_json_is_a_sentence(tmp_path):
    for text in ("[" * 200_000 + "]" * 200_000,
                 '{"format": "counter-transfer/1", "counter_id": "X", "items": ' + "[" * 50_000 + "]" * 50_000 + "}"):
        file = tmp_path / "deep.json"
        file.write_text(text)
        code, _, err = server_cli(["--data-dir", str(tmp_path / "srv")], "import", str(file))
        assert code == 1 and "nested" in err and "Traceback" not in err and "RecursionError" not in err


def _run_server(tmp_path: Path, *flags: str) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("COUNTER_SERVER_ADMIN_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-m", "server", "--data-dir", str(tmp_path / "srv"), "run", "--port",
                             "0", *flags], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return proc, proc.stdout.readline()


def _stop(proc: subprocess.Popen) -> str:
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=10)
    err = proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    return err


def test_admin_token_file_enables_the_admin_api_and_keeps_the_token_off_the_command_line(tmp_path):
    secret = tmp_path / "admin-token"
    secret.write_text("s3cret-admin\n")
    secret.chmod(0o600)
    proc, line = _run_server(tmp_path, "--admin-token-file", str(secret))
    try:
        assert "listening on" in line, line
        url = line.strip().rsplit(" ", 1)[1]
        assert requests.get(f"{url}{API}/admin/faults", headers={"Authorization": "Bearer s3cret-admin"},
                            timeout=5).status_code == 200
        assert requests.get(f"{url}{API}/admin/faults", timeout=5).status_code == 401
        key = (tmp_path / "srv" / "server-key.pem").stat().st_mode & 0o777
        assert key == 0o600
    finally:
        err = _stop(proc)
    assert "s3cret-admin" not in err
    secret.chmod(0o644)
    proc, line = _run_server(tmp_path, "--admin-token-file", str(secret))
    err = _stop(proc) if proc.poll() is None else proc.communicate()[1]
    assert "listening" not in line and "chmod 600" in err


def test_admin_token_on_the_command_line_still_works_with_a_warning(tmp_path):
    proc, line = _run_server(tmp_path, "--admin-token", "adm")
    try:
        url = line.strip().rsplit(" ", 1)[1]
        assert requests.get(f"{url}{API}/admin/faults", headers={"Authorization": "Bearer adm"},
                            timeout=5).status_code == 200
    finally:
        err = _stop(proc)
    assert "visible to other users" in err and "--admin-token-file" in err


def test_the_token_is_looked_up_once_per_request(server, registered, monkeypatch):
    _, token, counter_id = registered
    calls = []
    real = server.store.counter_for_token
    monkeypatch.setattr(server.store, "counter_for_token", lambda t: calls.append(t) or real(t))
    answer = requests.get(f"{server.url}{API}/counters/me", headers={"Authorization": f"Bearer {token}"}, timeout=5)
    assert answer.json()["counter_id"] == counter_id and len(calls) == 1


def test_server_key_file_option_is_the_key_that_signs(tmp_path):
    key = load_or_create(tmp_path / "keys" / "signing.pem")
    proc, line = _run_server(tmp_path, "--server-key-file", str(tmp_path / "keys" / "signing.pem"))
    try:
        url = line.strip().rsplit(" ", 1)[1]
        assert requests.get(f"{url}{API}/server-key", timeout=5).json() == key.public()
    finally:
        err = _stop(proc)
    assert "PRIVATE KEY" not in err
    assert not (tmp_path / "srv" / "server-key.pem").exists()
