"""planner installed from its wheel, in a fresh virtual environment outside the checkout, works.

The wheel is built from a copy of the checkout (so no build/ folder is left in it, and none left from an
earlier build can slip old files in), installed on its own (--no-deps) into a new environment, and run from a
folder outside the checkout with an empty data folder. Its dependencies are not fetched again: the ones the
wheel itself declares (and theirs, in turn) are linked in from the test environment, which constraints.txt
pins, after checking each version is one the wheel accepts; nothing the wheel does not declare is there, so a
missing dependency still fails here. One environment serves every test here, and every xdist worker: the first
to arrive builds it, under a lock.
"""

from __future__ import annotations

import email
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from importlib.metadata import distribution
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT, TEST_KEY

PERSONA = ROOT / "tests" / "personas" / "support-plan" / "simple-and-fine.yaml"
LEFT_BEHIND = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", ".pytest_cache",
               ".mypy_cache", ".ruff_cache", ".hypothesis", "node_modules")
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
# With `pytest --dist loadgroup`, every test here runs on one worker, so no other worker waits on the lock.
pytestmark = pytest.mark.xdist_group("wheel")


@dataclass(frozen=True)
class Installed:
    wheel: Path
    bin: Path  # the environment's bin folder
    elsewhere: Path  # a working folder outside the checkout
    env: dict[str, str]

    def planner(self, *argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.bin / "planner"), *argv], cwd=self.elsewhere, env=self.env,
                              capture_output=True, text=True, timeout=300, check=False)


