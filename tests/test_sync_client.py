"""The sync client against the real server: every fault, crashes, backoff, rejections, skew, CLI."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from requests.adapters import HTTPAdapter

from counter_app import backoff, clock, counter, inspection, keystore, outbox, settings, storage
from counter_app.sync import SyncClient, make_session
from tests.server_fixture import (
    SimulatedCrash, confirmed, crashing_session, ledger, new_counter, queue_void, take, tries,
)


@pytest.fixture
def counter_db(server, counter_template, tmp_path, no_faults):
    db, _ = new_counter(counter_template, tmp_path / "counter", server)
    yield db
    db.close()


def set_token(db, token: str) -> None:
    """What 'counter-app setup --token-stdin' stores: the token lives in the keystore, not the database."""
    keystore.put(storage.data_dir_of(db), "token", token)


def states(db) -> dict[str, int]:
    return dict(db.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall())


def me(db) -> str:
    return counter.load(db).counter_id


def test_sync_confirms_everything_and_keeps_the_server_ref(server, counter_db):
    taken = take(counter_db, 5)
    result = SyncClient(counter_db).sync_once()
    assert (result.sent, result.accepted, result.remaining, result.error) == (5, 5, 0, None)
    assert set(result.as_json()) >= {"sent", "accepted", "duplicate", "rejected", "remaining", "error"}
    rows = inspection.list_transactions(counter_db)
    assert all(r["status"] == "confirmed" and r["server_ref"].startswith("BSP") for r in rows)
    assert ledger(server, me(counter_db)) == {t.txn_id: t.amount_paise for t in taken}
    status = inspection.status(counter_db)
    assert status.last_sync_at and status.last_sync_error is None and status.pending == 0
    assert counter.load(counter_db).key_registered_at  # registered at the first sync


def test_batches_follow_the_setting_and_go_in_receipt_order(server, counter_db):
    settings.change(counter_db, "sync_batch_size", 2)
    settings.change(counter_db, "sync_batch_max", 2)
    take(counter_db, 5)
    result = SyncClient(counter_db).sync_once()
    assert (result.batches, result.accepted) == (3, 5)
    rows = server.store.ledger(me(counter_db))
    assert [r["server_ref"] for r in rows] == sorted(r["server_ref"] for r in rows)


def test_batches_grow_while_the_server_answers_fast(server, counter_db):
    settings.change(counter_db, "sync_batch_size", 2)
    settings.change(counter_db, "sync_batch_max", 8)
    take(counter_db, 30)
    result = SyncClient(counter_db).sync_once()
    # 2 and 2 (the second is signed while the first is on the wire), then 4, 8, 8 and the last 6
    assert (result.batches, result.accepted, result.remaining) == (6, 30, 0)


def test_next_batch_size():
    from counter_app.sync import next_batch_size
    assert next_batch_size(200, 1000, 0.2, failed=False, read_timeout=30) == 400
    assert next_batch_size(800, 1000, 0.2, failed=False, read_timeout=30) == 1000
    assert next_batch_size(200, 1000, 5.0, failed=False, read_timeout=30) == 200   # a slow link keeps small
    assert next_batch_size(200, 1000, 0.2, failed=True, read_timeout=30) == 200


def test_server_errors_back_off_then_recover(server, counter_db):
    take(counter_db, 4)
    client = SyncClient(counter_db, rng=random.Random(1))
    assert client.register_key() is None
    server.set_faults(error_rate=1.0)
    result = client.sync_once(force=True)
    assert result.error and "internal error" in result.error and result.remaining == 4
    assert tries(counter_db) == {("pending", 1): 4}  # sent once, no answer: open, and sent again
    assert inspection.status(counter_db).last_sync_error == result.error
    later = client.sync_once()  # the background timer: waits out the backoff
    assert later.skipped and later.sent == 0 and later.next_attempt_at == result.next_attempt_at
    server.set_faults()
    forced = client.sync_once(force=True)  # a person asked
    assert (forced.accepted, forced.remaining, forced.error) == (4, 0, None)
    assert tries(counter_db) == {("confirmed", 2): 4}
    assert counter_db.execute("SELECT failures, retry_at FROM sync_state").fetchone() == (0, None)


def test_a_lost_answer_is_settled_as_duplicate(server, counter_db):
    taken = take(counter_db, 3)
    assert SyncClient(counter_db).register_key() is None
    server.set_faults(drop_rate=1.0)
    lost = SyncClient(counter_db).sync_once(force=True)
    assert lost.error and "broke before the answer" in lost.error
    assert ledger(server, me(counter_db)) == {t.txn_id: t.amount_paise for t in taken}  # credited all the same
    server.set_faults()
    again = SyncClient(counter_db).sync_once(force=True)
    assert (again.duplicate, again.accepted, again.remaining) == (3, 0, 0)
    assert confirmed(counter_db) == ledger(server, me(counter_db))


@pytest.mark.parametrize("fault", ["throttle_rate", "maintenance"])
def test_retry_after_is_honoured_even_above_the_cap(server, counter_db, fault):
    take(counter_db, 2)
    settings.change(counter_db, "sync_backoff_cap_s", 5)
    server.set_faults(**{fault: 1.0 if fault == "throttle_rate" else True}, retry_after_s=120)
    before = clock.utc_now()
    result = SyncClient(counter_db).sync_once(force=True)
    assert result.error and result.remaining == 2
    assert clock.parse_iso(result.next_attempt_at) >= before + dt.timedelta(seconds=119)
    assert states(counter_db) == {"pending": 2}  # the server said it did nothing


def test_a_slow_server_times_out_and_the_resend_is_settled(server, counter_db):
    taken = take(counter_db, 2)
    settings.change(counter_db, "read_timeout_s", 0.3)
    server.set_faults(latency_ms=800)
    slow = SyncClient(counter_db).sync_once(force=True)
    assert slow.error and "did not answer in time" in slow.error
    server.set_faults()
    done = SyncClient(counter_db).sync_once(force=True)
    assert done.remaining == 0 and done.accepted + done.duplicate == 2
    assert confirmed(counter_db) == ledger(server, me(counter_db)) == {t.txn_id: t.amount_paise for t in taken}


def test_an_unreachable_server_is_a_sentence_not_an_exception(counter_db):
    take(counter_db, 2)
    counter_db.execute("UPDATE counter SET server_url = 'http://127.0.0.1:9'")
    result = SyncClient(counter_db).sync_once(force=True)
    assert result.error.startswith("Cannot reach the server http://127.0.0.1:9")
    assert result.remaining == 2 and states(counter_db) == {"pending": 2}
    health = SyncClient(counter_db).check_health()
    assert not health.reachable and health.error


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_crash_mid_sync_loses_nothing_and_doubles_nothing(server, counter_db, counter_template, when):
    taken = take(counter_db, 6)
    with pytest.raises(SimulatedCrash):
        SyncClient(counter_db, session=crashing_session(when)).sync_once(force=True)
    assert tries(counter_db) == {("pending", 0): 6}  # the crash came before any outcome was recorded
    expected = {t.txn_id: t.amount_paise for t in taken}
    assert ledger(server, me(counter_db)) == (expected if when == "after" else {})
    result = SyncClient(counter_db).sync_once()  # the restarted program
    assert result.remaining == 0
    assert (result.duplicate if when == "after" else result.accepted) == 6
    assert confirmed(counter_db) == ledger(server, me(counter_db)) == expected


def test_a_rejected_transaction_stops_nothing(server, counter_db):
    good = take(counter_db, 2)
    bad = take(counter_db, 1, consumer_no="999999999999")
    good += take(counter_db, 2, start=3)
    result = SyncClient(counter_db).sync_once()
    assert (result.accepted, result.rejected, result.remaining) == (4, 1, 0)
    assert result.rejected_txn_ids == (bad[0].txn_id,)
    row = {r["txn_id"]: r for r in inspection.list_transactions(counter_db)}[bad[0].txn_id]
    assert (row["status"], row["reject_reason"]) == ("rejected", "unknown_consumer")
    assert set(ledger(server, me(counter_db))) == {t.txn_id for t in good}
    assert SyncClient(counter_db).sync_once().sent == 0  # it waits for a supervisor, not for the server


def test_a_wrong_token_is_explained_and_keeps_everything_queued(server, counter_db):
    take(counter_db, 1)
    SyncClient(counter_db).register_key()
    set_token(counter_db, "wrong")
    result = SyncClient(counter_db).sync_once(force=True)
    assert "does not accept this counter's token" in result.error and "--token" in result.error
    assert result.remaining == 1 and ledger(server, me(counter_db)) == {}
    assert result.sent == 0  # a 401 sent nothing: the summary must not say "Sent 1"


def test_voids_reach_the_server_and_the_books_agree(server, counter_db):
    taken = take(counter_db, 4)
    SyncClient(counter_db).sync_once()
    queue_void(counter_db, taken[1])
    late = take(counter_db, 1)
    queue_void(counter_db, late[0])  # voided before it was ever sent
    result = SyncClient(counter_db).sync_once()
    assert (result.accepted, result.remaining) == (3, 0)
    rows = server.store.ledger(me(counter_db))
    server_net = {r["txn_id"]: r["amount_paise"] for r in rows if not r["voided"]}
    voided = set(confirmed(counter_db, "void")) and {
        r[0] for r in counter_db.execute("SELECT ref_txn_id FROM outbox WHERE kind = 'void' AND state = 'confirmed'")}
    counter_net = {k: v for k, v in confirmed(counter_db).items() if k not in voided}
    assert server_net == counter_net and len(counter_net) == 3


def test_clock_skew_is_noted_and_warned(server, counter_db, monkeypatch):
    import server.app as app_module

    class FastClock:
        @staticmethod
        def now_iso():
            return clock.to_iso(clock.utc_now() + dt.timedelta(minutes=10))

    monkeypatch.setattr(app_module, "clock", FastClock)
    take(counter_db, 1)
    SyncClient(counter_db).sync_once()
    status = inspection.status(counter_db)
    assert 590 < status.clock_skew_s < 610
    assert any("clock" in w for w in status.warnings)
    health = SyncClient(counter_db).check_health()
    assert health.reachable and 590 < health.skew_s < 610


def test_backoff_is_full_jitter_capped_and_never_before_retry_after():
    rng = random.Random(3)
    waits = [backoff.full_jitter(n, cap_s=300, rng=rng) for n in range(1, 40)]
    assert all(0 <= w <= 300 for w in waits) and max(waits[:3]) <= 8
    assert backoff.next_delay(1, cap_s=5, rng=rng, retry_after_s=90) == 90
    now = clock.utc_now()
    assert backoff.parse_retry_after("30", now=now) == 30
    http_date = (now + dt.timedelta(seconds=60)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert 58 <= backoff.parse_retry_after(http_date, now=now) <= 61
    assert backoff.parse_retry_after("soon", now=now) is None


def test_cli_sync_json_and_setup_registers_the_key(server, counter_template, tmp_path, no_faults, capsys):
    from counter_cli.main import main

    db, token = new_counter(counter_template, tmp_path / "c", server, register=True)
    counter_id = me(db)
    take(db, 2)
    db.close()
    data = str(tmp_path / "c")
    assert main(["--data-dir", data, "setup", "--counter-id", counter_id, "--server", server.url,
                 f"--token={token}", "--json"]) == 0   # = : a token may start with "-"
    assert json.loads(capsys.readouterr().out)["key_registered"] is True
    assert main(["--data-dir", data, "sync", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {k: out[k] for k in ("sent", "accepted", "duplicate", "rejected", "remaining", "error")} == \
        {"sent": 2, "accepted": 2, "duplicate": 0, "rejected": 0, "remaining": 0, "error": None}


def test_cli_sync_against_a_dead_server_says_what_to_do(counter_template, tmp_path, capsys, server):
    from counter_cli.main import main

    db, _ = new_counter(counter_template, tmp_path / "c", server)
    counter_id = me(db)
    take(db, 1)
    db.close()
    data = str(tmp_path / "c")
    assert main(["--data-dir", data, "setup", "--counter-id", counter_id, "--server", "http://127.0.0.1:9",
                 "--token", "abc"]) == 0  # setup works offline; the key is registered later
    capsys.readouterr()
    assert main(["--data-dir", data, "sync"]) == 1
    out = capsys.readouterr()
    assert "Cannot reach the server" in out.out and "Traceback" not in out.out + out.err


class CannedAdapter(HTTPAdapter):
    """A 'server' that answers every POST with the same bytes."""

    def __init__(self, status: int, body: bytes) -> None:
        super().__init__()
        self.status, self.body = status, body

    def send(self, request, **kwargs):
        from requests.models import Response

        response = Response()
        response.status_code, response._content, response.url = self.status, self.body, request.url
        response.headers["Content-Type"] = "application/json"
        return response


@pytest.mark.parametrize("status, body", [
    (200, b"<html>proxy login</html>"), (200, b'{"results": "nope"}'), (200, b"[]"),
    (200, b'{"results": [{"txn_id": "x", "status": "accepted"}]}'), (404, b"not here"), (502, b""),
])
def test_a_strange_answer_is_a_sentence_and_confirms_nothing(counter_db, status, body):
    take(counter_db, 2)
    counter_db.execute("UPDATE counter SET key_registered_at = '2026-01-01T00:00:00Z'")
    session = make_session()
    session.mount("http://", CannedAdapter(status, body))
    result = SyncClient(counter_db, session=session).sync_once(force=True)
    assert result.error and result.accepted == 0 and result.remaining == 2
    assert "confirmed" not in states(counter_db)


def test_secrets_never_reach_the_log(server, counter_db, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    take(counter_db, 1)
    me_ = counter.load(counter_db)
    SyncClient(counter_db).sync_once()
    set_token(counter_db, "wrong-token-value")
    SyncClient(counter_db).sync_once(force=True)
    text = caplog.text
    assert me_.token not in text and "wrong-token-value" not in text
    assert "PRIVATE KEY" not in text and me_.token not in repr(me_)


def test_counters_syncing_at_once_each_use_only_their_own_database(server, counter_template, tmp_path, no_faults):
    import threading

    dbs = [new_counter(counter_template, tmp_path / f"c{i}", server)[0] for i in range(3)]
    ids = [me(db) for db in dbs]
    for db in dbs:
        take(db, 7)
        db.close()
    results = {}

    def run(i: int) -> None:
        from counter_app import connection

        db = connection.open_counter_db(tmp_path / f"c{i}")  # each thread its own connection, as the UI worker
        try:
            results[i] = (SyncClient(db).sync_once(), confirmed(db))
        finally:
            db.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for i, counter_id in enumerate(ids):
        result, mine = results[i]
        assert result.accepted == 7 and result.error is None
        assert mine == ledger(server, counter_id)


def test_asking_the_server_about_one_transaction(server, counter_db):
    from counter_app.errors import KnownError
    from counter_app.sync import server_transaction

    taken = take(counter_db, 2)
    client = SyncClient(counter_db)
    client.sync_once()
    known = server_transaction(client, taken[1].txn_id)
    assert known["status"] == "credited" and known["amount_paise"] == taken[1].amount_paise
    assert server_transaction(client, "00000000-0000-0000-0000-000000000000") is None
    counter_db.execute("UPDATE counter SET server_url = 'http://127.0.0.1:9'")
    with pytest.raises(KnownError, match="Cannot reach"):
        server_transaction(client, taken[0].txn_id)


def test_a_batch_leaves_without_a_write_to_the_counters_disk(counter_db):
    """Reading the next batch marks nothing: every row is rewritten once per sync (its answer), not twice."""
    taken = take(counter_db, 3)
    before = counter_db.conn.total_changes
    messages, _ = outbox.next_signed(counter_db, 10)
    assert [m.txn_id for m in messages] == [t.txn_id for t in taken]
    assert counter_db.conn.total_changes == before and not counter_db.conn.in_transaction
    assert tries(counter_db) == {("pending", 0): 3}


def test_a_recharge_whose_answer_was_lost_and_then_voided_settles_with_its_void(server, counter_db):
    """The server credited a recharge but its answer was lost; a supervisor voids it; that pass's answer
    is lost too, after the server applied the void; the next resend is answered "reversed" (by this
    counter's own void): both confirmed, nothing disputed."""
    taken = take(counter_db, 1)
    assert SyncClient(counter_db).register_key() is None
    server.set_faults(drop_rate=1.0)
    assert "broke before the answer" in SyncClient(counter_db).sync_once(force=True).error
    void_id = queue_void(counter_db, taken[0])
    assert "broke before the answer" in SyncClient(counter_db).sync_once(force=True).error
    assert [r["voided"] for r in server.store.ledger(me(counter_db))] == [True]
    server.set_faults()
    result = SyncClient(counter_db).sync_once(force=True)
    assert (result.remaining, result.disputed, result.error) == (0, 0, None)
    assert confirmed(counter_db) == {taken[0].txn_id: taken[0].amount_paise}
    assert confirmed(counter_db, "void") == {void_id: taken[0].amount_paise}


def test_rows_an_older_version_left_in_flight_are_sent_and_settled(server, counter_db):
    """Versions before 2026-12 marked a batch in_flight before sending it; a counter upgraded with such rows
    sends them as open rows: back to pending when the server surely did nothing, confirmed once answered."""
    taken = take(counter_db, 3)
    assert SyncClient(counter_db).register_key() is None
    counter_db.execute("UPDATE outbox SET state = 'in_flight', attempts = 1")
    counter_db.conn.commit()
    assert inspection.status(counter_db).pending == 3
    server.set_faults(throttle_rate=1.0, retry_after_s=0)
    assert SyncClient(counter_db).sync_once(force=True).error
    assert tries(counter_db) == {("pending", 2): 3}          # 429: the server did nothing
    counter_db.execute("UPDATE outbox SET state = 'in_flight'")
    counter_db.conn.commit()
    server.set_faults()
    result = SyncClient(counter_db).sync_once(force=True)
    assert (result.accepted, result.remaining) == (3, 0)
    assert tries(counter_db) == {("confirmed", 3): 3}
    assert confirmed(counter_db) == ledger(server, me(counter_db)) == {t.txn_id: t.amount_paise for t in taken}


def test_a_netrc_entry_for_the_server_does_not_replace_the_counters_token(server, counter_db, tmp_path,
                                                                          monkeypatch):
    """requests applies ~/.netrc after our headers: its password would go instead of the token (a 401)."""
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password not-the-token\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    take(counter_db, 2)
    result = SyncClient(counter_db).sync_once()
    assert (result.accepted, result.error) == (2, None)


def test_the_environments_proxy_settings_still_apply(server, counter_db, monkeypatch):
    """Read once per server, not on every request, but read: a proxy that does not answer is used."""
    take(counter_db, 1)
    for name in ("HTTP_PROXY", "http_proxy"):  # urllib prefers the lower-case one where both are set
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # nothing listens on the discard port
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "")
    result = SyncClient(counter_db).sync_once()
    assert result.accepted == 0 and "no connection" in result.error
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1")
    result = SyncClient(counter_db).sync_once(force=True)
    assert (result.accepted, result.error) == (1, None)
