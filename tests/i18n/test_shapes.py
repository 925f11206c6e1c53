"""What a translation must keep: expressions, glossary link targets and placeholders."""

from __future__ import annotations

import pytest

from planner.flows.shapes import mismatch, shows_words

SOURCE = ("{{ 'You have a budget.' if stage == 'have_budget' else '' }} "
          "Call {{ council.name }} about [[direct payments|direct payment]].")
GOOD = ("Ffoniwch {{ council.name }} am [[taliadau uniongyrchol|direct payment]]. "
        "{{ 'Mae gennych gyllideb.' if stage == 'have_budget' else '' }}")
GLOSSARY = {"direct payment": "direct payment", "direct payments": "direct payment"}


def lookup(term: str) -> str | None:
    return GLOSSARY.get(term.lower())


def test_a_good_translation_keeps_everything() -> None:
    assert mismatch(SOURCE, GOOD, content=True, lookup=lookup) is None


def test_synonyms_of_a_term_are_the_same_target() -> None:
    assert mismatch(SOURCE, GOOD.replace("|direct payment]]", "|direct payments]]"), content=True,
                    lookup=lookup) is None


@pytest.mark.parametrize("broken", [
    GOOD.replace("{{ council.name }}", "y cyngor"),  # dropped
    GOOD.replace("council.name", "council.phone"),  # another name
    GOOD.replace("'have_budget'", "'gyda chyllideb'"),  # a compared value translated
    GOOD.replace("stage ==", "cam =="),  # a question id translated
    GOOD.replace("{{ council.name }}", "{{ council.name }"),  # unreadable
])
def test_a_changed_expression_is_reported(broken: str) -> None:
    assert mismatch(SOURCE, broken, content=True, lookup=lookup)


def test_a_changed_link_target_is_reported() -> None:
    problem = mismatch(SOURCE, GOOD.replace("|direct payment]]", "|taliad uniongyrchol]]"), content=True,
                       lookup=lookup)
    assert problem and "[[your words|direct payment]]" in problem
    assert mismatch(SOURCE, GOOD.replace("[[taliadau uniongyrchol|direct payment]]", "taliadau"), content=True)


def test_filters_keep_their_settings_but_joining_words_may_change() -> None:
    source = "{{ helpers | map(attribute='name') | join(' and ') }}"
    assert mismatch(source, "{{ helpers | map(attribute='name') | join(' a ') }}", content=True) is None
    assert mismatch(source, "{{ helpers | map(attribute='enw') | join(' a ') }}", content=True)


def test_derived_values() -> None:
    source = "['Can I have an assessment?' if stage == 'not_assessed' else ''] | select | list"
    assert shows_words(source) and not shows_words("status.amount == 'answered'") and not shows_words("x | join(' ')")
    assert mismatch(source, "['Ga i asesiad?' if stage == 'not_assessed' else ''] | select | list", content=True,
                    kind="value") is None
    assert mismatch(source, "['Ga i asesiad?' if stage == 'heb' else ''] | select | list", content=True, kind="value")


def test_interface_placeholders() -> None:
    assert mismatch("Part {number} of {count}", "Rhan {number} o {count}", content=False) is None
    assert "rhif" in mismatch("Part {number} of {count}", "Rhan {rhif} o {count}", content=False)
    assert mismatch("Part {number} of {count}", "Rhan {number}", content=False)
    assert mismatch("{num} weeks", "{num} wythnos", content=False) is None
    # A plural form may leave the count out ("Un cwestiwn"), but may not add a placeholder.
    assert mismatch("One question {n} questions", "Un cwestiwn", content=False, plural=True) is None
    assert mismatch("One question {n} questions", "{m} cwestiwn", content=False, plural=True)


def test_words_looked_up_in_a_mapping_may_change_but_not_the_keys() -> None:
    source = "{{ {'man': 'a man', 'woman': 'a woman'}[gender] if gender else 'not said' }}"
    assert mismatch(source, "{{ {'man': 'dyn', 'woman': 'menyw'}[gender] if gender else 'heb ddweud' }}",
                    content=True) is None
    assert mismatch(source, "{{ {'dyn': 'dyn', 'woman': 'menyw'}[gender] if gender else 'heb ddweud' }}", content=True)
    assert mismatch(source, "{{ {'man': 'dyn', 'woman': 'menyw'}[rhyw] if gender else 'heb ddweud' }}", content=True)
