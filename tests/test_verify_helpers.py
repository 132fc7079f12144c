"""Signatures checked in helper processes (``counter-server run --verify-processes``) answer as the threads do.

The helpers are real processes here (spawned as the server spawns them): a
helper killed mid-life is replaced and its share checked in the server, and
helpers leave when their server is killed with SIGKILL.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counter_app import signing
from server import serve_commands
from server.cli_context import Refused
from server.crediting import signed_bytes
from server.verify import PARALLEL_FROM, THREADS, Verifier

ROOT = Path(__file__).resolve().parents[1]
BATCH = PARALLEL_FROM + 8  # large enough to leave this process


def public_pem(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def signed_items(key: Ed25519PrivateKey, count: int) -> list[dict]:
    items = []
    for n in range(count):
        item = {"txn_id": f"T-{n:04d}", "kind": "recharge", "ref_txn_id": f"T-{n:04d}", "counter_id": "C-01",
                "receipt_no": f"C-01-{n:07d}", "receipt_seq": n + 1, "consumer_no": "1000000001",
                "amount_paise": 100_00 + n, "created_at": "2026-12-01T10:00:00Z"}
        item["signature"] = signing.sign_bytes(key, signed_bytes(item))
        items.append(item)
    return items


def spoiled(items: list[dict]) -> tuple[list[dict], list[bool]]:
    """The items with a few made bad in each way a hostile counter could; and what each should answer."""
    items = [dict(item) for item in items]
    items[3]["amount_paise"] += 1                     # content changed after signing
    items[7]["signature"] = "not base64 !"
    items[11]["signature"] = signing.b64(b"short")    # decodes, wrong length
    items[13]["signature"] = None
    items[17]["signature"] = items[18]["signature"]   # someone else's good signature
    return items, [n not in (3, 7, 11, 13, 17) for n in range(len(items))]


@pytest.fixture
def helpers():
    verifier = Verifier(threads=1, processes=2)
    assert verifier.helpers_ready(timeout=30)
    yield verifier
    verifier.close()


def test_helpers_answer_each_item_as_the_threads_do(helpers):
    key = Ed25519PrivateKey.generate()
    items, expected = spoiled(signed_items(key, BATCH))
    threads = [dict(item) for item in items]
    answers = helpers.start(public_pem(key), items)()
    assert answers == expected
    assert Verifier(threads=2).start(public_pem(key), threads)() == expected
    # Each item carries the fingerprint of the bytes that were checked, as on the threads' path.
    assert [item["fingerprint"] for item in items] == [item["fingerprint"] for item in threads]
    assert multiprocessing.active_children(), "the batch was not checked in helper processes"


def test_another_counters_key_verifies_nothing(helpers):
    mine, theirs = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    assert helpers.start(public_pem(theirs), signed_items(mine, BATCH))() == [False] * BATCH


def test_a_killed_helper_is_replaced_and_the_batch_still_answered_right(helpers):
    key = Ed25519PrivateKey.generate()
    pem = public_pem(key)
    items, expected = spoiled(signed_items(key, BATCH))
    assert helpers.start(pem, [dict(i) for i in items])() == expected
    first = {child.pid for child in multiprocessing.active_children()}
    for pid in first:
        os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    # The pool notices the dead helpers on this batch: it is answered here, and right.
    assert helpers.start(pem, [dict(i) for i in items])() == expected
    # And the next ones to new helpers, once they are up (meanwhile the server checks them itself).
    assert helpers.start(pem, [dict(i) for i in items])() == expected
    assert helpers.helpers_ready(timeout=30)
    assert helpers.start(pem, [dict(i) for i in items])() == expected
    now = {child.pid for child in multiprocessing.active_children()}
    assert now and not now & first


HOLDER = textwrap.dedent("""
    import multiprocessing, sys, time
    sys.path.insert(0, sys.argv[1])
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from server.verify import Verifier
    from tests.test_verify_helpers import BATCH, public_pem, signed_items

    if __name__ == "__main__":
        key = Ed25519PrivateKey.generate()
        verifier = Verifier(threads=1, processes=1)
        assert verifier.helpers_ready(timeout=30)
        assert all(verifier.start(public_pem(key), signed_items(key, BATCH))())
        print(" ".join(str(c.pid) for c in multiprocessing.active_children()), flush=True)
        time.sleep(120)
