"""Checks of the 自评表 against its template: weights that do not add up,
scores above their weight, a score the rule does not give, an execution
rate from the wrong denominator or above 100 %, money rows that do not add
up, a total or grade typed over the computed one, missing explanations (for
falling short and for overshooting alike), a region's length limits, stale
years, and prose that states another 执行率, 总分 or 等级 than the table.

Every problem points at the cell in scorecard.toml (``where`` =
``scorecard/indicators/N``, ``scorecard/budget/N``, ``scorecard/targets/N``
or ``scorecard``), the way the report's problems point into its sections.

What the template decides (weights of a region, its 一级 split) is a
question when the table differs — a warning — never an error: a form that
splits its 90 points 产出 60 / 效益 30 is not wrong for not being central's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from tui_report.figures.placeholders import PLACEHOLDER
from tui_report.figures.scoring import (
    CENT,
    HUNDRED,
    BudgetScore,
    amount,
    cents,
    is_satisfaction,
    score,
    target_text,
)
from tui_report.figures.values import format_value
from tui_report.report.model import Report, Span
from tui_report.report.places import TextPlace
from tui_report.report.problems import Fix, Problem
from tui_report.report.scorecard import SCORECARD_FILE, Scorecard
from tui_report.report.templates import Template, TemplateError, load

#: a typed score or rate within this of the computed one is the same number
TOLERANCE = CENT
#: prose and table agree within these (the bureau's own tolerances)
RATE_TOLERANCE = Decimal("0.1")  # percentage points
TOTAL_TOLERANCE = Decimal("0.01")

#: what `check --fix` (and the editor) does with a typed total or grade that
#: is not the computed one: remove it, so the computed one is printed
OVERRIDE_FIX = TextPlace("scorecard", SCORECARD_FILE, ())


def _num(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return text


def _problem(pid: str, sev: str, message: str, span: Span | None, where: str, fix: Fix | None = None,
             extra: dict | None = None) -> Problem:
    span = span or Span(SCORECARD_FILE)
    return Problem(pid, sev, message, span.file, span.line, span.col, where=where, fix=fix, extra=extra or {})


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
    out += _weights(card, template, scored)
    out += _unfilled(card, template, scored)
    out += _indicators(card, template, scored)
    out += _budget(card, template, scored, values)
    out += _money_rows(card, template, scored, values)
    out += _limits(card, template)
    out += _years(card, report.year)
    out += _total(card, template, scored)
    out += _prose(report, card, scored, values)
    return out


# weights ---------------------------------------------------------------------------------

def _weights(card: Scorecard, template: Template, scored) -> list[Problem]:
    out = []
    weight = card.budget_weight if card.budget_weight is not None else template.budget_weight
    if scored.weights != template.total:
        span = card.indicators[0].spans.get("weight") if card.indicators else card.spans.get("template")
        # the table's own 分值 not adding up to 满分 is certain; a budget weight taken from
        # the template (the table states none) may be the template's, not the table's
        sev = "error" if card.budget_weight is not None or template.budget_weight == 0 else "warning"
        out.append(_problem(
            "score-weights", sev,
            f"分值合计为 {_num(scored.weights)}（预算执行 {_num(weight)} + 绩效指标 "
            f"{_num(scored.weights - weight)}），应为 {_num(template.total)}（模板 {template.name}）", span, "scorecard"))
    levels = {lv.name: lv for lv in template.level1}
    member_of = {name: lv for lv in template.level1 for name in lv.members}
    present = {i.level1 for i in card.indicators if i.level1 in member_of}
    splits = template.weight_splits()
    if present and splits:
        def sums(split: dict[str, Decimal]) -> dict[str, tuple[Decimal, Decimal]]:
            got = {}
            for key, want in split.items():
                members = levels[key].members if key in levels else (key,)
                got[key] = (sum((i.weight or Decimal(0) for i in card.indicators if i.level1 in members),
                                Decimal(0)), want)
            return got

        def fits(split: dict[str, Decimal]) -> bool:
            covered = {m for key in split for m in (levels[key].members if key in levels else (key,))}
            return present <= covered and all(have == want for have, want in sums(split).values())

        if not any(fits(split) for split in splits):
            for key, (have, want) in sums(splits[0]).items():
                members = levels[key].members if key in levels else (key,)
                first = next((i for i in card.indicators if i.level1 in members), None)
                if first is not None and have != want:
                    other = "；模板另可接受的分配见其 weight_sets" if len(splits) > 1 else ""
                    out.append(_problem("score-level-weight", "warning",
                                        f"一级指标“{key}”的三级指标分值合计 {_num(have)}，模板 {template.name} 为 "
                                        f"{_num(want)}{other}；地区格式不同时请核对所用模板（分值分配以本地区规定为准）",
                                        first.spans.get("weight"), f"scorecard/indicators/{first.index}"))
    if member_of:
        for ind in card.indicators:
            if ind.level1 and ind.level1 not in member_of:
                out.append(_problem("score-level1", "warning",
                                    f"一级指标“{ind.level1}”不在模板 {template.name} 中（可用：{'、'.join(member_of)}）",
                                    ind.spans.get("level1"), f"scorecard/indicators/{ind.index}"))
    return out


def _unfilled(card: Scorecard, template: Template, scored) -> list[Problem]:
    """What is still to fill in (a scorecard just made from its template)."""
    out = []
    for ind in card.indicators:
        missing = [what for what, value in (("三级指标", "" if ind.name.startswith("（请填写") else ind.name),
                                            ("年度指标值", ind.target or ind.target_initial),
                                            ("实际完成值", ind.actual)) if not value.strip()]
        if missing:
            out.append(_problem("score-unfilled", "warning", f"自评表第 {ind.index + 1} 个指标（{ind.level1 or ind.name}）"
                                f"待填：{'、'.join(missing)}", ind.spans.get("name") or ind.spans.get("level1"),
                                f"scorecard/indicators/{ind.index}"))
    for target in card.targets:
        if not target.planned.strip() or not target.actual.strip():
            out.append(_problem("score-unfilled", "warning", "年度总体目标待填：预期目标与实际完成情况",
                                target.spans.get("planned"), f"scorecard/targets/{target.index}"))
    for b in scored.budget:
        cells = (b.row.executed, b.row.adjusted if template.denominator == "adjusted" else b.row.initial)
        if b.scored and any(cell is None for cell in cells):  # a placeholder waits for its figure instead
            out.append(_problem("score-unfilled", "warning", f"“{b.row.name}”的预算数、执行数待填"
                                "（写数字，或 {{数字编号}} 引用报告的数字）", b.row.spans.get("name"),
                                f"scorecard/budget/{b.row.index}"))
    return out


# indicators --------------------------------------------------------------------------------

def _percent(value: Decimal) -> str:
    return _num(cents(value * HUNDRED)) + "%"


def _indicators(card: Scorecard, template: Template, scored) -> list[Problem]:
    out = []
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
        elif ind.rating and got.band is None and quantity_is_qualitative(target_text(ind)) \
                and ind.coefficient is None:
            bands = "、".join(b.rating for b in template.bands)
            out.append(_problem("score-band", "error", f"{label}的档次“{ind.rating}”不在模板中（可用：{bands}）",
                                ind.spans.get("rating"), where))
        elif got.band is None and got.rule is not None and ind.score is not None \
                and abs(ind.score - got.rule) > TOLERANCE:
            out.append(_problem("score-rule", "error",
                                f"{label}{_rule_words(ind, template)}应得 {_num(got.rule)} 分"
                                f"（分值 {_num(ind.weight or Decimal(0))}），填的是 {_num(ind.score)}", span, where))
        done = got.completion
        short = got.score is not None and ind.weight is not None and got.score < ind.weight
        over = done is not None and done > 1 + template.reason_over
        if (short or over) and not ind.reason.strip():
            why = (f"未得满分（{_num(got.score or Decimal(0))}/{_num(ind.weight or Decimal(0))}）" if short
                   else f"超额完成（完成率 {_percent(done or Decimal(0))}）")
            out.append(_problem("score-reason", "warning",
                                f"{label}{why}，请在 reason 中写明偏差原因及改进措施",
                                ind.spans.get("score") or ind.spans.get("name"), where))
        if done is not None and done > 1 + template.question_over and got.score is not None \
                and ind.weight is not None and got.score >= ind.weight:
            out.append(_problem("score-overshoot", "warning",
                                f"{label}完成率 {_percent(done)}，远超年度指标值 {target_text(ind)} 仍得满分："
                                "指标值设定偏低？可按偏离度适度调减得分", span, where))
    return out


def _rule_words(ind, template: Template) -> str:
    if ind.coefficient is not None and template.has("coefficient"):
        return f"指标权重 × 得分系数 {_num(ind.coefficient)}%，"
    head = f"目标 {target_text(ind)}、完成 {ind.actual}，"
    if template.satisfaction_steps and is_satisfaction(ind):
        return head + "按满意度分档"
    if template.numeric == "threshold":
        return head + f"按（完成率 − {_percent(template.threshold)}）/ {_percent(1 - template.threshold)} × 分值"
    return head + "按完成比例"


def quantity_is_qualitative(text: str) -> bool:
    from tui_report.figures.scoring import quantity

    return quantity(text).number is None


# budget ----------------------------------------------------------------------------------------

def _budget(card: Scorecard, template: Template, scored, values) -> list[Problem]:
    out = []
    weight = card.budget_weight if card.budget_weight is not None else template.budget_weight
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
            how = (f"按执行率 {_num(b.rate or Decimal(0))}% 分档" if template.budget_rule == "steps"
                   else f"分值 {_num(weight)} × min(执行率 {_num(b.rate or Decimal(0))}%, 1)")
            out.append(_problem("score-exec-score", "error",
                                f"“{row.name}”预算执行得分应为 {how} = {_num(b.rule)}，填的是 {_num(row.score)}",
                                row.spans.get("score"), where))
        rate = b.rate if b.rate is not None else row.rate
        if rate is not None and rate > HUNDRED:
            out.append(_problem("score-exec-over", "warning",
                                f"“{row.name}”执行率 {_num(rate)}% 超过 100%：执行数超出预算，请核对预算数与执行数"
                                "（财预〔2021〕101号：执行数以当年预算为限，超出预算的部分不得分）",
                                row.spans.get("rate") or row.spans.get("executed") or row.spans.get("name"), where))
        if (template.explain_below is not None and b.scored and b.rate is not None
                and b.rate < template.explain_below * HUNDRED and not row.reason.strip()):
            out.append(_problem("score-exec-explain", "warning",
                                f"“{row.name}”执行率 {_num(b.rate)}% 低于 {_num(template.explain_below * HUNDRED)}%，"
                                f"模板 {template.name} 要求说明原因（reason）", row.spans.get("name"), where))
        if template.adjust_reason and not row.adjust_reason.strip():
            initial, adjusted = amount(row.initial, values), amount(row.adjusted, values)
            if initial is not None and adjusted is not None and initial != adjusted:
                out.append(_problem("score-adjust-reason", "warning",
                                    f"“{row.name}”年初预算 {_num(initial)} 调整为 {_num(adjusted)}：年中调整（追加或调减）"
                                    f"应单独说明理由（adjust_reason，模板 {template.name}）",
                                    row.spans.get("adjusted") or row.spans.get("name"), where))
    return out


def _other_rate(b: BudgetScore, values: Mapping[str, Decimal | None]) -> str:
    """The denominator a wrong typed rate was computed from, when one fits."""
    row = b.row
    if b.executed is None or row.rate is None:
        return ""
    for name, cell in (("年初预算数", row.initial), ("全年预算数", row.adjusted)):
        value = amount(cell, values)
        if value and abs(cents(b.executed / value * HUNDRED) - row.rate) <= TOLERANCE:
            return name
    return ""


#: a row that begins a group of parts of its own (按收入性质分、按支出性质分)
_GROUP = re.compile(r"^\s*按.{1,8}?分")
#: such a row naming only the group, not a part
_GROUP_ONLY = re.compile(r"^\s*按.{1,8}?分\s*[：:]?\s*$")
_COLUMNS = (("initial", "年初预算数"), ("adjusted", "全年预算数"), ("executed", "全年执行数"))


def _money_rows(card: Scorecard, template: Template, scored, values) -> list[Problem]:
    """年度资金总额 = its 其中 rows; with 按收入性质分 / 按支出性质分 groups,
    each group's parts sum to it (so the two ways of splitting agree)."""
    if not template.parts_sum or len(card.budget) < 2:
        return []
    total = card.budget[0]
    groups: list[list] = [[]]
    headers: list = []
    for row in card.budget[1:]:
        if _GROUP.match(row.name):
            if groups[-1]:
                groups.append([])
            if _GROUP_ONLY.match(row.name):
                headers.append(row)
                continue
        groups[-1].append(row)
    out = []
    for key, column in _COLUMNS:
        whole = amount(getattr(total, key), values)
        if whole is None:
            continue
        for head in headers:
            value = amount(getattr(head, key), values)
            if value is not None and abs(value - whole) > TOLERANCE / 2:
                out.append(_problem("score-money-sum", "warning",
                                    f"“{head.name}”的{column} {_num(value)} 与“{total.name}” {_num(whole)} 不等",
                                    head.spans.get(key) or head.spans.get("name"), f"scorecard/budget/{head.index}"))
        for group in groups:
            cells = [amount(getattr(r, key), values) for r in group]
            if not group or all(c is None for c in cells):
                continue
            parts = sum((c for c in cells if c is not None), Decimal(0))
            if abs(parts - whole) > TOLERANCE / 2 * max(1, len(group)):
                names = "、".join(r.name.split("：")[-1].split(":")[-1] for r in group)
                first = group[0]
                out.append(_problem("score-money-sum", "warning",
                                    f"“{total.name}”的{column} {_num(whole)} 不等于其分项（{names}）之和 {_num(parts)}，"
                                    f"相差 {_num(whole - parts)}", first.spans.get(key) or first.spans.get("name"),
                                    f"scorecard/budget/{first.index}"))
    return out


