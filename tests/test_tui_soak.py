"""A random-key soak: the real editor, driven by Pilot with some two
thousand keys (2 sizes × 2 seeds × KEYS) drawn from text, movement and every
bound key (dialogs included, as they open from those keys), must neither
raise nor close by itself, and every file it saved must load and check
again.

Most keys arrive in bursts, as typing ahead over a slow SSH link delivers
them; some one at a time with the app idle after each, as Pilot presses.

A failure names its seed, size and the last keys pressed. The keys and the
bursts depend on the seed alone, so the same test id runs them again, e.g.
``pytest 'tests/test_tui_soak.py::test_random_keys[80x24-seed1]'`` (the
app's own timers and check threads can still make two runs differ).
"""

from __future__ import annotations

import os
import random
import string
import unicodedata
from pathlib import Path

import pytest
from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

from tui_report import checks
from tui_report.render.text import to_text
from tui_report.report.store import Store
from tui_report.tui import commands
from tui_report.tui import strings as S
from tui_report.tui.screens.dialogs import ChoiceDialog
from tui_report.tui.screens.main import MainScreen
from tui_report.tui.textual_compat import is_exiting, send_key, wait_for_screen

from .conftest import SAMPLE
from .tui_support import open_editor, pilot_test, settle, wait_until

#: keys per run; 2 sizes × 2 seeds × KEYS (3,000 keys) is the whole soak (about 40 s on two
#: workers). A longer hunt: SOAK_KEYS=3000 SOAK_SEEDS=20 pytest tests/test_tui_soak.py
KEYS = int(os.environ.get("SOAK_KEYS", "750"))
SEEDS = list(range(1, 1 + int(os.environ.get("SOAK_SEEDS", "2"))))
SIZES = [(80, 24), (120, 40)]

#: the share of batches pressed one key at a time, the app idle after
#: each (the rest arrive in one burst, typed ahead)
PRESSED = 0.1
#: the longest burst
BURST = 12

#: Two crashes this soak found are fixed, and the tests at the end keep
#: them fixed: a page key reaching a list before its first layout, and a
#: dialog answered twice by keys typed ahead. The soak no longer steps
#: around them; SOAK_RAW is kept for old command lines and changes nothing.
RAW = True
SETTLE_AFTER: set[str] = set()
OPENERS: set[str] = set()

#: keys that leave the app: Ctrl+Q is pressed once, at the end
LEAVING = {"ctrl+q"}

ASCII = [ch for ch in string.printable if ch not in string.whitespace] + [" "]
CHINESE = list("的一是在不了有和人这中大为上们个国年度部门支出预算经费项目基本结余万元科协") + list("，。；：、“”（）《》…—")
MOVES = ["enter", "backspace", "up", "down", "left", "right", "tab", "shift+tab", "escape", "home", "end",
         "pageup", "pagedown"]


def bound_keys() -> list[str]:
    """Every key commands.COMMANDS binds, F1–F9, minus the ones that leave."""
    keys = {f"f{n}" for n in range(1, 10)}
    for command in commands.COMMANDS:
        keys.update(key.strip() for key in command.keys.split(",") if key.strip())
    return sorted(keys - LEAVING)


def key_stream(seed: int, count: int) -> list[str]:
    """``count`` keys, the same for the same seed: mostly typing and moving,
    a third commands (which open the dialogs the rest then types into)."""
    rng = random.Random(seed)
    pools = [(ASCII, 30), (CHINESE, 15), (MOVES, 25), (bound_keys(), 30)]
    keys, weights = zip(*pools, strict=True)
    return [rng.choice(rng.choices(keys, weights)[0]) for _ in range(count)]


