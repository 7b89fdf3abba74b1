"""Child process for the encryption crash test: ``python encryption_child.py DATA_DIR``.

Opens the store (plain or encrypted, whichever it finds), prints "ready", then switches
encryption on, off, on (under a new salt each time)... forever, printing "switched <n>"
after each. The parent kills it at a random moment.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from repair_app.core.app_lock import derive_secrets
from repair_app.core.clock import FakeClock
from repair_app.store import IdentityCodec, Store
from repair_app.store.crypto_codec import AesGcmCodec, read_header
from repair_app.store.encryption_switch import (
    finish_interrupted_switch,
    store_is_encrypted,
    switch_codec,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crypto_helpers import FAST  # noqa: E402

CLOCK = FakeClock(datetime(2026, 11, 23, 9, 30))
PASSPHRASE = "torture passphrase"


def codec_for_disk(data_dir: Path):
    finish_interrupted_switch(data_dir)
    head = store_is_encrypted(data_dir)
    if head is None:
        return IdentityCodec()
    header = read_header(head)
    return AesGcmCodec(derive_secrets(PASSPHRASE, header.salt, FAST), header.salt, FAST)


def main(data_dir: Path) -> None:
    store = Store.open(data_dir, CLOCK, codec=codec_for_disk(data_dir))
    print("ready", flush=True)
    n = 0
    while True:
        if isinstance(store.codec, IdentityCodec):
            salt = bytes([n % 256]) * 16
            codec = AesGcmCodec(derive_secrets(PASSPHRASE, salt, FAST), salt, FAST)
            switch_codec(store, codec, {"enabled": True, "encrypted": True, "n": n})
        else:
            switch_codec(store, IdentityCodec(), {"enabled": True, "encrypted": False, "n": n})
        print(f"switched {n}", flush=True)
        n += 1


if __name__ == "__main__":
    main(Path(sys.argv[1]))
