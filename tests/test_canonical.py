"""Canonical JSON is the byte form every stored signature and journal hash was made over: it must never change.

``counter_app.canonical`` writes it with orjson for speed; these tests hold it
to the form of the first release, ``json.dumps(sort_keys=True,
separators=(",", ":"), ensure_ascii=False)``, on random values.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app import canonical


def reference(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


# Every code point but lone surrogates (they are not UTF-8): controls, DEL, U+2028, BOM, astral.
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
scalars = st.none() | st.booleans() | st.integers(min_value=-2**63, max_value=2**64 - 1) | text
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
                      max_leaves=12)


@settings(max_examples=3000, deadline=None)
@given(values)
def test_same_bytes_as_the_first_release(value) -> None:
    assert canonical.to_bytes(value) == reference(value)
    assert canonical.dumps(value) == reference(value).decode("utf-8")
    assert canonical.to_bytes(value, plain=True) == reference(value)  # what a strict model let through


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(text, st.floats(allow_nan=True) | st.integers(min_value=2**64, max_value=2**80), max_size=3))
def test_floats_and_huge_integers_keep_jsons_form(value) -> None:
    # orjson writes 1e16 and NaN differently, and refuses integers past 64 bits: json does these.
    assert canonical.to_bytes(value) == reference(value)


def test_a_message_and_a_journal_entry() -> None:
    entry = [7, "2026-12-01T10:00:00Z", "recharge", "राम", None, '{"amount_paise":10023}']
    message = {"txn_id": "MNG-01-7", "amount_paise": 10023, "journal": {"payload": "नमस्ते\n\u2028", "seq": 7}}
    assert canonical.to_bytes(entry) == reference(entry)
    assert canonical.to_bytes(message) == reference(message)
    assert list(json.loads(canonical.to_bytes(message))) == ["amount_paise", "journal", "txn_id"]
