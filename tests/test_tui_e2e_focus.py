"""At 80×24 in a real terminal (tmux), the preview takes the text's place and
gives the keyboard back when it closes: Ctrl+G, F2, F2, then typing lands
in the text of the section the editor opened on, and saving writes that one
file and nothing of the report's structure."""

from __future__ import annotations

import os
import shutil
import time
import tomllib
from pathlib import Path

import pytest

from tui_report.report.store import Store
from tui_report.tui import strings as S

from .tmux_support import Tmux

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("tmux"),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed"),
]

TYPED = "新增的一句话。"


def files_of(root: Path) -> dict[str, bytes]:
    """Every file of the report folder (not the editor's own .tui-report/)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".tui-report" not in p.relative_to(root).parts}


def wait_gone(tmux: Tmux, name: str, pid: int, timeout: float = 30.0) -> None:
    """Wait until the editor's process has ended (its pane, session and the
    tmux server end with it: the screen is read while they last)."""
    screen = ""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        screen = tmux("capture-pane", "-t", name, "-p", check=False) or screen
        time.sleep(0.05)
    raise AssertionError(f"the editor (pid {pid}) did not quit; screen was:\n{screen}")


def wait_without(tmux: Tmux, name: str, needle: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while needle in (screen := tmux.screen(name)):
        assert time.monotonic() < deadline, f"{needle!r} stays on screen:\n{screen}"
        time.sleep(0.05)


def test_preview_twice_gives_the_keyboard_back_to_the_text_at_80x24(sample, tmux):
    before = files_of(sample)
    sections_before = tomllib.loads(before["report.toml"].decode("utf-8"))["sections"]
    first = Store.open(sample).report.sections[0]
    first_file, body_before = first.file, first.body

    pid = tmux.start("ed", sample, size=(80, 24))
    tmux.wait_for("ed", "一、部门概况")
    tmux.wait_for("ed", "问题 ✗")  # the first check run finished: keys are taken
    tmux.into_body("ed")  # Ctrl+G
    tmux.keys("ed", "F2")  # narrow: the preview takes the text's place, and the keyboard
    tmux.wait_for("ed", S.PREVIEW_TITLE)
    tmux.keys("ed", "F2")  # closed: the keyboard goes back to the text
    wait_without(tmux, "ed", S.PREVIEW_TITLE)
    tmux.wait_body_focused("ed")
    tmux.text("ed", TYPED)
    tmux.wait_for("ed", TYPED[:4])
    tmux.wait_for("ed", S.STATUS_UNSAVED)
    tmux.keys("ed", "C-s")
    tmux.wait_for("ed", S.SAVED.format(n=1))
    tmux.keys("ed", "C-q")  # all saved: no question, the editor just ends
    wait_gone(tmux, "ed", pid)

    body = Store.open(sample).report.sections[0].body
    assert TYPED in body, body[:80]
    assert body.replace(TYPED, "", 1) == body_before  # nothing else reached the text
    after = files_of(sample)
    assert tomllib.loads(after["report.toml"].decode("utf-8"))["sections"] == sections_before
    assert sorted(after) == sorted(before)  # no section file added or removed
    assert sorted(rel for rel in after if after[rel] != before[rel]) == [first_file]
