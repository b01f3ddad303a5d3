"""The report's figures beside the 部门决算: what an import would change.

One review serves the command line (`figures import`, a dry run unless
``--apply``), the editor's dialog and the ``figure-vs-accounts`` check, so
all three agree on which cell a figure comes from and whether it differs.

Which cell feeds which figure is data: the standard figures in
``data/accounts/standard.toml``, then the report's own ``[accounts.map]``,
then ``--map`` on the command line, each overriding the one before for the
figures it names. A report figure gets a standard entry by its id, or else
by its label (实际支出 and 本年支出合计 are one amount). A figure no entry
names is still looked up by its label as a row of the 收入支出决算总表.
"""

from __future__ import annotations

import os
import threading
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from tui_report.figures import formula
from tui_report.figures.accounts import (
    AccountsError,
    Cell,
    LookupFailed,
    Source,
    Spec,
    Workbook,
    convert,
    find_cell,
    norm,
    read_workbook,
    row_key,
    unmapped_rows,
)
from tui_report.report.model import UNIT_SCALE, Report
from tui_report.resources import data_dir

STANDARD_FILE = "accounts/standard.toml"
#: the table a figure's label is looked for in when no entry names it
SUMMARY_TABLE = "收入支出决算总表"
SUMMARY_COLUMN = "决算数"

SAME, ROUNDED, DIFFERS, NEW, DERIVED = "same", "rounded", "differs", "new", "derived"
#: how each state is marked in the review
MARKS = {SAME: "=", ROUNDED: "≈", DIFFERS: "≠", NEW: "+", DERIVED: "ƒ"}
WHAT = {"value": "本年", "prev": "上年"}


@dataclass(frozen=True)
class StandardFigure:
    id: str
    label: str
    names: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Standard:
    figures: dict[str, StandardFigure]
    identities: tuple[tuple[str, str], ...]  # (rule, message)


@cache
def standard() -> Standard:
    from tui_report.figures.identities import BY_ID

    with open(data_dir() / STANDARD_FILE, "rb") as fh:
        data = tomllib.load(fh)
    figures = {}
    for fid, spec in data.get("figures", {}).items():
        names = [spec["label"], *spec.get("names", ())]
        if fid in BY_ID:
            names += BY_ID[fid].names
        figures[fid] = StandardFigure(fid, spec["label"], tuple(dict.fromkeys(names)), tuple(spec["sources"]))
    identities = tuple((i["rule"], i["message"]) for i in data.get("identities", ()))
    return Standard(figures, identities)


# --- the workbook a report names ---------------------------------------------------------

def workbook_path(report: Report) -> Path | None:
    """The workbook ``[accounts] workbook`` names, from the report folder."""
    accounts = report.accounts
    if accounts is None or not accounts.workbook:
        return None
    return (Path(report.root) / accounts.workbook).expanduser()


_cache: dict[Path, tuple[tuple[int, int], Workbook | AccountsError]] = {}
_cache_lock = threading.Lock()


def cached_workbook(path: Path) -> Workbook:
    """The workbook read once per version on disk: the editor checks after
    every keystroke, and a 决算 workbook takes a while to parse. A file
    changed since (size or modification time) is read again."""
    try:
        st = os.stat(path)
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = (0, -1)
    key = path.resolve() if stamp[1] >= 0 else path
    with _cache_lock:
        hit = _cache.get(key)
    if hit is not None and hit[0] == stamp:
        result = hit[1]
    else:
        try:
            result = read_workbook(path)
        except AccountsError as exc:
            result = exc
        with _cache_lock:
            _cache[key] = (stamp, result)
    if isinstance(result, AccountsError):
        raise result
    return result


# --- the mapping ----------------------------------------------------------------------------------

def parse_map_option(text: str) -> tuple[str, str]:
    """``FIGURE_ID=表名关键词/行名/列名`` as given to ``--map``."""
    fid, sep, spec = text.partition("=")
    fid, spec = fid.strip(), spec.strip()
    if not sep or not fid or not spec:
        raise LookupFailed(f"--map “{text}”应写成“数字编号=表名关键词/行名/列名”")
    Spec.parse(spec)
    return fid, spec


@dataclass(frozen=True)
class Entry:
    """Where one report figure is read from, and who said so."""

    figure: str
    sources: tuple[str, ...]
    origin: str  # standard | report | option | label


