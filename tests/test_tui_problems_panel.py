"""The problems panel at any size: report order, only this section's,
next/previous problem keys that put the cursor on the text, a bigger panel,
the selection kept after a fix, and the key shown is the key that works."""

from __future__ import annotations

import pytest

from tui_report.report.structure import outline
from tui_report.tui import commands

from .tui_support import open_editor, pilot_test, select, settle

SIZES = [(80, 24), (120, 40)]
ids = {"ids": lambda s: f"{s[0]}x{s[1]}"}


def section_index(app, problem) -> int:
    from tui_report.checks.locate import locate

    order = {id(e.section): n for n, e in enumerate(outline(app.store.report))}
    target = locate(app.store.report, problem)
    if target is None or target.section is None:
        return len(order)
    return order[id(target.section)]


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_problems_are_listed_in_report_order(sample, size):
    """Errors first (a five-line panel must show what blocks the PDF), then
    warnings and notes; inside each severity, report order."""
    async with open_editor(sample, size=size) as (app, pilot):
        listed = [p for p in app.main.problems_panel.problems if not p.acknowledged]
        assert len(listed) > 5
        rank = {"error": 0, "warning": 1, "info": 2}
        severities = [rank[p.severity] for p in listed]
        assert severities == sorted(severities)
        warnings = [p for p in listed if p.severity == "warning"]
        places = [section_index(app, p) for p in warnings]
        assert places == sorted(places)  # outline order, then figures and checks
        prose = [p for p in warnings if section_index(app, p) < len(outline(app.store.report))]
        rest = warnings[len(prose):]
        assert prose and rest  # the sample has both: the balance check comes after the text
        assert all(p.where in app.store.report.figures or p.id.startswith("check:") or not p.target for p in rest)


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_errors_come_first_and_can_be_shown_alone(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        panel = app.main.problems_panel
        errors = [p for p in app.problems if p.severity == "error" and not p.acknowledged]
        assert errors, "the sample has errors (its balance does not add up)"
        assert panel.problems[0].severity == "error"
        await pilot.press("ctrl+r", "e")
        await settle(app, pilot)
        assert panel.problems and all(p.severity == "error" for p in panel.problems)
        assert len(panel.problems) == len([p for p in app.problems if p.severity == "error"])
        assert "仅错误" in panel.border_title
        assert "✗" in panel.border_title and "!" in panel.border_title  # the counts stay whole
        await pilot.press("e")
        await settle(app, pilot)
        assert len(panel.problems) == len(app.problems)


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_only_this_sections_problems(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        main = app.main
        panel = main.problems_panel
        total = len(panel.problems)
        await select(app, pilot, "（一）部门")
        await pilot.press("enter", "ctrl+r", "c")
        await settle(app, pilot)
        section = main.current_section
        assert 0 < len(panel.problems) < total
        assert all(p.target.file == section.file and tuple(p.target.path) == section.path for p in panel.problems)
        assert "仅本节" in panel.border_title
        await pilot.press("c")
        await settle(app, pilot)
        assert len(panel.problems) == total


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_next_and_previous_problem_put_the_cursor_on_the_text(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        main = app.main
        editor = main.editor

        def cursor() -> tuple:
            if app.focused is editor.title_input:
                return (id(main.current_section), "title", editor.title_input.cursor_position)
            assert app.focused is editor.body_area
            return (id(main.current_section), "body", editor.cursor_offset)

        seen = []
        for _ in range(4):
            await pilot.press("ctrl+n")
            await settle(app, pilot)
            problem = main.problems_panel.highlighted_problem
            here = cursor()
            text = main.current_section.title if here[1] == "title" else main.current_section.body
            assert text[here[2]:].startswith(problem.extra["text"])  # on the offending text
            assert not seen or here != seen[-1]
            seen.append(here)
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert cursor() == seen[-2]


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_the_panel_can_be_enlarged(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        panel = app.main.problems_panel
        height = panel.region.height
        await pilot.press("ctrl+r", "z")
        await settle(app, pilot)
        assert panel.region.height > height
        await pilot.press("z")
        await settle(app, pilot)
        assert panel.region.height == height


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_after_a_fix_the_next_problem_is_selected(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        panel = app.main.problems_panel
        await pilot.press("ctrl+r")
        await pilot.pause()
        fixable = [n for n, p in enumerate(panel.problems) if p.fix is not None]
        index = fixable[1]
        following = panel.problems[index + 1]
        panel.highlighted = index
        await pilot.press("f")
        await settle(app, pilot)
        assert panel.highlighted == index  # the next one moved into its place
        now = panel.highlighted_problem
        assert (now.id, now.message, now.where) == (following.id, following.message, following.where)


def test_the_fix_key_shown_is_the_key_bound():
    from tui_report.tui import strings as S

    fix = next(c for c in commands.COMMANDS if c.name == "apply_fix")
    assert fix.keys == "f"
    assert "f" in S.PROBLEM_FIXABLE and "F〕" not in S.PROBLEM_FIXABLE
