"""Who may read the operations pages, and what admins did: web users, sessions, the admin log.

A mixin of
:class:`server.sqlite_store.SqliteStore`. Session tokens and counter tokens
are stored only as SHA-256 hashes: they are 256 random bits, so nobody can
work back from the hash, and a stolen database opens no session.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from counter_app import clock
from server.store import UserExists, WebSession, WebUser



class SqliteAccess:
    """Web users, sessions, the admin log and counter credentials (mixed into SqliteStore)."""

    _reader: Any
    _write: Any

    # -- web users ----------------------------------------------------------
    def add_web_user(self, user_id: str, role: str, password_hash: str) -> None:
        try:
            with self._write() as conn:
                conn.execute("INSERT INTO web_users (user_id, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                             [user_id, role, password_hash, clock.now_iso()])
        except sqlite3.IntegrityError:
            raise UserExists(user_id) from None

    def web_user(self, user_id: str) -> WebUser | None:
        row = self._reader().execute("SELECT user_id, role, password_hash, failed_attempts, locked_until "
                                     "FROM web_users WHERE user_id = ?", [user_id]).fetchone()
        return WebUser(*row) if row else None

    def note_wrong_password(self, user_id: str, max_wrong: int, locked_until: str) -> str | None:
        with self._write() as conn:
            failed = conn.execute("UPDATE web_users SET failed_attempts = failed_attempts + 1 WHERE user_id = ? "
                                  "RETURNING failed_attempts", [user_id]).fetchone()
            if failed is None or failed[0] < max_wrong:
                return None
            conn.execute("UPDATE web_users SET failed_attempts = 0, locked_until = ? WHERE user_id = ?",
                         [locked_until, user_id])
            return locked_until

    def clear_wrong_passwords(self, user_id: str) -> None:
        with self._write() as conn:
            conn.execute("UPDATE web_users SET failed_attempts = 0, locked_until = NULL WHERE user_id = ? "
                         "AND (failed_attempts > 0 OR locked_until IS NOT NULL)", [user_id])

    # -- sessions -----------------------------------------------------------
    def create_session(self, token_sha256: str, user_id: str, csrf_token: str, expires_at: str) -> None:
        now = clock.now_iso()
        with self._write() as conn:
            conn.execute("DELETE FROM web_sessions WHERE expires_at < ?", [now])
            conn.execute("INSERT INTO web_sessions (token_sha256, user_id, csrf_token, created_at, expires_at) "
                         "VALUES (?, ?, ?, ?, ?)", [token_sha256, user_id, csrf_token, now, expires_at])

    def web_session(self, token_sha256: str, now: str) -> WebSession | None:
        row = self._reader().execute(
            "SELECT s.user_id, u.role, s.csrf_token, s.expires_at FROM web_sessions s "
            "JOIN web_users u ON u.user_id = s.user_id WHERE s.token_sha256 = ? AND s.expires_at > ?",
            [token_sha256, now]).fetchone()
        return WebSession(*row) if row else None

    def delete_session(self, token_sha256: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM web_sessions WHERE token_sha256 = ?", [token_sha256])

    # -- admin log ------------------------------------------------------------
    def record_admin_action(self, user_id: str, action: str, counter_id: str | None, detail: str) -> str:
        at = clock.now_iso()
        with self._write() as conn:
            conn.execute("INSERT INTO admin_actions (at, user_id, action, counter_id, detail) VALUES (?, ?, ?, ?, ?)",
                         [at, user_id, action, counter_id, detail])
        return at

    def admin_actions(self, counter_id: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        where, args = ("WHERE counter_id = ?", [counter_id]) if counter_id else ("", [])
        rows = self._reader().execute(f"SELECT at, user_id, action, counter_id, detail FROM admin_actions {where} "
                                      "ORDER BY id DESC LIMIT ?", [*args, limit])
        return [dict(zip(("at", "user_id", "action", "counter_id", "detail"), r)) for r in rows]
