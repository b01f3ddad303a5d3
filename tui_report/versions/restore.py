"""A section or a figure as it was in an earlier version, as new text for
the store: the editor records it as one undoable edit, the command line
saves it like any edit (under the report's lock)."""

from __future__ import annotations

from tui_report.report.places import REPORT_FILE, section_file
from tui_report.report.store import Store
from tui_report.versions.git import GitError, Repo
from tui_report.versions.snapshots import file_at


def target_kind(store: Store, name: str) -> str:
    """"section" when ``name`` is a section id (a file in sections/),
    "figure" when a figure id; a section wins when both."""
    if name in [s.id for s in store.report.sections]:
        return "section"
    if name in store.report.figures:
        return "figure"
    return ""


def section_text(repo: Repo, commit: str, sid: str) -> tuple[str, str]:
    """(file, text) of section ``sid`` in version ``commit``."""
    rel = section_file(sid)
    text = file_at(repo, commit, rel)
    if text is None:
        raise GitError(f"版本 {commit[:8]} 中没有章节“{sid}”（{rel}）", "failed")
    return rel, text


def figure_text(repo: Repo, commit: str, current: str, fid: str) -> str:
    """report.toml's current text with figure ``fid`` as version ``commit``
    had it (its line or table; the rest of the file untouched)."""
    import tomlkit

    old_text = file_at(repo, commit, REPORT_FILE)
    if old_text is None:
        raise GitError(f"版本 {commit[:8]} 中没有 report.toml", "failed")
    old = tomlkit.parse(old_text)
    figures = old.get("figures")
    if figures is None or fid not in figures:
        raise GitError(f"版本 {commit[:8]} 中没有数字“{fid}”", "failed")
    doc = tomlkit.parse(current)
    if "figures" not in doc:
        doc["figures"] = tomlkit.table()
    doc["figures"][fid] = figures[fid]
    return doc.as_string()


def restore(store: Store, repo: Repo, commit: str, name: str) -> tuple[str, str]:
    """Put section or figure ``name`` of version ``commit`` into the store
    as an unsaved edit; returns (kind, file)."""
    kind = target_kind(store, name)
    if kind == "section":
        rel, text = section_text(repo, commit, name)
        store.set_text(rel, text)
        return kind, rel
    if kind == "figure":
        text = figure_text(repo, commit, store.text_of(REPORT_FILE), name)
        store.set_text(REPORT_FILE, text)
        return kind, REPORT_FILE
    sections = "、".join(s.id for s in store.report.sections)
    raise GitError(f"报告中没有名为“{name}”的章节或数字（章节：{sections}；数字见 report.toml 的 [figures]）",
                   "failed")
