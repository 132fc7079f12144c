"""Signing in to the operations pages: argon2id passwords, lockout, sessions and CSRF tokens.

The lockout rule is the counter's PIN rule (:mod:`counter_app.users`): five
wrong passwords in a row lock the user for five minutes. A session is a random
token in an HttpOnly cookie; the store keeps only its SHA-256 and the
session's CSRF token, so every worker process sees the same sessions.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from counter_app import clock
from counter_app.users import LOCKOUT, MAX_WRONG_PINS
from server.store import Store, WebSession, hash_token

log = logging.getLogger(__name__)

ROLES = ("viewer", "admin")
USER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
_HASHER = PasswordHasher()  # argon2id, the library's recommended cost
# Checked when the user id is unknown, so a wrong id takes as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_hex(16))


class SignInRefused(Exception):
    """A sentence for the sign-in page."""


class InvalidUser(ValueError):
    """A user id, role or password that ``user add`` cannot take; the message says why."""


@dataclass(frozen=True)
class NewSession:
    token: str          # goes into the cookie, never stored
    csrf_token: str
    user_id: str
    role: str
    expires_at: str


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def check_new_user(user_id: str, role: str, password: str) -> None:
    if not USER_ID.match(user_id):
        raise InvalidUser(f"User id {user_id!r} is not valid: use 1 to 64 letters, digits and . _ @ -.")
    if role not in ROLES:
        raise InvalidUser(f"Role {role!r} is not one of: {', '.join(ROLES)}.")
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InvalidUser(f"The password needs {MIN_PASSWORD} to {MAX_PASSWORD} characters.")


def add_user(store: Store, user_id: str, role: str, password: str) -> None:
    """Raises InvalidUser, or UserExists from the store."""
    check_new_user(user_id, role, password)
    store.add_web_user(user_id, role, hash_password(password))


def sign_in(store: Store, user_id: str, password: str, *, ttl: dt.timedelta, zone: dt.tzinfo = dt.timezone.utc,
            now: dt.datetime | None = None) -> NewSession:
    """A new session for a right password; SignInRefused otherwise (wrong ones count towards a lockout)."""
    now = now or clock.utc_now()
    user = store.web_user(user_id) if USER_ID.match(user_id or "") else None
    if user is not None and user.locked_until and clock.parse_iso(user.locked_until) > now:
        raise SignInRefused(f"{user_id} is locked after {MAX_WRONG_PINS} wrong passwords until "
                            f"{_hhmm(user.locked_until, zone)}. Wait, or ask another admin.")
    try:
        _HASHER.verify(user.password_hash if user else _DUMMY_HASH, password[:MAX_PASSWORD])
        if user is None:
            raise VerificationError
    except (VerificationError, InvalidHashError):
        if user is not None:
            locked = store.note_wrong_password(user.user_id, MAX_WRONG_PINS, clock.to_iso(now + LOCKOUT))
            if locked:
                log.warning("web user %s locked after %d wrong passwords", user.user_id, MAX_WRONG_PINS)
                raise SignInRefused(f"Wrong password. {user_id} is now locked for "
                                    f"{int(LOCKOUT.total_seconds() // 60)} minutes.") from None
        raise SignInRefused("The user id or the password is wrong.") from None
    if user.failed_attempts or user.locked_until:
        store.clear_wrong_passwords(user.user_id)
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = clock.to_iso(now + ttl)
    store.create_session(hash_token(token), user.user_id, csrf, expires)
    log.info("web user %s signed in", user.user_id)
    return NewSession(token=token, csrf_token=csrf, user_id=user.user_id, role=user.role, expires_at=expires)


def session_for(store: Store, token: str | None) -> WebSession | None:
    if not token or len(token) > 200:
        return None
    return store.web_session(hash_token(token), clock.now_iso())


def sign_out(store: Store, token: str) -> None:
    store.delete_session(hash_token(token))


def csrf_ok(session: WebSession, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(session.csrf_token.encode(), (given or "").encode("utf-8", "replace"))


def _hhmm(iso: str, zone: dt.tzinfo) -> str:
    return clock.parse_iso(iso).astimezone(zone).strftime("%H:%M %Z")
