"""Hindi everywhere: every sentence the window and the core can show has Hindi, with nothing left in English.

Three walks: the window's catalog (Qt .ts), the core's catalog (gettext .po), and
the live window switched to Hindi (every label, button, menu, placeholder and
title on its pages and dialogs). A short list of words stays Latin on purpose.
"""

from __future__ import annotations

import ast
import re
import string
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QGroupBox, QLabel, QLineEdit, QMenu

from counter_app import i18n, money, recharge
from counter_app.errors import KnownError
from tests.core_fixtures import CASHIER, CASHIER_PIN, SUPERVISOR, SUPERVISOR_PIN
from tests.ui_support import log_in, type_enter
from ui.app import build_window

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "ui" / "translations" / "counter_hi.ts"
PO = i18n.LOCALE_DIR / "hi" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"

#: Words that stay in Latin letters in the Hindi window: amounts, file kinds, codes, key names.
ALLOWED = {"rs", "pdf", "qr", "id", "ids", "usb", "ip", "vid", "pid", "baud", "com", "dev", "ttyusb", "host",
           "ctrl", "alt", "shift", "enter", "tab", "esc", "del", "f", "x", "z", "sha", "utc", "ist", "dd", "mm", "yyyy",
           "counter", "app", "config", "printer_kind", "printer_target", "network", "serial", "file", "none", "demo",
           "sync", "cashier", "pin", "ok", "english", "noto", "sans", "devanagari", "language", "hh", "ltd", "bihar",
           "http", "pem", "qt"}   # the names of formats and protocols, as PDF is
_PLACEHOLDER = re.compile(r"\{[a-z_]*\}|\(&[A-Za-z0-9]\)|&(?=[A-Za-z])")
_CODE = re.compile(r"'[^']*'|\"counter-app[^\"]*\"|\S*[\d:/_=.@-]\S*")   # quoted commands, paths, ids, numbers
_WORD = re.compile(r"[A-Za-z]{2,}")


def english_words(text: str) -> list[str]:
    stripped = _CODE.sub(" ", _PLACEHOLDER.sub(" ", text))
    return [w for w in _WORD.findall(stripped) if w.lower() not in ALLOWED]


def placeholders(text: str) -> list[tuple[str, str, str]] | str:
    """Every Python format field of ``text`` (name, conversion, spec), sorted; a sentence if it cannot be parsed."""
    try:
        return sorted((name, conversion or "", spec or "")
                      for _, name, spec, conversion in string.Formatter().parse(text) if name is not None)
    except ValueError as exc:
        return f"not a format string: {exc}"


def ts_messages() -> list[tuple[str, str]]:
    out = []
    for message in ET.parse(TS).getroot().iter("message"):
        translation = message.find("translation")
        if translation is not None and translation.get("type") in ("obsolete", "vanished"):
            continue
        out.append((message.findtext("source") or "", (translation.text or "") if translation is not None else ""))
    return out


def test_every_window_sentence_has_hindi():
    messages = ts_messages()
    assert len(messages) > 200
    problems = []
    for source, hindi in messages:
        if not hindi.strip():
            problems.append(("no Hindi", source))
        elif english_words(hindi) and english_words(source) and english_words(hindi) == english_words(source):
            problems.append(("left in English", source))
        elif english_words(hindi):
            problems.append(("English words " + ", ".join(english_words(hindi)), source))
        elif placeholders(source) != placeholders(hindi):
            problems.append(("placeholders differ", source))
    assert not problems, "\n".join(f"{why}: {src!r}" for why, src in problems)


def test_every_core_sentence_has_hindi():
    translated = i18n.read_po(PO)
    missing = sorted(extracted_msgids() - translated.keys())
    assert not missing, missing
    for source, hindi in translated.items():
        assert not english_words(hindi), (source, english_words(hindi))
        assert placeholders(source) == placeholders(hindi), source


def test_core_refusals_follow_the_language():
    try:
        i18n.set_language("hi")
        with pytest.raises(KnownError) as refused:
            money.parse_rupees("abc")
        assert "मान्य नहीं" in str(refused.value) and not english_words(str(refused.value))
        from counter_app import clock
        assert clock.age_text("2026-01-01T00:00:00Z").endswith("दिन")
    finally:
        i18n.set_language("en")
    with pytest.raises(KnownError, match="not valid"):
        money.parse_rupees("abc")


def test_cli_speaks_hindi_when_asked(tmp_path):
    from tests.core_fixtures import run_cli

    result = run_cli("--lang", "hi", "recharge", "--cashier", CASHIER, "--consumer", "12", "--amount", "abc",
                     data_dir=tmp_path)
    try:
        assert result.code == 1 and "मान्य नहीं" in result.err, result.err
    finally:
        i18n.set_language("en")


