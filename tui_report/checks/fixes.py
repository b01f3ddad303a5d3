"""Applying a problem's automatic fix through the store, so only the fixed
lines change on disk.

A fix names its text (title or body of a section) and the exact old text at
an offset; it is refused when the text has moved since the check, never
applied somewhere else.
"""

from __future__ import annotations

from tui_report.report.errors import TuiReportError
from tui_report.report.problems import Fix
from tui_report.report.store import Store


class FixError(TuiReportError):
    """The text moved since the problem was found; re-check and try again."""


def apply_fix(store: Store, fix: Fix) -> None:
    kind, file, path = fix.target
    section = store.report.section_at(file, tuple(path))
    if section is None or kind not in ("body", "title"):
        raise FixError(f"找不到要修改的位置：{file}")
    text = getattr(section, kind)
    if text[fix.offset: fix.offset + len(fix.old)] != fix.old:
        raise FixError("文字已改变，请重新检查后再修复")
    new = text[: fix.offset] + fix.new + text[fix.offset + len(fix.old):]
    if kind == "body":
        store.set_body(section, new)
    else:
        store.set_title(section, new)


def apply_all(store: Store, fixes: list[Fix]) -> int:
    """Apply fixes to each text from its end backwards, so earlier offsets
    stay valid; a fix overlapping one already applied is skipped (the next
    check finds it again if still needed). Returns how many were applied."""
    done = 0
    floor: dict[tuple, int] = {}  # text → start of the last fix applied in it
    for fix in sorted(fixes, key=lambda f: (f.target, f.offset), reverse=True):
        key = fix.target
        if fix.offset + len(fix.old) > floor.get(key, float("inf")):
            continue
        try:
            apply_fix(store, fix)
        except FixError:
            continue
        floor[key] = fix.offset
        done += 1
    return done
