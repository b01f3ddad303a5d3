"""A report model → the text of a new report folder.

Written by hand rather than through a TOML library so that a new folder
looks like one a person wrote (the sample's layout): titles as basic
strings, bodies as ``'''`` literal strings starting on the next line (one
paragraph per line, so positions map onto file lines and an edit is a
one-line diff), figures as aligned inline tables. Every file is read back by
``tomllib`` before anything is written.

A folder is created whole or not at all: the files go to a hidden sibling
folder which is then renamed into place, and an existing non-empty folder is
never touched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import tomllib
from decimal import Decimal
from pathlib import Path

from tui_report.report.errors import TuiReportError, os_reason
from tui_report.report.model import Figure, ImportNote, Report, Section
from tui_report.report.places import REPORT_FILE, SECTIONS_DIR, section_file
from tui_report.report.terminal import safe
from tui_report.report.toml_write import basic, multiline

#: section ids for the headings every report has, by words in the title
#: (first match wins), so an imported folder has the sample's file names
SECTION_IDS = (
    ("概况", "overview"),
    ("部门基本情况", "overview"),
    ("一般公共预算", "general-budget"),
    ("项目组织实施", "project-implementation"),
    ("项目实施", "project-implementation"),
    ("资产管理", "assets"),
    ("政府性基金", "government-funds"),
    ("国有资本", "state-capital"),
    ("社会保险基金", "social-insurance"),
    ("公开", "disclosure"),
    ("绩效情况", "performance"),
    ("存在的问题", "problems"),
    ("问题", "problems"),
    ("改进", "improvements"),
    ("收入", "income"),
    ("支出", "expenditure"),
)


class FolderExists(TuiReportError):
    """The target folder exists and has files in it."""

    def __init__(self, path: Path):
        what = "文件夹已存在且不为空" if path.is_dir() else "已存在同名文件"
        super().__init__(f"{path}：{what}；为免覆盖已有内容，请换一个文件夹名，或先移走它")
        self.path = path


def section_ids(sections: list[Section]) -> list[str]:
    """One file name per top-level section: the usual name for its title
    (``overview``), ``overview-2``, ``overview-3`` … when it repeats. Taken
    names are a set and each name's next number is remembered, so a
    50 MB import of tens of thousands of sections is not quadratic."""
    ids: list[str] = []
    taken: set[str] = set()
    next_number: dict[str, int] = {}
    for n, s in enumerate(sections, 1):
        base = next((sid for words, sid in SECTION_IDS if words in s.title), f"section-{n:02d}")
        sid, k = base, next_number.get(base, 2)
        while sid in taken:
            sid, k = f"{base}-{k}", k + 1
        if sid != base:
            next_number[base] = k
        ids.append(sid)
        taken.add(sid)
    return ids


# --- TOML text ---------------------------------------------------------------

def number(value: Decimal) -> str:
    return format(value, "f")


def figure_table(fig: Figure, report_unit: str) -> str:
    parts = [f"label = {basic(fig.label)}"]
    if fig.formula is not None:
        parts.append(f"formula = {basic(fig.formula)}")
    else:
        parts.append(f"value = {number(fig.value) if fig.value is not None else basic('')}")
    if fig.unit and fig.unit != report_unit:
        parts.append(f"unit = {basic(fig.unit)}")
    if fig.prev is not None:
        parts.append(f"prev = {number(fig.prev)}")
    if fig.format:
        parts.append(f"format = {basic(fig.format)}")
    if fig.decimals is not None:
        parts.append(f"decimals = {fig.decimals}")
    if fig.note:
        parts.append(f"note = {basic(fig.note)}")
    return "{ " + ", ".join(parts) + " }"


def report_toml(report: Report, ids: list[str], header: list[str] | None = None) -> str:
    out = [f"# {line}" for line in header or []]
    if out:
        out.append("")
    out += [
        f"title = {basic(report.title)}",
        f"department = {basic(report.department)}",
        f"year = {report.year}",
        f"unit = {basic(report.unit)}",
        "",
        "# 章节顺序：每项对应 sections/<编号>.toml",
        "sections = [",
        *[f"  {basic(sid)}," for sid in ids],
        "]",
    ]
    if report.figures:
        width = max(len(fid) for fid in report.figures)
        out += ["", "[figures]"]
        out += [f"{fid.ljust(width)} = {figure_table(f, report.unit)}" for fid, f in report.figures.items()]
    for check in report.checks:
        out += ["", "[[checks]]"]
        if check.id:
            out.append(f"id = {basic(check.id)}")
        out.append(f"rule = {basic(check.rule)}")
        if check.message:
            out.append(f"message = {basic(check.message)}")
        if check.severity != "error":
            out.append(f"severity = {basic(check.severity)}")
    if report.import_notes:
        out += ["", "[import]", "# 导入时不确定是标题还是正文之处：check 列为 import-unsure，改动该处文字或确认后不再列出",
                "unsure = ["]
        out += [f"  {import_note(note)}," for note in report.import_notes]
        out.append("]")
    return "\n".join(out) + "\n"


def import_note(note: ImportNote) -> str:
    parts = [f"section = {basic(note.section)}", f"kind = {basic(note.kind)}", f"text = {basic(note.text)}"]
    if note.digest:
        parts.append(f"digest = {basic(note.digest)}")
    if note.source_line:
        parts.append(f"source_line = {note.source_line}")
    if note.why:
        parts.append(f"why = {basic(note.why)}")
    return "{ " + ", ".join(parts) + " }"


def _section_lines(section: Section, header: str | None, out: list[str]) -> None:
    if header:
        out += ["", header]
    out.append(f"title = {basic(section.title)}")
    if section.run_in:
        out.append("run_in = true")
    if section.body:
        out.append(f"body = {multiline(section.body)}")
    child_header = "[[sections]]" if header is None else header[:-2] + ".sections]]"
    for child in section.children:
        _section_lines(child, child_header, out)


def section_toml(section: Section) -> str:
    out: list[str] = []
    _section_lines(section, None, out)
    return "\n".join(out) + "\n"


def folder_files(report: Report, header: list[str] | None = None) -> dict[str, str]:
    """Relative path → text of every file of the report folder."""
    ids = section_ids(report.sections)
    files = {REPORT_FILE: report_toml(report, ids, header)}
    for sid, section in zip(ids, report.sections, strict=True):
        files[section_file(sid)] = section_toml(section)
    for text in files.values():
        tomllib.loads(text)  # a bug here must not reach the disk
    return files


# --- creating the folder -----------------------------------------------------

class FolderError(TuiReportError):
    """A new report folder could not be made (disk full, read-only, no
    permission, a link where it should go); nothing was left behind."""


def ensure_free(dest: Path) -> None:
    try:
        if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
            raise FolderExists(dest)
    except OSError as exc:
        raise FolderError(f"无法新建 {_shown(dest)}：{os_reason(exc)}") from None


def _shown(path: Path) -> str:
    return safe(str(path), keep_newlines=False)


def real_destination(dest: Path) -> Path:
    """Where a new folder named ``dest`` is really made: a symlink to an
    empty folder is followed (the folder it names is filled; a rename onto
    the link itself would fail), a link to nothing is refused."""
    dest = Path(dest)
    if not dest.is_symlink():
        return dest
    real = Path(os.path.realpath(dest))
    if not real.is_dir():
        raise FolderError(f"无法新建 {_shown(dest)}：它是指向不存在的文件夹（或不是文件夹）的符号链接；"
                          "请给出真实的文件夹路径")
    ensure_free(real)
    return real


def create_folder(dest: Path, fill) -> Path:
    """Make ``dest`` with ``fill(tmp_folder)`` all at once: build it in a
    hidden sibling, then rename it into place; returns the folder made.
    Any failure of the system (disk full, read-only, no permission) is a
    :class:`FolderError` and leaves nothing behind."""
    dest = Path(dest)
    ensure_free(dest)
    dest = real_destination(dest)
    for above in dest.parents:
        if above.exists() or above.is_symlink():
            if not above.is_dir():
                raise FolderError(f"无法新建 {_shown(dest)}：路径中的 {_shown(above)} 是文件，不是文件夹")
            break
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent))
    except OSError as exc:
        raise FolderError(f"无法新建 {_shown(dest)}：{os_reason(exc)}") from None
    try:
        fill(tmp)
        os.chmod(tmp, 0o755)
        # every file on disk before the folder appears under its name: one
        # sync for the whole folder, not an fsync (and a temp file) per file
        # — tens of thousands of sections import in seconds, not minutes
        os.sync()
        os.replace(tmp, dest)  # onto an empty folder too; never onto a full one
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            full = dest.exists() and any(dest.iterdir())
        except OSError:
            full = False
        if full:
            raise FolderExists(dest) from exc
        raise FolderError(f"无法新建 {_shown(dest)}：{os_reason(exc)}；未留下任何文件") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return dest


def write_new(path: Path, text: str) -> None:
    """A file of a folder :func:`create_folder` is filling: nobody sees the
    folder until it is renamed into place after a sync, so the file is
    written directly (no temp file, no fsync of its own)."""
    with open(path, "x", encoding="utf-8", newline="") as fh:
        fh.write(text)


def write_report(report: Report, dest: Path, header: list[str] | None = None) -> dict[str, str]:
    files = folder_files(report, header)

    def fill(tmp: Path) -> None:
        (tmp / SECTIONS_DIR).mkdir()
        for rel, text in files.items():
            write_new(tmp / rel, text)

    create_folder(dest, fill)
    return files

