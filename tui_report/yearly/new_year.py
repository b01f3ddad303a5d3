"""Next year's report from this year's: `tui-report new NEW --from OLD`.

Everyone starts a report by copying last year's file; the copy is where
stale figures and stale years come from. Here the copy is made so that
every figure must be typed again: each value moves to ``prev`` (kept for the
year-over-year comparison) and the value is left empty, which `check`
reports as an error (``figure-unfilled``) until it is typed. 上年结余 is the one value known in advance: last year's
本年结余. Prose is kept as it was; years written as ``{{year}}`` move on by
themselves, and literal ones are what `check` lists as stale.

report.toml is edited through tomlkit so comments and layout survive and
the new folder differs from the old one only where it must.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from tui_report.figures.identities import BY_ID, figure_with_label
from tui_report.report.atomic import write_atomic
from tui_report.report.folder_writer import create_folder, number
from tui_report.report.model import UNIT_SCALE, Figure, Report
from tui_report.report.places import REPORT_FILE
from tui_report.report.safe_read import read_bytes
from tui_report.report.scorecard import SCORECARD_FILE
from tui_report.report.store import ReportError, Store
from tui_report.report.toml_read import MAX_FILE_BYTES

#: the ``[settings]`` key naming last year's report folder
PREVIOUS_KEY = "previous_report"
PREVIOUS_COMMENT = "# 上年度报告文件夹（tui-report new 写入；编辑器的“上年对照”和 compare 使用）"

#: never copied: the editor's recovery files and lock, version control
SKIP = {".tui-report", ".git", ".hg", ".svn"}


@dataclass
class NewYear:
    old_year: int
    year: int
    cleared: list[Figure] = field(default_factory=list)
    carried: tuple[Figure, Figure, Decimal] | None = None  # (上年结余, 上年的本年结余, value)
    old_balance: str | None = None  # last year's balance check, when it fails: its message
    other_unit: list[Figure] = field(default_factory=list)  # amounts in a unit other than the report's
    comments: list[tuple[int, str]] = field(default_factory=list)  # report.toml's comment lines
    stale_years: int = 0
    review_paragraphs: int = 0  # last year's paragraphs, unchanged
    review_cells: int = 0  # cells of the 自评表 still last year's
    review_numbers: int = 0  # typed counts and amounts in them
    review_dates: int = 0


def _other_money_unit(fig: Figure, unit: str) -> bool:
    """The figure is an amount in a money unit other than the report's."""
    return bool(fig.unit) and fig.unit != unit and fig.unit in UNIT_SCALE and unit in UNIT_SCALE \
        and fig.format != "percent"


def _failed_balance(old: Report, end_id: str | None) -> str | None:
    """Last year's own check on its balance, when it fails: its message
    with the numbers. Carrying 本年结余 over as 上年结余 then carries the
    error over too, so the author is told before typing anything."""
    if end_id is None:
        return None
    from tui_report.checks.declared import check_one
    from tui_report.figures.values import resolve

    resolved = resolve(old)
    for check in old.checks:
        if end_id not in check.rule:
            continue
        problem = check_one(check, old, resolved)
        if problem is not None and problem.severity == "error":
            return problem.message
    return None


#: words of a comment that speaks of the numbers (and so of last year's)
_FIGURE_WORDS = re.compile(r"[0-9０-９]|数字|数值|金额|决算|预算|结余|元")


