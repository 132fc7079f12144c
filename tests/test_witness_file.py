"""The head witness is rewritten in place after every recharge: one sector, the old record or the new.

Rewriting it aside and renaming it over the old file cost more than the rest of
the recharge's own Python (ext4 starts writing a file renamed over another at
once); ``bench/bench_recharge.py`` shows the difference. Padded to one disk
sector, an overwrite in place can only leave the old record or the new one.
"""

from __future__ import annotations

import json
import os

from counter_app import witness


def test_the_head_witness_is_rewritten_in_place_and_reads_back(tmp_path):
    path = tmp_path / witness.HEAD_FILE
    witness._write(path, {"counter_id": "MNG-01", "seq": 9, "hash": "a" * 64, "receipt_seq": 7, "at": "x"})
    inode = os.stat(path).st_ino
    witness._write(path, {"counter_id": "MNG-01", "seq": 10, "hash": "b" * 64, "receipt_seq": 8, "at": "y"})
    assert os.stat(path).st_ino == inode, "rewritten aside and renamed, not in place"
    assert os.path.getsize(path) == witness.RECORD_BYTES
    assert json.loads(path.read_text(encoding="utf-8"))["seq"] == 10
    assert not list(tmp_path.glob("*.part"))


def test_a_longer_old_file_is_replaced_whole(tmp_path):
    """A file an older release wrote (compact JSON), or any longer one, leaves nothing of itself behind."""
    path = tmp_path / witness.ACK_FILE
    path.write_text(json.dumps({"seq": 1, "pad": "z" * 2000}), encoding="utf-8")
    witness._write(path, {"seq": 2})
    assert json.loads(path.read_text(encoding="utf-8")) == {"seq": 2}


def test_a_record_too_long_for_a_sector_is_still_written_whole(tmp_path):
    path = tmp_path / witness.HEAD_FILE
    record = {"seq": 3, "note": "n" * (2 * witness.RECORD_BYTES)}
    witness._write(path, record)
    assert json.loads(path.read_text(encoding="utf-8")) == record
