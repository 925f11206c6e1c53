"""#13 point 9: documents go into an empty folder as one whole set, and each fault has its own plain message.

`--out` never mixes two people's documents; a failure part-way leaves neither a partial set nor a
temporary file; a file, a pipe, a device, a folder the user may not write in, a read-only disk and
a full disk are each said plainly, with their own exit code, and never called "damaged". Real
files, real pipes, /dev/null, a real size-limited tmpfs (when this machine lets the tests mount
one), a real file size limit, and a real unprivileged user (when the tests run as root).
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from collections.abc import Iterator

import pytest

from planner.cli import main
from planner.output import write
from planner.output.write import OutputError, save_files
from planner.paths import BUILTIN_CONTENT
from tests.conftest import ROOT, TEST_KEY, environment
from tests.personas.runner import PERSONAS

EXPECTED = {"answers.json", "budget-sheet.md", "budget-sheet.txt", "budget-sheet.html", "budget-sheet.json",
            "budget-sheet.pdf"}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A data folder with one finished budget check, made by `planner run` in this process: (data folder, id)."""
    folder = tmp_path_factory.mktemp("outputs")
    data = folder / "data"
    said = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(said):
        patch.setenv("PLANNER_KEY", TEST_KEY)
        patch.setenv("PLANNER_CACHE", str(folder / "cache"))
        code = main(["run", "budget-check", "--answers", str(PERSONAS / "budget-check" / "not-sure-at-all.yaml"),
                     "--out", str(folder / "first"), "--data-dir", str(data)])
    assert code == 0, said.getvalue()
    return data, said.getvalue().splitlines()[0].split()[-1]


