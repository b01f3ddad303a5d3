"""The sections a region's template requires, looked for in a report.

A bureau's template (``data/templates/scorecard/NAME.toml``, ``[report]
outline``) lists the parts every unit's report must have. Units word their
headings their own way (存在问题和原因 for 存在的问题及原因分析, 下一步改进措施
for 改进措施及建议), so a heading is matched by the share of the template
title's character pairs it contains once the filler words are gone, not by
equality; a section that matches no heading at any level is a warning, never
an error: the reviewer decides whether it is really missing.

This is a review of the outline against a template the reviewer chose, not a
check of the report on its own, so it lives here and not in ``checks/``.
"""

from __future__ import annotations

import re
import unicodedata

from tui_report.report.model import Report
from tui_report.report.numbering import strip_typed_number
from tui_report.report.problems import Problem
from tui_report.report.templates import Template

PROBLEM_ID = "template-section-missing"
#: the share of a template title's character pairs a heading must contain
MATCH = 0.4
_FILLER = re.compile(r"的|及|和|与|、|情况|有关|相关|\s|[，,：:（）()“”\"]")


def _core(title: str) -> str:
    title = unicodedata.normalize("NFKC", strip_typed_number(title))
    return _FILLER.sub("", title)


def _pairs(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


def _matches(required: str, heading: str) -> bool:
    want, have = _core(required), _core(heading)
    if not want or not have:
        return False
    if want in have or (have in want and len(have) >= 2):
        return True
    pairs = _pairs(want)
    return len(pairs & _pairs(have)) / len(pairs) >= MATCH


def required(template: Template) -> list[str]:
    """The titles of the template's top-level sections, in order."""
    outline = template.report.get("outline", []) if isinstance(template.report, dict) else []
    return [str(item.get("title", "")) for item in outline if isinstance(item, dict) and item.get("title")]


def missing(report: Report, template: Template) -> list[Problem]:
    headings = [section.title for section, _ in report.walk() if section.title]
    out = []
    for title in required(template):
        if not any(_matches(title, heading) for heading in headings):
            out.append(Problem(
                PROBLEM_ID, "warning",
                f"没有找到模板“{template.name}”（{template.region or template.title}）要求的章节“{title}”；"
                "请核对报告是否缺少这一部分，或标题写法不同", "report.toml", where="template"))
    return out
