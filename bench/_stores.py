"""A server on either store for the benchmarks: SQLite in a folder, or PostgreSQL in a throwaway cluster.

The PostgreSQL cluster here is durable as a utility would run it (fsync and
synchronous_commit on, as the SQLite store's synchronous=FULL), unlike the
test suite's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from _common import ROOT

from tests.pg_cluster import Cluster

STORES = ("sqlite", "postgresql")
_TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds of the process and of its children already reaped), or None if gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), sum(int(f) for f in fields[11:15]) / _TICK


def tree_cpu_seconds(root: int) -> float:
    """CPU time used so far by a process and everything under it (from /proc, Linux)."""
    stats = {int(p.name): _stat(int(p.name)) for p in Path("/proc").iterdir() if p.name.isdigit()}
    children: dict[int, list[int]] = {}
    for pid, stat in stats.items():
        if stat:
            children.setdefault(stat[0], []).append(pid)
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        if stats.get(pid):
            total += stats[pid][1]
        todo.extend(children.get(pid, []))
    return total


class BenchServer:
    def __init__(self, kind: str, folder: Path) -> None:
        self.kind = kind
        self.cluster: Cluster | None = None
        self.proc: subprocess.Popen | None = None
        self.url = ""
        if kind == "postgresql":
            self.cluster = Cluster(settings={"max_connections": "300", "shared_buffers": "256MB",
                                             "max_wal_size": "4GB"}).start()
            self.database = self.cluster.new_database("bench")
            self.args = ["--database", self.database, "--data-dir", str(folder)]  # the folder: the server key
        else:
            self.args = ["--data-dir", str(folder)]

    def _env(self) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(ROOT)}

    def seed(self, consumers: int) -> float:
        """Seed through the CLI as IT would; returns the seconds it took."""
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "server", *self.args, "seed", "--consumers", str(consumers)],
                       env=self._env(), check=True, capture_output=True)
        return time.perf_counter() - started

    def start(self, *extra: str) -> str:
        self.proc = subprocess.Popen([sys.executable, "-m", "server", *self.args, "run", "--port", "0", *extra],
                                     env=self._env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        if "listening on" not in line:
            self.proc.kill()
            raise SystemExit(f"{self.kind} server did not start: {line!r}")
        self.url = line.split()[3]
        return self.url

    def cpu_seconds(self) -> tuple[float, float]:
        """CPU seconds used so far by (the server's processes, PostgreSQL's processes; 0 for SQLite)."""
        server = tree_cpu_seconds(self.proc.pid) if self.proc else 0.0
        database = 0.0
        if self.cluster is not None:
            postmaster = int((self.cluster.data / "postmaster.pid").read_text().split()[0])
            database = tree_cpu_seconds(postmaster)
        return server, database

    def open_store(self):
        if self.cluster is not None:
            from server.postgres_store import PostgresStore

            return PostgresStore(self.database)
        from server.sqlite_store import SqliteStore

        return SqliteStore(Path(self.args[-1]))

    def add_counters(self, counter_ids: list[str]) -> dict[str, str]:
        store = self.open_store()
        try:
            return {counter_id: store.add_counter(counter_id) for counter_id in counter_ids}
        finally:
            store.close()

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
            self.proc = None

    def destroy(self) -> None:
        self.stop()
        if self.cluster is not None:
            self.cluster.destroy()
