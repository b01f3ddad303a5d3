"""Checks of the 自评表 against its template: weights that do not add up,
scores above their weight, a score the rule does not give, an execution
rate from the wrong denominator, a total that is not the sum, a grade that
does not match the total, and missing explanations.

Every problem points at the cell in scorecard.toml (``where`` =
``scorecard/indicators/N``, ``scorecard/budget/N`` or ``scorecard``), the
way the report's problems point into its sections.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from tui_report.figures.scoring import CENT, HUNDRED, cents, score
from tui_report.report.model import Report, Span
from tui_report.report.problems import Problem
from tui_report.report.scorecard import SCORECARD_FILE, Scorecard
from tui_report.report.templates import Template, TemplateError, load

#: a typed score or rate within this of the computed one is the same number
TOLERANCE = CENT


def _num(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return text


def _problem(pid: str, sev: str, message: str, span: Span | None, where: str) -> Problem:
    span = span or Span(SCORECARD_FILE)
    return Problem(pid, sev, message, span.file, span.line, span.col, where=where)


def template_of(card: Scorecard) -> Template:
    return load(card.template)


def run(report: Report, values: Mapping[str, Decimal | None]) -> list[Problem]:
    card: Scorecard | None = report.scorecard
    if card is None:
        return []
    out = list(card.problems)
    try:
        template = template_of(card)
    except TemplateError as exc:
        out.append(_problem("score-template", "error", exc.message, card.spans.get("template"), "scorecard"))
        return out
    scored = score(card, template, values)

    # weights
    weight = card.budget_weight if card.budget_weight is not None else template.budget_weight
    if scored.weights != template.total:
        span = card.indicators[0].spans.get("weight") if card.indicators else card.spans.get("template")
        out.append(_problem(
            "score-weights", "error",
            f"分值合计为 {_num(scored.weights)}（预算执行 {_num(weight)} + 绩效指标 "
            f"{_num(scored.weights - weight)}），应为 {_num(template.total)}（模板 {template.name}）", span, "scorecard"))
    known = {lv.name: lv for lv in template.level1}
    for name, lv in known.items():
        level_sum = sum((i.weight or Decimal(0) for i in card.indicators if i.level1 == name), Decimal(0))
        first = next((i for i in card.indicators if i.level1 == name), None)
        if first is not None and level_sum != lv.weight:
            out.append(_problem("score-level-weight", "warning",
                                f"一级指标“{name}”的三级指标分值合计 {_num(level_sum)}，模板规定 {_num(lv.weight)}",
                                first.spans.get("weight"), f"scorecard/indicators/{first.index}"))
    for ind in card.indicators:
        if known and ind.level1 not in known:
            out.append(_problem("score-level1", "warning",
                                f"一级指标“{ind.level1}”不在模板 {template.name} 中（可用：{'、'.join(known)}）",
                                ind.spans.get("level1"), f"scorecard/indicators/{ind.index}"))

    # what is still to fill in (a scorecard just made from its template)
    for ind in card.indicators:
        missing = [what for what, value in (("三级指标", "" if ind.name.startswith("（请填写") else ind.name),
                                            ("年度指标值", ind.target), ("实际完成值", ind.actual)) if not value.strip()]
        if missing:
            out.append(_problem("score-unfilled", "warning", f"自评表第 {ind.index + 1} 个指标（{ind.level1}）"
                                f"待填：{'、'.join(missing)}", ind.spans.get("name") or ind.spans.get("level1"),
                                f"scorecard/indicators/{ind.index}"))
    for target in card.targets:
        if not target.planned.strip() or not target.actual.strip():
            out.append(_problem("score-unfilled", "warning", "年度总体目标待填：预期目标与实际完成情况",
                                target.spans.get("planned"), "scorecard"))
    for b in scored.budget:
        cells = (b.row.executed, b.row.adjusted if template.denominator == "adjusted" else b.row.initial)
        if b.scored and any(cell is None for cell in cells):  # a placeholder waits for its figure instead
            out.append(_problem("score-unfilled", "warning", f"“{b.row.name}”的预算数、执行数待填"
                                "（写数字，或 {{数字编号}} 引用报告的数字）", b.row.spans.get("name"),
                                f"scorecard/budget/{b.row.index}"))

    # each indicator
    for got in scored.indicators:
        ind = got.indicator
        where = f"scorecard/indicators/{ind.index}"
        span = ind.spans.get("score") or ind.spans.get("name")
        label = f"“{ind.name}”"
        if ind.score is not None and ind.weight is not None and (ind.score > ind.weight or ind.score < 0):
            out.append(_problem("score-range", "error",
                                f"{label}得分 {_num(ind.score)} 超出 0 到分值 {_num(ind.weight)} 的范围", span, where))
            continue
        if got.band is not None and ind.score is not None and ind.weight is not None:
            low, high = cents(ind.weight * got.band.low), cents(ind.weight * got.band.high)
            if not low <= ind.score <= high:
                out.append(_problem("score-band", "error",
                                    f"{label}评为“{got.band.rating}”，得分应在 {_num(low)} 到 {_num(high)} 之间，"
                                    f"填的是 {_num(ind.score)}", span, where))
        elif ind.rating and got.band is None and quantity_is_qualitative(ind.target):
            bands = "、".join(b.rating for b in template.bands)
            out.append(_problem("score-band", "error", f"{label}的档次“{ind.rating}”不在模板中（可用：{bands}）",
                                ind.spans.get("rating"), where))
        elif got.band is None and got.rule is not None and ind.score is not None \
                and abs(ind.score - got.rule) > TOLERANCE:
            out.append(_problem("score-rule", "error",
                                f"{label}目标 {ind.target}、完成 {ind.actual}，按完成比例应得 {_num(got.rule)} 分"
                                f"（分值 {_num(ind.weight or Decimal(0))}），填的是 {_num(ind.score)}", span, where))
        if got.score is not None and ind.weight is not None and got.score < ind.weight and not ind.reason.strip():
            out.append(_problem("score-reason", "warning",
                                f"{label}未得满分（{_num(got.score)}/{_num(ind.weight)}），请在 reason 中写明偏差原因及改进措施",
                                ind.spans.get("score") or ind.spans.get("name"), where))

    # budget execution
    for b in scored.budget:
        row = b.row
        where = f"scorecard/budget/{row.index}"
        column = "全年预算数" if template.denominator == "adjusted" else "年初预算数"
        if row.rate is not None and b.rate is not None and abs(row.rate - b.rate) > TOLERANCE:
            other = _other_rate(b, values)
            hint = f"；填的执行率是按{other}算的" if other else ""
            out.append(_problem("score-exec-rate", "error",
                                f"“{row.name}”执行率应为 全年执行数 / {column} = {_num(b.rate)}%，填的是 {_num(row.rate)}%"
                                f"{hint}", row.spans.get("rate"), where))
        if b.scored and row.score is not None and b.rule is not None and abs(row.score - b.rule) > TOLERANCE:
            out.append(_problem("score-exec-score", "error",
                                f"“{row.name}”预算执行得分应为 分值 {_num(weight)} × min(执行率 {_num(b.rate or Decimal(0))}%, 1)"
                                f" = {_num(b.rule)}，填的是 {_num(row.score)}", row.spans.get("score"), where))
        if (template.explain_below is not None and b.scored and b.rate is not None
                and b.rate < template.explain_below * HUNDRED and not row.reason.strip()):
            out.append(_problem("score-exec-explain", "warning",
                                f"“{row.name}”执行率 {_num(b.rate)}% 低于 {_num(template.explain_below * HUNDRED)}%，"
                                f"模板 {template.name} 要求说明原因（reason）", row.spans.get("name"), where))

    # total and grade
    if card.total is not None and abs(card.total - scored.total) > TOLERANCE:
        out.append(_problem("score-total", "error",
                            f"总分应为各项得分之和 {_num(scored.total)}，填的是 {_num(card.total)}",
                            card.spans.get("total"), "scorecard"))
    if card.grade and card.grade != scored.grade:
        out.append(_problem("score-grade", "error",
                            f"总分 {_num(scored.total)} 对应的等级是“{scored.grade}”，填的是“{card.grade}”"
                            f"（{_bands(template)}）", card.spans.get("grade"), "scorecard"))
    return out


def quantity_is_qualitative(text: str) -> bool:
    from tui_report.figures.scoring import quantity

    return quantity(text).number is None


def _other_rate(b, values: Mapping[str, Decimal | None]) -> str:
    """The denominator a wrong typed rate was computed from, when one fits."""
    from tui_report.figures.scoring import amount

    row = b.row
    if b.executed is None or row.rate is None:
        return ""
    for name, cell in (("年初预算数", row.initial), ("全年预算数", row.adjusted)):
        value = amount(cell, values)
        if value and abs(cents(b.executed / value * HUNDRED) - row.rate) <= TOLERANCE:
            return name
    return ""


def _bands(template: Template) -> str:
    grades = sorted(template.grades, key=lambda g: g.min, reverse=True)
    return "，".join(f"{g.name} ≥ {_num(g.min)}" for g in grades if g.min > 0) + (
        f"，其余为{grades[-1].name}" if grades else "")
