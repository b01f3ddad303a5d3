"""The editor's screens and guard talk to the session, not to the store,
and no view remembers a section by its object's id (a rebuilt model gives
new objects, and a freed id is reused)."""

from __future__ import annotations

import re
from pathlib import Path

TUI = Path(__file__).resolve().parent.parent / "tui_report" / "tui"


def _sources(*folders: str):
    for folder in folders:
        yield from sorted((TUI / folder).rglob("*.py"))


def test_screens_and_guard_never_read_app_store():
    offenders = [f"{path.relative_to(TUI)}:{n}" for path in _sources("screens", "guard")
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"\bapp\.store\b", line)]
    assert offenders == []


def test_no_cache_in_the_editor_is_keyed_by_id():
    offenders = [f"{path.relative_to(TUI)}:{n}" for path in sorted(TUI.rglob("*.py"))
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"(?<![\w.])id\(", line)]
    assert offenders == []
