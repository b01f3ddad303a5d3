"""The 自评表 as printed: 附件 after the report body, its title, and its
tables (预算执行情况, 年度总体目标, 绩效指标 with the total and grade), as
the same Block list every exporter already renders tables from.

Scores not typed are the template's (checks/scoring.py), so the printed
table never disagrees with the live check. `export --format txt` leaves it
out (the text is what is pasted into a web form); csv gives its rows alone.
"""

from __future__ import annotations

from decimal import Decimal

from tui_report.figures.values import Resolved, resolve
from tui_report.render.blocks import Block
from tui_report.report.model import Report

ATTACHMENT = "附件"


def _num(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format(value.copy_abs() if value.is_zero() else value, "f")  # never "-0.0"


def _with_unit(text: str, unit: str) -> str:
    """A value typed as a bare number in a form with a 度量单位 column, printed with it."""
    stripped = text.strip()
    if unit and stripped and stripped[-1].isdigit():
        return stripped + unit
    return text


def tables(report: Report, resolved: Resolved | None = None) -> list[tuple[str, list[list[str]]]]:
    """(caption, rows) of each table, header row first; [] without a scorecard."""
    from tui_report.figures.scoring import amount, score, target_text
    from tui_report.report.templates import TemplateError, load

    card = report.scorecard
    if card is None:
        return []
    resolved = resolved or resolve(report)
    values = resolved.values
    try:
        template = load(card.template)
    except TemplateError:
        template = None
    scored = score(card, template, values) if template is not None else None
    unit = report.unit
    weight = card.budget_weight if card.budget_weight is not None else (template.budget_weight if template else None)
    out: list[tuple[str, list[list[str]]]] = []

    budget = [["项目", f"年初预算数（{unit}）", f"全年预算数（{unit}）", f"全年执行数（{unit}）", "分值", "执行率", "得分"]]
    for n, row in enumerate(card.budget):
        got = scored.budget[n] if scored else None
        rate = row.rate if row.rate is not None else (got.rate if got else None)
        sc = row.score if row.score is not None else (got.rule if got else None)
        scored_row = got.scored if got else n == 0
        budget.append([row.name, _num(amount(row.initial, values)), _num(amount(row.adjusted, values)),
                       _num(amount(row.executed, values)), _num(weight) if scored_row else "—",
                       (_num(rate) + "%") if rate is not None else "", _num(sc) if scored_row else "—"])
    if card.budget:
        out.append(("预算执行情况", budget))

    if card.targets:
        out.append(("年度总体目标", [["预期目标", "实际完成情况"]] + [[t.planned, t.actual] for t in card.targets]))

    rows = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因及改进措施"]]
    for n, ind in enumerate(card.indicators):
        by_rule = scored.indicators[n] if scored else None
        sc = ind.score if ind.score is not None else (by_rule.rule if by_rule else None)
        rows.append([ind.level1, ind.level2, ind.name, _with_unit(target_text(ind), ind.unit),
                     _with_unit(ind.actual, ind.unit), _num(ind.weight), _num(sc), ind.reason])
    if scored is not None:
        total = card.total if card.total is not None else scored.total
        grade = card.grade or scored.grade
        rows.append(["总分", "", "", "", "", _num(scored.weights), _num(total), f"评价等级：{grade}"])
    if card.indicators:
        out.append(("绩效指标", rows))
    return out


def attachment_blocks(report: Report, resolved: Resolved | None = None) -> list[Block]:
    """附件, the table's title, then one caption and table per part."""
    found = tables(report, resolved)
    if not found:
        return []
    card = report.scorecard
    title = (card.title if card is not None and card.title else "部门整体支出绩效自评表")
    out = [Block("attachment", ATTACHMENT), Block("attachment-title", title)]
    for caption, rows in found:
        out.append(Block("caption", caption))
        out.append(Block("table", "", rows=rows))
    return out


def csv_rows(report: Report, resolved: Resolved | None = None) -> list[list[str]]:
    """Every table's rows for a system that imports tables: a first column
    names the part, so one CSV holds all three."""
    out: list[list[str]] = []
    for caption, rows in tables(report, resolved):
        out.append([caption, *rows[0]])
        out += [[caption, *row] for row in rows[1:]]
    return out
