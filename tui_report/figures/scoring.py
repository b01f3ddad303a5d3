"""The arithmetic of a 自评表: what each row scores by its template's
rules, the total and the grade. The checks compare what was typed with
this; the editor and the exports show it where nothing was typed.

Every amount and score is Decimal, rounded half-up to two places as the
tables print them; a rate is in percent (102.44 means 102.44%).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from tui_report.report.scorecard import Amount, BudgetRow, Indicator, Scorecard
from tui_report.report.templates import Band, Template

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

_NUMBER = re.compile(r"\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+")
_COMPARE = re.compile(r"^\s*(≥|>=|＞＝|≤|<=|＜＝|=|＝|>|＞|<|＜)")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def chinese_number(text: str) -> Decimal | None:
    """二十 → 20, 三百五十 → 350 (the counts tables write in words)."""
    from tui_report.report.numbering import parse_chinese_numeral

    n = parse_chinese_numeral(text)
    return None if n is None else Decimal(n)


@dataclass(frozen=True)
class Quantity:
    """A 年度指标值 or 实际完成值: comparison, number and unit as typed;
    ``number`` None for a qualitative one (较好, 按时完成)."""

    compare: str  # ">=", "<=", "="
    number: Decimal | None
    unit: str


def quantity(text: str) -> Quantity:
    text = (text or "").strip()
    compare = ">="
    m = _COMPARE.match(text)
    if m:
        sign = m.group(1)
        compare = "<=" if sign in ("≤", "<=", "＜＝", "<", "＜") else "=" if sign in ("=", "＝") else ">="
        text = text[m.end():].strip()
    n = _NUMBER.search(text)
    if n is None:
        return Quantity(compare, None, "")
    raw = n.group(0)
    number = Decimal(raw) if raw[0].isdigit() else chinese_number(raw)
    return Quantity(compare, number, text[n.end():].strip())


@dataclass
class IndicatorScore:
    indicator: Indicator
    #: what the rule gives; None when it cannot say (qualitative without a
    #: rating, a target or actual that is not a number)
    rule: Decimal | None
    band: Band | None = None
    #: the score that counts: typed, else the rule's
    score: Decimal | None = None
    #: why the rule could not score it (shown, not an error by itself)
    note: str = ""
    #: how far the target was reached (1 = met), None when not numeric
    completion: Decimal | None = None


@dataclass
class BudgetScore:
    row: BudgetRow
    executed: Decimal | None
    denominator: Decimal | None
    rate: Decimal | None  # computed, percent
    rule: Decimal | None  # the score the rate gives (scored rows only)
    score: Decimal | None
    scored: bool


@dataclass
class Scored:
    budget: list[BudgetScore] = field(default_factory=list)
    indicators: list[IndicatorScore] = field(default_factory=list)
    weights: Decimal = Decimal(0)  # 分值 of everything, budget included
    total: Decimal = Decimal(0)  # 得分 of everything that counts
    grade: str = ""


def amount(value: Amount, values: Mapping[str, Decimal | None]) -> Decimal | None:
    """A budget cell's number: typed, or the figure its placeholder names."""
    if isinstance(value, str):
        name = value.strip().removeprefix("{{").removesuffix("}}").strip()
        return values.get(name)
    return value


def target_text(ind: Indicator) -> str:
    """The 年度指标值 the rule reads: the 全年（调整）指标值, else the 年初指标值,
    with the 指标性质 column's sign in front when the form keeps it apart."""
    text = (ind.target or ind.target_initial or "").strip()
    sign = ind.nature.strip().replace("＝", "=").replace("≧", "≥").replace("≦", "≤")
    if sign in (">=", "≥", "<=", "≤", "=", ">", "<") and text and not _COMPARE.match(text):
        text = sign + text
    return text


def completion(ind: Indicator) -> Decimal | None:
    """How far the target was reached, as a share (1 = met; above 1 =
    exceeded, in the direction the target asks for); None when either side
    is not a number."""
    target, actual = quantity(target_text(ind)), quantity(ind.actual)
    if target.number is None or actual.number is None:
        return None
    t, a = target.number, actual.number
    if target.compare == ">=":
        return Decimal(1) if t == 0 else a / t
    if target.compare == "<=":
        if a == 0:
            return Decimal(1)
        return t / a
    if t == 0:
        return Decimal(1) if a == 0 else Decimal(0)
    return max(Decimal(0), 1 - abs(a - t) / t)


