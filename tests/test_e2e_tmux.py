"""The real program in a real terminal: tmux runs `python -m tui_report`,
keys go in with `send-keys`, the screen comes back with `capture-pane`."""

from __future__ import annotations

import shlex
import shutil
import sys
import time
from pathlib import Path

import pytest

from tui_report.report.store import Store

from .conftest import ROOT
from .tmux_support import Session, Tmux

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timing,
    pytest.mark.xdist_group("tmux"),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed"),
]


@pytest.fixture
def tmux(tmp_path):
    """The one session these tests drive, "e2e", on a private server."""
    t = Tmux(f"tui-report-{tmp_path.name}")
    yield Session(t, "e2e")
    t("kill-server", check=False)


def test_edit_chinese_text_in_tmux_and_save(sample, tmp_path, tmux):
    editor = tmp_path / "append-line.sh"
    editor.write_text('#!/bin/sh\nprintf "外部编辑追加。\\n" >> "$1"\n', "utf-8")
    editor.chmod(0o755)
    cmd = (f"{shlex.quote(sys.executable)} -m tui_report {shlex.quote(str(sample))}; "
           f"echo EXIT=$?; sleep 60")
    tmux("new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30",
         "-e", "LANG=C.UTF-8", "-e", "LC_ALL=C.UTF-8", "-e", f"EDITOR={editor}",
         "-c", str(ROOT), cmd)
    tmux.wait_for("一、部门概况")
    tmux.wait_for("✗ 1 错误")  # the first check run finished

    # navigate to 二（一） in the outline (the editor opens in the text)
    tmux.keys("C-t")
    for _ in range(6):
        tmux.keys("Down")
    screen = tmux.wait_for("标题 基本支出")
    assert "（一）基本支出" in screen
    tmux.keys("Enter")  # into the body, cursor at its start
    tmux.text("另外新增科普经费。")
    tmux.wait_for("另外新增科普")
    tmux.wait_for("● 未保存")

    # F4: the body in $EDITOR, read back after it exits
    tmux.keys("F4")
    tmux.wait_for("外部编辑追加")

    tmux.keys("C-s")
    tmux.wait_for("已保存 1 个文件")
    tmux.keys("C-q")
    tmux.wait_for("EXIT=0")

    text = (sample / "sections/general-budget.toml").read_text("utf-8")
    assert "body = '''\n另外新增科普经费。{{year}}年基本支出" in text
    assert "三公经费。\n外部编辑追加。\n'''" in text
    basic = Store.open(sample).report.sections[1].children[0]
    assert basic.body.startswith("另外新增科普经费。{{year}}年基本支出")
    assert basic.body.endswith("三公经费。\n外部编辑追加。")


def test_quit_with_unsaved_changes_asks_in_tmux(sample, tmux):
    cmd = f"{shlex.quote(sys.executable)} -m tui_report {shlex.quote(str(sample))}; echo EXIT=$?; sleep 60"
    tmux("new-session", "-d", "-s", "e2e", "-x", "80", "-y", "24", "-e", "LANG=C.UTF-8", "-c", str(ROOT), cmd)
    tmux.wait_for("一、部门概况")
    tmux.wait_for("✗ 1 错误")  # the first check run finished: the app takes keys
    tmux.keys("C-g")  # into the body
    tmux.text("草稿")
    tmux.wait_for("● 未保存")
    tmux.keys("C-q")
    tmux.wait_for("保存并退出")
    tmux.keys("d")  # discard
    tmux.wait_for("EXIT=0")
    assert "草稿" not in Path(sample / "sections/overview.toml").read_text("utf-8")


KEY_LOGGER = '''
from textual import events
from textual.app import App
from textual.widgets import Static


class KeyLog(App):
    """Shows the name of every key Textual receives, like `textual keys`."""

    ENABLE_COMMAND_PALETTE = False

    def compose(self):
        self.seen, self.events = [], []
        yield Static("READY", id="log")

    async def on_event(self, event):
        # a key reaches the app twice (from the terminal, then bubbling back
        # from the screen); count each event once
        if isinstance(event, events.Key) and not any(e is event for e in self.events):
            self.events.append(event)
            self.seen.append(event.key)
            self.query_one("#log", Static).update("READY " + " ".join(self.seen) + " END")
        await super().on_event(event)

    def action_quit(self):
        pass


KeyLog().run()
'''

#: tmux's name for each key the editor binds
TMUX_NAMES = {"ctrl+s": "C-s", "ctrl+q": "C-q", "ctrl+p": "C-p", "ctrl+t": "C-t", "ctrl+g": "C-g",
              "ctrl+r": "C-r", "ctrl+l": "C-l", "ctrl+n": "C-n", "ctrl+o": "C-o", "ctrl+f": "C-f", "f6": "F6", "ctrl+z": "C-z", "ctrl+y": "C-y", "f1": "F1", "f2": "F2", "f3": "F3",
              "f4": "F4", "f5": "F5", "f8": "F8", "f9": "F9", "shift+up": "S-Up", "shift+down": "S-Down",
              "shift+left": "S-Left", "shift+right": "S-Right", "delete": "DC", "enter": "Enter"}


def test_every_bound_key_reaches_the_app_through_tmux(tmp_path, tmux):
    from tui_report.tui import commands

    keys = []
    for command in commands.COMMANDS:
        for key in filter(None, command.keys.split(",")):
            if key not in keys and key not in ("ctrl+home", "ctrl+end"):  # extras; ↑↓ reach the same
                keys.append(key)
    script = tmp_path / "keylog.py"
    script.write_text(KEY_LOGGER, "utf-8")
    cmd = f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}; echo EXIT=$?; sleep 60"
    tmux("new-session", "-d", "-s", "e2e", "-x", "200", "-y", "10", "-e", "LANG=C.UTF-8", cmd)
    tmux.wait_for("READY")
    for key in keys:
        tmux.keys(TMUX_NAMES.get(key, key))
    screen = tmux.wait_for("END")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        shown = " ".join(screen.split()).split("READY ", 1)[-1].split(" END")[0].split()
        if len(shown) >= len(keys):
            break
        time.sleep(0.1)
        screen = tmux.screen()
    assert shown == keys
