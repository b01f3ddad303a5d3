"""Figure edits that need the formula language, over the store's own edits.

The store writes report.toml and knows nothing of formulas (it sits below
``figures/``), so a formula is checked here before the store writes it: one
that cannot be parsed, names nothing, is a comparison or makes a cycle is
refused with the place and the reason, while the file is still as it was.
A formula that only fails on today's numbers (a division by a figure that is
still 0) is accepted: the checks report it, and it mends itself when the
number is typed.
"""

from __future__ import annotations

import dataclasses

from tui_report.figures import formula
from tui_report.figures.values import resolve
from tui_report.report.errors import TuiReportError
from tui_report.report.model import Report
from tui_report.report.store import Store

#: FormulaError kinds a formula is refused for; the others depend on values
REFUSED = ("syntax", "unknown-id", "cycle")


class FormulaRefused(TuiReportError):
    """A derived figure's formula that cannot work whatever the numbers; the
    message names the character it goes wrong at."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


def check_formula(report: Report, fid: str, text: str) -> None:
    """Raises :class:`FormulaRefused` when ``text`` cannot be figure
    ``fid``'s formula in ``report``."""
    text = text.strip()
    try:
        formula.parse(text)
    except formula.FormulaError as exc:
        raise _refused(text, exc) from None
    fig = report.figures.get(fid)
    if fig is None:
        raise FormulaRefused(f"没有编号为“{fid}”的数字", 0)
    trial = dataclasses.replace(report, figures={**report.figures, fid: dataclasses.replace(fig, formula=text)})
    wrong = resolve(trial).errors.get(fid)
    if wrong is not None and wrong.kind in REFUSED:
        raise _refused(text, wrong)


def _refused(text: str, exc: formula.FormulaError) -> FormulaRefused:
    return FormulaRefused(f"公式“{text}”第 {exc.offset + 1} 个字符处有误：{exc.message}", exc.offset)


def set_formula(store: Store, fid: str, text: str | None) -> None:
    """Make ``fid`` derived with ``text`` (checked first), or typed again
    with None or ""; see :meth:`Store.set_figure_formula`."""
    if text and text.strip():
        check_formula(store.report, fid, text)
    store.set_figure_formula(fid, text)
