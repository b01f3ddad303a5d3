"""The unit's 部门决算 workbook, read as tables found by their titles.

Every amount of a 部门整体支出绩效自评报告 already exists in the unit's
部门决算, which the 决算 software exports as .xls (and, resaved, .xlsx)
workbooks. Nothing about those files is stable from one year to the next:
tables are renumbered (Z05 one year, Z06 the next), sheet names are cut at
Excel's 31 characters, headers span several rows with merged cells, some
tables are in 元 and some in 万元, and the published 公开表 use their own
numbering and 行次 / 栏次 columns. So a table is found by the words of its
title, a row by its label, a column by its header text, and the unit by the
"金额单位" the table states; a cell address is never assumed.

xlrd and openpyxl are imported only when a workbook is read: a report that
names no workbook never loads them.

Amounts stay exact: xlrd and openpyxl hand back binary floats, which are
turned into Decimal through their shortest ``repr`` and quantized to the
cent (in the table's own unit) before any scaling, so 1539900.0 元 is
153.99 万元 exactly and 0.30000000000000004 is 0.30.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from tui_report.report.errors import TuiReportError
from tui_report.report.model import UNIT_SCALE

#: a workbook larger than this is not a unit's 部门决算
MAX_WORKBOOK_BYTES = 64 * 1024 * 1024

#: rows searched for the title, the 编制单位 line and the unit
TOP_ROWS = 8
#: the header never goes further down than this (row 9 in the exports seen)
MAX_HEADER_ROWS = 14

Value = Decimal | str | None

_SHEET_PREFIX = re.compile(r"^\s*[A-Z]{1,2}\d+(?:[_-]\d+)?\s*")
_NUMBERING = re.compile(r"[（(]\s*(?:财决|公开|附)[^（）()]*(?:[）)]|$)")
_PUBLIC = re.compile(r"公开\s*\d+\s*表")
_CORNER = re.compile(r"^[（(]?(?:财决|公开|附)[^表]{0,8}表[）)]?$")
_UNIT = re.compile(r"单位\s*[:：]?\s*(亿元|万元|千元|元)|[（(]\s*(亿元|万元|千元|元)\s*[)）]")
_ENUM = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d))")
_CODE = re.compile(r"^\d{3,}")
_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』 \u3000\t\r\n")
#: words in a table's title that narrow what it covers: a title holding one
#: of these that the words asked for do not is another table
QUALIFIERS = ("财政拨款", "一般公共预算", "政府性基金", "国有资本经营", "基本支出", "项目支出", "明细")


class AccountsError(TuiReportError):
    """The workbook cannot be used: not found, not a workbook, damaged, or
    no 部门决算 table in it; the message names the file and what was
    expected."""


class LookupFailed(TuiReportError):
    """One ``表/行/列`` that does not lead to exactly one cell (no such
    table, row or column, or more than one); the message says which."""


def norm(text: str) -> str:
    """Text as compared: full-width forms folded (（ → (, ０ → 0), quotes
    and spaces dropped, and 和 / 及 ignored (年初结转和结余 is also written
    年初结转结余)."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return folded.replace("和", "").replace("及", "")


def row_key(label: str) -> str:
    """A row label as matched: its enumeration (一、 （二） 1.) and 其中：
    dropped, so 一、一般公共预算财政拨款收入 is found by its words."""
    text = unicodedata.normalize("NFKC", label).strip().translate(_QUOTES)
    for _ in range(3):
        before = text
        text = re.sub(r"^其中[:：]?", "", text)
        text = _ENUM.sub("", text)
        text = re.sub(r"^\d{3,}", "", text)  # a 功能分类 code written before the name
        if text == before:
            break
    return norm(text)


def shown(text: str) -> str:
    """A label as printed in messages: on one line, its indentation gone."""
    return re.sub(r"\s+", " ", text.replace("\u3000", " ")).strip()


def column_letter(index: int) -> str:
    """0 → A, 26 → AA: how a spreadsheet names a column."""
    out = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("A") + r) + out
    return out


def cent(unit: str) -> Decimal:
    """One cent expressed in ``unit`` (0.01 元 = 0.000001 万元)."""
    return Decimal("0.01") * UNIT_SCALE["元"] / UNIT_SCALE[unit]


