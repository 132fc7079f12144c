"""Old signatures still verify: the audit checks every stored transaction against every key its counter has had."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counter_app.sync import SyncClient
from server.cli import main
from tests.server_fixture import BOTH_STORES, take

SERVER_STORES = BOTH_STORES  # the same check on SQLite and on PostgreSQL


def report_of(server, counter_id: str) -> dict:
    return {c["counter_id"]: c for c in server.store.audit(signatures=True)["counters"]}[counter_id]


def test_signatures_of_a_retired_key_still_verify_and_an_edited_row_is_found(server, registered):
    db, token, counter_id = registered
    taken = take(db, 3)
    assert SyncClient(db).sync_once(force=True).accepted == 3
    assert report_of(server, counter_id)["signature_findings"] == []
    server.store.retire_key(counter_id)
    pem = Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    server.store.register_key(counter_id, pem)
    assert report_of(server, counter_id)["signature_findings"] == []  # signed by the retired key: still good
    # The server's operator, or anyone with the database, edits an amount.
    server.sql("UPDATE transactions SET amount_paise = amount_paise + 100000 WHERE counter_id = ? AND txn_id = ?",
               [counter_id, taken[1].txn_id])
    findings = report_of(server, counter_id)["signature_findings"]
    assert len(findings) == 1 and taken[1].txn_id in findings[0]
    assert not server.store.audit(signatures=True)["ok"]


def test_audit_signatures_on_the_command_line(server, registered, capsys):
    db, _, counter_id = registered
    taken = take(db, 1)
    assert SyncClient(db).sync_once(force=True).accepted == 1
    server.sql("UPDATE transactions SET consumer_no = '100000000001' WHERE counter_id = ? AND txn_id = ?",
               [counter_id, taken[0].txn_id])
    code = main([*server.cli_args, "audit", "--signatures"])
    out = capsys.readouterr().out
    assert code == 1 and f"signature: {taken[0].txn_id}: its content is not what the counter signed" in out