def test_cli_takes_a_recharge_in_hindi(counter_dir):
    from tests.core_fixtures import run_cli

    result = run_cli("--lang", "hi", "recharge", "--cashier", CASHIER, "--consumer", "123456789", "--amount", "100",
                     "--pin-stdin", stdin=CASHIER_PIN + "\n", data_dir=counter_dir)
    assert result.code == 0, result.err
    assert "लिया गया: रसीद" in result.out and "अस्थायी" in result.out and "रसीद PDF:" in result.out
    assert not english_words(without(result.out, ("MNG-01",)))


def shown_texts(widget) -> list[tuple[str, str]]:
    """Every text a person can see on ``widget`` and its visible children, with where it is."""
    texts = [("title", widget.windowTitle())]
    for child in widget.findChildren(object):
        if hasattr(child, "isVisible") and not child.isVisible() and not isinstance(child, QMenu):
            continue
        name = f"{type(child).__name__}:{child.objectName()}"
        if isinstance(child, (QLabel, QAbstractButton)):
            texts.append((name, child.text()))
        if isinstance(child, QLineEdit):
            texts.append((name + " placeholder", child.placeholderText()))
        if isinstance(child, QGroupBox):
            texts.append((name, child.title()))
        if isinstance(child, QComboBox):
            texts += [(name, child.itemText(i)) for i in range(child.count())]
        if isinstance(child, QMenu):
            texts.append((name, child.title()))
            texts += [(name, a.text()) for a in child.actions()]
    return [(where, t) for where, t in texts if t]


def without(text: str, names) -> str:
    for name in names:
        text = text.replace(name, " ")
    return text


def assert_hindi(where_texts, exclude=()):
    """Nothing English left once the data (names, places, ids) is taken out of each text."""
    left = [(where, t, english_words(without(t, exclude))) for where, t in where_texts
            if english_words(without(t, exclude))]
    assert not left, "\n".join(f"{w}: {t!r} {e}" for w, t, e in left)


def test_the_window_in_hindi_shows_no_english(qtbot, data_dir):
    win = build_window(data_dir, sync_now=False)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3000)
    win.set_language("hi")
    qtbot.wait(50)                      # LanguageChange reaches the widgets through the event loop
    names = ("Asha Devi", "(asha)", "Consumer 500", "MNG-01", "Test Office", "Patna")   # data, not sentences
    try:
        assert_hindi(shown_texts(win), names)
        log_in(qtbot, win, CASHIER, CASHIER_PIN)
        type_enter(qtbot, win.shift.float_edit, "1000")
        page = win.recharge
        type_enter(qtbot, page.consumer, "300400500")
        type_enter(qtbot, page.amount, "0")                       # a core refusal under a Hindi form
        assert "सबसे छोटा रिचार्ज" in page.amount_error.text()
        assert_hindi(shown_texts(win), names)
        page.clear_form()
        type_enter(qtbot, page.consumer, "999000111")             # not in the directory
        assert_hindi(shown_texts(win), names)
        win.open_printer_setup(actor=SUPERVISOR)
        assert_hindi(shown_texts(win.printer_setup_dialog), names)
        win.printer_setup_dialog.reject()
        win.show_transactions()
        assert_hindi(shown_texts(win), names)
        header = win.transactions.model
        assert not english_words(" ".join(str(header.headerData(i, Qt.Orientation.Horizontal))
                                          for i in range(header.columnCount())))
        win.printer_setup()
        gate = win.supervisor_dialog
        gate.user_id.setText(SUPERVISOR)
        gate.pin.setText("0000")
        gate.submit()                                              # a wrong PIN: the core's sentence, in Hindi
        assert_hindi(shown_texts(gate), names + (SUPERVISOR,))
        gate.reject()
        assert SUPERVISOR_PIN
    finally:
        win.set_language("en")
        win.close()
        win.session.close()


