"""Where the data key comes from, so that it is never kept in clear beside the data.

In order: $PLANNER_KEY (the raw key, for managed kiosks whose secrets are held elsewhere);
$PLANNER_KEY_FILE (a file holding the raw key somewhere else, such as a systemd credential);
else the file 'key' in the data folder, which holds the key only *wrapped* by a passphrase
(Scrypt, then AES-GCM). The passphrase comes from $PLANNER_PASSPHRASE, or is asked at the terminal.
A key is made only for a folder with no store in it: a store whose key is missing is never given a
new one. A clear key file from an earlier version is wrapped the first time it is opened, or removed
once the same key is given from elsewhere.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
import tempfile
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from planner.i18n.translator import N_, Message

from . import faults
from .database import FILE_NAME
from .faults import StoreError

KEY_FILE = "key"
KEY_VARIABLE = "PLANNER_KEY"
KEY_FILE_VARIABLE = "PLANNER_KEY_FILE"
PASSPHRASE_VARIABLE = "PLANNER_PASSPHRASE"
FORMAT, FORMAT_VERSION = "planner-key", 1
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1  # the usual advice for scrypt today: 128 MiB, well under a second
MIN_PASSPHRASE = 8

BAD_KEY = N_("The key in {where} is not a key for planner. It should be 44 letters and numbers, as made by "
           "'planner key'.")
KEY_FILE_GONE = N_("The key file {path} named in ${variable} is not there. Nothing was changed. "
                 "Check the name, or put the key file back.")
KEY_MISSING = N_("The key for the saved conversations in {folder} is missing, so they cannot be opened. "
               "Nothing was changed, and no new key was made. Put the file 'key' back in that folder, or set "
               "${key} or ${key_file} to the key they were saved with.")
NO_SOURCE = N_("planner needs a passphrase to open the saved conversations in {folder}, but there is no one to "
             "ask here. Set ${passphrase} to the passphrase, or set ${key} or ${key_file} to a key made by "
             "'planner key'.")
WRONG_PASSPHRASE = N_("That passphrase does not open the key for {folder}. Nothing was changed. Try again with "
                    "the passphrase chosen when planner was first used there.")
SHORT_PASSPHRASE = N_("A passphrase needs {n} or more letters, numbers or spaces. Nothing was saved.")
NOT_CHOSEN = N_("No passphrase was chosen, so nothing was saved. Start planner again to choose one.")
NEWER_KEY = N_("The key file {path} was made by a newer version of planner. Nothing was changed. "
             "Update planner to use it.")
BROKEN_KEY = N_("The key file {path} is not one planner can read. Nothing was changed, and no new key was made. "
              "Put back the key file that was there before, or set ${key} to the key.")
WRAPPED_NOW = N_("Your key file is now locked with your passphrase. You will need the passphrase each time "
               "planner starts.")
CANNOT_WRITE = N_("The key file {path} could not be written ({reason}). Nothing was changed.")
THE_KEY_FILE = N_("the key file {path}")


class Passphrase(Protocol):
    """Somewhere a passphrase comes from (the terminal, the environment)."""

    def choose(self) -> str:
        """A new passphrase (asked twice at a terminal); StoreError if none is given."""
        ...

    def enter(self, attempt: int) -> str | None:
        """The passphrase, try number `attempt` (0 first); None when there are no more tries."""
        ...

    def tell(self, message: Message) -> None:
        """Say something to the person (such as: the key file is now wrapped), in their language."""
        ...


class FromEnvironment:
    """The passphrase in $PLANNER_PASSPHRASE: one try, nothing asked."""

    def __init__(self, value: str) -> None:
        self.value = value

    def choose(self) -> str:
        return self.value

    def enter(self, attempt: int) -> str | None:
        return self.value if attempt == 0 else None

    def tell(self, message: Message) -> None:
        import sys

        print(f"planner: {message}", file=sys.stderr)  # no front end here to know the language


def load_key(folder: Path, passphrase: Passphrase | None = None, *, store_exists: bool = False) -> bytes:
    """The data key for `folder`, from the first source that has one (see the module's docstring)."""
    if os.environ.get(KEY_VARIABLE):
        return _retire_clear_copy(folder, decode(os.environ[KEY_VARIABLE].strip(), f"${KEY_VARIABLE}"))
    if os.environ.get(KEY_FILE_VARIABLE):
        path = Path(os.environ[KEY_FILE_VARIABLE])
        try:
            text = faults.read_small(path)
        except FileNotFoundError:
            raise StoreError(KEY_FILE_GONE, faults.KEY_MISSING, path=str(path), variable=KEY_FILE_VARIABLE) from None
        except OSError as error:
            raise StoreError(faults.KEY_UNREADABLE, path=str(path), reason=error.strerror) from None
        where = Message(THE_KEY_FILE, path=str(path))
        return _retire_clear_copy(folder, decode(text.decode("utf-8", "replace").strip(), where))
    if os.environ.get(PASSPHRASE_VARIABLE):
        passphrase = FromEnvironment(os.environ[PASSPHRASE_VARIABLE])
    path = folder / KEY_FILE
    try:
        data = faults.read_small(path)
    except FileNotFoundError:
        if store_exists:
            raise StoreError(KEY_MISSING, faults.KEY_MISSING, **_names(folder)) from None
        return _make(path, _source(passphrase, folder))
    except OSError as error:
        raise StoreError(faults.KEY_UNREADABLE, path=str(path), reason=error.strerror) from None
    if data.lstrip().startswith(b"{"):
        return _unwrap_with(path, data, _source(passphrase, folder))
    # an earlier version's clear key
    key = decode(data.decode("utf-8", "replace").strip(), Message(THE_KEY_FILE, path=str(path)))
    source = _source(passphrase, folder)
    _write(path, wrap(key, _chosen(source)), replace=True)
    source.tell(Message(WRAPPED_NOW))
    return key


def _retire_clear_copy(folder: Path, key: bytes) -> bytes:
    """Remove an earlier version's clear key file holding this same key: the key is now given from elsewhere,
    and a copy in clear beside the data would hand both to whoever copies the folder."""
    path = folder / KEY_FILE
    try:
        data = faults.read_small(path)
    except (OSError, StoreError):
        return key  # none, or not ours to judge: the key in use does not depend on it
    if not data.lstrip().startswith(b"{") and _same(data, key):
        path.unlink(missing_ok=True)
    return key


def _same(data: bytes, key: bytes) -> bool:
    try:
        return decode(data.decode("utf-8", "replace").strip(), "") == key
    except StoreError:
        return False


def key_for_children(folder: Path, passphrase: Passphrase | None = None) -> str:
    """The data key as text, for a program that starts others (such as `planner serve`) to put in their
    $PLANNER_KEY after asking for the passphrase once itself; only the same user can read a child's
    environment. The key is made (and wrapped) here if the folder has none and no store."""
    store = folder / FILE_NAME
    faults.check_path(store)
    try:
        exists = store.stat().st_size > 0
    except OSError:
        exists = False
    return base64.urlsafe_b64encode(load_key(folder, passphrase, store_exists=exists)).decode()


def decode(text: str, where: str | Message) -> bytes:
    """A raw key from its text form (as 'planner key' prints it)."""
    try:
        key = base64.urlsafe_b64decode(text.encode())
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise StoreError(BAD_KEY, faults.WRONG_KEY, where=where)
    return key


def wrap(key: bytes, passphrase: str) -> bytes:
    """The key file's contents: the key sealed with a key made from the passphrase by Scrypt."""
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    wrapper = Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(passphrase.encode())
    sealed = AESGCM(wrapper).encrypt(nonce, key, f"{FORMAT}/{FORMAT_VERSION}".encode())
    text = {"format": FORMAT, "version": FORMAT_VERSION, "kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R,
            "p": SCRYPT_P, "salt": _b64(salt), "nonce": _b64(nonce), "key": _b64(sealed)}
    return (json.dumps(text, indent=1) + "\n").encode()


def unwrap(data: bytes, passphrase: str, path: Path) -> bytes:
    """The key in a key file; InvalidTag if the passphrase is wrong, StoreError if the file is not one."""
    try:
        text = json.loads(data)
        version, n, r, p = text["version"], int(text["n"]), int(text["r"]), int(text["p"])
        salt, nonce, sealed = (base64.urlsafe_b64decode(text[k]) for k in ("salt", "nonce", "key"))
        if text["format"] != FORMAT or text["kdf"] != "scrypt":
            raise ValueError("not ours")
        if len(salt) < 16 or len(nonce) != 12 or len(sealed) != 32 + 16:  # a wrong nonce length is a ValueError later
            raise ValueError("spoilt")
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise StoreError(BROKEN_KEY, faults.WRONG_KEY, path=str(path), **_names(path.parent)) from None
    if version != FORMAT_VERSION:
        raise StoreError(NEWER_KEY, faults.WRONG_KEY, path=str(path))
    if not (2**14 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 16 and 1 <= p <= 4):
        raise StoreError(BROKEN_KEY, faults.WRONG_KEY, path=str(path), **_names(path.parent))
    wrapper = Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode())
    return AESGCM(wrapper).decrypt(nonce, sealed, f"{FORMAT}/{version}".encode())


