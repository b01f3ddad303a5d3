"""Whether a report is ready to be exported as the file handed to the bureau.

A PDF or HTML export is what gets sealed and uploaded, so a report that
still fails its checks, or prints 【待填】 for a figure nobody typed, must
not come out looking final. The command line and the editor ask this one
question the same way: the problems returned are the ones to fix first, and
with none the export carries no mark; otherwise it is refused, or made as a
draft marked 草稿 on every page.

An unfilled figure blocks even when acknowledged: accepting it may make
``check`` pass, but the printed page would still read 【待填】.
"""

from __future__ import annotations

from tui_report import checks
from tui_report.checks.figure_values import UNFILLED
from tui_report.report.model import Report
from tui_report.report.problems import Problem

#: Formats that are handed in; Markdown and text are working copies.
GUARDED = ("pdf", "html")

#: blocking even when acknowledged: the page would print 【待填】, or both
#: versions of a paragraph with git's conflict markers between them
ALWAYS = (UNFILLED, "merge-conflict")


def blocking(report: Report, problems: list[Problem] | None = None) -> list[Problem]:
    """The problems that keep ``report`` from a final export, in `check`'s
    order: the standing errors and every unfilled figure. ``problems`` is
    the result of ``checks.run(report)`` when the caller has it already
    (the editor keeps it current), else it is computed."""
    found = checks.run(report) if problems is None else problems
    return [p for p in found
            if p.id in ALWAYS or (p.severity == "error" and not p.acknowledged)]


def guarded(fmt: str) -> bool:
    return fmt in GUARDED
