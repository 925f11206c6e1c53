"""planner: an accessible conversational assistant for support planning."""

__version__ = "0.1.0"
