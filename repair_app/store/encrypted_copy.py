"""An encrypted copy of the journal: one file, its own passphrase, readable without the app's lock.

Offered before encryption is turned on, so a forgotten app passphrase need not mean
losing everything. The file is a zip of the store's shards (``main.json`` and
``months/*.json`` as plain JSON) sealed with AES-256-GCM under a key derived with
scrypt from the copy's own passphrase::

    b"RPRCOPY1" | log2 n | r | p | salt length | salt | nonce (12) | ciphertext + tag

To get the data back (into a new, empty folder that Repair can open with
``--data-dir``)::

    python -m repair_app.store.encrypted_copy unpack COPY_FILE NEW_FOLDER
"""

from __future__ import annotations

import argparse
import getpass
import io
import os
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from repair_app.core.app_lock import DEFAULT_PARAMS, SALT_BYTES, ScryptParams, derive_secrets

from .database import Store
from .layout import MAIN_FILE, MONTHS_DIR, month_of_file_name, shard_relative_paths

MAGIC = b"RPRCOPY1"
SUFFIX = ".repaircopy"


class CopyError(ValueError):
    """The copy cannot be opened; the message says why in plain words."""


def copy_file_name(now: datetime) -> str:
    return f"Repair-encrypted-copy-{now:%Y-%m-%d-%H%M}{SUFFIX}"


def build_encrypted_copy(store: Store, passphrase: str, *,
                         params: ScryptParams = DEFAULT_PARAMS,
                         salt: bytes | None = None) -> bytes:
    """The sealed copy of every shard, as they are now (read under the store's lock)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # see crypto_codec

    buffer = io.BytesIO()
    with store.transaction(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative in shard_relative_paths(store.data_dir):
            raw = (store.data_dir / relative).read_bytes()
            archive.writestr(relative, store.codec.decode(raw))
    salt = salt if salt is not None else os.urandom(SALT_BYTES)
    key = derive_secrets(passphrase, salt, params).store_key
    header = MAGIC + bytes([params.n.bit_length() - 1, params.r, params.p, len(salt)]) + salt
    nonce = os.urandom(12)
    return header + nonce + AESGCM(key).encrypt(nonce, buffer.getvalue(), header)


def open_encrypted_copy(raw: bytes, passphrase: str) -> dict[str, bytes]:
    """{relative path: plain JSON bytes}. CopyError for a wrong passphrase or a bad file."""
    from cryptography.exceptions import InvalidTag  # see crypto_codec
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not raw.startswith(MAGIC) or len(raw) < len(MAGIC) + 4:
        raise CopyError("This isn't an encrypted copy made by Repair.")
    at = len(MAGIC)
    log_n, r, p, salt_len = raw[at:at + 4]
    at += 4
    salt = raw[at:at + salt_len]
    at += salt_len
    try:
        params = ScryptParams(n=1 << log_n, r=r, p=p)
    except ValueError as error:
        raise CopyError("This copy's header is damaged.") from error
    nonce, body = raw[at:at + 12], raw[at + 12:]
    key = derive_secrets(passphrase, salt, params).store_key
    try:
        plain = AESGCM(key).decrypt(nonce, body, raw[:at])
    except (InvalidTag, ValueError) as error:
        raise CopyError("Wrong passphrase, or the copy was changed or cut short.") from error
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        return {name: archive.read(name) for name in archive.namelist()
                if _is_shard_name(name)}


def unpack(raw: bytes, passphrase: str, target: Path) -> list[str]:
    """Write the copy's shards into ``target`` (new or empty folder), plain JSON."""
    files = open_encrypted_copy(raw, passphrase)
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise CopyError(f"{target} is not empty: choose a new folder.")
    (target / MONTHS_DIR).mkdir(mode=0o700)
    for name, data in files.items():
        (target / name).write_bytes(data)
    return sorted(files)


def _is_shard_name(name: str) -> bool:
    if name == MAIN_FILE:
        return True
    folder, _, file_name = name.partition("/")
    return folder == MONTHS_DIR and month_of_file_name(file_name) is not None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m repair_app.store.encrypted_copy",
                                     description="Open an encrypted copy of your Repair data.")
    sub = parser.add_subparsers(dest="command", required=True)
    unpack_parser = sub.add_parser("unpack", help="write the copy into a new folder")
    unpack_parser.add_argument("copy", type=Path)
    unpack_parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    passphrase = getpass.getpass("The copy's passphrase: ")
    try:
        names = unpack(args.copy.read_bytes(), passphrase, args.folder)
    except (CopyError, OSError) as error:
        print(f"Couldn't open the copy: {error}", file=sys.stderr)
        return 1
    print(f"Wrote {len(names)} files to {args.folder}. Open them with: "
          f"repair-app --data-dir {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
