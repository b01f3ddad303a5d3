"""Report → numbered blocks, the step every output goes through.

Rendering goes through a list of :class:`Block` first so every output (the
Markdown and text exports, the HTML for the PDF, the TUI preview) numbers
headings and fills placeholders the same way, and each block remembers the
section and body offset it came from so the preview can follow the cursor.

Body conventions (docs/format.md): every non-blank line is a paragraph;
``1. text`` lines are numbered items, printed （1）（2）… by position; ``- text``
lines are bullets; ``|`` lines form a Markdown table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

from tui_report.figures import number_format, yoy
from tui_report.figures.placeholders import PLACEHOLDER
from tui_report.figures.values import Resolved, format_value, resolve
from tui_report.report.model import Report, Section
from tui_report.report.numbering import number

ORDERED_ITEM = re.compile(r"^\s*\d+\.\s+")
BULLET_ITEM = re.compile(r"^\s*[-*+]\s+")
#: the mark a bullet prints with, in every output that draws one
BULLET = "•"
TABLE_ROW = re.compile(r"^\s*\|")
SENTENCE_END = "。！？；：!?"


#: what the report's body is made of; every writer handles each (a
#: ``match`` ending in ``assert_never``), so a new kind fails the type check
#: in a writer that misses it instead of printing as a paragraph
BodyKind = Literal["title", "heading", "para", "item", "bullet", "table"]
#: what the 自评表 附件 is made of (render/scorecard.py)
AttachmentKind = Literal["attachment", "attachment-title", "caption", "table"]
K = TypeVar("K", BodyKind, AttachmentKind)


@dataclass
class Block(Generic[K]):
    kind: K
    text: str  # filled text; for a run-in heading, the heading part
    level: int = 0  # heading level 1–4
    number: str = ""  # heading or item number as printed
    run_in: bool = False
    body: str = ""  # run-in heading: the paragraph text after the heading
    rows: list[list[str]] = field(default_factory=list)  # table cells
    #: table cells that span columns: (row, column) → how many columns; the
    #: cells they cover are empty
    spans: dict[tuple[int, int], int] = field(default_factory=dict)
    section: Section | None = None
    offset: int = -1  # offset of the source line in section.body


def fill(text: str, report: Report, resolved: Resolved, unknown: Callable[[str], str] | None = None) -> str:
    """Replace ``{{id}}`` placeholders; unknown names stay visible as typed."""
    fields = report.fields()

    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name in fields:
            return fields[name]
        fig = report.figures.get(name)
        if fig is not None:
            return format_value(fig, resolved.values.get(name), report)
        if yoy.known(name, report):
            return yoy.text(name, report, resolved)
        return unknown(m.group(0)) if unknown else m.group(0)

    return PLACEHOLDER.sub(sub, text)


def title_text(report: Report, resolved: Resolved | None = None) -> str:
    return fill(report.title, report, resolved or resolve(report)).strip()


def blocks(report: Report, resolved: Resolved | None = None) -> list[Block[BodyKind]]:
    resolved = resolved or resolve(report)
    out = [Block("title", title_text(report, resolved))]
    for n, section in enumerate(report.sections, 1):
        _section_blocks(section, 1, n, report, resolved, out)
    return out


def _section_blocks(section: Section, level: int, n: int, report, resolved, out: list[Block]) -> None:
    num = number(level, n)
    title = fill(section.title, report, resolved).strip()
    lines = _body_lines(section.body)
    if section.run_in:
        first = ""
        if lines and lines[0][1].strip() and not _special(lines[0][1]):
            first = fill(lines[0][1].strip(), report, resolved)
            lines = lines[1:]
        if title and title[-1] not in SENTENCE_END:
            title += "。"
        out.append(Block("heading", title, level, num, run_in=True, body=first, section=section, offset=0))
    else:
        out.append(Block("heading", title, level, num, section=section, offset=-1))
    _body_blocks(lines, section, report, resolved, out)
    for k, child in enumerate(section.children, 1):
        _section_blocks(child, level + 1, k, report, resolved, out)


def _money_columns(table: Block, report: Report) -> None:
    """A bare number in a column whose header names a money unit
    (``金额（万元）``) is an amount: printed in the report's decimals like
    every other (``165.8`` → ``165.80``)."""
    if len(table.rows) < 2:
        return
    columns = [k for k, head in enumerate(table.rows[0]) if number_format.money_column(head)]
    for row in table.rows[1:]:
        for k in columns:
            if k < len(row):
                row[k] = number_format.money_cell(row[k], report)


def _body_lines(body: str) -> list[tuple[int, str]]:
    """Non-blank lines with their offsets in the body."""
    out, offset = [], 0
    for line in body.split("\n"):
        if line.strip():
            out.append((offset, line))
        offset += len(line) + 1
    return out


def _special(line: str) -> bool:
    return bool(ORDERED_ITEM.match(line) or BULLET_ITEM.match(line) or TABLE_ROW.match(line))


def _body_blocks(lines, section, report, resolved, out: list[Block]) -> None:
    item_no = 0
    table: Block | None = None
    for offset, line in lines:
        if TABLE_ROW.match(line):
            cells = [fill(c.strip(), report, resolved) for c in line.strip().strip("|").split("|")]
            if table is None:
                table = Block("table", "", section=section, offset=offset)
                out.append(table)
            if not all(re.fullmatch(r":?-{1,}:?", c) for c in cells if c) or not any(cells):
                table.rows.append(cells)
            continue
        if table is not None:
            _money_columns(table, report)
        table = None
        m = ORDERED_ITEM.match(line)
        if m:
            item_no += 1
            text = fill(line[m.end():].strip(), report, resolved)
            out.append(Block("item", text, 4, number(4, item_no), section=section, offset=offset))
            continue
        item_no = 0
        m = BULLET_ITEM.match(line)
        if m:
            out.append(Block("bullet", fill(line[m.end():].strip(), report, resolved), section=section, offset=offset))
            continue
        out.append(Block("para", fill(line.strip(), report, resolved), section=section, offset=offset))
    if table is not None:
        _money_columns(table, report)
