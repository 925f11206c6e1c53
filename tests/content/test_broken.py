"""A corpus of broken content files, one mistake each, and the exact problem each one gets.

Every file under `broken/flows/` is listed in `CASES` with the problems loading it must
give: the line, the catalogue code, and the message formatted from the catalogue
template in `planner/flows/messages.py`. The list is exact: a second, spurious problem
fails the test as surely as a missing one.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from content_support import BROKEN, expect, found
from planner.check import check_paths, report
from planner.flows import load_content
from planner.flows import messages as m
from planner.flows.source import FREE_BYTES, MAX_BYTES, MAX_NODES, MAX_SCALAR

QUESTION_KINDS = ("single_choice, multi_choice, yes_no, scale, short_text, long_text, number, money, time, date, list, "
                  "grid")
LIST_FIELD_KINDS = "single_choice, multi_choice, yes_no, scale, short_text, long_text, number, money, time, date"
STATUSES = "'answered', 'not_sure', 'rather_not_say', 'skipped', 'unanswered'"
FLOW_KEYS = "'flow:' or 'derived:' or 'sections:'"


CASES = [
    # -- reading the file ---------------------------------------------------------------------
    ("empty.yaml", [expect(1, m.FILE_EMPTY)]),
    ("not_utf8.yaml", [expect(3, m.NOT_UTF8, byte=33)]),  # 'é' written as Latin-1 on line 3
    ("yaml_syntax.yaml", [expect(15, m.YAML_SYNTAX, problem="mapping values are not allowed in this context")]),
    ("yaml_indentation.yaml", [expect(15, m.YAML_SYNTAX, problem="did not find expected '-' indicator")]),
    ("two_documents.yaml", [expect(13, m.YAML_SYNTAX, problem="a file may hold only one document ('---')")]),
    ("too_deep.yaml", [expect(13, m.TOO_DEEP, limit=40)]),
    ("alias.yaml", [expect(15, m.ALIAS_NOT_ALLOWED)]),
    ("billion_laughs.yaml", [expect(3, m.ALIAS_NOT_ALLOWED)]),
    ("tag_python.yaml", [expect(15, m.TAG_NOT_ALLOWED, tag="!!python/object/apply:os.system")]),
    ("tag_custom.yaml", [expect(15, m.TAG_NOT_ALLOWED, tag="!shout")]),
    ("duplicate_key.yaml", [expect(16, m.DUPLICATE_KEY, key="prompt", first=15)]),
    ("key_not_text.yaml", [expect(16, m.KEY_NOT_TEXT, got="a list or block")]),
    ("not_a_flow.yaml", [expect(1, m.NOT_A_CONTENT_FILE, expected=FLOW_KEYS)]),
    # the parser finds the end of the file first; the line is where the quote opens
    ("unclosed_quote.yaml", [expect(15, m.YAML_SYNTAX, problem="the quote that opens here is never closed")]),
    ("control_character.yaml",
     [expect(3, m.YAML_SYNTAX, problem="unacceptable character #x0007: control characters are not allowed")]),
    # -- shapes, keys and types ----------------------------------------------------------------
    ("unknown_key.yaml", [expect(16, m.UNKNOWN_KEY, where="question 'name'", key="max_lenght",
                                 suggest=" Did you mean 'max_length'?")]),
    ("unknown_top_key.yaml", [expect(6, m.UNKNOWN_KEY, where="this file", key="derive",
                                     suggest=" Did you mean 'derived'?")]),
    # only keys of a short_text question are suggested, not 'unit' (a number-only key)
    ("unknown_key_suggestion.yaml",
     [expect(16, m.UNKNOWN_KEY, where="question 'name'", key="hnit", suggest=" Did you mean 'hint'?")]),
    ("missing_title.yaml", [expect(1, m.MISSING_KEY, where="the flow header", key="title")]),
    ("missing_sections.yaml", [expect(1, m.MISSING_KEY, where="this file", key="sections")]),
    ("missing_prompt.yaml", [expect(13, m.MISSING_KEY, where="question 'name'", key="prompt")]),
    ("missing_kind.yaml", [expect(13, m.MISSING_KEY, where="step 'name'", key="kind")]),
    ("list_missing_fields.yaml", [expect(13, m.MISSING_KEY, where="question 'helpers'", key="fields")]),
    ("sections_not_list.yaml", [expect(6, m.WRONG_TYPE, key="sections", where="this file",
                                       expected="a list (lines starting with '-')")]),
    ("wrong_type_min.yaml", [expect(16, m.WRONG_TYPE, key="min", where="question 'age'", expected="a whole number")]),
    ("wrong_type_version.yaml", [expect(5, m.WRONG_TYPE, key="version", where="the flow header",
                                        expected="a whole number")]),
    ("version_zero.yaml", [expect(5, m.NOT_IN_RANGE, key="version", where="the flow header", rule="1 or more")]),
    ("bad_audience.yaml", [expect(4, m.BAD_VALUE, key="for", where="the flow header", value="'persn'",
                                  allowed="person, carer or adviser")]),
    ("bad_style.yaml", [expect(15, m.BAD_VALUE, key="style", where="step 'hello'", value="'loud'",
                               allowed="normal, urgent or recap")]),
    ("bad_period.yaml", [expect(16, m.BAD_VALUE, key="periods", where="question 'rent'", value="'fortnight'",
                                allowed="week, month, year or once")]),
    ("unknown_kind.yaml", [expect(14, m.UNKNOWN_KIND, where="question 'drives'", kind="yesno",
                                  suggest=" Did you mean 'yes_no'?", kinds=QUESTION_KINDS)]),
    ("list_field_kind.yaml", [expect(21, m.BAD_LIST_FIELD, where="question 'helpers'", kind="grid",
                                     kinds=LIST_FIELD_KINDS)]),
    ("no_choices.yaml", [expect(16, m.NO_CHOICES, where="question 'lives'")]),
    ("scale_one_point.yaml", [expect(16, m.TOO_FEW_ITEMS, key="points", where="question 'mood'", count="1 point",
                                     least="2 points", add="1 more point")]),
    ("list_without_fields.yaml", [expect(16, m.TOO_FEW_ITEMS, key="fields", where="question 'helpers'",
                                         count="no fields", least="1 field", add="1 field")]),
    ("grid_without_rows.yaml", [expect(16, m.TOO_FEW_ITEMS, key="rows", where="question 'life'", count="no rows",
                                       least="1 row", add="1 row")]),
    ("empty_section.yaml", [expect(13, m.EMPTY_SECTION, where="section 'later'")]),
    # the section has a step, it is just broken: no EMPTY_SECTION as well
    ("only_step_invalid.yaml", [expect(10, m.MISSING_KEY, where="question 'name'", key="prompt")]),
    ("number_min_over_max.yaml", [expect(13, m.MIN_OVER_MAX, where="question 'age'", min=120, max=18)]),
    ("multi_min_over_max.yaml", [expect(13, m.MIN_OVER_MAX, where="question 'help'", min=3, max=2)]),
    ("duplicate_choice.yaml", [expect(13, m.DUPLICATE_CHOICE, where="question 'lives'", value="alone")]),
    # -- ids ----------------------------------------------------------------------------------
    ("bad_id.yaml", [expect(13, m.BAD_ID, id="Your-Name")]),
    ("reserved_id.yaml", [expect(13, m.RESERVED_ID, id="status")]),
    ("duplicate_id.yaml", [expect(16, m.DUPLICATE_ID, id="name", first=13)]),
    ("bad_flow_id.yaml", [expect(2, m.BAD_DASHED_ID, id="Bad Flow Id", what="flow")]),
    # -- expressions --------------------------------------------------------------------------
    ("expression_syntax.yaml", [expect(18, m.EXPR_SYNTAX, where="step 'hello'", problem="it ends too soon")]),
    ("expression_trailing.yaml", [expect(18, m.EXPR_SYNTAX, where="step 'hello'",
                                         problem="there is more text after the expression")]),
    ("unknown_filter.yaml", [expect(18, m.UNKNOWN_FILTER, where="step 'hello'", name="uper",
                                    suggest=" Did you mean 'upper'?")]),
    ("text_block.yaml", [expect(18, m.TEXT_BLOCK_NOT_ALLOWED, where="step 'hello'")]),
    ("unknown_question.yaml", [expect(18, m.UNKNOWN_NAME, where="step 'hello'", name="nmae",
                                      suggest=" Did you mean 'name'?")]),
    ("unknown_derived.yaml", [expect(18, m.UNKNOWN_NAME, where="step 'hello'", name="is_older",
                                     suggest=" Did you mean 'older'?")]),
    ("derived_unknown_question.yaml", [expect(18, m.UNKNOWN_NAME, where="derived value 'older'", name="agee",
                                              suggest=" Did you mean 'age'?")]),
    ("derived_cycle.yaml", [expect(17, m.DERIVED_CYCLE, id="older", chain="older -> very_old -> older")]),
    ("derived_self.yaml", [expect(17, m.DERIVED_CYCLE, id="older", chain="older -> older")]),
    ("asked_later.yaml", [expect(15, m.ASKED_LATER, where="step 'hello'", name="name", later=17)]),
    ("asked_later_section.yaml", [expect(15, m.ASKED_LATER, where="section 'driving'", name="drives", later=17)]),
    ("asked_later_derived.yaml", [expect(15, m.ASKED_LATER, where="step 'hello'", name="age", later=17)]),
    ("impossible_value.yaml", [expect(23, m.IMPOSSIBLE_VALUE, where="step 'hello'", name="lives", value="'allone'",
                                      allowed="'alone', 'family'")]),
    ("impossible_status.yaml", [expect(18, m.IMPOSSIBLE_VALUE, where="step 'hello'", name="status.name",
                                       value="'unsure'", allowed=STATUSES)]),
    ("impossible_period.yaml", [expect(19, m.IMPOSSIBLE_VALUE, where="step 'hello'", name="rent.period", value="'year'",
                                       allowed="'week', 'month'")]),
    ("unknown_part.yaml", [expect(18, m.UNKNOWN_PART, where="step 'hello'", name="rent", part="amout", kind="money",
                                  parts="rent.amount, rent.period, rent.approximate")]),
    ("private_name.yaml", [expect(18, m.PRIVATE_NAME, where="step 'hello'", name="__class__")]),
    ("item_outside_list.yaml", [expect(18, m.ITEM_OUTSIDE_LIST, where="step 'hello'")]),
    ("unknown_item_field.yaml", [expect(23, m.UNKNOWN_ITEM_FIELD, where="field 'phone' of question 'helpers'",
                                        name="nmae", suggest=" Did you mean 'name'?")]),
    ("unknown_status_name.yaml", [expect(18, m.UNKNOWN_STATUS_NAME, where="step 'hello'", name="nmae",
                                         suggest=" Did you mean 'name'?")]),
    ("status_alone.yaml", [expect(18, m.STATUS_NEEDS_NAME, where="step 'hello'", example="name")]),
    ("unknown_council_field.yaml", [expect(15, m.UNKNOWN_COUNCIL_FIELD, where="step 'call'", name="phone",
                                           suggest="")]),
    # -- glossary links and codes -------------------------------------------------------------
    ("unknown_glossary_term.yaml", [expect(15, m.UNKNOWN_GLOSSARY_TERM, where="step 'breaks'", term="respite break",
                                           suggest="")]),
    ("bad_glossary_link.yaml", [expect(15, m.BAD_GLOSSARY_LINK, where="step 'breaks'", text="[[direct payment.")]),
    ("glossary_in_choice_label.yaml", [expect(20, m.UNKNOWN_GLOSSARY_TERM,
                                              where="choice 'attorney' of question 'decides'",
                                              term="lasting power of attorney", suggest="")]),
    ("glossary_in_flow_summary.yaml", [expect(6, m.UNKNOWN_GLOSSARY_TERM, where="the flow header",
                                              term="personal budget", suggest="")]),
    ("unknown_code.yaml", [expect(16, m.UNKNOWN_CODE, where="question 'name'", code="test.nmae",
                                  suggest=" Did you mean 'test.name'?")]),
    ("duplicate_code.yaml", [expect(20, m.DUPLICATE_CODE, code="test.name", first=16)]),
    # a code lists the values it allows, so every flow records the same answer the same way
    ("code_value_not_allowed.yaml", [expect(20, m.CODE_VALUE_NOT_ALLOWED, where="question 'manager'",
                                            value="family_friend", code="test.manager",
                                            allowed="'me', 'family', 'friend'", suggest=" Did you mean 'friend'?")]),
]


def _name(case: object) -> str:
    return case.values[0] if hasattr(case, "values") else case[0]  # type: ignore[union-attr,index]


def _load(name: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(BROKEN)
    return load_content(BROKEN, only=[BROKEN / "flows" / name])


@pytest.mark.parametrize("name, expected", CASES, ids=[_name(c) for c in CASES])
def test_broken_file_gets_exactly_its_problem(name: str, expected: list, monkeypatch: pytest.MonkeyPatch) -> None:
    content = _load(name, monkeypatch)
    assert found(content) == expected
    assert {p.path for p in content.problems} == {f"flows/{name}"}
    assert {p.severity for p in content.problems} == {"error"}
    assert content.flows == {}  # a flow with an error is never handed to the engine


def test_corpus_is_complete_and_large_enough() -> None:
    names = [_name(c) for c in CASES]
    assert len(names) == len(set(names))
    on_disk = sorted(p.name for p in (BROKEN / "flows").iterdir())
    assert on_disk == sorted(names)
    assert len(names) >= 20


def test_broken_folder_shared_files_are_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    """The corpus' glossary, codes, council and plain-language files are clean, so every problem is the flow's."""
    monkeypatch.chdir(BROKEN)
    content = load_content(BROKEN, only=[])
    assert content.problems == []
    assert set(content.glossary) == {"direct payment", "carer"}
    assert set(content.codes) == {"test.name", "test.age", "test.manager"}
    assert set(content.councils) == {"test"}


def test_whole_broken_folder_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checking the folder reports, for every file, the same problems as loading that file alone."""
    monkeypatch.chdir(BROKEN)
    (together,) = check_paths([BROKEN])
    by_file: dict[str, list] = {}
    for problem in together.problems:
        by_file.setdefault(problem.path, []).append((problem.line, problem.code, problem.message))
    for name in [_name(c) for c in CASES]:
        alone = load_content(BROKEN, only=[BROKEN / "flows" / name])
        assert sorted(by_file.get(f"flows/{name}", [])) == found(alone), name
    out = io.StringIO()
    assert report([together], "json", out) == 1
    data = json.loads(out.getvalue())
    assert data["errors"] == len(together.problems) and data["warnings"] == 0
    assert len({p["path"] for p in data["problems"]}) >= 60


