"""Resume codes: short, easy to read aloud and to type, and never stored as they are."""

from __future__ import annotations

import hashlib
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


def code_hash(code: str) -> str:
    """What the store keeps instead of the code."""
    return hashlib.sha256(f"planner-resume:{code}".encode()).hexdigest()
