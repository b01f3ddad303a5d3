"""Two colleagues in two real terminals (tmux), each in a clone of the
team's shared (bare) repository: each edits, saves a version and pushes or
pulls from the palette; the second gets the first's edit, merged paragraph
by paragraph, with no conflict marker anywhere."""

from __future__ import annotations

import shutil

import pytest

from tui_report.report import conflict_markers as cm

from .tmux_support import Tmux
from .versions_support import as_user, git, isolate_git, team

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timing,
    pytest.mark.xdist_group("tmux"),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed"),
]


@pytest.fixture(autouse=True)
def _git(tmp_path, monkeypatch):
    isolate_git(tmp_path, monkeypatch)


#: the palette's help line of each command, which shows once the search found it
FOUND = {"保存版本": "把当前报告保存为一个版本", "推送": "把本地保存的版本送到", "拉取": "从共享版本库取回"}


def run_palette(tmux: Tmux, name: str, words: str) -> None:
    tmux.keys(name, "C-p")
    tmux.wait_for(name, "搜索命令")
    tmux.text(name, words)
    tmux.wait_for(name, FOUND[words])
    tmux.keys(name, "Enter")


def save_version(tmux: Tmux, name: str, message: str) -> None:
    run_palette(tmux, name, "保存版本")
    tmux.wait_for(name, "说明（这个版本改了什么）")
    tmux.text(name, message)
    tmux.keys(name, "Enter")
    tmux.wait_for(name, "已保存版本")


def test_two_users_edit_save_push_and_pull_through_a_bare_remote(tmp_path, tmux):
    _server, a, b = team(tmp_path)
    env_a = [f"{k}={v}" for k, v in as_user("甲").items()]
    env_b = [f"{k}={v}" for k, v in as_user("乙").items()]

    # 甲: a new first paragraph in 一、部门概况, saved as a version and pushed
    tmux.start("a", a, *env_a, size=(100, 30))
    tmux.wait_for("a", "✗ 1 错误")  # the first check ran: the app takes keys
    tmux.into_body("a")
    tmux.text("a", "甲写的概况。")
    tmux.wait_for("a", "● 未保存")
    save_version(tmux, "a", "甲的概况")
    run_palette(tmux, "a", "推送")
    tmux.wait_for("a", "已推送到共享版本库")

    # 乙: an edit in 二（一）基本支出, saved; then pull (merged by paragraph) and push
    tmux.start("b", b, *env_b, size=(100, 30))
    tmux.wait_for("b", "✗ 1 错误")
    tmux.keys("b", "C-t")
    for _ in range(6):
        tmux.keys("b", "Down")
    tmux.wait_for("b", "标题 基本支出")
    tmux.keys("b", "Enter")
    tmux.wait_body_focused("b")
    tmux.text("b", "乙补充的话。")
    tmux.wait_for("b", "● 未保存")
    save_version(tmux, "b", "乙的补充")
    run_palette(tmux, "b", "拉取")
    tmux.wait_for("b", "已取回同事的新版本")
    tmux.keys("b", "C-t", "Home")  # 一、部门概况: the editor shows the pulled text
    tmux.wait_for("b", "甲写的概况")
    run_palette(tmux, "b", "推送")
    tmux.wait_for("b", "已推送到共享版本库")

    # 甲 pulls 乙's edit
    run_palette(tmux, "a", "拉取")
    tmux.wait_for("a", "已取回同事的新版本")

    for folder in (a, b):
        overview = (folder / "sections/overview.toml").read_text("utf-8")
        budget = (folder / "sections/general-budget.toml").read_text("utf-8")
        assert "甲写的概况。" in overview and "乙补充的话。" in budget
        for path in (folder / "sections").glob("*.toml"):
            assert not cm.has_markers(path.read_text("utf-8")), path
        assert not cm.has_markers((folder / "report.toml").read_text("utf-8"))
        assert git(folder, "status", "--porcelain") == ""
    log = git(b, "log", "--format=%an %s")
    assert "甲 甲的概况" in log and "乙 乙的补充" in log
