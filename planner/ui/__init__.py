"""Front ends: the plain line mode (and, later, the Textual app)."""
