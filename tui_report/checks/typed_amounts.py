"""Amounts and rates typed into prose.

A money amount typed as digits is a copy of a number that should live once
in ``[figures]`` (thresholds and unit prices quoted from rules excepted): when the figure changes, the typed copy goes stale without
anyone noticing. This module finds them (and 元 amounts in a 万元 report,
and rates above 100%); matching them against the report's figures happens
in the checker, because it depends on figure values, not on the text.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from tui_report.checks.arithmetic import glued_cells
from tui_report.report.model import UNIT_SCALE
from tui_report.report.problems import Finding

_AMOUNT = re.compile(
    r"(?<![\d.,A-Za-z_])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(亿元|千元|万元|元)(?![素旦宵])"
)
#: a bounded rate (执行率, 满意度, …) followed closely by a percentage
_RATE = re.compile(r"(率|满意度)[^。；，,;！？!?\n%％]{0,10}?(\d+(?:\.\d+)?)\s*[%％]")
_GROWTH = ("增长", "增", "变动", "变化", "波动", "涨", "降", "提高", "提升", "减少", "上升", "下滑")


#: a threshold or unit price (单笔10万元以上, 每人每天100元, 100元/人) is a
#: rule the report quotes, not an amount of this report
_STANDARD_AFTER = ("以上", "以下", "以内", "及以上", "及以下", "/", "／", "每")
_STANDARD_BEFORE = ("每", "标准", "不超过", "不低于", "限额", "单价")


def is_standard(text: str, start: int, end: int) -> bool:
    return text.startswith(_STANDARD_AFTER, end) or any(w in text[max(0, start - 6): start] for w in _STANDARD_BEFORE)


def scan(text: str, unit: str) -> list[Finding]:
    out: list[Finding] = []
    if "元" in text:
        for m in _AMOUNT.finditer(text):
            try:
                value = Decimal(m.group(1).replace(",", ""))
            except InvalidOperation:  # pragma: no cover - the pattern admits only digits
                continue
            typed = m.group(0)
            if is_standard(text, m.start(), m.end()):
                continue
            out.append(Finding("typed-amount", "warning", "", m.start(), len(typed), None, typed,
                               (value, m.group(2))))
            if m.group(2) != unit and unit in UNIT_SCALE:
                out.append(Finding(
                    "unit-mix", "warning",
                    f"金额“{typed}”以{m.group(2)}为单位，而报告金额单位为{unit}；请统一为{unit}",
                    m.start(), len(typed), None, typed))
    if "%" in text or "％" in text:
        for m in _RATE.finditer(text):
            rate = Decimal(m.group(2))
            if rate <= 100 or len(glued_cells(m.group(2))) == 1:
                continue  # 10001000100%: a form's cells run together, read by the arithmetic
            before = text[max(0, m.start() - 2): m.start()]
            if before.endswith(_GROWTH) or any(w in m.group(0) for w in _GROWTH):
                continue
            shown = m.group(0)[m.start(2) - m.start():]
            out.append(Finding(
                "rate-over-100", "warning", f"比率“{shown}”超过100%，请核对",
                m.start(2), len(shown), None, shown))
    return out
