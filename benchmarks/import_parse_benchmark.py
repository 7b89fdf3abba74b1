"""How long and how much memory checking an import file takes, hostile files included.

Each case runs in a fresh child process and reports the time, and the peak of what the
check allocated beyond the file itself (tracemalloc, on a second run):

    python benchmarks/import_parse_benchmark.py

Cases: a real ten-year export (benchmarks/synthetic_history.py), and hostile files built
to pass the pre-parse element count with the most elements it allows, at the size limit
(``MAX_FILE_BYTES``) and at 200 MB (refused by size).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from repair_app.core.export_format import (  # noqa: E402
    BYTES_PER_ELEMENT,
    MAX_FILE_BYTES,
    MAX_VALUES,
    ExportError,
    parse_bundle_bytes,
)

HEAD = (b'{"format":"repair-export","schema":2,"exported_at":"2026-11-23T09:30:00",'
        b'"main":{},"months":{},"x":[')


def hostile(unit: bytes, size: int) -> bytes:
    body = unit * ((size - len(HEAD) - 2) // len(unit))
    return HEAD + body[:-1] + b"]}"


def real_export() -> bytes:
    from benchmarks.synthetic_history import build_history
    from repair_app.core.clock import FakeClock
    from repair_app.core.export_format import bundle_to_json
    from repair_app.store import Store
    from repair_app.store.data_transfer import export_bundle

    clock = FakeClock(datetime(2036, 11, 23, 9, 30))
    folder = Path(tempfile.mkdtemp())
    build_history(folder, 3653, clock, pauses_per_week=3)
    with Store.open(folder, clock) as store:
        return bundle_to_json(export_bundle(store, clock.now()))


def child(path: str) -> None:
    raw = Path(path).read_bytes()

    def check() -> str:
        try:
            parse_bundle_bytes(raw, current_schema=2)
            return "accepted"
        except ExportError as error:
            return "refused: " + str(error)[:50]

    started = time.perf_counter()
    outcome = check()
    took = time.perf_counter() - started
    tracemalloc.start()  # a second run, traced: what the check allocated beyond the file
    check()
    peak = tracemalloc.get_traced_memory()[1]
    print(json.dumps({"seconds": took, "peak_mb": peak / 2**20, "outcome": outcome}))


def main() -> None:
    # The most elements the count allows at the size limit, each a short string.
    unit = max(BYTES_PER_ELEMENT, MAX_FILE_BYTES // MAX_VALUES + 1)
    cases = {
        "real ten-year export": real_export(),
        "short strings at the element cap": hostile(b'"' + b"a" * (unit - 3) + b'",',
                                                    MAX_FILE_BYTES),
        "1 MB of one-letter strings": hostile(b'"a' + b'",', 1024 * 1024),
        "one 100k-char string per element": hostile(b'"' + b"a" * 99_990 + b'",',
                                                    MAX_FILE_BYTES),
        "empty objects (refused by count)": hostile(b"{},", MAX_FILE_BYTES),
        "zeros (refused by count)": hostile(b"0,", MAX_FILE_BYTES),
        "200 MB of empty objects": hostile(b"{},", 200 * 1024 * 1024),
    }
    print(f"{'case':36} {'MB':>6} {'seconds':>8} {'peak MB':>8} {'x file':>7}  outcome")
    for name, raw in cases.items():
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
            handle.write(raw)
        out = subprocess.run([sys.executable, __file__, "--child", handle.name],
                             capture_output=True, text=True, check=True).stdout
        Path(handle.name).unlink()
        result = json.loads(out)
        size = len(raw) / (1024 * 1024)
        print(f"{name:36} {size:6.1f} {result['seconds']:8.2f} {result['peak_mb']:8.0f} "
              f"{result['peak_mb'] / size:7.1f}  {result['outcome']}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
    else:
        main()