""")


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_helpers_leave_when_their_server_is_killed(tmp_path):
    script = tmp_path / "holder.py"
    script.write_text(HOLDER, encoding="utf-8")
    holder = subprocess.Popen([sys.executable, str(script), str(ROOT)], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        pids = [int(p) for p in holder.stdout.readline().split()]
        assert pids and all(alive(p) for p in pids)
        holder.send_signal(signal.SIGKILL)  # no clean-up runs: the helpers must notice by themselves
        holder.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(alive(p) for p in pids), "helper processes outlived their server"
    finally:
        holder.kill()
        holder.wait(timeout=10)
        holder.stdout.close()


def run_args(**given) -> argparse.Namespace:
    return argparse.Namespace(**{"workers": 1, "verify_processes": None, **given})


def test_one_server_process_gets_helpers_and_several_do_not_by_default():
    assert serve_commands.verify_processes(run_args()) == serve_commands.DEFAULT_HELPERS > 0
    assert serve_commands.verify_processes(run_args(workers=2)) == 0
    assert serve_commands.verify_processes(run_args(workers=2, verify_processes=1)) == 1
    assert serve_commands.verify_processes(run_args(verify_processes=0)) == 0


def test_several_server_processes_check_signatures_on_the_thread_that_applies_the_batch():
    """Worker processes already fill the cores: a check handed to another thread only costs the hand-off."""
    assert serve_commands.verify_threads(run_args()) == THREADS > 1
    assert serve_commands.verify_threads(run_args(workers=2)) == 1
    assert serve_commands.verify_threads(run_args(workers=8)) == 1


@pytest.mark.parametrize("bad", [-1, 65])
def test_a_helper_count_out_of_range_is_refused_with_what_to_give(bad):
    with pytest.raises(Refused, match="--verify-processes takes 0 to 64"):
        serve_commands.verify_processes(run_args(verify_processes=bad))


def test_batches_that_come_while_the_helpers_start_are_checked_without_waiting_for_them():
    key = Ed25519PrivateKey.generate()
    items, expected = spoiled(signed_items(key, BATCH))
    verifier = Verifier(threads=1, processes=1)
    try:
        assert verifier.start(public_pem(key), items)() == expected  # the first large batch starts them
        # Answered, and the helper is not up yet (a new interpreter takes far longer): answered here.
        assert not verifier.helpers_ready(timeout=0)
        assert verifier.helpers_ready(timeout=30)
    finally:
        verifier.close()


class _CannotStart:
    """A process pool on a machine where no helper can start: every piece of work fails."""

    def __init__(self, *args, **kwargs) -> None:
        pass

    def submit(self, *args, **kwargs):
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        failed: Future = Future()
        failed.set_exception(BrokenProcessPool("cannot start"))
        return failed

    def shutdown(self, *args, **kwargs) -> None:
        pass


def test_helpers_that_cannot_start_leave_the_checks_to_the_threads_for_good(monkeypatch, caplog):
    from server import verify

    monkeypatch.setattr(verify, "ProcessPoolExecutor", _CannotStart)
    key = Ed25519PrivateKey.generate()
    items, expected = spoiled(signed_items(key, BATCH))
    verifier = Verifier(threads=2, processes=2)
    assert verifier.start(public_pem(key), [dict(i) for i in items])() == expected
    assert verifier.start(public_pem(key), [dict(i) for i in items])() == expected
    assert verifier.processes == 0 and "could not start" in caplog.text
    assert verifier.start(public_pem(key), [dict(i) for i in items])() == expected
