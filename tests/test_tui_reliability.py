"""Nothing lost in the editor itself: a hang-up or SIGTERM leaves the typed
text in a recovery file that the next opening offers back; unsaved edits are
checkpointed on a timer; files changed on disk are never overwritten
without the user's choice; a second editor opens read-only and names the
holder; no file of the bad-input corpus crashes the editor.

Hang-ups, terminations and the second editor are real processes in tmux,
with real signals; the rest runs the app with Textual's Pilot."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console
from textual import events
from textual.widgets import Static

from tui_report.report.lock import holder, this_host, this_user
from tui_report.report.store import ReportError, Store
from tui_report.report.structure import outline
from tui_report.tui import strings as S
from tui_report.tui.app import TuiReportApp, run_app
from tui_report.tui.screens.conflict import ConflictDialog, DiffScreen
from tui_report.tui.screens.recovery import RecoveryDialog
from tui_report.tui.textual_compat import notifications

from .bad_inputs import cases
from .conftest import ROOT
from .tmux_support import Tmux
from .tui_support import open_editor, outline_labels, pilot_test, select, settle, wait_until

SIZE = (100, 30)
BUDGET = "sections/general-budget.toml"


def text_of(renderable) -> str:
    console = Console(file=io.StringIO(), width=200, record=True)
    console.print(renderable)
    return console.export_text()


def screen_text(screen) -> str:
    """Every Static and Label of a screen, as shown."""
    return "\n".join(text_of(w.content) for w in screen.query(Static))


def recovery_files(root: Path) -> list[Path]:
    folder = root / ".tui-report" / "recovery"
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def recovered_buffers(root: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in recovery_files(root):
        try:
            out.update(json.loads(path.read_text("utf-8"))["buffers"])
        except (OSError, ValueError, KeyError):
            pass  # being replaced right now
    return out


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)


# --- the checkpoint timer ----------------------------------------------------------------

@pilot_test
async def test_checkpoint_timer(sample):
    disk = (sample / BUDGET).read_bytes()
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await select(app, pilot, "（一）基本支出")
        await pilot.press("enter", "ctrl+end")
        await type_text(pilot, "计时保存")
        await settle(app, pilot)
        # nobody saves: within a few seconds the text is in a recovery file
        await wait_until(pilot, lambda: "计时保存" in recovered_buffers(sample).get(f"file:{BUDGET}", ""))
        assert (sample / BUDGET).read_bytes() == disk  # never over the real file
        text = recovered_buffers(sample)[f"file:{BUDGET}"]
        assert body_of_basic(text) == Store.open(sample).report.sections[1].children[0].body + "计时保存"
        # more typing: the next checkpoint has it too
        await type_text(pilot, "又一句")
        await wait_until(pilot, lambda: "计时保存又一句" in recovered_buffers(sample).get(f"file:{BUDGET}", ""))
        # saved: the recovery file goes
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "三公经费。计时保存又一句" in (sample / BUDGET).read_text("utf-8")
        await wait_until(pilot, lambda: recovery_files(sample) == [])


def body_of_basic(file_text: str) -> str:
    """The 二（一） body in a text of general-budget.toml."""
    import tomllib

    return tomllib.loads(file_text)["sections"][0]["body"].removesuffix("\n")


# --- files changed on disk -----------------------------------------------------------------

def theirs(root: Path) -> str:
    """A colleague's change to general-budget.toml, written to disk."""
    path = root / BUDGET
    text = path.read_text("utf-8").replace("基本支出", "基本开支", 1)
    path.write_text(text, "utf-8")
    return text


async def choose(pilot, dialog, choice: str) -> None:
    """Press a dialog's button from the keyboard: Tab to it, Enter."""
    await choose_button(pilot, f"#choice-{choice}", dialog)


def conflict_asked(app, words: str) -> bool:
    """The external-change question is up and says ``words`` (a screen is
    current a moment before its widgets are mounted)."""
    return isinstance(app.screen, ConflictDialog) and words in screen_text(app.screen)


