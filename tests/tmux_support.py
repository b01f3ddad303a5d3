"""Driving the real program in a real terminal: a private tmux server,
`send-keys` in, `capture-pane` out."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

from .conftest import ROOT


class Tmux:
    def __init__(self, socket: str):
        self.socket = socket

    def __call__(self, *args: str, check: bool = True) -> str:
        # COLUMNS and LINES, which pytest sets, would make Textual ignore the pane's size
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        res = subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args],
                             capture_output=True, text=True, timeout=30, env=env)
        if check:
            assert res.returncode == 0, res.stderr
        return res.stdout

    def start(self, name: str, root: Path, *extra_env: str, size: tuple[int, int] = (100, 30)) -> int:
        """`tui-report ROOT` as the pane's own process in a terminal of
        ``size`` (columns, lines); returns its pid."""
        cmd = f"exec {shlex.quote(sys.executable)} -m tui_report {shlex.quote(str(root))}"
        env = ["-e", "LANG=C.UTF-8", "-e", "LC_ALL=C.UTF-8"]
        for item in extra_env:
            env += ["-e", item]
        columns, lines = size
        self("new-session", "-d", "-s", name, "-x", str(columns), "-y", str(lines), *env, "-c", str(ROOT), cmd)
        return int(self("display-message", "-p", "-t", name, "#{pane_pid}").strip())

    def keys(self, name: str, *keys: str) -> None:
        self("send-keys", "-t", name, *keys)

    def text(self, name: str, text: str) -> None:
        self("send-keys", "-t", name, "-l", text)

    def screen(self, name: str) -> str:
        return self("capture-pane", "-t", name, "-p")

    def into_body(self, name: str, timeout: float = 30.0) -> None:
        """Ctrl+G, then wait until the body's frame is drawn focused (its
        title in reverse video). Textual moves focus on its next turn, so
        keys already on their way would still reach the outline; a user
        types after seeing the move."""
        self.keys(name, "C-g")
        self.wait_body_focused(name, timeout)

    def wait_body_focused(self, name: str, timeout: float = 30.0) -> None:
        """Wait until the body's frame is drawn focused (its title in
        reverse video): the keyboard is in the text."""
        focused = re.compile(r"\x1b\[[0-9;]*\b7m(?:\x1b\[[0-9;]*m)* 正文 ")

        def frame() -> str:
            styled = self("capture-pane", "-t", name, "-p", "-e")
            return next((line for line in styled.splitlines() if "正文" in line), "")

        deadline = time.monotonic() + timeout
        while not focused.search(frame()):
            assert time.monotonic() < deadline, f"focus did not move to the body; screen was:\n{self.screen(name)}"
            time.sleep(0.05)

    def wait_for(self, name: str, needle: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen(name)
            if needle in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{needle!r} did not appear; screen was:\n{screen}")


class Session:
    """One named tmux session, for tests that drive a single pane;
    calling it runs any tmux command on the same server."""

    def __init__(self, tmux: Tmux, name: str):
        self.tmux, self.name = tmux, name

    def __call__(self, *args: str) -> str:
        return self.tmux(*args)

    def keys(self, *keys: str) -> None:
        self.tmux.keys(self.name, *keys)

    def text(self, text: str) -> None:
        self.tmux.text(self.name, text)

    def screen(self) -> str:
        return self.tmux.screen(self.name)

    def wait_for(self, needle: str, timeout: float = 30.0) -> str:
        return self.tmux.wait_for(self.name, needle, timeout)


def private_tmux(tmp_path):
    """A private tmux server, killed after the test."""
    t = Tmux(f"tui-report-{tmp_path.name}")
    yield t
    t("kill-server", check=False)
