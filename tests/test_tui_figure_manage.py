"""Figures are managed in the editor: added with a suggested id, values in
any unit or digit form converted (and shown) before they are stored,
renamed, re-united, deleted when unused, formulas checked as typed; a typed
amount becomes a figure; a problem is acknowledged with a reason."""

from __future__ import annotations

import tomllib

import pytest
from textual.widgets import Input, Label

from tui_report.report.store import Store
from tui_report.tui.screens.dialogs import ChoiceDialog, InputDialog
from tui_report.tui.screens.figure_dialog import FigureDialog
from tui_report.tui.textual_compat import notifications

from .tui_support import open_editor, pilot_test, select, settle, wait_until

SIZES = [(80, 24), (120, 40)]
ids = {"ids": lambda s: f"{s[0]}x{s[1]}"}


async def figure_dialog(app, pilot, fid: str | None):
    if not app.main.figures_visible:
        await pilot.press("f3")
        await settle(app, pilot)
    if fid is None:
        await pilot.press("n")
    else:
        app.main.figure_table.select(fid)
        await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, FigureDialog))
    return app.screen


async def type_into(pilot, field: Input, text: str) -> None:
    field.focus()
    field.value = ""
    await pilot.pause()
    for ch in text:
        await pilot.press(ch)
    await pilot.pause()


