"""``counter-server run`` answers a kept-alive connection without Nagle's wait (issue 12, drain speed).

uvicorn's own bound socket is made without naming TCP, so asyncio did not set
TCP_NODELAY on the connections it accepted: the answer's body waited for the
client's delayed ACK, about 40 ms on every request after a connection's
first (a sync pass of 13 batches lost half a second; one-per-request clients
managed 20 a second). Measured on the real server process over loopback.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]


def test_kept_alive_requests_are_answered_without_the_delayed_ack_wait(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "server", "--data-dir", str(tmp_path / "srv"), "run",
                             "--port", "0"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert "listening on" in line, line + proc.stderr.read()
        url = line.strip().rsplit(" ", 1)[1]
        with requests.Session() as session:   # one connection, kept alive
            took = []
            for _ in range(15):
                started = time.perf_counter()
                assert session.get(f"{url}/api/v1/health", timeout=5).status_code == 200
                took.append(time.perf_counter() - started)
        # 40 ms or more each with Nagle's wait; a few ms without, even on a loaded machine.
        assert statistics.median(took[1:]) < 0.025, [round(t * 1000, 1) for t in took]
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)
        proc.stdout.close()
        proc.stderr.close()
