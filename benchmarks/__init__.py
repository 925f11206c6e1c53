"""Benchmarks: each measurement is a ratio against a baseline measured in the same run."""
