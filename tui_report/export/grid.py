"""Setting prose on the 公文 character grid: 28 cells to a line.

WeasyPrint leaves CJK lines ragged (it justifies only at spaces), and a
published 公文 is judged by its flush right edge and its characters standing
in columns, so we break the lines ourselves and give each one the
letter-spacing that makes it exactly as wide as the text block. The model is
the one Word's 文档网格 uses:

- a Chinese character or full-width mark fills one cell;
- a run of anything else (digits, Latin, and the marks whose width fonts
  disagree on: “”·—…) takes half a cell per ASCII character and a cell per
  other character, rounded up to whole cells: ``2022`` two cells, ``（1）``'s
  ``1`` one. The run is set in a box of that width (report.css ``.seg``), so
  the characters after it stay in their columns whatever the font's widths
  (Noto's ``—`` is 0.78 em, LXGW WenKai's ``“`` 0.35 em);
- a line never starts with a closing mark (，。）” …) nor ends with an opening
  one (（“ …), and never splits an ASCII word, ``——`` or ``……`` (GB/T 15834);
  when a closing mark would start a line it is pulled back into the line
  above, which is set a little tighter; otherwise the line breaks earlier
  and is set a little looser. Either way it ends flush.

The last line of a paragraph keeps the normal spacing (ragged, as in Word).

This module is also the one source of the page's measurements: the margins,
the line pitch, the plain letter-spacing, the indent and the body size reach
styles/report.css as custom properties (``--grid-…``) that :func:`css`
writes and the exporter adds next to the font ones, so the stylesheet holds
no number worked out by hand.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field

MM = 72 / 25.4  # pt

# The page (GB/T 9704-2012 5.2): A4, the text block (版心) 156 × 225 mm,
# 37 mm from the top edge (天头) and 28 mm from the left one (订口).
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
TEXT_WIDTH_MM, TEXT_HEIGHT_MM = 156, 225
MARGIN_TOP_MM = 37
MARGIN_LEFT_MM = 28
MARGIN_RIGHT_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - TEXT_WIDTH_MM  # 26
MARGIN_BOTTOM_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - TEXT_HEIGHT_MM  # 35

TEXT_WIDTH = TEXT_WIDTH_MM * MM  # pt
TEXT_HEIGHT = TEXT_HEIGHT_MM * MM  # pt
FONT_SIZE = 16.0  # pt, 3号
CELLS = 28  # characters to a line
LINES = 22  # lines to a page
PITCH = TEXT_WIDTH / CELLS  # advance of one cell
BASE_SPACING = round(PITCH - FONT_SIZE, 3)  # letter-spacing of a plain line
#: what a character advances on a plain line: PITCH to the 0.001 pt of BASE_SPACING
CELL = FONT_SIZE + BASE_SPACING
#: letter-spacing inside a box of ASCII (.seg): those characters take half a cell
HALF_SPACING = BASE_SPACING / 2
INDENT = 2  # cells before the first line of a paragraph
INDENT_WIDTH = INDENT * CELL  # pt
#: line pitch (pt): 225 mm / 22 rounded *down* to 0.0001 pt, so that 22 lines
#: of it never add up to more than the text block and the last one stays on the page
LINE_PITCH = math.floor(TEXT_HEIGHT / LINES * 10**4) / 10**4

OPENING = set("（【《「『“‘〔〈〖〘〚([{")
CLOSING = set("，。、；：？！）】》」』”’〕〉〗〙〛·%‰℃°,.;:?!)]}")
PAIRED = set("—…")  # 破折号 and 省略号 come in unbreakable pairs
#: How far a line may be squeezed to keep a closing mark off the next line.
MAX_PULL = 1.0  # cells
EPS = 1e-6


def cells(ch: str) -> float:
    """Width of ``ch`` in grid cells (before runs are rounded up)."""
    if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d\ufeff":
        return 0.0
    if ord(ch) < 0x80:
        return 0.5
    eaw = unicodedata.east_asian_width(ch)
    if eaw in ("W", "F", "A"):  # ambiguous ones (“”·—…) are full width in GB2312
        return 1.0
    return 0.5


def is_ascii(ch: str) -> bool:
    return ord(ch) < 0x80


def boxed(ch: str) -> bool:
    """Set in a box rather than trusted to be one em wide."""
    return ord(ch) < 0x80 or unicodedata.east_asian_width(ch) not in ("W", "F")


def _whole(x: float) -> int:
    return math.ceil(x - EPS)


@dataclass
class Run:
    """Text with the inline styles it carries (``strong``, ``em``, …)."""

    text: str
    tags: tuple[str, ...] = ()


@dataclass
class Part:
    """A piece of a line: plain runs, or (``seg`` > 0) a run set in a box
    ``seg`` cells wide."""

    runs: list[Run] = field(default_factory=list)
    seg: int = 0


@dataclass
class _Unit:
    atoms: list[tuple[str, tuple[str, ...]]]
    width: float
    space: bool = False
    #: set in a box (every character of it is): asked for every line this
    #: unit is measured in, so worked out once
    boxed: bool = field(init=False)

    def __post_init__(self) -> None:
        self.boxed = all(boxed(a[0]) for a in self.atoms)

    @property
    def no_start(self) -> bool:
        return self.atoms[0][0] in CLOSING

    @property
    def no_end(self) -> bool:
        return self.atoms[-1][0] in OPENING


@dataclass
class Line:
    parts: list[Part]
    cells: float  # width in grid cells
    wide: int  # characters outside boxes (they carry the letter-spacing)
    wide_cells: float  # and their width in cells
    indent: float  # cells before the line
    last: bool  # last line of its paragraph
    ends_wide: bool  # the last part is not an ASCII box

    def spacing(self) -> float | None:
        """Letter-spacing (pt) that puts the line's end against the right
        edge of the text block, or None when the stylesheet's plain spacing
        already does (a line of exactly the width) or it is a short last
        line."""
        room = CELLS - self.indent
        if self.cells <= room + EPS and (self.last or abs(self.cells - room) < EPS):
            return None
        boxes = sum(p.seg for p in self.parts) * PITCH
        # letter-spacing follows every character; the last one's lies past the edge
        gaps = self.wide - (1 if self.ends_wide else 0)
        if gaps <= 0:
            return None
        return round((room * PITCH - self.wide_cells * FONT_SIZE - boxes) / gaps, 4)

    @property
    def text(self) -> str:
        return "".join(r.text for p in self.parts for r in p.runs)


def _atoms(runs: list[Run]) -> list[tuple[str, tuple[str, ...]]]:
    """Characters with their tags; white space collapsed as CSS would."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for run in runs:
        for ch in run.text:
            if ch.isspace():
                if out and out[-1][0] == " ":
                    continue
                ch = " "
            out.append((ch, run.tags))
    return out


