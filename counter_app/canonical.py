"""Canonical JSON: the one byte form that hashes and signatures are made over."""

from __future__ import annotations

import json
from typing import Any


def dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def to_bytes(value: Any) -> bytes:
    return dumps(value).encode("utf-8")
