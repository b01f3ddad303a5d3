"""The report as it will be exported: computed numbers, placeholders
filled, and the problems marked where they are.

It draws the same numbered blocks the exporters use (render.blocks), one
Static per section, so an edit redraws one section and following the
editor is a scroll to that section's widget.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui_report.report.structure import find
from tui_report.tui import strings as S

if TYPE_CHECKING:
    from tui_report.figures.values import Resolved
    from tui_report.render.blocks import Block
    from tui_report.report.model import Report, Section
    from tui_report.report.problems import Problem

_UNFILLED = re.compile(r"\{\{[^{}]*\}\}|【待填】")


class SectionView(Static):
    """One section's heading and prose."""


class PreviewPanel(VerticalScroll):
    can_focus = True

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._group_keys: list[int] = []
        self._section_views: dict[int, SectionView] = {}
        self._signatures: dict[int, str] = {}

    def show(self, report: Report, resolved: Resolved, problems: list[Problem]) -> None:
        from tui_report.render.blocks import blocks
        marks = _marks(report, problems)
        groups: list[tuple[int, Section | None, list[Block]]] = []
        for block in blocks(report, resolved):
            if block.kind == "title" or block.kind == "heading":
                groups.append((id(block.section), block.section, [block]))
            else:
                groups[-1][2].append(block)
        keys = [key for key, _, _ in groups]
        rendered = [(key, _render(group, marks.get(key, []))) for key, _, group in groups]
        if keys != self._group_keys:
            self._group_keys = keys
            self._section_views = {}
            self._signatures = {}
            self.remove_children()
            views = []
            for key, text in rendered:
                view = SectionView(text, classes="preview-title" if key == id(None) else "")
                self._section_views[key] = view
                self._signatures[key] = text.plain + "\x00" + repr(text.spans)
                views.append(view)
            self.mount_all(views)
            return
        for key, text in rendered:
            sig = text.plain + "\x00" + repr(text.spans)
            if self._signatures.get(key) != sig:
                self._signatures[key] = sig
                self._section_views[key].update(text)

    def follow(self, section: Section | None, fraction: float | None = None) -> None:
        """Scroll so ``section``'s heading is at the top or, with
        ``fraction`` (how far into the body the cursor is), so that part of
        the section is in view a third of the way down: a long section
        (twelve duties) stays readable where it is being typed."""
        if section is None:
            return
        view = self._section_views.get(id(section))
        if view is None:
            return
        if fraction is None:
            self.call_after_refresh(self.scroll_to_widget, view, top=True, animate=False)
            return

        def scroll() -> None:
            region = view.virtual_region
            line = region.y + int(region.height * min(max(fraction, 0.0), 1.0))
            if not self.scroll_y <= line < self.scroll_y + self.size.height - 1:
                self.scroll_to(y=max(region.y, line - self.size.height // 3), animate=False)

        self.call_after_refresh(scroll)

    def section_text(self, section: Section) -> str:
        """Plain text shown for a section (what a reader sees)."""
        return self._signatures.get(id(section), "").split("\x00", 1)[0]


def _marks(report: Report, problems: list[Problem]) -> dict[int, list[tuple[str, int, str]]]:
    """Problems inside prose, by section: (field, offset, message)."""
    out: dict[int, list[tuple[str, int, str]]] = {}
    for p in problems:
        if not p.target or p.acknowledged:
            continue
        kind, file, path = p.target
        section = find(report, file, tuple(path))
        if section is not None:
            out.setdefault(id(section), []).append((kind, p.offset or 0, p.message))
    return out


def _styled(text: str) -> Text:
    """Text with what is still missing made to stand out: a placeholder
    that names nothing, and 【待填】 for a figure without a value."""
    out = Text()
    pos = 0
    for m in _UNFILLED.finditer(text):
        out.append(text[pos:m.start()])
        style = "bold reverse red" if m.group(0).startswith("{{") else "bold reverse yellow"
        out.append(m.group(0), style=style)
        pos = m.end()
    out.append(text[pos:])
    return out


def _owner(group: list[Block], offset: int) -> int:
    """Index of the block that shows body character ``offset``."""
    owner = 0
    for n, block in enumerate(group):
        if block.kind != "title" and block.offset >= 0 and block.offset <= offset:
            owner = n
    return owner


def _render(group: list[Block], marks: list[tuple[str, int, str]]) -> Text:
    from tui_report.render.text import plain
    indent = "\u3000\u3000"
    notes: dict[int, list[str]] = {}
    for field, offset, message in marks:
        index = 0 if field == "title" else _owner(group, offset)
        notes.setdefault(index, []).append(message)
    out = Text()
    for n, block in enumerate(group):
        if block.kind == "title":
            out.append_text(_styled(plain(block.text)))
            out.stylize("bold")
        elif block.kind == "heading":
            head = _styled(plain(block.number + block.text))
            head.stylize("bold" if block.level <= 2 else "bold italic" if block.level == 3 else "")
            out.append_text(head)
            if block.run_in and block.body:
                out.append_text(_styled(plain(block.body)))
        elif block.kind == "table":
            out.append("\n".join(indent + " │ ".join(plain(c) for c in row) for row in block.rows))
        elif block.kind == "item":
            out.append_text(_styled(indent + plain(block.number + block.text)))
        elif block.kind == "bullet":
            out.append_text(_styled(indent + "• " + plain(block.text)))
        else:
            out.append_text(_styled(indent + plain(block.text)))
        for message in notes.get(n, []):
            out.append("\n" + indent)
            out.append(S.PREVIEW_PROBLEM.format(message=message), style="bold red")
        if n + 1 < len(group):
            out.append("\n")
    return out