# -- the catalog's entries, and the source that feeds it ----------------------------------------------
def po_entries(text: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of every entry of a .po/.pot, the untranslated ones too (the header left out)."""
    entries = []
    for block in text.split("\n\n"):
        parts: dict[str, str] = {}
        section = None
        fuzzy = False
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith(("msgid ", "msgstr ")):
                section, _sep, quoted = line.partition(" ")
                parts[section] = ast.literal_eval(quoted)
            elif line.startswith('"') and section:
                parts[section] += ast.literal_eval(line)
        if parts.get("msgid"):
            entries.append((parts["msgid"], parts.get("msgstr", ""), fuzzy))
    return entries


def extracted_msgids() -> set[str]:
    import shutil
    import subprocess

    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is missing: ./dev.sh setup installs gettext (SYSTEM_PACKAGES)")
    pot = subprocess.run(["xgettext", "--language=Python", "--keyword=_", "--keyword=N_", "--from-code=UTF-8",
                          "-o", "-", *sorted(str(p) for d in ("counter_app", "counter_cli", "receipts")
                                             for p in (ROOT / d).glob("*.py"))],
                         capture_output=True, text=True, check=True).stdout
    return {msgid for msgid, _str, _fuzzy in po_entries(pot)}


def test_every_msgid_has_non_empty_hindi():
    wanted = extracted_msgids()
    assert len(wanted) > 200                       # multi-line msgids are read too
    hindi = {msgid: (msgstr, fuzzy) for msgid, msgstr, fuzzy in po_entries(PO.read_text(encoding="utf-8"))}
    problems = [("not in the .po", m) for m in sorted(wanted - hindi.keys())]
    problems += [("empty Hindi", m) for m in sorted(wanted & hindi.keys()) if not hindi[m][0].strip()]
    problems += [("fuzzy", m) for m in sorted(wanted & hindi.keys()) if hindi[m][1]]
    assert not problems, "\n".join(f"{why}: {m!r}" for why, m in problems)


def test_every_po_entry_keeps_its_placeholders():
    """A msgstr that drops, renames or reformats a field fails at .format() (KeyError) in front of the cashier."""
    entries = [(m, s) for m, s, _fuzzy in po_entries(PO.read_text(encoding="utf-8")) if s]
    assert len(entries) > 200
    bad = [(m, placeholders(m), placeholders(s)) for m, s in entries if placeholders(m) != placeholders(s)]
    assert not bad, "\n".join(f"{m!r}: {a} != {b}" for m, a, b in bad)


def test_the_placeholder_check_can_fail():
    assert placeholders("Receipt {receipt} is void.") != placeholders("रसीद {रसीद} रद्द है।")
    assert placeholders("{n:.0f} s") != placeholders("{n} सेकंड")
    assert placeholders("{a} and {b}") == placeholders("{b} और {a}")


#: Calls whose first argument is a sentence a person reads (``emit``: its second, the human text).
SENTENCE_CALLS = {"KnownError", "Refused", "InputError", "StorageError", "NotSetUp", "SyncBusy",
                  "ServerUnavailable", "Failure"}
CLI_SENTENCE_CALLS = {"print"}
#: Left in English on purpose, each with why: (file, start of the sentence). None today.
UNWRAPPED_ALLOWED: set[tuple[str, str]] = set()


def _literal_text(node: ast.AST) -> str | None:
    """The fixed words of a str literal, f-string or + of them; None when ``node`` is not one."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal_text(node.left), _literal_text(node.right)
        return None if left is None and right is None else (left or "") + (right or "")
    return None


def unwrapped_sentences(tree: ast.AST, cli: bool) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if called in SENTENCE_CALLS or (cli and called in CLI_SENTENCE_CALLS):
            shown = node.args[:1]
        elif cli and called == "emit":
            shown = node.args[1:2]
        else:
            continue
        for arg in shown:
            text = _literal_text(arg)
            if text is not None and len(re.findall(r"[A-Za-z]{2,}", text.replace("counter-app", ""))) >= 2:
                found.append((node.lineno, text))
    return found


def test_no_sentence_is_left_unwrapped():
    problems = []
    for package in ("counter_app", "counter_cli"):
        for path in sorted((ROOT / package).glob("*.py")):
            where = str(path.relative_to(ROOT))
            for line, text in unwrapped_sentences(ast.parse(path.read_text(encoding="utf-8")), package == "counter_cli"):
                if not any(where == f and text.startswith(start) for f, start in UNWRAPPED_ALLOWED):
                    problems.append(f"{where}:{line}: {text[:80]!r}")
    assert not problems, "not wrapped in _() / N_():\n" + "\n".join(problems)


def test_the_unwrapped_check_can_fail():
    caught = unwrapped_sentences(ast.parse('raise Refused(f"No receipt {no} here.")\n'
                                           'raise KnownError("Cannot write " + str(p) + ".")\n'
                                           'print("Backup written.")\n'
                                           'ctx.emit(data, f"Shift {s} closed.")\n'
                                           'raise Refused(_("No receipt {no} here.").format(no=no))\n'), cli=True)
    assert [line for line, _text in caught] == [1, 2, 3, 4]


def test_no_function_hides_the_translator():
    """``old, _ = ...`` in a function makes ``_`` local there: its ``_("...")`` then raises UnboundLocalError."""
    problems = []
    for package in ("counter_app", "counter_cli", "receipts"):
        for path in sorted((ROOT / package).glob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for fn in ast.walk(tree):
                if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                own, stack = [], list(ast.iter_child_nodes(fn))
                while stack:           # this function's own scope: not nested functions or comprehensions
                    node = stack.pop()
                    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
                                         ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                        continue
                    own.append(node)
                    stack.extend(ast.iter_child_nodes(node))
                names = [n for n in own if isinstance(n, ast.Name) and n.id == "_"]
                if any(isinstance(n.ctx, ast.Store) for n in names) and any(isinstance(n.ctx, ast.Load) for n in names):
                    problems.append(f"{path.relative_to(ROOT)}:{fn.lineno} {fn.name}")
    assert not problems, problems


def test_a_disputed_reason_stored_in_english_shows_in_hindi():
    from ui.models import reason_words

    stored = "The server credited this recharge and then reversed it, but this counter did not void it."
    assert reason_words(stored) == stored
    try:
        i18n.set_language("hi")
        shown = reason_words(stored)
        assert "सर्वर" in shown and not english_words(shown), shown
    finally:
        i18n.set_language("en")