def exact(value: Decimal, unit: str) -> Decimal:
    """An amount read from a cell, to the cent of its unit."""
    return value.quantize(cent(unit), rounding=ROUND_HALF_UP)


def convert(value: Decimal, src: str, dst: str) -> Decimal:
    """``value`` in ``src`` expressed in ``dst``, exactly: both scales are
    powers of ten, so the division never rounds; trailing zeros beyond the
    cent are dropped (1539900.00 元 → 153.99 万元)."""
    out = value * UNIT_SCALE[src] / UNIT_SCALE[dst]
    return tidy(out)


def tidy(value: Decimal) -> Decimal:
    """Two decimals when that is exact, else as few as are exact."""
    two = value.quantize(Decimal("0.01"))
    if two == value:
        return two
    return value.normalize()


# --- the workbook as read ---------------------------------------------------------

@dataclass(frozen=True)
class Source:
    """Where one amount was read: what the review and the check name."""

    sheet: str
    row: int  # 1-based, as the spreadsheet shows it
    column: int  # 0-based; printed as a letter
    row_label: str
    column_label: str
    unit: str

    def describe(self) -> str:
        label = f"“{shown(self.row_label)}”" if self.row_label else ""
        return f"{self.sheet}，第{self.row}行{label}，{column_letter(self.column)}列“{self.column_label}”"

    def short(self) -> str:
        return f"{self.sheet} {column_letter(self.column)}{self.row}"


@dataclass
class Column:
    index: int
    #: header texts from the top header row down (a merged group first)
    header: tuple[str, ...]
    kind: str  # number | label | code | line

    @property
    def leaf(self) -> str:
        return self.header[-1] if self.header else ""

    @property
    def label(self) -> str:
        return "/".join(shown(h) for h in self.header)


@dataclass
class Block:
    """One side of a table: its row-label column and the amount columns to
    its right (收入 on the left of 收入支出决算总表, 支出 on the right)."""

    label: int | None = None
    codes: list[int] = field(default_factory=list)
    numbers: list[Column] = field(default_factory=list)


@dataclass
class Row:
    index: int  # 0-based row in the sheet
    block: int
    label: str
    key: str
    coded: bool  # a 功能分类 / 经济分类 line (a code beside it or before it)


@dataclass
class Table:
    sheet: str
    title: str
    unit: str | None
    public: bool
    cells: list[list[Value]]
    first_data_row: int
    blocks: list[Block]
    rows: list[Row]

    def value(self, row: int, column: int) -> Value:
        line = self.cells[row] if row < len(self.cells) else []
        return line[column] if column < len(line) else None


@dataclass
class Workbook:
    path: Path
    tables: list[Table]
    #: sheets that are not a 决算 table (a cover, notes, a chart)
    skipped: list[str]

    @property
    def name(self) -> str:
        return self.path.name


# --- reading ----------------------------------------------------------------------------

def read_workbook(path: str | Path) -> Workbook:
    """The 决算 tables of a workbook (.xls or .xlsx, told apart by their
    first bytes, not the name). Raises :class:`AccountsError` for anything
    that is not a readable 部门决算 export."""
    from tui_report.report.safe_read import read_bytes
    from tui_report.report.toml_read import ReportError

    path = Path(path)
    try:
        data = read_bytes(path, str(path), MAX_WORKBOOK_BYTES)
    except ReportError as exc:
        raise AccountsError(f"无法读取部门决算工作簿 {path}：{exc.message}") from None
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        sheets = _read_xls(path, data)
    elif data[:4] == b"PK\x03\x04":
        sheets = _read_xlsx(path, data)
    else:
        what = _guess(data)
        raise AccountsError(f"{path} 不是 Excel 工作簿{what}；应为决算软件导出的部门决算 .xls 或 .xlsx 文件")
    tables, skipped = [], []
    for name, cells in sheets:
        table = parse_sheet(name, cells)
        if table is None:
            skipped.append(name)
        else:
            tables.append(table)
    if not tables:
        listed = "、".join(skipped[:6]) + ("……" if len(skipped) > 6 else "")
        raise AccountsError(
            f"{path} 不是部门决算导出的工作簿：其中没有找到决算表（{listed or '没有工作表'}）。"
            "应有“收入支出决算总表”“支出决算表”等表，表头写明“编制单位”和“金额单位”")
    return Workbook(path, tables, skipped)