def note(dialog, name: str) -> str:
    return str(dialog.query_one(f"#figure-{name}-note", Label).render())


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_add_a_figure_with_a_suggested_id_and_a_value_in_another_unit(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        dialog = await figure_dialog(app, pilot, None)
        await type_into(pilot, dialog.query_one("#figure-label", Input), "预算执行率")
        assert dialog.query_one("#figure-id", Input).value == "exec_rate"  # suggested from the label
        await type_into(pilot, dialog.query_one("#figure-label", Input), "培训经费")
        fid_field = dialog.query_one("#figure-id", Input)
        await type_into(pilot, fid_field, "training")  # edited: the label no longer overrides it
        await type_into(pilot, dialog.query_one("#figure-label", Input), "培训费")
        assert fid_field.value == "training"
        await type_into(pilot, dialog.query_one("#figure-value", Input), "763300元")
        assert "76.33" in note(dialog, "value") and "万元" in note(dialog, "value")  # shown before stored
        dialog.query_one("#figure-prev", Input).value = "１６０．５"  # as a CJK input method gives it
        await pilot.pause()
        assert "160.5" in note(dialog, "prev")
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, FigureDialog)
        fig = app.store.report.figures["training"]
        assert (fig.label, str(fig.value), str(fig.prev), fig.unit) == ("培训费", "76.33", "160.5", None)
        assert app.main.figure_table.current == "training"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    data = tomllib.loads((sample / "report.toml").read_text("utf-8"))
    assert data["figures"]["training"]["label"] == "培训费"
    assert str(Store.open(sample).report.figures["training"].value) == "76.33"


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_values_with_units_separators_and_full_width_digits(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        dialog = await figure_dialog(app, pilot, "balance_end")  # a figure in 元
        value = dialog.query_one("#figure-value", Input)
        await type_into(pilot, value, "76.33万元")
        assert "763300" in note(dialog, "value")
        await type_into(pilot, value, "763,300")
        assert "不" not in note(dialog, "value")
        await type_into(pilot, value, "76.33万")  # not a unit: said, and refused on Enter
        assert "万" in note(dialog, "value")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FigureDialog)
        assert "不能保存" in str(dialog.query_one("#dialog-error", Label).render())
        value.value = "７６３３００元"
        value.focus()
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        assert str(app.store.report.figures["balance_end"].value) == "763300"


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_rename_change_unit_and_formula_checked_as_typed(sample, size):
    text = (sample / "report.toml").read_text("utf-8")
    text = text.replace("[[checks]]", 'exec_rate = { label = "预算执行率", formula = "spend_total / budget_approved", '
                                      'format = "percent" }\n\n[[checks]]', 1)
    (sample / "report.toml").write_text(text, "utf-8")
    async with open_editor(sample, size=size) as (app, pilot):
        dialog = await figure_dialog(app, pilot, "balance_start")
        await type_into(pilot, dialog.query_one("#figure-label", Input), "年初结转结余")
        await type_into(pilot, dialog.query_one("#figure-unit", Input), "万元")
        await pilot.press("enter")
        await settle(app, pilot)
        fig = app.store.report.figures["balance_start"]
        assert fig.label == "年初结转结余" and fig.unit in (None, "万元")
        dialog = await figure_dialog(app, pilot, "exec_rate")
        formula = dialog.query_one("#figure-formula", Input)
        await type_into(pilot, formula, "spend_total / nosuch")
        assert "nosuch" in note(dialog, "formula")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FigureDialog)  # refused
        await type_into(pilot, formula, "exec_rate * 2")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FigureDialog)  # itself: refused
        await type_into(pilot, formula, "spend_total / funds_received")
        assert "可以计算" in note(dialog, "formula")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.store.report.figures["exec_rate"].formula == "spend_total / funds_received"


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_delete_an_unused_figure_but_not_a_used_one(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        await figure_dialog(app, pilot, None)
        dialog = app.screen
        await type_into(pilot, dialog.query_one("#figure-label", Input), "临时")
        await type_into(pilot, dialog.query_one("#figure-id", Input), "scratch")
        await pilot.press("enter")
        await settle(app, pilot)
        table = app.main.figure_table
        table.select("spend_total")
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceDialog)  # used: refused with where it is used
        assert "spend_total" in app.store.report.figures
        assert any("仍被引用" in n.message for n in notifications(app))
        table.select("scratch")
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("y")
        await settle(app, pilot)
        assert "scratch" not in app.store.report.figures
        await pilot.press("ctrl+z")  # and back
        await settle(app, pilot)
        assert "scratch" in app.store.report.figures


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_a_typed_amount_becomes_a_figure_and_its_placeholder(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        main = app.main
        await select(app, pilot, "（二）项目支出")
        await pilot.press("enter", "ctrl+end")
        main.editor.insert("另有培训费12.5万元。")
        await settle(app, pilot)
        panel = main.problems_panel
        typed = next(p for p in panel.problems if p.id == "typed-amount" and "12.5万元" in p.message)
        assert "按 m" in str(panel.get_option_at_index(panel.problems.index(typed)).prompt)  # the TUI way
        await pilot.press("ctrl+r")
        panel.highlight(typed)
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, FigureDialog))
        dialog = app.screen
        assert dialog.query_one("#figure-label", Input).value == "另有培训费"
        assert dialog.query_one("#figure-value", Input).value == "12.5万元"
        await type_into(pilot, dialog.query_one("#figure-id", Input), "training")
        await pilot.press("enter")
        await settle(app, pilot)
        body = main.current_section.body
        assert body.endswith("另有培训费{{training}}。")
        assert main.editor.body_text == body
        assert str(app.store.report.figures["training"].value) == "12.5"
        assert not [p for p in app.problems if p.id == "typed-amount" and "12.5" in p.message]
        await pilot.press("ctrl+t", "ctrl+z")  # one step: figure and placeholder go together
        await settle(app, pilot)
        assert "training" not in app.store.report.figures
        assert "12.5万元" in app.store.report.sections[1].children[1].body


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_acknowledge_a_problem_with_a_reason(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        panel = app.main.problems_panel
        await pilot.press("ctrl+r")
        await pilot.pause()
        target = next(p for p in panel.problems if not p.acknowledged and p.severity == "warning")
        panel.highlight(target)
        await pilot.press("k")
        await wait_until(pilot, lambda: isinstance(app.screen, InputDialog))
        await pilot.press("enter")  # no reason: refused
        await pilot.pause()
        assert isinstance(app.screen, InputDialog)
        for ch in "原文如此":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(app, pilot)
        assert any(p.acknowledged and p.reason == "原文如此" and p.id == target.id for p in app.problems)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    data = tomllib.loads((sample / "report.toml").read_text("utf-8"))
    assert any(a.get("reason") == "原文如此" and a.get("problem") == target.id for a in data["acknowledged"])