def _comment_lines(text: str) -> list[tuple[int, str]]:
    """The comment lines of last year's report.toml that speak of numbers
    (line number, text): they described last year's and are listed for
    review; a comment on the layout ("章节顺序…") is not."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("#") and stripped.strip("# ") and _FIGURE_WORDS.search(stripped):
            out.append((n, stripped.lstrip("# ").strip()))
    return out


def _balance_ids(report: Report) -> tuple[str | None, str | None]:
    def find(kid: str) -> str | None:
        fig = report.figures.get(kid)
        if fig is not None and not fig.derived:
            return kid
        return figure_with_label(report.figures, BY_ID[kid].names)

    return find("balance_start"), find("balance_end")


def _convert(value: Decimal, src: str, dst: str) -> Decimal:
    if src == dst or src not in UNIT_SCALE or dst not in UNIT_SCALE:
        return value
    return (value * UNIT_SCALE[src] / UNIT_SCALE[dst]).normalize()


def _inline(entries: list[tuple[str, str]]) -> str:
    return "{ " + ", ".join(f"{k} = {v}" for k, v in entries) + " }"


def _set_figure(figures, fid: str, value: Decimal | None, prev: Decimal | None) -> None:
    """Give figure ``fid`` a new value and prev, written the way the figure
    already is (inline table, sub-table, or bare number)."""
    import tomlkit
    from tomlkit.items import InlineTable, Table

    from tui_report.report.toml_write import decimal_item

    item = figures[fid]
    value_text = number(value) if value is not None else '""'
    if isinstance(item, InlineTable):
        entries: list[tuple[str, str]] = []
        for k, v in item.value.body:
            if k is None or k.key == "prev":
                continue
            text = value_text if k.key == "value" else v.as_string().strip()
            entries.append((k.as_string().strip(), text))
            if k.key == "value" and prev is not None:
                entries.append(("prev", number(prev)))
        if not any(k == "value" for k, _ in entries):
            entries.append(("value", value_text))
            if prev is not None:
                entries.append(("prev", number(prev)))
        new = tomlkit.parse(f"x = {_inline(entries)}")["x"]
        new.trivia.comment = item.trivia.comment
        new.trivia.comment_ws = item.trivia.comment_ws
        figures[fid] = new
    elif isinstance(item, Table):
        item["value"] = decimal_item(value)
        if prev is not None:
            item["prev"] = decimal_item(prev)
        elif "prev" in item:
            del item["prev"]
    else:  # shorthand `id = 12.34`
        entries = [("label", f'"{fid}"'), ("value", value_text)]
        if prev is not None:
            entries.append(("prev", number(prev)))
        figures[fid] = tomlkit.parse(f"x = {_inline(entries)}")["x"]


def previous_path(old_root: Path, dest: Path) -> str:
    """Last year's folder as seen from the new one, with ``/``: the two
    usually sit side by side in one repository, so a relative path keeps
    working after a clone or a move of both."""
    return os.path.relpath(old_root.resolve(), dest.resolve()).replace(os.sep, "/")


def _record_previous(doc, old_root: Path, dest: Path) -> None:
    """``[settings] previous_report``: where the editor finds last year's
    text to show beside this year's, and what `compare NEW` compares with."""
    import tomlkit

    settings = doc.get("settings")
    if settings is None:
        settings = tomlkit.table()
        doc["settings"] = settings
    item = tomlkit.string(previous_path(old_root, dest))
    item.comment(PREVIOUS_COMMENT)
    item.trivia.comment_ws = "  "
    settings[PREVIOUS_KEY] = item


def count_literal_year(report: Report, year: int) -> int:
    pattern = re.compile(rf"(?<![0-9.]){year}(?![0-9])")
    return sum(len(pattern.findall(s.title)) + len(pattern.findall(s.body)) for s, _ in report.walk())


def new_report(old_root: str | Path, dest: str | Path, year: int | None = None) -> NewYear:
    import tomlkit

    old = Store.open(Path(old_root)).report
    year = old.year + 1 if year is None else year
    result = NewYear(old.year, year)
    start_id, end_id = _balance_ids(old)
    text = read_bytes(Path(old_root) / REPORT_FILE, REPORT_FILE, MAX_FILE_BYTES).decode("utf-8-sig")
    doc = tomlkit.parse(text)
    doc["year"] = year
    if "import" in doc:
        # what the import of last year's file was unsure of was for last
        # year's author to look at; next year starts without it
        del doc["import"]
    _record_previous(doc, Path(old_root), Path(dest))
    figures = doc.get("figures")
    for fid, fig in old.figures.items():
        if fig.derived or figures is None or fid not in figures:
            continue
        # an amount kept in 元 in a 万元 report stays so (its value is
        # converted into it) but is named in the summary: `check` will list
        # it as unit-mix, and the author should hear why before that
        if _other_money_unit(fig, old.unit):
            result.other_unit.append(fig)
        end = old.figures[end_id] if fid == start_id and end_id is not None else None
        if end is not None and end.value is not None:
            carried = _convert(end.value, end.unit or old.unit, fig.unit or old.unit)
            _set_figure(figures, fid, carried, fig.value)
            result.carried = (fig, end, carried)
            continue
        _set_figure(figures, fid, None, fig.value)
        result.cleared.append(fig)
    result.old_balance = _failed_balance(old, end_id)
    result.comments = _comment_lines(text)
    result.stale_years = count_literal_year(old, old.year)
    new_text = doc.as_string()
    card_text = None
    card_path = Path(old_root) / SCORECARD_FILE
    if card_path.is_file() and not card_path.is_symlink():
        from tui_report.yearly.scorecard_roll import roll

        raw = read_bytes(card_path, SCORECARD_FILE, MAX_COPY_BYTES)
        card_text = roll(raw.decode("utf-8-sig"), old, year)

    def fill(tmp: Path) -> None:
        # the new folder may be inside the old one (`new OLD/next --from OLD`):
        # neither the folder being filled nor the destination is copied
        _copy_folder(Path(old_root), tmp, skip=(tmp, Path(dest)))
        write_atomic(tmp / REPORT_FILE, new_text)
        if card_text is not None:
            write_atomic(tmp / SCORECARD_FILE, card_text)

    create_folder(Path(dest), fill)
    _count_review(result, Path(dest))
    return result


