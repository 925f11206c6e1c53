"""Every problem is reported in one pass: fixing one mistake never reveals another that was already there."""

from __future__ import annotations

from content_support import HEADER, expect, found
from planner.check import check_paths
from planner.flows import messages as m

THREE_MISTAKES = HEADER.format(id="three") + """\
      - id: name
        kind: short_text
        prompt: What is your name?
        colour: blue
      - id: hello
        kind: info
        when: "nmae"
        text: Hello.
      - id: bye
        kind: info
        text: "Goodbye, {{ name | uper }}."
"""


def test_three_separate_mistakes_give_three_problems(load_flow) -> None:
    content = load_flow(THREE_MISTAKES)
    assert found(content) == [
        expect(16, m.UNKNOWN_KEY, where="question 'name'", key="colour", suggest=""),
        expect(19, m.UNKNOWN_NAME, where="step 'hello'", name="nmae", suggest=" Did you mean 'name'?"),
        expect(23, m.UNKNOWN_FILTER, where="step 'bye'", name="uper", suggest=" Did you mean 'upper'?"),
    ]
    assert content.flows == {}


def test_mistakes_in_every_stage_are_reported_together(load_flow) -> None:
    """YAML-level, model-level and link-level mistakes in one file."""
    text = HEADER.format(id="stages") + """\
      - id: name
        kind: short_text
        prompt: What is your name?
        prompt: What should I call you?
      - id: age
        kind: number
        prompt: How old are you?
        min: 200
        max: 10
      - id: hello
        kind: info
        text: "You may get a [[respite break]]."
derived:
  - id: again
    value: "again"
"""
    content = load_flow(text)
    assert found(content) == [
        expect(16, m.DUPLICATE_KEY, key="prompt", first=15),
        expect(17, m.MIN_OVER_MAX, where="question 'age'", min=200, max=10),
        expect(24, m.UNKNOWN_GLOSSARY_TERM, where="step 'hello'", term="respite break", suggest=""),
        expect(26, m.DERIVED_CYCLE, id="again", chain="again -> again"),
    ]


def test_invalid_steps_do_not_hide_later_reference_mistakes(load_flow) -> None:
    """A step that fails validation is still known by id, and other steps' mistakes are still found."""
    text = HEADER.format(id="after-invalid") + """\
      - id: age
        kind: number
        prompt: How old are you?
        min: lots
      - id: hello
        kind: info
        when: "age > 60 and agee < 90"
        text: Hello.
"""
    content = load_flow(text)
    assert found(content) == [
        expect(16, m.WRONG_TYPE, key="min", where="question 'age'", expected="a whole number"),
        expect(19, m.UNKNOWN_NAME, where="step 'hello'", name="agee", suggest=""),
    ]


def test_a_header_mistake_does_not_hide_the_others(load_flow) -> None:
    content = load_flow(THREE_MISTAKES.replace("for: person", "for: persn"))
    assert found(content) == [
        expect(4, m.BAD_VALUE, key="for", where="the flow header", value="'persn'", allowed="person, carer or adviser"),
        expect(16, m.UNKNOWN_KEY, where="question 'name'", key="colour", suggest=""),
        expect(19, m.UNKNOWN_NAME, where="step 'hello'", name="nmae", suggest=" Did you mean 'name'?"),
        expect(23, m.UNKNOWN_FILTER, where="step 'bye'", name="uper", suggest=" Did you mean 'upper'?"),
    ]


def test_problems_in_several_files_are_reported_together(content_root) -> None:
    (content_root / "flows" / "one.yaml").write_text(THREE_MISTAKES.replace("id: three", "id: one"))
    (content_root / "flows" / "two.yaml").write_text(HEADER.format(id="two") + "      - id: Bad\n        kind: info\n"
                                                     "        text: Hi.\n")
    (content_root / "glossary.yaml").write_text("glossary:\n  - term: carer\n    explanation: One.\n"
                                                "  - term: Carer\n    explanation: Two.\n")
    (content,) = check_paths([content_root])
    assert sorted((p.path, p.line, p.code) for p in content.problems) == [
        ("flows/one.yaml", 16, "UNKNOWN_KEY"),
        ("flows/one.yaml", 19, "UNKNOWN_NAME"),
        ("flows/one.yaml", 23, "UNKNOWN_FILTER"),
        ("flows/two.yaml", 13, "BAD_ID"),
        ("glossary.yaml", 4, "DUPLICATE_TERM"),
    ]


def test_two_flows_with_the_same_id(content_root) -> None:
    text = HEADER.format(id="same")
    (content_root / "flows" / "a.yaml").write_text(text)
    (content_root / "flows" / "b.yaml").write_text(text)
    (content,) = check_paths([content_root], errors_only=True)
    assert [(p.path, p.line, p.message) for p in content.problems] == [
        ("flows/b.yaml", 2, m.DUPLICATE_FLOW.format(id="same", other="flows/a.yaml"))]
    assert list(content.flows) == ["same"]


def test_glossary_links_are_checked_wherever_text_is_shown(load_flow) -> None:
    text = HEADER.format(id="labels").replace("  version: 1\n", "  version: 1\n  intro: Hi, [[carers]].\n") + """\
      - id: drives
        kind: yes_no
        prompt: Do you drive?
        yes_label: Yes, with a [[blue badge]]
      - id: mood
        kind: scale
        prompt: How do you feel?
        points:
          - value: low
            label: Low
            hint: Ask for [[respite]]
          - value: high
            label: High
      - id: helpers
        kind: list
        prompt: Who helps you?
        fields:
          - id: paid
            kind: single_choice
            prompt: How are they paid?
            choices:
              - value: dp
                label: A [[direct payments|direct payment]]
              - value: isf
                label: An [[individual service fund]]
      - id: life
        kind: grid
        prompt: How is each part of your life?
        rows:
          - value: home
            label: My [[home care]]
        scale:
          - value: good
            label: Good
          - value: bad
            label: Bad
"""
    content = load_flow(text)
    found_terms = [(line, message.split(" links ")[0], message.split("'[[")[1].split("]]")[0])
                   for line, code, message in found(content) if code == "UNKNOWN_GLOSSARY_TERM"]
    assert found_terms == [
        (6, "the flow header", "carers"),
        (17, "question 'drives'", "blue badge"),
        (24, "point 'low' of question 'mood'", "respite"),
        (38, "choice 'isf' of field 'paid' of question 'helpers'", "individual service fund"),
        (44, "row 'home' of question 'life'", "home care"),
    ]


def test_a_code_holds_one_kind_of_answer_in_every_flow(content_root) -> None:
    asked = HEADER.format(id="{id}") + ("      - id: {q}\n        kind: {kind}\n        prompt: How old are you?\n"
                                        "        code: test.age\n")
    (content_root / "flows" / "a.yaml").write_text(asked.format(id="a", q="age", kind="number"))
    (content_root / "flows" / "b.yaml").write_text(asked.format(id="b", q="age_words", kind="short_text"))
    (content,) = check_paths([content_root])
    assert [(p.path, p.line, p.message) for p in content.problems] == [
        ("flows/b.yaml", 16, m.CODE_KIND_DIFFERS.format(code="test.age", kind="short text", other_kind="number",
                                                        other="flows/a.yaml:16"))]
