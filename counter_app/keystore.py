"""The counter's secrets (its Ed25519 private key and its API token), kept out of the database.

A copy of the database (a backup left on a USB stick, a file mailed to IT)
must not carry what lets someone sign money messages or talk to the server as
this counter. So the secrets live in the OS keyring when one is usable, and
otherwise in owner-only files in the data folder (0600 in a 0700 folder); the
database holds only the public key. Which place holds them is written in a
small file beside them (``secrets.where``), so every process of this data
folder looks in the same place.

The server's public key, pinned at setup, lives here too: it is not secret,
but whoever can change it can forge the server's word, so it is kept out of
the database as well.
"""

from __future__ import annotations

import functools
import logging
import os
import stat
import sys
from pathlib import Path

log = logging.getLogger(__name__)

KEY_FILE = "counter-key.pem"
TOKEN_FILE = "api-token"
SERVER_KEY_FILE = "server-key.pem"
WHERE_FILE = "secrets.where"
KEYRING_SERVICE = "counter-app"
# COUNTER_APP_KEYRING=0 keeps secrets in files even where a keyring exists (a
# shared Windows account, a test run).
ENV_KEYRING = "COUNTER_APP_KEYRING"

# Every file of a data folder that holds a secret or the pinned server key.
FILES = (KEY_FILE, TOKEN_FILE, SERVER_KEY_FILE, WHERE_FILE)

_cache: dict[tuple[str, str], str | None] = {}


def owner_only_dir(folder: Path) -> None:
    """Create ``folder`` (if needed) readable by its owner only."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(folder, 0o700)


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, mode 0600 from the first byte."""
    part = path.with_name(path.name + ".part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    if os.name == "posix":
        os.chmod(part, 0o600)
    os.replace(part, path)


def _keyring():
    """The keyring module when a real backend answers here, else None."""
    wanted = os.environ.get(ENV_KEYRING)
    if wanted == "0":
        return None
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        # The fail and null backends have priority 0 or less, and so has a chainer with nothing in it.
        usable = keyring.get_keyring().priority > 0 and not isinstance(keyring.get_keyring(), fail.Keyring)
    except Exception:  # a broken D-Bus or a locked keychain: no keyring here
        log.info("no usable keyring backend", exc_info=True)
        usable = False
    return keyring if usable else None


def where(data_dir: Path) -> str:
    """``keyring`` or ``file``: where this data folder's secrets are kept."""
    try:
        return (data_dir / WHERE_FILE).read_text().strip() or "file"
    except OSError:
        return "file"


@functools.lru_cache(maxsize=256)
def _real(data_dir: Path) -> str:
    """The folder's full path, resolved once per process: each recharge asks for its key and token, and
    resolving walks every component of the path (a system call each)."""
    return str(data_dir.resolve())


def _account(data_dir: Path, name: str) -> str:
    return f"{_real(data_dir)}:{name}"


def put(data_dir: Path, name: str, value: str) -> str:
    """Store one secret (``key`` or ``token``); returns where it went."""
    owner_only_dir(data_dir)
    ring = _keyring() if where(data_dir) == "keyring" or not (data_dir / WHERE_FILE).exists() else None
    place = "file"
    if ring is not None:
        try:
            ring.set_password(KEYRING_SERVICE, _account(data_dir, name), value)
            place = "keyring"
        except Exception:  # the keyring refused (locked, no session): the file is the fallback
            log.warning("the keyring refused the counter's %s; keeping it in an owner-only file", name)
    if place == "file":
        write_private(data_dir / _file_for(name), value)
    if not (data_dir / WHERE_FILE).exists() or where(data_dir) != place:
        (data_dir / WHERE_FILE).write_text(place + "\n")
    _cache[(_real(data_dir), name)] = value
    return place


def get(data_dir: Path, name: str) -> str | None:
    """One secret, or None when there is none."""
    cache_key = (_real(data_dir), name)
    if cache_key in _cache:
        return _cache[cache_key]
    value: str | None = None
    if where(data_dir) == "keyring":
        ring = _keyring()
        if ring is not None:
            try:
                value = ring.get_password(KEYRING_SERVICE, _account(data_dir, name))
            except Exception:
                log.warning("the keyring could not be read for the counter's %s", name)
    if value is None:
        try:
            value = (data_dir / _file_for(name)).read_text(encoding="utf-8") or None
        except FileNotFoundError:
            value = None
    _cache[cache_key] = value
    return value


def forget_cache() -> None:
    """Drop what this process remembers (after a restore replaced the folder's files)."""
    _cache.clear()


def _file_for(name: str) -> str:
    return {"key": KEY_FILE, "token": TOKEN_FILE}[name]


def loose_permissions(data_dir: Path) -> list[str]:
    """Secret files or the folder readable by others (POSIX): for verify and self-test."""
    if os.name != "posix" or sys.platform == "win32":
        return []
    found = []
    for path in (data_dir, data_dir / KEY_FILE, data_dir / TOKEN_FILE):
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077:
            found.append(f"{path} is readable by other users (mode {mode:o}); it should be owner-only "
                         f"(chmod {'700' if path.is_dir() else '600'})")
    return found


# -- the server's public key, pinned at setup ----------------------------------
def pin_server_key(data_dir: Path, pem: str) -> None:
    owner_only_dir(data_dir)
    write_private(data_dir / SERVER_KEY_FILE, pem.strip() + "\n")
    _cache.pop((_real(data_dir), "server_key"), None)


def server_key_pem(data_dir: Path) -> str | None:
    cache_key = (_real(data_dir), "server_key")
    if cache_key not in _cache:
        try:
            _cache[cache_key] = (data_dir / SERVER_KEY_FILE).read_text(encoding="utf-8") or None
        except FileNotFoundError:
            return None
    return _cache[cache_key]
