"""The arithmetic an imported report carries → identities, derived figures
and computed placeholders, proposed; and what does not add up, reported.

A published report states its sums, shares and rates in sentences. On
import each sentence is recognised (``checks.arithmetic``) on the text as
typed, before its amounts become figures:

* a complete 其中 breakdown that adds up becomes a ``[[checks]]`` identity
  ``total == a + b + …`` over the figures its amounts become;
* a share that holds becomes a derived figure ``part / total`` (percent, the
  decimals typed) and the prose refers to it: ``占{{a_share}}``;
* a year-on-year sentence that holds gives the figure its last-year value
  (``prev``) and the prose says ``{{a.trend}}{{a.change}}`` and
  ``{{a.rate}}``, so next year's report computes them;
* a claim that does **not** hold is imported as typed and reported as an
  error of the source ("原文中不成立：…"), never corrected.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from tui_report.checks import arithmetic
from tui_report.figures.values import resolve
from tui_report.importer.prose_figures import Extractor, Spans
from tui_report.report.model import Check, Figure, Report

#: joins a run-in heading to its paragraph while they are read together: a
#: full stop (the heading is a sentence) and a mark no text contains
RUN_IN_JOIN = "。\x01"


def run_in_join(title: str) -> str:
    """How a run-in heading joins its paragraph: as a sentence of its own,
    unless it stops mid-sentence (``（一）预算收入275.72万元，其中：`` runs on
    into the list of parts that follows)."""
    return "\x01" if title.rstrip()[-1:] in ":：，,、" else RUN_IN_JOIN


@dataclass
class DerivedShare:
    id: str
    part: str  # figure ids, known once the amounts have become figures
    total: str
    decimals: int
    label: str


@dataclass
class Proposals:
    """What the arithmetic of the source adds to the imported report."""

    checks: list[Check] = field(default_factory=list)
    shares: list[DerivedShare] = field(default_factory=list)
    prev: dict[str, Decimal] = field(default_factory=dict)  # figure id → last year's value
    rate: DerivedShare | None = None  # 预算执行率 as the quotient it was typed from
    #: (line, message) of each claim of the source that does not hold
    source_errors: list[tuple[int, str]] = field(default_factory=list)
    found: int = 0  # claims recognised in all
    rules: set[str] = field(default_factory=set)  # identities proposed so far, each once

    def figures(self, report_unit: str) -> dict[str, Figure]:
        derived = [*self.shares, *([self.rate] if self.rate else [])]
        return {s.id: Figure(id=s.id, label=s.label, formula=f"{s.part} / {s.total}", format="percent",
                             decimals=s.decimals) for s in derived}


@functools.cache
def _typed_values(unit: str) -> arithmetic.Values:
    """Values for text as typed (no placeholders), one per money unit."""
    report = Report(root=Path("."), title="", department="", year=0, unit=unit)
    return arithmetic.Values(report, resolve(report))


def convert(text: str, line: int, ex: Extractor, proposals: Proposals) -> str:
    """``text`` with its amounts as figures and the arithmetic that holds
    turned into placeholders; what holds or fails is added to ``proposals``."""
    claims = arithmetic.recognise(text)
    if not claims:
        return ex.replace(text, line)
    values = _typed_values(ex.result.unit)
    spans: Spans = {}
    after: list = []  # (kind, claim) to record once the figures have ids
    every: list[arithmetic.Claim] = [*claims.breakdowns, *claims.shares, *claims.changes, *claims.tables,
                                     *claims.rates, *claims.remainders]
    for claim in every:
        proposals.found += 1
        problem = arithmetic.verdict(claim, values)
        if problem is not None:
            proposals.source_errors.append((line, problem.message))
            continue
        if isinstance(claim, arithmetic.Breakdown) and claim.complete:
            after.append(claim)
        elif isinstance(claim, arithmetic.Share):
            _share_span(claim, spans, proposals)
        elif isinstance(claim, arithmetic.Change):
            _change_spans(claim, text, spans, proposals, values)
        elif isinstance(claim, arithmetic.TypedRate):
            _rate_span(claim, text, spans, proposals, values)
    ids_seen: dict[int, str] = {}

    def remember(ids: dict[int, str]) -> str:
        ids_seen.update(ids)
        return ""

    # a zero-width span at the end sees every amount's figure
    spans[len(text) + 1] = (len(text) + 1, remember)
    new = ex.replace(text, line, spans)
    for claim in after:
        _breakdown_check(claim, ids_seen, ex, proposals)
    return new


def _share_span(claim: arithmetic.Share, spans: Spans, proposals: Proposals) -> None:
    pct = claim.percent
    part_at, total_at = claim.part.offset, claim.total.offset

    def make(ids: dict[int, str]) -> str:
        part, total = ids.get(part_at), ids.get(total_at)
        if part is None or total is None:
            return pct.text
        sid = f"{part}_share"
        if all(s.id != sid for s in proposals.shares):
            label = f"{claim.part.label or part}占{claim.total.label or total}比例"
            proposals.shares.append(DerivedShare(sid, part, total, pct.places, label))
        return "{{" + sid + "}}"

    spans[pct.offset] = (pct.offset + pct.length, make)


def _change_spans(claim: arithmetic.Change, text: str, spans: Spans, proposals: Proposals,
                  values: arithmetic.Values) -> None:
    if claim.delta is None or claim.up is None or claim.value.value is None:
        return
    value_at = claim.value.offset
    value = values.value(claim.value)
    delta = values.value(claim.delta)
    if value is None or delta is None:
        return
    scale = value / claim.value.value  # 元 per typed unit of this year's value
    prev = (value - delta if claim.up else value + delta) / scale

    def computed(suffix: str, fallback: str):
        def make(ids: dict[int, str]) -> str:
            fid = ids.get(value_at)
            if fid is None:
                return fallback
            proposals.prev.setdefault(fid, prev)
            return "{{" + f"{fid}.{suffix}" + "}}"
        return make

    spans[claim.delta.offset] = (claim.delta.offset + claim.delta.length, computed("change", claim.delta.text))
    if claim.word in ("增加", "减少"):  # what {{x.trend}} prints
        spans[claim.offset] = (claim.offset + len(claim.word), computed("trend", claim.word))
    if claim.rate is not None and claim.rate.places == 2:  # {{x.rate}} prints two decimals
        spans[claim.rate.offset] = (claim.rate.offset + claim.rate.length, computed("rate", claim.rate.text))


def _rate_span(claim: arithmetic.TypedRate, text: str, spans: Spans, proposals: Proposals,
               values: arithmetic.Values) -> None:
    """``批复支出预算1824.15万元，实际执行1711.15万元，预算执行率为93.81%``: a
    rate the recogniser read with its amounts (and that holds: it was judged
    before) becomes a derived figure of theirs."""
    pct, num, den = claim.percent, claim.numerator, claim.denominator
    if num is None or den is None or proposals.rate is not None:
        return

    def make(ids: dict[int, str]) -> str:
        a, b = ids.get(num.offset), ids.get(den.offset)
        if a is None or b is None:
            return pct.text
        proposals.rate = DerivedShare("execution_rate", a, b, pct.places, "预算执行率")
        return "{{execution_rate}}"

    spans[pct.offset] = (pct.offset + pct.length, make)


def _breakdown_check(claim: arithmetic.Breakdown, ids: dict[int, str], ex: Extractor,
                     proposals: Proposals) -> None:
    total = ids.get(claim.total.offset)
    parts = [ids.get(p.offset) for p in claim.parts]
    if total is None or any(p is None for p in parts) or total in parts or len(set(parts)) < len(parts):
        return
    rule = f"{total} == " + " + ".join(p for p in parts if p is not None)
    if rule in proposals.rules:
        return
    proposals.rules.add(rule)
    figures = ex.result.figures
    labels = "、".join(figures[p].label for p in parts if p is not None)
    proposals.checks.append(Check(rule=rule, message=f"{figures[total].label}应等于{labels}之和", id=f"sum-{total}"))
