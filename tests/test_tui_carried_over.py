"""Next year's report in the editor: sections with last year's unreviewed
words are marked ◦ and counted, Ctrl+F goes to the next such paragraph, and
Ctrl+L shows what changed word by word, copies last year's paragraph (c)
and marks one reviewed as it is (r)."""

from __future__ import annotations

import shutil
import tomllib

import pytest

from tui_report.tui import strings as S
from tui_report.tui.screens.last_year import LastYearScreen
from tui_report.yearly.new_year import new_report

from .tui_support import open_editor, pilot_test, select, settle, wait_until

SIZES = [(80, 24), (120, 40)]
ids = {"ids": lambda s: f"{s[0]}x{s[1]}"}


@pytest.fixture
def next_year(tmp_path, sample):
    old = tmp_path / "2022"
    shutil.copytree(sample, old)
    new_report(old, tmp_path / "2023")
    return tmp_path / "2023"


def unreviewed(app) -> int:
    return sum(1 for p in app.problems if p.id == "carried-over" and not p.acknowledged)


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_unreviewed_sections_are_marked_and_counted(next_year, size):
    async with open_editor(next_year, size=size) as (app, pilot):
        main = app.main
        count = unreviewed(app)
        assert count > 20 and main.status.unreviewed == count
        assert S.STATUS_UNREVIEWED.format(n=count) in str(main.status.render())
        labels = [n.label.plain for n in main.outline.root.children]
        assert any(label.endswith(S.UNREVIEWED_MARK) for label in labels)
        # rewrite the first section's paragraphs: its mark goes, the count drops
        await select(app, pilot, "三、")
        section = main.current_section
        await pilot.press("enter", "ctrl+home")
        for ch in "本年":
            await pilot.press(ch)
        await settle(app, pilot)
        assert unreviewed(app) < count
        node = next(n for n in main.outline.root.children if n.data is section)
        assert not node.label.plain.endswith(S.UNREVIEWED_MARK)


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_ctrl_f_goes_to_the_next_unreviewed_paragraph(next_year, size):
    async with open_editor(next_year, size=size) as (app, pilot):
        main = app.main
        seen = []
        for _ in range(3):
            await pilot.press("ctrl+f")
            await settle(app, pilot)
            assert app.focused is main.editor.body_area
            here = (main.current_section.file, main.current_section.path, main.editor.cursor_offset)
            body = main.current_section.body
            offset = main.editor.cursor_offset
            assert offset == 0 or body[offset - 1] == "\n"  # at the start of a paragraph
            assert here not in seen
            seen.append(here)


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_ctrl_l_marks_changed_words_and_copies_last_years_paragraph(next_year, size):
    path = next_year / "sections/performance.toml"
    path.write_text(path.read_text("utf-8").replace("共计300多人", "共计350多人"), "utf-8")
    async with open_editor(next_year, size=size) as (app, pilot):
        await select(app, pilot, "3.组织举办好")
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, LastYearScreen))
        view = app.screen
        while "350" not in view.rows[view.row][1]:
            await pilot.press("j")
        old, new = view.side_text("old", marked=True), view.side_text("new", marked=True)
        assert "[-300-]" in old and "{+350+}" in new  # only the changed word is marked
        assert "[-组织" not in old
        await pilot.press("c")  # take last year's paragraph back
        await settle(app, pilot)
        assert "共计300多人" in app.store.report.section_at(*_where(app, "3.组织举办好")).body
        assert "{+350+}" not in view.side_text("new", marked=True)


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_r_marks_a_paragraph_reviewed_as_it_is(next_year, size):
    async with open_editor(next_year, size=size) as (app, pilot):
        count = unreviewed(app)
        await select(app, pilot, "四、")
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, LastYearScreen))
        await pilot.press("r")
        await settle(app, pilot)
        assert unreviewed(app) == count - 1
        await pilot.press("r")  # once is enough: said, nothing written twice
        await settle(app, pilot)
        assert unreviewed(app) == count - 1
        await pilot.press("escape", "ctrl+s")
        await settle(app, pilot)
    data = tomllib.loads((next_year / "report.toml").read_text("utf-8"))
    assert [a["reason"] for a in data["acknowledged"] if a["problem"] == "carried-over"] == [S.REVIEWED_REASON]


def _where(app, prefix):
    from tui_report.report.structure import outline

    entry = next(e for e in outline(app.store.report) if e.label.startswith(prefix) or
                 (e.number + e.section.title).startswith(prefix))
    return entry.section.file, tuple(entry.section.path)
