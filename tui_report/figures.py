"""Figure values: typed ones scaled to the report's unit, derived ones computed.

Kept apart from rendering and checking because both need the same numbers,
and a derived figure (预算执行率 = 实际支出 / 预算数) must mean the same thing
in a check as in the prose that prints it.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass, field
from decimal import Decimal

from . import formula
from .model import UNIT_SCALE, Figure, Report


@dataclass
class Resolved:
    #: value of every figure in the report's unit (rates as fractions); None
    #: when not filled in or not computable
    values: dict[str, Decimal | None] = field(default_factory=dict)
    #: figure id → FormulaError for derived figures that failed
    errors: dict[str, formula.FormulaError] = field(default_factory=dict)


def in_report_unit(fig: Figure, report: Report) -> Decimal | None:
    if fig.value is None:
        return None
    unit = fig.unit or report.unit
    if fig.format == "percent" or unit == report.unit:
        return fig.value
    src, dst = UNIT_SCALE.get(unit), UNIT_SCALE.get(report.unit)
    if src is None or dst is None:
        return fig.value
    return formula.CONTEXT.divide(fig.value * src, dst)


def resolve(report: Report) -> Resolved:
    out = Resolved()
    for fid, fig in report.figures.items():
        if not fig.derived:
            out.values[fid] = in_report_unit(fig, report)
    pending = {fid: fig for fid, fig in report.figures.items() if fig.derived}
    parsed = {}
    for fid, fig in pending.items():
        try:
            parsed[fid] = formula.parse(fig.formula)
        except formula.FormulaError as exc:
            out.errors[fid] = exc
            out.values[fid] = None
    # evaluate in dependency order; whatever is left over is a cycle
    remaining = {fid: node for fid, node in parsed.items()}
    while remaining:
        progressed = False
        for fid, node in list(remaining.items()):
            deps = [n.name for n in formula.names(node)]
            if any(d in remaining and d != fid for d in deps):
                continue
            if fid in deps:
                break
            del remaining[fid]
            progressed = True
            try:
                value = formula.evaluate(node, out.values)
                if isinstance(value, formula.Comparison):
                    raise formula.FormulaError("派生数字的公式不能是比较", 0)
                out.values[fid] = value
            except formula.FormulaError as exc:
                out.errors[fid] = exc
                out.values[fid] = None
        if not progressed:
            for fid in remaining:
                out.errors[fid] = formula.FormulaError(
                    "派生数字的公式循环引用：" + " → ".join(remaining), 0, "cycle")
                out.values[fid] = None
            break
    return out


def format_value(fig: Figure, value: Decimal | None, report: Report) -> str:
    """Text a placeholder renders to: ``153.99万元``, ``66.86%``."""
    if value is None:
        return "【待填】"
    if fig.format == "percent":
        places = fig.decimals if fig.decimals is not None else 2
        shown = (value * 100).quantize(Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)
        return f"{shown}%"
    if fig.derived:
        # a derived amount is in the report's unit
        places = fig.decimals if fig.decimals is not None else 2
        shown = value.quantize(Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)
        return f"{shown}{report.unit}"
    if fig.decimals is not None:
        shown = fig.value.quantize(Decimal(1).scaleb(-fig.decimals), rounding=decimal.ROUND_HALF_UP)
    else:
        shown = fig.value
    return f"{format(shown, 'f')}{fig.unit or report.unit}"
