"""Where a problem points, for the editor's jump: section and offset, or
figure."""

from __future__ import annotations

from tui_report import checks
from tui_report.checks.locate import locate
from tui_report.report.problems import Problem
from tui_report.report.store import Store

from .conftest import SAMPLE


def report():
    return Store.open(SAMPLE).report


def test_prose_problem_goes_to_its_section_and_offset():
    r = report()
    comma = next(p for p in checks.run(r) if p.target and p.target[0] == "body" and p.fix and p.fix.old == ",")
    target = locate(r, comma)
    assert target.field == "body"
    assert target.section.body[target.offset] == ","


def test_figure_and_check_problems_go_to_a_figure():
    r = report()
    assert locate(r, Problem("unit-mix", "warning", "", "report.toml", where="balance_start")).figure \
        == "balance_start"
    # an identity goes to the figure its rule is about (the left-hand side)
    assert locate(r, Problem("check:balance", "error", "", "report.toml", where="balance")).figure \
        == "balance_end"


def test_a_file_position_maps_into_title_or_body():
    r = report()
    basic = r.sections[1].children[0]
    span = basic.body_span
    # second character of the body's first line
    target = locate(r, Problem("x", "warning", "", basic.file, span.line, span.col + 1))
    assert target.section is basic and target.field == "body" and target.offset == 1
    ts = basic.title_span
    target = locate(r, Problem("x", "warning", "", basic.file, ts.line, ts.col + 2))
    assert target.section is basic and target.field == "title" and target.offset == 2
    # a line between tables belongs to the section above it
    target = locate(r, Problem("x", "warning", "", basic.file, span.line + 2, 1))
    assert target.section is basic


def test_nowhere_to_go():
    assert locate(report(), Problem("x", "warning", "", "report.toml", 3, 1)) is None
