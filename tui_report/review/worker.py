"""One input imported and checked, returned as a plain :class:`Row`.

Run in a worker process (``run`` uses a process pool), so it takes and
gives only picklable data, writes nothing, and turns every failure into a
row that says why: a damaged .docx, a scanned PDF without text, a file
that is not a report, or a bug of ours must each cost one row, never the
review of the other hundred reports.

An imported file is checked in memory, the way ``tui-report import`` would
have written it and ``check`` then read it: the same model, the same checks
(``checks.engine.run``), with its sections given the file names and index
paths the folder would have, so each problem names one section. A 自评表
published as the report's 附件 (or a file that is only a 自评表) is read
with the scorecard importer and attached, so its rules are checked too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from tui_report import checks
from tui_report.figures.scoring import score
from tui_report.figures.values import Resolved, resolve
from tui_report.importer.docx_reader import ATTACHMENT_MARK
from tui_report.importer.pipeline import MAX_SOURCE_BYTES, import_file
from tui_report.importer.scorecard_text import read as read_scorecard_text
from tui_report.render.blocks import fill
from tui_report.report.encoding import DecodeError, decode
from tui_report.report.errors import TuiReportError
from tui_report.report.folder_writer import section_ids
from tui_report.report.model import Report, Section
from tui_report.report.places import section_file
from tui_report.report.problems import Tally
from tui_report.report.safe_read import read_bytes
from tui_report.report.scorecard import Scorecard, parse
from tui_report.report.store import Store
from tui_report.report.templates import TemplateError, load
from tui_report.review import template_sections
from tui_report.review.context import Context
from tui_report.review.inputs import Input
from tui_report.review.rows import SEVERITY_ORDER, Row, ScorecardSummary

FOLDER_KIND = "报告文件夹"
#: 预算执行率 as prose states it (the same words checks/scorecard.py reads)
_PROSE_RATE = re.compile(r"预算执行率(?:为|是|达到?|达|：|:)?\s*(\d+(?:\.\d+)?)\s*[%％]")
#: the header word of a 自评表's indicator table; a title naming 自评表 is the other sign
_FORM_HEADER = "一级指标"
#: how many of a text's first lines may hold its title
_TITLE_LINES = 3


@dataclass(frozen=True)
class Job:
    index: int
    input: Input
    template: str = ""  # --template: the 自评表's rules and the required sections


def review(job: Job) -> Row:
    row = Row(job.index, job.input.shown)
    try:
        return _review(job, row)
    except TuiReportError as exc:
        return _failed(row, exc.message)
    except RecursionError:
        return _failed(row, "文件结构嵌套过深，无法读取")
    except MemoryError:
        return _failed(row, "文件过大，读取时内存不足")
    except Exception as exc:  # one report's bug must not end the review of the others
        return _failed(row, f"读取时出错（{type(exc).__name__}：{exc}）；这是 tui-report 的缺陷，"
                            "请把这个文件报告给维护者")


def _failed(row: Row, reason: str) -> Row:
    row.status, row.reason = "failed", reason
    row.findings, row.scorecard = [], None
    return row


def _review(job: Job, row: Row) -> Row:
    item = job.input
    path = Path(item.path)
    if item.kind == "missing":
        return _failed(row, "找不到这个文件或文件夹")
    folder = item.kind == "folder"
    if folder:
        report = Store.open(path).report
        row.kind, row.year = FOLDER_KIND, report.year
        card_source = "scorecard.toml"
    else:
        imported = import_file(path)
        report = imported.report
        row.kind = imported.kind
        row.year = report.year if imported.year_found else None
        row.notes = [n.message for n in imported.notes if not n.placed]
        _place_sections(report)
        card_source = ""
        if report.scorecard is None:
            found = _attached_scorecard(path, imported.kind, job.template, row.notes)
            if found is not None:
                report.scorecard, card_source = found
    row.department, row.unit = report.department, report.unit
    try:
        resolved = resolve(report)
    except Exception:  # the checks report this one themselves ("数字" check failed)
        resolved = Resolved()
    problems = checks.run(report, resolved)
    if job.template:
        problems += template_sections.missing(report, load(job.template))
    tally = Tally.of(problems)
    row.errors, row.warnings = tally.errors, tally.warnings
    row.infos = sum(p.severity == "info" and not p.acknowledged for p in problems)
    context = Context(report, resolved, folder)
    shown = sorted((p for p in problems if p.severity in ("error", "warning")),
                   key=lambda p: (p.acknowledged, SEVERITY_ORDER[p.severity]))
    row.findings = [context.finding(p) for p in shown]
    if report.scorecard is not None:
        row.scorecard, rate = _scorecard(report.scorecard, card_source, resolved)
        if rate is not None:
            row.execution_rate, row.execution_rate_from = rate, "自评表"
    if row.execution_rate is None:
        rate = _prose_rate(report, resolved)
        if rate is not None:
            row.execution_rate, row.execution_rate_from = rate, "正文"
    return row


def _place_sections(report: Report) -> None:
    """The file name and index path each section would have in the folder
    ``import`` writes, so problems (which name a section by them) can be
    told apart and shown under their own heading."""

    def visit(section: Section, file: str, path: tuple[int, ...]) -> None:
        section.file, section.path = file, path
        for n, child in enumerate(section.children):
            visit(child, file, (*path, n))

    for sid, top in zip(section_ids(report.sections), report.sections, strict=True):
        top.id = sid
        visit(top, section_file(sid), ())


def _source_text(path: Path, kind: str) -> str | None:
    """The whole text of the source, attachments included (the importer
    stops at the first 附件 mark); None for Word files, whose reader gives
    no text past that mark."""
    if kind.startswith("Word"):
        return None
    data = read_bytes(path, path.name, MAX_SOURCE_BYTES)
    if kind == "PDF":
        from tui_report.importer.pdf_reader import read_pdf

        return "\n".join(read_pdf(data))
    try:
        return decode(data).text.replace("\r\n", "\n").replace("\r", "\n")
    except DecodeError:
        return None


def _attached_scorecard(path: Path, kind: str, template: str, notes: list[str]) -> tuple[Scorecard, str] | None:
    """The 自评表 after the report's 附件 mark, or the whole file when it is
    a form (names 一级指标 or 自评表) and has no mark; None when there is none
    or nothing of one could be read."""
    text = _source_text(path, kind)
    if text is None:
        if kind.startswith("Word") and any("附件" in n for n in notes):
            notes.append("Word 文件附件中的自评表未读入（只读入正文）；如需核对自评表，请另存为 .txt 或 PDF 后再审阅")
        return None
    lines = text.split("\n")
    mark = next((n for n, line in enumerate(lines)
                 if n > 0 and ATTACHMENT_MARK.fullmatch(line.strip().strip("*").strip())), None)
    if mark is not None:
        part, source = "\n".join(lines[mark + 1:]), "原文附件"
    elif _is_form(lines):
        part, source = text, "原文"
    else:
        return None
    result = read_scorecard_text(part, template)
    # a whole text read as a form must yield indicators: a report's prose
    # naming 年初预算数 reads as one budget row, and scores 0 for lacking the rest
    if not (result.indicators or (mark is not None and result.budget_rows)):
        return None
    try:
        return parse(result.text), source
    except TuiReportError as exc:
        notes.append(f"原文中的自评表无法读入：{exc.message}")
        return None


def _is_form(lines: list[str]) -> bool:
    """A text that is a 自评表 rather than a report about one: its indicator
    table's header, or 自评表 in its title (a report's prose mentions the
    table by name often, in its title never)."""
    title = [line for line in lines if line.strip()][:_TITLE_LINES]
    return any(_FORM_HEADER in line for line in lines) or any("自评表" in line for line in title)


def _scorecard(card: Scorecard, source: str, resolved: Resolved) -> tuple[ScorecardSummary, Decimal | None]:
    """The table's total and grade, typed and computed; and its 执行率
    (the first scored budget row's: typed, else computed)."""
    summary = ScorecardSummary(card.template, source, typed_total=card.total, typed_grade=card.grade)
    try:
        template = load(card.template)
        scored = score(card, template, resolved.values)
    except TemplateError:
        return summary, None  # the checks name the template that cannot be read
    summary.computed_total, summary.computed_grade = scored.total, scored.grade
    summary.weights, summary.full = scored.weights, template.total
    first = next((b for b in scored.budget if b.scored), None)
    rate = None
    if first is not None:
        rate = first.row.rate if first.row.rate is not None else first.rate
    return summary, rate


def _prose_rate(report: Report, resolved: Resolved) -> Decimal | None:
    """The first 预算执行率 the text states, as printed."""
    for section, _ in report.walk():
        if section.error or not section.body:
            continue
        m = _PROSE_RATE.search(fill(section.body, report, resolved))
        if m is not None:
            try:
                return Decimal(m.group(1))
            except InvalidOperation:
                continue
    return None