def _count_review(result: NewYear, dest: Path) -> None:
    """What the new report asks to look at: last year's paragraphs, and the
    numbers and dates typed in them (checks/carried_over.py)."""
    from tui_report.checks import carried_over, scorecard_carried

    try:
        report = Store.open(dest).report
    except ReportError:
        return
    result.review_cells = sum(1 for p in scorecard_carried.run(report) if p.id == "carried-over-number")
    for p in carried_over.run(report):
        if p.id == "carried-over":
            result.review_paragraphs += 1
        elif "月" in p.extra.get("typed", "") and "日" in p.extra.get("typed", ""):
            result.review_dates += 1
        else:
            result.review_numbers += 1


#: the largest file copied into next year's folder (a picture, a scan)
MAX_COPY_BYTES = 256 * 1024 * 1024


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _leftover(name: str) -> bool:
    """A hidden temp file or folder of an interrupted save or ``new``
    (``.NAME.XXXX.tmp``): never part of a report."""
    return name.startswith(".") and name.endswith(".tmp")


def _copy_folder(src: Path, dst: Path, skip: tuple[Path, ...] = ()) -> None:
    """Last year's folder into next year's: folders, regular files (read the
    safe way, so a pipe or device put there is refused, never waited on or
    read without end) and symlinks as symlinks; the state and VCS folders,
    temp leftovers and the folders in ``skip`` (the copy itself, when it is
    made inside ``src``) are left behind."""
    skipped = {i for i in map(_identity, (dst, *skip)) if i is not None}
    for folder, dirs, files in os.walk(src):
        here = Path(folder)
        keep = []
        for d in dirs:
            if d in SKIP or _leftover(d):
                continue
            if not (here / d).is_symlink() and _identity(here / d) in skipped:
                continue
            keep.append(d)
        dirs[:] = keep
        out = dst / here.relative_to(src)
        out.mkdir(parents=True, exist_ok=True)
        for name in [*files, *(d for d in dirs if (here / d).is_symlink())]:
            if name in SKIP or _leftover(name):
                continue
            path = here / name
            rel = str(path.relative_to(src))
            if path.is_symlink():
                os.symlink(os.readlink(path), out / name)
                continue
            (out / name).write_bytes(read_bytes(path, rel, MAX_COPY_BYTES))
            shutil.copystat(path, out / name)


def summary(result: NewYear, dest: str, unit: str) -> str:
    out = [f"已新建 {result.year} 年度报告：{dest}（由 {result.old_year} 年度报告复制，正文保留）"]
    if result.cleared:
        labels = "、".join(f.label for f in result.cleared)
        out.append(f"  待填写的数字 {len(result.cleared)} 个：{labels}（上年数值已记入 prev）")
        out.append("    在编辑器中按 F3 填写，或填 report.toml 中各数字的 value")
    if result.carried:
        start, end, value = result.carried
        out.append(f"  {start.label}取上年的{end.label}：{number(value)}{start.unit or unit}")
        if result.old_balance:
            out.append(f"  注意：上年报告自身的结余不成立：{result.old_balance}。"
                       f"{start.label}照抄了上年的{end.label}，请先核对上年的数字")
    if result.other_unit:
        labels = "、".join(f"{f.label}（{f.unit}）" for f in result.other_unit)
        out.append(f"  沿用上年的单位：{labels}，与报告的单位{unit}不同，check 会列为 [unit-mix]；"
                   f"填写本年数时可在编辑器 F3 中把单位改为{unit}")
    if result.comments:
        shown = "；".join(f"第 {n} 行“{text[:30]}{'…' if len(text) > 30 else ''}”" for n, text in result.comments[:3])
        more = f" 等 {len(result.comments)} 行" if len(result.comments) > 3 else ""
        out.append(f"  report.toml 中沿用上年的注释：{shown}{more}；如已不符合本年情况，请修改或删除")
    if result.stale_years:
        out.append(f"  正文中写死的“{result.old_year}”有 {result.stale_years} 处，需改为 {{{{year}}}} 或新的年份")
    if result.review_paragraphs:
        out.append(f"  沿用上年的段落 {result.review_paragraphs} 段待核对，其中上年的数字 {result.review_numbers} 处、"
                   f"日期 {result.review_dates} 处（改写或确认后即不再列出 [carried-over]）")
    if result.review_cells:
        out.append(f"  自评表中沿用上年的格子 {result.review_cells} 个待核对（实际完成值、得分、偏差原因等；"
                   "改写或确认后即不再列出 [carried-over-number]），总分和等级按本年得分重新计算")
    todo = "（未填的数字列为错误 [figure-unfilled]；填完之前 PDF 只能加 --draft 导出草稿）" if result.cleared else ""
    out.append(f"下一步：运行 `tui-report check {dest}` 查看全部待办{todo}")
    return "\n".join(out) + "\n"