# texts ---------------------------------------------------------------------------------------------

def _length(text: str) -> int:
    """字 as a form counts them: every character but white space."""
    return sum(1 for ch in text if not ch.isspace())


def _limits(card: Scorecard, template: Template) -> list[Problem]:
    limits = template.limits
    if not limits:
        return []
    cells: list[tuple[str, str, Span | None, str, str]] = []
    for ind in card.indicators:
        cells.append(("reason", ind.reason, ind.spans.get("reason"), f"scorecard/indicators/{ind.index}",
                      f"“{ind.name}”的偏差原因"))
    for row in card.budget:
        cells.append(("reason", row.reason, row.spans.get("reason"), f"scorecard/budget/{row.index}",
                      f"“{row.name}”的执行率原因"))
        cells.append(("adjust_reason", row.adjust_reason, row.spans.get("adjust_reason"),
                      f"scorecard/budget/{row.index}", f"“{row.name}”的调整理由"))
    for target in card.targets:
        cells.append(("target_actual", target.actual, target.spans.get("actual"), f"scorecard/targets/{target.index}",
                      "年度目标完成情况"))
    for key, what in (("conclusion", "评价结论"), ("issues", "存在问题"), ("measures", "改进措施")):
        cells.append((key, getattr(card, key), card.spans.get(key), "scorecard", what))
    out = []
    for key, text, span, where, what in cells:
        limit = limits.get(key)
        if limit is not None and _length(text) > limit:
            out.append(_problem("score-length", "warning",
                                f"{what}有 {_length(text)} 字，模板 {template.name} 限 {limit} 字以内", span, where))
    return out


