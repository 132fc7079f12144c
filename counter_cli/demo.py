"""``counter-app demo``: a reference server on loopback, a demo counter and cashier.

The server runs as a child process (``python -m server``) so that taking it
down and bringing it back is what a real outage looks like to the counter:
connection refused, then answers again. Nothing here imports Qt.
"""

from __future__ import annotations

import json
import logging
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from counter_app import connection, counter, users
from counter_app.errors import KnownError
from counter_app.i18n import _

log = logging.getLogger(__name__)

COUNTER_ID = "DEMO-01"
OFFICE = "Demo office, Patna"
CASHIER_ID, CASHIER_NAME, CASHIER_PIN = "demo", "Demo Cashier", "1234"
SUPERVISOR_ID, SUPERVISOR_NAME, SUPERVISOR_PIN = "super", "Demo Supervisor", "9999"
DEFAULT_CONSUMERS = 3000


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_command(server_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "server", "--data-dir", str(server_dir), *args]


def _run_server_command(server_dir: Path, *args: str, timeout: float = 300) -> dict:
    try:
        done = subprocess.run(_server_command(server_dir, *args), capture_output=True, text=True,
                              timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise KnownError(_("The demo server command {join} failed: {exc}").format(
            join=' '.join(args), exc=exc)) from exc
    if done.returncode != 0:
        raise KnownError(_("The demo server command {join} failed: {value}").format(
            join=' '.join(args), value=(done.stderr or done.stdout).strip()[-400:]))
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        return {}


class DemoServer:
    """The reference server as a child process that can be stopped and started again."""

    def __init__(self, server_dir: Path, port: int | None = None) -> None:
        self.server_dir = server_dir
        self.port = port or free_port()
        self._proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self, *, wait: bool = True, timeout: float = 30) -> None:
        if self.running:
            return
        log_file = open(self.server_dir / "server.log", "ab")  # noqa: SIM115 - owned by the child
        # The child's stdin is a pipe only this process holds: when this process ends in any way
        # (even SIGKILL) the pipe closes and the server stops itself (--exit-with-parent).
        self._proc = subprocess.Popen(
            _server_command(self.server_dir, "run", "--host", "127.0.0.1", "--port", str(self.port),
                            "--exit-with-parent"),
            stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.PIPE)
        log_file.close()
        if wait:
            self.wait_healthy(timeout)

    def wait_healthy(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running:
                raise KnownError(_("The demo server stopped at start; see {value}.").format(
                    value=self.server_dir / 'server.log'))
            try:
                with urllib.request.urlopen(f"{self.url}/api/v1/health", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        raise KnownError(_("The demo server did not answer within {timeout:.0f} s; see {value}.").format(
            timeout=timeout, value=self.server_dir / 'server.log'))

    def stop(self) -> None:
        if self._proc is None:
            return
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(5)
        self._proc = None


@dataclass(frozen=True)
class Demo:
    server: DemoServer
    counter_dir: Path


def prepare(root: Path, *, consumers: int = DEFAULT_CONSUMERS, port: int | None = None) -> Demo:
    """Seed the server once, start it, and set up the demo counter and its people."""
    if getattr(sys, "frozen", False):
        raise KnownError(_("The demo runs from a source checkout ('./dev.sh demo'): this installed build does "
                           "not carry the reference server. Use 'counter-app' to open the counter."))
    server_dir, counter_dir = root / "server", root / "counter"
    server_dir.mkdir(parents=True, exist_ok=True)
    token_file = server_dir / "demo-token.json"
    if not token_file.exists():
        _run_server_command(server_dir, "seed", "--consumers", str(consumers), "--json")
        added = _run_server_command(server_dir, "counter", "add", "--counter-id", COUNTER_ID, "--json")
        if not added.get("token"):
            raise KnownError(_("The demo server gave no token for the demo counter."))
        token_file.write_text(json.dumps({"token": added["token"]}))
    token = json.loads(token_file.read_text())["token"]
    server = DemoServer(server_dir, port)
    server.start(wait=True)
    db = connection.open_counter_db(counter_dir)
    try:
        counter.setup(db, counter_id=COUNTER_ID, server_url=server.url, token=token, office=OFFICE)
        for user_id, name, role, pin in ((CASHIER_ID, CASHIER_NAME, "cashier", CASHIER_PIN),
                                         (SUPERVISOR_ID, SUPERVISOR_NAME, "supervisor", SUPERVISOR_PIN)):
            if users.get(db, user_id) is None:
                users.add(db, user_id=user_id, name=name, role=role, pin=pin, actor="demo")
    except BaseException:
        server.stop()
        raise
    finally:
        db.close()
    return Demo(server, counter_dir)
