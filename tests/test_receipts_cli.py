"""The receipt commands, and the receipt that follows every recharge."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counter_app import connection, journal, recharge, settings
from counter_cli import main as cli_main
from tests.core_fixtures import run_cli
from tests.receipt_fixtures import CASHIER, CASHIER_PIN, CONSUMER, GS_V0, pdf_text, raster_blocks


def recharge_cli(data_dir: Path, *extra: str, amount: str = "500"):  # type: ignore[no-untyped-def]
    return run_cli("recharge", "--cashier", CASHIER, "--consumer", CONSUMER, "--amount", amount,
                   "--tendered", "1000", "--pin-stdin", "--json", *extra, data_dir=data_dir,
                   stdin=CASHIER_PIN + "\n")


def set_printer(data_dir: Path, kind: str, target: str) -> None:
    db = connection.open_counter_db(data_dir)
    try:
        settings.change(db, "printer_kind", kind)
        settings.change(db, "printer_target", target)
    finally:
        db.close()


def test_recharge_archives_its_receipt(receipt_dir: Path, tmp_path: Path) -> None:
    result = recharge_cli(receipt_dir)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    path = Path(data["receipt_path"])
    assert path.parent == receipt_dir / "receipts" / data["business_date"]
    got = pdf_text(path, tmp_path)
    assert data["receipt_no"] in got and "Rs 500.00" in got and "Five Hundred Rupees Only" in got
    assert "पाँच सौ रुपये मात्र" in got


def test_recharge_print_sends_the_original(receipt_dir: Path, tmp_path: Path) -> None:
    printer = tmp_path / "lp0"
    set_printer(receipt_dir, "file", str(printer))
    result = recharge_cli(receipt_dir, "--print")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["printed"] is True and "receipt_error" not in data
    assert all(width == 72 for _, width, _ in raster_blocks(printer.read_bytes()))
    db = connection.open_counter_db(receipt_dir)
    try:
        assert not journal.entries(db, kind="reprint")  # the original is not a reprint
    finally:
        db.close()


def test_print_failure_never_undoes_the_recharge(receipt_dir: Path) -> None:
    set_printer(receipt_dir, "file", str(receipt_dir / "no-such-folder" / "lp0"))
    result = recharge_cli(receipt_dir, "--print")
    assert result.code == 0
    data = json.loads(result.out)
    assert data["printed"] is False and "did not print" in data["receipt_error"]
    assert Path(data["receipt_path"]).exists()
    assert "is taken and saved" in result.err and f"counter-app print {data['receipt_no']}" in result.err
    db = connection.open_counter_db(receipt_dir)
    try:
        assert recharge.get_by_receipt(db, data["receipt_no"]) is not None
    finally:
        db.close()


def test_render_failure_never_hides_the_recharge(receipt_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from receipts import service

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("font file vanished")

    monkeypatch.setattr(service, "render_pdf", broken)
    result = recharge_cli(receipt_dir)
    assert result.code == 0
    data = json.loads(result.out)
    assert data["receipt_path"] is None and "internal error, logged to" in data["receipt_error"]
    assert data["receipt_no"] and data["status"] == "pending"
    assert "could not be made" in result.err and f"counter-app receipt {data['receipt_no']}" in result.err
    log_text = (receipt_dir / "logs" / "counter-app.log").read_text()
    assert "font file vanished" in log_text


def test_receipt_command_copy_and_out(receipt_dir: Path, tmp_path: Path) -> None:
    receipt_no = json.loads(recharge_cli(receipt_dir).out)["receipt_no"]
    archive = run_cli("receipt", receipt_no, "--json", data_dir=receipt_dir)
    assert archive.code == 0, archive.err
    assert json.loads(archive.out)["reprint_count"] == 0

    out = tmp_path / "copies" / "copy.pdf"
    copy = run_cli("receipt", receipt_no.lower(), "--copy", "--format", "a4", "--out", str(out), "--json",
                   data_dir=receipt_dir)
    assert copy.code == 0, copy.err
    data = json.loads(copy.out)
    assert (data["reprint_count"], data["duplicate"], data["format"]) == (1, True, "a4")
    assert out.exists() and Path(data["receipt_path"]).read_bytes() == out.read_bytes()
    assert "DUPLICATE - reprint 1" in pdf_text(out, tmp_path)

    missing = run_cli("receipt", "MNG-01-0999999", data_dir=receipt_dir)
    assert missing.code == 1 and "No receipt MNG-01-0999999" in missing.err


def test_print_command_journals_a_duplicate(receipt_dir: Path, tmp_path: Path) -> None:
    receipt_no = json.loads(recharge_cli(receipt_dir).out)["receipt_no"]
    no_printer = run_cli("print", receipt_no, data_dir=receipt_dir)
    assert no_printer.code == 1 and "No receipt printer is set up" in no_printer.err

    printer = tmp_path / "lp0"
    set_printer(receipt_dir, "file", str(printer))
    printed = run_cli("print", receipt_no, "--json", data_dir=receipt_dir)
    assert printed.code == 0, printed.err
    assert json.loads(printed.out)["reprint_count"] == 2  # the failed try above was journaled too
    assert GS_V0 in printer.read_bytes()


def test_recharge_has_the_print_flag() -> None:
    parser = cli_main.build_parser()
    args = parser.parse_args(["recharge", "--cashier", "a", "--consumer", "1", "--amount", "1", "--print"])
    assert args.print_receipt is True
    args = parser.parse_args(["recharge", "--cashier", "a", "--consumer", "1", "--amount", "1"])
    assert args.print_receipt is False


def test_parsing_commands_does_not_load_reportlab() -> None:
    """Every command starts faster when the receipt machinery loads only when used."""
    import subprocess
    import sys

    from tests.receipt_fixtures import ROOT

    code = ("import sys; from counter_cli.main import build_parser; "
            "p = build_parser(); p.parse_args(['receipt', 'X']); p.parse_args(['verify-receipt', 'X']); "
            "print(sorted(m for m in ('reportlab', 'escpos', 'pypdfium2', 'receipts') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.stdout.strip() == "[]"


def test_receipts_know_nothing_of_qt() -> None:
    import subprocess
    import sys

    from tests.receipt_fixtures import ROOT

    code = ("import sys, pkgutil, importlib, receipts, counter_cli.receipt_commands; "
            "[importlib.import_module('receipts.' + m.name) for m in pkgutil.iter_modules(receipts.__path__)]; "
            "print([m for m in sys.modules if m.startswith(('PySide6', 'ui'))])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.stdout.strip() == "[]"
