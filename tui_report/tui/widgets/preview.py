"""The report as it will be exported: computed numbers, placeholders
filled, and the problems marked where they are.

It draws the same numbered blocks the exporters use (render.blocks), one
Static per section, so an edit redraws one section and following the
editor is a scroll to that section's widget.

Lines break by the Chinese rules (render.line_break), not where Textual
would (before any CJK character): a preview is where a reader checks the
text, and a line starting with "，" or "万元" torn from its amount reads
as a mistake in the report.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, assert_never

from rich.cells import get_character_cell_size
from rich.text import Text
from textual.containers import VerticalScroll
from textual.content import Content
from textual.visual import Visual
from textual.widgets import Static

from tui_report.render.line_break import wrap_offsets
from tui_report.report.structure import find
from tui_report.tui import strings as S

if TYPE_CHECKING:
    from textual.selection import Selection
    from textual.strip import Strip
    from textual.style import Style
    from textual.visual import RenderOptions, RulesMap

    from tui_report.figures.values import Resolved
    from tui_report.render.blocks import Block, BodyKind
    from tui_report.report.model import Report, Section
    from tui_report.report.problems import Problem

_UNFILLED = re.compile(r"\{\{[^{}]*\}\}|【待填】")


#: a preview group's key: its section's place, None for the report's title
Key = tuple[str, tuple[int, ...]] | None

def _cells(ch: str) -> int:
    # Rich's own measure, so that the ambiguous-width setting (quotes two
    # cells wide, tui/cell_width.py) is what the lines are broken by
    return get_character_cell_size(ch)


class BrokenLines(Visual):
    """Content whose lines are broken by the Chinese rules at the width it
    is drawn at, then drawn by Textual's Content (styles, alignment and
    selection as before). Every line already fits, so Textual's own
    wrapping finds nothing left to break."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._width = -1
        self._lines = content
        #: where each drawn line starts in ``content.plain``
        self.starts: list[int] = [0]

    def __str__(self) -> str:
        return self.content.plain

    def lines_at(self, width: int) -> Content:
        """The content with a newline at each break for ``width`` cells
        (kept for the last width: height and drawing ask for the same one)."""
        if width != self._width:
            pieces: list[Content] = []
            starts: list[int] = []
            position = 0
            for line in self.content.split("\n", allow_blank=True):
                plain = line.plain
                offsets = wrap_offsets(plain, width, cell_width=_cells) if width > 0 else []
                pieces.extend(line.divide(offsets))
                starts.extend(position + offset for offset in [0, *offsets])
                position += len(plain) + 1
            self._lines = Content("\n").join(pieces)
            self.starts = starts
            self._width = width
        return self._lines

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        pad = rules.get("line_pad", 0) * 2
        return self.lines_at(width - pad).get_height(rules, width)

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        pad = options.rules.get("line_pad", 0) * 2
        return self.lines_at(width - pad).render_strips(width, height, style, options)

    def extract(self, selection: Selection) -> str:
        """The selected text as written: a selection is in drawn lines, and
        a break the preview made is no newline of the text."""
        plain = self.content.plain
        starts = self.starts

        def offset(point, default: int) -> int:
            if point is None:
                return default
            x, y = point
            if y >= len(starts):
                return len(plain)
            stop = starts[y + 1] if y + 1 < len(starts) else len(plain)
            return min(starts[y] + x, stop)

        return plain[offset(selection.start, 0):offset(selection.end, len(plain))]


class SectionView(Static):
    """One section's heading and prose."""

    def __init__(self, text: Text, **kwargs) -> None:
        super().__init__(**kwargs)
        self.show_text(text)

    def show_text(self, text: Text) -> None:
        self.update(BrokenLines(Content.from_rich_text(text)))

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        visual = self.visual
        if isinstance(visual, BrokenLines):
            return visual.extract(selection), "\n"
        return super().get_selection(selection)


