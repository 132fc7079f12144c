"""A stateful property test of exactly-once sync against the real server over loopback HTTP.

Rules take recharges (some for consumers the server does not know), void some,
sync, inject every kind of fault, and kill the client mid-sync (before the
request leaves, or after the server committed but before the answer is
applied), restarting it on a fresh connection. Always: the counter confirms
nothing the server did not credit, with the same amount. Once faults stop and
sync finishes: the server's ledger and the counter's confirmed recharges are
the same set, each txn_id credited once, the same amounts to the paisa, voids
agree, and the server's audit of the counter is clean.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule, \
    run_state_machine_as_test

from counter_app import connection, counter, outbox, settings as counter_settings
from counter_app.sync import SyncClient
from tests.server_fixture import confirmed, ledger, new_counter, queue_void, take
from tests.server_fixture import SimulatedCrash, crashing_session

FAULTS = {
    "none": {},
    "errors": {"error_rate": 0.5},
    "drops": {"drop_rate": 0.5},
    "throttle": {"throttle_rate": 1.0, "retry_after_s": 0},
    "maintenance": {"maintenance": True, "retry_after_s": 0},
    "slow": {"latency_ms": 250},
}


class SyncMachine(RuleBasedStateMachine):
    server = None
    template: Path | None = None

    @initialize()
    def start(self) -> None:
        self.server.set_faults()
        self.dir = Path(tempfile.mkdtemp(prefix="sync-machine-"))
        self.db, _ = new_counter(self.template, self.dir / "counter", self.server)
        counter_settings.change(self.db, "read_timeout_s", 0.15)
        counter_settings.change(self.db, "sync_batch_size", 3)
        counter_settings.change(self.db, "sync_batch_max", 3)
        counter_settings.change(self.db, "sync_early_from", 2)  # batches of recharges leave two at a time
        self.counter_id = counter.load(self.db).counter_id
        self.taken: list = take(self.db, 3)
        self.voided: set[str] = set()
        self.serial = 3

    def sync_now(self, session=None):
        """One forced sync on a client closed afterwards (its HTTP connections too)."""
        client = SyncClient(self.db, session=session)
        try:
            return client.sync_once(force=True)
        finally:
            client.close()
            if session is not None:
                session.close()

    def restart(self) -> None:
        self.db.close()
        self.db = connection.open_counter_db(self.dir / "counter")

    @rule(count=st.integers(1, 4), unknown=st.sampled_from([False, False, False, True]))
    def take_recharges(self, count: int, unknown: bool) -> None:
        self.taken += take(self.db, count, start=self.serial,
                           consumer_no="999999999999" if unknown else None)
        self.serial += count

    @precondition(lambda self: len(self.voided) < len(self.taken))
    @rule(data=st.data())
    def void_one(self, data) -> None:
        choices = [t for t in self.taken if t.txn_id not in self.voided]
        victim = data.draw(st.sampled_from(choices))
        queue_void(self.db, victim)
        self.voided.add(victim.txn_id)

    @rule(kind=st.sampled_from(sorted(FAULTS)))
    def inject(self, kind: str) -> None:
        self.server.set_faults(**FAULTS[kind])

    @rule(fault=st.sampled_from(sorted(FAULTS)))
    def sync(self, fault: str) -> None:
        self.server.set_faults(**FAULTS[fault])
        result = self.sync_now()  # never raises for network or server faults
        assert result.remaining == outbox.open_count(self.db), "what is left to send is what the outbox holds"
        assert (result.error is None) or fault != "none" or result.rejected

    @rule(when=st.sampled_from(["before", "after"]), fault=st.sampled_from(["none", "errors", "drops"]))
    def kill_mid_sync(self, when: str, fault: str) -> None:
        self.server.set_faults(**FAULTS[fault])
        try:
            self.sync_now(crashing_session(when))
        except SimulatedCrash:
            pass
        self.restart()

    @invariant()
    def confirmed_only_on_the_servers_word(self) -> None:
        if not hasattr(self, "db"):
            return
        credited = ledger(self.server, self.counter_id)
        mine = confirmed(self.db)
        assert all(credited.get(txn_id) == amount for txn_id, amount in mine.items())
        assert not self.db.execute("SELECT 1 FROM outbox WHERE state = 'confirmed' AND server_ref IS NULL").fetchone()

    def teardown(self) -> None:
        if not hasattr(self, "db"):
            return
        try:
            self.server.set_faults()
            # Faults are over: sync with ordinary timeouts (the short one only hurries the fault phase,
            # and on a loaded machine it could time out a healthy server's answer).
            counter_settings.change(self.db, "read_timeout_s", 10.0)
            for _ in range(10):
                if self.sync_now().remaining == 0:
                    break
            assert self.sync_now().remaining == 0
            rows = self.server.store.ledger(self.counter_id)
            credited = {r["txn_id"]: r["amount_paise"] for r in rows}
            assert len(rows) == len(credited), "a txn_id credited twice"
            assert confirmed(self.db) == credited
            known = {t.txn_id: t.amount_paise for t in self.taken if t.consumer_no != "999999999999"}
            assert credited == known
            server_voided = {r["txn_id"] for r in rows if r["voided"]}
            assert server_voided == self.voided & set(known)
            report = {c["counter_id"]: c for c in self.server.store.audit()["counters"]}[self.counter_id]
            assert report["receipt_gaps"] == [] and report["chain_findings"] == [], report
        finally:
            self.db.close()
            shutil.rmtree(self.dir, ignore_errors=True)


@pytest.mark.slow
def test_exactly_once_under_faults_and_kills(server, counter_template):
    SyncMachine.server = server
    SyncMachine.template = counter_template
    run_state_machine_as_test(SyncMachine, settings=settings(
        max_examples=25, stateful_step_count=25, deadline=None, derandomize=True,
        suppress_health_check=list(HealthCheck)))
