"""Backup encryption: AES-256-GCM with a key derived from a passphrase by scrypt.

Why a passphrase: the key must not live in the backup (or a stolen USB stick
is an open book) and must survive the PC (or a dead disk takes the only key
with it). So IT sets a passphrase once; the derived key is cached in the data
folder for the automatic backups (never in the database, so never in a
backup), and a restore on a new PC needs only the passphrase and the file.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from counter_app.errors import KnownError
from counter_app.signing import b64, unb64
from counter_app.i18n import _

KEY_FILE = "backup.key"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MIN_PASSPHRASE = 8


@dataclass(frozen=True)
class BackupKey:
    salt: bytes
    key: bytes

    def __repr__(self) -> str:  # never show key material in logs or tracebacks
        return "BackupKey(<hidden>)"


def derive(passphrase: str, salt: bytes) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return kdf.derive(passphrase.encode("utf-8"))


def set_passphrase(data_dir: Path, passphrase: str) -> BackupKey:
    if len(passphrase) < MIN_PASSPHRASE:
        raise KnownError(_("A backup passphrase has at least {min_passphrase} characters.").format(
            min_passphrase=MIN_PASSPHRASE))
    salt = os.urandom(16)
    key = BackupKey(salt, derive(passphrase, salt))
    path = data_dir / KEY_FILE
    tmp = path.with_suffix(".part")
    tmp.write_text(json.dumps({"salt": b64(key.salt), "key": b64(key.key)}))
    os.chmod(tmp, 0o600)
    tmp.replace(path)
    return key


def load_key(data_dir: Path) -> BackupKey | None:
    path = data_dir / KEY_FILE
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    return BackupKey(unb64(data["salt"]), unb64(data["key"]))


def encrypt(key: BackupKey, header: dict, plaintext: bytes) -> tuple[dict, bytes]:
    nonce = os.urandom(12)
    header = {**header, "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
                                "salt": b64(key.salt)}, "nonce": b64(nonce)}
    aad = json.dumps(header, sort_keys=True).encode()
    return header, AESGCM(key.key).encrypt(nonce, plaintext, aad)


def decrypt(header: dict, ciphertext: bytes, *, key: bytes) -> bytes:
    aad = json.dumps(header, sort_keys=True).encode()
    try:
        return AESGCM(key).decrypt(unb64(header["nonce"]), ciphertext, aad)
    except InvalidTag:
        raise KnownError(_("The backup cannot be opened: wrong passphrase, or the file was changed or damaged.")) from None


# What a header may ask of scrypt. Nothing in it is authenticated before the key is
# derived (the key is what authenticates it), so an edited header could otherwise ask
# for gigabytes of memory: n = 2**21 takes 2 GB. Ours uses 2**15, 8, 1.
MAX_SCRYPT_N, MAX_SCRYPT_R, MAX_SCRYPT_P = 2**17, 16, 4
_INTEGERS = ("format", "last_receipt_seq", "journal_seq", "size")
_TEXTS = ("counter_id", "created_at", "sha256", "nonce")


def header_problem(header: object) -> str | None:
    """What is wrong with a backup header read from a file, in a few words; None when it is usable."""
    if not isinstance(header, dict):
        return "the header is not an object"
    for name in _INTEGERS:
        if not isinstance(header.get(name), int) or isinstance(header.get(name), bool) or header[name] < 0:
            return f"{name} is missing or not a count"
    for name in _TEXTS:
        if not isinstance(header.get(name), str):
            return f"{name} is missing"
    kdf = header.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
        return "it names no scrypt key derivation"
    for name, largest in (("n", MAX_SCRYPT_N), ("r", MAX_SCRYPT_R), ("p", MAX_SCRYPT_P)):
        value = kdf.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= largest:
            return f"scrypt parameter {name} is outside 1..{largest}"
    if kdf["n"] < 2 or kdf["n"] & (kdf["n"] - 1):
        return "scrypt parameter n is not a power of two"
    for name, size in (("salt", 16), ("nonce", 12)):
        text = kdf.get("salt") if name == "salt" else header.get("nonce")
        try:
            if not isinstance(text, str) or len(unb64(text)) != size:
                return f"the {name} is not {size} bytes"
        except ValueError:
            return f"the {name} is not base64"
    if len(header["sha256"]) != 64:
        return "the checksum is not a SHA-256"
    return None


def key_for(header: dict, passphrase: str | None, cached: BackupKey | None) -> bytes:
    """The cached key when its salt matches, else one derived from the passphrase."""
    salt = unb64(header["kdf"]["salt"])
    if cached is not None and cached.salt == salt:
        return cached.key
    if not passphrase:
        raise KnownError(_("This backup was made with another passphrase: give it (--passphrase-stdin)."))
    kdf = header["kdf"]
    return Scrypt(salt=salt, length=32, n=kdf["n"], r=kdf["r"], p=kdf["p"]).derive(passphrase.encode("utf-8"))