# -- files too big to keep in the repository ---------------------------------------------------

VALID = """\
flow:
  id: big
  title: Test
  for: person
  version: 1
sections:
  - id: s
    title: Section
    steps:
      - id: welcome
        kind: info
        text: Hello.
"""


def _padded(size: int) -> bytes:
    data = VALID.encode()
    filler = size - len(data)
    lines = []
    while filler > 0:
        chunk = min(filler, 100)
        lines.append(b"#" * (chunk - 1) + b"\n")
        filler -= chunk
    data += b"".join(lines)
    assert len(data) == size
    return data


def test_file_at_the_size_any_file_may_have_loads(load_flow) -> None:
    content = load_flow(_padded(FREE_BYTES))
    assert content.problems == []
    assert set(content.flows) == {"big"}


def test_file_much_larger_than_what_it_holds_is_refused(load_flow) -> None:
    content = load_flow(_padded(FREE_BYTES + 200_000))
    assert [p.code for p in content.problems] == ["TOO_LARGE_FOR_ITEMS"]
    assert content.problems[0].message.startswith(f"The file is {FREE_BYTES + 200_000} bytes but holds only ")


def test_huge_value_is_refused(load_flow) -> None:
    content = load_flow(VALID + "extra: " + "a" * (MAX_SCALAR + 1) + "\n")
    assert [p.code for p in content.problems] == ["SCALAR_TOO_LONG"]


