"""The server's own Ed25519 key: it signs every result it returns, so a counter's "confirmed" is evidence.

The private key lives in an owner-only file (``server-key.pem``, 0600, in the
server data folder, or ``--server-key-file`` / ``$COUNTER_SERVER_KEY_FILE``),
created on first start, never in the database and never in a log. A file that
others can read is refused: whoever reads it can sign "credited" for money the
server never saw.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counter_app import canonical, signing
from server.store import key_id

log = logging.getLogger(__name__)

KEY_FILE = "server-key.pem"
ENV_KEY_FILE = "COUNTER_SERVER_KEY_FILE"


class ServerKeyError(Exception):
    """The key file cannot be used; the message says what to do."""


@dataclass(frozen=True)
class ServerKey:
    private_key: Ed25519PrivateKey
    public_key_pem: str
    key_id: str
    _sign: Callable[[bytes], str] = field(repr=False, compare=False, default=None)  # type: ignore[assignment]

    def __repr__(self) -> str:  # never the private key
        return f"ServerKey({self.key_id})"

    def sign(self, value: Any) -> str:
        """``signing.sign_object(private_key, value)``; what the server signs is built from text and integers."""
        return self._sign(canonical.to_bytes(value, plain=True))

    def public(self) -> dict[str, str]:
        """The answer of ``GET /api/v1/server-key``."""
        return {"public_key_pem": self.public_key_pem, "key_id": self.key_id}


def from_private_key(key: Ed25519PrivateKey) -> ServerKey:
    pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                        serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return ServerKey(key, pem, key_id(pem), signing.fast_signer(key))


def ephemeral() -> ServerKey:
    """A key that lives as long as the process (embedded servers and tests that need no pinning)."""
    return from_private_key(Ed25519PrivateKey.generate())


def _check_owner_only(path: Path) -> None:
    if os.name == "nt":  # NTFS permissions are not mode bits; the data folder's ACL protects it
        return
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ServerKeyError(f"The server key file {path} can be read by other users (mode "
                             f"{stat.S_IMODE(mode):o}). Run: chmod 600 {path}")


def load_or_create(path: Path) -> ServerKey:
    """The key in ``path``; a new one written there (0600, never overwriting) when there is no file."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        data = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption())
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return load_or_create(path)  # another process made it first
        except OSError as exc:
            raise ServerKeyError(f"Cannot create the server key file {path}: {exc.strerror}.") from None
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        made = from_private_key(key)
        log.warning("created the server signing key %s (key_id %s)", path, made.key_id)
        return made
    _check_owner_only(path)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except OSError as exc:
        raise ServerKeyError(f"Cannot read the server key file {path}: {exc.strerror}.") from None
    except (ValueError, TypeError):
        raise ServerKeyError(f"{path} is not an Ed25519 private key in PEM form. Restore it from the "
                             "server's backup; a new key would make every counter distrust this server.") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ServerKeyError(f"{path} holds a key that is not Ed25519.")
    return from_private_key(key)
