"""A throwaway PostgreSQL cluster for tests and benchmarks: initdb in a temporary folder, a free port, stopped after.

PostgreSQL refuses to run as root, so when the tests run as root (a CI container)
the cluster belongs to the ``postgres`` system user that Debian's package creates;
otherwise it runs as whoever runs the tests. Loaded as a pytest plugin from
``tests/conftest.py``: the ``pg_cluster`` fixture starts one cluster per session,
the first time a test asks for it, and each user of it takes its own database.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

SYSTEM_USER = "postgres"
ROLE = "counter"
_databases = itertools.count(1)


def find_bin_dir() -> Path:
    """The newest PostgreSQL server binaries: Debian keeps them under /usr/lib/postgresql/VERSION/bin."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    raise RuntimeError("PostgreSQL is not installed: run ./dev.sh setup (it installs the Debian package "
                       "'postgresql'), or install the server binaries so that initdb is found.")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """One PostgreSQL server of our own; ``url(db)`` names a database in it."""

    def __init__(self, root: Path | None = None, *, port: int | None = None,
                 settings: dict[str, str] | None = None) -> None:
        self.bin = find_bin_dir()
        # Not under pytest's tmp_path: that is root's own (0700) and the postgres user could not enter it.
        self.root = Path(root or tempfile.mkdtemp(prefix="counter-pg-"))
        self.data = self.root / "data"
        self.port = port or free_port()
        self.settings = settings or {}
        self._as_user = SYSTEM_USER if os.geteuid() == 0 else None

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([str(self.bin / args[0]), *args[1:]], user=self._as_user, capture_output=True,
                              text=True, cwd=self.root)
        if check and done.returncode:
            raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr.strip()[-1500:]}")
        return done

    def start(self) -> "Cluster":
        self.root.mkdir(parents=True, exist_ok=True)
        if self._as_user:
            entry = pwd.getpwnam(self._as_user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        if not (self.data / "PG_VERSION").exists():
            self._run("initdb", "-D", str(self.data), "-U", ROLE, "--auth=trust", "-E", "UTF8", "--no-locale")
            with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
                conf.write(f"\nlisten_addresses = '127.0.0.1'\nport = {self.port}\n"
                           f"unix_socket_directories = '{self.root}'\nmax_connections = 200\n")
                for key, value in self.settings.items():
                    conf.write(f"{key} = {value}\n")
        self.ctl("start")
        deadline = time.monotonic() + 30
        while self._run("pg_isready", "-h", "127.0.0.1", "-p", str(self.port), check=False).returncode:
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL did not start: {self.log_tail()}")
            time.sleep(0.1)
        return self

    def ctl(self, action: str, *extra: str) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", "-t", "60",
                  action, *extra)

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def log_tail(self) -> str:
        path = self.root / "server.log"
        return path.read_text(encoding="utf-8", errors="replace")[-2000:] if path.exists() else "(no log)"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{ROLE}@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        return self._run("psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", self.url(database),
                         "-c", sql).stdout

    def new_database(self, prefix: str = "t") -> str:
        """A fresh empty database; returns its URL."""
        name = f"{prefix}_{os.getpid()}_{next(_databases)}"
        self.psql(f"CREATE DATABASE {name}")
        return self.url(name)


@pytest.fixture(scope="session")
def pg_cluster():
    # fsync off: a throwaway cluster that dies with the session need not survive a power cut.
    cluster = Cluster(settings={"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}).start()
    yield cluster
    cluster.destroy()
