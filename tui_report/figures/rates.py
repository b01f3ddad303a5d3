"""Year-over-year change, computed and printed one way.

The figure table, ``compare`` and the prose checks all state how a figure
moved from last year; a reviewer who reads 0.13 % in one place and 0.12 %
in another stops trusting both. So the percentage is made here only: exact
Decimal division, then rounded half-up to two decimals, as a person does.
How it prints is :mod:`.number_format`'s (``rounded`` and ``signed`` are
re-exported from there for the callers that know them here).
"""

from __future__ import annotations

import decimal
from decimal import Decimal, InvalidOperation

from tui_report.figures.number_format import RATE_PLACES as _PLACES
from tui_report.figures.number_format import rounded, signed

__all__ = ["difference", "percent_change", "rounded", "signed"]
#: wide enough for any value a report can sensibly hold, and trapping
#: nothing: rounding for display must never raise
_WIDE = decimal.Context(prec=200, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[])


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
        return rounded(_WIDE.divide(delta * 100, old), _PLACES)
    except InvalidOperation:  # beyond the Decimal context: no sensible rate
        return None
