"""Versions in the editor, driven by keys through the real app (Pilot) at
80×24 and 120×40: save a version from the palette, open the history, read
a version's difference, restore a section from an older version, undo the
restore; and a merge conflict resolved in the resolver."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from textual.widgets import Input, OptionList, TextArea

from tui_report.report import conflict_markers as cm
from tui_report.report.store import Store
from tui_report.tui.screens.dialogs import InputDialog
from tui_report.tui.screens.merge_resolver import EditBlockDialog, MergeResolverScreen
from tui_report.tui.screens.versions import VersionsScreen
from tui_report.tui.textual_compat import notifications
from tui_report.versions.save import save_version
from tui_report.versions.setup import setup

from .conftest import SAMPLE
from .tui_support import open_editor, palette_found, pilot_test, settle, wait_until
from .versions_support import OVERVIEW, P1_END, edit, git, isolate_git, team

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def _git(tmp_path, monkeypatch):
    isolate_git(tmp_path, monkeypatch)


@pytest.fixture
def versioned(tmp_path):
    """The sample in a repository with one version, "第一版"."""
    folder = tmp_path / "report"
    shutil.copytree(SAMPLE, folder)
    setup(folder, hook=False)
    save_version(folder, "第一版")
    return folder


async def palette(app, pilot, words: str) -> None:
    await pilot.press("ctrl+p")
    for ch in words:
        await pilot.press(ch)
    await palette_found(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)


def said(app, start: str) -> bool:
    return any(n.message.startswith(start) for n in notifications(app))


def option_texts(widget: OptionList) -> list[str]:
    return [str(widget.get_option_at_index(n).prompt) for n in range(widget.option_count)]


@pytest.mark.parametrize("size", SIZES)
@pilot_test
async def test_save_history_difference_restore_and_undo(versioned, size):
    async with open_editor(versioned, size=size) as (app, pilot):
        # an edit, typed into the first section's text
        await pilot.press("ctrl+g")
        for ch in "新写的一句。":
            await pilot.press(ch)
        await settle(app, pilot)
        # 保存版本: the files are written, then the message asked for with the changes listed
        await palette(app, pilot, "保存版本")
        await wait_until(pilot, lambda: isinstance(app.screen, InputDialog))
        dialog = app.screen
        prompt = " ".join(str(label.render()) for label in dialog.query("Label"))
        assert "部门概况（改动）" in prompt and "新写的一句" in prompt
        dialog.query_one(Input).value = "补了一句"
        await pilot.press("enter")
        await wait_until(pilot, lambda: said(app, "已保存版本"))
        assert git(versioned, "log", "--format=%s", "-n1").strip() == "补了一句"
        assert git(versioned, "status", "--porcelain") == ""
        # 版本历史: newest first, its difference on the right
        await palette(app, pilot, "版本历史")
        await wait_until(pilot, lambda: isinstance(app.screen, VersionsScreen))
        screen = app.screen
        assert isinstance(screen, VersionsScreen)
        versions = screen.query_one("#versions-list", OptionList)
        assert "补了一句" in option_texts(versions)[0] and "第一版" in option_texts(versions)[1]
        changes = screen.query_one("#versions-changes", OptionList)
        first = option_texts(changes)[0]
        assert first.startswith("一、部门概况（改动）") and "{+新写的一句" in first
        await pilot.press("enter")  # into the difference
        assert screen.focused is changes
        # restore 部门概况 as 第一版 had it
        await pilot.press("escape")
        assert screen.focused is versions
        await pilot.press("down")
        await settle(app, pilot)
        assert "第一版" in option_texts(versions)[versions.highlighted or 0]
        await pilot.press("enter")
        texts = option_texts(changes)
        assert texts[0].startswith("部门概况（新增）")
        await pilot.press("r")
        await settle(app, pilot)
        assert said(app, "已把“部门概况”恢复为版本") or said(app, "已把“一、部门概况”恢复为版本")
        assert "新写的一句" not in app.store.text_of(OVERVIEW)
        assert app.store.dirty_files() == [OVERVIEW]
        await pilot.press("escape")
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is app.main
        assert "新写的一句" not in app.main.editor.body_text
        # undo the restore (the outline's Ctrl+Z)
        await pilot.press("ctrl+t")
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert "新写的一句" in app.store.text_of(OVERVIEW)
        assert app.store.dirty_files() == []
        assert "新写的一句" in app.main.editor.body_text


@pytest.mark.parametrize("size", SIZES)
@pilot_test
async def test_a_conflict_from_a_pull_is_resolved_in_the_resolver(tmp_path, size, monkeypatch):
    _server, a, b = team(tmp_path)
    edit(a / OVERVIEW, P1_END, P1_END + "甲的说法。")
    git(a, "commit", "-qam", "甲")
    git(a, "push", "-q")
    edit(b / OVERVIEW, P1_END, P1_END + "乙的说法。")
    edit(b / "report.toml", "value = 153.99", "value = 170.00")
    edit(a / "report.toml", "value = 153.99", "value = 160.00")
    git(a, "commit", "-qam", "甲的数字")
    git(a, "push", "-q")
    git(b, "commit", "-qam", "乙")
    from tui_report.versions.remote import pull

    assert pull(b).outcome == "conflicts"
    assert cm.has_markers((b / OVERVIEW).read_text("utf-8"))
    async with open_editor(b, size=size) as (app, pilot):
        await wait_until(pilot, lambda: isinstance(app.screen, MergeResolverScreen))
        screen = app.screen
        assert isinstance(screen, MergeResolverScreen)
        assert len(screen.items) == 2  # the paragraph and the figure
        title = str(screen.query_one("#resolver-title").render())
        assert "1/2" in title
        ours = str(screen.query_one("#resolver-ours-text").render())
        theirs = str(screen.query_one("#resolver-theirs-text").render())
        first_file = screen.item[0]
        if first_file == OVERVIEW:
            assert "乙的说法" in ours and "甲的说法" in theirs
            await pilot.press("e")  # rewrite the paragraph: both views in one sentence
            await wait_until(pilot, lambda: isinstance(app.screen, EditBlockDialog))
            area = app.screen.query_one(TextArea)
            area.text = area.text.replace("乙的说法。", "甲乙商定的说法。")
            await pilot.press("tab")
            await pilot.press("enter")
            await settle(app, pilot)
            await pilot.press("t")  # the figure: theirs (160.00)
        else:
            assert "170.00" in ours and "160.00" in theirs
            await pilot.press("t")
            await settle(app, pilot)
            await pilot.press("e")
            await wait_until(pilot, lambda: isinstance(app.screen, EditBlockDialog))
            area = app.screen.query_one(TextArea)
            area.text = area.text.replace("乙的说法。", "甲乙商定的说法。")
            await pilot.press("tab")
            await pilot.press("enter")
        await settle(app, pilot)
        await wait_until(pilot, lambda: app.screen is app.main)
        assert said(app, "已解决 2 处合并冲突")
        assert not any(p.id == "merge-conflict" for p in app.problems)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    text = (b / OVERVIEW).read_text("utf-8")
    assert not cm.has_markers(text) and P1_END + "甲乙商定的说法。" in text
    report = (b / "report.toml").read_text("utf-8")
    assert not cm.has_markers(report) and 'value = 160.00 }' in report
    assert Store.open(b).report.figures["spend_total"].value == 160
    # the merge is finished by saving a version
    done = subprocess.run(["git", "status", "--porcelain"], cwd=b, capture_output=True, text=True).stdout
    assert "UU" in done or "M" in done
    saved = save_version(b, "合并")
    assert saved.merge
    assert git(b, "status", "--porcelain") == ""
