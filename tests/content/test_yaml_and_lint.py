"""The YAML rules that differ from plain YAML, and the plain-language and reachability warnings."""

from __future__ import annotations

import pytest

from content_support import HEADER, expect, found
from planner.check import check_paths
from planner.flows import messages as m
from planner.flows.problems import Problems
from planner.flows.source import parse_yaml


def parsed(text: str):
    problems = Problems("x.yaml")
    data = parse_yaml(text, problems)
    assert problems.items == []
    return data


# -- YAML scalars ----------------------------------------------------------------------------------

def test_yes_no_on_off_stay_words_and_quotes_keep_text() -> None:
    data = parsed("a: yes\nb: no\nc: on\nd: off\ne: '42'\nf: \"true\"\ng: Yes\n")
    assert data == {"a": "yes", "b": "no", "c": "on", "d": "off", "e": "42", "f": "true", "g": "Yes"}
    assert all(isinstance(v, str) for v in data.values())


def test_lines_of_keys_and_items_are_kept() -> None:
    data = parsed("flow:\n  id: a\nsections:\n  - id: s\n\n  - id: t\n")
    assert data.line == 1 and data.key_lines == {"flow": 1, "sections": 3}
    assert data["flow"].key_lines == {"id": 2}
    assert data["sections"].item_lines == [4, 6]
    assert data["sections"][1].line == 6


def test_a_byte_order_mark_is_ignored(load_flow) -> None:
    content = load_flow("\ufeff" + HEADER.format(id="bom"))
    assert content.problems == [] and list(content.flows) == ["bom"]


def test_plain_scalars_follow_the_yaml_core_schema() -> None:
    data = parsed("a: 42\nb: -7\nc: 1.5\nd: true\ne: false\nf: ~\ng: null\nh:\ni: yes\n")
    assert data == {"a": 42, "b": -7, "c": 1.5, "d": True, "e": False, "f": None, "g": None, "h": None, "i": "yes"}


