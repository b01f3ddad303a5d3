"""How wide a run of text is in the font that sets it, for the grid.

styles/report.css sets each part of a line in a font role: the body in 仿宋,
a level-1 heading in 黑体, a level-2 one in 楷体, level 3 in bold 仿宋 (whose
bold face is another family: FandolFang has none), bold text in its role's
bold family. The grid (:mod:`.grid`) boxes every run of digits and Latin in
whole cells, and a box must hold its run in *that* font: LXGW WenKai's
digits are 0.6 em, FandolFang's 0.5 em, Noto Sans CJK's 0.555 em, and a ``%``
is anything from 0.8 to 0.96 em. So the grid asks this module, which asks
the layout engine's own Pango (:mod:`.weasyprint_compat`) with the families,
weight and language the stylesheet will use, and remembers each answer.

:func:`for_block` is what the HTML builder calls: the measure of one block
(a paragraph, a heading of a level, a run-in heading), which picks the face
from a run's inline tags as report.css does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tui_report.export.fonts import FontChoice
from tui_report.export.grid import FONT_SIZE, Measure

LANGUAGE = "zh-cn"
REGULAR, BOLD = 400, 700

#: the role a heading level is set in, and whether it is bold (report.css)
HEADING_FACES = {1: ("heiti", False), 2: ("kaiti", False), 3: ("fangsong", True), 4: ("fangsong", False)}


class Measurer:
    """Widths of text in the report's font roles, from the layout engine."""

    def __init__(self, choices: dict[str, FontChoice], font_config: Any):
        from tui_report.export import weasyprint_compat

        self.choices = choices
        self.layout = weasyprint_compat.PangoLayout(font_config, LANGUAGE)
        self._cache: dict[tuple[str, str, bool, bool], float] = {}

    def width(self, text: str, role: str, bold: bool = False, italic: bool = False) -> float:
        """Natural width (pt) of ``text`` at the body size in ``role``'s
        family chain (its bold chain when ``bold``)."""
        key = (text, role, bold, italic)
        found = self._cache.get(key)
        if found is None:
            choice = self.choices[role]
            chain = [choice.family, *choice.fallbacks]
            if bold:
                chain = [choice.bold_family, *(f for f in chain if f != choice.bold_family)]
                weight = BOLD
            else:
                weight = choice.weight or REGULAR
            found = self._cache[key] = self.layout.width(text, ",".join(chain), weight, FONT_SIZE, italic)
        return found

    def for_block(self, level: int = 0, run_in: bool = False) -> Measure:
        """The measure of a paragraph (``level`` 0), a heading of ``level``,
        or a run-in heading of ``level`` (its ``head`` runs in the
        heading's face, the rest in the body's)."""
        return for_block(self.width, level, run_in)


def for_block(width: Callable[[str, str, bool, bool], float], level: int = 0, run_in: bool = False) -> Measure:
    def measure(text: str, tags: tuple[str, ...]) -> float:
        head = level if level and (not run_in or "head" in tags) else 0
        role, bold = HEADING_FACES.get(head, ("fangsong", False))
        return width(text, role, bold or "strong" in tags, "em" in tags)

    return measure
