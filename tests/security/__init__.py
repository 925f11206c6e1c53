"""Tests of #13: safe in public (one file per protection; docs/security.md names each)."""
