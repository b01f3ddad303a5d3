"""The editor's import from the 部门决算 at 80×24: the review dialog lists
each figure with a checkbox, the keyboard alone picks and confirms, and the
figures written are one step of the history that one undo takes back."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import SelectionList

from tui_report.tui.screens.accounts_import import AccountsImportDialog
from tui_report.tui.screens.dialogs import InputDialog
from tui_report.tui.textual_compat import notifications

from . import accounts_fixtures as F
from .tui_support import open_editor, pilot_test, settle, wait_until


def _prepare(sample) -> None:
    path = sample / "report.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('spend_total     = { label = "实际支出", value = 153.99 }',
                        'spend_total     = { label = "实际支出", value = 150.00 }')
    text = text.replace('spend_project   = { label = "项目支出", value = 28.67 }',
                        'spend_project   = { label = "项目支出", value = 28.67 }\n'
                        'staff_costs     = { label = "人员经费", value = "" }')
    path.write_text(text, encoding="utf-8")


@pilot_test
async def test_import_dialog_fits_80x24_and_is_one_undoable_step(sample, tmp_path):
    _prepare(sample)
    book = F.write("z_xls", tmp_path)
    original = (sample / "report.toml").read_text(encoding="utf-8")
    async with open_editor(sample, (80, 24)) as (app, pilot):
        await app.run_action("import_accounts")
        await wait_until(pilot, lambda: isinstance(app.screen, InputDialog) and bool(app.screen.query("#dialog-input")))
        dialog_input = app.screen.query_one("#dialog-input")
        dialog_input.value = str(book)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AccountsImportDialog)
                         and bool(app.screen.query(SelectionList)))
        dialog = app.screen
        assert isinstance(dialog, AccountsImportDialog)
        await pilot.pause()
        # the dialog is inside the 80×24 screen, its buttons too
        box = dialog.query_one(".accounts-dialog").region
        assert box.right <= 80 and box.bottom <= 24
        apply_button = dialog.query_one("#accounts-apply").region
        assert apply_button.bottom <= 24 and apply_button.right <= 80
        rows = dialog.query_one(SelectionList)
        assert app.screen.focused is rows
        ids = [r.id for r in dialog.review.rows]
        changing = {r.id for r in dialog.review.rows if r.changes}
        assert changing == {"spend_total", "spend_total.prev", "staff_costs", "balance_end"}
        assert {ids[n] for n in rows.selected} == changing  # the changes start checked
        assert "Z01 收入支出决算总表(财决01表)" in str(dialog.query_one("#accounts-source").render())
        # keyboard only: none, then check 实际支出 (本年) and 人员经费, then import
        await pilot.press("n")
        assert rows.selected == []
        for target in ("spend_total", "staff_costs"):
            rows.highlighted = ids.index(target)
            await pilot.press("space")
        assert {ids[n] for n in rows.selected} == {"spend_total", "staff_costs"}
        await pilot.press("i")
        await wait_until(pilot, lambda: app.screen is app.main)
        await settle(app, pilot)
        figures = app.store.report.figures
        assert figures["spend_total"].value == Decimal("153.99")
        assert figures["staff_costs"].value == F.wan(F.TRUTH["staff_costs"])
        assert figures["spend_total"].prev is None  # proposed, not checked
        assert figures["balance_end"].value == Decimal(0)
        assert app.store.report.accounts is not None
        assert app.store.report.accounts.workbook.endswith("决算-z_xls.xls")
        # one step: one undo restores report.toml as it was read
        app.undo()
        await settle(app, pilot)
        assert app.store.text_of("report.toml") == original
        assert app.store.report.figures["spend_total"].value == Decimal("150.00")
        app.undo(redo=True)
        await settle(app, pilot)
        assert app.store.report.figures["staff_costs"].value == F.wan(F.TRUTH["staff_costs"])
    # nothing was saved: the file on disk is untouched
    assert (sample / "report.toml").read_text(encoding="utf-8") == original


@pilot_test
async def test_escape_imports_nothing_and_a_bad_file_is_a_message(sample, tmp_path):
    book = F.write("public_xls", tmp_path)
    bad = F.write_bad("not_accounts", tmp_path)
    async with open_editor(sample, (80, 24)) as (app, pilot):
        before = app.store.text_of("report.toml")
        app.review_accounts(book)
        await wait_until(pilot, lambda: isinstance(app.screen, AccountsImportDialog)
                         and bool(app.screen.query(SelectionList)))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main)
        assert app.store.text_of("report.toml") == before
        assert not app.history.can_undo
        app.review_accounts(bad)
        await pilot.pause()
        assert app.screen is app.main
        assert any("不是部门决算导出的工作簿" in n.message for n in notifications(app))
