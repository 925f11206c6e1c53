"""planner: an accessible conversational assistant for support planning."""

import os

__version__ = "0.1.0"

# No installed package may hook into how planner reads content and answers (pydantic loads any
# "plugin" it finds among the installed packages' entry points; finding them also costs every start
# a scan of them all). Set before any model is validated; a deliberate setting is kept.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
