"""The signed QR payload: its form, and forgeries that must be refused."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counter_app import signing
from receipts import payload

KEY = Ed25519PrivateKey.generate()
TXN = "8c1e2f3a-1b2c-4d5e-8f90-123456789abc"


def make(**changes) -> str:  # type: ignore[no-untyped-def]
    fields = dict(receipt_no="MNG-01-0000042", txn_id=TXN, consumer_no="101234567890", amount_paise=50000,
                  created_at="2026-11-27T07:02:21.999999Z")
    fields.update(changes)
    return payload.make(KEY, **fields)


def test_compact_and_shell_safe() -> None:
    text = make()
    assert text.startswith("CR1.MNG-01-0000042." + TXN + ".101234567890.50000.20261127T070221Z.")
    assert len(text) < 200
    assert all(ch.isalnum() or ch in ".-_" for ch in text)
    claim = payload.verify(text, KEY.public_key())
    assert (claim.receipt_no, claim.amount_paise, claim.time) == ("MNG-01-0000042", 50000, "20261127T070221Z")


def test_other_key_refused() -> None:
    with pytest.raises(payload.PayloadError, match="does not match"):
        payload.verify(make(), Ed25519PrivateKey.generate().public_key())


def test_non_canonical_signature_refused() -> None:
    """The last base64 character carries 2 unused bits: flipping them keeps the same
    signature bytes, so only the canonical-form check refuses such a copy."""
    text = make()
    body, signature = text.rsplit(".", 1)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    index = alphabet.index(signature[-1])
    twin = signature[:-1] + alphabet[index ^ 1]
    assert signing.unb64(twin) == signing.unb64(signature)
    with pytest.raises(payload.PayloadError, match="canonical"):
        payload.verify(f"{body}.{twin}", KEY.public_key())


@pytest.mark.parametrize("bad", [
    "", "hello", "CR2.MNG-01-0000042." + TXN + ".1.1.20261127T070221Z." + "A" * 86,
    "CR1.MNG-01-0000042." + TXN + ".1.01.20261127T070221Z." + "A" * 86,      # leading zero
    "CR1.MNG-01-0000042." + TXN + ".1.1.20261327T070221Z." + "A" * 86,       # month 13
    "CR1.MNG-01-0000042." + TXN.upper() + ".1.1.20261127T070221Z." + "A" * 86,
    "CR1.MNG-01-0000042." + TXN + ".1.1.20261127T070221Z." + "A" * 85,
])
def test_malformed_refused(bad: str) -> None:
    with pytest.raises(payload.PayloadError):
        payload.verify(bad, KEY.public_key())
