"""The batch gate: a server process applies at most N batches at once, and the rest still get their turn."""

from __future__ import annotations

import threading
import time

import anyio
import pytest

from server.batch_gate import BatchGate
from server.cli import main


def test_no_more_than_the_gate_allows_run_at_once_and_every_one_runs():
    gate, lock = BatchGate(2), threading.Lock()
    running, most, done = [0], [0], []

    def apply(n: int) -> int:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        done.append(n)
        return n * 10

    async def herd() -> list[int]:
        answers: list[int] = []

        async def one(n: int) -> None:
            answers.append(await gate.run(apply, n))

        async with anyio.create_task_group() as group:
            for n in range(7):
                group.start_soon(one, n)
        return answers

    answers = anyio.run(herd)
    assert most[0] == 2
    assert sorted(answers) == [n * 10 for n in range(7)] and sorted(done) == list(range(7))
    assert gate.running == 0


def test_a_gate_of_none_is_refused():
    with pytest.raises(ValueError):
        BatchGate(0)


def test_run_refuses_a_batch_concurrency_out_of_range_with_a_sentence(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "run", "--port", "0", "--batch-concurrency", "0"]) == 1
    err = capsys.readouterr().err
    assert "--batch-concurrency takes 1 to 64" in err and "Traceback" not in err
