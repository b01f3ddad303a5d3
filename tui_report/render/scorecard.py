"""The 自评表 as printed: 附件 after the report body, its title, and its
tables (预算执行情况, 年度总体目标, 绩效指标 with the total and grade), as
the same Block list every exporter already renders tables from.

Scores not typed are the template's (checks/scoring.py), so the printed
table never disagrees with the live check. `export --format txt` leaves it
out (the text is what is pasted into a web form); csv gives its rows alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from tui_report.figures import number_format
from tui_report.figures.values import Resolved, resolve
from tui_report.render.blocks import AttachmentKind, Block
from tui_report.report.model import Report

ATTACHMENT = "附件"


def _with_unit(text: str, unit: str) -> str:
    """A value typed as a bare number in a form with a 度量单位 column, printed with it."""
    stripped = text.strip()
    if unit and stripped and stripped[-1].isdigit():
        return stripped + unit
    return text


@dataclass
class Table:
    """One part of the 自评表: its caption, its rows (header first), and
    the cells that span columns ((row, column) → how many columns), which
    the HTML and DOCX tables merge and the Markdown and CSV rows leave as
    empty cells."""

    caption: str
    rows: list[list[str]]
    spans: dict[tuple[int, int], int] = field(default_factory=dict)


def tables(report: Report, resolved: Resolved | None = None) -> list[Table]:
    """Each table of the 自评表, header row first; [] without a scorecard.
    Amounts print in the report's decimals, rates and scores by the one rule
    of :mod:`~tui_report.figures.number_format`."""
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
    out: list[Table] = []

    def money(value: Decimal | None) -> str:
        return "" if value is None else number_format.money(value, report)

    budget = [["项目", f"年初预算数（{unit}）", f"全年预算数（{unit}）", f"全年执行数（{unit}）", "分值", "执行率", "得分"]]
    for n, row in enumerate(card.budget):
        got = scored.budget[n] if scored else None
        if row.rate is not None:
            rate = number_format.plain(row.rate) + "%"  # typed: as typed
        else:
            rate = number_format.rate_text(got.rate) if got is not None and got.rate is not None else ""
        sc = row.score if row.score is not None else (got.rule if got else None)
        scored_row = got.scored if got else n == 0
        budget.append([row.name, money(amount(row.initial, values)), money(amount(row.adjusted, values)),
                       money(amount(row.executed, values)), number_format.score_text(weight) if scored_row else "—",
                       rate, number_format.score_text(sc) if scored_row else "—"])
    if card.budget:
        out.append(Table("预算执行情况", budget))

    if card.targets:
        out.append(Table("年度总体目标", [["预期目标", "实际完成情况"]] + [[t.planned, t.actual] for t in card.targets]))

    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因及改进措施"]
    rows = [header]
    for n, ind in enumerate(card.indicators):
        by_rule = scored.indicators[n] if scored else None
        sc = ind.score if ind.score is not None else (by_rule.rule if by_rule else None)
        rows.append([ind.level1, ind.level2, ind.name, _with_unit(target_text(ind), ind.unit),
                     _with_unit(ind.actual, ind.unit), number_format.score_text(ind.weight),
                     number_format.score_text(sc), ind.reason])
    spans: dict[tuple[int, int], int] = {}
    if scored is not None:
        total = card.total if card.total is not None else scored.total
        grade = card.grade or scored.grade
        # 总分 over the words' columns, its two numbers under 分值 and 得分;
        # then the grade across the whole table
        spans[(len(rows), 0)] = 5
        rows.append(["总分", "", "", "", "", number_format.score_text(scored.weights),
                     number_format.score_text(total), ""])
        spans[(len(rows), 0)] = len(header)
        rows.append([f"评价等级：{grade}"] + [""] * (len(header) - 1))
    if card.indicators:
        out.append(Table("绩效指标", rows, spans))
    return out


def attachment_blocks(report: Report, resolved: Resolved | None = None) -> list[Block[AttachmentKind]]:
    """附件, the table's title, then one caption and table per part."""
    found = tables(report, resolved)
    if not found:
        return []
    card = report.scorecard
    title = (card.title if card is not None and card.title else "部门整体支出绩效自评表")
    out: list[Block[AttachmentKind]] = [Block("attachment", ATTACHMENT), Block("attachment-title", title)]
    for table in found:
        out.append(Block("caption", table.caption))
        out.append(Block("table", "", rows=table.rows, spans=dict(table.spans)))
    return out


def csv_rows(report: Report, resolved: Resolved | None = None) -> list[list[str]]:
    """Every table's rows for a system that imports tables: a first column
    names the part, so one CSV holds all three."""
    out: list[list[str]] = []
    for table in tables(report, resolved):
        out.append([table.caption, *table.rows[0]])
        out += [[table.caption, *row] for row in table.rows[1:]]
    return out
