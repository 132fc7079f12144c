"""The counter's identity: its id, office, server and signing key.

The database holds the public part; the private key and the API token are in
``keystore`` (the OS keyring or owner-only files), read when a Counter is loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlite_utils
from typing import TYPE_CHECKING

from collections.abc import Callable
from pathlib import Path

from counter_app import clock, journal, keystore, storage
from counter_app.errors import InputError, NotSetUp, Refused, StorageError
from counter_app.storage import write_transaction
from counter_app.i18n import _

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# cryptography is imported where a key is used, not at import: it costs a
# noticeable part of the window's cold start, and most commands never sign.

COUNTER_ID = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,14}[A-Za-z0-9])?$")


@dataclass(frozen=True)
class Counter:
    counter_id: str
    office: str
    server_url: str
    token: str | None
    public_key_pem: str
    private_key_pem: str
    key_registered_at: str | None

    def private_key(self) -> Ed25519PrivateKey:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        key = serialization.load_pem_private_key(self.private_key_pem.encode(), password=None)
        assert isinstance(key, Ed25519PrivateKey)
        return key

    def __repr__(self) -> str:  # keep the token and key out of logs and tracebacks
        return f"Counter({self.counter_id!r}, office={self.office!r}, server_url={self.server_url!r})"


def validate_counter_id(text: str) -> str:
    value = (text or "").strip().upper()
    if not COUNTER_ID.match(value):
        raise InputError(
            _("Counter id {text} is not valid: use 1 to 16 letters, digits and dashes, like MNG-01.").format(
                text=repr(text)),
            field="counter_id",
        )
    return value


def validate_server_url(text: str) -> str:
    value = (text or "").strip().rstrip("/")
    if not re.match(r"^https?://[^\s/]+(/\S*)?$", value):
        raise InputError(
            _("Server address {text} is not valid: give a URL such as https://sync.example.in.").format(
                text=repr(text)),
            field="server_url",
        )
    return value


def _new_key_pair() -> tuple[str, str]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    return private, public


def _folder(db: sqlite_utils.Database) -> Path:
    folder = storage.data_dir_of(db)
    if folder is None:
        raise StorageError(_("This database is a copy in memory: it holds no keys."))
    return folder


def load(db: sqlite_utils.Database) -> Counter:
    row = db.execute(
        "SELECT counter_id, office, server_url, public_key_pem, key_registered_at FROM counter WHERE id = 1"
    ).fetchone()
    if not row:
        raise NotSetUp(_("This counter is not set up yet. Run 'counter-app setup --counter-id ID --server URL'."))
    counter_id, office, server_url, public_pem, registered = row
    folder = _folder(db)
    private = keystore.get(folder, "key")
    if private is None:
        raise StorageError(_("The signing key of counter {counter_id} is missing from {folder} (file "
                             "{key_file} or the keyring). Restore the data folder from a backup, or call IT.").format(
                                 counter_id=counter_id, folder=folder, key_file=keystore.KEY_FILE))
    return Counter(counter_id, office, server_url, keystore.get(folder, "token"), public_pem, private, registered)


_signers: dict[str, tuple[str, Callable[[bytes], str]]] = {}


def signer(db: sqlite_utils.Database) -> Callable[[bytes], str]:
    """A function signing bytes with this counter's key, made once per process and key.

    Through libsodium (PyNaCl) when it is installed: Ed25519 signatures are
    deterministic, so it gives the same bytes as ``cryptography``, faster, which
    matters because every recharge signs its message inside its commit.
    """
    folder = _folder(db)
    pem = keystore.get(folder, "key")
    if pem is None:
        load(db)  # raises the sentence about the missing key
    cached = _signers.get(str(folder))
    if cached and cached[0] == pem:
        return cached[1]
    from cryptography.hazmat.primitives import serialization

    from counter_app import signing

    sign = signing.fast_signer(serialization.load_pem_private_key(pem.encode(), password=None))
    _signers[str(folder)] = (pem, sign)
    return sign


def is_set_up(db: sqlite_utils.Database) -> bool:
    return db.execute("SELECT 1 FROM counter WHERE id = 1").fetchone() is not None


def setup(db: sqlite_utils.Database, *, counter_id: str, server_url: str,
          token: str | None = None, office: str | None = None) -> Counter:
    """Store the counter's identity. Safe to re-run with the same counter id.

    The key pair is made once and kept: changing it would make receipts
    already printed unverifiable. The private key and the token go to the
    keystore, never into the database.
    """
    folder = _folder(db)
    counter_id = validate_counter_id(counter_id)
    server_url = validate_server_url(server_url)
    now = clock.now_iso()
    with write_transaction(db):
        existing = db.execute("SELECT counter_id FROM counter WHERE id = 1").fetchone()
        if existing and existing[0] != counter_id:
            taken = db.execute("SELECT COUNT(*) FROM recharges").fetchone()[0]
            if taken:
                raise Refused(
                    _("This database belongs to counter {value} and holds {taken} recharges; it cannot become "
                      "{counter_id}. Use a new data folder for a new counter.").format(
                          value=existing[0], taken=taken, counter_id=counter_id)
                )
        if existing:
            db.execute(
                "UPDATE counter SET counter_id = ?, server_url = ?, office = COALESCE(?, office), updated_at = ? "
                "WHERE id = 1",
                [counter_id, server_url, office, now],
            )
        else:
            private, public = _new_key_pair()
            keystore.put(folder, "key", private)
            db.execute(
                "INSERT INTO counter (id, counter_id, office, server_url, token, private_key_pem, "
                "public_key_pem, created_at, updated_at) VALUES (1, ?, ?, ?, NULL, '', ?, ?, ?)",
                [counter_id, office or "", server_url, public, now, now],
            )
        if token is not None:
            keystore.put(folder, "token", token)
        # The token is a secret: the journal records that it changed, not its value.
        journal.append(db, "counter_setup", {
            "counter_id": counter_id, "server_url": server_url,
            "office": office, "token_set": token is not None,
        }, ref=counter_id, at=now)
    return load(db)


def mark_key_registered(db: sqlite_utils.Database) -> None:
    with write_transaction(db):
        db.execute("UPDATE counter SET key_registered_at = ? WHERE id = 1", [clock.now_iso()])


def move_secrets_out(db: sqlite_utils.Database) -> None:
    """Secrets found in the database (an older version's file, a restored backup) go to the keystore.

    They are written out first and blanked second, inside the caller's
    transaction: a crash between the two leaves them in both places, never in neither.
    """
    row = db.execute("SELECT private_key_pem, token FROM counter WHERE id = 1").fetchone()
    if not row or not (row[0] or row[1]):
        return
    folder = _folder(db)
    private, token = row
    if private:
        keystore.put(folder, "key", private)
    if token:
        keystore.put(folder, "token", token)
    db.execute("PRAGMA secure_delete = ON")  # zero the old bytes, not just unlink them
    db.execute("UPDATE counter SET private_key_pem = '', token = NULL WHERE id = 1")