def _units(atoms) -> list[_Unit]:
    units: list[_Unit] = []
    i, n = 0, len(atoms)
    while i < n:
        ch = atoms[i][0]
        if ch == " ":
            units.append(_Unit([atoms[i]], 0.5, space=True))
            i += 1
        elif is_ascii(ch):
            j = i
            while j < n and is_ascii(atoms[j][0]) and atoms[j][0] != " ":
                j += 1
            word = atoms[i:j]
            if len(word) * 0.5 > CELLS / 2:  # a URL or the like: let it break anywhere
                units.extend(_Unit([a], 0.5) for a in word)
            else:
                units.append(_Unit(word, len(word) * 0.5))
            i = j
        elif ch in PAIRED and i + 1 < n and atoms[i + 1][0] == ch:
            units.append(_Unit(atoms[i:i + 2], 2 * cells(ch)))
            i += 2
        else:
            units.append(_Unit([atoms[i]], cells(ch)))
            i += 1
    return units


def _trim(units: list[_Unit]) -> list[_Unit]:
    a, b = 0, len(units)
    while a < b and units[a].space:
        a += 1
    while b > a and units[b - 1].space:
        b -= 1
    return units[a:b]


def _cells(units: list[_Unit]) -> float:
    """Grid width of a line: boxed runs rounded up to whole cells."""
    total, run = 0.0, 0.0
    for u in _trim(units):
        if u.boxed:
            run += u.width
        else:
            total += _whole(run) + u.width
            run = 0.0
    return total + _whole(run)


