"""Cashiers and supervisors: argon2id-hashed PINs and lockout after wrong PINs."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import sqlite_utils
from typing import TYPE_CHECKING

from counter_app import clock, journal
from counter_app.errors import InputError, Refused
from counter_app.storage import write_transaction
from counter_app.i18n import _

ROLES = ("cashier", "supervisor")
MAX_WRONG_PINS = 5
LOCKOUT = dt.timedelta(minutes=5)
USER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
PIN = re.compile(r"^\d{4,8}$", re.ASCII)

if TYPE_CHECKING:
    from argon2 import PasswordHasher

_HASHER: PasswordHasher | None = None


def _hasher() -> PasswordHasher:
    """argon2id with the library's current recommended cost, loaded on first use.

    Importing argon2 is a noticeable part of the window's cold start; the
    window shows the login page first and needs the hasher only at the first PIN.
    """
    global _HASHER
    if _HASHER is None:
        from argon2 import PasswordHasher
        _HASHER = PasswordHasher()
    return _HASHER


@dataclass(frozen=True)
class User:
    id: str
    name: str
    role: str
    active: bool

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


def validate_pin(pin: str) -> str:
    if not PIN.match(pin or ""):
        raise InputError(_("A PIN is 4 to 8 digits."), field="pin")
    return pin


def add(db: sqlite_utils.Database, *, user_id: str, name: str, role: str, pin: str,
        actor: str | None = None) -> User:
    user_id = (user_id or "").strip()
    if not USER_ID.match(user_id):
        raise InputError(_("User id {user_id} is not valid: use letters, digits, '.', '_' or '-'.").format(
            user_id=repr(user_id)),
                         field="user_id")
    name = (name or "").strip()
    if not name:
        raise InputError(_("Give the person's name."), field="name")
    if role not in ROLES:
        raise InputError(_("Role must be one of {join}.").format(join=', '.join(ROLES)), field="role")
    pin_hash = _hasher().hash(validate_pin(pin))
    now = clock.now_iso()
    with write_transaction(db):
        if db.execute("SELECT 1 FROM users WHERE id = ?", [user_id]).fetchone():
            raise Refused(_("User {user_id} exists already.").format(user_id=user_id), field="user_id")
        db.execute(
            "INSERT INTO users (id, name, role, pin_hash, created_at) VALUES (?, ?, ?, ?, ?)",
            [user_id, name, role, pin_hash, now],
        )
        journal.append(db, "user_add", {"id": user_id, "name": name, "role": role},
                       actor=actor, ref=user_id, at=now)
    return User(user_id, name, role, True)


def get(db: sqlite_utils.Database, user_id: str) -> User | None:
    row = db.execute("SELECT id, name, role, active FROM users WHERE id = ?", [user_id]).fetchone()
    return User(row[0], row[1], row[2], bool(row[3])) if row else None


def list_all(db: sqlite_utils.Database) -> list[dict]:
    rows = db.execute(
        "SELECT id, name, role, active, locked_until, created_at FROM users ORDER BY id"
    ).fetchall()
    now = clock.now_iso()
    return [
        {"id": r[0], "name": r[1], "role": r[2], "active": bool(r[3]),
         "locked": bool(r[4] and r[4] > now), "created_at": r[5]}
        for r in rows
    ]


def authenticate(db: sqlite_utils.Database, user_id: str, pin: str, *, role: str | None = None,
                 now: dt.datetime | None = None) -> User:
    """Check a PIN. Wrong PINs count towards a lockout even though this raises."""
    now = now or clock.utc_now()
    field = "supervisor" if role == "supervisor" else "cashier"
    row = db.execute(
        "SELECT pin_hash, failed_attempts, locked_until, active FROM users WHERE id = ?", [user_id]
    ).fetchone()
    if not row or not row[3]:
        raise Refused(_("No active user {user} on this counter.").format(user=repr(user_id)), field=field)
    pin_hash, failed, locked_until, _active = row
    if locked_until and clock.parse_iso(locked_until) > now:
        until = clock.local(locked_until).strftime("%H:%M")
        raise Refused(_("User {user} is locked after {n} wrong PINs until {until}. Wait, or ask a supervisor.")
                      .format(user=user_id, n=MAX_WRONG_PINS, until=until), field=field)
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        _hasher().verify(pin_hash, pin or "")
    except (VerificationError, InvalidHashError):
        _record_wrong_pin(db, user_id, failed + 1, now)
        left = MAX_WRONG_PINS - (failed + 1)
        if left <= 0:
            raise Refused(_("Wrong PIN. User {user} is now locked for {minutes} minutes.").format(
                user=user_id, minutes=int(LOCKOUT.total_seconds() // 60)), field="pin") from None
        raise Refused(_("Wrong PIN for {user} ({left} tries left before a lockout).").format(user=user_id, left=left),
                      field="pin") from None
    if failed or locked_until:
        with write_transaction(db):
            db.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?", [user_id])
    user = get(db, user_id)
    assert user is not None
    if role == "supervisor" and not user.is_supervisor:
        raise Refused(_("{user} is not a supervisor; a supervisor's id and PIN are needed.").format(user=user_id),
                      field=field)
    return user


def _record_wrong_pin(db: sqlite_utils.Database, user_id: str, failed: int, now: dt.datetime) -> None:
    with write_transaction(db):
        if failed >= MAX_WRONG_PINS:
            until = clock.to_iso(now + LOCKOUT)
            db.execute("UPDATE users SET failed_attempts = 0, locked_until = ? WHERE id = ?", [until, user_id])
            journal.append(db, "user_locked", {"id": user_id, "until": until}, ref=user_id,
                           at=clock.to_iso(now))
        else:
            db.execute("UPDATE users SET failed_attempts = ? WHERE id = ?", [failed, user_id])