def _step(value: Decimal, steps) -> Decimal | None:
    for st in steps:  # highest first
        if value >= st.min:
            return st.share
    return None


def is_satisfaction(ind: Indicator) -> bool:
    return "满意" in ind.level1 or "满意" in ind.level2


def indicator_rule(ind: Indicator, template: Template) -> IndicatorScore:
    weight = ind.weight
    if weight is None:
        return IndicatorScore(ind, None, note="没有分值")
    if ind.coefficient is not None and template.has("coefficient"):  # 指标得分 = 指标权重 × 得分系数
        return IndicatorScore(ind, cents(weight * ind.coefficient / HUNDRED), completion=completion(ind))
    target, actual = quantity(target_text(ind)), quantity(ind.actual)
    if target.number is None:  # qualitative: the band chosen decides the range
        band = template.band(ind.rating) if ind.rating else None
        if band is None:
            return IndicatorScore(ind, None, note="定性指标请选择档次（rating）")
        return IndicatorScore(ind, cents(weight * band.high), band=band)
    if actual.number is None:
        return IndicatorScore(ind, None, note="实际完成值不是数字")
    done = completion(ind)
    if template.satisfaction_steps and is_satisfaction(ind):
        share = _step(actual.number, template.satisfaction_steps)
        if share is not None:
            return IndicatorScore(ind, cents(weight * share), completion=done)
    share = min(done, Decimal(1)) if done is not None else Decimal(0)
    if template.numeric == "threshold":
        low = template.threshold
        share = Decimal(0) if share < low else min((share - low) / (1 - low), Decimal(1))
    return IndicatorScore(ind, cents(weight * max(share, Decimal(0))), completion=done)


def budget_share(rate: Decimal, template: Template) -> Decimal:
    """The share of the budget weight an execution rate (percent) gives."""
    fraction = rate / HUNDRED
    if template.budget_rule == "steps" and template.budget_steps:
        return _step(fraction, template.budget_steps) or Decimal(0)
    return min(fraction, Decimal(1))


def budget_rows(card: Scorecard, template: Template, values: Mapping[str, Decimal | None]) -> list[BudgetScore]:
    out = []
    weight = card.budget_weight if card.budget_weight is not None else template.budget_weight
    for n, row in enumerate(card.budget):
        executed = amount(row.executed, values)
        denominator = amount(row.adjusted if template.denominator == "adjusted" else row.initial, values)
        rate = cents(executed / denominator * HUNDRED) if executed is not None and denominator else None
        scored = n < template.scored_rows
        rule = cents(weight * budget_share(rate, template)) if scored and rate is not None else None
        score = row.score if row.score is not None else rule
        out.append(BudgetScore(row, executed, denominator, rate, rule, score, scored))
    return out


def score(card: Scorecard, template: Template, values: Mapping[str, Decimal | None]) -> Scored:
    out = Scored()
    out.budget = budget_rows(card, template, values)
    weight = card.budget_weight if card.budget_weight is not None else template.budget_weight
    out.weights = weight + sum((i.weight or Decimal(0) for i in card.indicators), Decimal(0))
    for ind in card.indicators:
        got = indicator_rule(ind, template)
        got.score = ind.score if ind.score is not None else got.rule
        out.indicators.append(got)
    parts = [b.score for b in out.budget if b.scored and b.score is not None]
    parts += [i.score for i in out.indicators if i.score is not None]
    out.total = cents(sum(parts, Decimal(0)))
    out.grade = template.grade_of(out.total)
    return out


def shown_total(card: Scorecard, scored: Scored) -> tuple[Decimal, str]:
    """总分 and 等级 as printed: the computed ones, unless the author typed
    an override (checked and, when it differs, a problem to acknowledge)."""
    return (card.total if card.total is not None else scored.total), (card.grade or scored.grade)
