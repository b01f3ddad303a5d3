"""Driving the real editor with Textual's Pilot, and reading git diffs."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import subprocess
import time
from pathlib import Path

from tui_report.tui.app import TuiReportApp
from tui_report.tui.widgets.outline import Outline


def pilot_test(fn):
    """Run an async test function on a fresh event loop (the suite does not
    depend on an asyncio plugin for pytest)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return wrapper


@contextlib.asynccontextmanager
async def open_editor(path: Path, size: tuple[int, int] = (80, 24), **options):
    """The real editor on ``path`` (a copy: see the ``sample`` fixture) at a
    terminal size, with its first screen painted and the checks run."""
    app = TuiReportApp(path, **options)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        yield app, pilot


async def settle(app: TuiReportApp, pilot) -> None:
    """Let pending messages run and the live checks catch up."""
    await pilot.pause()
    await app.checks_settled()
    await pilot.pause()


async def wait_until(pilot, condition, seconds: float = 20.0) -> None:
    """Poll ``condition`` while the app runs (scrolling, mounting and
    dialogs happen a refresh or two after the event that asks for them);
    the limit is generous because a loaded machine is slow, not wrong."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        await pilot.pause(0.02)


async def palette_found(app: TuiReportApp, pilot) -> None:
    """Wait until the command palette lists what was typed into it (its
    search runs in the background) with the first hit highlighted."""
    from textual.command import CommandList

    def ready() -> bool:
        found = app.screen.query(CommandList)
        return bool(found) and found.first().option_count > 0 and found.first().highlighted is not None

    await wait_until(pilot, ready)


def outline_labels(app: TuiReportApp) -> list[str]:
    """Every outline line as shown ("二、一般公共预算支出情况"), in order."""
    tree = app.main.query_one(Outline)
    out = []

    def visit(node):
        for child in node.children:
            out.append(child.label.plain.removesuffix(" ✗"))
            visit(child)

    visit(tree.root)
    return out


async def select(app: TuiReportApp, pilot, label_prefix: str, keyboard: bool = False) -> None:
    """Put the outline cursor on the section whose label starts with
    ``label_prefix`` (with ``keyboard``, by arrow keys as a user would;
    otherwise directly, which is quicker and the same event for the app)."""
    await pilot.press("ctrl+t")
    tree = app.main.query_one(Outline)
    labels = outline_labels(app)
    target = next(n for n, text in enumerate(labels) if text.startswith(label_prefix))
    if keyboard:
        await pilot.press("home")
        for _ in range(target):
            await pilot.press("down")
    else:
        tree.move_cursor_to_line(target)
    await settle(app, pilot)
    assert tree.cursor_node.label.plain.startswith(label_prefix)


def git_init(folder: Path) -> None:
    """Make the report folder a git repo so tests can read `git diff`."""
    run = lambda *args: subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)  # noqa: E731
    run("init", "-q")
    run("-c", "user.email=t@example.invalid", "-c", "user.name=t", "add", ".")
    run("-c", "user.email=t@example.invalid", "-c", "user.name=t", "commit", "-qm", "start")


def git_diff(folder: Path) -> str:
    subprocess.run(["git", "add", "-N", "."], cwd=folder, check=True, capture_output=True)
    return subprocess.run(["git", "diff", "--unified=0"], cwd=folder, check=True, capture_output=True,
                          text=True).stdout


def changed_lines(diff: str) -> list[str]:
    """The +/- lines of a unified diff, without the file headers."""
    return [line for line in diff.splitlines()
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