def key_event(key: str) -> events.Key:
    """The event Pilot makes for ``key`` (as ``App._press_keys`` does)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def type_ahead(app, pilot, keys: list[str], workarounds: bool = True) -> None:
    """``keys`` in one burst, as a slow SSH link delivers what was typed
    meanwhile (``pilot.press`` waits for the app to go idle after each),
    then wait for the app to go idle once; ``workarounds``: step around the
    known crashes (see SETTLE_AFTER, OPENERS)."""
    for key in keys:
        in_dialog = not isinstance(app.screen, MainScreen)
        event = key_event(key)
        send_key(app, event)
        if workarounds and key in SETTLE_AFTER:
            await pilot.pause()  # laid out: idle
        elif workarounds and (key in OPENERS or (in_dialog and not RAW)):
            await handled(pilot)
    await pilot.pause()


async def handled(pilot) -> None:
    """Wait until the keys sent so far and the messages they cause (Enter →
    Input.Submitted → the dialog's answer) have been handled: quicker than
    ``pilot.pause``, which waits for the app to go idle."""
    for _ in range(3):
        await wait_for_screen(pilot)


def load_problems(report) -> set[tuple[str, str, str]]:
    return {(p.id, p.severity, p.message) for p in report.load_problems}


def saved_report_is_sound(root: Path) -> list:
    """The folder loads, every section file reads, nothing fails to load
    that did not in the sample, and the checks run to the end on it; gives
    the problems."""
    report = Store.open(root).report
    broken = [(s.file, s.error) for s, _level in report.walk() if s.error]
    assert broken == [], broken
    new = load_problems(report) - load_problems(Store.open(SAMPLE).report)
    assert new == set(), new
    problems = checks.run(report)
    assert isinstance(problems, list)
    failed = [p.message for p in problems if p.id == "check-failed"]
    assert failed == [], failed
    return problems


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: f"seed{s}")
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pilot_test
async def test_random_keys(sample, tmp_path, monkeypatch, size, seed):
    """No exception, no closing by itself; Ctrl+Q at the end saves through
    the quit dialog, and what was saved loads, checks and reads as the
    editor showed it."""
    monkeypatch.setenv("EDITOR", "true")  # F4: headless Pilot cannot suspend, and says so; else `true` runs
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.chdir(tmp_path)  # exports from the palette go to the current folder
    keys = key_stream(seed, KEYS)
    pressed: list[str] = []
    quits: list[str] = []

    def context() -> str:
        return f"seed={seed} size={size}; {len(pressed)} keys pressed, the last ones: {pressed[-40:]}"

    try:
        async with open_editor(sample, size=size) as (app, pilot):
            # the palette can run 退出 too: until the end it is only counted
            async def no_quit() -> None:
                quits.append(type(app.screen).__name__)

            app.action_quit = no_quit
            rng = random.Random(seed)
            at = 0
            while at < len(keys):
                one_by_one = rng.random() < PRESSED
                batch = keys[at:at + rng.randint(1, 3 if one_by_one else BURST)]
                at += len(batch)
                if one_by_one:
                    await pilot.press(*batch)
                else:
                    await type_ahead(app, pilot, batch)
                pressed.extend(batch)
                assert not is_exiting(app) and app.return_code is None, "the app closed by itself: " + context()
            await settle(app, pilot)

            # close whatever is open, then quit for real, saving
            for _ in range(10):
                if isinstance(app.screen, MainScreen):
                    break
                await pilot.press("escape")
                pressed.append("escape")
                await pilot.pause()
            assert isinstance(app.screen, MainScreen), f"{type(app.screen).__name__} stays open: " + context()
            del app.action_quit
            app.main.flush()
            dirty = bool(app.store.dirty_files())
            expected = to_text(app.store.report)
            await pilot.press("ctrl+q")
            pressed.append("ctrl+q")
            if dirty:
                await wait_until(pilot, lambda: not isinstance(app.screen, MainScreen) or is_exiting(app))
                dialog = app.screen
                assert isinstance(dialog, ChoiceDialog) and dialog.title_text == S.QUIT_TITLE, context()
                await pilot.press("s")  # 保存并退出 (see action_quit)
                pressed.append("s")
            await wait_until(pilot, lambda: is_exiting(app))
        assert app.return_code == 0, context()
    except BaseException as exc:
        exc.add_note(context())
        raise
    saved_report_is_sound(sample)
    assert to_text(Store.open(sample).report) == expected, "what was saved is not what the editor showed"
    print(f"seed={seed} size={size}: {len(pressed)} keys, palette quits ignored: {len(quits)}")


#: Textual 8.2.8's OptionList._move_page reads the line of the highlighted
#: option from a cache that is only built once the list has a size: a page
#: key that arrived before the list was laid out raised KeyError and closed
#: the editor (ProblemsPanel._move_page, ReportPalette._action_command_list)


@pilot_test
async def test_palette_page_key_typed_ahead(sample):
    """Ctrl+P and PgDn in one burst (in tmux too: ``send-keys C-p PPage``,
    about one time in two)."""
    async with open_editor(sample, size=(80, 24)) as (app, pilot):
        for _ in range(5):  # the palette is not always as slow to lay out
            await type_ahead(app, pilot, ["ctrl+p", "pagedown"], workarounds=False)
            await pilot.pause()
            if app.return_code is not None:
                break
            await type_ahead(app, pilot, ["escape"])
        assert app.return_code is None


@pilot_test
async def test_problems_page_key_typed_ahead(sample):
    """F8 hides the problems; a check run while hidden rebuilds the list;
    Ctrl+R (which shows it and gives it the keyboard) and PgUp in one burst
    (in tmux at 80×24 every time: F8, type &, then ``send-keys C-r PPage``)."""
    async with open_editor(sample, size=(80, 24)) as (app, pilot):
        await type_ahead(app, pilot, ["f8"], workarounds=False)
        await type_ahead(app, pilot, ["&"], workarounds=False)  # into the text: the checks run again
        await settle(app, pilot)
        await type_ahead(app, pilot, ["ctrl+r", "pageup"], workarounds=False)
        await pilot.pause()
        assert app.return_code is None


#: a dialog dismissed itself for each answer it got: the second, typed
#: before the first had closed it, ran the answer again and popped the main
#: screen (ScreenStackError). Screens answer once now (screens/once.py).


@pytest.mark.parametrize(("opening", "answers"), [
    (["ctrl+t", "r"], ["enter", "enter"]),  # InputDialog (rename; acknowledge and export alike)
    (["ctrl+t", "down", "d"], ["y", "y"]),  # ChoiceDialog: delete the section
    (["f3", "enter"], ["enter", "enter"]),  # FigureDialog: change a figure
    (["ctrl+g", "{", "{"], ["enter", "enter"]),  # FigurePicker
], ids=["rename", "delete", "figure", "picker"])
@pilot_test
async def test_dialog_answered_twice(sample, opening, answers):
    async with open_editor(sample, size=(80, 24)) as (app, pilot):
        sections = len(list(app.store.report.walk()))
        await pilot.press(*opening)
        await wait_until(pilot, lambda: not isinstance(app.screen, MainScreen))
        chosen = app.main.outline.current
        subtree = len(list(chosen.walk())) if chosen is not None else 0
        await type_ahead(app, pilot, answers, workarounds=False)
        await pilot.pause()
        assert app.return_code is None
        assert app.screen is app.main
        if answers == ["y", "y"]:  # answered once: one section (and its subsections) deleted, not the next one too
            assert len(list(app.store.report.walk())) == sections - subtree
