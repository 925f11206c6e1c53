"""Resume codes: short, easy to read aloud and to type, and never stored as they are.

A code such as 'KM4P-XT7C-FAQ9' has two parts. The first group is the *locator*: it finds the
session (unique among live sessions) so that wrong tries can be counted against that one code.
The other eight characters are the *secret*. The store keeps only keyed hashes (HMAC-SHA256 with
keys derived from the data key) of both, so the file alone cannot be used to test guesses.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: nothing that can be misread aloud or on paper.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
GROUPS, GROUP_SIZE = 3, 4  # 25**12 codes: about 56 bits, far too many to guess


def new_code() -> str:
    """A fresh code such as 'KM4P-XT7C-FAQ9'."""
    groups = ("".join(secrets.choice(ALPHABET) for _ in range(GROUP_SIZE)) for _ in range(GROUPS))
    return "-".join(groups)


def normalise(typed: str) -> str | None:
    """A typed code in its standard form, or None if it cannot be one."""
    letters = [c for c in typed.upper() if c.isalnum()]
    if len(letters) != GROUPS * GROUP_SIZE or any(c not in ALPHABET for c in letters):
        return None
    return "-".join("".join(letters[i:i + GROUP_SIZE]) for i in range(0, len(letters), GROUP_SIZE))


def split(code: str) -> tuple[str, str]:
    """The locator (first group) and the secret (the rest) of a code in its standard form."""
    locator, _, secret = code.partition("-")
    return locator, secret.replace("-", "")


def legacy_hash(code: str) -> str:
    """How versions before schema 2 kept a code (plain SHA-256): only read, to move old sessions on."""
    return hashlib.sha256(f"planner-resume:{code}".encode()).hexdigest()


class CodeKeys:
    """Keyed hashes of the two parts of a code, and of the place a try was made at."""

    def __init__(self, locator_key: bytes, secret_key: bytes, place_key: bytes) -> None:
        self._locator = locator_key
        self._secret = secret_key
        self._place = place_key

    def locator(self, locator: str) -> str:
        return hmac.new(self._locator, locator.encode(), "sha256").hexdigest()

    def secret(self, session_id: str, secret: str) -> str:
        # Bound to the session, so a stored hash cannot be moved to another row.
        return hmac.new(self._secret, f"{session_id}:{secret}".encode(), "sha256").hexdigest()

    def place(self, place: str) -> str:
        return hmac.new(self._place, place.encode(), "sha256").hexdigest()

    def matches(self, session_id: str, secret: str, stored: str) -> bool:
        return hmac.compare_digest(self.secret(session_id, secret), stored)
