"""The signed QR payload: a receipt anyone can check offline with the counter's public key.

Form (one line, safe to paste into a shell unquoted)::

    CR1.<receipt no>.<txn id>.<consumer no>.<amount paise>.<UTC time YYYYMMDDTHHMMSSZ>.<signature>

The signature is Ed25519 over the UTF-8 bytes of everything before the last
dot, in URL-safe base64 without padding. Each field is checked against a
strict pattern, and the signature must be in its one canonical base64 form:
otherwise the unused low bits of the last base64 character could be changed
without changing the decoded signature, and such a payload must be refused too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from counter_app import clock, signing

VERSION = "CR1"
# A void slip: the same fields (the voided receipt, its txn id, consumer, amount given back,
# time of the void), its own tag so that a void slip can never pass for a receipt.
VOID_SLIP = "CV1"
VERSIONS = (VERSION, VOID_SLIP)
_TIME_FORMAT = "%Y%m%dT%H%M%SZ"
_FIELDS = {
    "receipt_no": re.compile(r"[A-Z0-9](?:[A-Z0-9-]{0,30}[0-9])"),
    "txn_id": re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
    "consumer_no": re.compile(r"[0-9]{1,20}"),
    "amount_paise": re.compile(r"[1-9][0-9]{0,14}"),
    "time": re.compile(r"[0-9]{8}T[0-9]{6}Z"),
    "signature": re.compile(r"[A-Za-z0-9_-]{86}"),
}


@dataclass(frozen=True)
class ReceiptClaim:
    """What a receipt's QR code says."""

    receipt_no: str
    txn_id: str
    consumer_no: str
    amount_paise: int
    time: str  # UTC, as YYYYMMDDTHHMMSSZ
    version: str = VERSION  # CR1 a receipt, CV1 a void slip

    @property
    def is_void_slip(self) -> bool:
        return self.version == VOID_SLIP

    def body(self) -> str:
        return ".".join([self.version, self.receipt_no, self.txn_id, self.consumer_no,
                         str(self.amount_paise), self.time])

    @property
    def moment(self) -> dt.datetime:
        return dt.datetime.strptime(self.time, _TIME_FORMAT).replace(tzinfo=clock.UTC)


def compact_time(iso_utc: str) -> str:
    return clock.parse_iso(iso_utc).astimezone(clock.UTC).strftime(_TIME_FORMAT)


def make(key: Ed25519PrivateKey, *, receipt_no: str, txn_id: str, consumer_no: str,
         amount_paise: int, created_at: str, version: str = VERSION) -> str:
    claim = ReceiptClaim(receipt_no, txn_id, consumer_no, amount_paise, compact_time(created_at), version)
    body = claim.body()
    parse_claim(body + "." + "A" * 86)  # refuse to sign anything we could not verify later
    return f"{body}.{signing.sign_bytes(key, body.encode('utf-8'))}"


class PayloadError(ValueError):
    """The text is not a receipt payload of the known form."""


def parse_claim(payload: str) -> tuple[ReceiptClaim, str]:
    """Split and check the form of a payload; returns the claim and its signature."""
    parts = (payload or "").strip().split(".")
    if len(parts) != 7 or parts[0] not in VERSIONS:
        raise PayloadError(f"not a receipt code (expected {VERSION} or {VOID_SLIP} and 6 fields separated by dots)")
    values = dict(zip(_FIELDS, parts[1:], strict=True))
    for name, pattern in _FIELDS.items():
        if not pattern.fullmatch(values[name]):
            raise PayloadError(f"field {name} {values[name]!r} is not of the expected form")
    try:
        dt.datetime.strptime(values["time"], _TIME_FORMAT)
    except ValueError:
        raise PayloadError(f"time {values['time']!r} is not a date and time") from None
    claim = ReceiptClaim(values["receipt_no"], values["txn_id"], values["consumer_no"],
                         int(values["amount_paise"]), values["time"], parts[0])
    return claim, values["signature"]


def verify(payload: str, public_key: Ed25519PublicKey) -> ReceiptClaim:
    """The claim if the payload is genuine; raises PayloadError if it is not."""
    claim, signature = parse_claim(payload)
    try:
        canonical = signing.b64(signing.unb64(signature))
    except ValueError:
        canonical = ""
    if canonical != signature:
        raise PayloadError("the signature is not in its canonical form")
    if not signing.verify_bytes(public_key, claim.body().encode("utf-8"), signature):
        raise PayloadError("the signature does not match: the code was altered or made by another key")
    return claim
