"""Lines kept with loaded content (in pydantic's store of private values), and the words a question reads."""

from __future__ import annotations

import pickle

from content_support import HEADER
from planner.i18n import catalogues
from planner.i18n import words as vocabulary
from planner.questions.base import Choice
from planner.questions.numbers import NumberQuestion, with_words, words_of


def test_every_model_knows_the_lines_it_was_written_on(load_flow) -> None:
    content = load_flow(HEADER.format(id="t") + """\
      - id: pets
        kind: single_choice
        prompt: Any pets?
        choices:
          - {value: cat, label: A cat}
          - value: dog
            label: A dog
""")
    flow = content.flows["t"]
    pets = flow.question("pets")
    assert (pets.line, pets.line_of("prompt"), pets.line_of("choices")) == (13, 15, 16)
    assert [pets.line_of_item("choices", n) for n in (0, 1, 2)] == [17, 18, 16]  # past the end: the key's line
    assert [c.line for c in pets.choices] == [17, 18]
    assert flow.header.line_of("title") == 3 and flow.sections[0].line == 7
    copied = pickle.loads(pickle.dumps(pets))
    assert copied == pets and copied.line_of("prompt") == 15


def test_a_model_made_in_code_has_no_lines() -> None:
    choice = Choice(value="a", label="A")
    assert (choice.line, choice.line_of("label"), choice.line_of_item("x", 0)) == (0, 0, 0)


def test_a_copy_reads_its_own_words_and_the_question_it_came_from_keeps_its_own() -> None:
    question = NumberQuestion(id="age", kind="number", prompt="How old are you?")
    welsh = vocabulary.of(catalogues.load("cy"))
    assert welsh is not vocabulary.default()
    copy = with_words(question.model_copy(), welsh)
    assert words_of(copy) is welsh
    assert words_of(question) is vocabulary.default()
