"""Front ends: the Textual app (and its kiosk), line mode, and the browser kiosk server."""
