"""A counter's batches sent two at a time still apply one after the other, in the order they came.

A counter draining a long queue sends its next batch while the one before is
still being applied, naming it in ``X-Counter-Follows`` (the journal seq the
batch before it ends at). The server reads, parses and begins checking the
signatures of the second batch meanwhile, and applies it once the first is
done: the wait the counter would spend between two batches (the answer going
back, the next request coming in, its parse and checks) is spent beside the
first batch's writes instead of before the second's.

Only within one server process: a batch that another worker process holds is
not waited for. Nothing depends on the order for money (every rule is about the
item; the counter's row lock or the single SQLite writer still serialises the
two), and the journal entries of a batch applied first are held as a gap and
linked when the batch before them comes. A counter never sends a void this way
(a void applied before its recharge's batch would be refused).

Only the batch next in line is parsed ahead: one that finds two or more of its
counter's batches before it waits for its turn first, as a plain request body,
so a counter sending many at once holds no more than one parsed batch waiting.
"""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger(__name__)

WAIT_AT_MOST_S = 60.0  # the batch before always ends (answered or failed); this only bounds a surprise


class CounterLines:
    """Every batch of a counter takes a turn on arrival (event-loop thread only: no locks needed)."""

    def __init__(self) -> None:
        self._last: dict[str, asyncio.Event] = {}
        self._in_line: dict[str, int] = {}

    def arrive(self, counter_id: str) -> "Turn":
        mine = asyncio.Event()
        ahead = self._in_line.get(counter_id, 0)
        turn = Turn(self, counter_id, self._last.get(counter_id), mine, ahead)
        self._last[counter_id] = mine
        self._in_line[counter_id] = ahead + 1
        return turn

    def _left(self, counter_id: str, mine: asyncio.Event) -> None:
        self._in_line[counter_id] -= 1
        if not self._in_line[counter_id]:
            del self._in_line[counter_id]
        if self._last.get(counter_id) is mine:
            del self._last[counter_id]  # nothing came behind it: forget the counter

    def counters(self) -> int:
        return len(self._last)


class Turn:
    """One batch's place in its counter's line: wait for the one before, say when this one is done."""

    def __init__(self, lines: CounterLines, counter_id: str, before: asyncio.Event | None,
                 mine: asyncio.Event, ahead: int) -> None:
        self._lines, self._counter_id, self._before, self._mine = lines, counter_id, before, mine
        self.ahead = ahead  # the counter's batches before this one, not done when it arrived
        self._done = False

    async def after_previous(self) -> None:
        if self._before is None or self._before.is_set():
            return
        try:
            await asyncio.wait_for(self._before.wait(), WAIT_AT_MOST_S)
        except asyncio.TimeoutError:
            log.warning("a batch of %s waited %.0f s for the one before it; applying it now",
                        self._counter_id, WAIT_AT_MOST_S)

    def done(self) -> None:
        if not self._done:
            self._done = True
            self._mine.set()
            self._lines._left(self._counter_id, self._mine)