def entries(report: Report, extra: dict[str, str] | None = None) -> tuple[list[Entry], list[StandardFigure]]:
    """The entry for each report figure that has one, and the standard
    figures the report does not have."""
    std = standard()
    chosen: dict[str, Entry] = {}
    explicit = dict(report.accounts.map) if report.accounts is not None else {}
    for fid, text in explicit.items():
        chosen[fid] = Entry(fid, (text,), "report")
    for fid, text in (extra or {}).items():
        chosen[fid] = Entry(fid, (text,), "option")
    absent: list[StandardFigure] = []
    by_label = {norm(f.label): fid for fid, f in report.figures.items()}
    claimed = set(chosen)
    for sid, sf in std.figures.items():
        target = sid if sid in report.figures else next(
            (by_label[norm(n)] for n in sf.names if norm(n) in by_label), None)
        if target is None:
            absent.append(sf)
            continue
        if target in claimed and target != sid:
            continue  # another standard figure (or the report's map) has it
        if target not in chosen:
            chosen[target] = Entry(target, sf.sources, "standard")
        claimed.add(target)
    for fid, fig in report.figures.items():
        if fid not in chosen and fig.format != "percent":
            chosen[fid] = Entry(fid, (f"{SUMMARY_TABLE}/{fig.label}/{SUMMARY_COLUMN}",), "label")
    order = list(report.figures)
    return sorted(chosen.values(), key=lambda e: order.index(e.figure) if e.figure in order else len(order)), absent


def lookup(book: Workbook, sources: tuple[str, ...]) -> tuple[Cell | None, str]:
    """The first source found, or None and why none was."""
    why = ""
    for text in sources:
        try:
            return find_cell(book, Spec.parse(text)), ""
        except LookupFailed as exc:
            why = why or exc.message
    return None, why


# --- the review ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReviewRow:
    figure: str
    label: str
    key: str  # value | prev
    unit: str
    current: Decimal | None
    proposed: Decimal
    source: Source
    status: str
    #: ``decimals`` to write with the value, so an exact amount with more
    #: places than the report prints (from a table in 元) prints as before
    decimals: int | None = None

    @property
    def changes(self) -> bool:
        return self.status in (DIFFERS, ROUNDED, NEW)

    @property
    def id(self) -> str:
        """How ``--only`` names the row: the figure id, ``.prev`` for last year."""
        return self.figure if self.key == "value" else f"{self.figure}.prev"


@dataclass(frozen=True)
class IdentityResult:
    rule: str
    message: str
    holds: bool | None  # None: a figure of it was not found
    left: Decimal | None = None
    right: Decimal | None = None
    missing: tuple[str, ...] = ()


@dataclass
class Review:
    book: Workbook
    unit: str
    rows: list[ReviewRow] = field(default_factory=list)
    identities: list[IdentityResult] = field(default_factory=list)
    #: (figure id, label, why): an entry none of whose sources was found
    missing: list[tuple[str, str, str]] = field(default_factory=list)
    #: standard figures found in the workbook that the report does not have
    absent: list[tuple[StandardFigure, Decimal, Source]] = field(default_factory=list)
    #: (sheet, row number, label): rows with amounts no figure was read from
    unknown_rows: list[tuple[str, int, str]] = field(default_factory=list)
    #: (figure id, why): entries from report.toml or --map that name no figure
    bad_entries: list[tuple[str, str]] = field(default_factory=list)

    def changes(self, only: set[str] | None = None) -> list[ReviewRow]:
        """The rows an import writes: all that change, or those ``only``
        names (``ID`` takes both years, ``ID.prev`` last year's alone)."""
        return [r for r in self.rows if r.changes
                and (only is None or r.figure in only or r.id in only)]


def _tolerance(places: int) -> Decimal:
    return Decimal(5).scaleb(-(places + 1))


def tolerance_for(report: Report, row: ReviewRow) -> Decimal:
    """Half of the figure's last printed digit: a figure that prints the
    workbook's amount agrees with it."""
    fig = report.figures[row.figure]
    return _tolerance(fig.decimals if fig.decimals is not None else 2)