@pilot_test
async def test_external_change_dialog(sample):
    app = TuiReportApp(sample)
    path = sample / BUDGET
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await select(app, pilot, "（一）基本支出")
        await pilot.press("enter", "ctrl+end", "甲")
        await settle(app, pilot)

        # the timer notices; typing on cannot answer (no letter keys), Enter puts it off
        disk = theirs(sample)
        await wait_until(pilot, lambda: conflict_asked(app, "磁盘上已被修改"))
        dialog = app.screen
        assert not dialog.from_save and dialog.rel == BUDGET
        assert BUDGET in screen_text(dialog) and "磁盘上已被修改" in screen_text(dialog)
        await type_text(pilot, "rod")
        assert app.screen is dialog
        # show the diff: disk against mine, then back to the question
        await choose(pilot, dialog, "diff")
        assert isinstance(app.screen, DiffScreen)
        diff = [line.rstrip() for line in screen_text(app.screen).splitlines()]
        assert '-title = "基本开支"' in diff and '+title = "基本支出"' in diff
        assert any(line.startswith("+") and line.endswith("三公经费。甲") for line in diff)
        assert any(line.startswith("-") and line.endswith("三公经费。") for line in diff)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("enter")  # the focused button: decide later
        await pilot.pause()
        assert app.screen is app.main
        assert path.read_text("utf-8") == disk and app.store.dirty_files() == [BUDGET]
        # put off: looking again (as the timer and focus do) does not ask again
        app.guard.poll(full=True)
        await pilot.pause()
        assert app.screen is app.main

        # Ctrl+S asks again, with letters; "n" saves nothing
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog) and app.screen.from_save
        await pilot.press("n")
        await pilot.pause()
        assert path.read_text("utf-8") == disk and app.main.status.dirty

        # reload: the disk's version, mine of this file dropped, the view shows it
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("r")
        await settle(app, pilot)
        assert path.read_text("utf-8") == disk  # nothing written
        assert not app.store.dirty_files()
        section = app.main.current_section
        assert section is app.store.report.sections[1].children[0]  # fetched from the new model
        assert section.title == "基本开支" and not section.body.endswith("甲")
        assert app.main.editor.title_text == "基本开支"
        assert "（一）基本开支" in outline_labels(app)

        # keep mine: the save writes mine over theirs, chosen explicitly
        await pilot.press("ctrl+g", "ctrl+end", "乙")
        await settle(app, pilot)
        path.write_text(path.read_text("utf-8").replace("基本开支", "基本费用", 1), "utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        if not (isinstance(app.screen, ConflictDialog) and app.screen.from_save):
            await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog) and app.screen.from_save)
        await pilot.press("d")  # the diff first
        await pilot.pause()
        assert isinstance(app.screen, DiffScreen) and "基本费用" in screen_text(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("o")
        await settle(app, pilot)
        written = path.read_text("utf-8")
        assert "三公经费。乙" in written and "基本费用" not in written
        assert not app.store.dirty_files() and not app.main.status.dirty


@pilot_test
async def test_external_deletion_dialog(sample):
    app = TuiReportApp(sample)
    path = sample / BUDGET
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await select(app, pilot, "（一）基本支出")
        await pilot.press("enter", "ctrl+end", "丙")
        await settle(app, pilot)
        path.unlink()
        await wait_until(pilot, lambda: conflict_asked(app, "已在磁盘上被删除"))
        await pilot.press("enter")  # later
        await pilot.pause()
        assert not path.exists()
        # keep mine: written again
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog) and app.screen.kind == "deleted"
        await pilot.press("o")
        await settle(app, pilot)
        assert "三公经费。丙" in path.read_text("utf-8")
        # accept a deletion: the section says its file is gone, nothing written
        await pilot.press("ctrl+g", "丁")
        await settle(app, pilot)
        path.unlink()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("r")
        await settle(app, pilot)
        assert not path.exists() and not app.store.dirty_files()
        top = app.store.report.sections[1]
        assert top.error and "文件不存在" in top.error
        assert app.main.editor.body_area.read_only