def _guess(data: bytes) -> str:
    head = data[:512].lstrip().lower()
    if head.startswith((b"<html", b"<!doctype", b"<table", b"<?xml")):
        return "（是网页或 XML 文件，只是扩展名为 .xls；请在 Excel/WPS 中另存为 .xlsx）"
    if not data:
        return "（文件是空的）"
    return ""


def _damaged(path: Path, exc: BaseException) -> AccountsError:
    return AccountsError(f"{path} 已损坏或不是完整的 Excel 工作簿，无法读取（{type(exc).__name__}）；"
                         "请从决算软件重新导出")


def _number(value: float | int) -> Decimal:
    """A spreadsheet number as Decimal, through its shortest repr: the
    float 153.99 is Decimal('153.99'), not its binary expansion."""
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(value))


def _read_xls(path: Path, data: bytes) -> list[tuple[str, list[list[Value]]]]:
    import xlrd

    try:
        try:
            book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=False)
        except NotImplementedError:
            book = xlrd.open_workbook(file_contents=data, on_demand=False)
        out = []
        for sheet in book.sheets():
            cells: list[list[Value]] = []
            for r in range(sheet.nrows):
                line: list[Value] = []
                for c in range(sheet.ncols):
                    kind = sheet.cell_type(r, c)
                    value = sheet.cell_value(r, c)
                    if kind == xlrd.XL_CELL_NUMBER:
                        line.append(_number(value))
                    elif kind == xlrd.XL_CELL_TEXT:
                        line.append(_text(value))
                    else:
                        line.append(None)
                cells.append(line)
            merged = [(r0, r1, c0, c1) for r0, r1, c0, c1 in sheet.merged_cells]
            out.append((sheet.name, _fill_merged(cells, merged)))
        return out
    except AccountsError:
        raise
    except Exception as exc:  # noqa: BLE001 - xlrd raises many kinds on a damaged file
        raise _damaged(path, exc) from None


def _read_xlsx(path: Path, data: bytes) -> list[tuple[str, list[list[Value]]]]:
    import io

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        out = []
        for sheet in book.worksheets:
            cells: list[list[Value]] = []
            for row in sheet.iter_rows(values_only=True):
                line: list[Value] = []
                for value in row:
                    if isinstance(value, bool) or value is None:
                        line.append(None)
                    elif isinstance(value, (int, float)):
                        line.append(_number(value))
                    elif isinstance(value, str):
                        line.append(_text(value))
                    else:
                        line.append(None)
                cells.append(line)
            merged = [(rng.min_row - 1, rng.max_row, rng.min_col - 1, rng.max_col)
                      for rng in sheet.merged_cells.ranges]
            out.append((sheet.title, _fill_merged(cells, merged)))
        return out
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise _damaged(path, exc) from None


def _text(value: str) -> str | None:
    return value if value.strip() else None


def _fill_merged(cells: list[list[Value]], merged: list[tuple[int, int, int, int]]) -> list[list[Value]]:
    """Every cell of a merged range holds the range's value, so a group
    header spanning three columns heads each of them."""
    width = max((len(r) for r in cells), default=0)
    for line in cells:
        line.extend([None] * (width - len(line)))
    for r0, r1, c0, c1 in merged:
        if r0 >= len(cells) or c0 >= width:
            continue
        value = cells[r0][c0]
        if value is None:
            continue
        for r in range(r0, min(r1, len(cells))):
            for c in range(c0, min(c1, width)):
                if cells[r][c] is None:
                    cells[r][c] = value
    return cells


# --- a sheet as a table -----------------------------------------------------------------------

