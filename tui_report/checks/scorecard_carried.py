"""Last year's 自评表 cells, still unchanged: a report started from last
year's (``[settings] previous_report``) lists each cell of scorecard.toml
that holds what last year's table held — an indicator's 实际完成值, 得分
and 偏差原因 (the indicator found by its name), each line of 年度总体目标,
a budget row's reasons, the conclusions — as ``carried-over-number``, the id
of last year's numbers left in a paragraph (checks/carried_over.py), here a
warning: a cell is a fact of the year to check, not part of a paragraph
reviewed as a whole. The year is taken
out before comparing. Editing the cell clears it; so does acknowledging it
(``where`` = ``scorecard/indicators/N/actual`` as the problem says).
"""

from __future__ import annotations

import os
from pathlib import Path

from tui_report.checks.carried_over import _norm, previous_root
from tui_report.report.model import Report, Span
from tui_report.report.problems import Problem
from tui_report.report.scorecard import SCORECARD_FILE, Scorecard, parse
from tui_report.report.toml_read import ReportError, read_text

#: what each compared cell is called in a message
CARD_CELLS = {"actual": "实际完成值", "score": "得分", "reason": "偏差原因"}
TARGET_CELLS = {"planned": "预期目标", "actual": "实际完成情况"}
BUDGET_CELLS = {"reason": "执行率原因", "adjust_reason": "调整理由"}
TOP_CELLS = {"conclusion": "评价结论", "issues": "存在问题", "measures": "改进措施"}

_cache: dict[str, tuple[tuple, Scorecard | None]] = {}


def last_year_card(root: Path) -> Scorecard | None:
    """Last year's 自评表, read again only when its file changed (one stat
    per check: the live checks run on every keystroke)."""
    path = root / SCORECARD_FILE
    try:
        st = os.stat(path)
        sig: tuple = (st.st_size, st.st_mtime_ns)
    except (OSError, ValueError):
        return None
    cached = _cache.get(str(root))
    if cached is not None and cached[0] == sig:
        return cached[1]
    card = None
    if not path.is_symlink():
        try:
            card = parse(read_text(path, SCORECARD_FILE)[0])
        except (ReportError, OSError):
            card = None
    _cache[str(root)] = (sig, card)
    return card


def run(report: Report) -> list[Problem]:
    card = report.scorecard
    if card is None:
        return []
    try:
        root = previous_root(report)
    except ReportError:
        return []  # said once by the paragraphs' check
    if root is None:
        return []
    old = last_year_card(root)
    if old is None:
        return []
    year = report.year

    def same(a, b) -> bool:
        if a is None or b is None or a == "" or b == "":
            return False
        if isinstance(a, str) and isinstance(b, str):  # "2022年" last year is "2023年" this year
            return _norm(a, year) == _norm(b, year - 1 if year else 0)
        return bool(a == b)

    out: list[Problem] = []

    def flag(where: str, span: Span | None, label: str, value) -> None:
        span = span or Span(card.file)
        shown = value if isinstance(value, str) else format(value, "f")
        shown = shown if len(shown) <= 30 else shown[:30] + "……"
        out.append(Problem("carried-over-number", "warning", f"自评表{label}与上年相同，尚未核对：{shown}", span.file,
                           span.line, span.col, where=where, extra={"text": where, "typed": shown}))

    used: set[int] = set()
    for ind in card.indicators:
        match = next((o for o in old.indicators if o.index not in used and o.name == ind.name
                      and o.level1 == ind.level1), None) \
            or next((o for o in old.indicators if o.index not in used and o.name == ind.name), None)
        if match is None:
            continue
        used.add(match.index)
        for key, label in CARD_CELLS.items():
            value = getattr(ind, key)
            if same(value, getattr(match, key)):
                flag(f"scorecard/indicators/{ind.index}/{key}", ind.spans.get(key), f"“{ind.name}”的{label}", value)
    for target, before in zip(card.targets, old.targets, strict=False):
        for key, label in TARGET_CELLS.items():
            value = getattr(target, key)
            if same(value, getattr(before, key)):
                flag(f"scorecard/targets/{target.index}/{key}", target.spans.get(key), f"年度总体目标的{label}", value)
    for row, last in zip(card.budget, old.budget, strict=False):
        for key, label in BUDGET_CELLS.items():
            value = getattr(row, key)
            if same(value, getattr(last, key)):
                flag(f"scorecard/budget/{row.index}/{key}", row.spans.get(key), f"“{row.name}”的{label}", value)
    for key, label in TOP_CELLS.items():
        value = getattr(card, key)
        if same(value, getattr(old, key)):
            flag(f"scorecard/{key}", card.spans.get(key), f"的{label}", value)
    return out
