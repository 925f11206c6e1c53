"""The words a PDF prints besides its page (`planner.output.pdf`), listed so a child process that lays PDFs out
(`planner.output.printing`) can be given them in the document's language."""

from __future__ import annotations

from planner.i18n.translator import N_

PAGE_OF = N_("Page {page} of {pages}")  # at the foot of each page
WORDS = (PAGE_OF,)
