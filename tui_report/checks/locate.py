"""Where a problem points, as something an editor can open.

A problem knows its file position; an editor needs the section and the
character offset inside the title or body it shows, or the figure to
select. Kept out of the TUI so any front end (or a test) resolves problems
the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_report.figures import formula
from tui_report.report.model import Report, Section
from tui_report.report.problems import Problem
from tui_report.report.structure import find


@dataclass
class Target:
    section: Section | None = None
    field: str = "body"  # "body" | "title"
    offset: int = 0
    figure: str | None = None


def locate(report: Report, problem: Problem) -> Target | None:
    if problem.target:
        kind, file, path = problem.target
        section = find(report, file, tuple(path))
        if section is not None and kind in ("body", "title"):
            text = getattr(section, kind)
            return Target(section, kind, min(max(problem.offset or 0, 0), len(text)))
    if problem.where in report.figures:
        return Target(figure=problem.where)
    for check in report.checks:
        if check.id and check.id == problem.where:
            figure = _first_figure(check.rule, report)
            if figure:
                return Target(figure=figure)
    if problem.file.startswith("sections/"):
        return _in_file(report, problem.file, problem.line, problem.col)
    return None


def _first_figure(rule: str, report: Report) -> str | None:
    """The figure a rule is about: its left-hand side comes first."""
    try:
        node = formula.parse(rule)
    except formula.FormulaError:
        return None
    for name in formula.names(node):
        if name.name in report.figures:
            return name.name
    return None


def _in_file(report: Report, file: str, line: int, col: int) -> Target | None:
    """The title or body text at ``line``:``col`` of a section file, else
    the section whose table holds that line."""
    best: Section | None = None
    for top in report.sections:
        if top.file != file:
            continue
        for section, _ in top.walk():
            ts, bs = section.title_span, section.body_span
            if ts and ts.line == line and col >= ts.col:
                return Target(section, "title", min(col - ts.col, len(section.title)))
            if bs and section.body:
                last = bs.line + section.body.count("\n")
                if bs.line <= line <= last:
                    rows = section.body.split("\n")
                    row = line - bs.line
                    start = sum(len(r) + 1 for r in rows[:row])
                    column = col - bs.col if row == 0 else col - 1
                    return Target(section, "body", start + max(0, min(column, len(rows[row]))))
            first = ts.line if ts else None
            if first is not None and first <= line:
                best = section
    if best is not None:
        return Target(best, "title", 0)
    for top in report.sections:
        if top.file == file:
            return Target(top, "title", 0)
    return None
