"""How a number is printed, once for the whole product.

A finance reader expects every amount of a report in one form (165.80,
158.00 and 150.32 in 万元, never 165.8, 158 and 150.32 side by side), and a
reviewer who recomputes a change must get the printed figure: 27.5 against
28.67 is a change of 1.17, not 1.2. So every output (placeholders in prose,
author's tables, the 自评表, ``compare``, Markdown, text, HTML, PDF, DOCX, the
editor) prints through the functions here, by these rules:

- **money** (a figure in a money unit, a 自评表 amount, a bare number in a
  table column whose header names a money unit, a change of money) has the
  report's decimals: ``[settings] money_decimals`` (default 2), or the
  figure's own ``decimals``;
- **computed values** (a derived figure, a change, a rate) are worked out
  from the exact values and rounded once, half up (四舍五入), when printed;
  a rate or a derived percentage has two decimals unless its figure says
  otherwise;
- **other typed numbers** (counts, a typed percentage) print as typed;
- **scores** (分值, 得分, 总分) have at most two decimals, without trailing
  zeros (15, 6.69, 9.5);
- nothing prints as ``-0``: a reader takes ``-0.00万元`` for a loss.

Plain Python over Decimal, importing nothing but the report model: the
checks, the renderers, the exporters and the editor all reach it.
"""

from __future__ import annotations

import decimal
import re
from decimal import ROUND_HALF_UP, Decimal

from tui_report.report.model import (
    UNIT_SCALE,
    Figure,
    Report,
    money_places_setting,
)

#: decimals of an amount when the report does not say
DEFAULT_MONEY_PLACES = 2
#: decimals of a computed rate or percentage (增减率, 执行率, 占比)
RATE_PLACES = 2
#: at most this many decimals for a score
SCORE_PLACES = 2
#: what a figure with no value prints
UNFILLED = "【待填】"

#: wide enough for any value a report can hold, trapping nothing: printing
#: must never raise
_WIDE = decimal.Context(prec=200, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[])


def is_money(unit: str | None) -> bool:
    return unit in UNIT_SCALE


