"""Setting prose on the 公文 character grid: 28 cells to a line.

WeasyPrint leaves CJK lines ragged (it justifies only at spaces), and a
published 公文 is judged by its flush right edge and its characters standing
in columns, so we break the lines ourselves and give each one the
letter-spacing that makes it exactly as wide as the text block. The model is
the one Word's 文档网格 uses:

- a Chinese character or full-width mark fills one cell;
- a run of anything else (digits, Latin, and the marks whose width fonts
  disagree on: “”·—…) is measured in the font that sets it (a heading's
  楷体 or 黑体, a bold run's face: :mod:`.measure`) and takes the whole
  cells its width needs: ``2022`` two cells in FandolFang, ``130.50`` four
  in LXGW WenKai, whose digits are wider than half an em. The run is set in
  a box of that width (report.css ``.seg``), so the characters after it stay
  in their columns whatever the font's widths (Noto's ``—`` is 0.78 em,
  LXGW WenKai's ``“`` 0.35 em), and no glyph of it runs into the next one.
  Inside its box a run keeps its own spacing, squeezed by at most
  ``SQUEEZE`` between two characters when that saves a cell, its last glyph
  running past the box no further than a Chinese character's past its cell
  (``OVERHANG``); the room left over goes
  before it, so a number stands against its unit (``28.67万元``), unless a
  closing bracket follows (``（1）`` stays centred) or it starts a line;
- a line never starts with a closing mark (，。）” …) nor ends with an opening
  one (（“ …), and never splits an ASCII word, ``——`` or ``……`` (GB/T 15834);
  when a closing mark would start a line, a full-width point mark or
  bracket hangs past the right edge instead (as Word and WPS let it, 允许标点
  溢出边界: its ink is in the left half of its cell), so the line keeps its
  28 characters on the grid; any other (a closing quote, two marks) makes
  the line break earlier and be set a little looser. Pulling a mark back
  into the line would squeeze every character into its neighbour.

Without a measure (no PDF engine) a run of ASCII counts half a cell a
character, the body font's digits.

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
from collections.abc import Callable
from dataclasses import dataclass, field

from tui_report.export import weasyprint_compat

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
#: a landscape page (a table too wide for the portrait text block): the
#: text block turned with the sheet, 225 × 156 mm, the margins with it
LANDSCAPE_MARGINS_MM = (MARGIN_LEFT_MM, MARGIN_TOP_MM, MARGIN_RIGHT_MM, MARGIN_BOTTOM_MM)  # top right bottom left
LANDSCAPE_TEXT_WIDTH = TEXT_HEIGHT_MM * MM  # pt
TEXT_HEIGHT = TEXT_HEIGHT_MM * MM  # pt
FONT_SIZE = 16.0  # pt, 3号
CELLS = 28  # characters to a line
LINES = 22  # lines to a page
PITCH = TEXT_WIDTH / CELLS  # advance of one cell


def drawable(spacing: float) -> float:
    """``spacing`` (pt, at the body size) as the PDF engine draws exactly
    where it lays it out (a hundredth of a point off at most; see
    :func:`.weasyprint_compat.letter_spacing`): otherwise the glyphs of a
    long run drift into the next run's."""
    return weasyprint_compat.letter_spacing(spacing, FONT_SIZE)


BASE_SPACING = drawable(PITCH - FONT_SIZE)  # letter-spacing of a plain line
#: what a character advances on a plain line: PITCH to the hundredth of a point
CELL = FONT_SIZE + BASE_SPACING
INDENT = 2  # cells before the first line of a paragraph
INDENT_WIDTH = INDENT * PITCH  # pt: on the grid, whatever a character advances
#: line pitch (pt): 225 mm / 22 rounded *down* to 0.0001 pt, so that 22 lines
#: of it never add up to more than the text block and the last one stays on the page
LINE_PITCH = math.floor(TEXT_HEIGHT / LINES * 10**4) / 10**4

OPENING = set("（【《「『“‘〔〈〖〘〚([{")
CLOSING = set("，。、；：？！）】》」』”’〕〉〗〙〛·%‰℃°,.;:?!)]}")
PAIRED = set("—…")  # 破折号 and 省略号 come in unbreakable pairs
#: the full-width closing marks that may hang past the right edge (Word's
#: and WPS's 允许标点溢出边界): their ink is in the left half of the cell
HANGING = set("，。、；：？！）】》」』〕〉")
#: the tightest letter-spacing a line may take to keep a closing mark: the
#: glyphs of a plain line already overlap by ``-BASE_SPACING`` (0.073 mm),
#: and no two may overlap by more than 0.1 mm (0.283 pt), with room to spare
MIN_SPACING = -0.225  # pt
#: the most a run in a box is squeezed between two of its characters (pt):
#: FandolFang's two digits (16 pt) then fit one cell (15.79 pt)
SQUEEZE = 0.25
EPS = 1e-6

