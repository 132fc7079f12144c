"""Refresh the translation catalogs from the source, and compile them. No translations live here.

    python scripts/update_translations.py

Two catalogs, each opened by translators in their own tools:

- the window's widget text: ``pyside6-lupdate`` collects every ``self.tr(...)`` and
  ``translate(context, ...)`` in ``ui/*.py`` into ``ui/translations/counter_hi.ts``
  (Qt Linguist); ``pyside6-lrelease`` compiles it to ``counter_hi.qm``;
- the core's sentences: ``xgettext`` collects every ``_(...)`` and ``N_(...)`` in
  ``counter_app/``, ``counter_cli/`` and ``receipts/`` into ``counter_app/locale/counter_app.pot``
  and ``msgmerge`` brings ``counter_app/locale/hi/LC_MESSAGES/counter_app.po`` up to date
  (Poedit, Weblate); ``counter_app.i18n.compile_catalogs`` writes its ``.mo`` (the build
  does the same: ``./dev.sh setup``, ``build.spec``, the test session).

Messages with no Hindi yet are listed and the script exits 1, so nothing stays
English silently. Mnemonics: a Devanagari letter cannot be typed with Alt, so Hindi
labels keep the English access key in brackets, as Qt does for other scripts: "राशि (&A)".
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from counter_app import i18n  # noqa: E402

TS = ROOT / "ui" / "translations" / "counter_hi.ts"
QM = TS.with_suffix(".qm")
POT = i18n.LOCALE_DIR / f"{i18n.DOMAIN}.pot"
PO = i18n.LOCALE_DIR / "hi" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
BIN = Path(sys.executable).parent
CORE_SOURCES = ("counter_app", "counter_cli", "receipts")


def unfinished_ts(ts: Path) -> list[str]:
    missing = []
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") == "unfinished" or not (translation.text or "").strip():
            if translation is None or translation.get("type") not in ("obsolete", "vanished"):
                missing.append(message.findtext("source") or "")
    return missing


def update_po() -> list[str]:
    sources = sorted(str(p.relative_to(ROOT)) for d in CORE_SOURCES for p in (ROOT / d).glob("*.py"))
    subprocess.run(["xgettext", "--language=Python", "--keyword=_", "--keyword=N_", "--from-code=UTF-8",
                    "--add-location=file", "--sort-output", "--package-name=counter-app", "-o", str(POT), *sources],
                   check=True, cwd=ROOT)
    if PO.exists():
        subprocess.run(["msgmerge", "--quiet", "--update", "--backup=none", "--no-fuzzy-matching", str(PO), str(POT)],
                       check=True)
    else:
        subprocess.run(["msginit", "--no-translator", "--locale=hi_IN.UTF-8", "-i", str(POT), "-o", str(PO)],
                       check=True)
    translated = i18n.read_po(PO)
    pot = i18n.read_po(POT) | {k: k for k in _ids(POT)}
    return sorted(k for k in pot if k and k not in translated)


def _ids(pot: Path) -> list[str]:
    """Every msgid of a template (read_po keeps only translated ones)."""
    import ast

    ids, current, reading = [], None, False
    for line in pot.read_text(encoding="utf-8").splitlines() + ["msgstr"]:
        line = line.strip()
        if line.startswith("msgid "):
            current, reading = ast.literal_eval(line[6:]), True
        elif line.startswith('"') and reading:
            current += ast.literal_eval(line)
        elif line.startswith("msgstr"):
            if current:
                ids.append(current)
            current, reading = None, False
    return ids


def main() -> int:
    sources = sorted(str(p) for p in (ROOT / "ui").glob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), *sources, "-no-obsolete", "-ts", str(TS),
                    "-target-language", "hi_IN"], check=True)
    missing = [f"window: {m!r}" for m in unfinished_ts(TS)]
    subprocess.run([str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True)
    if shutil.which("xgettext"):
        missing += [f"core: {m!r}" for m in update_po()]
    else:
        print("xgettext not found (Debian: apt-get install gettext): the core catalog was not re-extracted")
    for written in i18n.compile_catalogs():
        print(f"compiled {written.relative_to(ROOT)}")
    for message in missing:
        print(f"no Hindi yet: {message}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
