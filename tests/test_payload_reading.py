"""The server reads a journal payload through orjson, and must read exactly what json.loads reads."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.crediting import read_payload

text = st.text(max_size=8)  # lone surrogates included: json.dumps escapes them, orjson refuses them
scalars = (st.none() | st.booleans() | st.integers(min_value=-2**70, max_value=2**70) | text
           | st.floats(allow_nan=True, allow_infinity=True))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
                      max_leaves=20)


def _read(reader, data: str):
    try:
        return "ok", json.dumps(reader(data), sort_keys=True)
    except (ValueError, RecursionError) as exc:
        return "error", type(exc).__name__


@settings(max_examples=400, deadline=None)
@given(values)
def test_what_json_writes_reads_back_the_same(value):
    data = json.dumps(value)
    assert _read(read_payload, data) == _read(json.loads, data)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet='{}[]":,0123456789.eE-+ \\/untrfalsNIiy\u00e9\ud800', max_size=30))
def test_any_text_reads_the_same_or_fails_the_same(data):
    assert _read(read_payload, data)[0] == _read(json.loads, data)[0]
    if _read(json.loads, data)[0] == "ok":
        assert _read(read_payload, data) == _read(json.loads, data)


@pytest.mark.parametrize("data", ['{"a": 123456789012345678901234567890}', '{"a": NaN}', '{"a": 1e400}',
                                  '{"a": %d}' % -2**63, '{"a": %d}' % (-2**63 - 1), '{"a": %d}' % (2**64 - 1),
                                  '{"a": %d}' % 2**64, '{"a": [%d]}' % 10**19, '{"a": 1.0000000000000002}',
                                  '{"a": "\\ud800"}', '{"a": 1, "a": 2}', '[' * 2000 + ']' * 2000])
def test_where_orjson_and_json_differ_json_wins(data):
    assert _read(read_payload, data) == _read(json.loads, data)
