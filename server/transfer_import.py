"""``counter-server import FILE``: apply a counter's transfer file (see counter_app/transfer.py).

The file is trusted only through the key this server registered for its
counter, never a key inside the file. Its whole-file signature must verify, or
nothing is applied (one changed amount refuses the file whole). Its messages
then go through :func:`server.batches.apply_signed`, exactly as over HTTP.
"""

from __future__ import annotations

from collections.abc import Callable

import json
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from counter_app.transfer import FORMAT, file_signature_ok
from server import batches, models
from server.server_key import ServerKey
from server.store import Store
from server.verify import Verifier


class ImportRefused(Exception):
    """The file is refused whole; nothing was applied."""


def _load(path: Path) -> dict[str, Any]:
    try:
        body = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ImportRefused(f"Cannot read {path}: {exc.strerror}.") from None
    except ValueError:
        raise ImportRefused(f"{path} is not a transfer file (not JSON).") from None
    except RecursionError:
        raise ImportRefused(f"{path} is not a transfer file (its JSON is nested far deeper than a transfer "
                            "file's). Nothing was applied.") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise ImportRefused(f"{path} is not a counter transfer file ({FORMAT}).")
    return body


def import_file(store: Store, path: Path, server_key: ServerKey, *,
                progress: Callable[[int, int | None], None] | None = None) -> dict[str, Any]:
    try:
        return _import(store, _load(path), server_key, progress)
    except RecursionError:  # a deep value inside an otherwise well-formed file
        raise ImportRefused(f"{path} holds a value nested far deeper than a transfer file's; it is not one. "
                            "Nothing was applied.") from None


def _import(store: Store, body: dict[str, Any], server_key: ServerKey,
            progress: Callable[[int, int | None], None] | None = None) -> dict[str, Any]:
    counter_id = str(body.get("counter_id", ""))
    me = store.counter_by_id(counter_id)
    if me is None:
        raise ImportRefused(f"Counter {counter_id!r} is not registered on this server.")
    if me.revoked_at:
        raise ImportRefused(f"Counter {counter_id} was revoked on {me.revoked_at}; its transfer files are refused. "
                            "Nothing was applied.")
    if not me.public_key_pem:
        raise ImportRefused(f"Counter {counter_id} has no registered key; it must sync once, or register its key, "
                            "before a transfer file can be trusted.")
    if not file_signature_ok(body, me.public_key_pem):
        raise ImportRefused("The file's signature does not verify with the key registered for "
                            f"{counter_id}: it was changed after the counter wrote it, or is not from that counter. "
                            "Nothing was applied.")
    items, journal = body.get("items") or [], body.get("journal") or []
    results: list[dict[str, Any]] = []
    ack: dict[str, Any] = {}
    verifier = Verifier()
    step = models.MAX_BATCH_ITEMS
    for start in range(0, len(items), step):
        chunk = items[start:start + step]
        try:  # the same input checks as the HTTP API
            checked_items, checked_journal = models.check_batch(chunk, journal if start == 0 else [])
        except ValidationError as exc:
            raise ImportRefused(f"The file holds a malformed transaction ({exc.errors()[0]['msg']}).") from None
        try:
            signed = batches.apply_signed(store, verifier, me, checked_items, checked_journal, server_key)
        except batches.BatchRefused as exc:
            raise ImportRefused(exc.message) from None
        results += signed.results
        if progress is not None:
            progress(len(results), len(items))
        ack = {"journal_ack": signed.journal_ack, "journal_ack_sig": signed.journal_ack_sig}
    counts = Counter(r["status"] for r in results)
    return {"counter_id": counter_id, "file_created_at": body.get("created_at"), "items": len(items),
            "accepted": counts["accepted"], "duplicate": counts["duplicate"], "rejected": counts["rejected"],
            "results": results, **ack}
