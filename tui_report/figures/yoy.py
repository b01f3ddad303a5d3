"""Year-on-year placeholders computed from a figure and its last-year value.

``{{spend_total.change}}`` prints the size of the change (``104.71万元``),
``{{spend_total.rate}}`` the rate (``11.50%``) and ``{{spend_total.trend}}``
the direction (增加 / 减少 / 持平), so prose like
``较上年{{spend_total.trend}}{{spend_total.change}}，增幅{{spend_total.rate}}``
never carries a hand-computed number, and a report made by `new` is right as
soon as this year's value is filled in. The change is printed without its
sign because the direction word says it. Both are worked out from the
exact values and rounded once, when printed (:mod:`.number_format`): 27.5
against 28.67 is a change of 1.17万元, whatever decimals 27.5 was typed with.
"""

from __future__ import annotations

from decimal import Decimal

from tui_report.figures import formula, number_format
from tui_report.figures.rates import percent_change
from tui_report.figures.values import Resolved
from tui_report.report.model import UNIT_SCALE, Figure, Report

SUFFIXES = ("change", "rate", "trend")
UNFILLED = "【待填】"
UP, DOWN, FLAT = "增加", "减少", "持平"


def split(name: str) -> tuple[str, str] | None:
    """``spend_total.rate`` → (``spend_total``, ``rate``); None otherwise."""
    fid, dot, suffix = name.rpartition(".")
    if not dot or suffix not in SUFFIXES or not fid:
        return None
    return fid, suffix


def known(name: str, report: Report) -> bool:
    """A year-on-year placeholder of a typed figure of this report."""
    parts = split(name)
    return parts is not None and parts[0] in report.figures and not report.figures[parts[0]].derived


def last_year(fig: Figure, report: Report) -> Decimal | None:
    """Last year's value as formulas see this year's: in the report's unit,
    a percentage as a fraction."""
    if fig.prev is None:
        return None
    if fig.format == "percent":
        return formula.CONTEXT.divide(fig.prev, Decimal(100))
    unit = fig.unit or report.unit
    src, dst = UNIT_SCALE.get(unit), UNIT_SCALE.get(report.unit)
    if unit == report.unit or src is None or dst is None:
        return fig.prev
    return formula.CONTEXT.divide(fig.prev * src, dst)


def change(fid: str, report: Report, resolved: Resolved) -> tuple[Decimal, Decimal | None] | None:
    """(this year − last year in the report's unit, rate in percent to two
    decimals or None over a zero base); None when either year is missing."""
    fig = report.figures[fid]
    value, prev = resolved.values.get(fid), last_year(fig, report)
    if value is None or prev is None:
        return None
    return value - prev, percent_change(prev, value)


def text(name: str, report: Report, resolved: Resolved) -> str:
    """What a year-on-year placeholder prints."""
    parts = split(name)
    if parts is None:
        raise ValueError(f"not a year-on-year placeholder: {name}")
    fid, suffix = parts
    fig = report.figures[fid]
    got = change(fid, report, resolved)
    if got is None:
        return UNFILLED
    delta, rate = got
    if suffix == "trend":
        return UP if delta > 0 else DOWN if delta < 0 else FLAT
    if suffix == "rate":
        return UNFILLED if rate is None else number_format.rate_text(abs(rate))
    return number_format.change_text(fig, delta, report)