def _unwrap_with(path: Path, data: bytes, source: Passphrase) -> bytes:
    attempt = 0
    while (given := source.enter(attempt)) is not None:
        try:
            return unwrap(data, given, path)
        except InvalidTag:
            attempt += 1
    raise StoreError(WRONG_PASSPHRASE, faults.WRONG_KEY, folder=str(path.parent))


def _make(path: Path, source: Passphrase) -> bytes:
    """A new key for a folder with no store yet, wrapped; if another program made one first, theirs."""
    key = secrets.token_bytes(32)
    chosen = _chosen(source)
    if _write(path, wrap(key, chosen), replace=False):
        return key
    return _unwrap_with(path, faults.read_small(path), FromEnvironment(chosen))


def _chosen(source: Passphrase) -> str:
    chosen = source.choose()
    if len(chosen.strip()) < MIN_PASSPHRASE:
        raise StoreError(SHORT_PASSPHRASE, faults.NO_KEY_SOURCE, n=MIN_PASSPHRASE)
    return chosen


def _source(passphrase: Passphrase | None, folder: Path) -> Passphrase:
    if passphrase is None:
        raise StoreError(NO_SOURCE, faults.NO_KEY_SOURCE, **_names(folder))
    return passphrase


def _write(path: Path, data: bytes, *, replace: bool) -> bool:
    """Write the key file whole or not at all; False if (not replacing) another program made one first."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key.")
    except OSError as error:
        raise StoreError(CANNOT_WRITE, path=str(path), reason=error.strerror) from None
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if another program made one first
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
        return True
    except FileExistsError:
        return False
    except OSError as error:
        raise StoreError(CANNOT_WRITE, path=str(path), reason=error.strerror) from None
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def _names(folder: Path) -> dict[str, str]:
    """The parameters the key messages name: the folder and the variables (`${key}` is `$PLANNER_KEY`)."""
    return {"folder": str(folder), "key": KEY_VARIABLE, "key_file": KEY_FILE_VARIABLE,
            "passphrase": PASSPHRASE_VARIABLE}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode()