@pilot_test
async def test_unedited_files_are_taken_from_disk_when_focus_returns(sample):
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await select(app, pilot, "（二）项目支出")
        await pilot.press("enter", "ctrl+end", "戊")
        await settle(app, pilot)
        old_report = app.store.report
        # a `git pull` changed a file I have not touched (same size, so only a
        # hash tells), and the terminal gets focus back
        assert (sample / "sections/assets.toml").read_text("utf-8").count("资产管理情况") == 1
        text = (sample / "sections/assets.toml").read_text("utf-8").replace("资产管理情况", "资产管理概况")
        (sample / "sections/assets.toml").write_text(text, "utf-8")
        app.post_message(events.AppFocus())
        await wait_until(pilot, lambda: app.store.report is not old_report)
        await settle(app, pilot)
        assert "四、资产管理概况" in outline_labels(app)
        assert app.store.dirty_files() == [BUDGET]  # mine kept
        assert app.main.current_section.body.endswith("戊")
        assert app.main.current_section is app.store.report.sections[1].children[1]
        assert any("资产" in n.message or "assets" in n.message for n in notifications(app))
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert "资产管理概况" in (sample / "sections/assets.toml").read_text("utf-8")
    assert "三公经费" in (sample / BUDGET).read_text("utf-8") and "戊" in (sample / BUDGET).read_text("utf-8")


# --- the recovery offer ---------------------------------------------------------------------

CRASHED = """
import os, sys
from tui_report.report import recovery
from tui_report.report.store import Store
store = Store.open(sys.argv[1])
section = store.report.sections[1].children[0]
store.set_body(section, section.body + sys.argv[2])
recovery.checkpoint(store)
os._exit(9)
"""


def crashed_editor(root: Path, typed: str) -> None:
    proc = subprocess.run([sys.executable, "-c", CRASHED, str(root), typed], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 9, proc.stderr


def recovery_offered(app) -> bool:
    """The recovery dialog is up with its diff and buttons (a screen is
    current a moment before its widgets are mounted)."""
    screen = app.screen
    return isinstance(screen, RecoveryDialog) and bool(screen.query("#recovery-restore")) \
        and "+" in screen_text(screen)


@pilot_test
async def test_recovery_is_offered_with_its_diff_and_each_choice_does_what_it_says(sample):
    crashed_editor(sample, "断线前")
    disk = (sample / BUDGET).read_bytes()

    # keep for later: nothing changes, the next opening offers it again
    app = TuiReportApp(sample)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: recovery_offered(app))
        shown = screen_text(app.screen)
        assert BUDGET in shown and "+" in shown and "三公经费。断线前" in shown
        await pilot.press("d", "x")  # discarding has no letter key
        assert isinstance(app.screen, RecoveryDialog)
        await pilot.press("k")
        await wait_until(pilot, lambda: app.screen is app.main)
        assert not app.store.dirty_files() and len(recovery_files(sample)) == 1

    # restore: the text comes back as an unsaved edit, then saves
    app = TuiReportApp(sample)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: recovery_offered(app))
        await pilot.press("r")
        await settle(app, pilot)
        assert (sample / BUDGET).read_bytes() == disk
        assert app.store.dirty_files() == [BUDGET] and app.main.status.dirty
        assert app.store.report.sections[1].children[0].body.endswith("三公经费。断线前")
        await select(app, pilot, "（一）基本支出")
        assert app.main.editor.body_text.endswith("三公经费。断线前")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert "三公经费。断线前" in (sample / BUDGET).read_text("utf-8")
    assert recovery_files(sample) == []

    # discard: deleted, never offered again
    crashed_editor(sample, "再次断线")
    app = TuiReportApp(sample)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: recovery_offered(app))
        await choose_button(pilot, "#recovery-discard")
        await wait_until(pilot, lambda: app.screen is app.main)
        assert not app.store.dirty_files()
    assert recovery_files(sample) == []
    assert "再次断线" not in (sample / BUDGET).read_text("utf-8")


async def choose_button(pilot, selector: str, within=None) -> None:
    """Tab to the button ``selector`` (on ``within``, default the screen)
    and press Enter, as a keyboard user would."""
    app = pilot.app
    target = (within or app.screen).query_one(selector)
    for _ in range(10):
        if app.focused is target:
            break
        await pilot.press("tab")
    assert app.focused is target
    await pilot.press("enter")
    await pilot.pause()


@pilot_test
async def test_quit_without_saving_leaves_no_recovery(sample):
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await pilot.press("ctrl+g", "草")
        await wait_until(pilot, lambda: recovery_files(sample) != [])
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")  # quit without saving, chosen
        await pilot.pause()
    assert recovery_files(sample) == []


# --- bad files --------------------------------------------------------------------------------

CASES = cases()


