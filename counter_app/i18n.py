"""The core's sentences in the cashier's language: gettext, with the language chosen once.

Sentences the core says (refusals, validation errors, sync and printer
messages) are wrapped in ``_()`` from here; ``counter_app/locale/hi/LC_MESSAGES/
counter_app.po`` holds their Hindi (a translator opens it in Poedit or Weblate)
and the build compiles it to ``counter_app.mo`` (:func:`compile_catalogs`: by
``./dev.sh setup``, ``build.spec`` and the test session). The window's widget
text stays in Qt's ``.ts``/``.qm``; ``ui.i18n`` switches both together.

The language, in this order: ``--lang hi|en``, ``COUNTER_APP_LANG``, the
window's remembered choice (Language / भाषा menu), else the system locale.
"""

from __future__ import annotations

import ast
import gettext
import locale
import os
from pathlib import Path

DOMAIN = "counter_app"
LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("en", "hi")
ENV = "COUNTER_APP_LANG"

_current = "en"
_catalog: gettext.NullTranslations = gettext.NullTranslations()
#: ``--lang`` for this run (the CLI sets it; the window, started by the CLI, reads it too).
requested: str | None = None


def _(message: str) -> str:
    """``message`` in the current language (itself in English, or when no translation exists)."""
    return _catalog.gettext(message)


def N_(message: str) -> str:  # noqa: N802 - gettext's own name for it
    """Marks ``message`` for the catalog where it is defined; translated where it is shown (``_(message)``)."""
    return message


def current() -> str:
    return _current


def choose(explicit: str | None = None, remembered: str | None = None) -> str:
    """The language to use: the explicit choice, the environment, the remembered one, the system's."""
    for candidate in (explicit, requested, os.environ.get(ENV), remembered, _system_language()):
        code = (candidate or "").strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "en"


def _system_language() -> str | None:
    try:
        found = locale.getlocale()[0] or os.environ.get("LANG") or ""
    except ValueError:
        found = os.environ.get("LANG") or ""
    return found.split("_")[0] if found else None


def set_language(code: str) -> str:
    """Make ``code`` the language of every ``_()`` from now on; returns the language set."""
    global _current, _catalog
    code = code if code in LANGUAGES else "en"
    _catalog = _load(code) if code != "en" else gettext.NullTranslations()
    _current = code
    return code


def _load(code: str) -> gettext.NullTranslations:
    mo = LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
    po = mo.with_suffix(".po")
    if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
        try:
            compile_po(po, mo)       # a checkout whose build step has not run yet: never English by accident
        except OSError:
            return _PoTranslations(read_po(po))
    try:
        with open(mo, "rb") as handle:
            return gettext.GNUTranslations(handle)
    except OSError:
        return gettext.NullTranslations()


class _PoTranslations(gettext.NullTranslations):
    def __init__(self, messages: dict[str, str]) -> None:
        super().__init__()
        self._messages = messages

    def gettext(self, message: str) -> str:
        return self._messages.get(message) or message


# -- the catalog files -----------------------------------------------------------------------------
def read_po(path: Path) -> dict[str, str]:
    """msgid -> msgstr of a .po file (translated entries only; the header and fuzzy ones left out)."""
    messages: dict[str, str] = {}
    msgid = msgstr = None
    fuzzy = False
    section = None

    def keep() -> None:
        if msgid and msgstr and not fuzzy:
            messages[msgid] = msgstr

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            keep()
            msgid = msgstr = None
            fuzzy, section = False, None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid "):
            msgid, section = ast.literal_eval(line[6:]), "id"
        elif line.startswith("msgstr "):
            msgstr, section = ast.literal_eval(line[7:]), "str"
        elif line.startswith('"'):
            if section == "id":
                msgid = (msgid or "") + ast.literal_eval(line)
            elif section == "str":
                msgstr = (msgstr or "") + ast.literal_eval(line)
    return messages


def compile_po(po: Path, mo: Path) -> Path:
    """Write the GNU .mo for ``po`` (what msgfmt does, in Python: no gettext tools needed to build)."""
    import array
    import struct

    messages = {"": "Content-Type: text/plain; charset=UTF-8\n", **read_po(po)}
    keys = sorted(messages)
    ids = b"".join(k.encode("utf-8") + b"\0" for k in keys)
    strs = b"".join(messages[k].encode("utf-8") + b"\0" for k in keys)
    offsets, id_at, str_at = [], 0, 0
    for k in keys:
        key, value = k.encode("utf-8"), messages[k].encode("utf-8")
        offsets.append((id_at, len(key), str_at, len(value)))
        id_at += len(key) + 1
        str_at += len(value) + 1
    start_ids = 7 * 4 + 16 * len(keys)
    start_strs = start_ids + len(ids)
    table_ids, table_strs = array.array("i"), array.array("i")
    for i_off, i_len, s_off, s_len in offsets:
        table_ids += array.array("i", [i_len, start_ids + i_off])
        table_strs += array.array("i", [s_len, start_strs + s_off])
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + len(keys) * 8, 0, 0)
    data = header + table_ids.tobytes() + table_strs.tobytes() + ids + strs
    mo.parent.mkdir(parents=True, exist_ok=True)
    part = mo.with_name(mo.name + ".part")
    part.write_bytes(data)
    part.replace(mo)
    return mo


def compile_catalogs() -> list[Path]:
    """Compile every ``locale/*/LC_MESSAGES/counter_app.po`` next to itself."""
    return [compile_po(po, po.with_suffix(".mo")) for po in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))]


if __name__ == "__main__":      # python -m counter_app.i18n: the build's compile step
    for written in compile_catalogs():
        print(f"compiled {written}")