def review(report: Report, book: Workbook, extra: dict[str, str] | None = None,
           resolved_values: dict[str, Decimal | None] | None = None) -> Review:
    """Every figure the workbook has a value for, beside the report's."""
    out = Review(book, report.unit)
    mapped, absent = entries(report, extra)
    used: dict[str, set[int]] = {}
    for entry in mapped:
        fig = report.figures.get(entry.figure)
        if fig is None:
            out.bad_entries.append((entry.figure, f"报告中没有编号为“{entry.figure}”的数字"))
            continue
        cell, why = lookup(book, entry.sources)
        if cell is None:
            if entry.origin != "label":
                out.missing.append((fig.id, fig.label, why))
            continue
        if entry.origin == "label" and row_key(cell.source.row_label) != row_key(fig.label):
            continue  # only a row with exactly the figure's label is taken unasked
        unit = fig.unit or report.unit
        if unit not in UNIT_SCALE or fig.format == "percent":
            out.missing.append((fig.id, fig.label, f"单位“{unit}”不是金额单位，不能从决算表换算"))
            continue
        used.setdefault(cell.source.sheet, set()).add(cell.source.row - 1)
        places = fig.decimals if fig.decimals is not None else 2
        for key, source in (("value", cell.source), ("prev", cell.prev_source)):
            if source is None:
                continue
            proposed = cell.in_unit(unit, prev=key == "prev")
            if proposed is None:
                continue
            if fig.derived:
                if key == "prev":
                    continue
                value = (resolved_values or {}).get(fig.id)
                current = None if value is None else convert(value, report.unit, unit) \
                    if report.unit in UNIT_SCALE else value
                status = DERIVED
            else:
                current = fig.value if key == "value" else fig.prev
                status = _status(current, proposed, places)
            exponent = proposed.as_tuple().exponent
            decimals = 2 if fig.decimals is None and isinstance(exponent, int) and -exponent > 2 else None
            out.rows.append(ReviewRow(fig.id, fig.label, key, unit, current, proposed, source, status, decimals))
    for sf in absent:
        cell, _ = lookup(book, sf.sources)
        if cell is not None:
            out.absent.append((sf, convert(cell.value, cell.source.unit, report.unit)
                               if report.unit in UNIT_SCALE else cell.value, cell.source))
            used.setdefault(cell.source.sheet, set()).add(cell.source.row - 1)
    out.identities = identities(book, report.unit)
    for table in book.tables:
        if table.sheet in used:
            for row in unmapped_rows(table, used[table.sheet]):
                out.unknown_rows.append((table.sheet, row.index + 1, row.label))
    return out


def _status(current: Decimal | None, proposed: Decimal, places: int) -> str:
    if current is None:
        return NEW
    if current == proposed:
        return SAME
    if abs(current - proposed) <= _tolerance(places):
        return ROUNDED
    return DIFFERS


def identities(book: Workbook, unit: str) -> list[IdentityResult]:
    """The workbook's own arithmetic (收入总计 = 支出总计, …) on the
    standard figures, in ``unit``. Tables in 万元 round each amount to
    0.01 万元, so a sum may be off by a cent per term: that much is allowed."""
    std = standard()
    report_unit = unit if unit in UNIT_SCALE else "万元"
    values: dict[str, Decimal | None] = {}
    coarsest: dict[str, Decimal] = {}
    for sid, sf in std.figures.items():
        cell, _ = lookup(book, sf.sources)
        values[sid] = None if cell is None else convert(cell.value, cell.source.unit, report_unit)
        if cell is not None:
            coarsest[sid] = UNIT_SCALE[cell.source.unit]
    out = []
    for rule, message in std.identities:
        node = formula.parse(rule)
        names = [n.name for n in formula.names(node)]
        missing = tuple(std.figures[n].label for n in names if values.get(n) is None)
        if missing:
            out.append(IdentityResult(rule, message, None, missing=missing))
            continue
        scale = max(coarsest[n] for n in names)
        tolerance = Decimal("0.005") * len(names) * scale / UNIT_SCALE[report_unit]
        result = formula.evaluate(node, values, tolerance)
        if isinstance(result, formula.Comparison):
            out.append(IdentityResult(rule, message, result.holds, result.left, result.right))
    return out


def tables_used(book: Workbook) -> list[tuple[str, str, str]]:
    """(sheet, title, unit) of every table recognised, for the summary."""
    return [(t.sheet, t.title, t.unit or "未写明") for t in book.tables]


def amount_text(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "（待填）"
    return f"{format(value, 'f')}{unit}"
