"""Last year's report beside this year's: figures and prose.

Reviewers ask for the year-over-year change of every figure (增减, 增减率 =
(本年 − 上年) / 上年), and authors want to see which paragraphs they have
not yet rewritten. Figures are matched by id, sections by file and title
(then by position), so a section that was renamed or moved still finds its
counterpart where it can. Arithmetic is Decimal; a rate over a zero or
missing base is shown as "—", never as an error or infinity. Values and
changes print by the product's one rule (:mod:`~tui_report.figures.number_format`):
an amount in the report's decimals, the change from the exact values.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from tui_report.figures import number_format
from tui_report.figures.rates import difference, percent_change
from tui_report.figures.values import resolve
from tui_report.report.model import UNIT_SCALE, Figure, Report, Section
from tui_report.report.numbering import number as heading_number
from tui_report.report.places import previous_report

DASH = "—"
TO_FILL = "待填"


@dataclass
class FigureRow:
    id: str
    label: str
    unit: str
    old: Decimal | None
    new: Decimal | None
    #: decimals the values and the change print with (an amount's are the
    #: report's); None: as typed, the change exactly
    places: int | None = None

    @property
    def change(self) -> Decimal | None:
        return difference(self.old, self.new)

    @property
    def rate(self) -> Decimal | None:
        """增减率 in percent, to two decimals; None over a zero base."""
        return percent_change(self.old, self.new)

    @property
    def doubtful(self) -> bool:
        """A change that looks like a typing error rather than a year: ten
        times or a tenth of last year's, or a change of sign (a misplaced
        decimal point, a 万元 figure typed in 元, a lost minus)."""
        old, new = self.old, self.new
        if old is None or new is None or old == 0 or new == 0:
            return False
        if (old < 0) != (new < 0):
            return True
        ratio = abs(new / old)
        return ratio >= 10 or ratio <= Decimal("0.1")


@dataclass
class SectionPair:
    """One section in both years. ``old``/``new`` is None where the section
    exists in one year only. Texts are as written (placeholders kept);
    ``*_filled`` have each year's figures filled in, for reading side by side."""

    number: str  # this year's numbering, or last year's for a removed section
    level: int
    old: Section | None
    new: Section | None
    old_filled: str = ""
    new_filled: str = ""

    @property
    def title(self) -> str:
        section = self.new or self.old
        if section is None:
            raise ValueError("a section pair holds a section of at least one year")
        return section.title

    @property
    def status(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        same = (self.old.title, self.old.body, self.old.run_in) == (self.new.title, self.new.body, self.new.run_in)
        return "same" if same else "changed"


# --- last year's folder ------------------------------------------------------

def previous_root(root: str | Path, report: Report) -> Path | None:
    """Last year's report folder as ``[settings] previous_report`` names it
    (relative to this report's folder), or None when it names none;
    ``ReportError`` when what it names cannot be a path."""
    return previous_report(root, report.settings)


# --- figures -----------------------------------------------------------------

def _shown(fig: Figure, report: Report, resolved) -> tuple[Decimal | None, str]:
    """A figure's value and unit as a reader sees them."""
    if fig.format == "percent":
        if fig.derived:
            v = resolved.values.get(fig.id)
            return (v * 100 if v is not None else None), "%"
        return fig.value, "%"
    unit = fig.unit or report.unit
    if fig.derived:
        v = resolved.values.get(fig.id)
        return _convert(v, report.unit, unit), unit
    return fig.value, unit


def _convert(value: Decimal | None, src: str, dst: str) -> Decimal | None:
    if value is None or src == dst or src not in UNIT_SCALE or dst not in UNIT_SCALE:
        return value
    return value * UNIT_SCALE[src] / UNIT_SCALE[dst]


def figure_rows(old: Report, new: Report) -> list[FigureRow]:
    r_old, r_new = resolve(old), resolve(new)
    rows = []
    for fid, fig in new.figures.items():
        value, unit = _shown(fig, new, r_new)
        prev = None
        if fid in old.figures:
            prev, old_unit = _shown(old.figures[fid], old, r_old)
            prev = _convert(prev, old_unit, unit)
        if prev is None:
            prev = fig.prev
        rows.append(FigureRow(fid, fig.label, unit, prev, value, number_format.print_places(fig, new)))
    for fid, fig in old.figures.items():
        if fid not in new.figures:
            value, unit = _shown(fig, old, r_old)
            rows.append(FigureRow(fid, fig.label, unit, value, None, number_format.print_places(fig, old)))
    return rows


# --- sections ----------------------------------------------------------------

def _match(old: list[Section], new: list[Section], key) -> list[tuple[Section | None, Section | None]]:
    """Pairs in this year's order: same key first, then leftovers by position;
    last year's unmatched sections follow their predecessor."""
    used: set[int] = set()
    by_key: dict = {}
    for i, s in enumerate(old):
        by_key.setdefault(key(s), []).append(i)
    matched: list[int | None] = []
    for s in new:
        cands = [i for i in by_key.get(key(s), []) if i not in used]
        if cands:
            used.add(cands[0])
            matched.append(cands[0])
        else:
            matched.append(None)
    free = [i for i in range(len(old)) if i not in used]
    for n, m in enumerate(matched):
        if m is None and free and n < len(old) and n in free:
            matched[n] = n
            free.remove(n)
            used.add(n)
    pairs: list[tuple[Section | None, Section | None]] = []
    leftovers = sorted(i for i in range(len(old)) if i not in used)
    for s, m in zip(new, matched, strict=True):
        while leftovers and m is not None and leftovers[0] < m:
            pairs.append((old[leftovers.pop(0)], None))
        pairs.append((old[m] if m is not None else None, s))
    pairs += [(old[i], None) for i in leftovers]
    return pairs


def section_pairs(old_report: Report, new_report: Report) -> list[SectionPair]:
    """Every section of either year with its counterpart, in reading order:
    the text beside text view of the editor and `compare` both use this."""
    from tui_report.render.blocks import fill

    r_old, r_new = resolve(old_report), resolve(new_report)
    out: list[SectionPair] = []

    def filled(report, resolved, s: Section | None) -> str:
        return fill(s.body, report, resolved) if s is not None else ""

    def walk(olds: list[Section], news: list[Section], level: int, top: bool) -> None:
        key = (lambda s: s.id or s.title) if top else (lambda s: s.title)
        n_new = 0
        n_old = 0
        for o, n in _match(olds, news, key):
            if n is not None:
                n_new += 1
            if o is not None:
                n_old += 1
            num = heading_number(level, n_new if n is not None else n_old)
            out.append(SectionPair(num, level, o, n, filled(old_report, r_old, o), filled(new_report, r_new, n)))
            walk(o.children if o else [], n.children if n else [], level + 1, False)

    walk(old_report.sections, new_report.sections, 1, True)
    return out


# --- output ------------------------------------------------------------------

def _num(value: Decimal | None, places: int | None, missing: str = DASH) -> str:
    return missing if value is None else number_format.plain(value, places)


def _signed(value: Decimal | None, places: int | None) -> str:
    return DASH if value is None else number_format.signed(value, places)


def _rate(row: FigureRow) -> str:
    return DASH if row.rate is None else _signed(row.rate, number_format.RATE_PLACES) + "%"


HEADER = ("项目", "单位", "上年", "本年", "增减", "增减率")
#: the column added when a change looks like a typing error
CHECK_HEADER = "核对"
DOUBTFUL = "请确认"


def _header(rows: list[FigureRow]) -> list[str]:
    return list(HEADER) + ([CHECK_HEADER] if any(r.doubtful for r in rows) else [])


def _cells(row: FigureRow, flags: bool = False) -> list[str]:
    cells = [row.label, row.unit, _num(row.old, row.places), _num(row.new, row.places, TO_FILL),
             _signed(row.change, row.places), _rate(row)]
    return cells + [DOUBTFUL if row.doubtful else ""] if flags else cells


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * (width - _width(text))
    return space + text if right else text + space


def figures_text(rows: list[FigureRow]) -> str:
    header = _header(rows)
    flags = len(header) > len(HEADER)
    table = [header] + [_cells(r, flags) for r in rows]
    widths = [max(_width(r[i]) for r in table) for i in range(len(header))]
    return "\n".join(
        "  ".join(_pad(c, widths[i], i >= 2) for i, c in enumerate(r)).rstrip() for r in table) + "\n"


def figures_markdown(rows: list[FigureRow]) -> str:
    """A Markdown table, also valid as a table in a report body."""
    def esc(c: str) -> str:
        return c.replace("|", "｜")

    header = _header(rows)
    flags = len(header) > len(HEADER)
    lines = ["| " + " | ".join(header) + " |", "|---|---|---:|---:|---:|---:|" + ("---|" if flags else "")]
    lines += ["| " + " | ".join(esc(c) for c in _cells(r, flags)) + " |" for r in rows]
    return "\n".join(lines) + "\n"


_STATUS = {"changed": "改动", "added": "新增", "removed": "删除"}


def sections_text(pairs: list[SectionPair], markdown: bool = False) -> str:
    """The changed sections, and in each the changed paragraphs word by
    word (``[-上年-]{+本年+}``; in Markdown ~~上年~~ **本年**)."""
    from tui_report.yearly import word_diff

    changed = [p for p in pairs if p.status != "same"]
    same = len(pairs) - len(changed)
    head = f"正文：{len(changed)} 个章节有改动，{same} 个未改动"
    lines = [head]
    render = word_diff.as_markdown if markdown else word_diff.as_text
    for p in changed:
        indent = "  " * (p.level - 1)
        item = f"{indent}- " if markdown else f"  {indent}"
        lines.append(f"{item}{p.number}{p.title}（{_STATUS[p.status]}）")
        old = p.old.body if p.old is not None else ""
        new = p.new.body if p.new is not None else ""
        for before, after in word_diff.paragraph_pairs(old, new):
            if before == after:
                continue
            text = render(word_diff.diff(before or "", after or ""))
            lines.append(f"{indent}  > {text}" if markdown else f"  {indent}    {text}")
    return "\n".join(lines) + "\n"


def report(old: Report, new: Report, fmt: str = "text", only: str | None = None) -> str:
    rows = figure_rows(old, new)
    parts = []
    if only in (None, "figures"):
        if fmt == "md":
            parts.append(figures_markdown(rows))
        else:
            parts.append(f"数字：{old.year} 年 → {new.year} 年\n" + figures_text(rows))
    if only in (None, "sections"):
        parts.append(sections_text(section_pairs(old, new), fmt == "md"))
    return "\n".join(parts)
