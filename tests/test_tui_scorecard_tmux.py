"""At 80×24 in a real terminal (tmux): F6, a score changed from the
keyboard, the total and grade follow on screen; saved, `check` finds no
total or grade problem, and scorecard.toml stores no total (the typed one
agreed with the scores, so it is computed from now on)."""

from __future__ import annotations

import shutil
import time

import pytest

from tui_report import checks
from tui_report.report.scorecard import parse
from tui_report.report.store import Store
from tui_report.tui import strings as S

from .test_tui_e2e_focus import wait_gone

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("tmux"),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed"),
]


def test_f6_score_edit_total_and_grade_follow_and_nothing_stale_is_saved(sample, tmux):
    pid = tmux.start("ed", sample, size=(80, 24))
    tmux.wait_for("ed", "一、部门概况")
    tmux.wait_for("ed", "问题 ✗")  # the first check run finished: keys are taken
    tmux.keys("ed", "F6")
    tmux.wait_for("ed", "总分 96.69")
    tmux.keys("ed", *["Right"] * 6)  # 一级 二级 三级 指标值 完成值 分值 → 得分
    tmux.keys("ed", "Enter")
    tmux.wait_for("ed", "修改自评表")  # the dialog, with the cell's value in its field
    time.sleep(0.5)  # its field takes the keyboard once mounted
    tmux.keys("ed", "End", *["BSpace"] * 6)
    tmux.text("ed", "5")
    tmux.keys("ed", "Enter")
    screen = tmux.wait_for("ed", "总分 86.69")
    assert "等级 良" in screen
    tmux.keys("ed", "C-s")
    tmux.wait_for("ed", S.SAVED.format(n=1))
    tmux.keys("ed", "Escape")
    tmux.wait_for("ed", "一、部门概况")
    tmux.keys("ed", "C-q")
    wait_gone(tmux, "ed", pid)

    text = (sample / "scorecard.toml").read_text("utf-8")
    card = parse(text)
    assert str(card.indicators[0].score) == "5"
    assert card.total is None and "total =" not in text and card.grade == ""
    found = {p.id for p in checks.run(Store.open(sample).report)}
    assert not {"score-total", "score-grade"} & found
    assert "score-rule" in found  # 5 is not what 20 of 20 场次 gives: said, not hidden
