"""The 自评表 screen at 80×24 and 120×40: F6 opens it, a score is edited
from the keyboard, the total and grade follow, a problem appears and goes,
and the main problems panel lists it and jumps to its row."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from tui_report.report.scorecard import parse
from tui_report.tui.screens.dialogs import InputDialog
from tui_report.tui.screens.scorecard import COLUMNS, ScorecardScreen

from .tui_support import open_editor, pilot_test, settle, wait_until

SIZES = [(80, 24), (120, 40)]
ids = {"ids": lambda s: f"{s[0]}x{s[1]}"}
SCORE = next(n for n, c in enumerate(COLUMNS) if c[0] == "score")


async def edit_score(app, pilot, row: int, text: str) -> None:
    table = app.screen.query_one("#sc-indicators", DataTable)
    table.focus()
    table.move_cursor(row=row, column=SCORE, animate=False)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, InputDialog))
    field = app.screen.query_one("Input")
    field.value = text
    await pilot.press("enter")
    await settle(app, pilot)
    await wait_until(pilot, lambda: isinstance(app.screen, ScorecardScreen))


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_edit_a_score_and_see_total_grade_and_problem_follow(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, ScorecardScreen))
        screen = app.screen
        assert "总分 96.69" in screen.total_text and "等级 优" in screen.total_text
        table = screen.query_one("#sc-indicators", DataTable)
        assert table.row_count == 8
        await edit_score(app, pilot, 0, "5")  # 全国科普日系列活动场次: 15 by the rule
        assert "总分 86.69" in screen.total_text and "等级 良" in screen.total_text
        ids_now = {p.id for p in screen.scorecard_problems()}
        assert "score-rule" in ids_now
        # the typed 总分 and 等级 agreed with the scores: an edit makes them computed, never stale
        assert not {"score-total", "score-grade"} & ids_now
        assert any(p.id == "score-rule" for p in app.main.problems_panel.problems)  # shared with the main panel
        await edit_score(app, pilot, 0, "15")
        assert "总分 96.69" in screen.total_text
        assert not screen.scorecard_problems()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    card = parse((sample / "scorecard.toml").read_text("utf-8"))
    assert str(card.indicators[0].score) == "15"


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_an_emptied_score_is_computed_by_the_rule(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, ScorecardScreen))
        await edit_score(app, pilot, 1, "")
        assert app.store.report.scorecard.indicators[1].score is None
        assert "总分 96.69" in app.screen.total_text  # the rule gives the same 10
        await pilot.press("escape", "f3")  # back, and the undo history has it
        await settle(app, pilot)
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert str(app.store.report.scorecard.indicators[1].score) == "10"


@pilot_test
async def test_a_scorecard_problem_in_the_main_panel_jumps_to_its_row(sample):
    text = (sample / "scorecard.toml").read_text("utf-8").replace('grade = "优"', 'grade = "良"')
    (sample / "scorecard.toml").write_text(text.replace("weight = 10\nscore = 10", "weight = 10\nscore = 11", 1),
                                           "utf-8")
    async with open_editor(sample, size=(80, 24)) as (app, pilot):
        panel = app.main.problems_panel
        problem = next(p for p in panel.problems if p.id == "score-range")
        await pilot.press("ctrl+r")
        panel.highlight(problem)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ScorecardScreen))
        table = app.screen.query_one("#sc-indicators", DataTable)
        await wait_until(pilot, lambda: app.screen.focused is table)
        row = int(problem.where.split("/")[2])
        assert table.cursor_coordinate.row == row
