"""Structure edits from the outline: numbering follows, files follow."""

from __future__ import annotations

import subprocess

from tui_report.report.store import Store
from tui_report.tui.screens.dialogs import ChoiceDialog
from tui_report.tui.textual_compat import notifications

from .tui_support import git_init, open_editor, outline_labels, pilot_test, select, settle

SIZE = (100, 30)


def git_status(folder) -> list[str]:
    out = subprocess.run(["git", "status", "--porcelain"], cwd=folder, capture_output=True, text=True,
                         check=True).stdout
    return sorted(line.strip() for line in out.splitlines())


@pilot_test
async def test_add_section_and_subsection_renumber_and_create_a_file(sample):
    git_init(sample)
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await select(app, pilot, "二、一般公共预算支出情况")
        await pilot.press("a")
        await settle(app, pilot)
        labels = outline_labels(app)
        assert labels[labels.index("二、一般公共预算支出情况") + 3] == "三、新章节"
        assert "四、部门项目组织实施情况" in labels
        assert "十二、绩效自评结果拟应用和公开情况" in labels
        # the new section is open in the editor: give it a title
        assert app.main.current_section.title == "新章节"
        app.main.editor.title_input.focus()
        await pilot.press("ctrl+a", "ctrl+k")
        for ch in "其他事项":
            await pilot.press(ch)
        await pilot.press("ctrl+t", "s")  # a subsection of it
        await settle(app, pilot)
        labels = outline_labels(app)
        assert labels[labels.index("三、其他事项") + 1] == "（一）新章节"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert git_status(sample) == ["?? sections/section-1.toml", "M report.toml"]
    new = (sample / "sections/section-1.toml").read_text("utf-8")
    assert new == 'title = "其他事项"\n\n[[sections]]\ntitle = "新章节"\n'
    order = Store.open(sample).report.sections
    assert [s.id for s in order[:3]] == ["overview", "general-budget", "section-1"]


@pilot_test
async def test_move_up_and_down_swaps_numbers(sample):
    git_init(sample)
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await select(app, pilot, "（二）项目支出")
        await pilot.press("K")
        await settle(app, pilot)
        labels = outline_labels(app)
        i = labels.index("二、一般公共预算支出情况")
        assert labels[i + 1:i + 3] == ["（一）项目支出", "（二）基本支出"]
        assert app.main.outline.current.title == "项目支出"  # the cursor moved with it
        await select(app, pilot, "四、资产管理情况")
        await pilot.press("shift+up")
        await settle(app, pilot)
        labels = outline_labels(app)
        assert labels.index("三、资产管理情况") < labels.index("四、部门项目组织实施情况")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    # moving a top-level section touches only report.toml's list
    assert git_status(sample) == ["M report.toml", "M sections/general-budget.toml"]
    report = Store.open(sample).report
    assert [c.title for c in report.sections[1].children] == ["项目支出", "基本支出"]
    assert report.sections[2].id == "assets"


@pilot_test
async def test_delete_asks_then_removes_the_file(sample):
    git_init(sample)
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await select(app, pilot, "三、部门项目组织实施情况")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("n")
        await pilot.pause()
        assert "三、部门项目组织实施情况" in outline_labels(app)
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        labels = outline_labels(app)
        assert "三、资产管理情况" in labels
        assert not any("部门项目组织实施情况" in label for label in labels)
        assert app.main.current_section.title == "资产管理情况"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert git_status(sample) == ["D sections/project-implementation.toml", "M report.toml"]


@pilot_test
async def test_indent_then_outdent_round_trips_to_no_change(sample):
    git_init(sample)
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await select(app, pilot, "三、部门项目组织实施情况")
        await pilot.press("L")
        await settle(app, pilot)
        labels = outline_labels(app)
        assert "（三）部门项目组织实施情况" in labels
        assert "三、资产管理情况" in labels
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert git_status(sample) == ["D sections/project-implementation.toml", "M report.toml",
                                      "M sections/general-budget.toml"]
        await pilot.press("H")
        await settle(app, pilot)
        assert "三、部门项目组织实施情况" in outline_labels(app)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert git_status(sample) == []


@pilot_test
async def test_refused_edit_says_why_and_changes_nothing(sample):
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await select(app, pilot, "一、部门概况")
        await pilot.press("K", "H")
        await settle(app, pilot)
        assert not app.store.dirty_files()
        messages = [n.message for n in notifications(app)]
        assert "已在最前" in messages and "一级标题不能再升级" in messages
