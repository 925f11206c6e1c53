"""`planner key`: print a fresh encryption key, for $PLANNER_KEY or a $PLANNER_KEY_FILE on a managed kiosk.

Without either, planner keeps its key in the data folder locked by a passphrase (planner.store.keys).
"""

from __future__ import annotations

import argparse

from planner.store.keys import KEY_FILE_VARIABLE, KEY_VARIABLE

from .common import Commands, Parser


def add_parser(sub: Commands, common: Parser) -> None:
    sub.add_parser("key", help=f"print a new encryption key to put in ${KEY_VARIABLE}, or in a file named by"
                                  f" ${KEY_FILE_VARIABLE}", parents=[common])


def main(args: argparse.Namespace) -> int:
    from planner.store.crypto import new_key

    print(new_key())
    return 0
