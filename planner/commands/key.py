"""`planner key`: print a fresh encryption key, for $PLANNER_KEY on a managed kiosk."""

from __future__ import annotations

import argparse

from planner.store.crypto import KEY_VARIABLE, new_key


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    sub.add_parser("key", help=f"print a new encryption key to put in ${KEY_VARIABLE}", parents=[common])


def main(args: argparse.Namespace) -> int:
    print(new_key())
    return 0
