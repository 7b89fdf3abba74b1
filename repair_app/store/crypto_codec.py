"""Encryption at rest: an AES-256-GCM codec for the store's files.

Every encrypted file is self-describing, so it can be decrypted with the passphrase
alone (even if the lock settings file is lost)::

    magic    8 bytes   b"RPRENC01"
    log2 n   1 byte    \\
    r        1 byte     | scrypt parameters of the key
    p        1 byte    /
    salt     1 byte length + salt
    key id   8 bytes   tells a wrong key from a damaged file
    nonce   12 bytes   random, fresh for every write
    body     AES-GCM ciphertext + 16-byte tag; the header above is authenticated data

Decoding:
- a file written under another key (key id or salt differ) raises
  :class:`WrongKeyError`: the store leaves it alone and the caller asks again;
- a file whose tag does not verify (changed on disk, truncated, forged) raises
  :class:`TamperedFileError`; the store treats it as damaged: it is moved aside, never
  read, the newest good backup is restored and the user is told;
- a plain file (any bytes without the header) raises :class:`UnencryptedFileError`:
  encryption is on, so it is not one of ours; the store refuses it like damage and says
  so, and it never decides whether the store is encrypted (``encryption_state`` does).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from repair_app.core.app_lock import KEY_ID_BYTES, PasscodeSecrets, ScryptParams

from .errors import WrongKeyError
from .safe_storage import ENCRYPTED_MAGIC as MAGIC

NONCE_BYTES = 12


class TamperedFileError(ValueError):
    """The file was encrypted with our key but its contents do not verify."""


class UnencryptedFileError(ValueError):
    """A plain file where every file must be encrypted: refused, never read as data."""

    unencrypted = True


@dataclass(frozen=True)
class EncryptionHeader:
    params: ScryptParams
    salt: bytes
    key_id: bytes
    body_offset: int  # where the nonce starts


def looks_encrypted(raw: bytes) -> bool:
    return raw.startswith(MAGIC)


def read_header(raw: bytes) -> EncryptionHeader:
    """Parse the header of an encrypted file; ValueError if it is not one."""
    if not looks_encrypted(raw):
        raise ValueError("it is not an encrypted Repair file")
    at = len(MAGIC)
    if len(raw) < at + 4:
        raise ValueError("its encryption header is cut short")
    log_n, r, p, salt_len = raw[at], raw[at + 1], raw[at + 2], raw[at + 3]
    at += 4
    salt = raw[at:at + salt_len]
    at += salt_len
    key_id = raw[at:at + KEY_ID_BYTES]
    at += KEY_ID_BYTES
    if len(salt) != salt_len or len(key_id) != KEY_ID_BYTES or len(raw) < at + NONCE_BYTES + 16:
        raise ValueError("its encryption header is cut short")
    params = ScryptParams(n=1 << log_n, r=r, p=p)
    return EncryptionHeader(params=params, salt=salt, key_id=key_id, body_offset=at)


def _header_bytes(params: ScryptParams, salt: bytes, key_id: bytes) -> bytes:
    log_n = params.n.bit_length() - 1
    if len(salt) > 255 or len(key_id) != KEY_ID_BYTES:
        raise ValueError("bad salt or key id")
    return MAGIC + bytes([log_n, params.r, params.p, len(salt)]) + salt + key_id


class AesGcmCodec:
    """Encrypts what the store writes and decrypts what it reads (see module docstring)."""

    def __init__(self, secrets: PasscodeSecrets, salt: bytes, params: ScryptParams) -> None:
        # Imported here: most people never turn encryption on, and the library's native
        # part costs the app about 5 MB of memory from the moment it is loaded.
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._aead = AESGCM(secrets.store_key)
        self.key_id = secrets.key_id
        self.salt = salt
        self.params = params
        self._header = _header_bytes(params, salt, secrets.key_id)

    def encode(self, data: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return self._header + nonce + self._aead.encrypt(nonce, data, self._header)

    def decode(self, data: bytes) -> bytes:
        if not looks_encrypted(data):
            # Never read as data: whoever could write it could switch encryption off.
            raise UnencryptedFileError("it was not encrypted, although your data is")
        header = read_header(data)  # ValueError: damaged / not ours
        if header.key_id != self.key_id or header.salt != self.salt:
            raise WrongKeyError("This file was encrypted with a different passcode.")
        nonce = data[header.body_offset:header.body_offset + NONCE_BYTES]
        body = data[header.body_offset + NONCE_BYTES:]
        from cryptography.exceptions import InvalidTag

        try:
            return self._aead.decrypt(nonce, body, data[:header.body_offset])
        except InvalidTag as error:
            raise TamperedFileError(
                "it is encrypted, but its contents were changed or cut short after it was "
                "written, so it was not used") from error

    def fits(self, raw: bytes) -> bool:
        """Whether ``raw`` is an encrypted file under this codec's key (header only)."""
        try:
            header = read_header(raw)
        except ValueError:
            return False
        return header.key_id == self.key_id and header.salt == self.salt
