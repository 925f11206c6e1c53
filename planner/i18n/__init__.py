"""Languages: translators passed explicitly, catalogues compiled on first use, content extraction."""

from __future__ import annotations

from .translator import ENGLISH, N_, Translator

__all__ = ["ENGLISH", "N_", "Translator"]
