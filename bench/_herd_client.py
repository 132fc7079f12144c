"""One client process of bench_herd: its share of the counters, each on its own thread, all from one signal.

    python bench/_herd_client.py START_FILE COUNTER_DIR...

Prints one JSON object: counter folder -> remaining, errors, duplicate answers, finish time (time.time()).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from counter_app import connection  # noqa: E402
from counter_app.sync import SyncClient  # noqa: E402

RETRIES = 100  # a busy server may answer 503/429; a counter tries again, as the real one does


def drain(folder: str, start: Path, out: dict) -> None:
    db = connection.open_counter_db(Path(folder))
    try:
        client = SyncClient(db)
        while not start.exists():
            time.sleep(0.002)
        errors = duplicates = 0
        result = client.sync_once(force=True)
        while True:
            duplicates += result.duplicate
            if result.error:
                errors += 1
                if errors > RETRIES:
                    break
                time.sleep(0.2)
            elif not result.remaining:
                break
            result = client.sync_once(force=True)
        out[folder] = {"remaining": result.remaining, "errors": errors, "last_error": result.error,
                       "duplicates": duplicates, "finished_at": time.time()}
    finally:
        db.close()


def main() -> None:
    start, folders = Path(sys.argv[1]), sys.argv[2:]
    out: dict = {}
    threads = [threading.Thread(target=drain, args=(folder, start, out)) for folder in folders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