def _amount(value: Value) -> Decimal | None:
    """A cell's amount: a number, or text written as one ("1,234.56")."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).replace(",", "").replace(" ", "").strip()
        if re.fullmatch(r"-?\d+(\.\d+)?", text):
            try:
                return Decimal(text)
            except InvalidOperation:
                return None
    return None


def _is_text(value: Value) -> bool:
    return isinstance(value, str) and _amount(value) is None


def stripped_name(name: str) -> str:
    """A sheet name without its Z prefix and table numbering:
    ``Z01 收入支出决算总表(财决01表)`` → ``收入支出决算总表``."""
    return _NUMBERING.sub("", _SHEET_PREFIX.sub("", name)).strip()


def parse_sheet(name: str, cells: list[list[Value]]) -> Table | None:
    """A sheet as a 决算 table, or None when it is not one (no title naming
    决算 or a 公开表, or no header over amount columns)."""
    top = [v for line in cells[:TOP_ROWS] for v in line if isinstance(v, str)]
    titles = [t for t in top if "表" in t and not _CORNER.match(norm(t)) and "单位" not in t]
    title = max(titles, key=len).strip() if titles else stripped_name(name)
    public = bool(_PUBLIC.search(name) or any(_PUBLIC.search(t) for t in top))
    if not ("决算" in title or "决算" in name or public or name.lstrip().startswith("Z")):
        return None
    title = _NUMBERING.sub("", title).strip() or stripped_name(name)
    unit = _unit([name, *top], public)
    start = 0
    for r, line in enumerate(cells[:TOP_ROWS]):
        texts = [v for v in line if isinstance(v, str)]
        if any(t.strip().startswith("编制单位") or _UNIT.search(t) or t.strip() == title
               or _CORNER.match(norm(t)) for t in texts):
            start = r + 1
    first = _first_data_row(cells, start)
    if first is None:
        return None
    columns = _columns(cells, start, first)
    blocks = _blocks(columns)
    if not any(b.numbers for b in blocks):
        return None
    table = Table(name, title, unit, public, cells, first, blocks, [])
    table.rows = _rows(table)
    return table


def _unit(texts: list[str], public: bool) -> str | None:
    for text in texts:
        m = _UNIT.search(unicodedata.normalize("NFKC", text).replace(" ", ""))
        if m:
            return m.group(1) or m.group(2)
    return "元" if public else None


def _first_data_row(cells: list[list[Value]], start: int) -> int | None:
    """The row after the header: after a 栏次 row when there is one, else
    the first row holding an amount that is not a run of column numbers."""
    end = min(len(cells), start + MAX_HEADER_ROWS + 1)
    for r in range(start, end):
        if any(isinstance(v, str) and norm(v) == "栏次" for v in cells[r]):
            return r + 1
    for r in range(start, end):
        amounts = [a for a in (_amount(v) for v in cells[r] if not (isinstance(v, str) and _is_text(v)))
                   if a is not None]
        if not amounts:
            continue
        if [int(a) for a in amounts] == list(range(1, len(amounts) + 1)) and all(a == int(a) for a in amounts) \
                and not any(_is_text(v) for v in cells[r]):
            continue  # 1 2 3 … under the header: column numbers
        return r
    return None


def _columns(cells: list[list[Value]], start: int, first: int) -> list[Column]:
    width = max((len(r) for r in cells), default=0)
    data = cells[first:]
    out = []
    for c in range(width):
        parts: list[str] = []
        for r in range(start, first):
            v = cells[r][c] if c < len(cells[r]) else None
            if not isinstance(v, str):
                continue
            text = shown(v)
            if norm(text) in ("栏次", "") or re.fullmatch(r"\d+", norm(text)):
                continue
            if not parts or parts[-1] != text:
                parts.append(text)
        header = tuple(parts)
        keys = [norm(h) for h in header]
        values = [line[c] for line in data if c < len(line)]
        texts = sum(1 for v in values if _is_text(v) and not _CODE.match(norm(str(v))))
        codes = sum(1 for v in values if isinstance(v, str) and re.fullmatch(r"\d{3,}", norm(v)))
        numbers = sum(1 for v in values if isinstance(v, Decimal))
        if any("行次" in k or "栏次" in k for k in keys):
            kind = "line"
        elif (keys and keys[-1] in ("类", "款", "项")) or any("编码" in k or "代码" in k for k in keys) \
                or (codes and codes >= texts and not numbers):
            kind = "code"
        elif texts > numbers:
            kind = "label"
        elif numbers or header:
            kind = "number"
        else:
            continue
        out.append(Column(c, header, kind))
    return out


def _blocks(columns: list[Column]) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    for col in columns:
        if col.kind in ("label", "code"):
            if current is None or current.numbers or (col.kind == "label" and current.label is not None):
                current = Block()
                blocks.append(current)
            if col.kind == "label":
                current.label = col.index
            else:
                current.codes.append(col.index)
        elif col.kind == "number":
            if current is None:
                current = Block()
                blocks.append(current)
            current.numbers.append(col)
    return blocks


def _rows(table: Table) -> list[Row]:
    out = []
    for r in range(table.first_data_row, len(table.cells)):
        for n, block in enumerate(table.blocks):
            label = table.value(r, block.label) if block.label is not None else None
            codes = [table.value(r, c) for c in block.codes]
            code_text = "".join(norm(str(v)) for v in codes if v is not None)
            if not isinstance(label, str):
                if code_text and not code_text.isdigit():
                    label = code_text  # 合计 written across the code columns
                elif block.label is None and not block.codes and any(
                        _amount(table.value(r, c.index)) is not None for c in block.numbers):
                    # a table of amounts alone (公开表 of 三公经费): the line
                    # is found by its column groups, not by a label
                    out.append(Row(r, n, "", "", False))
                    continue
                else:
                    continue
            key = row_key(label)
            if not key or key == "栏次":
                continue
            coded = bool(re.fullmatch(r"\d{3,}", code_text)) or bool(_CODE.match(norm(label)))
            out.append(Row(r, n, label, key, coded))
    return out


# --- finding one cell ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Spec:
    """``表名关键词/行名/列名``: which table (words of its title), which
    row (its label), which column (its header; ``支出>决算数`` names a
    column under a group)."""

    table: str
    row: str
    column: str

    @classmethod
    def parse(cls, text: str) -> Spec:
        parts = [p.strip() for p in re.split(r"[/／]", text)]
        if len(parts) != 3 or not all(parts):
            raise LookupFailed(f"“{text}”应写成“表名关键词/行名/列名”，例如“收入支出决算总表/本年支出合计/决算数”")
        return cls(*parts)

    def __str__(self) -> str:
        return f"{self.table}/{self.row}/{self.column}"


@dataclass(frozen=True)
class Cell:
    """An amount found: in the table's unit, to the cent; blank is 0."""

    value: Decimal
    source: Source
    prev: Decimal | None = None
    prev_source: Source | None = None

    def in_unit(self, unit: str, prev: bool = False) -> Decimal | None:
        value = self.prev if prev else self.value
        if value is None:
            return None
        return convert(value, self.source.unit, unit)


