"""Typed documents built from a session: the plan, the hand-over, the carer's, the budget sheet.

Each document reads answers by semantic code only, and only the relevant ones. A
session that is not finished still makes its documents; they list what is still to ask.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from planner.flows.model import Council
from planner.flows.session import Session
from planner.store.sessions import SessionRecord

from .base import Context, Document
from .budget_sheet import BudgetSheet, build_budget_sheet
from .carer import CarerAssessment, build_carer_assessment
from .carer_plan import CarerSupportPlan, build_carer_plan
from .handover import HandOver, build_handover
from .person import LinkedCarer
from .support_plan import SupportPlan, build_support_plan

Builder = Callable[[Context], Document]

# document name -> (model, builder, the code that names whoever the document is for)
DOCUMENTS: dict[str, tuple[type[Document], Builder, str]] = {
    "support-plan": (SupportPlan, build_support_plan, "person.preferred_name"),
    "hand-over": (HandOver, build_handover, "person.preferred_name"),
    "carer-assessment": (CarerAssessment, build_carer_assessment, "carer.name"),
    "carer-support-plan": (CarerSupportPlan, build_carer_plan, "carer.name"),
    "budget-sheet": (BudgetSheet, build_budget_sheet, "person.preferred_name"),
}


def build_documents(session: Session, record: SessionRecord | None = None, council: Council | None = None, *,
                    today: dt.date | None = None, linked: Sequence[LinkedCarer] = (),
                    plan: Session | None = None) -> dict[str, Document]:
    """Every document this session's flow makes (its header's `documents`), by name.

    `linked` are carers' assessments linked to a plan; `plan` is the plan a carer's assessment is linked to.
    """
    built: dict[str, Document] = {}
    contexts: dict[str, Context] = {}
    for name in session.flow.header.documents:
        _, builder, name_code = DOCUMENTS[name]
        if name_code not in contexts:
            contexts[name_code] = Context(session, record, council, today=today, name_code=name_code, linked=linked,
                                          plan=plan)
        built[name] = builder(contexts[name_code])
    return built


__all__ = [
    "DOCUMENTS",
    "BudgetSheet",
    "CarerAssessment",
    "CarerSupportPlan",
    "Context",
    "Document",
    "HandOver",
    "LinkedCarer",
    "SupportPlan",
    "build_documents",
]
