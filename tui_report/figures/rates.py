"""Year-over-year change, computed and printed one way.

The figure table, ``compare`` and the prose checks all state how a figure
moved from last year; a reviewer who reads 0.13 % in one place and 0.12 %
in another stops trusting both. So the percentage is made here only: exact
Decimal division, then rounded half-up to two decimals, as a person does.
"""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

#: decimals of a printed change rate (增减率)
RATE_PLACES = Decimal("0.01")
#: wide enough for any value a report can sensibly hold, and trapping
#: nothing: rounding for display must never raise
_WIDE = decimal.Context(prec=200, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[])


def rounded(value: Decimal, places: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """``value`` to ``places`` decimals for display or comparison; never
    raises. A value that is not finite or too large to round sensibly (more
    than 150 digits) comes back as it is."""
    if not value.is_finite() or value.adjusted() > 150 or not -40 <= places <= 40:
        return value
    result = value.quantize(Decimal(1).scaleb(-places), rounding=rounding, context=_WIDE)
    return result if result.is_finite() else value


def difference(old: Decimal | None, new: Decimal | None) -> Decimal | None:
    """This year minus last year; None when either is missing."""
    if old is None or new is None:
        return None
    return new - old


def percent_change(old: Decimal | None, new: Decimal | None) -> Decimal | None:
    """(new − old) / old in percent, to two decimals, half-up; None when
    either is missing or last year was zero."""
    delta = difference(old, new)
    if delta is None or not old:
        return None
    try:
        return rounded(_WIDE.divide(delta * 100, old), 2)
    except InvalidOperation:  # beyond the Decimal context: no sensible rate
        return None


def signed(value: Decimal) -> str:
    """``+1.50`` for a rise, ``-1.50`` for a fall, ``0`` unchanged."""
    text = format(value.copy_abs() if value.is_zero() else value, "f")  # never "-0.00"
    return "+" + text if value > 0 else text
