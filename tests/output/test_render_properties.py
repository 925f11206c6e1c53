"""Property-based: whatever people type, every renderer gives safe output in every format."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.flows.answers import Participant
from planner.flows.loader import Content
from planner.output.documents import build_documents
from planner.output.render import Renderer
from planner.output.write import render_all

from .helpers import TODAY
from .sessions import filled
from .test_hostile import CONTROLS, OUR_TAGS, tags

TYPED = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=120) | st.sampled_from(
    ["<script>x</script>", "]]>", "{{ 7*7 }}", "{% raw %}", "\x1b[2J", "&amp;", "<!--", "\u202e",
     "**[x](javascript:1)**"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(words=st.lists(TYPED, min_size=1, max_size=6), name=TYPED)
def test_any_typed_words_render_safely(content: Content, words: list[str], name: str) -> None:
    people = [Participant("person", "person", name=name)]
    session, record = filled(content, "budget-check", lambda question: words[len(question) % len(words)],
                             participants=people)
    files = render_all(build_documents(session, record, today=TODAY), Renderer())
    assert files, "the budget check always makes a budget sheet"
    for file_name, text in files.items():
        if file_name.endswith(".html"):
            assert {tag for tag, _ in tags(text)} <= OUR_TAGS, file_name
            assert not any(key.startswith("on") for _, attrs in tags(text) for key, _ in attrs), file_name
        elif file_name.endswith(".json"):
            json.loads(text)
        else:
            assert not CONTROLS.search(text), file_name
