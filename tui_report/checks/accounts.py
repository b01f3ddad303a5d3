"""Figures against the 部门决算 workbook report.toml names.

Only when ``[accounts] workbook`` is set: the workbook is read (once per
version on disk, ``accounts_review.cached_workbook``) and every figure it
has a value for is compared with it, the same review `figures import`
shows. A figure within half of its last printed digit of the workbook's
amount agrees (153.99 typed for 1539912.34 元); anything else is a
``figure-vs-accounts`` warning naming both values and the cell. A workbook
that cannot be read, and ``[accounts.map]`` entries that lead nowhere, are
``accounts-unreadable`` / ``accounts-map`` warnings: the report is still
checked, only not against the workbook.
"""

from __future__ import annotations

from tui_report.figures.values import Resolved
from tui_report.report.model import Report, Span
from tui_report.report.places import REPORT_FILE
from tui_report.report.problems import Problem

MISMATCH = "figure-vs-accounts"
UNREADABLE = "accounts-unreadable"
BAD_MAP = "accounts-map"


def run(report: Report, resolved: Resolved) -> list[Problem]:
    accounts = report.accounts
    if accounts is None or not accounts.workbook:
        return []
    from tui_report.figures import accounts_review as review_mod
    from tui_report.figures.accounts import AccountsError

    where = accounts.span or Span(REPORT_FILE)
    path = review_mod.workbook_path(report)
    if path is None:
        return []
    try:
        book = review_mod.cached_workbook(path)
    except AccountsError as exc:
        return [Problem(UNREADABLE, "warning", f"不能与部门决算核对：{exc.message}", where.file, where.line,
                        where.col, where="accounts")]
    review = review_mod.review(report, book, resolved_values=resolved.values)
    out: list[Problem] = []
    for row in review.rows:
        if row.status not in (review_mod.DIFFERS, review_mod.DERIVED):
            continue
        if row.status == review_mod.DERIVED:
            if row.current is None or abs(row.current - row.proposed) <= review_mod.tolerance_for(report, row):
                continue
        fig = report.figures[row.figure]
        span = fig.spans.get(row.key) or fig.span or Span(REPORT_FILE)
        what = "上年数" if row.key == "prev" else "数值"
        out.append(Problem(
            MISMATCH, "warning",
            f"数字“{fig.label}”（{fig.id}）的{what}为 {review_mod.amount_text(row.current, row.unit)}，"
            f"与部门决算不符：{row.source.describe()} 为 {review_mod.amount_text(row.proposed, row.unit)}"
            f"（{book.name}）；用 `tui-report figures import` 取用决算数，或改正后重新导出决算表",
            span.file, span.line, span.col, where=fig.id,
            extra={"workbook": str(path), "sheet": row.source.sheet, "row": row.source.row,
                   "column": row.source.column}))
    for fid, label, why in review.missing:
        if fid in accounts.map:
            out.append(Problem(BAD_MAP, "warning", f"[accounts.map] 中数字“{label}”（{fid}）在部门决算中找不到：{why}",
                               where.file, where.line, where.col, where=fid))
    for fid, why in review.bad_entries:
        out.append(Problem(BAD_MAP, "warning", f"[accounts.map]：{why}", where.file, where.line, where.col,
                           where=fid))
    return out
