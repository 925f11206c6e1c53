"""Everything docs/content-format.md shows as valid loads without problems and means what it says."""

from __future__ import annotations

from content_support import HEADER
from planner.flows.context import expression_context
from planner.flows.expressions import evaluate, holds, render

FLOW = HEADER.format(id="patterns").replace("text: Hello.", "text: Hello {{ council.name }}.") + """\
      - id: preferred_name
        kind: short_text
        prompt: What would you like me to call you?
        ack: "Thank you, {{ preferred_name }}."
      - id: living_arrangement
        kind: single_choice
        prompt: Do you live with them?
        choices:
          - value: together
            label: We live together
          - value: apart
            label: We live apart
      - id: cares_for_count
        kind: number
        prompt: How many people do you care for?
        min: 0
        max: 20
      - id: help_wanted
        kind: multi_choice
        prompt: What would help?
        none_option: Nothing for now
        choices:
          - value: breaks
            label: A [[carer]] break
          - value: money
            label: Money advice
      - id: budget_amount
        kind: money
        prompt: How much is the budget?
        code: test.age
      - id: helpers
        kind: list
        prompt: Who helps you?
        item_name: helper
        fields:
          - id: name
            kind: short_text
            prompt: What is their name?
          - id: paid
            kind: yes_no
            prompt: Are they paid?
          - id: hours
            kind: number
            prompt: "How many hours does {{ item.name }} help?"
            when: "item.paid == 'yes'"
      - id: life
        kind: grid
        prompt: How is each part of your life?
        rows:
          - value: home
            label: Home
          - value: work
            label: Work
        scale:
          - value: keep
            label: Keep it
          - value: change
            label: Change it
      - id: together_note
        kind: info
        when: "living_arrangement == 'together'"
        text: You live together.
      - id: many
        kind: info
        when: "cares_for_count > 1"
        text: You care for {{ cares_for_count }} people.
      - id: breaks_note
        kind: info
        when: "'breaks' in help_wanted"
        text: We will talk about breaks.
      - id: unsure_budget
        kind: info
        when: "status.budget_amount == 'not_sure'"
        text: Ask the council.
      - id: weekly
        kind: info
        when: "budget_amount and budget_amount.period == 'week'"
        text: "Your budget is {{ budget_amount }}."
      - id: helper_names
        kind: info
        when: "helpers | length > 0"
        text: "You said {{ helpers | map(attribute='name') | join(' and ') }} help you."
      - id: change_home
        kind: info
        when: "life.home == 'change'"
        style: recap
        text: "You would like to change your home{{ ', ' ~ preferred_name if preferred_name else '' }}."
      - id: urgent
        kind: info
        style: urgent
        when: "lives_with_person and status.living_arrangement == 'answered'"
        text: Call {{ council.urgent_contact.phone }} if you need help today.
derived:
  - id: lives_with_person
    value: "living_arrangement == 'together'"
    code: test.name
"""

ANSWERS = {
    "preferred_name": "Sam",
    "living_arrangement": "together",
    "cares_for_count": 2,
    "help_wanted": ["breaks"],
    "budget_amount": {"amount": "150.00", "period": "week", "approximate": True},
    "helpers": [{"name": "Sue", "paid": "no"}, {"name": "Bob", "paid": "yes", "hours": 5}],
    "life": {"home": "change", "work": "keep"},
}


def _context(flow, content, answers, statuses=None):
    statuses = statuses if statuses is not None else dict.fromkeys(answers, "answered")
    return expression_context(flow, answers, statuses, content.council().model_dump())


def test_documented_patterns_load_without_problems(load_flow) -> None:
    content = load_flow(FLOW)
    assert [str(p) for p in content.problems] == []


def test_documented_patterns_mean_what_the_guide_says(load_flow) -> None:
    content = load_flow(FLOW)
    flow = content.flows["patterns"]
    context = _context(flow, content, ANSWERS)
    shown = {s.id: holds(s.conditions[-1], context) for s in flow.steps if s.conditions}
    assert shown == {"together_note": True, "many": True, "breaks_note": True, "unsure_budget": False, "weekly": True,
                     "helper_names": True, "change_home": True, "urgent": True}
    assert context["lives_with_person"] is True
    texts = {s.id: render(s.texts["text"], context) for s in flow.steps if "text" in s.texts}
    assert texts == {
        "welcome": "Hello Test Council.",
        "many": "You care for 2 people.",
        "weekly": "Your budget is about £150 a week.",
        "helper_names": "You said Sue and Bob help you.",
        "change_home": "You would like to change your home, Sam.",
        "urgent": "Call 01632 960111 if you need help today.",
    }
    assert render(flow.by_id["preferred_name"].texts["ack"], context) == "Thank you, Sam."
    item = flow.by_id["helpers"]
    assert holds(item.field_conditions["hours"], {**context, "item": {"name": "Bob", "paid": "yes"}}) is True
    assert holds(item.field_conditions["hours"], {**context, "item": {"name": "Sue", "paid": "no"}}) is False
    assert render(item.texts["hours.prompt"], {**context, "item": {"name": "Bob"}}) == "How many hours does Bob help?"


def test_missing_answers_mean_not_answered(load_flow) -> None:
    """A when is false, a derived value is nothing, and quoted text is left out; nothing stops the conversation."""
    content = load_flow(FLOW)
    flow = content.flows["patterns"]
    context = _context(flow, content, {}, {"budget_amount": "not_sure"})
    shown = {s.id: holds(s.conditions[-1], context) for s in flow.steps if s.conditions}
    assert shown == {"together_note": False, "many": False, "breaks_note": False, "unsure_budget": True,
                     "weekly": False, "helper_names": False, "change_home": False, "urgent": False}
    assert evaluate(flow.derived_exprs["lives_with_person"], context) is False
    assert context["status"]["preferred_name"] == "unanswered"
    assert " ".join(render(flow.by_id["many"].texts["text"], context).split()) == "You care for people."
    assert render(flow.by_id["preferred_name"].texts["ack"], context) == "Thank you, ."
