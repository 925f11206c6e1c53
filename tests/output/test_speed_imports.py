"""Checking a folder, or the messages about one, does not load the documents, templates or PDF stack.

`planner run` checks its --out folder before the first answer; what makes documents (fpdf2 and
fontTools, the document models, the templates) is loaded only when documents are made.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

HEAVY = ["fpdf", "fontTools", "PIL", "planner.output.pdf", "planner.output.documents", "planner.output.render"]
CHECK = f"""
import json, sys
import planner.commands.run, planner.output.write
print(json.dumps([name for name in {HEAVY!r} if name in sys.modules]))
"""


def test_the_run_command_and_folder_checks_load_no_document_stack() -> None:
    found = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(found.stdout) == []