def export(made: tuple[Path, str], out: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    data, session = made
    code = main(["sessions", "export", session, "--data-dir", str(data), "--out", str(out), *extra])
    said = capsys.readouterr()
    assert "Traceback" not in said.err and "damaged" not in said.err
    return code, " ".join(said.err.split())


def left_in(folder: Path) -> list[str]:
    """What is in `folder`, but for the cache folder every test has there ($PLANNER_CACHE, see tests/conftest.py)."""
    cache = os.environ.get("PLANNER_CACHE")
    return sorted(name for name in os.listdir(folder) if cache is None or Path(folder, name) != Path(cache))


def test_a_folder_with_files_in_it_is_refused_unless_force(made: tuple[Path, str], tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "someone-else.txt").write_text("Another person's plan")
    code, said = export(made, out, capsys)
    assert code == write.NOT_EMPTY == 3
    assert "already has files in it, so nothing was written" in said and "--force" in said
    assert left_in(out) == ["someone-else.txt"] and left_in(tmp_path) == ["out"]

    code, said = export(made, out, capsys, "--force")
    assert code == 0, said
    assert set(left_in(out)) == EXPECTED | {"someone-else.txt"}  # only files of the same name are replaced
    assert (out / "someone-else.txt").read_text() == "Another person's plan"
    assert left_in(tmp_path) == ["out"]  # no temporary folder left beside or inside


def test_run_refuses_a_full_folder_before_it_makes_a_session(made: tuple[Path, str], tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "own-data"
    out = tmp_path / "out"
    out.mkdir()
    (out / "plan.txt").write_text("Someone's plan")
    answers = PERSONAS / "budget-check" / "not-sure-at-all.yaml"
    code = main(["run", "budget-check", "--answers", str(answers), "--out", str(out), "--data-dir", str(data)])
    said = capsys.readouterr()
    assert code == 3 and "already has files in it" in said.err and "session:" not in said.out
    assert main(["sessions", "list", "--data-dir", str(data)]) == 0
    assert capsys.readouterr().out == "There are no saved conversations.\n"


def test_a_new_or_empty_folder_gets_the_whole_set_owner_only(made: tuple[Path, str], tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir(mode=0o755)
    for out in (empty, tmp_path / "new" / "deeper"):
        code, said = export(made, out, capsys)
        assert code == 0, said
        assert set(left_in(out)) == EXPECTED
        assert stat.S_IMODE(out.stat().st_mode) == 0o700
        assert all(stat.S_IMODE((out / name).stat().st_mode) == 0o600 for name in EXPECTED)
    assert left_in(tmp_path) == ["empty", "new"] and left_in(tmp_path / "new") == ["deeper"]


def test_a_file_a_pipe_and_a_device_each_get_their_own_message(made: tuple[Path, str], tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a-file").write_text("")
    os.mkfifo(tmp_path / "a-pipe")  # opening it to write would wait for ever: it must never be opened
    cases = [(tmp_path / "a-file", write.NOT_A_FOLDER, "is a file, not a folder"),
             (tmp_path / "a-file" / "inside", write.NOT_A_FOLDER, "Part of"),
             (tmp_path / "a-pipe", write.SPECIAL_FILE, "is a pipe, not a folder"),
             (Path(os.devnull), write.SPECIAL_FILE, "is a device, not a folder")]
    for out, expected, words in cases:
        code, said = export(made, out, capsys)
        assert (code, words in said) == (expected, True), said
        assert "nothing was written" in said
    assert {write.NOT_A_FOLDER, write.SPECIAL_FILE} == {4, 5}
    assert left_in(tmp_path) == ["a-file", "a-pipe"]


def test_a_failure_part_way_leaves_no_partial_set_and_no_temporary_file(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"answers.json": "{}\n", "plan.pdf": b"%PDF-1.4",
                                     "x" * 300: "a name no file system takes"}
    with pytest.raises(OutputError) as refused:
        save_files(files, tmp_path / "out")
    assert refused.value.code == write.CANNOT_WRITE and "nothing was written" in str(refused.value)
    assert left_in(tmp_path) == []
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept" / "old.txt").write_text("old")
    with pytest.raises(OutputError):
        save_files(files, tmp_path / "kept", force=True)
    assert left_in(tmp_path / "kept") == ["old.txt"] and left_in(tmp_path) == ["kept"]


def test_a_broken_council_template_is_said_plainly_and_nothing_is_written(made: tuple[Path, str], tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    shutil.copytree(BUILTIN_CONTENT, content)
    templates = content / "councils" / "example" / "templates"
    templates.mkdir()
    (templates / "budget-sheet.txt.j2").write_text("Hello\n{{ doc.__class__.__init__.__globals__ }}\n")
    data, session = made
    code = main(["sessions", "export", session, "--content", str(content), "--data-dir", str(data),
                 "--out", str(tmp_path / "out")])
    said = " ".join(capsys.readouterr().err.split())
    assert code == write.TEMPLATE_BROKEN == 10
    assert said.startswith("planner: No documents were made, so nothing was written. The template ")
    assert "budget-sheet.txt.j2" in said and said.endswith("Your answers are saved.")
    assert "Traceback" not in said and left_in(tmp_path) == ["content"]


FILE_SIZE_LIMIT = """
import resource, sys
from pathlib import Path
from planner.output.write import OutputError, save_files
resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))  # Python ignores SIGXFSZ: a write past it fails (EFBIG)
try:
    save_files({"a.txt": "a" * 4000, "b.pdf": b"b" * 20000, "c.txt": "c"}, Path(sys.argv[1]))
except OutputError as error:
    print(error.code, error)
"""


def test_a_file_too_big_for_the_disk_is_said_plainly_and_leaves_nothing(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", FILE_SIZE_LIMIT, str(tmp_path / "out")], capture_output=True,
                            text=True, env=environment(tmp_path / "data"), cwd=ROOT, timeout=60)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert result.stdout.startswith(f"{write.DISK_FULL} There is no room left on the disk"), result.stdout
    assert left_in(tmp_path) == []


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A mount point for a small tmpfs, unmounted afterwards; skipped where this machine lets no test mount."""
    point = tmp_path / "disk"
    point.mkdir()
    tried = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", str(point)], capture_output=True,
                           text=True) if shutil.which("mount") else None
    if tried is None or tried.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root and mount); the file size limit test covers a full disk")
    subprocess.run(["umount", str(point)], check=True)
    yield point
    subprocess.run(["umount", str(point)], capture_output=True)


def test_a_full_disk_is_said_plainly_and_leaves_nothing(made: tuple[Path, str], tmpfs: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k,mode=0755", "tmpfs", str(tmpfs)], check=True)
    code, said = export(made, tmpfs / "out", capsys)
    assert code == write.DISK_FULL == 8
    assert said.startswith(f"planner: There is no room left on the disk for {tmpfs / 'out'}, so nothing was "
                           "written.")
    assert left_in(tmpfs) == []


def test_a_read_only_disk_is_said_plainly(made: tuple[Path, str], tmpfs: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,ro", "tmpfs", str(tmpfs)], check=True)
    code, said = export(made, tmpfs / "out", capsys)
    assert code == write.READ_ONLY_DISK == 7
    assert "can only be read, not written, so nothing was written" in said
    assert left_in(tmpfs) == []


# Everything planner needs is loaded first (the interpreter's own files may not be readable by
# the unprivileged user); then the process becomes that user and runs the command.
AS_NOBODY = """
import os, sys
from planner.cli import main
main(["sessions", "export", sys.argv[1], "--out", sys.argv[2] + "/warm-up"])
sys.stdout.flush()
os.setgroups([]); os.setgid(65534); os.setuid(65534)
for target in sys.argv[3:]:
    print("exit", main(["sessions", "export", sys.argv[1], "--out", target]), flush=True)
    print("===", file=sys.stderr, flush=True)
"""


def test_a_folder_the_user_may_not_write_in_is_said_plainly(made: tuple[Path, str]) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root, to become an unprivileged user (root may write in any folder)")
    data, session = made
    shared = Path(tempfile.mkdtemp(prefix="planner-ro-"))  # not under pytest's own folder, which is root's only
    try:
        os.chmod(shared, 0o755)
        shutil.copytree(data, shared / "data")
        (shared / "cache").mkdir()
        for folder, _, names in os.walk(shared):
            for name in [folder, *(os.path.join(folder, n) for n in names)]:
                os.chown(name, 65534, 65534)
        locked = shared / "locked"
        locked.mkdir(mode=0o755)  # root's, so the unprivileged user may read it but not write in it
        (locked / "empty").mkdir(mode=0o755)
        env = {**environment(shared / "data"), "PLANNER_CACHE": str(shared / "cache")}
        result = subprocess.run([sys.executable, "-c", AS_NOBODY, session, str(shared), str(locked / "out"),
                                 str(locked / "empty")], capture_output=True, text=True, env=env, cwd=shared,
                                timeout=120)
        assert result.stdout.splitlines()[-2:] == [f"exit {write.NOT_ALLOWED}"] * 2, result.stderr
        for said, where in zip(result.stderr.split("===")[:2], ("out", "empty"), strict=True):
            said = " ".join(said.split())
            assert said.startswith(f"planner: You are not allowed to write in {locked / where}, so nothing was "
                                   "written."), said
            assert "Traceback" not in said and "damaged" not in said
        assert write.NOT_ALLOWED == 6
        assert left_in(locked) == ["empty"] and left_in(locked / "empty") == []
    finally:
        shutil.rmtree(shared, ignore_errors=True)


def test_exit_codes_are_all_different() -> None:
    codes = [write.NOT_EMPTY, write.NOT_A_FOLDER, write.SPECIAL_FILE, write.NOT_ALLOWED, write.READ_ONLY_DISK,
             write.DISK_FULL, write.CANNOT_WRITE, write.TEMPLATE_BROKEN]
    assert len(set(codes)) == len(codes) and not set(codes) & {0, 1, 2}
    assert resource.RLIMIT_FSIZE  # the limit the size test uses exists here