def test_file_over_the_size_limit_is_refused(load_flow) -> None:
    content = load_flow(_padded(MAX_BYTES + 1))
    assert found(content) == [expect(0, m.FILE_TOO_LARGE, size=MAX_BYTES + 1, limit=MAX_BYTES)]
    assert [p.path for p in content.problems] == ["flows/test.yaml"]
    assert str(content.problems[0]) == f"flows/test.yaml: {content.problems[0].message}"


def test_too_many_items_is_refused(load_flow) -> None:
    text = "flow:\n  id: many\nitems: [" + ",".join("1" for _ in range(MAX_NODES + 10)) + "]\n"
    assert len(text.encode()) < MAX_BYTES
    content = load_flow(text)
    assert found(content) == [expect(3, m.TOO_MANY_NODES, limit=MAX_NODES)]


def test_nesting_at_the_depth_limit_is_not_refused_for_depth(load_flow) -> None:
    # A question's hint sits 5 levels deep (file, sections, section, steps, step), so 35 more
    # brackets reach the limit of 40 exactly: allowed, and only the hint's type is wrong.
    question = "      - id: name\n        kind: short_text\n        prompt: What is your name?\n        hint: "
    content = load_flow(VALID + question + "[" * 35 + "]" * 35 + "\n")
    assert found(content) == [expect(16, m.WRONG_TYPE, key="hint", where="question 'name'", expected="text")]
    deeper = load_flow(VALID + question + "[" * 36 + "]" * 36 + "\n")
    assert found(deeper) == [expect(16, m.TOO_DEEP, limit=40)]


def test_unreadable_file_is_reported(content_root: Path) -> None:
    missing = content_root / "flows" / "gone.yaml"
    content = load_content(content_root, only=[missing])
    assert found(content) == [expect(0, m.FILE_UNREADABLE, error="No such file or directory")]