@pytest.mark.parametrize("parser", ["CSafeLoader", "SafeLoader"])
def test_both_yaml_parsers_read_scalars_and_locate_errors_alike(parser: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    from planner.flows import source

    monkeypatch.setattr(source, "_Loader", getattr(yaml, parser))
    monkeypatch.setattr(source, "_C_PARSER", parser == "CSafeLoader")
    assert parsed("a: 42\nb: ~\nc: '7'\nd: ! 8\ne: !!str 9\nf: 0x1F\ng: yes\n") == {
        "a": 42, "b": None, "c": "7", "d": "8", "e": "9", "f": 31, "g": "yes"}
    problems = Problems("x.yaml")
    parse_yaml("a: ééé £££\nb: \"x\x07\"\n", problems)  # the C parser counts bytes, not characters
    assert [(p.line, p.code) for p in problems.items] == [(2, "YAML_SYNTAX")]
    problems = Problems("x.yaml")
    parse_yaml("a: [1, 2\n\n", problems)
    assert [(p.line, p.message) for p in problems.items] == [
        (1, m.YAML_SYNTAX.format(problem="the '[' that opens here is never closed"))]


def test_a_null_condition_means_no_condition(load_flow) -> None:
    text = HEADER.format(id="nulls").replace("        text: Hello.\n", "        text: Hello.\n        when: null\n")
    content = load_flow(text)
    assert content.problems == []
    assert content.flows["nulls"].by_id["welcome"].conditions == ()


def test_an_empty_derived_key_is_allowed(load_flow) -> None:
    text = HEADER.format(id="empty-derived").replace("sections:\n", "derived:\nsections:\n")
    content = load_flow(text)
    assert content.problems == []


@pytest.mark.parametrize("empty", ["", " []", " ~"])
def test_empty_sections_and_steps_are_named_as_empty(load_flow, empty: str) -> None:
    no_sections = load_flow(HEADER.format(id="empty").split("sections:")[0] + f"sections:{empty}\n")
    assert found(no_sections) == [expect(6, m.TOO_FEW_ITEMS, key="sections", where="this file", count="no sections",
                                         least="1 section", add="1 section")]
    no_steps = load_flow(HEADER.format(id="empty").split("    steps:")[0] + f"    steps:{empty}\n")
    assert found(no_steps) == [expect(7, m.EMPTY_SECTION, where="section 's'")]


def test_a_null_hint_is_no_hint(load_flow) -> None:
    text = HEADER.format(id="tilde") + ("      - id: name\n        kind: short_text\n"
                                         "        prompt: What is your name?\n        hint: ~\n")
    content = load_flow(text)
    assert content.problems == []
    assert content.flows["tilde"].question("name").hint is None


def test_choice_values_yes_no_and_numbers_are_words(load_flow) -> None:
    text = HEADER.format(id="words") + """\
      - id: lives_alone
        kind: single_choice
        prompt: Do you live alone?
        choices:
          - value: yes
            label: Yes
          - value: no
            label: No
          - value: 3
            label: Sometimes
      - id: hello
        kind: info
        when: "lives_alone == 'yes' or lives_alone == '3'"
        text: Hello.
"""
    content = load_flow(text)
    assert content.problems == []
    assert [ch.value for ch in content.flows["words"].question("lives_alone").choices] == ["yes", "no", "3"]


# -- plain language ------------------------------------------------------------------------------

def _checked(content_root, text: str):
    (content_root / "flows" / "plain.yaml").write_text(text)
    (content,) = check_paths([content_root])
    return content


def test_unlinked_jargon_is_a_warning_and_a_link_fixes_it(content_root) -> None:
    text = HEADER.format(id="plain").replace("text: Hello.", "text: You can have a direct payment.")
    content = _checked(content_root, text)
    assert [(p.path, p.severity) for p in content.problems] == [("flows/plain.yaml", "warning")]
    assert found(content) == [expect(12, m.UNLINKED_JARGON, where="step 'welcome' (text)", word="direct payment",
                                     term="direct payment")]
    assert str(content.problems[0]).startswith("flows/plain.yaml:12: warning: step 'welcome' (text) uses")
    linked = _checked(content_root, text.replace("a direct payment", "a [[direct payment]]"))
    assert linked.problems == []
    synonym = _checked(content_root, text.replace("a direct payment", "[[direct payments|direct payment]]"))
    assert synonym.problems == []


def test_long_sentence_is_a_warning(content_root) -> None:
    words = ("We will talk about your home and your family and your friends and the help you get from them every "
             "single day.")
    assert len(words.split()) == 22
    content = _checked(content_root, HEADER.format(id="plain").replace("text: Hello.", f"text: {words}"))
    assert found(content) == [expect(12, m.LONG_SENTENCE, where="step 'welcome' (text)", words=22, limit=20,
                                     start="We will talk about your home")]


def test_hard_prompt_is_a_warning(content_root) -> None:
    import textstat

    prompt = ("Characterise the multidisciplinary organisational considerations regarding accommodation "
              "modifications necessitated by deteriorating mobility.")
    assert len(prompt.split()) >= 8  # shorter prompts are not scored
    textstat.set_lang("en_GB")  # the lint scores British English
    score = textstat.flesch_reading_ease(prompt)
    assert score < 60
    text = HEADER.format(id="plain") + f"      - id: hard\n        kind: long_text\n        prompt: {prompt}\n"
    content = _checked(content_root, text)
    assert found(content) == [expect(15, m.HARD_TO_READ, where="question 'hard' (prompt)", score=round(score),
                                     limit=60)]


def test_a_planner_only_question_must_be_in_the_planners_voice(content_root) -> None:
    question = ("      - id: decision\n        kind: yes_no\n        prompt: For the planner. Is it decided?\n"
                "        planner_only: true\n")
    content = _checked(content_root, HEADER.format(id="plain") + question)
    assert found(content) == [expect(16, m.PLANNER_ONLY_VOICE, where="question 'decision'")]
    voiced = _checked(content_root, HEADER.format(id="plain") + question + "        voice: planner\n")
    assert voiced.problems == []


def test_lint_does_not_run_on_content_with_errors(content_root) -> None:
    text = HEADER.format(id="plain").replace("text: Hello.", "text: A direct payment {{ nmae }}.")
    content = _checked(content_root, text)
    assert [p.code for p in content.problems] == ["UNKNOWN_NAME"]


def test_jargon_missing_from_the_glossary_is_located(content_root) -> None:
    (content_root / "plain-language.yaml").write_text("plain_language:\n  jargon:\n    - direct payment\n"
                                                      "    - respite\n")
    content = _checked(content_root, HEADER.format(id="plain"))
    located = [(p.path, p.line, p.code) for p in content.problems]
    assert located == [("plain-language.yaml", 4, "JARGON_NOT_IN_GLOSSARY")]


# -- reachability --------------------------------------------------------------------------------

REACH = HEADER.format(id="reach") + """\
      - id: lives
        kind: single_choice
        prompt: Who do you live with?
        choices:
          - value: alone
            label: On my own
          - value: family
            label: With family
      - id: age
        kind: number
        prompt: How old are you?
      - id: hello
        kind: info
        when: "{when}"
        text: Hello.
"""


@pytest.mark.parametrize("when", [
    "lives == 'alone'",
    "lives != 'alone' and status.lives == 'answered'",
    "status.lives == 'not_sure'",
    "age == 3",
    "not age",
])
def test_reachable_conditions_give_no_warning(content_root, when: str) -> None:
    content = _checked(content_root, REACH.format(when=when))
    assert content.problems == []


@pytest.mark.parametrize("when", [
    "lives == 'alone' and lives == 'family'",
    "status.lives == 'answered' and status.lives == 'skipped'",
    "age == 3 and age == 4",
])
def test_impossible_conditions_are_warned_about(content_root, when: str) -> None:
    content = _checked(content_root, REACH.format(when=when))
    assert found(content) == [expect(26, m.UNREACHABLE, where="step 'hello'")]
    assert content.problems[0].severity == "warning"


@pytest.mark.parametrize("when", ["age > 60", "age >= 18", "age < -5", "lives == 'alone' and age > 1", "age"])
def test_number_comparisons_are_reachable(content_root, when: str) -> None:
    content = _checked(content_root, REACH.format(when=when))
    assert content.problems == []


def test_empty_list_messages_are_good_english(load_flow) -> None:
    text = HEADER.format(id="rows") + ("      - id: helpers\n        kind: list\n        prompt: Who helps you?\n"
                                       "        fields: []\n")
    assert found(load_flow(text)) == [expect(16, m.TOO_FEW_ITEMS, key="fields", where="question 'helpers'",
                                             count="no fields", least="1 field", add="1 field")]

