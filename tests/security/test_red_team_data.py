"""Red team of #13: what a thief of the data folder, or a careless operator, could still get."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from planner.cli import main
from planner.flows.answers import Answer, Participant
from planner.flows.loader import Content
from planner.store import SessionStore
from tests.conftest import FIXTURES

NOW = "2026-03-04T10:11:12+00:00"
ANSWERS = """participants:
  - {id: ann, role: person, name: Ann}
answers:
  name: Ann
  helpers: "no"
  mood: good
  anything_else: Nothing
"""


def test_folders_given_before_the_command_are_used(tmp_path: Path, private_data: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """`planner --data-dir X run ...` must save in X, not quietly in the usual data folder."""
    (tmp_path / "answers.yaml").write_text(ANSWERS)
    chosen = tmp_path / "chosen"
    code = main(["--data-dir", str(chosen), "--content", str(FIXTURES / "visit-v1"), "run", "visit",
                 "--answers", str(tmp_path / "answers.yaml"), "--out", str(tmp_path / "out")])
    assert code == 0, capsys.readouterr().err
    assert (chosen / "sessions.db").exists()
    assert not (private_data / "sessions.db").exists()
    capsys.readouterr()
    assert main(["--data-dir", str(chosen), "sessions", "list"]) == 0
    assert "visit" in capsys.readouterr().out
    # Given after the command too, the later one counts, as before.
    assert main(["--data-dir", str(private_data), "sessions", "list", "--data-dir", str(chosen)]) == 0
    assert "visit" in capsys.readouterr().out


def _answers(folder: Path, content: Content, count: int) -> tuple[SessionStore, str]:
    store = SessionStore.in_folder(folder)
    from planner.store.opening import start

    opened = start(store, content, "support-plan", participants=[Participant("person", "person", "Ann")],
                   mode="kiosk")
    for n in range(count):
        opened.recorder.commit(Answer(f"q{n}", "answered", "person", NOW, f"a{n}"), opened.session.state())
    opened.close()
    return store, opened.record.id


def test_how_many_answers_were_given_is_not_in_the_file(tmp_path: Path, content: Content) -> None:
    """Choosing more care needs asks more questions: the number of answer rows must not tell how many."""
    few, few_id = _answers(tmp_path / "few", content, 59)
    many, many_id = _answers(tmp_path / "many", content, 62)
    for store in (few, many):
        store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    rows = [sqlite3.connect(t / "sessions.db").execute("SELECT count(*) FROM answers").fetchone()[0]
            for t in (tmp_path / "few", tmp_path / "many")]
    assert rows[0] == rows[1]
    assert (tmp_path / "few" / "sessions.db").stat().st_size == (tmp_path / "many" / "sessions.db").stat().st_size
    # and every real answer still comes back, in order, with nothing extra
    assert [a.value for a in few.answers(few_id)] == [f"a{n}" for n in range(59)]
    assert [a.value for a in many.answers(many_id)] == [f"a{n}" for n in range(62)]


def test_two_sessions_answered_in_turns_keep_their_own_answers_in_order(tmp_path: Path, content: Content) -> None:
    store = SessionStore.in_folder(tmp_path)
    from planner.store.opening import start

    people = [start(store, content, "support-plan", participants=[Participant("person", "person", name)])
              for name in ("Ann", "Bob")]
    for n in range(40):
        for opened in people:
            opened.recorder.commit(Answer(f"q{n}", "answered", "person", NOW, f"{opened.record.id[:4]}{n}"),
                                   opened.session.state())
    for opened in people:
        values = [a.value for a in store.answers(opened.record.id)]
        assert values == [f"{opened.record.id[:4]}{n}" for n in range(40)]
        seqs = [a.seq for a in store.answers(opened.record.id)]
        assert seqs == sorted(seqs)
        opened.close()


@pytest.mark.parametrize("field, value", [("nonce", ""), ("nonce", "AAAA"), ("key", "")])
def test_a_spoilt_key_file_is_said_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, field: str,
                                           value: str) -> None:
    """A key file with a nonce of the wrong length once ended in "something went wrong inside planner"."""
    import json

    from planner.store import StoreError
    from planner.store.keys import unwrap, wrap

    path = tmp_path / "key"
    wrapped = json.loads(wrap(bytes(32), "correct horse battery"))
    wrapped[field] = value
    with pytest.raises(StoreError, match="is not one planner can read"):
        unwrap(json.dumps(wrapped).encode(), "correct horse battery", path)


@pytest.mark.parametrize("where", [".", "outputs/ann", "locks"])
def test_documents_are_never_written_into_the_data_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          where: str) -> None:
    """`--out` inside the data folder (a new 'outputs/' folder, as old versions used, or an empty one) would
    leave plain copies that outlive delete and go with a copied data folder."""
    (tmp_path / "answers.yaml").write_text(ANSWERS)
    data = tmp_path / "data"
    visit = str(FIXTURES / "visit-v1")
    assert main(["run", "visit", "--content", visit, "--answers", str(tmp_path / "answers.yaml"),
                 "--data-dir", str(data), "--out", str(tmp_path / "first")]) == 0
    (data / "locks").mkdir(exist_ok=True)

    def documents() -> list[Path]:
        return sorted(p.relative_to(data) for p in data.rglob("*") if p.parent.name != "locks")

    before = documents()
    session = capsys.readouterr().out.splitlines()[0].split()[-1]
    out = data / where
    code = main(["sessions", "export", session[:8], "--content", visit, "--data-dir", str(data), "--out", str(out),
                 "--force"])
    assert code != 0
    assert "where planner keeps its saved conversations" in capsys.readouterr().err
    assert documents() == before
    link = tmp_path / "link"
    link.symlink_to(data)
    assert main(["run", "visit", "--content", visit, "--answers", str(tmp_path / "answers.yaml"),
                 "--data-dir", str(data), "--out", str(link / "new"), "--force"]) != 0
    assert not (data / "new").exists()


def test_a_council_translation_cannot_reach_python_through_a_placeholder(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """`str.format` follows `.attr` and `[key]`: a council's .po could print the key from the environment."""
    from planner.i18n.catalogues import folders_for, load

    monkeypatch.setenv("PLANNER_PASSPHRASE", "secret passphrase here")
    po = tmp_path / "content" / "locales" / "cy" / "LC_MESSAGES" / "planner.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Your plan is written in the folder {folder}."\n'
                  'msgstr "{folder.__class__.__new__.__globals__[os].environ}"\n\n'
                  'msgid "To read it or print it, open {path}."\n'
                  'msgstr "Agorwch {path}, {path.parent}, {path[0]}."\n\n'
                  'msgid "Your code to carry on later is {code}. Please write it down."\n'
                  'msgstr "{code:>999999999}{code!r}"\n')
    tr = load("cy", folders_for(tmp_path / "content"))
    said = tr.gettext("Your plan is written in the folder {folder}.", folder=tmp_path)
    assert "secret passphrase" not in said
    assert said == f"Your plan is written in the folder {tmp_path}."  # English, as for any broken translation
    opened = tr.gettext("To read it or print it, open {path}.", path=tmp_path)
    assert opened == f"To read it or print it, open {tmp_path}."
    assert tr.gettext("Your code to carry on later is {code}. Please write it down.", code="AB") == (
        "Your code to carry on later is AB. Please write it down.")


def test_a_council_translation_of_a_problem_cannot_grow_huge(tmp_path: Path) -> None:
    """"Choose at least {min}" translated as "{min:>999999999}" once built a 1 GB message for each wrong answer."""
    from planner.i18n.catalogues import folders_for, load
    from planner.questions.base import Invalid
    from planner.questions.choice import TOO_FEW

    po = tmp_path / "content" / "locales" / "cy" / "LC_MESSAGES" / "planner.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  f'msgid "{TOO_FEW}"\nmsgstr "{{min:>999999999}}{{min.__class__}}"\n')
    tr = load("cy", folders_for(tmp_path / "content"))
    said = Invalid(TOO_FEW, {"min": 2}).text(tr.gettext)
    assert said == TOO_FEW.format(min=2)