def find_table(book: Workbook, words: str) -> Table:
    key = norm(words)
    exact_match = [t for t in book.tables if norm(t.title) == key or norm(stripped_name(t.sheet)) == key]
    found = exact_match or [
        t for t in book.tables
        if (key in norm(t.title) or key in norm(stripped_name(t.sheet)))
        and not any(q in norm(t.title) and q not in key for q in QUALIFIERS)]
    if not found:
        raise LookupFailed(f"工作簿中没有标题含“{words}”的表")
    if len(found) > 1:
        shortest = min(len(norm(t.title)) for t in found)
        found = [t for t in found if len(norm(t.title)) == shortest]
    if len(found) > 1:
        found = [t for t in found if not t.public] or found
    if len(found) > 1:
        raise LookupFailed(f"标题含“{words}”的表不止一张（{'、'.join(t.sheet for t in found)}）；请写得更具体")
    return found[0]


def _match_rows(table: Table, words: str) -> list[Row]:
    key = row_key(words)
    rows = [r for r in table.rows if r.key == key]
    if not rows:
        rows = [r for r in table.rows if key in r.key and not r.coded]
    return rows


def _columns_for(block: Block, words: str) -> list[Column]:
    path = [norm(p) for p in re.split(r"[>＞]", words) if p.strip()]
    if not path:
        return []
    *groups, leaf = path

    def under(col: Column) -> bool:
        keys = [norm(h) for h in col.header]
        return all(any(g == k or g in k for k in keys) for g in groups)

    cols = [c for c in block.numbers if under(c)]
    for tier in (lambda c: norm(c.leaf) == leaf,
                 lambda c: any(norm(h) == leaf for h in c.header),
                 lambda c: leaf in norm(c.leaf)):
        hits = [c for c in cols if tier(c)]
        if len(hits) > 1:
            subtotal = [c for c in hits if norm(c.leaf) in ("小计", "合计")]
            hits = subtotal if len(subtotal) == 1 else hits
        if hits:
            return hits
    return []


