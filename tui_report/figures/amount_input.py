"""An amount as a person types it into a figure's field → the exact value to store.

Clerks copy figures out of Word tables, 决算 spreadsheets and chat messages:
full-width digits (``１６０．５``), thousands separators (``1,234.50``,
``1，234``, thin spaces) and a unit stuck to the number (``763300元``) are all
normal there. Each is read here exactly, with ``Decimal``, and converted
into the figure's own unit; anything else is refused with a Chinese sentence
saying what is wrong and what to type, because a figure that is silently
misread (``76.33万`` taken as 76.33元) is worse than one refused.

The result carries a ``note`` the editor shows before storing, so the
person sees the conversion (``763300元 = 76.33 万元``) while they can still
change their mind.

An empty field is not an error: it means "not yet filled", and gives
``value = None`` (what ``value = ""`` in report.toml means).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext

from tui_report.report.errors import TuiReportError
from tui_report.report.model import UNIT_SCALE, Figure, Report
from tui_report.report.toml_read import to_decimal

#: More than any amount needs; longer input is a paste gone wrong.
MAX_INPUT = 64

PERCENT = "%"

#: Full-width and typographic forms read as their ASCII meaning (a minus
#: sign from Word is U+2212, from a Chinese IME U+FF0D).
_WIDTH = str.maketrans({
    **{chr(0xFF10 + n): str(n) for n in range(10)},
    "．": ".", "－": "-", "−": "-", "﹣": "-", "＋": "+", "％": PERCENT, "\u3000": " ",
})

#: Characters that may group thousands; one kind per number.
_GROUPING = (",", "，", "\u2009", "\u202f")

_NUMBER = re.compile(r"[+-]?[0-9,，\u2009\u202f]*(?:\.[0-9]*)?")
_PLAIN = re.compile(r"(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)")


class AmountError(TuiReportError, ValueError):
    """Typed text that is not an amount in a unit we know; the message says
    what to type instead."""


@dataclass(frozen=True)
class AmountInput:
    #: In the figure's unit; None when the field was left empty (to fill).
    value: Decimal | None
    #: The unit typed after the number, None when only a number was typed.
    typed_unit: str | None
    #: What will be stored, in words, to show before storing.
    note: str

    @property
    def unfilled(self) -> bool:
        return self.value is None


def figure_unit(fig: Figure, report: Report) -> str:
    """The unit to pass to :func:`parse_amount` for a figure: a rate's value
    is typed as printed (``98.5`` for 98.5%), so its unit is ``%``."""
    if fig.format == "percent":
        return PERCENT
    return fig.unit or report.unit


def parse_amount(text: str, unit: str) -> AmountInput:
    """Read ``text`` as an amount for a figure whose unit is ``unit``
    (``万元``, ``元``, ``%`` for a rate, or a count's word such as ``人``).

    Raises :class:`AmountError` with a message for the person typing."""
    shown = text.strip().translate(_WIDTH).strip()
    if not shown:
        return AmountInput(None, None, "留空：数字待填")
    if len(shown) > MAX_INPUT:
        raise AmountError(f"输入过长（超过 {MAX_INPUT} 个字符）；请只写一个数字，例如 76.33")
    raw = text.strip()
    m = _NUMBER.match(shown)
    number = (m.group() if m else "").rstrip("\u2009\u202f")
    suffix = shown[len(number):].strip()
    if not any(ch.isdigit() for ch in number):
        raise AmountError(f"“{raw}”不是数字；请只写数字，例如 76.33{_example_unit(unit)}")
    _not_a_unit(raw, shown[len(number):], suffix)
    typed_unit = _unit(raw, suffix, unit)
    value = _decimal(raw, number)
    if typed_unit is not None and typed_unit != unit:
        value = _convert(value, typed_unit, unit)
    elif value == 0:
        value = value.copy_abs()  # "-0" is 0
    try:
        to_decimal(value, "")
    except ValueError as exc:
        raise AmountError(f"“{raw}”{exc}；请检查数字和单位") from None
    return AmountInput(value, typed_unit, _note(number, typed_unit, value, unit))


def _not_a_unit(raw: str, after: str, suffix: str) -> None:
    """What follows the number but is still part of a number typed wrong:
    said as such, not as an unknown unit."""
    if not suffix:
        return
    if suffix[0].isdigit() and after[:1].isspace():
        raise AmountError(f"“{raw}”：数字中间不能有空格；千位分隔请用逗号（如 1,234），或不写分隔符")
    if suffix[0] in "0123456789.,，":
        raise AmountError(f"“{raw}”不是完整的数字；请写成 76.33 这样")
    if suffix[0] in "eE" and suffix[1:].lstrip("+-").isdigit():
        raise AmountError(f"“{raw}”：请不要用科学计数法，直接写出数字，例如 1500000")


def _example_unit(unit: str) -> str:
    return f" 或 76.33{unit}" if unit in UNIT_SCALE else ""


def _unit(raw: str, suffix: str, unit: str) -> str | None:
    """The unit typed after the number, if it is one this figure accepts."""
    if not suffix:
        return None
    if suffix == unit:
        return suffix
    if suffix == PERCENT:
        raise AmountError(f"“{raw}”：百分号只用于比率；这个数字以{unit}为单位，请只写数字")
    if unit in UNIT_SCALE and suffix in UNIT_SCALE:
        return suffix
    if unit in UNIT_SCALE:
        options = "、".join(dict.fromkeys([unit, "元" if unit != "元" else "万元"]))
        raise AmountError(f"“{raw}”：单位“{suffix}”不认识；请写 {options} 或只写数字")
    if unit == PERCENT:
        raise AmountError(f"“{raw}”：这是比率，按印出的百分数写，例如 98.5 或 98.5%")
    if suffix in UNIT_SCALE:
        raise AmountError(f"“{raw}”：这个数字以“{unit}”为单位，不是金额；请只写数字")
    raise AmountError(f"“{raw}”：单位“{suffix}”不认识；这个数字以“{unit}”为单位，请只写数字")


def _decimal(raw: str, number: str) -> Decimal:
    """The number exactly, thousands separators checked and dropped."""
    sign = ""
    if number[:1] in "+-":
        sign, number = number[:1].replace("+", ""), number[1:]
    whole, point, frac = number.partition(".")
    seps = {ch for ch in whole if ch in _GROUPING}
    if seps:
        if len(seps) > 1:
            raise AmountError(f"“{raw}”：千位分隔符混用了几种；请只用一种（如 1,234.5），或不写分隔符")
        sep = seps.pop()
        groups = whole.split(sep)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            raise AmountError(f"“{raw}”：千位分隔符的位置不对（应每三位一个，如 1,234,567.89）；"
                              "请改正，或不写分隔符")
        whole = "".join(groups)
    if any(ch in _GROUPING for ch in frac):
        raise AmountError(f"“{raw}”：小数部分不能有分隔符；请写成 1234.56 这样")
    plain = whole + point + frac
    if not _PLAIN.fullmatch(plain):
        raise AmountError(f"“{raw}”不是完整的数字（小数点后要有数字）；请写成 76.33 这样")
    try:
        return Decimal(sign + plain)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise AmountError(f"“{raw}”不是数字；请只写数字，例如 76.33") from None


def _convert(value: Decimal, src: str, dst: str) -> Decimal:
    """Exact: the scales are powers of ten, so the quotient terminates; the
    zeros a multiplication leaves after the point carry no information."""
    with localcontext() as ctx:
        ctx.prec = 60
        out = value * UNIT_SCALE[src] / UNIT_SCALE[dst]
    return _trim(out)


def _trim(value: Decimal) -> Decimal:
    """Trailing zeros after the point dropped, never an exponent (``1.5E+4``
    would be stored as 15000, but a person reads ``15000`` more easily)."""
    if value == 0:
        return Decimal(0)
    out = value.normalize()
    exponent = out.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        out = out.quantize(Decimal(1))
    return out


def _shown(value: Decimal, unit: str) -> str:
    text = format(value, "f")
    return f"{text}{unit}" if unit == PERCENT else f"{text} {unit}"


def _note(number: str, typed_unit: str | None, value: Decimal, unit: str) -> str:
    typed = number.strip() + (typed_unit or "")
    if typed_unit is not None and typed_unit != unit:
        return f"{typed} = {_shown(value, unit)}"
    return f"{typed} → {_shown(value, unit)}"