def _fit(units: list[_Unit], start: int, cap: float) -> int:
    """The largest ``end`` such that ``units[start:end]`` fits in ``cap``
    cells. A line's width only grows as units are added (widths are not
    negative, boxes round up, trailing spaces are trimmed), so the end is
    found by galloping and then halving: a few measures of one line each,
    not one per unit (that made a long paragraph quadratic)."""
    n = len(units)

    def fits(end: int) -> bool:
        return _cells(units[start:end]) <= cap + EPS

    good, step = start, 1
    while good + step <= n and fits(good + step):
        good += step
        step *= 2
    bad = min(good + step, n + 1)
    while bad - good > 1:
        mid = (good + bad) // 2
        if fits(mid):
            good = mid
        else:
            bad = mid
    return good


def _legal(units: list[_Unit], k: int) -> bool:
    """May a line break before units[k]?"""
    if k <= 0 or k >= len(units):
        return True
    if units[k].space or units[k - 1].space:
        return True
    return not units[k].no_start and not units[k - 1].no_end


def break_lines(runs: list[Run], indent: float = INDENT, width: int = CELLS) -> list[Line]:
    """Break a paragraph into grid lines (see the module notes)."""
    units = _units(_atoms(runs))
    pieces: list[tuple[list[_Unit], float]] = []
    start, cap, ind = 0, width - indent, indent
    n = len(units)
    while start < n:
        while start < n and units[start].space:
            start += 1
        if start >= n:
            break
        end = _fit(units, start, cap)
        if end == start:  # a single unit wider than the line
            end += 1
        brk = end
        if end < n and not _legal(units, end):
            pulled: int | None = None
            k = end
            # pull closing marks back; an opening mark left at the end goes down instead
            while units[end].no_start and k < n and _cells(units[start:k + 1]) - cap <= MAX_PULL + EPS:
                k += 1
                if _legal(units, k):
                    pulled = k
                    break
            if pulled is not None:
                brk = pulled
            else:
                k = end - 1
                while k > start and not _legal(units, k):
                    k -= 1
                brk = k if k > start else end
        pieces.append((units[start:brk], ind))
        start, cap, ind = brk, width, 0
    return [_line(_trim(us), ind, i == len(pieces) - 1) for i, (us, ind) in enumerate(pieces)]


def _line(units: list[_Unit], indent: float, last: bool) -> Line:
    parts: list[Part] = []
    wide, wide_cells = 0, 0.0
    atoms = [a for u in units for a in u.atoms]
    i = 0
    while i < len(atoms):
        if boxed(atoms[i][0]):
            j = i
            while j < len(atoms) and boxed(atoms[j][0]):
                j += 1
            parts.append(Part(_runs(atoms[i:j]), _whole(sum(cells(a[0]) for a in atoms[i:j]))))
        else:
            j = i
            while j < len(atoms) and not boxed(atoms[j][0]):
                j += 1
            parts.append(Part(_runs(atoms[i:j])))
            wide += j - i
            wide_cells += sum(cells(a[0]) for a in atoms[i:j])
        i = j
    return Line(parts, _cells(units), wide, wide_cells, indent, last, bool(parts) and parts[-1].seg == 0)


def _runs(atoms) -> list[Run]:
    runs: list[Run] = []
    for ch, tags in atoms:
        if runs and runs[-1].tags == tags:
            runs[-1].text += ch
        else:
            runs.append(Run(ch, tags))
    return runs


def _pt(x: float) -> str:
    # repr is the shortest text that reads back as the same float: the
    # stylesheet gets exactly these numbers, not an approximation of them
    text = repr(float(x))
    return (text[:-2] if text.endswith(".0") else text) + "pt"


def properties() -> dict[str, str]:
    """The measurements styles/report.css reads, by custom property name."""
    return {
        "--grid-margin-top": f"{MARGIN_TOP_MM}mm",
        "--grid-margin-right": f"{MARGIN_RIGHT_MM}mm",
        "--grid-margin-bottom": f"{MARGIN_BOTTOM_MM}mm",
        "--grid-margin-left": f"{MARGIN_LEFT_MM}mm",
        "--grid-font-size": _pt(FONT_SIZE),
        "--grid-line": _pt(LINE_PITCH),
        "--grid-cell": _pt(CELL),
        "--grid-spacing": _pt(BASE_SPACING),
        "--grid-spacing-half": _pt(HALF_SPACING),
        "--grid-indent": _pt(INDENT_WIDTH),
    }


def css() -> str:
    """The page grid as custom properties (``:root { --grid-line: …; … }``),
    a stylesheet the exporter adds next to the font one."""
    decls = [f"  {name}: {value};" for name, value in properties().items()]
    return ":root {\n" + "\n".join(decls) + "\n}\n"
