"""`planner serve`: the kiosk in a browser, through textual-serve (its page templates live here too)."""
