"""Encryption at rest: answers, names and notes are unreadable in the data file without the key.

AES-256-GCM from `cryptography`. Each value is bound to its session and column (the
associated data), so encrypted values cannot be swapped between rows unnoticed.
Where the key comes from (never in clear beside the data) is in keys.py.
"""

from __future__ import annotations

import base64
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from planner.i18n.translator import N_

from .faults import StoreError
from .keys import KEY_FILE, KEY_VARIABLE, load_key

__all__ = ["KEY_FILE", "KEY_VARIABLE", "Cipher", "DecryptFailed", "bucket", "load_key", "new_key", "pad", "unpad"]

VERSION = b"\x02"  # 2: padded to a size bucket; 1 (read only, to move old files on): not padded
OLD_VERSION = b"\x01"
SMALLEST, LARGE = 256, 65536
NOT_READABLE = N_("A value in the data file is not in a form planner can read.")
WRONG_VALUE_KEY = N_("A value in the data file cannot be read with this key.")
WRONG_KEY = N_("The data file {path} was saved with a different key, so it cannot be read. Nothing was changed. "
             "Use the key it was made with (the file 'key' beside it with its passphrase, or ${variable}).")


class DecryptFailed(StoreError):
    """A value could not be decrypted: the wrong key, or the file was tampered with."""


def new_key() -> str:
    """A fresh key, as text that can go in an environment variable."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


class Cipher:
    """Encrypts and decrypts values for one data file."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)
        self._key = key

    def derive(self, purpose: str) -> bytes:
        """A separate key for one purpose (such as hashing codes), made from the data key."""
        return HKDF(hashes.SHA256(), 32, salt=None, info=f"planner:{purpose}".encode()).derive(self._key)

    def seal(self, text: str, *, context: str) -> bytes:
        """The text encrypted, padded first so that its length says only which size bucket it is in."""
        nonce = secrets.token_bytes(12)
        return VERSION + nonce + self._aead.encrypt(nonce, pad(text.encode("utf-8")), context.encode())

    def seal_each(self, text: str, contexts: list[str]) -> list[bytes]:
        """The same text sealed once for each context, each with its own nonce (spare rows, many at once)."""
        padded = pad(text.encode("utf-8"))
        nonces = os.urandom(12 * len(contexts))
        encrypt = self._aead.encrypt
        return [VERSION + nonces[12 * n:12 * n + 12] + encrypt(nonces[12 * n:12 * n + 12], padded, context.encode())
                for n, context in enumerate(contexts)]

    def open(self, blob: bytes, *, context: str) -> str:
        if not blob or blob[:1] not in (VERSION, OLD_VERSION):
            raise DecryptFailed(NOT_READABLE)
        try:
            plain = self._aead.decrypt(blob[1:13], blob[13:], context.encode())
            return (unpad(plain) if blob[:1] == VERSION else plain).decode("utf-8")
        except (InvalidTag, UnicodeDecodeError, ValueError):
            raise DecryptFailed(WRONG_VALUE_KEY) from None


def bucket(size: int) -> int:
    """The padded size for `size` bytes: a power of two from 256 up to 64 KiB, then whole 64 KiBs."""
    if size <= LARGE:
        return max(SMALLEST, 1 << (size - 1).bit_length())
    return -(-size // LARGE) * LARGE


def pad(data: bytes) -> bytes:
    """Length (4 bytes), the data, then zeros up to the bucket."""
    framed = len(data).to_bytes(4, "big") + data
    return framed + bytes(bucket(len(framed)) - len(framed))


def unpad(padded: bytes) -> bytes:
    size = int.from_bytes(padded[:4], "big")
    if size > len(padded) - 4:
        raise ValueError("bad padding")
    return padded[4:4 + size]
