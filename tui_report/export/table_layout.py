"""Column widths of a table from its content, for the PDF and the DOCX alike.

A browser's automatic table layout (and WeasyPrint's, and LibreOffice's
reading of a DOCX without a grid) gives a column what its longest cell
wants and lets the rest wrap wherever a character ends: headers come out a
character a line (分/值, 得/分), a number breaks inside itself (95.30/%,
≥20/000/人) and a unit is cut from its number. So the widths are worked out
here, once, from what each cell holds:

- every cell is cut into the pieces that may not be broken: a header at
  its words' ends only (before an opening bracket, after 及 和 与 或 、 and at
  spaces: ``年初预算数（万元）`` breaks before （ and nowhere else; a run of
  more than ``HEADER_WORD`` characters is a phrase, broken like prose), a number
  with its sign and unit never (``66.86%``, ``≥20000人``), prose where
  :func:`~tui_report.render.line_break.break_points` allows;
- a column's *minimum* is its widest piece, its *want* its widest cell on
  one line, each with the cell's padding; headers are whole when every
  cell of the table can have its one line, else a header wants two lines
  (the body's rows are the many) and breaks at its words; a column is *numeric* when every
  cell under its header that holds anything is a number (set right, the
  rest left);
- when every column can have what it wants, the spare width is shared in
  proportion, so the table fills the text block; otherwise each gets its
  minimum and the width left is shared by how much more each wants;
- when even the minimums do not fit, the font shrinks, down to ``floor``;
  then the table goes on a landscape page (when the caller has one); and
  when that is not enough either, the widths are the minimums scaled to
  fit and the caller says so in a warning naming the table: a table is
  never cut off silently.

Widths come from a ``measure`` (the text's width in ems of the font that
sets it: :mod:`.measure` for the PDF, :func:`estimate` where no layout
engine is at hand). A cell spanning columns does not size them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from tui_report.render.line_break import break_points

#: a cell that is a number: sign, digits, separators, decimals, percent, and
#: a comparison and a unit word (≥20000人, 95%, -3.5, 1,234.50)
NUMBER = re.compile(r"^[-+−]?[\d,，]+(\.\d+)?%?$")
QUANTITY = re.compile(r"^[≥≤＞＜><=＝]?\s*[-+−]?\d[\d,，]*(\.\d+)?\s*[%‰％]?[\u4e00-\u9fff]{0,3}$")
#: what an empty or not-applicable cell holds
EMPTY = {"", "—", "-", "/", "－"}
#: the longest run of a header kept whole (年初预算数, 实际完成值); a longer
#: one is a phrase, broken where prose is
HEADER_WORD = 6
#: the lines a header is content to take: its width on one line counts
#: for this share of what its column wants
HEADER_LINES = 2
#: a header may break before these
_OPENING = "（([【《"
#: and after these (conjunctions and list marks end a word)
_JOINERS = "及和与或、/"

#: width (ems) of ``text`` as set; ``head``: in the header's face
Measure = Callable[[str, bool], float]


def estimate(text: str, head: bool = False) -> float:
    """Width in ems where no layout engine measures: a Chinese character or
    full-width mark one em; digits and Latin letters a little over half (a
    little over what the open 仿宋, 黑体 and 楷体 give them, so a column made
    from it holds them in any of these); ``%`` nearly one."""
    total = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in ("W", "F", "A"):
            total += 1.0
        elif ch in "%‰":
            total += 0.95
        elif ch in ".,:;'|!i l":
            total += 0.3
        elif ch.isdigit():
            total += 0.6
        elif ch.isupper() or ch in "mwMW@":
            total += 0.75
        else:
            total += 0.6
    return total


def is_number(cell: str) -> bool:
    text = cell.strip()
    return bool(NUMBER.match(text))


def header_pieces(text: str) -> list[str]:
    """A header's words: broken before an opening bracket, after a
    conjunction or list mark, and at spaces, nowhere else."""
    pieces: list[str] = []
    current = ""
    for ch in text:
        if ch.isspace():
            if current:
                pieces.append(current)
            current = ""
            continue
        if ch in _OPENING and current:
            pieces.append(current)
            current = ""
        current += ch
        if ch in _JOINERS:
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    # a run longer than any header word is a phrase: it breaks where prose does
    return [p for piece in pieces for p in (cell_pieces(piece) if len(piece) > HEADER_WORD else [piece])] or [""]


def cell_pieces(text: str) -> list[str]:
    """A body cell's unbreakable pieces: a number or quantity whole, prose
    between the breaks :func:`break_points` allows."""
    text = text.strip()
    if not text:
        return [""]
    if QUANTITY.match(text):
        return [text]
    cuts = [0, *break_points(text), len(text)]
    return [text[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False) if text[a:b].strip()] or [text]


@dataclass
class Layout:
    """A table's column widths (pt) at its font size (pt), which columns are
    numeric, whether it needs a landscape page, and why it could not be
    fitted (empty when it was)."""

    widths: list[float]
    size: float
    numeric: list[bool]
    landscape: bool = False
    problem: str = ""
    #: the pieces each cell may be broken between, header row first
    pieces: list[list[list[str]]] = field(default_factory=list)
    #: each cell's padding on either side (pt)
    pad: float = 0.0


def numeric_columns(rows: list[list[str]], spans: dict[tuple[int, int], int]) -> list[bool]:
    cols = max(len(r) for r in rows)
    out = []
    for c in range(cols):
        cells = [row[c].strip() for r, row in enumerate(rows[1:], 1)
                 if c < len(row) and not _covered(r, c, spans) and spans.get((r, c), 1) == 1]
        held = [t for t in cells if t not in EMPTY]
        out.append(bool(held) and all(is_number(t) for t in held))
    return out


def _covered(r: int, c: int, spans: dict[tuple[int, int], int]) -> bool:
    """Whether cell (r, c) lies under a cell to its left that spans it."""
    return any(rr == r and cc < c < cc + n for (rr, cc), n in spans.items())


def fit(rows: list[list[str]], spans: dict[tuple[int, int], int], measure: Measure, size: float, width: float,
        floor: float, landscape_width: float | None = None, pad_em: float = 0.25) -> Layout:
    """The layout of ``rows`` (header first) at ``size`` pt in ``width`` pt
    (see the module notes); ``landscape_width`` is the width a landscape
    page offers, None where there is none."""
    cols = max(len(r) for r in rows)
    rows = [r + [""] * (cols - len(r)) for r in rows]
    numeric = numeric_columns(rows, spans)
    pieces = [[header_pieces(cell) if r == 0 else ([cell.strip()] if numeric[c] else cell_pieces(cell))
               for c, cell in enumerate(row)] for r, row in enumerate(rows)]
    least = [0.0] * cols  # ems: the widest piece
    whole = [0.0] * cols  # ems: the widest piece, a header whole
    body = [0.0] * cols  # ems: the widest body cell on one line
    header = [0.0] * cols  # ems: the header on one line
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if _covered(r, c, spans) or spans.get((r, c), 1) > 1:
                continue
            head = r == 0
            widest = max(measure(p, head) for p in pieces[r][c])
            least[c] = max(least[c], widest)
            one_line = measure(cell.strip(), head)
            if head:
                header[c] = one_line
                whole[c] = max(whole[c], one_line if len(cell.strip()) <= 2 * HEADER_WORD else widest)
            else:
                body[c] = max(body[c], one_line)
                whole[c] = max(whole[c], widest)
    # what the columns want: every cell on one line, headers too, when all
    # of that fits; else a header on two lines (its row is one of many),
    # broken at its words, rather than a column of text squeezed for it
    tries = [
        (whole, [max(b, h, m) for b, h, m in zip(body, header, whole, strict=True)]),
        (least, [max(b, h / HEADER_LINES, m) for b, h, m in zip(body, header, least, strict=True)]),
    ]

    def widths_at(s: float, room: float) -> list[float] | None:
        """Headers whole when that fits, else broken at their words."""
        pad = 2 * pad_em * s
        for k, (floor_of, want) in enumerate(tries):
            mins = [m * s + pad for m in floor_of]
            wants = [w * s + pad for w in want]
            if sum(mins) > room + 1e-6:
                continue
            if sum(wants) <= room:
                spare = room - sum(wants)
                return [w + spare * w / sum(wants) for w in wants]
            if k:  # the minimums fit: each gets its own and a share of the rest by want
                share = (room - sum(mins)) / (sum(wants) - sum(mins))
                return [m + (w - m) * share for m, w in zip(mins, wants, strict=True)]
        return None

    def at(s: float, room: float) -> float | None:
        """The largest size ≤ ``s`` (half points) at which the minimums fit."""
        total = sum(least) + 2 * pad_em * cols
        best = room / total if total else s
        s = min(s, best)
        s = int(s * 2) / 2  # whole half points, like 小四 and 五号
        return s if s >= floor else None

    for room, landscape in ((width, False), (landscape_width, True)):
        if room is None:
            continue
        s = at(size, room)
        if s is not None:
            got = widths_at(s, room)
            if got is not None:
                return Layout(got, s, numeric, landscape, "", pieces, pad_em * s)
    room = landscape_width if landscape_width is not None else width
    pad = 2 * pad_em * floor
    mins = [m * floor + pad for m in least]
    scale = room / sum(mins)
    problem = (f"表格过宽：共 {cols} 列，字号缩到 {floor:g} pt"
               + ("、改为横向页面" if landscape_width is not None else "")
               + "仍放不下，各列已按比例压窄，单元格内的文字会在任意处换行，请拆分表格或减少列数")
    return Layout([m * scale for m in mins], floor, numeric, landscape_width is not None, problem, pieces,
                  pad_em * floor)