def _build(root: Path) -> None:
    """Build the wheel, install it alone in a new environment, and link in the dependencies it declares."""
    source, wheels, venv = root / "source", root / "wheels", root / "venv"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*LEFT_BEHIND))
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300)
    python = str(venv / "bin" / "python")
    built = subprocess.run([*PIP, "wheel", "--no-deps", "-w", str(wheels), "."], cwd=source, capture_output=True,
                           text=True, timeout=600, check=False)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = wheels.glob("planner-*.whl")
    # --no-compile: nothing here needs .pyc files written ahead, and writing them is most of the time.
    done = subprocess.run([*PIP, "--python", python, "install", "--no-compile", "--no-deps", str(wheel)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    _link_dependencies(_declared(wheel), Path(site))
    shutil.rmtree(source)
    (root / "ready").write_text(str(wheel), encoding="utf-8")


def _declared(wheel: Path) -> list[str]:
    """The Requires-Dist lines of the wheel's own metadata."""
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = email.message_from_bytes(archive.read(name))
    return metadata.get_all("Requires-Dist") or []


def _link_dependencies(requirements: list[str], site: Path) -> None:
    """Link into `site` every distribution `requirements` need, and what those need in turn, from the test
    environment, each checked against the version range asked for (as pip would)."""
    waiting = [(Requirement(text), "") for text in requirements]
    linked: set[str] = set()
    while waiting:
        requirement, extra = waiting.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": extra}):
            continue
        found = distribution(requirement.name)
        assert requirement.specifier.contains(found.version, prereleases=True), (str(requirement), found.version)
        for wanted in sorted(requirement.extras) or [""]:
            waiting += [(Requirement(text), wanted) for text in found.requires or []]
        key = canonicalize_name(requirement.name)
        if key in linked:
            continue
        linked.add(key)
        assert found.files, f"{requirement.name} has no RECORD, so its files cannot be found"
        for top in {file.parts[0] for file in found.files if file.parts[0] not in ("..", "__pycache__")}:
            here, there = site / top, Path(str(found.locate_file(top)))
            if not here.exists():
                here.symlink_to(there)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # this run's, shared by its workers
    root = shared / "planner-wheel"
    with open(shared / "planner-wheel.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "ready").is_file():
            shutil.rmtree(root, ignore_errors=True)
            root.mkdir()
            _build(root)
    wheel = Path((root / "ready").read_text(encoding="utf-8"))
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("PLANNER_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(PATH=f"{root / 'venv' / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}", PLANNER_KEY=TEST_KEY,
               PLANNER_DATA=str(elsewhere / "data"), PLANNER_CACHE=str(elsewhere / "cache"), LANG="C.UTF-8")
    (elsewhere / "data").mkdir()
    return Installed(wheel, root / "venv" / "bin", elsewhere, env)


def test_the_wheel_holds_the_package_and_its_data_only(installed: Installed) -> None:
    names = zipfile.ZipFile(installed.wheel).namelist()
    assert not [name for name in names if name.startswith("tests/") or "/tests/" in name]
    assert not [name for name in names if name.endswith((".pyc", ".pyo")) or "__pycache__" in name]
    for needed in ("planner/content/flows/support-plan.yaml", "planner/content/glossary.yaml",
                   "planner/locales/cy/LC_MESSAGES/planner.po", "planner/locales/planner.pot",
                   "planner/schemas/support-plan.schema.json"):
        assert needed in names


def test_planner_runs_from_the_environment_not_the_checkout(installed: Installed) -> None:
    done = subprocess.run([str(installed.bin / "python"), "-c", "import planner; print(planner.__file__)"],
                          cwd=installed.elsewhere, env=installed.env, capture_output=True, text=True, timeout=60,
                          check=True)
    where = Path(done.stdout.strip())
    assert where.is_relative_to(installed.bin.parent) and not where.is_relative_to(ROOT)


def test_only_what_the_wheel_declares_is_there(installed: Installed) -> None:
    """A dependency the wheel forgot to declare would be missing here, as in a person's new environment."""
    code = ("import importlib.util as u; print([n for n in ('textual', 'fpdf', 'cryptography', 'hypothesis', "
            "'pytest', 'pypdf') if u.find_spec(n) is None])")
    done = subprocess.run([str(installed.bin / "python"), "-c", code], cwd=installed.elsewhere, env=installed.env,
                          capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "['hypothesis', 'pytest', 'pypdf']"  # the tests' own tools are not there


def test_version(installed: Installed) -> None:
    expected = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    done = installed.planner("--version")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"planner {expected}\n", "")


def test_check_on_the_built_in_content(installed: Installed) -> None:
    done = installed.planner("check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "All clear" in done.stdout
    assert str(installed.bin.parent) in done.stdout  # the package's own content, inside the environment
    welsh = [line for line in done.stdout.splitlines() if line.strip().startswith("cy:")]
    assert welsh and "translated" in welsh[0], done.stdout


def test_a_persona_in_welsh(installed: Installed) -> None:
    out = installed.elsewhere / "welsh"
    done = installed.planner("run", "support-plan", "--lang", "cy", "--answers", str(PERSONA), "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    plan = (out / "support-plan.md").read_text(encoding="utf-8")
    assert plan.startswith("# Fy nghynllun cymorth"), plan[:200]
    assert 'lang="cy"' in (out / "support-plan.html").read_text(encoding="utf-8")
    assert (out / "support-plan.pdf").read_bytes().startswith(b"%PDF")  # the bundled font is there too


def test_schema(installed: Installed) -> None:
    done = installed.planner("schema", "support-plan")
    assert done.returncode == 0, done.stderr
    published = ROOT / "planner" / "schemas" / "support-plan.schema.json"
    assert json.loads(done.stdout) == json.loads(published.read_text(encoding="utf-8"))


def test_a_council_gets_a_copy_of_the_content_to_change(installed: Installed) -> None:
    copy = installed.elsewhere / "our-content"
    done = installed.planner("content", "copy", str(copy))
    assert done.returncode == 0, done.stdout + done.stderr
    built_in = ROOT / "planner" / "content"
    expected = sorted(str(p.relative_to(built_in)) for p in built_in.rglob("*") if p.is_file()
                      and "__pycache__" not in p.parts)
    assert sorted(str(p.relative_to(copy)) for p in copy.rglob("*") if p.is_file()) == expected
    flow = Path("flows") / "support-plan.yaml"
    assert (copy / flow).read_bytes() == (built_in / flow).read_bytes()
