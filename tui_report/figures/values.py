"""Figure values: typed ones scaled to the report's unit, derived ones computed.

Kept apart from rendering and checking because both need the same numbers,
and a derived figure (预算执行率 = 实际支出 / 预算数) must mean the same thing
in a check as in the prose that prints it.

Formulas may also name a ``[settings]`` key. A text setting that holds a
figure id stands for that figure, so a region's choice of denominator is a
setting, not an assumption baked into a formula::

    [settings]
    execution_rate_denominator = "funds_received"

    [figures]
    exec_rate = { label = "预算执行率", formula = "spend_total / execution_rate_denominator", format = "percent" }

A number setting is a named constant (a weight, a cap).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from tui_report.figures import formula, number_format
from tui_report.figures.number_format import is_money
from tui_report.report.model import UNIT_SCALE, Figure, Report

__all__ = ["Resolved", "Scope", "format_value", "in_report_unit", "is_money", "resolve", "shown_places"]


@dataclass
class Resolved:
    #: value of every figure in the report's unit (rates as fractions); None
    #: when not filled in or not computable
    values: dict[str, Decimal | None] = field(default_factory=dict)
    #: figure id → FormulaError for derived figures whose formula is wrong
    errors: dict[str, formula.FormulaError] = field(default_factory=dict)
    #: derived figure id → the empty figure that keeps it from being computed
    incomplete: dict[str, str] = field(default_factory=dict)
    #: setting name → figure id it stands for in formulas
    aliases: dict[str, str] = field(default_factory=dict)
    #: setting name → figure-like text that names no figure (for the message)
    bad_aliases: dict[str, str] = field(default_factory=dict)
    #: number settings usable in formulas
    constants: dict[str, Decimal] = field(default_factory=dict)
    #: everything the values were worked out from (:func:`signature`);
    #: equal signatures, equal values
    signature: tuple = ()

    @property
    def scope(self) -> Scope:
        """Every name a formula may use, with its current value."""
        return Scope(self)

    def target(self, name: str) -> str:
        """The figure id a formula name stands for (itself unless an alias)."""
        return self.aliases.get(name, name)


class Scope(Mapping):
    """Figures, alias settings and constant settings as one read-only mapping,
    looked up live so derived figures see values computed before them."""

    def __init__(self, resolved: Resolved):
        self._r = resolved

    def __getitem__(self, name: str) -> Decimal | None:
        r = self._r
        if name in r.values:
            return r.values[name]
        if name in r.aliases:
            return r.values[r.aliases[name]]
        return r.constants[name]

    def __contains__(self, name: object) -> bool:
        r = self._r
        return name in r.values or name in r.aliases or name in r.constants

    def __iter__(self) -> Iterator[str]:
        yield from self._r.values
        yield from (a for a in self._r.aliases if a not in self._r.values)
        yield from (c for c in self._r.constants if c not in self._r.values)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def in_report_unit(fig: Figure, report: Report) -> Decimal | None:
    """A typed figure's value as formulas see it: money in the report's unit,
    a typed percentage (98.5 meaning 98.5%) as the fraction 0.985."""
    if fig.value is None:
        return None
    if fig.format == "percent":
        return formula.CONTEXT.divide(fig.value, Decimal(100))
    unit = fig.unit or report.unit
    if unit == report.unit:
        return fig.value
    src, dst = UNIT_SCALE.get(unit), UNIT_SCALE.get(report.unit)
    if src is None or dst is None:
        return fig.value
    return formula.CONTEXT.divide(fig.value * src, dst)


def _settings(report: Report, out: Resolved) -> None:
    for key, value in (report.settings or {}).items():
        if not isinstance(key, str) or key in report.figures:
            continue
        if isinstance(value, str):
            if value in report.figures:
                out.aliases[key] = value
            else:
                out.bad_aliases[key] = value
        elif isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            out.constants[key] = Decimal(value)


def signature(report: Report) -> tuple:
    """What the resolved values depend on — every figure as typed, the
    report's unit and settings — as one comparable value. ``str`` of a
    value: 20 and 20.0 are equal Decimals that print differently."""
    figures = tuple((fid, f.label, str(f.value), str(f.prev), f.unit, f.format, f.formula, f.decimals)
                    for fid, f in report.figures.items())
    return (report.unit, figures, repr(report.settings))


#: the last report resolved, by its signature: the editor re-checks after
#: every keystroke, and typing in the text changes no figure
_LAST: list[tuple[tuple, Resolved]] = []


def resolve(report: Report) -> Resolved:
    """Every figure's value (formulas worked out in dependency order), and
    what is wrong with those that have none. The result is shared with
    later calls on an unchanged report: it is never modified."""
    sig = signature(report)
    last = _LAST[0] if _LAST else None
    if last is not None and last[0] == sig:
        return last[1]
    out = _resolve(report)
    out.signature = sig
    _LAST[:] = [(sig, out)]
    return out


def _resolve(report: Report) -> Resolved:
    out = Resolved()
    for fid, fig in report.figures.items():
        if not fig.derived:
            out.values[fid] = in_report_unit(fig, report)
    _settings(report, out)
    # the derived figures (``Figure.derived``: those with a formula)
    formulas = {fid: fig.formula for fid, fig in report.figures.items() if fig.formula is not None}
    derived = list(formulas)
    for fid in derived:
        out.values[fid] = None
    scope = out.scope
    derived_ids = set(derived)

    # parse, and find what each derived figure depends on
    parsed: dict[str, object] = {}
    deps: dict[str, set[str]] = {}
    for fid in derived:
        try:
            node = formula.parse(formulas[fid])
            bad = formula.unknown_name(node, scope)
            if bad is not None:
                raise _unknown(bad, out)
        except formula.FormulaError as exc:
            out.errors[fid] = exc
            continue
        parsed[fid] = node
        deps[fid] = {out.target(n.name) for n in formula.names(node)} & derived_ids

    # evaluate in dependency order (Kahn); whatever is left over is a cycle
    users: dict[str, list[str]] = {fid: [] for fid in parsed}
    waiting = {fid: 0 for fid in parsed}
    for fid, ds in deps.items():
        for d in ds:
            if d in parsed:
                users[d].append(fid)
                waiting[fid] += 1
    ready = [fid for fid, n in waiting.items() if n == 0]
    while ready:
        fid = ready.pop()
        _evaluate(fid, parsed[fid], scope, out)
        for user in users[fid]:
            waiting[user] -= 1
            if waiting[user] == 0:
                ready.append(user)
    cycle = [fid for fid, n in waiting.items() if n > 0]
    for fid in cycle:
        node = parsed[fid]
        at = next((n.offset for n in formula.names(node) if out.target(n.name) in cycle), 0)
        out.errors[fid] = formula.FormulaError(
            "派生数字的公式循环引用：" + " → ".join(cycle), at, "cycle")
    return out


def _unknown(name: formula.Name, out: Resolved) -> formula.FormulaError:
    if name.name in out.bad_aliases:
        return formula.FormulaError(
            f"设置“{name.name}”指向的数字“{out.bad_aliases[name.name]}”不存在", name.offset, "unknown-id")
    return formula.FormulaError(f"未知的数字编号“{name.name}”", name.offset, "unknown-id")


def _evaluate(fid: str, node, scope: Scope, out: Resolved) -> None:
    try:
        value = formula.evaluate(node, scope)
    except formula.FormulaError as exc:
        if exc.kind == "no-value":
            out.incomplete[fid] = exc.message
        else:
            out.errors[fid] = exc
        return
    if isinstance(value, formula.Comparison):
        out.errors[fid] = formula.FormulaError("派生数字的公式不能是比较", node.offset)
        return
    out.values[fid] = value


def shown_places(fig: Figure, report: Report) -> int:
    """Decimals a figure is printed with (:func:`.number_format.figure_places`):
    the last digit a reader sees, which is what "equal within rounding" is
    measured against."""
    return number_format.figure_places(fig, report)


def format_value(fig: Figure, value: Decimal | None, report: Report) -> str:
    """Text a placeholder renders to: ``153.99万元``, ``66.86%``
    (:func:`.number_format.figure_text`, the one rule every output prints by)."""
    return number_format.figure_text(fig, value, report)
