"""Encryption at rest: answers, names and notes are unreadable in the data file without the key.

AES-256-GCM from `cryptography`. Each value is bound to its session and column (the
associated data), so encrypted values cannot be swapped between rows unnoticed.
The key comes from $PLANNER_KEY (for managed kiosks) or from a key file made on first
use beside the data, readable by its owner only.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
import tempfile
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .database import StoreError

KEY_FILE = "key"
KEY_VARIABLE = "PLANNER_KEY"
VERSION = b"\x02"  # 2: padded to a size bucket; 1 (read only, to move old files on): not padded
OLD_VERSION = b"\x01"
SMALLEST, LARGE = 256, 65536
BAD_KEY = ("The key in ${variable} is not a key for planner. It should be 44 letters and numbers, as made by "
           "'planner key'.")
KEY_UNREADABLE = "The key file {path} cannot be read ({reason}). Check who owns it."
WRONG_KEY = ("The data file {path} was saved with a different key, so it cannot be read. Nothing was changed. "
             "Use the key it was made with (the file 'key' beside it, or ${variable}).")


class DecryptFailed(StoreError):
    """A value could not be decrypted: the wrong key, or the file was tampered with."""


def new_key() -> str:
    """A fresh key, as text that can go in an environment variable."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def load_key(folder: Path) -> bytes:
    """The key from the environment, or from the key file (made now if there is none)."""
    if os.environ.get(KEY_VARIABLE):
        return _decode(os.environ[KEY_VARIABLE].strip())
    path = folder / KEY_FILE
    if not path.exists():
        _make_key_file(path)
    try:
        return _decode(path.read_text().strip())
    except OSError as error:
        raise StoreError(KEY_UNREADABLE.format(path=path, reason=error.strerror)) from None


def _make_key_file(path: Path) -> None:
    """Write a new key beside the data, whole or not at all, even if two programs start at once."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key.")
    try:
        with os.fdopen(descriptor, "w") as file:
            file.write(new_key() + "\n")
            file.flush()
            os.fsync(file.fileno())
        os.link(temporary, path)  # fails if another program made one first: then theirs is used
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)


def _decode(text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.encode())
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise StoreError(BAD_KEY.format(variable=KEY_VARIABLE))
    return key


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

    def open(self, blob: bytes, *, context: str) -> str:
        if not blob or blob[:1] not in (VERSION, OLD_VERSION):
            raise DecryptFailed("A value in the data file is not in a form planner can read.")
        try:
            plain = self._aead.decrypt(blob[1:13], blob[13:], context.encode())
            return (unpad(plain) if blob[:1] == VERSION else plain).decode("utf-8")
        except (InvalidTag, UnicodeDecodeError, ValueError):
            raise DecryptFailed("A value in the data file cannot be read with this key.") from None


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