def _prev_column(block: Block, col: Column) -> Column | None:
    """Last year's column beside this year's: 上年决算数 beside 决算数,
    上年 + the same header."""
    leaf = norm(col.leaf)
    this_year = leaf in ("决算数", "本年数", "本年决算数", "金额", "本年")
    found = []
    for other in block.numbers:
        if other is col:
            continue
        keys = [norm(h) for h in other.header]
        last = keys[-1] if keys else ""
        if last.startswith("上年") and (last[2:] == leaf or (this_year and last[2:] in ("", "数", "决算数"))):
            found.append(other)
        elif any(k.startswith("上年") for k in keys[:-1]) and last == leaf:
            found.append(other)
    return found[0] if len(found) == 1 else None


def find_cell(book: Workbook, spec: Spec) -> Cell:
    """The one cell ``spec`` names. Raises :class:`LookupFailed` saying
    what is missing or ambiguous."""
    table = find_table(book, spec.table)
    if table.unit is None:
        raise LookupFailed(f"{table.sheet} 没有写明金额单位（元或万元），不能换算")
    rows = _match_rows(table, spec.row)
    hits: list[tuple[Row, Column]] = []
    for row in rows:
        for col in _columns_for(table.blocks[row.block], spec.column):
            hits.append((row, col))
    if not rows:
        hits = _single_row(table, spec)
        if not hits:
            raise LookupFailed(f"{table.sheet} 中没有行“{spec.row}”")
    if not hits:
        raise LookupFailed(f"{table.sheet} 的“{shown(rows[0].label)}”行没有列“{spec.column}”")
    if len({(r.index, c.index) for r, c in hits}) > 1:
        where = "、".join(f"{column_letter(c.index)}{r.index + 1}" for r, c in hits[:4])
        raise LookupFailed(f"{table.sheet} 中“{spec.row}/{spec.column}”对应不止一格（{where}）；"
                           "请写明列所属的栏，例如“支出>决算数”")
    row, col = hits[0]
    unit = table.unit
    raw = _amount(table.value(row.index, col.index))
    value = exact(raw if raw is not None else Decimal(0), unit)
    source = Source(table.sheet, row.index + 1, col.index, row.label, col.label, unit)
    prev_col = _prev_column(table.blocks[row.block], col)
    prev = prev_source = None
    if prev_col is not None:
        raw_prev = _amount(table.value(row.index, prev_col.index))
        if raw_prev is not None:  # blank: last year not given for this line
            prev = exact(raw_prev, unit)
            prev_source = Source(table.sheet, row.index + 1, prev_col.index, row.label, prev_col.label, unit)
    return Cell(value, source, prev, prev_source)


def _single_row(table: Table, spec: Spec) -> list[tuple[Row, Column]]:
    """A table of one line of amounts (the 公开表 of 三公经费: 预算数 and
    决算数 are column groups, not rows): the row words name the group."""
    lines = sorted({r.index for r in table.rows})
    amount_rows = [r for r in table.rows
                   if any(_amount(table.value(r.index, c.index)) is not None
                          for c in table.blocks[r.block].numbers)]
    if len(lines) != 1 and len({r.index for r in amount_rows}) != 1:
        return []
    row = amount_rows[0] if amount_rows else table.rows[0] if table.rows else None
    if row is None:
        return []
    cols = _columns_for(table.blocks[row.block], f"{spec.row}>{spec.column}")
    return [(row, c) for c in cols]


def unmapped_rows(table: Table, used: set[int]) -> list[Row]:
    """Rows of a table no figure was read from that hold an amount other
    than zero, leaving out the 功能分类 / 经济分类 detail lines: what the
    author may still want to map."""
    out = []
    seen = set()
    for row in table.rows:
        if row.coded or row.index in used or (row.index, row.block) in seen:
            continue
        amounts = [_amount(table.value(row.index, c.index)) for c in table.blocks[row.block].numbers]
        if any(a for a in amounts if a is not None):
            seen.add((row.index, row.block))
            out.append(row)
    return out
