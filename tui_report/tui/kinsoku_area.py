"""Soft wrap in the editor by the Chinese rules (render/line_break.py), the
same as the preview: no wrapped line of the TextArea starts with "，" and
"76.33万元" is never torn across two.

Textual has no hook for this. ``TextArea`` builds a plain
``WrappedDocument`` in ``__init__`` and again in ``_set_document`` (every
``load_text``, every change of language), and ``WrappedDocument.wrap`` /
``wrap_range`` call the module-level ``compute_wrap_offsets`` of
``textual._wrap``, imported by name into
``textual.document._wrapped_document``. Everything else — drawing
(``TextArea._render_line``), the cursor's screen position
(``location_to_offset``), clicks (``offset_to_location``) and up/down/
home/end over wrapped lines (``DocumentNavigator``) — reads only the break
offsets a ``WrappedDocument`` keeps (``_wrap_offsets`` and the two y-index
tables built from them). So a subclass that computes those offsets its own
way, and a TextArea mix-in that installs it after Textual's
``_set_document``, is enough; both rely on those private names, checked
against the pinned Textual (tests/test_kinsoku_area.py).
"""

from __future__ import annotations

from rich.cells import get_character_cell_size
from textual._wrap import compute_wrap_offsets
from textual.document._document import Location
from textual.document._document_navigator import DocumentNavigator
from textual.document._wrapped_document import WrappedDocument
from textual.expand_tabs import get_tab_widths
from textual.geometry import clamp
from textual.widgets import TextArea

from tui_report.render.line_break import wrap_offsets


def _cells(ch: str) -> int:
    # Rich's measure, so the ambiguous-width setting (tui/cell_width.py)
    # decides here as it does for the cursor and the drawing
    return get_character_cell_size(ch)


class KinsokuWrappedDocument(WrappedDocument):
    """A WrappedDocument whose lines break by the Chinese rules. Spaces do
    not hang past the width (the TextArea draws them and puts the cursor
    after them); a line holding a tab is left to Textual, which knows how
    wide each tab is."""

    def _wrap_line(self, line: str) -> tuple[list[int], list[int]]:
        tab_sections = get_tab_widths(line, self._tab_width)
        tabs = [width for _, width in tab_sections]
        if not self._width:
            return [], tabs
        if "\t" in line:
            return compute_wrap_offsets(line, self._width, tab_size=self._tab_width,
                                        precomputed_tab_sections=tab_sections), tabs
        return wrap_offsets(line, self._width, cell_width=_cells, hang_spaces=False), tabs

    def _reindex(self) -> None:
        """The y tables from the break offsets: cheap (no measuring), so an
        edit re-wraps only its own lines and then rebuilds these whole."""
        offset_to_line_info: list[tuple[int, int]] = []
        line_index_to_offsets: list[list[int]] = []
        y = 0
        for line_index, offsets in enumerate(self._wrap_offsets):
            count = len(offsets) + 1
            line_index_to_offsets.append(list(range(y, y + count)))
            offset_to_line_info.extend((line_index, section) for section in range(count))
            y += count
        self._offset_to_line_info = offset_to_line_info
        self._line_index_to_offsets = line_index_to_offsets

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        self._width = width
        if tab_width:
            self._tab_width = tab_width
        wrapped = [self._wrap_line(line) for line in self.document.lines]
        self._wrap_offsets = [offsets for offsets, _ in wrapped]
        self._tab_width_cache = [tabs for _, tabs in wrapped]
        self._reindex()

    def wrap_range(self, start: Location, old_end: Location, new_end: Location) -> None:
        # the same lines as Textual's own wrap_range, clamped the same way
        old_max = len(self._wrap_offsets) - 1
        new_max = self.document.line_count - 1
        start_line = clamp(start[0], 0, min(old_max, new_max))
        old_end_line = clamp(old_end[0], 0, old_max)
        new_end_line = clamp(new_end[0], 0, new_max)
        top, old_bottom = sorted((start_line, old_end_line))
        new_bottom = max(start_line, new_end_line)
        wrapped = [self._wrap_line(line) for line in self.document.lines[top:new_bottom + 1]]
        self._wrap_offsets[top:old_bottom + 1] = [offsets for offsets, _ in wrapped]
        self._tab_width_cache[top:old_bottom + 1] = [tabs for _, tabs in wrapped]
        self._reindex()


class KinsokuWrap:
    """Mix-in for a TextArea (``class BodyArea(KinsokuWrap, TextArea)``):
    its soft wrap follows the Chinese rules. Textual replaces the wrapped
    document on every ``load_text``, so it is replaced back each time."""

    def _set_document(self, text: str, language: str | None) -> None:
        super()._set_document(text, language)  # type: ignore[misc]
        area: TextArea = self  # type: ignore[assignment]
        area.wrapped_document = KinsokuWrappedDocument(area.document, tab_width=area.indent_width)
        area.navigator = DocumentNavigator(area.wrapped_document)
        area._rewrap_and_refresh_virtual_size()
        area.move_cursor(area.cursor_location)


class KinsokuTextArea(KinsokuWrap, TextArea):
    """A TextArea whose soft wrap follows the Chinese rules."""
