"""The identities an author declares in ``[[checks]]``.

A failing rule says what a reviewer would compute by hand — the rule, the
same with the numbers in, and the result on each side — because "the
balance is wrong" is not enough to fix it, "0.00 + 230.32 - 153.99 = 76.33"
is.
"""

from __future__ import annotations

import re
from decimal import Decimal

from tui_report.figures import formula
from tui_report.figures.rates import rounded
from tui_report.figures.values import Resolved, is_money
from tui_report.report.model import UNIT_SCALE, Check, Report, Span
from tui_report.report.problems import Problem

#: half of the last shown digit of a 万元 amount with two decimals
DEFAULT_TOLERANCE = Decimal("0.005")
#: decimals an amount is taken to be shown with when its figure does not say
DEFAULT_PLACES = 2


def amount_text(d: Decimal) -> str:
    """Money-like display: two decimals, up to four when the value has more
    (a quotient), so a message stays readable. Never raises: an amount too
    large to round is shown as it is."""
    exponent = d.as_tuple().exponent
    if not isinstance(exponent, int):
        return str(d)
    if exponent < -4:
        d = rounded(d, 4)
        exponent = -4
    if exponent >= -2:
        return format(rounded(d, 2), "f")
    return format(d, "f")


def percent_text(d: Decimal) -> str:
    return f"{format(rounded(d * 100, 2), 'f')}%"


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?!\s*\()")
_LITERAL = re.compile(r"\s*-?\d+(?:\.\d+)?%?\s*")


def _is_percent(name: str, report: Report, resolved: Resolved) -> bool:
    fig = report.figures.get(resolved.target(name))
    return fig is not None and fig.format == "percent"


def _substitute(text: str, report: Report, resolved: Resolved) -> str:
    """One side of a rule with figure values in place of ids, so the message
    shows the arithmetic a reviewer would do: 0.00 + 230.32 - 153.99."""
    scope = resolved.scope

    def value(m: re.Match) -> str:
        name = m.group(0)
        v = scope.get(name) if name in scope else None
        if v is None:
            return name
        return percent_text(v) if _is_percent(name, report, resolved) else amount_text(v)

    return _NAME.sub(value, text.strip())


def _side(text: str, value: Decimal, report: Report, resolved: Resolved) -> str:
    filled = _substitute(text, report, resolved)
    steps = [text.strip(), filled]
    if not _LITERAL.fullmatch(filled):
        names = _NAME.findall(text)
        rate = (names and all(_is_percent(n, report, resolved) for n in names)) or (not names and "%" in text)
        steps.append(percent_text(value) if rate else amount_text(value))
    return " = ".join(dict.fromkeys(steps))  # drop repeated steps


def default_tolerance(node, report: Report, resolved: Resolved) -> Decimal:
    """Half of the last shown digit of the coarsest figure the rule names, in
    the report's unit: 0.005 for 万元 with two decimals, 0.00005 for a rate
    shown as 66.86%. Rounding in the source then raises no false alarm."""
    steps = []
    for n in formula.names(node):
        fig = report.figures.get(resolved.target(n.name))
        if fig is None:
            continue
        places = fig.decimals if fig.decimals is not None else DEFAULT_PLACES
        step = Decimal(1).scaleb(-places) / 2
        if fig.format == "percent":
            step = step / 100
        else:
            unit = fig.unit or report.unit
            if unit != report.unit and is_money(unit) and is_money(report.unit):
                step = step * UNIT_SCALE[unit] / UNIT_SCALE[report.unit]
        steps.append(step)
    return max(steps) if steps else DEFAULT_TOLERANCE


#: the largest tolerance a rule may declare: beyond it every rule holds
MAX_TOLERANCE = Decimal(1_000_000)


def check_one(check: Check, report: Report, resolved: Resolved) -> Problem | None:
    span = check.span or Span("report.toml")
    scope = resolved.scope

    def at(offset: int, pid: str, sev: str, msg: str, length: int = 0) -> Problem:
        line, col = span.at(check.rule, offset)
        return Problem(pid, sev, msg, span.file, line, col, end=col + length if length else None,
                       where=check.id)

    if check.tolerance is not None and (not check.tolerance.is_finite() or check.tolerance < 0
                                        or check.tolerance > MAX_TOLERANCE):
        return at(0, "bad-tolerance", "error",
                  f"校验“{check.id or check.rule}”的 tolerance = {check.tolerance} 不可用：应为 0 到 {MAX_TOLERANCE} 之间的数"
                  "（两边相差不超过它即视为相等）；此校验未进行")
    try:
        node = formula.parse(check.rule)
        bad = formula.unknown_name(node, scope)
        if bad is not None:
            hint = ""
            if bad.name in resolved.bad_aliases:
                hint = f"（设置“{bad.name}”指向的“{resolved.bad_aliases[bad.name]}”不是数字编号）"
            raise formula.FormulaError(f"未知的数字编号“{bad.name}”{hint}", bad.offset, "unknown-id")
        tol = check.tolerance if check.tolerance is not None else default_tolerance(node, report, resolved)
        result = formula.evaluate(node, scope, tol)
    except formula.FormulaError as exc:
        if exc.kind == "no-value":
            # the empty figure is reported on its own; this only explains
            # why the rule is silent
            return at(exc.offset, "check-incomplete", "info",
                      f"校验“{check.message or check.rule}”暂不能进行：{exc.message}")
        return at(exc.offset, "bad-formula", "error", f"校验规则有误：{exc.message}（{check.rule}）", 1)
    if not isinstance(result, formula.Comparison):
        return at(0, "bad-formula", "error", f"校验规则需要比较（如 ==）：{check.rule}", len(check.rule))
    if result.holds:
        return None
    left, right = check.rule[: node.offset], check.rule[node.offset + len(node.op):]
    detail = f"{_side(left, result.left, report, resolved)}，而 {_side(right, result.right, report, resolved)}"
    msg = f"{check.message}（{detail}）" if check.message else f"校验不成立：{detail}"
    p = at(0, f"check:{check.id}", check.severity, msg, len(check.rule))
    p.extra = {"left": str(result.left), "right": str(result.right), "tolerance": str(tol)}
    return p


def run(report: Report, resolved: Resolved) -> list[Problem]:
    out = []
    for check in report.checks:
        p = check_one(check, report, resolved)
        if p is not None:
            out.append(p)
    return out
