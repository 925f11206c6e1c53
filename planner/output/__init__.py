"""Documents built from a session, and the files written from them."""
