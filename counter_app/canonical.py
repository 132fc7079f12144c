"""Canonical JSON: the one byte form that hashes and signatures are made over.

The form is ``json.dumps(value, sort_keys=True, separators=(",", ":"),
ensure_ascii=False)``, as it has been since the first release: every signature
and journal hash already stored was made over it. orjson writes the same bytes
for strings, integers, booleans, null, lists and objects with text keys
(tests/test_canonical.py proves it on random values, controls and astral
characters included) about eight times faster, and the server encodes every
item of every batch, so it does the work. Floats are the exception (orjson
writes ``1e16`` where json writes ``1e+16``, and ``null`` for NaN), and so are
integers past 64 bits: a value holding one goes through json.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

# One encoder made once: json.dumps would build one per call.
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _orjson_safe(value: Any) -> bool:
    """Does ``value`` hold only what orjson writes exactly as json does?"""
    kind = type(value)
    if kind is str or value is None or kind is bool:
        return True
    if kind is int:
        return -2**63 <= value < 2**64
    if kind is dict:
        return all(type(k) is str and _orjson_safe(v) for k, v in value.items())
    if kind is list or kind is tuple:
        return all(_orjson_safe(v) for v in value)
    return False


def _fast(value: Any) -> bytes | None:
    if not _orjson_safe(value):
        return None
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:  # a lone surrogate: json's path, and its error, as before
        return None


def to_bytes(value: Any) -> bytes:
    fast = _fast(value)
    return fast if fast is not None else _ENCODER.encode(value).encode("utf-8")


def dumps(value: Any) -> str:
    fast = _fast(value)
    return fast.decode("utf-8") if fast is not None else _ENCODER.encode(value)
