"""Last year's 自评表 made next year's by `tui-report new --from`.

What is last year's by nature goes or is tied to this year: the year in
the title moves on, the total and grade are computed again (never carried
as typed), each budget amount becomes the placeholder of the figure that
held it (so it follows this year's figures) or is emptied, a typed 执行率
or 得分 of a budget row is dropped (computed), and a typed 得分 the rule
gives anyway is dropped (it then follows this year's 实际完成值).

What may or may not still hold — 年度总体目标, each indicator's 实际完成值,
得分 and 偏差原因, the reasons and conclusions — stays as written and is
listed by `check` as ``carried-over-number`` until edited or acknowledged
(checks/carried_over.py compares it with last year's table).
"""

from __future__ import annotations

from decimal import Decimal

import tomlkit

from tui_report.report.model import Report

#: budget cells that are amounts
AMOUNTS = ("initial", "adjusted", "executed")


def _figure_for(value: Decimal, report: Report, values) -> str | None:
    """The one typed figure of last year's report holding ``value``."""
    found = [fid for fid, fig in report.figures.items()
             if not fig.derived and fig.format != "percent" and values.get(fid) == value]
    return found[0] if len(found) == 1 else None


def roll(text: str, old: Report, year: int) -> str:
    """scorecard.toml's text for ``year``, from last year's ``text``."""
    from tui_report.figures.scoring import indicator_rule
    from tui_report.figures.values import resolve
    from tui_report.report.scorecard import parse
    from tui_report.report.templates import TemplateError, load
    from tui_report.report.toml_read import ReportError

    doc = tomlkit.parse(text)
    title = doc.get("title")
    if isinstance(title, str) and old.year:
        doc["title"] = title.replace(f"{old.year}年", f"{year}年").replace(f"（{old.year}）", f"（{year}）")
    for key in ("total", "grade"):
        if key in doc:
            del doc[key]
    values = resolve(old).values
    budget = doc.get("budget")
    rows = budget.get("rows", []) if isinstance(budget, dict) else []
    for row in rows:
        for key in AMOUNTS:
            cell = row.get(key)
            if cell is None or isinstance(cell, str):
                continue  # a placeholder follows this year's figure by itself
            try:
                number = Decimal(str(cell))
            except ArithmeticError:
                continue
            fid = _figure_for(number, old, values)
            if fid is not None:
                row[key] = "{{" + fid + "}}"
            else:
                del row[key]
        for key in ("rate", "score"):
            if key in row:
                del row[key]
    try:
        card = parse(text)
        template = load(card.template)
    except (ReportError, TemplateError):  # a table the checks will report; the rest is rolled
        return tomlkit.dumps(doc)
    indicators = doc.get("indicators", [])
    for ind, row in zip(card.indicators, indicators, strict=False):
        if ind.score is not None and indicator_rule(ind, template).rule == ind.score and "score" in row:
            del row["score"]
    return tomlkit.dumps(doc)

