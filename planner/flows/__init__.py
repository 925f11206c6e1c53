"""Content model, loader, expressions and the conversation engine. Never imports Textual."""

from __future__ import annotations

from .flow import Flow, StepInfo
from .loader import Content, find_root, load_content
from .problems import Problem

__all__ = ["Content", "Flow", "Problem", "StepInfo", "find_root", "load_content"]
