"""Taking a recharge: the one write that must never be lost or doubled.

Validation runs first and writes nothing. Then a single SQLite transaction
allocates the next receipt number, writes the recharge row, its journal entry
and its outbox row, and commits. Only after the commit may anything be shown
or printed.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import asdict, dataclass

import sqlite_utils

from counter_app import cash, clock, counter, exposure, journal, outbox, settings, shifts, storage
from counter_app.errors import InputError, Refused
from counter_app.money import format_rupees
from counter_app.storage import write_transaction
from counter_app.i18n import N_, _

PAYMENT_MODE_CASH = "cash"
# What a cashier may type between digits; a scanner may add none of them.
_SEPARATORS = re.compile(r"[\s-]+")


@dataclass(frozen=True)
class Recharge:
    txn_id: str
    receipt_no: str
    receipt_seq: int
    counter_id: str
    shift_id: int
    cashier_id: str
    consumer_no: str
    amount_paise: int
    tendered_paise: int
    change_paise: int
    payment_mode: str
    created_at: str
    business_date: str
    journal_seq: int
    rounding_paise: int = 0     # cash rounding: the drawer holds amount + rounding

    @property
    def cash_paise(self) -> int:
        """The cash this recharge put in the drawer (none for a transfer)."""
        return self.amount_paise + self.rounding_paise if self.payment_mode == PAYMENT_MODE_CASH else 0

    def as_json(self, status: str = "pending") -> dict:
        data = asdict(self)
        data["status"] = status
        return data


RECHARGE_COLUMNS = ", ".join(Recharge.__dataclass_fields__)


def format_receipt_no(counter_id: str, seq: int) -> str:
    return f"{counter_id}-{seq:07d}"


def normalise_consumer_no(db: sqlite_utils.Database, text: str, config: dict | None = None) -> str:
    """Strip what a cashier types between digits; refuse anything else."""
    value = _SEPARATORS.sub("", text or "")
    config = config or settings.all_values(db)
    low, high = config["consumer_no_min_len"], config["consumer_no_max_len"]
    if not value.isdigit() or not value.isascii():
        raise InputError(_("Consumer number {text} is not valid: it has only digits ({low} to {high} of them).")
                         .format(text=repr(text), low=low, high=high), field="consumer")
    if not low <= len(value) <= high:
        raise InputError(_("Consumer number {number} has {n} digits; a consumer number has {low} to {high}. "
                           "Check the bill or card.").format(number=value, n=len(value), low=low, high=high),
                         field="consumer")
    return value


def check_amount(db: sqlite_utils.Database, amount_paise: int, config: dict | None = None) -> None:
    config = config or settings.all_values(db)
    low, high = config["min_recharge_paise"], config["max_recharge_paise"]
    if amount_paise < low:
        raise Refused(_("The smallest recharge is {amount} (minimum per recharge).").format(
            amount=format_rupees(low)), field="amount")
    if amount_paise > high:
        raise Refused(_("The largest single recharge is {amount} (maximum per recharge).").format(
            amount=format_rupees(high)), field="amount")


def check_tendered(due_paise: int, tendered_paise: int | None) -> int:
    """The cash handed over; it must cover the cash due (the amount after cash rounding)."""
    if tendered_paise is None:
        return due_paise
    if tendered_paise < due_paise:
        raise Refused(_("Cash tendered {tendered} is less than the cash due {due}.").format(
            tendered=format_rupees(tendered_paise), due=format_rupees(due_paise)), field="tendered")
    return tendered_paise


def cash_due(db: sqlite_utils.Database, amount_paise: int, config: dict | None = None) -> tuple[int, int]:
    """(cash due, rounding) for a cash recharge of this amount, by the ``cash_rounding_paise`` setting."""
    config = config or settings.all_values(db)
    rounding = cash.rounding_for(amount_paise, int(config["cash_rounding_paise"]))
    return amount_paise + rounding, rounding


def cash_due_text(amount_paise: int, due_paise: int, rounding_paise: int) -> str:
    """What the window says under the change when cash rounding changes what is paid."""
    sign = "+" if rounding_paise > 0 else "-"
    return _(CASH_DUE_ROUNDED).format(due=format_rupees(due_paise), amount=format_rupees(amount_paise),
                                   rounding=sign + format_rupees(abs(rounding_paise)))


CASH_DUE_ROUNDED = N_("Cash due {due}: the recharge of {amount} is credited in full; cash is rounded {rounding}.")


def next_receipt_seq(db: sqlite_utils.Database) -> int:
    """The next receipt number: one past the last issued, and past any floor set on restore.

    Runs inside the recharge's write transaction, which holds the write lock, so
    two recharges can never get the same number and a rolled-back one leaves no gap.
    """
    in_file, counter_id = db.execute(
        "SELECT MAX(COALESCE((SELECT MAX(receipt_seq) FROM recharges), 0), "
        "(SELECT value FROM sequences WHERE name = 'receipt')) + 1, (SELECT counter_id FROM counter WHERE id = 1)"
    ).fetchone()
    # Past the head witness too: numbers of a tail deleted from the file are never issued again.
    from counter_app import witness

    seen = witness.head_receipt_seq(storage.data_dir_of(db), counter_id) if counter_id else 0
    return max(in_file, seen + 1)


def cash_taken_today(db: sqlite_utils.Database, consumer_no: str, business_date: str) -> int:
    """Cash this counter kept from one consumer on one day (voided or refunded cash went back)."""
    row = db.execute(
        "SELECT COALESCE(SUM(amount_paise), 0) FROM recharges r WHERE consumer_no = ? AND business_date = ? "
        "AND payment_mode = 'cash' AND NOT EXISTS (SELECT 1 FROM adjustments a WHERE a.txn_id = r.txn_id "
        "AND a.kind IN ('void', 'refunded'))",
        [consumer_no, business_date],
    ).fetchone()
    return row[0]


def take_recharge(db: sqlite_utils.Database, *, cashier_id: str, consumer_no: str, amount_paise: int,
                  tendered_paise: int | None = None) -> Recharge:
    """Validate, then commit one recharge (journal, outbox, receipt number) atomically."""
    config = settings.all_values(db)
    consumer_no = normalise_consumer_no(db, consumer_no, config)
    check_amount(db, amount_paise, config)
    due, rounding = cash_due(db, amount_paise, config)
    tendered = check_tendered(due, tendered_paise)
    me = counter.load(db)
    storage.require_sound(db)
    limit = config["daily_cash_limit_paise"]
    now = clock.now_iso()
    with write_transaction(db):
        shift = shifts.require_open_for(db, cashier_id)
        today = shift.business_date  # the shift's day, whatever the clock says (counter_app.business_day)
        if config["block_on_exposure"]:
            exposure.enforce(db)
        already = cash_taken_today(db, consumer_no, today)
        if already + amount_paise >= limit:
            raise Refused(
                _("Cash from consumer {consumer} today would reach {total}; the daily cash limit (section 269ST) "
                  "requires less than {limit}. Already taken today: {already}. The rest must be paid by other "
                  "means.").format(consumer=consumer_no, total=format_rupees(already + amount_paise),
                                   limit=format_rupees(limit), already=format_rupees(already)),
                field="amount")
        seq = next_receipt_seq(db)
        fields = {
            "txn_id": str(uuid.uuid4()),
            "receipt_no": format_receipt_no(me.counter_id, seq),
            "receipt_seq": seq,
            "counter_id": me.counter_id,
            "shift_id": shift.id,
            "cashier_id": cashier_id,
            "consumer_no": consumer_no,
            "amount_paise": amount_paise,
            "tendered_paise": tendered,
            "change_paise": tendered - due,
            "payment_mode": PAYMENT_MODE_CASH,
            "created_at": now,
            "business_date": today,
            "rounding_paise": rounding,
        }
        taken = record(db, fields)
    note_head(db, taken)
    return taken


def note_head(db: sqlite_utils.Database, taken: Recharge) -> None:
    """After the commit: tell the head witness outside the database how far the journal reached.

    Not while a caller's outer transaction is still open (it may yet roll back, and a
    witness ahead of the file would report a tail that never was).
    """
    if db.conn.in_transaction:
        return
    from counter_app import witness

    head = db.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    witness.note_head(db, counter_id=taken.counter_id, seq=head[0], hash=head[1], receipt_seq=taken.receipt_seq,
                      at=taken.created_at)


def record(db: sqlite_utils.Database, fields: dict, *, supersedes: str | None = None) -> Recharge:
    """Journal a recharge and write its row and outbox row. Inside the caller's transaction."""
    payload = fields if supersedes is None else {**fields, "supersedes": supersedes}
    entry = journal.append(db, "recharge", payload, actor=fields["cashier_id"], ref=fields["txn_id"],
                           at=fields["created_at"])
    taken = Recharge(**fields, journal_seq=entry.seq)
    row = {**fields, "journal_seq": entry.seq}
    db.execute(f"INSERT INTO recharges ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values()))
    outbox.enqueue(db, kind="recharge", taken=taken, entry=entry)
    return taken


def get_by_receipt(db: sqlite_utils.Database, receipt_no: str) -> Recharge | None:
    """Look a receipt up by its number (``MNG-01-0000042``) through its sequence."""
    wanted = (receipt_no or "").strip().upper()
    match = re.match(r"^(.+)-(\d+)$", wanted)
    if not match:
        return None
    row = db.execute(f"SELECT {RECHARGE_COLUMNS} FROM recharges WHERE receipt_seq = ? AND receipt_no = ?",
                     [int(match[2]), wanted]).fetchone()
    return Recharge(*row) if row else None


def get_by_txn(db: sqlite_utils.Database, txn_id: str) -> Recharge | None:
    row = db.execute(f"SELECT {RECHARGE_COLUMNS} FROM recharges WHERE txn_id = ?", [txn_id]).fetchone()
    return Recharge(*row) if row else None
