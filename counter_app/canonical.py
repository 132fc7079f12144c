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

import hashlib
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


def _fast(value: Any, plain: bool) -> bytes | None:
    if not plain and not _orjson_safe(value):
        return None
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:  # a lone surrogate or an integer past 64 bits: json's path, as before
        return None


def to_bytes(value: Any, *, plain: bool = False) -> bytes:
    """The canonical bytes. ``plain``: the caller vouches ``value`` holds no float (a strict model checked
    its types, or the code built it from text and integers), so the walk that looks for one is skipped."""
    fast = _fast(value, plain)
    return fast if fast is not None else _ENCODER.encode(value).encode("utf-8")


def dumps(value: Any, *, plain: bool = False) -> str:
    fast = _fast(value, plain)
    return fast.decode("utf-8") if fast is not None else _ENCODER.encode(value)


def sha256_hex(value: Any, *, plain: bool = False) -> str:
    """The SHA-256 of the canonical form, in hex: how one batch signature covers each result's evidence."""
    return hashlib.sha256(to_bytes(value, plain=plain)).hexdigest()