def _years(card: Scorecard, year: int) -> list[Problem]:
    """Last year's year left in the table's own words (a 自评表 copied from last year's)."""
    from tui_report.checks.years import scan

    if not year:
        return []
    cells: list[tuple[str, Span | None, str]] = [(card.title, card.spans.get("title"), "scorecard")]
    cells += [(t.planned, t.spans.get("planned"), f"scorecard/targets/{t.index}") for t in card.targets]
    cells += [(t.actual, t.spans.get("actual"), f"scorecard/targets/{t.index}") for t in card.targets]
    for ind in card.indicators:
        for key in ("name", "target", "actual", "reason"):
            cells.append((getattr(ind, key), ind.spans.get(key), f"scorecard/indicators/{ind.index}"))
    cells += [(getattr(card, k), card.spans.get(k), "scorecard") for k in ("conclusion", "issues", "measures")]
    out = []
    for text, span, where in cells:
        for f in scan(text or "", year):
            if f.id == "stale-year":
                out.append(_problem("stale-year", "warning", f"自评表中：{f.message}", span, where,
                                    extra={"text": text[f.offset:f.offset + f.length]}))
    return out


# total and grade ----------------------------------------------------------------------------------

def _total(card: Scorecard, template: Template, scored) -> list[Problem]:
    out = []
    if card.total is not None and abs(card.total - scored.total) > TOLERANCE:
        out.append(_problem("score-total", "error",
                            f"总分应为各项得分之和 {_num(scored.total)}，填的是 {_num(card.total)}；"
                            "不填 total 即按各项得分计算（check --fix 删去它），有意改写请确认并写明理由",
                            card.spans.get("total"), "scorecard",
                            fix=Fix("删去手填的总分，改为计算", OVERRIDE_FIX, 0, "total", "")))
    if card.grade and card.grade != scored.grade:
        out.append(_problem("score-grade", "error",
                            f"总分 {_num(scored.total)} 对应的等级是“{scored.grade}”，填的是“{card.grade}”"
                            f"（{_bands(template)}）；不填 grade 即按总分确定", card.spans.get("grade"), "scorecard",
                            fix=Fix("删去手填的等级，改为按总分确定", OVERRIDE_FIX, 0, "grade", "")))
    return out


