"""`planner schema DOCUMENT`: print the published JSON Schema of a typed document."""

from __future__ import annotations

import argparse

from planner.output.documents import DOCUMENTS

from .common import Commands, Parser, say


def add_parser(sub: Commands, common: Parser) -> None:
    schema = sub.add_parser("schema", help="print the JSON Schema of a document, such as carer-assessment",
                            parents=[common])
    schema.add_argument("document", choices=sorted(DOCUMENTS), help="which document")


def main(args: argparse.Namespace) -> int:
    from planner.output.schema import schema_text

    say(schema_text(args.document), end="")
    return 0
