"""Soft wrap in the editor by the Chinese rules (render/line_break.py), the
same as the preview: no wrapped line of the TextArea starts with "，" and
"76.33万元" is never torn across two.

Textual has no hook for a wrap rule of one's own; the subclassing it takes
lives in :mod:`.textual_compat` (``RuleWrapTextArea``), and this module only
says where a line breaks.
"""

from __future__ import annotations

from rich.cells import get_character_cell_size

from tui_report.render.line_break import wrap_offsets
from tui_report.tui.textual_compat import RuleWrapTextArea


def _cells(ch: str) -> int:
    # Rich's measure, so the ambiguous-width setting (tui/cell_width.py)
    # decides here as it does for the cursor and the drawing
    return get_character_cell_size(ch)


def kinsoku_breaks(line: str, width: int) -> list[int]:
    """Where ``line`` breaks at ``width`` cells by the Chinese rules; spaces
    do not hang past the width (the TextArea draws them and puts the cursor
    after them)."""
    return wrap_offsets(line, width, cell_width=_cells, hang_spaces=False)


class KinsokuTextArea(RuleWrapTextArea):
    """A TextArea whose soft wrap follows the Chinese rules."""

    def wrap_rule(self, line: str, width: int) -> list[int]:
        return kinsoku_breaks(line, width)