@pilot_test
async def test_bad_inputs_open_in_tui(tmp_path, capsys):
    shown_broken = 0
    for case in CASES:
        root = case.materialize(tmp_path)
        if not case.opens:
            with pytest.raises(ReportError):
                TuiReportApp(root)
            assert run_app(root) == 2
            err = capsys.readouterr().err
            assert case.expect[0].line_text() in err, case.name
            continue
        async with open_editor(root, size=SIZE) as (app, pilot):
            assert app.is_running and app.screen is app.main, case.name
            messages = "\n".join(p.message for p in app.problems)
            for expect in case.expect:
                totals = re.fullmatch(r"(\d+) 个错误，(\d+) 个警告", expect.text)
                if expect.file is None and totals:  # `check`'s summary line: the status line's counts
                    status = app.main.status
                    assert (status.errors, status.warnings) == tuple(map(int, totals.groups())), case.name
                    continue
                assert expect.text in messages, (case.name, expect.text)
            # every section that cannot be read shows why, read-only, with the way out
            broken = [s for s in app.store.report.sections if s.error][:3]
            for section in broken:
                app.main.outline.select_section(section)
                await pilot.pause()
                editor = app.main.editor
                assert editor.section is section, case.name
                assert section.error in editor.body_text and "F4" in editor.body_text
                assert editor.body_area.read_only and editor.title_input.disabled
                await pilot.press("f4")  # the file itself in $EDITOR: needs a terminal, which is said
                await pilot.pause()
                # (a symlink, or a path leading out of the report, is refused instead)
                said = {S.EDITOR_UNSUPPORTED, S.BROKEN_REFUSED.format(file=section.file)}
                assert said & {n.message for n in notifications(app)}, case.name
                shown_broken += 1
            assert app.is_running, case.name
        assert app.return_value is None or app.return_value == 0, case.name
    assert shown_broken >= 10  # the corpus has that many unreadable section files


# --- real processes in tmux ---------------------------------------------------------------------

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed")


