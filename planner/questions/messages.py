"""Messages about a question's own settings, found by `QuestionKind.check` (the content checker shows them)."""

from __future__ import annotations

DUPLICATE_CHOICE = "{where} has the choice value '{value}' twice. Give each choice its own value."
MIN_OVER_MAX = "{where} has a minimum ({min}) larger than its maximum ({max}). Swap or fix them."
