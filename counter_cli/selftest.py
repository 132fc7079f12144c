"""``counter-app self-test``: does this PC run the counter? One line per check.

For a field engineer with a USB stick and a minute: database, receipt fonts,
printer, server link and clock, and the window. Each check says pass, warn or
fail with what to do; nothing here changes the counter's data (a fresh
database, when there is none yet, is made in a temporary folder).
"""

from __future__ import annotations

import logging
import socket
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from counter_app import connection, counter, paths, settings, verify
from counter_app.errors import KnownError

log = logging.getLogger(__name__)
PASS, WARN, FAIL = "pass", "warn", "fail"


@dataclass(frozen=True)
class Check:
    name: str
    result: str
    detail: str


def check_database(data_dir: Path) -> Check:
    if not paths.db_path(data_dir).exists():
        with tempfile.TemporaryDirectory() as tmp:
            db = connection.open_counter_db(Path(tmp))
            try:
                counter.setup(db, counter_id="SELFTEST", server_url="http://127.0.0.1:9")
                findings = verify.run(db)
            finally:
                db.close()
        if findings:
            return Check("database", FAIL, "a fresh database fails its checks: " + "; ".join(findings[:3]))
        return Check("database", WARN, f"no counter database in {data_dir} yet; a fresh one in a temporary "
                                       "folder works. Run 'counter-app setup'.")
    db = connection.open_counter_db(data_dir)
    try:
        findings = verify.run(db)
        mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        db.close()
    if findings:
        return Check("database", FAIL, f"{len(findings)} problem(s): " + "; ".join(findings[:3]) + ". Call IT.")
    return Check("database", PASS, f"{paths.db_path(data_dir)} verified clean (journal_mode {mode})")


def _configured(data_dir: Path, key: str) -> str:
    if not paths.db_path(data_dir).exists():
        return settings.DEFAULTS[key].default
    db = connection.open_counter_db(data_dir)
    try:
        return settings.get(db, key)
    finally:
        db.close()


def check_receipt(data_dir: Path) -> Check:
    from receipts import fonts, render

    found = fonts.load(_configured(data_dir, "receipt_font_path") or None)
    data = render.ReceiptData(
        utility_name="Self-test", utility_name_hi="स्व-परीक्षण", office="Self-test", counter_id="SELFTEST",
        receipt_no="SELFTEST-0000001", txn_id="00000000-0000-0000-0000-000000000000",
        created_at="2026-01-01T00:00:00.000000Z", consumer_no="123456789", amount_paise=123456,
        tendered_paise=123456, change_paise=0, payment_mode="cash", cashier="self-test")
    pdf = render.render_pdf(data, "roll", fonts=found)
    if not pdf.startswith(b"%PDF"):
        return Check("receipt", FAIL, "the receipt renderer produced no PDF")
    if not found.hindi:
        return Check("receipt", WARN, f"receipt rendered ({len(pdf)} bytes) but no Devanagari font was found: "
                                      "receipts print in English only. Install Noto Sans Devanagari "
                                      "(Linux) or set receipt_font_path.")
    return Check("receipt", PASS, f"receipt rendered with Hindi ({found.deva_path}), {len(pdf)} bytes")


def check_printer(data_dir: Path) -> Check:
    kind = _configured(data_dir, "printer_kind")
    target = _configured(data_dir, "printer_target")
    if not kind or kind == "none":
        return Check("printer", WARN, "no thermal printer configured; receipts are archived as PDF "
                                      "(set printer_kind and printer_target)")
    if kind == "network":
        host, _, port = target.rpartition(":") if ":" in target else (target, "", "9100")
        try:
            with socket.create_connection((host, int(port)), timeout=3):
                pass
        except (OSError, ValueError) as exc:
            return Check("printer", FAIL, f"network printer {target} does not answer: {exc}. "
                                          "Is it on, and on this network?")
        return Check("printer", PASS, f"network printer {target} answers")
    from receipts import thermal

    try:
        printer = thermal.open_printer(kind, target)
        printer.open()
        printer.close()
    except KnownError as exc:
        return Check("printer", FAIL, str(exc))
    except Exception as exc:  # drivers raise anything
        return Check("printer", FAIL, f"{kind} printer {target} cannot be opened: {exc}")
    return Check("printer", PASS, f"{kind} printer {target} opens")


def check_server(data_dir: Path) -> Check:
    if not paths.db_path(data_dir).exists():
        return Check("server", WARN, "counter not set up: no server to check")
    from counter_app import sync  # requests loads only for this check

    db = connection.open_counter_db(data_dir)
    try:
        if not counter.is_set_up(db):
            return Check("server", WARN, "counter not set up: no server to check")
        health = sync.SyncClient(db).check_health()
        warn_s = settings.get(db, "clock_skew_warn_s")
    finally:
        db.close()
    if not health.reachable:
        return Check("server", WARN, f"server not reachable ({health.error}); recharges will queue and sync later")
    if clock.skew_too_large(health.skew_s, warn_s):
        return Check("server", WARN, f"server reachable, but this PC's clock is off by {health.skew_s:.0f} s; "
                                     "set the time")
    return Check("server", PASS, f"server reachable, clock within {abs(health.skew_s or 0):.1f} s")


def check_window(data_dir: Path) -> Check:
    from counter_cli.gui_commands import check_display

    try:
        check_display()
    except KnownError as exc:
        return Check("window", FAIL, str(exc))
    try:
        from ui import selftest as ui_check  # Qt loads only for this check
    except ImportError as exc:
        return Check("window", FAIL, f"the window cannot load: {exc}")
    return Check(*ui_check.start_and_close(data_dir))


CHECKS: list[Callable[[Path], Check]] = [check_database, check_receipt, check_printer, check_server, check_window]


def run(data_dir: Path) -> list[Check]:
    results = []
    for check in CHECKS:
        name = check.__name__.removeprefix("check_")
        try:
            results.append(check(data_dir))
        except KnownError as exc:
            results.append(Check(name, FAIL, str(exc)))
        except Exception as exc:  # a self-test reports, it does not crash
            log.exception("self-test check %s failed", name)
            results.append(Check(name, FAIL, f"unexpected error: {exc!r} (details in the log)"))
    return results


def as_json(results: list[Check]) -> dict:
    return {"ok": all(r.result != FAIL for r in results), "checks": [asdict(r) for r in results],
            "summary": {k: sum(r.result == k for r in results) for k in (PASS, WARN, FAIL)}}
