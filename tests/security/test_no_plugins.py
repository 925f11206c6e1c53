"""No installed package can hook into how planner reads content and answers."""

from __future__ import annotations

import os
import subprocess
import sys

from ..conftest import ROOT

LOAD = """
import planner
from planner.flows.loader import load_content
from planner.paths import BUILTIN_CONTENT
content = load_content(BUILTIN_CONTENT, cache=False)
assert content.flows and not [p for p in content.problems if p.severity == "error"]
from pydantic.plugin import _loader
print(_loader._plugins is None)
"""


def test_pydantic_plugins_are_never_looked_for() -> None:
    """pydantic loads any plugin an installed package declares; planner turns that off before reading content."""
    environment = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    environment["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-c", LOAD], capture_output=True, text=True, env=environment,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "True"