#: how far a glyph of one em runs past its cell (pt): a box's run may too
OVERHANG = FONT_SIZE - PITCH
#: how far :func:`drawable` may move a spacing (pt), about
SPACING_STEP = 0.01

#: closing brackets: a run between brackets is centred in its box
CLOSING_BRACKETS = set("）】》」』〕〉〗〙〛)]}")
#: closing quotes: set against what they close, not what follows
CLOSING_QUOTES = set("”’")

#: natural width (pt, at ``FONT_SIZE``, no letter-spacing) of a text set
#: with the given inline tags (:mod:`.measure`; :func:`half_cells` without one)
Measure = Callable[[str, tuple[str, ...]], float]


def half_cells(text: str, tags: tuple[str, ...] = ()) -> float:
    """The cell model's width of a run (pt): half a cell an ASCII
    character, what the body font's digits take."""
    return sum(cells(ch) for ch in text) * PITCH


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
    ``seg`` cells wide, with its own letter-spacing (0, or a squeeze) and
    its place in the box (``left``, ``right`` or ``center``)."""

    runs: list[Run] = field(default_factory=list)
    seg: int = 0
    spacing: float = 0.0
    align: str = "center"
    #: the box's width (pt): ``seg`` cells, or the run's own width when it
    #: starts a line (the line's spacing takes up the rest, so no gap is
    #: left between the run and what follows it)
    width: float = 0.0


@dataclass
class _Unit:
    atoms: list[tuple[str, tuple[str, ...]]]
    width: float  # cells: measured (fractional) for a boxed unit
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
    #: its last character, a closing point mark, hangs past the right edge
    hang: bool = False

    def spacing(self) -> float | None:
        """Letter-spacing (pt) that puts the line's end against the right
        edge of the text block (a hanging mark past it), or None when the
        stylesheet's plain spacing already does (a line of exactly the
        width) or it is a short last line."""
        room = CELLS - self.indent + (1 if self.hang else 0)
        boxes = sum(p.width for p in self.parts if p.seg)
        whole = abs(boxes - sum(p.seg for p in self.parts) * PITCH) < EPS
        if self.cells <= room + EPS and (self.last or (abs(self.cells - room) < EPS and whole)):
            return None
        # letter-spacing follows every character; the last one's lies past the edge
        gaps = self.wide - (1 if self.ends_wide else 0)
        if gaps <= 0:
            return None
        return drawable((room * PITCH - self.wide_cells * FONT_SIZE - boxes) / gaps)

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


def _natural(atoms, measure: Measure) -> float:
    """Width (pt) of characters set with their tags, measured a run of one
    style at a time."""
    total, i = 0.0, 0
    while i < len(atoms):
        j = i
        while j < len(atoms) and atoms[j][1] == atoms[i][1]:
            j += 1
        total += measure("".join(a[0] for a in atoms[i:j]), atoms[i][1])
        i = j
    return total


def _units(atoms, measure: Measure) -> list[_Unit]:
    units: list[_Unit] = []
    i, n = 0, len(atoms)

    def unit(piece, space: bool = False) -> _Unit:
        if all(boxed(a[0]) for a in piece):
            return _Unit(piece, _natural(piece, measure) / PITCH, space)
        return _Unit(piece, sum(cells(a[0]) for a in piece), space)

    while i < n:
        ch = atoms[i][0]
        if ch == " ":
            units.append(unit([atoms[i]], space=True))
            i += 1
        elif is_ascii(ch):
            j = i
            while j < n and is_ascii(atoms[j][0]) and atoms[j][0] != " ":
                j += 1
            word = atoms[i:j]
            if len(word) * 0.5 > CELLS / 2:  # a URL or the like: let it break anywhere
                units.extend(unit([a]) for a in word)
            else:
                units.append(unit(word))
            i = j
        elif ch in PAIRED and i + 1 < n and atoms[i + 1][0] == ch:
            units.append(unit(atoms[i:i + 2]))
            i += 2
        else:
            units.append(unit([atoms[i]]))
            i += 1
    return units


def box_cells(width: float, count: int) -> int:
    """Whole cells a boxed run ``width`` cells wide, of ``count``
    characters, takes: the fewest that hold it squeezed by at most
    ``SQUEEZE`` between two of its characters (letter-spacing falls between
    the characters of a box, not after its last), its last glyph running
    past the box by no more than a Chinese character's does past its cell
    (``OVERHANG``)."""
    return max(1, _whole(width - ((count - 1) * SQUEEZE + OVERHANG) / PITCH)) if count else 0


def _trim(units: list[_Unit]) -> list[_Unit]:
    a, b = 0, len(units)
    while a < b and units[a].space:
        a += 1
    while b > a and units[b - 1].space:
        b -= 1
    return units[a:b]


def _cells(units: list[_Unit]) -> float:
    """Grid width of a line: boxed runs rounded up to whole cells."""
    total, run, count = 0.0, 0.0, 0
    for u in _trim(units):
        if u.boxed:
            run += u.width
            count += len(u.atoms)
        else:
            total += box_cells(run, count) + u.width
            run, count = 0.0, 0
    return total + box_cells(run, count)


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


def break_lines(runs: list[Run], indent: float = INDENT, width: int = CELLS,
                measure: Measure | None = None) -> list[Line]:
    """Break a paragraph into grid lines (see the module notes); ``measure``
    gives the width of a run in the font its tags set it in."""
    measure = measure or half_cells
    units = _units(_atoms(runs), measure)
    pieces: list[tuple[list[_Unit], float, bool]] = []
    start, cap, ind, hang = 0, width - indent, indent, False
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
            # pull a closing mark back only as far as the line's spacing allows
            # (a box rounded up may leave that room); an opening mark left at
            # the end goes down instead
            while units[end].no_start and k < n and _cells(units[start:k + 1]) - cap <= 1 + EPS:
                k += 1
                if _legal(units, k):
                    squeezed = _line(_trim(units[start:k]), ind, False, measure).spacing()
                    if squeezed is None or squeezed >= MIN_SPACING:
                        pulled = k
                    break
            if pulled is not None:
                brk = pulled
            elif _hangs(units[end]) and _legal(units, end + 1):
                brk, hang = end + 1, True
            else:
                k = end - 1
                while k > start and not _legal(units, k):
                    k -= 1
                brk = k if k > start else end
        pieces.append((units[start:brk], ind, hang))
        start, cap, ind, hang = brk, width, 0, False
    return [_line(_trim(us), ind, i == len(pieces) - 1, measure, hang) for i, (us, ind, hang) in enumerate(pieces)]


def _hangs(unit: _Unit) -> bool:
    """A full-width closing point mark, which may hang past the right edge."""
    return len(unit.atoms) == 1 and unit.atoms[0][0] in HANGING


def _line(units: list[_Unit], indent: float, last: bool, measure: Measure, hang: bool = False) -> Line:
    parts: list[Part] = []
    wide, wide_cells = 0, 0.0
    atoms = [a for u in units for a in u.atoms]
    i = 0
    while i < len(atoms):
        if boxed(atoms[i][0]):
            j = i
            while j < len(atoms) and boxed(atoms[j][0]):
                j += 1
            natural = _natural(atoms[i:j], measure)
            seg = box_cells(natural / PITCH, j - i)
            width = seg * PITCH
            after = atoms[j][0] if j < len(atoms) else ""
            if i == 0 and not indent and after:
                # against the left edge; its own width, the line's spacing
                # taking up what is left of its cells
                width = min(width, natural)
            # a run wider than its box (and its overhang) is squeezed, never
            # past SQUEEZE: the box was made big enough
            over = natural - width - (OVERHANG if seg * PITCH == width else 0.0)
            spacing = drawable(-over / (j - i - 1) - SPACING_STEP) if over > 0 and j - i > 1 else 0.0
            if i == 0 and not indent:
                align = "left"
            elif not after:
                align = "left" if last else "right"  # the right edge, unless the paragraph ends
            elif all(a[0] in CLOSING_QUOTES for a in atoms[i:j]):
                align = "left"  # a closing quote against the words it closes
            elif after in CLOSING_BRACKETS:
                align = "center"
            else:
                align = "right"  # against what follows: a number against its unit
            parts.append(Part(_runs(atoms[i:j]), seg, spacing, align, width))
        else:
            j = i
            while j < len(atoms) and not boxed(atoms[j][0]):
                j += 1
            parts.append(Part(_runs(atoms[i:j])))
            wide += j - i
            wide_cells += sum(cells(a[0]) for a in atoms[i:j])
        i = j
    return Line(parts, _cells(units), wide, wide_cells, indent, last, bool(parts) and parts[-1].seg == 0, hang)


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
        **{f"--grid-landscape-margin-{side}": f"{value}mm"
           for side, value in zip(("top", "right", "bottom", "left"), LANDSCAPE_MARGINS_MM, strict=True)},
        "--grid-font-size": _pt(FONT_SIZE),
        "--grid-line": _pt(LINE_PITCH),
        "--grid-cell": _pt(CELL),
        "--grid-spacing": _pt(BASE_SPACING),
        "--grid-indent": _pt(INDENT_WIDTH),
    }


def css() -> str:
    """The page grid as custom properties (``:root { --grid-line: …; … }``),
    a stylesheet the exporter adds next to the font one."""
    decls = [f"  {name}: {value};" for name, value in properties().items()]
    return ":root {\n" + "\n".join(decls) + "\n}\n"