def wait_gone(pid: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise AssertionError(f"process {pid} still running")


def lock_file(root: Path) -> Path:
    return root / ".tui-report" / "lock"


TYPED = "断线前输入的文字，未保存"


def open_and_type(tmux: Tmux, sample: Path) -> int:
    pid = tmux.start("ed", sample)
    tmux.wait_for("ed", "一、部门概况")
    tmux.wait_for("ed", "✗ 1 错误")  # the first check run finished: keys are taken
    assert holder(sample).pid == pid  # the editor holds the report
    tmux.into_body("ed")  # the body of 一、
    tmux.text("ed", TYPED)
    tmux.wait_for("ed", TYPED[:6])
    tmux.wait_for("ed", "● 未保存")
    return pid


def reopen_and_restore(tmux: Tmux, sample: Path, disk: bytes) -> None:
    assert (sample / "sections/overview.toml").read_bytes() == disk  # never over the real file
    assert not lock_file(sample).exists()  # the lock was given back
    tmux.start("again", sample)
    screen = tmux.wait_for("again", S.RECOVERY_TITLE)
    assert "sections/overview.toml" in screen
    tmux.keys("again", "r")
    tmux.wait_for("again", "● 未保存")
    tmux.keys("again", "C-s")
    tmux.wait_for("again", "已保存 1 个文件")
    tmux.keys("again", "C-q")
    top = Store.open(sample).report.sections[0]
    assert top.body.startswith(TYPED)  # exactly what was typed, where it was typed
    assert top.body[len(TYPED):] == Store.open(sample).report.sections[0].body[len(TYPED):]


@pytest.mark.slow
@pytest.mark.xdist_group("tmux")
@needs_tmux
@pytest.mark.parametrize("how", ["hangup", "terminate"])
def test_hangup_restore(sample, tmux, how):
    """`tmux kill-session` hangs up the terminal as a dropped SSH connection
    does (SIGHUP); `terminate` sends SIGTERM."""
    disk = (sample / "sections/overview.toml").read_bytes()
    body = Store.open(sample).report.sections[0].body
    pid = open_and_type(tmux, sample)
    if how == "hangup":
        tmux("kill-session", "-t", "ed")
    else:
        os.kill(pid, signal.SIGTERM)
    wait_gone(pid)
    # written by the signal handler: the pane is gone, the text is not
    assert any(TYPED in text for text in recovered_buffers(sample).values())
    reopen_and_restore(tmux, sample, disk)
    assert Store.open(sample).report.sections[0].body == TYPED + body
    assert recovery_files(sample) == []


@pilot_test
async def _second_instance(sample: Path, first_pid: int) -> None:
    app = TuiReportApp(sample, guard=True)  # takes the lock, as `tui-report` does
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.read_only
        status = app.main.status.render().plain
        assert S.STATUS_READ_ONLY in status and f"{this_user()}@{this_host()} 正在编辑" in status
        notes = [n.message for n in notifications(app)]
        assert any(f"进程 {first_pid}" in m and this_host() in m for m in notes), notes
        await pilot.press("ctrl+g", "己")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.store.dirty_files()
        assert holder(sample).pid == first_pid  # not taken, not released
    assert holder(sample).pid == first_pid


@pilot_test
async def test_no_lock_possible_opens_read_only_with_the_reason(sample):
    (sample / ".tui-report").write_text("", "utf-8")  # a file where the editor's folder goes
    async with open_editor(sample, guard=True, size=SIZE) as (app, pilot):
        assert app.read_only
        assert f"{S.STATUS_READ_ONLY}（{S.LOCK_UNAVAILABLE}）" in app.main.status.render().plain
        assert any(".tui-report 应为文件夹" in n.message for n in notifications(app))
        await pilot.press("ctrl+g", "辛", "ctrl+s")
        await settle(app, pilot)
        assert not app.store.dirty_files()


@pytest.mark.slow
@pytest.mark.xdist_group("tmux")
@needs_tmux
def test_two_instances_read_only(sample, tmux):
    first = tmux.start("first", sample)
    tmux.wait_for("first", "✗ 1 错误")
    assert holder(sample).pid == first
    _second_instance(sample, first)
    # the first editor is unaffected and can still save
    screen = tmux.screen("first")
    assert S.STATUS_READ_ONLY not in screen
    tmux.into_body("first")
    tmux.text("first", "庚")
    tmux.wait_for("first", "● 未保存")
    tmux.keys("first", "C-s")
    tmux.wait_for("first", "已保存 1 个文件")
    # a second real `tui-report` says so on screen
    tmux.start("second", sample)
    screen = tmux.wait_for("second", f"{this_user()}@{this_host()} 正在编辑")
    assert f"{S.STATUS_READ_ONLY}（{this_user()}@{this_host()} 正在编辑）" in screen
    tmux.keys("second", "C-q")
    tmux.keys("first", "C-q")
    wait_gone(first)
    assert not lock_file(sample).exists()
    assert Store.open(sample).report.sections[0].body.startswith("庚")


@pytest.mark.slow
@pytest.mark.xdist_group("tmux")
@needs_tmux
def test_broken_section_opens_in_editor_and_is_read_again(sample, tmp_path, tmux):
    path = sample / "sections/assets.toml"
    good = path.read_text("utf-8")
    path.write_text(good.replace('title = "资产管理情况"', 'title = "资产管理情况'), "utf-8")
    fixer = tmp_path / "fix.sh"  # $EDITOR: a user fixing the quote
    fixer.write_text(f"#!/bin/sh\ncp {shlex.quote(str(tmp_path / 'good.toml'))} \"$1\"\n", "utf-8")
    fixer.chmod(0o755)
    (tmp_path / "good.toml").write_text(good.replace("资产管理情况", "资产管理情况（已修复）"), "utf-8")
    entries = outline(Store.open(sample).report)
    line = next(n for n, e in enumerate(entries) if e.section.file == "sections/assets.toml")
    tmux.start("ed", sample, f"EDITOR={fixer}")
    tmux.wait_for("ed", "问题 ✗")  # the first check run finished: keys are taken
    tmux.keys("ed", "C-t")  # the outline: the editor opens with the keyboard in the text
    tmux.keys("ed", *["Down"] * line)  # to 四、 in the outline
    screen = tmux.wait_for("ed", "仅供查看")
    assert "F4" in screen
    tmux.keys("ed", "F4")
    tmux.wait_for("ed", "资产管理情况（已修复）")
    tmux.wait_for("ed", "已重新读取 sections/assets.toml")
    tmux.keys("ed", "C-q")
    assert path.read_text("utf-8") == (tmp_path / "good.toml").read_text("utf-8")
