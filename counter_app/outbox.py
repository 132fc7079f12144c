"""The outbox: one row per transaction to send to the server, and its state.

States: ``pending`` (waiting for the server's answer: never sent, or sent
and not answered yet, as ``attempts`` tells; sent again until answered),
``in_flight`` (the same, as versions before 2026-12 marked a message on its
way; no longer written), ``confirmed`` (the server's signed word that it
credited this money: see ``evidence``), ``rejected`` (the server refused it;
waits for a supervisor), ``disputed`` (the server signed something else than
a credit, such as voided by someone else; waits for a supervisor, with the
server's words).

This module is the one writer of the outbox table: ``enqueue`` is its only
INSERT, and it signs the message inside the money's own transaction.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from counter_app import canonical, counter, journal, sync_state
from counter_app.storage import once_per_database

STATES = ("pending", "in_flight", "confirmed", "rejected", "disputed")
# What a person sees: a sent-but-unanswered transaction is still pending.
OPEN_STATES = ("pending", "in_flight")


def public_status(state: str) -> str:
    return "pending" if state in OPEN_STATES else state


def counts(db: sqlite_utils.Database) -> dict[str, dict[str, int]]:
    """The queue as a person needs it.

    pending: messages still to send (any kind), and the recharge money in them
    that is not voided; confirmed: recharges the server credited; rejected:
    recharges the server refused that no supervisor has resolved yet;
    disputed: messages of any kind (a void too) the server signed an outcome
    for that is not what this counter asked, and the money they concern;
    unproven: recharges marked confirmed with no server evidence stored beside
    them (set by hand: ``verify``, which checks each signature, finds them),
    never counted as confirmed. Rows confirmed before the server signed its
    answers count as confirmed, as many as the upgrade counted (its
    ``evidence_begins`` entry); any more without evidence in that range were
    set by hand, and the newest are counted unproven (sync confirms in journal
    order, so those the upgrade counted are the older ones).
    """
    result = {s: {"count": 0, "paise": 0} for s in ("pending", "confirmed", "rejected", "disputed", "unproven")}
    upto, legacy = evidence_begins(db)
    # Only the excess is fetched (past the oldest ``legacy``): status asks every few seconds, and an
    # upgraded counter has many old rows.
    set_by_hand = [seq for (seq,) in db.execute(
        f"SELECT journal_seq FROM outbox o WHERE {_CONFIRMED_BARE} AND journal_seq <= ? ORDER BY journal_seq "
        "LIMIT -1 OFFSET ?", [upto, legacy])] if upto else []
    rows = db.execute(
        f"SELECT CASE WHEN {_CONFIRMED_BARE} AND (o.journal_seq > ? OR o.journal_seq IN "
        f"({', '.join('?' for _ in set_by_hand)})) THEN 'unproven' ELSE o.state END, "
        "o.kind, a.kind IS NOT NULL, COUNT(*), COALESCE(SUM(r.amount_paise), 0) "
        "FROM outbox o JOIN recharges r ON r.txn_id = o.ref_txn_id "
        "LEFT JOIN adjustments a ON a.txn_id = o.ref_txn_id GROUP BY 1, 2, 3", [upto, *set_by_hand]
    )
    for state, kind, adjusted, count, paise in rows:
        status = public_status(state)
        if status == "pending":
            result["pending"]["count"] += count
            if kind == "recharge" and not adjusted:
                result["pending"]["paise"] += paise
        elif status == "disputed":
            result["disputed"]["count"] += count
            result["disputed"]["paise"] += paise
        elif kind == "recharge" and not (status == "rejected" and adjusted):
            result[status]["count"] += count
            result[status]["paise"] += paise
    return result


# A row marked confirmed with no server evidence beside it (a signed result, or a signed batch it is in).
_CONFIRMED_BARE = ("o.state = 'confirmed' AND (o.evidence IS NULL OR (o.server_sig IS NULL "
                   "AND o.evidence_batch IS NULL))")


@once_per_database
def evidence_begins(db: sqlite_utils.Database) -> tuple[int, int]:
    """(last journal seq, rows) confirmed before the server signed its answers, as the upgrade counted them
    (migration m005's ``evidence_begins`` entry); (0, 0) when every confirmed row must carry evidence.

    Read once per open database: only that migration writes the entry, while the database is opened, and
    finding it walks the journal (no index on ``kind``), which status must not do every few seconds.
    """
    row = db.execute("SELECT payload FROM journal WHERE kind = 'evidence_begins' ORDER BY seq LIMIT 1").fetchone()
    data = json.loads(row[0]) if row else {}
    return int(data.get("up_to_journal_seq", 0)), int(data.get("confirmed_without_evidence", 0))


def oldest_pending_at(db: sqlite_utils.Database) -> str | None:
    row = db.execute(
        "SELECT MIN(r.created_at) FROM outbox o JOIN recharges r ON r.txn_id = o.ref_txn_id "
        "WHERE o.state IN ('pending', 'in_flight')"
    ).fetchone()
    return row[0]


# -- queueing: the one INSERT, signed at commit ------------------------------
# A message's money fields come from the recharge it concerns (for a void, the
# recharge it takes back); its journal entry is the message's own.
MESSAGE_FIELDS = ("txn_id", "kind", "ref_txn_id", "counter_id", "receipt_no", "receipt_seq", "consumer_no",
                  "amount_paise", "created_at")
JOURNAL_FIELDS = ("seq", "at", "kind", "actor", "ref", "payload", "prev_hash", "hash")


def build_message(*, txn_id: str, kind: str, taken: Any, entry: dict[str, Any]) -> dict[str, Any]:
    """The message the server receives, before its signature (the wire format of sync and transfer files)."""
    return {"txn_id": txn_id, "kind": kind, "ref_txn_id": taken.txn_id, "counter_id": taken.counter_id,
            "receipt_no": taken.receipt_no, "receipt_seq": taken.receipt_seq, "consumer_no": taken.consumer_no,
            "amount_paise": taken.amount_paise,
            "created_at": taken.created_at if kind == "recharge" else entry["at"], "journal": entry}


def enqueue(db: sqlite_utils.Database, *, kind: str, taken: Any, entry: journal.Entry,
            txn_id: str | None = None, sign: Callable[[bytes], str] | None = None) -> str:
    """Queue one message for the server, signed now. Inside the caller's write transaction.

    The signature is made while the money is being committed, over exactly what
    the cashier was shown, so that an amount edited in the file later no longer
    matches a signature the file's editor cannot make (``verify`` checks each).
    """
    assert db.conn.in_transaction, "outbox.enqueue must run inside the money's write transaction"
    txn_id = txn_id or (taken.txn_id if kind == "recharge" else str(uuid.uuid4()))
    journal_part = {"seq": entry.seq, "at": entry.at, "kind": entry.kind, "actor": entry.actor, "ref": entry.ref,
                    "payload": canonical.dumps(entry.payload), "prev_hash": entry.prev_hash, "hash": entry.hash}
    text = canonical.dumps(build_message(txn_id=txn_id, kind=kind, taken=taken, entry=journal_part))
    signature = (sign or counter.signer(db))(text.encode("utf-8"))
    db.execute(
        "INSERT INTO outbox (txn_id, kind, ref_txn_id, journal_seq, state, next_attempt_at, updated_at, message, "
        "signature) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?)",
        [txn_id, kind, taken.txn_id, entry.seq, entry.at, entry.at, text, signature])
    return txn_id


# What the message of an outbox row is, rebuilt from the recharge and journal
# rows: for signing rows of an older version (migration) and for verify.
_REBUILD_SQL = (
    "SELECT o.txn_id, o.kind, o.ref_txn_id, r.counter_id, r.receipt_no, r.receipt_seq, r.consumer_no, "
    "r.amount_paise, CASE WHEN o.kind = 'recharge' THEN r.created_at ELSE j.at END, "
    "j.seq, j.at, j.kind, j.actor, j.ref, j.payload, j.prev_hash, j.hash "
    "FROM outbox o JOIN recharges r ON r.txn_id = o.ref_txn_id JOIN journal j ON j.seq = o.journal_seq"
)


def rebuilt_messages(db: sqlite_utils.Database, where: str = "") -> Iterator[tuple[str, str]]:
    """(txn_id, canonical message text) of outbox rows, from the recharge and journal rows as they are now."""
    for row in db.execute(f"{_REBUILD_SQL} {where} ORDER BY o.journal_seq"):
        message = {**dict(zip(MESSAGE_FIELDS, row[:9])), "journal": dict(zip(JOURNAL_FIELDS, row[9:]))}
        yield row[0], canonical.dumps(message)


def sign_unsigned(db: sqlite_utils.Database, sign: Callable[[bytes], str]) -> int:
    """Sign the rows queued by a version that signed at send time (migration m005)."""
    signed = [[text, sign(text.encode("utf-8")), txn_id]
              for txn_id, text in rebuilt_messages(db, "WHERE o.message IS NULL")]
    db.conn.executemany("UPDATE outbox SET message = ?, signature = ? WHERE txn_id = ?", signed)
    return len(signed)


# -- sending ---------------------------------------------------------------
@dataclass(frozen=True)
class Claimed:
    """One message on its way: its stored signed text, and what its answer is checked against."""
    txn_id: str
    kind: str
    ref_txn_id: str
    amount_paise: int
    journal_seq: int
    text: str
    signature: str

    def wire(self) -> str:
        """The message as sent: its canonical JSON with the signature appended (signing.sign_object's rule)."""
        return f'{self.text[:-1]},"signature":"{self.signature}"}}'


_CLAIM_SQL = (
    "SELECT o.txn_id, o.kind, o.ref_txn_id, r.amount_paise, o.journal_seq, o.message, o.signature "
    "FROM outbox o JOIN recharges r ON r.txn_id = o.ref_txn_id "
    # "+o.state": walk the journal_seq index from the first open row, rather than
    # sorting every open row (a backlog of thousands) for each batch.
    "WHERE +o.state IN ('pending', 'in_flight') AND o.message IS NOT NULL AND o.journal_seq >= ? "
    "ORDER BY o.journal_seq LIMIT ?"
)


def open_count(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'in_flight')").fetchone()[0]


def next_signed(db: sqlite_utils.Database, limit: int, *,
                after_seq: int = 0) -> tuple[list[Claimed], list[dict]]:
    """The next ``limit`` open messages in journal order, and the other journal entries between them not yet
    sent. Reads only.

    Nothing is marked before sending: a message stays open until the server's answer is applied, so one
    that was on the wire when the program died is sent again on the next run (the server answers
    ``duplicate``), as a never-sent one is. Marking each row first would rewrite every row and fsync once
    more per batch (on a counter's disk, half the drain's writes) to record what the resend makes moot;
    an attempt is counted when its outcome is recorded (:func:`apply_batch_results`, :func:`record_failure`).
    ``after_seq`` skips messages up to that journal entry (the batch still on the wire).
    """
    # No snapshot is needed across these reads: what others commit meanwhile (a recharge, a shift) is
    # journalled after every entry read here, and the entries asked for end at the last message's.
    first = db.execute("SELECT MIN(journal_seq) FROM outbox WHERE state IN ('pending', 'in_flight') "
                       "AND journal_seq > ?", [after_seq]).fetchone()[0]
    if first is None:
        return [], []
    messages = [Claimed(*row) for row in db.execute(_CLAIM_SQL, [first, limit]).fetchall()]
    if not messages:
        return [], []
    sent_upto = max(after_seq, sync_state.read(db).journal_sent_seq)
    return messages, _other_entries(db, sent_upto, messages[-1].journal_seq, limit=5000)


def _other_entries(db: sqlite_utils.Database, after: int, before: int, *, limit: int = -1) -> list[dict]:
    """Journal entries between two messages that are not messages (shift opened, setup...)."""
    return [dict(zip(JOURNAL_FIELDS, r)) for r in db.execute(
        "SELECT seq, at, kind, actor, ref, payload, prev_hash, hash FROM journal j WHERE seq > ? AND seq < ? "
        "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.journal_seq = j.seq) ORDER BY seq LIMIT ?",
        [after, before, limit])]


def next_due(db: sqlite_utils.Database, limit: int, *, after_seq: int = 0) -> tuple[list[dict], list[dict]]:
    """:func:`next_signed`, with each message as the dict that was signed (for tools and tests)."""
    messages, others = next_signed(db, limit, after_seq=after_seq)
    return [json.loads(m.text) for m in messages], others


def _txn_id(message: Claimed | dict) -> str:
    return message.txn_id if isinstance(message, Claimed) else message["txn_id"]


def _journal_seq(message: Claimed | dict) -> int:
    return message.journal_seq if isinstance(message, Claimed) else message["journal"]["seq"]


def _meta(db: sqlite_utils.Database, sent: list) -> dict[str, tuple[str, int, bool]]:
    """txn_id -> (kind, amount, voided here) of each sent message: what its evidence must name."""
    refs = {(m.ref_txn_id if isinstance(m, Claimed) else m["ref_txn_id"]) for m in sent}
    marks = ", ".join("?" for _ in refs)
    voided = {r[0] for r in db.execute(
        f"SELECT txn_id FROM adjustments WHERE kind = 'void' AND txn_id IN ({marks})", list(refs))}
    meta = {}
    for m in sent:
        if isinstance(m, Claimed):
            meta[m.txn_id] = (m.kind, m.amount_paise, m.ref_txn_id in voided)
        else:
            meta[m["txn_id"]] = (m["kind"], m["amount_paise"], m["ref_txn_id"] in voided)
    return meta


def apply_batch_results(db: sqlite_utils.Database, sent: list, results: list[dict], *,
                        now: str, server_time: str | None, offset_s: float | None,
                        answer: dict | None = None, checked: list[str | None] | None = None) -> dict[str, int]:
    """Apply the server's answers to one batch, and note the success, in ONE transaction.

    ``checked`` is what ``evidence.checker`` said of each result, when the
    caller already ran it. Each answer counts only with the server's valid signature over its evidence
    (``evidence.judge``): ``confirmed`` only on a signed credit for that txn_id
    and amount (a void: ``void_applied``), keeping its server_ref; ``rejected``
    with its reason; any other outcome ``disputed``, with the server's words,
    for the supervisor. A confirmed row is never moved back; an answer that
    proves nothing (unsigned, or about something else) is counted ``unproven``
    and, like a message the answer does not mention, stays open and is resent. Every message
    sent counts one attempt more.
    """
    from counter_app import evidence, storage
    from counter_app.storage import write_transaction

    folder = storage.data_dir_of(db)
    public_key = evidence.pinned_key(folder)
    counter_id = db.execute("SELECT counter_id FROM counter WHERE id = 1").fetchone()[0]
    counts = {"accepted": 0, "duplicate": 0, "rejected": 0, "disputed": 0, "unanswered": 0, "unproven": 0}
    meta = _meta(db, sent)
    row_of = {_txn_id(m): _journal_seq(m) for m in sent}  # each row by its own key, not the txn_id index
    answered: set[str] = set()
    confirms, rejects, disputes = [], [], []
    if checked is None:  # the send loop checks signatures on its HTTP thread; other callers here
        checked = evidence.answer_checker(public_key)({**(answer or {}), "results": results})
    # Proven by the answer's one signature: that signature is kept, as received, and each row points to it.
    batched = evidence.batch_signed(answer or {})
    for result, proven in zip(results, checked):
        txn_id, status = result.get("txn_id"), result.get("status")
        if txn_id not in meta or txn_id in answered:
            continue
        kind, amount, own_void = meta[txn_id]
        verdict = evidence.judge(result, counter_id=counter_id, txn_id=txn_id, kind=kind, amount_paise=amount,
                                 own_void=own_void, checked=proven)
        if not verdict.state:
            counts["unproven"] += 1
            continue
        server_ref = result.get("server_ref") if isinstance(result.get("server_ref"), str) else None
        signature = None if batched else verdict.server_sig
        if verdict.state == "confirmed":
            balance = result.get("balance_paise")
            confirms.append([server_ref, balance if isinstance(balance, int) else None, now, verdict.evidence,
                             signature, now, row_of[txn_id]])
            counts["duplicate" if status == "duplicate" else "accepted"] += 1
        elif verdict.state == "rejected":
            reason = str(result.get("reason") or "rejected")[:100]
            rejects.append([reason, verdict.words or reason, verdict.evidence, signature, now, row_of[txn_id]])
            counts["rejected"] += 1
        else:
            disputes.append([server_ref, verdict.outcome, verdict.words, verdict.evidence, signature, now,
                             row_of[txn_id]])
            counts["disputed"] += 1
        answered.add(txn_id)
    ack = evidence.journal_ack(answer or {}, counter_id=counter_id, public_key=public_key)
    with write_transaction(db):
        batch_id = None
        if batched and (confirms or rejects or disputes):
            batch_id = db.conn.execute(
                "INSERT INTO server_evidence (manifest, signature, received_at) VALUES (?, ?, ?)",
                [canonical.dumps(answer["evidence_batch"]), answer["evidence_batch_sig"], now]).lastrowid
        for row in confirms + rejects + disputes:  # [..., evidence, server_sig, updated_at, journal_seq]
            row.insert(-2, batch_id)
        db.conn.executemany(
            "UPDATE outbox SET state = 'confirmed', server_ref = ?, balance_after_paise = ?, confirmed_at = ?, "
            "last_error = NULL, reject_reason = NULL, evidence = ?, server_sig = ?, evidence_batch = ?, "
            "updated_at = ?, attempts = attempts + 1 WHERE journal_seq = ? AND state != 'confirmed'", confirms)
        db.conn.executemany(
            "UPDATE outbox SET state = 'rejected', reject_reason = ?, last_error = ?, evidence = ?, server_sig = ?, "
            "evidence_batch = ?, updated_at = ?, attempts = attempts + 1 WHERE journal_seq = ? AND state IN "
            "('pending', 'in_flight')", rejects)
        db.conn.executemany(
            "UPDATE outbox SET state = 'disputed', server_ref = ?, reject_reason = ?, last_error = ?, evidence = ?, "
            "server_sig = ?, evidence_batch = ?, updated_at = ?, attempts = attempts + 1 WHERE journal_seq = ? AND "
            "state IN ('pending', 'in_flight')", disputes)
        left_open = [[now, seq] for txn_id, seq in row_of.items() if txn_id not in answered]
        if left_open:  # sent, and no proven answer: still open, one attempt more (resent on the next pass)
            db.conn.executemany("UPDATE outbox SET attempts = attempts + 1, updated_at = ? WHERE journal_seq = ? "
                                "AND state IN ('pending', 'in_flight')", left_open)
        counts["unanswered"] = len(meta) - len(answered) - counts["unproven"]
        sync_state.note_success(db, at=now, server_time=server_time, offset_s=offset_s,
                                journal_sent_seq=max(_journal_seq(m) for m in sent))
        if ack is not None:
            sync_state.note_journal_ack(db, {k: v for k, v in ack.items() if k != "signature"}, ack["signature"])
    if ack is not None and folder is not None:
        from counter_app import witness

        witness.note_ack(folder, ack)
    return counts


def record_failure(db: sqlite_utils.Database, sent: list, *, error: str, now: str, retry_at: str,
                   not_sent: bool, wait_s: float | None = None, counted: bool = False) -> None:
    """Note a failed attempt of the messages ``sent``: one attempt more each (unless the answer's own
    application already ``counted`` it) and the error. Messages that surely never reached the server
    (``not_sent``), if an older version marked them in_flight, go back to pending."""
    from counter_app.storage import write_transaction

    with write_transaction(db):
        ids = [_txn_id(m) for m in sent]
        if ids:
            marks = ", ".join("?" for _ in ids)
            state = "CASE WHEN state = 'in_flight' THEN 'pending' ELSE state END" if not_sent else "state"
            db.execute(f"UPDATE outbox SET state = {state}, attempts = attempts + ?, last_error = ?, "
                       f"next_attempt_at = ?, updated_at = ? WHERE txn_id IN ({marks}) AND state IN ('pending', "
                       f"'in_flight')", [0 if counted else 1, error, retry_at, now, *ids])
        sync_state.note_failure(db, error=error, retry_at=retry_at, wait_s=wait_s)


def open_messages(db: sqlite_utils.Database) -> tuple[list[Claimed], list[dict]]:
    """Every open message in journal order, and the non-money journal entries up to the last one.

    Read-only (states are left as they are): for the transfer file, which goes
    to the server by hand while the rows stay open until the server's word.
    """
    messages = [Claimed(*row) for row in db.execute(_CLAIM_SQL.replace("LIMIT ?", ""), [0]).fetchall()]
    if not messages:
        return [], []
    return messages, _other_entries(db, 0, messages[-1].journal_seq)
