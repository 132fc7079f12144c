"""Receipts from a real counter database: status, reprints journaled, archive, signed QR."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from counter_app import adjustments, journal, shifts, storage, verify
from counter_app.errors import KnownError
from receipts import payload, service
from tests.receipt_fixtures import decode_qr, pdf_text, run_cli_process


def test_original_is_archived_by_date_and_provisional(counter_db, receipt_dir: Path, taken, tmp_path: Path) -> None:
    out = service.issue_receipt(counter_db, receipt_dir, taken.txn_id)
    assert out.path == receipt_dir / "receipts" / taken.business_date / f"{taken.receipt_no}.pdf"
    assert out.path.read_bytes() == out.pdf
    assert (out.status, out.reprint_count, out.fmt) == ("pending", 0, "roll")
    got = pdf_text(out.pdf, tmp_path)
    assert taken.receipt_no in got and "Rs 1,99,999.50" in got and "Asha Devi (asha)" in got
    assert "PROVISIONAL - credit will be applied when the server is reachable" in got
    fingerprint = journal.get(counter_db, taken.journal_seq).fingerprint
    assert fingerprint in got
    # an archive copy is not a reprint
    assert not journal.entries(counter_db, kind="reprint")


def test_status_follows_the_outbox_and_voids(counter_db, receipt_dir: Path, taken, tmp_path: Path) -> None:
    with storage.write_transaction(counter_db):
        counter_db.execute("UPDATE outbox SET state = 'confirmed', server_ref = 'SRV-77' WHERE txn_id = ?",
                           [taken.txn_id])
    out = service.issue_receipt(counter_db, receipt_dir, taken.txn_id)
    assert out.status == "confirmed" and out.path.name.endswith("-confirmed.pdf")
    got = pdf_text(out.pdf, tmp_path)
    assert "CONFIRMED" in got and "SRV-77" in got and "PROVISIONAL" not in got

    with storage.write_transaction(counter_db):  # what a void writes (voids.void_recharge, less the supervisor)
        adjustments.record(counter_db, taken, kind="void", shift_id=shifts.current_shift(counter_db).id,
                           actor="asha", reason="test")
    out = service.issue_receipt(counter_db, receipt_dir, taken.txn_id, fmt="a4")
    assert out.status == "void" and out.path.name == f"{taken.receipt_no}-a4-void.pdf"
    assert "VOID" in pdf_text(out.pdf, tmp_path)


def test_each_reprint_is_journaled_and_numbered(counter_db, receipt_dir: Path, taken, tmp_path: Path) -> None:
    first = service.issue_receipt(counter_db, receipt_dir, taken.txn_id, copy=True, actor="asha")
    second = service.issue_receipt(counter_db, receipt_dir, taken.txn_id, copy=True)
    assert (first.reprint_count, second.reprint_count) == (1, 2)
    assert first.path != second.path and first.path.exists() and second.path.exists()
    assert "DUPLICATE - reprint 2" in pdf_text(second.pdf, tmp_path)
    entries = journal.entries(counter_db, kind="reprint", ref=taken.txn_id)
    assert [e.payload["reprint_no"] for e in entries] == [1, 2]
    assert entries[0].actor == "asha" and entries[0].payload["receipt_no"] == taken.receipt_no
    assert verify.run(counter_db) == []  # the chain stays whole


def test_failed_render_journals_no_reprint(counter_db, receipt_dir: Path, taken,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("renderer broke")

    monkeypatch.setattr(service, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        service.issue_receipt(counter_db, receipt_dir, taken.txn_id, copy=True)
    assert not journal.entries(counter_db, kind="reprint")


def test_unknown_receipt_and_format(counter_db, receipt_dir: Path, taken) -> None:
    with pytest.raises(KnownError, match="No receipt"):
        service.txn_for_receipt(counter_db, "MNG-01-9999999")
    assert service.txn_for_receipt(counter_db, taken.receipt_no.lower()) == taken.txn_id
    with pytest.raises(KnownError, match="format"):
        service.issue_receipt(counter_db, receipt_dir, taken.txn_id, fmt="a5")


def test_qr_decodes_to_a_payload_verify_receipt_accepts(counter_db, receipt_dir: Path, taken,
                                                        tmp_path: Path) -> None:
    out = service.issue_receipt(counter_db, receipt_dir, taken.txn_id)
    scanned = decode_qr(out.pdf)
    claim, _ = payload.parse_claim(scanned)
    assert (claim.receipt_no, claim.txn_id, claim.consumer_no, claim.amount_paise) == (
        taken.receipt_no, taken.txn_id, taken.consumer_no, taken.amount_paise)
    created = dt.datetime.fromisoformat(taken.created_at.replace("Z", "+00:00")).replace(microsecond=0)
    assert claim.moment == created

    ok = run_cli_process("verify-receipt", scanned, "--json", data_dir=receipt_dir)
    assert ok.returncode == 0, ok.stderr
    assert '"genuine": true' in ok.stdout

    # One changed digit in the amount: refused.
    forged = scanned.replace(f".{taken.amount_paise}.", f".{taken.amount_paise + 1}.")
    assert forged != scanned
    bad = run_cli_process("verify-receipt", forged, data_dir=receipt_dir)
    assert bad.returncode == 1 and "NOT GENUINE" in bad.stdout


def test_verify_with_a_public_key_file(counter_db, receipt_dir: Path, taken, tmp_path: Path) -> None:
    from counter_app import counter
    from tests.core_fixtures import run_cli

    scanned = service.receipt_data(counter_db, taken.txn_id).qr_payload
    key_file = tmp_path / "counter.pub.pem"
    key_file.write_text(counter.load(counter_db).public_key_pem)
    assert run_cli("verify-receipt", scanned, "--public-key", str(key_file), data_dir=receipt_dir).code == 0
    # every single digit changed anywhere in the payload is refused
    for i, ch in enumerate(scanned):
        if ch.isdigit():
            forged = scanned[:i] + str((int(ch) + 1) % 10) + scanned[i + 1:]
            assert run_cli("verify-receipt", forged, "--public-key", str(key_file), data_dir=receipt_dir).code == 1, i
    other = tmp_path / "other.pem"
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    other.write_bytes(Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    assert run_cli("verify-receipt", scanned, "--public-key", str(other), data_dir=receipt_dir).code == 1
    assert run_cli("verify-receipt", scanned, "--public-key", str(tmp_path / "missing.pem"),
                   data_dir=receipt_dir).code == 1


def test_verify_receipt_needs_a_key_somewhere(tmp_path: Path) -> None:
    from tests.core_fixtures import run_cli

    empty = tmp_path / "empty"
    result = run_cli("verify-receipt", "CR1.X", data_dir=empty)
    assert result.code == 1 and "--public-key" in result.err
    assert not (empty / "counter.sqlite3").exists()