def rounded(value: Decimal, places: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """``value`` to ``places`` decimals, half up; never raises. A value that
    is not finite or too large to round sensibly (more than 150 digits)
    comes back as it is."""
    if not value.is_finite() or value.adjusted() > 150 or not -40 <= places <= 40:
        return value
    result = value.quantize(Decimal(1).scaleb(-places), rounding=rounding, context=_WIDE)
    return result if result.is_finite() else value


def unsigned_zero(value: Decimal) -> Decimal:
    """``-0.00`` (typed, or a small negative rounded away) as ``0.00``."""
    try:
        return value.copy_abs() if value.is_zero() else value
    except decimal.DecimalException:
        return value


def plain(value: Decimal, places: int | None = None) -> str:
    """``value`` as digits (never an exponent, never ``-0``), rounded once to
    ``places`` decimals, or exactly as it is when ``places`` is None."""
    if places is not None:
        value = rounded(value, places)
    return format(unsigned_zero(value), "f")


def typed_places(value: Decimal | None) -> int:
    """Decimals a number was typed with (``27.5`` → 1, ``158`` → 0)."""
    if value is None:
        return 0
    exponent = value.as_tuple().exponent  # a letter for NaN and Infinity
    return max(0, -exponent) if isinstance(exponent, int) else 0


def money_places(report: Report) -> int:
    """Decimals every amount of ``report`` prints with: ``[settings]
    money_decimals`` when it is a whole number from 0 to 10, else 2."""
    places = money_places_setting(report.settings)
    return DEFAULT_MONEY_PLACES if places is None else places


def money(value: Decimal, report: Report, unit: str = "") -> str:
    """An amount in the report's decimals, followed by ``unit``
    (``153.99万元``; ``153.99`` in a table whose header says 万元)."""
    return plain(value, money_places(report)) + unit


def figure_places(fig: Figure, report: Report) -> int:
    """Decimals a figure prints with: the last digit a reader sees, which is
    also what "equal within rounding" is measured against."""
    if fig.decimals is not None:
        return fig.decimals
    if fig.format == "percent":
        return RATE_PLACES if fig.derived else typed_places(fig.value)
    if is_money(fig.unit or report.unit):
        return money_places(report)
    return 0 if fig.derived else typed_places(fig.value)


def print_places(fig: Figure, report: Report) -> int | None:
    """Decimals a figure's value is rounded to when printed, or None when it
    prints exactly as typed (a count, a typed percentage)."""
    if fig.decimals is not None or fig.derived:
        return figure_places(fig, report)
    if fig.format != "percent" and is_money(fig.unit or report.unit):
        return money_places(report)
    return None


def _own_unit(value: Decimal, fig: Figure, report: Report) -> Decimal:
    """A value in the report's unit (as formulas compute) in the figure's own."""
    unit = fig.unit or report.unit
    if unit != report.unit and is_money(unit) and is_money(report.unit):
        return _WIDE.divide(value * UNIT_SCALE[report.unit], UNIT_SCALE[unit])
    return value


def figure_text(fig: Figure, value: Decimal | None, report: Report) -> str:
    """What ``{{id}}`` prints: ``153.99万元``, ``66.86%``, ``20场次``,
    【待填】 while it has no value. ``value`` is the resolved one (the report's
    unit; a percentage as a fraction)."""
    if value is None:
        return UNFILLED
    places = print_places(fig, report)
    if fig.format == "percent":
        shown = fig.value if not fig.derived and fig.value is not None else _WIDE.multiply(value, 100)
        return plain(shown, places) + "%"
    if fig.derived or fig.value is None:
        shown = _own_unit(value, fig, report)
    else:
        shown = fig.value  # as typed, in its own unit: no conversion to round through
    return plain(shown, places) + (fig.unit or report.unit)


def change_places(fig: Figure, report: Report) -> int:
    """Decimals of the change of a figure from last year: an amount's
    decimals for money; otherwise enough for the exact difference of the two
    typed values."""
    if fig.decimals is not None:
        return fig.decimals
    if fig.format == "percent":
        return RATE_PLACES if fig.derived else max(typed_places(fig.value), typed_places(fig.prev))
    if is_money(fig.unit or report.unit):
        return money_places(report)
    return max(typed_places(fig.value), typed_places(fig.prev))


def change_text(fig: Figure, delta: Decimal, report: Report) -> str:
    """What ``{{id.change}}`` prints: the size of the change (the direction
    word says its sign), worked out from the exact values and rounded once:
    ``1.17万元`` for 27.5 against 28.67, ``2.50个百分点``."""
    places = change_places(fig, report)
    if fig.format == "percent":
        return plain(_WIDE.multiply(abs(delta), 100), places) + "个百分点"
    return plain(abs(_own_unit(delta, fig, report)), places) + (fig.unit or report.unit)


def rate_text(percent: Decimal) -> str:
    """A computed rate in percent (``11.50%``), two decimals."""
    return plain(percent, RATE_PLACES) + "%"


def signed(value: Decimal, places: int | None = None) -> str:
    """``+1.50`` for a rise, ``-1.50`` for a fall, ``0`` unchanged."""
    shown = rounded(value, places) if places is not None else value
    text = plain(shown)
    return "+" + text if shown > 0 else text


def score_text(value: Decimal | None) -> str:
    """A score (分值, 得分, 总分): at most two decimals, no trailing zeros
    (``15``, ``6.69``, ``9.5``); empty when there is none."""
    if value is None:
        return ""
    text = plain(value, SCORE_PLACES)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


#: a bare number as typed in a table cell: digits, an optional thousands
#: separator and decimals (``1,234.5``), an optional sign
BARE_NUMBER = re.compile(r"[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
#: a header naming a money unit: ``金额（万元）``, ``单位：万元``, ``万元``
_MONEY_HEADER = re.compile("(?:^|[（(：:]|单位)(" + "|".join(sorted(UNIT_SCALE, key=len, reverse=True))
                           + ")(?:$|[）)])")


def money_column(header: str) -> str | None:
    """The money unit a table column's header names, or None."""
    m = _MONEY_HEADER.search(header.replace(" ", ""))
    return m.group(1) if m else None


def money_cell(text: str, report: Report) -> str:
    """A cell of a money column: a bare number in the report's decimals
    (``165.8`` → ``165.80``, ``1,234.5`` → ``1,234.50``); anything else as
    typed (``约100``, ``—``, a placeholder already printed)."""
    stripped = text.strip()
    if not BARE_NUMBER.fullmatch(stripped):
        return text
    sign = "-" if stripped[0] in "-−" else ""
    digits = stripped.lstrip("+-−")
    try:
        value = Decimal(sign + digits.replace(",", ""))
    except decimal.DecimalException:
        return text
    places = money_places(report)
    if "," in digits:
        return format(unsigned_zero(rounded(value, places)), f",.{places}f")
    return plain(value, places)
