"""Helpers for the encryption tests: fast scrypt parameters and marker strings."""

from __future__ import annotations

from pathlib import Path

from repair_app.core.app_lock import ScryptParams, derive_secrets
from repair_app.store.crypto_codec import AesGcmCodec

FAST = ScryptParams(n=2**10, r=8, p=1)  # tests only: the app uses 2**17
SALT = bytes(range(16))
MARKERS = ["MARKER-partner-Dana", "MARKER-fear-אני-מפחד", "MARKER-🙂-mistake"]


def codec_for(passphrase: str, salt: bytes = SALT) -> AesGcmCodec:
    return AesGcmCodec(derive_secrets(passphrase, salt, FAST), salt, FAST)


def files_containing(folder: Path, needles: list[str]) -> dict[str, list[str]]:
    """Every file under ``folder`` whose raw bytes contain one of ``needles``."""
    found: dict[str, list[str]] = {}
    encoded = [(needle, needle.encode("utf-8")) for needle in needles]
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            raw = path.read_bytes()
            hits = [needle for needle, data in encoded if data in raw]
            if hits:
                found[str(path.relative_to(folder))] = hits
    return found