def _bands(template: Template) -> str:
    grades = sorted(template.grades, key=lambda g: g.min, reverse=True)
    return "，".join(f"{g.name} ≥ {_num(g.min)}" for g in grades if g.min > 0) + (
        f"，其余为{grades[-1].name}" if grades else "")


# prose against the table ------------------------------------------------------------------------------

_PROSE_RATE = re.compile(r"预算执行率(?:为|是|达到?|达|：|:)?\s*(\d+(?:\.\d+)?)\s*[%％]")
_PROSE_TOTAL = re.compile(r"(?:自评(?:总)?(?:得分|分数|总分)|综合(?:评分|得分)|总得分|评价得分|总分)"
                          r"(?:为|是|：|:)?\s*(\d+(?:\.\d+)?)\s*分")
_PROSE_GRADE = re.compile(r"(?:自评|评价)(?:结果|等级|结论)(?:为|是|：|:)?\s*[“\"]?(优秀|优|良好|良|中等|中|合格|差|不合格)")
_GRADE_WORDS = {"优秀": "优", "良好": "良", "中等": "中", "合格": "中", "不合格": "差"}


def _fill(text: str, report: Report, values) -> str:
    fields = report.fields()

    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name in fields:
            return str(fields[name])
        fig = report.figures.get(name)
        if fig is not None:
            return format_value(fig, values.get(name), report)
        return m.group(0)

    return PLACEHOLDER.sub(sub, text)