class PreviewPanel(VerticalScroll):
    can_focus = True

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._group_keys: list[Key] = []
        self._section_views: dict[Key, SectionView] = {}
        self._signatures: dict[Key, str] = {}

    def show(self, report: Report, resolved: Resolved, problems: list[Problem]) -> None:
        from tui_report.render.blocks import blocks
        marks = _marks(report, problems)
        groups: list[tuple[Key, Section | None, list[Block[BodyKind]]]] = []
        for block in blocks(report, resolved):
            if block.kind == "title" or block.kind == "heading":
                groups.append((_key(block.section), block.section, [block]))
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
                view = SectionView(text, classes="preview-title" if key is None else "")
                self._section_views[key] = view
                self._signatures[key] = text.plain + "\x00" + repr(text.spans)
                views.append(view)
            self.mount_all(views)
            return
        for key, text in rendered:
            sig = text.plain + "\x00" + repr(text.spans)
            if self._signatures.get(key) != sig:
                self._signatures[key] = sig
                self._section_views[key].show_text(text)

    def section_view(self, section) -> SectionView | None:
        """The view that shows ``section``, if it is shown."""
        return self._section_views.get(_key(section))

    def follow(self, section: Section | None, fraction: float | None = None) -> None:
        """Scroll so ``section``'s heading is at the top or, with
        ``fraction`` (how far into the body the cursor is), so that part of
        the section is in view a third of the way down: a long section
        (twelve duties) stays readable where it is being typed."""
        if section is None:
            return
        view = self.section_view(section)
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
        return self._signatures.get(_key(section), "").split("\x00", 1)[0]


def _key(section: Section | None) -> Key:
    """What a view is remembered by: the section's place (the title block
    has none)."""
    return None if section is None else section.place


def _marks(report: Report, problems: list[Problem]) -> dict[Key, list[tuple[str, int, str]]]:
    """Problems inside prose, by section: (field, offset, message)."""
    out: dict[Key, list[tuple[str, int, str]]] = {}
    for p in problems:
        if not p.target or p.acknowledged:
            continue
        kind, file, path = p.target
        section = find(report, file, tuple(path))
        if section is not None:
            out.setdefault(section.place, []).append((kind, p.offset or 0, p.message))
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


def _owner(group: list[Block[BodyKind]], offset: int) -> int:
    """Index of the block that shows body character ``offset``."""
    owner = 0
    for n, block in enumerate(group):
        if block.kind != "title" and block.offset >= 0 and block.offset <= offset:
            owner = n
    return owner


def _render(group: list[Block[BodyKind]], marks: list[tuple[str, int, str]]) -> Text:
    from tui_report.render.blocks import BULLET
    from tui_report.render.text import plain
    indent = "\u3000\u3000"
    notes: dict[int, list[str]] = {}
    for field, offset, message in marks:
        index = 0 if field == "title" else _owner(group, offset)
        notes.setdefault(index, []).append(message)
    out = Text()
    for n, block in enumerate(group):
        match block.kind:
            case "title":
                out.append_text(_styled(plain(block.text)))
                out.stylize("bold")
            case "heading":
                head = _styled(plain(block.number + block.text))
                head.stylize("bold" if block.level <= 2 else "bold italic" if block.level == 3 else "")
                out.append_text(head)
                if block.run_in and block.body:
                    out.append_text(_styled(plain(block.body)))
            case "table":
                out.append("\n".join(indent + " │ ".join(plain(c) for c in row) for row in block.rows))
            case "item":
                out.append_text(_styled(indent + plain(block.number + block.text)))
            case "bullet":
                out.append_text(_styled(indent + BULLET + " " + plain(block.text)))
            case "para":
                out.append_text(_styled(indent + plain(block.text)))
            case _ as unknown:
                assert_never(unknown)
        for message in notes.get(n, []):
            out.append("\n" + indent)
            out.append(S.PREVIEW_PROBLEM.format(message=message), style="bold red")
        if n + 1 < len(group):
            out.append("\n")
    return out
