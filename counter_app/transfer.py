"""The transfer file: the unsynced queue carried to the office on a USB stick.

When the link stays down for days, ``counter-app export-queue`` writes every
open message, each signed exactly as sync signs it, into one file, itself
signed whole with the counter's key. ``counter-server import`` checks the file
signature against the key the server registered for that counter (one changed
amount and the whole file is refused) and applies the messages through the
same crediting path as the HTTP API, so the counter's next online sync gets
``duplicate`` for each and nothing is credited twice. The counter's rows stay
open until that sync: the file proves nothing came back.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlite_utils

from counter_app import canonical, clock, counter, outbox, signing
from counter_app.errors import KnownError
from counter_app.i18n import _

FORMAT = "counter-transfer/1"


def build(db: sqlite_utils.Database) -> dict[str, Any]:
    me = counter.load(db)
    key = me.private_key()
    # Each message as it was signed when its money was committed.
    claimed, others = outbox.open_messages(db)
    messages = [{**json.loads(m.text), "signature": m.signature} for m in claimed]
    body = {
        "format": FORMAT,
        "counter_id": me.counter_id,
        "created_at": clock.now_iso(),
        "count": len(messages),
        "amount_paise": sum(m["amount_paise"] for m in messages if m["kind"] == "recharge"),
        "items": messages,
        "journal": others,
    }
    body["signature"] = signing.sign_object(key, body)
    return body


EXPORT_CHUNK = 1 << 20


def export_queue(db: sqlite_utils.Database, out: Path, *,
                 progress: Callable[[int, int | None], None] | None = None) -> dict[str, Any]:
    """Write the signed queue to ``out`` (``progress`` counts the bytes written)."""
    body = build(db)
    if not body["items"]:
        raise KnownError(_("Nothing is waiting for the server: no transfer file is needed."))
    data = canonical.dumps(body).encode("utf-8")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        part = out.with_name(out.name + ".part")
        with open(part, "wb") as handle:
            for start in range(0, len(data), EXPORT_CHUNK):
                handle.write(data[start:start + EXPORT_CHUNK])
                if progress is not None:
                    progress(min(len(data), start + EXPORT_CHUNK), len(data))
            handle.flush()
            os.fsync(handle.fileno())
        part.replace(out)
    except OSError as exc:
        raise KnownError(_("Cannot write {out}: {strerror}. Is the USB stick plugged in and writable?").format(
            out=out, strerror=exc.strerror)) from exc
    return {"out": str(out), "count": body["count"], "amount_paise": body["amount_paise"],
            "counter_id": body["counter_id"], "created_at": body["created_at"]}


def file_signature_ok(body: dict[str, Any], public_key_pem: str) -> bool:
    """The whole-file signature, checked with a key the reader trusts (not one in the file)."""
    signature = body.get("signature")
    if not isinstance(signature, str):
        return False
    unsigned = {k: v for k, v in body.items() if k != "signature"}
    return signing.verify_object(signing.load_public_key(public_key_pem), unsigned, signature)
