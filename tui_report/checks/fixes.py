"""Applying a problem's automatic fix through the store, so only the fixed
lines change on disk.

A fix names its text (title or body of a section) and the exact old text at
an offset; it is refused when the text has moved since the check, never
applied somewhere else. :func:`save_fixes` writes them all-or-nothing: when
one file cannot be written, none is changed.
"""

from __future__ import annotations

from pathlib import Path

from tui_report.report import conflict_markers
from tui_report.report.atomic import CommitError
from tui_report.report.errors import TuiReportError, os_reason
from tui_report.report.problems import Fix
from tui_report.report.store import Store
from tui_report.report.terminal import safe


class FixError(TuiReportError):
    """The text moved since the problem was found; re-check and try again."""


class FixSaveError(TuiReportError):
    """The fixed files could not be written; says whether any file changed."""


def apply_fix(store: Store, fix: Fix) -> None:
    kind, file, path = fix.target
    if kind == "scorecard":  # a typed total or grade that is not the computed one: remove it
        card = store.report.scorecard
        if card is None or fix.old not in ("total", "grade") or fix.old not in card.spans:
            raise FixError(f"找不到要修改的位置：{file}")
        store.set_scorecard_cell("", 0, fix.old, None)
        return
    section = store.report.section_at(file, tuple(path))
    if section is None or kind not in ("body", "title"):
        raise FixError(f"找不到要修改的位置：{file}")
    text = getattr(section, kind)
    if conflict_markers.has_markers(text):  # two versions of a paragraph: choose one first
        raise FixError(f"{file} 中有未解决的合并冲突，请先解决冲突再修复")
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


def save_fixes(store: Store) -> list[str]:
    """Write every file the fixes changed through :meth:`Store.save`
    (all-or-nothing); returns the files written. Raises
    :class:`FixSaveError` when they cannot be written: before the renames
    (disk full, permission denied, a size limit …) no file has changed; the
    message says so, or names what did change in the rare failure between
    two renames."""
    try:
        return store.save()
    except CommitError as exc:
        done = [str(p.relative_to(store.root)) for p in exc.done]
        changed = "已改动的文件：" + "、".join(done) if done else "没有改动任何文件"
        raise FixSaveError(f"自动修复未能全部写入：{_where(store, exc)}{os_reason(exc)}；{changed}，"
                           "请重新运行 check --fix") from None
    except OSError as exc:
        raise FixSaveError(f"自动修复未写入：{_where(store, exc)}{os_reason(exc)}；没有改动任何文件") from None


def _where(store: Store, exc: OSError) -> str:
    """``写入 sections/x.toml 时``, when the failing file is known."""
    name = exc.filename if isinstance(exc.filename, str) else ""
    if not name:
        return ""
    path = Path(name)
    try:
        name = str(path.relative_to(store.root))
    except ValueError:
        name = str(path)
    return f"写入 {safe(name, keep_newlines=False)} 时"


def refused(problems: list) -> list:
    """The problems that stop ``check --fix`` from writing at all: a
    conflict left by a merge. Fixing around it would rewrite a file that
    still holds two versions, and make the merge harder to finish."""
    return [p for p in problems if p.id == "merge-conflict"]
