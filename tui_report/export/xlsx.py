"""The 自评表 as a spreadsheet (`export --format xlsx --part scorecard`):
the bureau asks for the table as a workbook as well as in the PDF.

执行率, each 得分 the template's rule gives, 总分 and 等级 are formulas over
the cells beside them, so a reviewer can change a 完成值 in Excel or WPS and
see the score follow — the rule is on the sheet, not hidden in this program.
Each formula cell also carries the value this program computed (the
workbook opens with numbers even where a viewer does not recalculate), and
the workbook asks to be recalculated on opening. A score typed by the
author that the rule does not give, or a typed 总分 (an override), is
written as the value typed: the sheet shows the table as the report states it.

Text from the report (names, targets, reasons) is always written as text:
a cell starting with = + - @ is never a formula (CSV/formula injection).
openpyxl is imported here only, so `check` and `export md` stay light.
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

from tui_report.figures import number_format
from tui_report.figures.scoring import (
    Scored,
    amount,
    is_satisfaction,
    quantity,
    score,
    target_text,
)
from tui_report.figures.values import Resolved, resolve
from tui_report.report.model import Report
from tui_report.report.templates import Template, load

SHEET = "自评表"
PERCENT = "0.00%"
TWO = "0.00"


def _ref(col: int, row: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"


def _share_formula(template: Template, done: str) -> str:
    """The share of the weight a completion (in cell or expression ``done``) gives."""
    capped = f"MIN({done},1)"
    if template.numeric == "threshold":
        low = format(template.threshold, "f")
        return f"IF({capped}<{low},0,MIN(({capped}-{low})/(1-{low}),1))"
    return f"MAX({capped},0)"


def _steps_formula(value: str, steps) -> str:
    """IF(value>=min1,share1,IF(value>=min2,share2,…0)) for stepped rules."""
    out = "0"
    for st in reversed(steps):  # steps are highest first
        out = f"IF({value}>={format(st.min, 'f')},{format(st.share, 'f')},{out})"
    return out


def workbook(report: Report, resolved: Resolved | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    card = report.scorecard
    if card is None:
        raise ValueError("no scorecard")
    resolved = resolved or resolve(report)
    values = resolved.values
    template = load(card.template)
    scored: Scored = score(card, template, values)

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    cached: dict[str, float | str | None] = {}  # formula cell → the value computed here
    bold = Font(bold=True)

    def text(col: int, row: int, value: str | None, strong: bool = False) -> None:
        cell = ws.cell(row=row, column=col)
        cell.value = value or None
        if isinstance(value, str) and value:
            cell.data_type = "s"  # never a formula, whatever it starts with
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if strong:
            cell.font = bold

    def number(col: int, row: int, value: Decimal | None, fmt: str = TWO) -> None:
        cell = ws.cell(row=row, column=col)
        cell.value = float(value) if value is not None else None
        cell.number_format = fmt

    def formula(col: int, row: int, expr: str, value, fmt: str = TWO) -> None:
        cell = ws.cell(row=row, column=col)
        cell.value = "=" + expr
        cell.number_format = fmt
        ref = _ref(col, row)
        cached[ref] = value

    # amounts in the report's decimals, as every other output prints them
    places = number_format.money_places(report)
    money_format = "0." + "0" * places if places else "0"
    title = card.title or template.title
    text(1, 1, title, strong=True)
    text(1, 2, f"模板：{template.name}（{template.region}）；金额单位：{report.unit}")
    row = 4
    weight = card.budget_weight if card.budget_weight is not None else template.budget_weight

    # 预算执行情况 ------------------------------------------------------------------------
    text(1, row, "预算执行情况", strong=True)
    row += 1
    heads = ["项目", f"年初预算数（{report.unit}）", f"全年预算数（{report.unit}）", f"全年执行数（{report.unit}）",
             "分值", "执行率", "得分", "原因"]
    for n, head in enumerate(heads, start=1):
        text(n, row, head, strong=True)
    row += 1
    budget_score_refs: list[str] = []
    denominator_col = 3 if template.denominator == "adjusted" else 2
    for b in scored.budget:
        r = b.row
        text(1, row, r.name)
        for col, cell in ((2, r.initial), (3, r.adjusted), (4, r.executed)):
            number(col, row, amount(cell, values), money_format)
        den, exe = _ref(denominator_col, row), _ref(4, row)
        rate_value = float(b.rate / 100) if b.rate is not None else None
        if b.rate is not None:
            formula(6, row, f"IF({den}=0,\"\",{exe}/{den})", rate_value, PERCENT)
        elif r.rate is not None:
            number(6, row, r.rate / 100, PERCENT)
        if b.scored:
            number(5, row, weight)
            w = _ref(5, row)
            typed_differs = r.score is not None and b.rule is not None and r.score != b.rule
            if b.rule is not None and not typed_differs:
                rate = _ref(6, row)
                share = (_steps_formula(f"ROUND({rate},4)", template.budget_steps)
                         if template.budget_rule == "steps" and template.budget_steps else f"MIN({rate},1)")
                formula(7, row, f"ROUND({w}*{share},2)", float(b.rule))
            elif b.score is not None:
                number(7, row, b.score)
            budget_score_refs.append(_ref(7, row))
        text(8, row, r.reason)
        row += 1

    # 年度总体目标 ---------------------------------------------------------------------------
    if card.targets:
        row += 1
        text(1, row, "年度总体目标", strong=True)
        row += 1
        text(1, row, "预期目标", strong=True)
        text(2, row, "实际完成情况", strong=True)
        row += 1
        for target in card.targets:
            text(1, row, target.planned)
            text(2, row, target.actual)
            row += 1

    # 绩效指标 ---------------------------------------------------------------------------------
    row += 1
    text(1, row, "绩效指标", strong=True)
    row += 1
    heads = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "方向", "目标数值", "完成数值",
             "分值", "得分", "偏差原因及改进措施"]
    for n, head in enumerate(heads, start=1):
        text(n, row, head, strong=True)
    row += 1
    first_indicator = row
    for got in scored.indicators:
        ind = got.indicator
        text(1, row, ind.level1)
        text(2, row, ind.level2)
        text(3, row, ind.name)
        text(4, row, target_text(ind))
        text(5, row, ind.actual)
        goal, done = quantity(target_text(ind)), quantity(ind.actual)
        sign = {">=": "≥", "<=": "≤", "=": "="}[goal.compare]
        numeric = goal.number is not None and done.number is not None and got.band is None
        if numeric:
            text(6, row, sign)
            number(7, row, goal.number, "General")
            number(8, row, done.number, "General")
        number(9, row, ind.weight)
        typed_differs = ind.score is not None and got.rule is not None and ind.score != got.rule
        expr = _indicator_formula(ind, template, row) if numeric and got.rule is not None else None
        if expr is not None and not typed_differs:
            formula(10, row, expr, float(got.rule) if got.rule is not None else None)
        elif got.score is not None:
            number(10, row, got.score)
        text(11, row, ind.reason)
        row += 1
    last_indicator = row - 1

    # 总分 and 等级 ----------------------------------------------------------------------------
    text(1, row, "总分", strong=True)
    total_ref = _ref(10, row)
    parts = [*budget_score_refs]
    if last_indicator >= first_indicator:
        parts.append(f"SUM({_ref(10, first_indicator)}:{_ref(10, last_indicator)})")
    number(9, row, scored.weights)
    if card.total is not None and abs(card.total - scored.total) > Decimal("0.01"):
        number(10, row, card.total)  # an override, as the report states it
    else:
        formula(10, row, f"ROUND({'+'.join(parts) or '0'},2)", float(scored.total))
    row += 1
    text(1, row, "评价等级", strong=True)
    grades = sorted(template.grades, key=lambda g: g.min, reverse=True)
    shown_grade = card.grade or scored.grade
    if card.grade and card.grade != scored.grade:
        text(10, row, card.grade)
    elif grades:
        expr = f'"{grades[-1].name}"'
        for g in reversed(grades[:-1]):
            expr = f'IF({total_ref}>={format(g.min, "f")},"{g.name}",{expr})'
        formula(10, row, expr, shown_grade, "General")
    for col, width in ((1, 16), (2, 16), (3, 24), (4, 14), (5, 14), (8, 10), (11, 30)):
        ws.column_dimensions[_ref(col, 1)[:-1]].width = width
    wb.calculation.fullCalcOnLoad = True  # Excel and WPS recompute the rules on opening

    buffer = io.BytesIO()
    wb.save(buffer)
    return _with_cached_values(buffer.getvalue(), cached)


def _indicator_formula(ind, template: Template, row: int) -> str | None:
    """The rule as a formula over the row's 方向 / 目标数值 / 完成数值 / 分值 cells."""
    t, a, w = _ref(7, row), _ref(8, row), _ref(9, row)
    if ind.coefficient is not None and template.has("coefficient"):
        return f"ROUND({w}*{format(ind.coefficient, 'f')}/100,2)"
    target = quantity(target_text(ind))
    if template.satisfaction_steps and is_satisfaction(ind):
        return f"ROUND({w}*{_steps_formula(a, template.satisfaction_steps)},2)"
    if target.compare == ">=":
        done = f"IF({t}=0,1,{a}/{t})"
    elif target.compare == "<=":
        done = f"IF({a}=0,1,{t}/{a})"
    else:
        done = f"IF({t}=0,IF({a}=0,1,0),MAX(0,1-ABS({a}-{t})/{t}))"
    return f"ROUND({w}*{_share_formula(template, done)},2)"


_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?</c>', re.S)


def _with_cached_values(data: bytes, cached: dict[str, float | str | None]) -> bytes:
    """openpyxl writes a formula without its result; put the result we
    computed beside each formula (a number, or a string with t="str"), so
    a viewer that does not recalculate still shows the numbers."""
    from xml.sax.saxutils import escape

    def cell(m: re.Match) -> bytes:
        value = cached.get(m.group(1).decode())
        if value is None:
            return m.group(0)
        attrs = re.sub(rb'\s*t="[^"]*"', b"", m.group(2))
        if isinstance(value, str):
            return (b'<c r="' + m.group(1) + b'"' + attrs + b' t="str"><f>' + m.group(3) + b"</f><v>"
                    + escape(value).encode() + b"</v></c>")
        return (b'<c r="' + m.group(1) + b'"' + attrs + b"><f>" + m.group(3) + b"</f><v>"
                + repr(float(value)).encode() + b"</v></c>")

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                body = _CELL.sub(cell, body)
            dst.writestr(info, body)
    return out.getvalue()

