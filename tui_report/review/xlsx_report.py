"""``review.xlsx``: the table of reports and every problem, for the bureau's
own spreadsheet work (sorting by district, adding a 复核 column, mail merge).

Two sheets: 报告 (one row per report, the rows of ``index.html``) and 问题
(one row per problem, with its sentence and numbers). Report text is
untrusted here too: a cell beginning with = + - @ is written as text, never
as a formula (``data_type = "s"``), and the control characters XML cannot
hold are replaced rather than making openpyxl refuse the whole workbook.
Numbers (year, counts, total, 执行率) are numeric cells so they sort as
numbers. openpyxl is imported inside :func:`workbook` only.
"""

from __future__ import annotations

import io

from tui_report.review.rows import SEVERITY_NAMES, Row

REPORT_SHEET = "报告"
FINDING_SHEET = "问题"
REPORT_COLUMNS = (("序号", 6), ("文件", 40), ("读入方式", 10), ("单位", 28), ("年度", 7), ("金额单位", 8),
                  ("结论", 9), ("错误", 6), ("警告", 6), ("提示", 6), ("主要问题", 60), ("自评表模板", 14),
                  ("自评总分", 9), ("等级", 6), ("计算总分", 9), ("计算等级", 8), ("总分与等级成立", 10),
                  ("执行率(%)", 9), ("执行率来源", 9), ("无法读入的原因", 40))
FINDING_COLUMNS = (("序号", 6), ("文件", 40), ("单位", 28), ("级别", 6), ("问题编号", 18), ("问题", 60),
                   ("位置", 36), ("原文", 60), ("相关数字", 36), ("已确认", 20))


def _report_values(row: Row) -> list:
    card = row.scorecard
    holds = None if card is None else ("成立" if card.holds else "不成立")
    return [row.index, row.source, row.kind, row.department, row.year, row.unit, row.verdict, row.errors,
            row.warnings, row.infos, "\n".join(f.message for f in row.worst()),
            card.template if card else None, card.total if card else None, card.grade if card else None,
            card.computed_total if card else None, card.computed_grade if card else None, holds,
            row.execution_rate, row.execution_rate_from or None, row.reason or None]


def _finding_rows(row: Row) -> list[list]:
    out = []
    for f in row.findings:
        sentence = f"{f.before}【{f.text}】{f.after}" if (f.before or f.text or f.after) else ""
        numbers = "；".join(f"{label}：{value}" for label, value in f.numbers)
        where = " · ".join(x for x in (f.place, f.location) if x)
        out.append([row.index, row.source, row.department, SEVERITY_NAMES.get(f.severity, f.severity), f.id,
                    f.message, where, sentence, numbers, f.reason if f.acknowledged else None])
    return out


def workbook(rows: list[Row]) -> bytes:
    """The .xlsx file's bytes (written by the caller, atomically)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    reports = book.active
    assert reports is not None
    reports.title = REPORT_SHEET
    findings = book.create_sheet(FINDING_SHEET)
    wrap = Alignment(wrap_text=True, vertical="top")

    def fill(sheet, columns, values_of_rows) -> None:
        for c, (name, width) in enumerate(columns, 1):
            cell = sheet.cell(row=1, column=c, value=name)
            cell.font = Font(bold=True)
            sheet.column_dimensions[get_column_letter(c)].width = width
        for r, values in enumerate(values_of_rows, 2):
            for c, value in enumerate(values, 1):
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    cell = sheet.cell(row=r, column=c, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
                    cell.data_type = "s"  # never a formula, whatever the report's text starts with
                    cell.alignment = wrap
                else:  # int, Decimal: numeric cells, so they sort as numbers
                    sheet.cell(row=r, column=c, value=value).alignment = wrap
        sheet.freeze_panes = "A2"
        last = max(1, sheet.max_row)
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"

    fill(reports, REPORT_COLUMNS, [_report_values(row) for row in rows])
    fill(findings, FINDING_COLUMNS, [values for row in rows for values in _finding_rows(row)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
