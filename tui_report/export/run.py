"""Report → one file in a chosen format: the single export step that both
``tui-report export`` and the editor call.

Markdown and text come from ``render``; HTML, PDF and DOCX from this package.
Each heavy module is imported only for the format that needs it, so
``export --format md`` never loads WeasyPrint or python-docx. Every file is written through
:func:`tui_report.report.output.write_output` (atomic; a folder, device,
FIFO, missing folder or the report's own files are refused with an
:class:`~tui_report.report.output.OutputError`); with no destination the
bytes are returned (for stdout).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tui_report.report.errors import TuiReportError
from tui_report.report.model import Report
from tui_report.report.output import check_output, write_output

if TYPE_CHECKING:
    from tui_report.export.pdf import Progress

FORMATS = ("md", "txt", "html", "pdf", "docx", "csv", "xlsx")


class ExportError(TuiReportError):
    """The format is unknown, or the machine lacks what it needs (fonts)."""


@dataclass
class Exported:
    fmt: str
    path: Path | None  # None: ``data`` is for stdout
    data: bytes | None  # the bytes, when no path was given (and for md/txt/html always)
    size: int  # bytes written or returned
    warnings: list[str] = field(default_factory=list)
    pages: int = 0  # PDF only
    elapsed: float = 0.0  # seconds, PDF only
    fonts: dict = field(default_factory=dict)  # PDF only: role → the family used


def default_output(report_path: str | Path, fmt: str) -> Path:
    """``<folder-name>.<fmt>`` in the current directory."""
    name = Path(report_path).resolve().name or "report"
    return Path.cwd() / f"{name}.{fmt}"


def run(report: Report, fmt: str, dest: Path | None, progress: Progress | None = None,
        draft: bool = False) -> Exported:
    """Export ``report`` as ``fmt`` to ``dest`` (None: return the bytes).
    Raises ExportError for an unknown format or missing fonts, OutputError
    when ``dest`` may not or cannot be written (nothing is left behind).

    ``draft`` marks every page of a PDF, HTML or DOCX export 草稿 (Markdown
    and text are working copies, never marked). A DOCX is a working copy
    too, the one the bureau edits, so :mod:`.guard` does not refuse it; it
    is marked only when asked. Whether a report may be
    exported without the mark is the caller's question, asked of
    :func:`tui_report.export.guard.blocking` first: the command line refuses
    unless ``--draft``, the editor offers a draft."""
    _refuse_unread(report)
    if fmt == "pdf":
        return _pdf(report, dest, progress, draft)
    if fmt == "docx":
        return _docx(report, dest, draft)
    if fmt == "xlsx":
        return _xlsx(report, dest)
    warnings: list[str] = []
    if fmt == "md":
        from tui_report.render.markdown import to_markdown

        text = to_markdown(report)
    elif fmt == "txt":
        from tui_report.render.text import to_text

        text = to_text(report)
    elif fmt == "html":
        from tui_report.export.html import standalone

        doc = standalone(report, draft=draft)
        text, warnings = doc.html, list(doc.warnings)
    elif fmt == "csv":
        text = _csv(report)
    else:
        raise ExportError(f"不支持的导出格式 {fmt}；可用：{'、'.join(FORMATS)}")
    data = text.encode("utf-8")
    if dest is not None:
        write_output(dest, data, report_root=report.root)
    return Exported(fmt, dest, data, len(data), warnings)


def _refuse_unread(report: Report) -> None:
    """A section whose file could not be read (no permission, a pipe, not
    UTF-8, broken TOML) would be exported as a bare heading — the file
    handed in silently short of its text. No export, draft or not, is
    made of a report with such a section; the error names each file."""
    broken = [section for section, _ in report.walk() if section.error]
    if broken:
        names = "；".join(section.error or section.file for section in broken)
        raise ExportError(f"未导出：{len(broken)} 个章节文件无法读取，导出会缺少它们的内容（{names}）；"
                          "请先修好这些文件（tui-report check 列出原因）再导出")


def _pdf(report: Report, dest: Path | None, progress: Progress | None, draft: bool) -> Exported:
    from tui_report.export.fonts import FontError
    from tui_report.export.pdf import export_pdf

    if dest is not None:
        check_output(dest, report.root)  # before the layout: a refused target fails at once
    try:
        result = export_pdf(report, dest, progress=progress, draft=draft)
    except FontError as exc:
        raise ExportError(f"无法导出 PDF：{exc.message}") from exc
    return Exported("pdf", dest, result.data, result.size, list(result.warnings), result.pages, result.elapsed,
                    dict(result.fonts))


def _docx(report: Report, dest: Path | None, draft: bool) -> Exported:
    from tui_report.export.docx import export_docx

    if dest is not None:
        check_output(dest, report.root)
    result = export_docx(report, dest, draft=draft)
    return Exported("docx", dest, result.data, result.size, list(result.warnings), elapsed=result.elapsed)


def _xlsx(report: Report, dest: Path | None) -> Exported:
    """The 自评表 as a workbook with its rules as formulas (export/xlsx.py)."""
    from tui_report.export.xlsx import workbook

    if report.scorecard is None:
        raise ExportError("此报告没有自评表（scorecard.toml），没有可导出的表格；"
                          "用 tui-report scorecard init 报告文件夹 --template 模板名 新建")
    from tui_report.report.templates import TemplateError

    try:
        data = workbook(report)
    except TemplateError as exc:
        raise ExportError(exc.message) from None
    if dest is not None:
        write_output(dest, data, report_root=report.root)
    return Exported("xlsx", dest, data, len(data))


def _csv(report: Report) -> str:
    """The 自评表's rows (``--part scorecard``, the only part a table
    system takes), first column naming the table; with a byte-order mark so
    Excel and WPS read the Chinese as UTF-8."""
    import csv
    import io

    from tui_report.render.scorecard import csv_rows

    if report.scorecard is None:
        raise ExportError("此报告没有自评表（scorecard.toml），没有可导出的表格；"
                          "用 tui-report scorecard init 报告文件夹 --template 模板名 新建")
    buffer = io.StringIO()
    rows = [[formula_safe(str(cell)) for cell in row] for row in csv_rows(report)]
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return "\ufeff" + buffer.getvalue()


#: what makes Excel, WPS or LibreOffice read a cell as a formula (OWASP,
#: "CSV Injection"): = + - @, and a tab or carriage return before them
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?%?")


def formula_safe(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs: one that starts
    like a formula gets a leading ``'`` (OWASP's advice; the spreadsheet
    hides it and shows the text). A plain number such as ``-3.5`` or
    ``-2%`` is left alone, so figures stay figures."""
    if cell.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell
