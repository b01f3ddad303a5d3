"""Checks on ``[figures]`` themselves: unfilled, never used, wrong unit, a rate
over 100%, a derived formula that cannot be computed.

They point into report.toml at the key concerned (the ``value``, ``unit`` or
the column inside ``formula``), so the editor and `check` can show exactly
what to change.
"""

from __future__ import annotations

from decimal import Decimal

from tui_report.figures import formula
from tui_report.figures.values import Resolved, format_value, is_money
from tui_report.report.model import UNIT_SCALE, Figure, Report, Span
from tui_report.report.problems import Problem

#: A typed figure with no value yet (formerly the warning ``figure-empty``;
#: acknowledgements naming that id still match it, see ``acknowledge``).
UNFILLED = "figure-unfilled"

#: words in a label that mean a bounded rate (a share of something, ≤ 100%)
RATE_WORDS = ("率", "满意度", "完成度", "占比")
GROWTH_WORDS = ("增长", "增幅", "增速", "变动", "涨幅", "降幅")


def _span(fig: Figure, *keys: str) -> Span:
    for key in keys:
        if key in fig.spans:
            return fig.spans[key]
    return fig.span or Span("report.toml")


def _problem(fig: Figure, span: Span, pid: str, sev: str, msg: str, length: int = 0) -> Problem:
    return Problem(pid, sev, msg, span.file, span.line, span.col,
                   end=span.col + length if length else None, where=fig.id)


def run(report: Report, resolved: Resolved) -> list[Problem]:
    out: list[Problem] = []
    for fid, fig in report.figures.items():
        if fig.derived:
            exc = resolved.errors.get(fid)
            if exc is not None:
                span = fig.spans.get("formula")
                if span is not None and fig.formula is not None:
                    line, col = span.at(fig.formula, exc.offset)
                    span = Span(span.file, line, col)
                else:
                    span = _span(fig)
                out.append(_problem(fig, span, "bad-formula", "error",
                                    f"派生数字“{fig.label}”（{fid}）的公式有误：{exc.message}", 1))
        elif fig.value is None:
            # an error: a report with a figure still to fill prints 【待填】 and is not ready to hand in
            out.append(_problem(fig, _span(fig, "value"), UNFILLED, "error",
                                f"数字“{fig.label}”（{fid}）尚未填写：在编辑器中按 F3 填写，"
                                f"或在 report.toml 中填 figures.{fid} 的 value"))
        unit = fig.unit or report.unit
        if (fig.format != "percent" and unit != report.unit and is_money(unit) and is_money(report.unit)
                and not _own_unit_fits(fig, resolved.values.get(fid), unit, report.unit)):
            shown = format_value(fig, resolved.values.get(fid), report)
            out.append(_problem(
                fig, _span(fig, "unit"), "unit-mix", "warning",
                f"“{fig.label}”以{unit}为单位（印出为“{shown}”），而报告的金额都以{report.unit}为单位；"
                f"请改用{report.unit}，或在 [[acknowledged]] 中说明原因", len(unit)))
        value = resolved.values.get(fid)
        if (fig.format == "percent" and value is not None and value > 1
                and any(w in fig.label for w in RATE_WORDS)
                and not any(w in fig.label for w in GROWTH_WORDS)):
            out.append(_problem(
                fig, _span(fig, "formula", "value"), "rate-over-100", "warning",
                f"“{fig.label}”为{format_value(fig, value, report)}，超过100%，请核对口径"))
    return out


#: an amount per person, per pupil or per item is kept in 元 by every report
_PER_HEAD = ("人均", "生均", "户均", "每", "标准", "单价")


def _own_unit_fits(fig: Figure, value: Decimal | None, unit: str, report_unit: str) -> bool:
    """Whether an amount reads naturally only in the unit it was typed in:
    amounts per head (生均1000元, a pupil's 300元 grant) are in 元 in every
    report, and 299亿元 would be 2990000万元; an amount of the unit's own
    money in 元 (零星收入500元) is still a slip of the unit."""
    if unit == "元":
        return any(w in (fig.label or "") for w in _PER_HEAD)
    if value is None:
        return False
    try:
        in_report = value * UNIT_SCALE[unit] / UNIT_SCALE[report_unit]
    except (KeyError, ArithmeticError):
        return False
    return not Decimal(1) <= abs(in_report) < Decimal(10_000)


def unused(report: Report, resolved: Resolved, used_in_prose: set[str]) -> list[Problem]:
    """Figures no placeholder, rule or formula refers to: typed once and
    then never printed or checked, usually a leftover."""
    used = {resolved.target(n) for n in used_in_prose}
    card = report.scorecard
    if card is not None:  # the 自评表's budget cells print figures too
        for row in card.budget:
            for cell in (row.initial, row.adjusted, row.executed):
                if isinstance(cell, str):
                    used.add(resolved.target(cell.strip().removeprefix("{{").removesuffix("}}").strip()))
    texts = [c.rule for c in report.checks] + [f.formula for f in report.figures.values() if f.formula is not None]
    for text in texts:
        try:
            node = formula.parse(text)
        except formula.FormulaError:
            continue
        used.update(resolved.target(n.name) for n in formula.names(node))
    out = []
    for fid, fig in report.figures.items():
        if fid not in used:
            out.append(_problem(fig, fig.span or Span("report.toml"), "figure-unused", "info",
                                f"数字“{fig.label}”（{fid}）没有在正文中引用，也没有用于校验"))
    return out