def _prose(report: Report, card: Scorecard, scored, values) -> list[Problem]:
    """An 执行率, 总分 or 等级 written in the text equals the table's (within
    0.1 percentage point and 0.01 point): the text is read with its
    placeholders printed, as the reader of the PDF reads it."""
    from tui_report.checks.headings import where_of

    total, grade = (card.total if card.total is not None else scored.total), (card.grade or scored.grade)
    first = next((b for b in scored.budget if b.scored), None)
    rate = None
    if first is not None:
        rate = first.row.rate if first.row.rate is not None else first.rate
    out = []
    for section, _ in report.walk():
        if section.error or not section.body:
            continue
        offset = 0
        for line in section.body.split("\n"):
            if "{{" in line or any(w in line for w in ("执行率", "分", "等级", "结果", "结论")):
                shown = _fill(line, report, values)
                found = _prose_line(shown, rate, total, grade)
                if found:
                    span = section.body_span or Span(section.file)
                    at, col = span.at(section.body, offset)
                    for message in found:
                        out.append(Problem("score-text", "warning", message, span.file, at, col,
                                           where=where_of(section), target=TextPlace.of("body", section),
                                           offset=offset, extra={"text": line.strip()[:20]}))
            offset += len(line) + 1
    return out


def _prose_line(text: str, rate: Decimal | None, total: Decimal, grade: str) -> list[str]:
    out = []
    if rate is not None:
        for m in _PROSE_RATE.finditer(text):
            try:
                said = Decimal(m.group(1))
            except InvalidOperation:
                continue
            if abs(said - rate) > RATE_TOLERANCE:
                out.append(f"正文写预算执行率 {m.group(1)}%，自评表为 {_num(rate)}%")
    for m in _PROSE_TOTAL.finditer(text):
        said = Decimal(m.group(1))
        if abs(said - total) > TOTAL_TOLERANCE and said <= 100:
            out.append(f"正文写自评得分 {m.group(1)} 分，自评表总分为 {_num(total)}")
    if grade:
        for m in _PROSE_GRADE.finditer(text):
            word = _GRADE_WORDS.get(m.group(1), m.group(1))
            if word != grade:
                out.append(f"正文写自评等级“{m.group(1)}”，自评表为“{grade}”")
    return out
