"""A council may rename its flows: which flow links to which comes from content, never from a flow id in code."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import get_args

import pytest

from planner.flows.answers import Participant
from planner.flows.loader import Content, load_content
from planner.flows.model import DocumentName
from planner.output.documents import DOCUMENTS, build_documents
from planner.paths import BUILTIN_CONTENT
from planner.script import play, read_script
from planner.store import SessionStore, StoreError
from planner.store.linking import carer_flow, check_link, linked_carers, linked_plan
from planner.store.opening import start
from tests.conftest import ROOT

RENAMED = {"support-plan": "our-plan", "carer-assessment": "carers-own-talk", "budget-check": "money-talk"}
KAREN = ROOT / "tests" / "personas" / "carer-assessment" / "willing-not-able.yaml"


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> Content:
    """The built-in content with every flow given a new id and file name."""
    root = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(BUILTIN_CONTENT, root)
    for old, new in RENAMED.items():
        text = (root / "flows" / f"{old}.yaml").read_text(encoding="utf-8")
        text = text.replace(f"  id: {old}\n", f"  id: {new}\n", 1)
        text = text.replace("  links_to: support-plan", f"  links_to: {RENAMED['support-plan']}")
        (root / "flows" / f"{old}.yaml").unlink()
        (root / "flows" / f"{new}.yaml").write_text(text, encoding="utf-8")
    content = load_content(root)
    assert content.ok, content.problems
    assert set(content.flows) == set(RENAMED.values())
    return content


def test_a_renamed_carers_flow_links_to_a_renamed_plan(renamed: Content, tmp_path: Path) -> None:
    store = SessionStore.in_folder(tmp_path / "store")
    plan = start(store, renamed, "our-plan", participants=[Participant("bill", "person", "Bill")])
    plan.close()
    assert carer_flow(renamed, "our-plan") == "carers-own-talk"
    assert carer_flow(renamed, "money-talk") is None

    link = check_link(store, renamed, "carers-own-talk", plan.record.short_id)
    script = read_script(KAREN)
    carer = start(store, renamed, "carers-own-talk", participants=script.participants, linked_to=link.id)
    play(carer.session, script, lambda line: None)
    carer.close()

    found = linked_carers(store, renamed, plan.record)
    assert [(c.name, c.shared) for c in found] == [("Karen", True)]
    assert dict(found[0].answers)["carer.willing"] and dict(found[0].answers)["carer.able"]
    opened_plan = linked_plan(store, renamed, carer.record)
    assert opened_plan is not None and opened_plan.flow.id == "our-plan"
    assert set(build_documents(opened_plan)) == {"support-plan", "hand-over"}
    assert set(build_documents(carer.session, plan=opened_plan)) == {"carer-assessment", "carer-support-plan"}
    store.close()


def test_the_documents_a_flow_makes_are_named_in_its_header() -> None:
    assert set(get_args(DocumentName)) == set(DOCUMENTS)


def test_only_the_flow_named_in_links_to_can_be_linked(renamed: Content, tmp_path: Path) -> None:
    store = SessionStore.in_folder(tmp_path / "store")
    money = start(store, renamed, "money-talk")
    money.close()
    with pytest.raises(StoreError) as wrong:
        check_link(store, renamed, "carers-own-talk", money.record.short_id)
    assert str(wrong.value) == ("A carers-own-talk conversation can only be linked to a our-plan conversation, not to "
                                "a money-talk one.")
    with pytest.raises(StoreError) as unlinked:
        check_link(store, renamed, "money-talk", money.record.short_id)
    assert "A money-talk conversation cannot be linked to another one." in str(unlinked.value)
    store.close()


def test_links_to_must_name_another_flow(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(BUILTIN_CONTENT, root)
    carer = root / "flows" / "carer-assessment.yaml"
    carer.write_text(carer.read_text(encoding="utf-8").replace("links_to: support-plan", "links_to: suport-plan"),
                     encoding="utf-8")
    problems = [p for p in load_content(root).problems if p.code == "UNKNOWN_LINKED_FLOW"]
    assert len(problems) == 1 and problems[0].line == 10
    assert "links to the flow 'suport-plan'" in problems[0].message
    assert "Did you mean 'support-plan'?" in problems[0].message
