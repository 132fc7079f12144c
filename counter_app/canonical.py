"""Canonical JSON: the one byte form that hashes and signatures are made over."""

from __future__ import annotations

import json
from typing import Any


# One encoder made once: json.dumps would build one per call (hashes and signatures call this per item).
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def dumps(value: Any) -> str:
    return _ENCODER.encode(value)


def to_bytes(value: Any) -> bytes:
    return dumps(value).encode("utf-8")
