"""The report as plain data.

Everything downstream (checks, rendering, export, the TUI) reads these
dataclasses and nothing else, so the on-disk format can change without
touching them. Amounts are ``Decimal`` read from the TOML source text: a
report whose sums are checked to the cent cannot go through binary floats.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui_report.report.scorecard import Scorecard

#: How many 元 one unit is worth; lets a check compare "0元" with "76.33万元".
UNIT_SCALE: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "亿元": Decimal(100000000),
}

MAX_LEVEL = 4


_NEWLINE = re.compile("\n")


@functools.lru_cache(maxsize=16)
def _newlines(text: str) -> list[int]:
    return [m.start() for m in _NEWLINE.finditer(text)]


@dataclass
class Span:
    """Where a piece of text lives on disk, so every problem can point at it.

    ``line`` and ``col`` are 1-based and refer to the first character of the
    value's text (for multi-line strings, the first character after the
    opening delimiter's newline).
    """

    file: str
    line: int = 1
    col: int = 1
    #: True when the value's text is copied verbatim from the file (literal
    #: strings, or basic strings without escapes), so offsets inside it map
    #: exactly onto file columns.
    verbatim: bool = True

    def at(self, text: str, offset: int) -> tuple[int, int]:
        """File (line, col) of character ``offset`` of the value ``text``."""
        # bisected in the text's newlines, found once: a text with thousands
        # of problems must not be counted through for each of them
        starts = _newlines(text)
        nl = bisect_left(starts, offset)
        if nl == 0:
            return self.line, self.col + offset
        return self.line + nl, offset - starts[nl - 1]


@dataclass
class Figure:
    """A number typed once and referred to everywhere else."""

    id: str
    label: str
    value: Decimal | None = None
    unit: str | None = None  # None: the report's unit
    note: str = ""
    prev: Decimal | None = None  # last year's value, kept by `new`
    formula: str | None = None  # derived figures compute their value
    format: str | None = None  # "percent" for rates
    decimals: int | None = None
    span: Span | None = None
    #: Where each key's value sits ("value", "unit", "formula"), so a problem
    #: about the unit or a formula's column can point at the exact character.
    spans: dict[str, Span] = field(default_factory=dict)

    @property
    def derived(self) -> bool:
        return self.formula is not None


@dataclass
class Check:
    """An identity the author declares, e.g. 实际支出 = 基本支出 + 项目支出."""

    rule: str
    message: str
    id: str = ""
    severity: str = "error"
    tolerance: Decimal | None = None
    span: Span | None = None


@dataclass
class Acknowledgement:
    """A problem the author has looked at and accepted, with the reason."""

    problem: str  # problem id, e.g. "unit-mix"
    where: str = ""  # section path or figure id; empty: everywhere
    reason: str = ""
    span: Span | None = None


@dataclass
class Section:
    """One heading with its prose and its subsections.

    A section carries no typed number: numbering comes from its position.
    ``path`` is its index path inside its file (``()`` for the file's
    top-level section), which the store uses to find it again for edits.
    """

    title: str
    body: str = ""
    children: list[Section] = field(default_factory=list)
    run_in: bool = False
    id: str = ""
    file: str = ""
    path: tuple[int, ...] = ()
    title_span: Span | None = None
    body_span: Span | None = None
    #: Set when the section's file could not be read: the rest of the report
    #: still opens, and this section is shown read-only with the reason.
    error: str | None = None

    @property
    def place(self) -> tuple[str, tuple[int, ...]]:
        """Where the section is kept (file, index path): the same after the
        store rebuilds its model, so views key what they remember by it
        rather than by the object."""
        return (self.file, tuple(self.path))

    def walk(self, level: int = 1) -> Iterator[tuple[Section, int]]:
        yield self, level
        for child in self.children:
            yield from child.walk(level + 1)


@dataclass
class Accounts:
    """``[accounts]``: the unit's 部门决算 workbook the figures are read
    from, and where figures the standard mapping does not know are in it
    (figure id → ``表名关键词/行名/列名``), kept so next year's import
    reads the same cells."""

    workbook: str = ""
    map: dict[str, str] = field(default_factory=dict)
    span: Span | None = None


@dataclass
class ImportNote:
    """``[import] unsure``: a title or paragraph the import could not tell
    heading from text, kept in the folder so that `check` lists it until the
    author has looked. It names its text rather than a position (a section
    moved or renumbered is still the same words), by the text's start
    (``text``, also what ``[[acknowledged]] where`` may name) and a digest of
    the whole of it, so any edit of the words ends the note."""

    section: str  # ``overview/1``: where the import put it, preferred among equal texts
    kind: str  # "title" | "body": what the import made the line
    text: str  # the first characters of the title or paragraph
    digest: str = ""  # of the whole text as imported; empty: the start alone decides
    why: str = ""
    source_line: int = 0  # line of the imported file; 0: not known
    span: Span | None = None


@dataclass
class Report:
    root: Path
    title: str
    department: str
    year: int
    unit: str = "万元"
    figures: dict[str, Figure] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    acknowledged: list[Acknowledgement] = field(default_factory=list)
    settings: dict = field(default_factory=dict)
    #: Problems found while loading (unknown keys, bad values): the report
    #: still opens, and `check` reports them with the rest.
    load_problems: list = field(default_factory=list)
    #: the 自评表 (scorecard.toml; report/scorecard.py), None when there is none
    scorecard: Scorecard | None = None
    #: ``[accounts]``, None when report.toml has none
    accounts: Accounts | None = None
    #: ``[import] unsure``: lines the import was unsure of (none for a report not imported)
    import_notes: list[ImportNote] = field(default_factory=list)

    def walk(self) -> Iterator[tuple[Section, int]]:
        for section in self.sections:
            yield from section.walk(1)

    def section_at(self, file: str, path: tuple[int, ...]) -> Section | None:
        """The section stored at index ``path`` inside ``file`` (how problems,
        fixes and recovery files name a section), or None if gone."""
        for top in self.sections:
            if top.file != file:
                continue
            node = top
            for n in path:
                if not 0 <= n < len(node.children):
                    return None
                node = node.children[n]
            return node
        return None

    def fields(self) -> dict[str, str]:
        """Report fields that prose may name as placeholders."""
        return {
            "year": str(self.year),
            "prev_year": str(self.year - 1),
            "next_year": str(self.year + 1),
            "department": self.department,
            "unit": self.unit,
        }


#: the ``[settings]`` key that says how many decimals amounts print with
MONEY_PLACES_SETTING = "money_decimals"
#: the range ``money_decimals`` may take
MAX_MONEY_PLACES = 10


def money_places_setting(settings: dict | None) -> int | None:
    """``[settings] money_decimals`` when it is a whole number from 0 to
    10; None when it is absent or anything else (the store warns of the
    latter, and amounts keep the default)."""
    value = (settings or {}).get(MONEY_PLACES_SETTING)
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    try:
        places = int(value)
    except (ValueError, OverflowError, ArithmeticError):
        return None
    return places if places == value and 0 <= places <= MAX_MONEY_PLACES else None
