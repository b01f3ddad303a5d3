"""Last year's report (text, Markdown or Word) → a report folder.

The steps are separate modules: ``report.encoding`` (bytes → text), ``docx_reader``
(Word → lines), ``outline`` (lines → headings and prose), ``prose_figures`` (money
in prose → figures), ``figures.identities`` (which checks to propose), ``report.folder_writer``
(model → folder). This module reads the file, runs them in order, and says
what it did: a user must be able to trust an import without re-reading the
whole report, so every guess and everything not placed is in the summary.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from tui_report.checks import arithmetic, import_notes
from tui_report.figures.identities import IDENTITIES
from tui_report.importer import flatten, metadata, office_convert, outline, proposals, prose_figures, unsure
from tui_report.importer.outline import Line, Note
from tui_report.report.encoding import DecodeError, decode
from tui_report.report.errors import TuiReportError
from tui_report.report.model import Check, Figure, Report, Section
from tui_report.report.places import REPORT_FILE
from tui_report.report.problems import Problem
from tui_report.report.safe_read import read_bytes
from tui_report.report.store import load
from tui_report.report.toml_read import ReportError

STANDARD_TITLE = "{{department}}{{year}}年度部门整体支出绩效自评报告"
#: a Word file with pictures may be tens of MB; anything larger is not a report
MAX_SOURCE_BYTES = 64 * 1024 * 1024
_YEAR = re.compile(r"(?<![0-9])(20[0-9]{2})\s*年")
#: where metadata.department_and_source read the unit's name, as the summary says it
_DEPARTMENT_SOURCES = {
    "标题": "取自标题",
    "栏目": "取自“评价单位”“部门名称”等栏目",
    "落款": "取自文末落款",
    "正文": "取自正文中以它为主语的句子，请核对",
}


class SourceError(TuiReportError):
    """The file cannot be imported; ``line`` says where when it can."""

    def __init__(self, file: str, line: int, message: str):
        super().__init__(message, file, line)


@dataclass
class Imported:
    report: Report
    source: str
    kind: str  # 纯文本 | Markdown | PDF | Word (…converted)
    encoding: str
    outline: outline.Outline
    extraction: prose_figures.Extraction
    notes: list[Note] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)  # how title, year, department were decided
    arithmetic: proposals.Proposals = field(default_factory=proposals.Proposals)
    #: False: the text names no year, and the report's year is a stand-in to confirm
    year_found: bool = True


# --- reading -----------------------------------------------------------------


def _finer_decimals(value: Decimal | None, unit: str) -> int | None:
    """An amount published with more decimals than amounts print with
    (226.7248万元) keeps them: the import must not round what the source
    says. Fewer decimals (158万元) print in the product's one way (158.00)."""
    from tui_report.figures.number_format import DEFAULT_MONEY_PLACES, is_money, typed_places

    if value is None or not is_money(unit):
        return None
    places = typed_places(value)
    return places if places > DEFAULT_MONEY_PLACES else None

def _markdown_lines(text: str) -> list[Line]:
    """Markdown → lines: ``#`` levels, ``**run-in.**`` bold dropped, our own
    escapes undone, ``1. `` items, wrapped paragraphs joined."""
    raw = text.splitlines()
    out: list[Line] = []
    heads = [len(m.group(1)) for l in raw if (m := re.match(r"^(#{1,6})\s", l))]
    first = next((l.strip() for l in raw if l.strip()), "")
    title_hash = first.startswith("# ")
    rest = heads[1:] if title_hash else heads
    base = (min(rest) - 1) if rest else 0
    para: Line | None = None
    for no, line in enumerate(raw, 1):
        s = line.strip()
        if not s or s.startswith("```"):
            para = None
            continue
        m = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", s)
        if m:
            level = len(m.group(1))
            heading = 1 if (title_hash and not out) else max(1, level - base)
            out.append(Line(no, m.group(2), heading))
            para = None
            continue
        m = re.match(r"^\*\*(.+?)\*\*(.*)$", s)
        if m:
            s = m.group(1) + m.group(2)
        s = re.sub(r"^(\d+)\\([.)])", r"\1\2", s)
        s = re.sub(r"^\\([#>+\-=*])", r"\1", s)
        m = re.match(r"^\d+[.)]\s+(.*)$", line.strip())
        if m:
            out.append(Line(no, m.group(1), item=True))
            para = None
            continue
        if s.startswith(("|", "- ", "* ", "+ ", ">")) or para is None:
            para = Line(no, s)
            out.append(para)
            if s.startswith(("|", "- ", "* ", "+ ")):
                para = None
            continue
        sep = " " if para.text[-1:].isascii() and s[:1].isascii() else ""
        para.text += sep + s
    return out


def read_lines(path: Path) -> tuple[list[Line], str, str, list[Note]]:
    """(lines, kind, encoding, notes on what was left out) of the file at ``path``."""
    name = path.name
    try:
        # a pipe, a device (/dev/zero), a socket or a folder is refused before
        # a byte is read, and no more than MAX_SOURCE_BYTES are ever read
        data = read_bytes(path, name, MAX_SOURCE_BYTES)
    except ReportError as exc:
        raise SourceError(name, 1, exc.message) from None
    suffix = path.suffix.lower()
    kind = "Word"
    if data.startswith(b"%PDF"):
        from tui_report.importer.pdf_reader import PdfError, read_pdf

        try:
            text, attachment = _before_attachment("\n".join(read_pdf(data)))
        except PdfError as exc:
            raise SourceError(name, 1, exc.message) from None
        notes = [] if attachment is None else [Note(attachment, (
            f"PDF 第{attachment}行起是附件（如自评表），不是报告正文，未导入；"
            "自评表可用 tui-report scorecard import 读入"), placed=False)]
        return [Line(no, l) for no, l in enumerate(text.split("\n"), 1)], "PDF", "—", notes
    if suffix in office_convert.SUFFIXES or data.startswith(b"\xd0\xcf\x11\xe0") or (
            suffix != ".docx" and data.startswith(b"PK\x03\x04") and b"opendocument" in data[:200]):
        try:
            data = office_convert.to_docx(data, suffix if suffix in office_convert.SUFFIXES else ".doc")
        except office_convert.ConvertError as exc:
            raise SourceError(name, 1, exc.message) from None
        kind = f"Word（{suffix or '.doc'}，经 LibreOffice 转换）"
    if suffix == ".docx" or data.startswith(b"PK\x03\x04"):
        from tui_report.importer.docx_reader import DocxError, read_docx_all

        try:
            lines, attachment, chunks = read_docx_all(data)
        except DocxError as exc:
            raise SourceError(name, 1, str(exc)) from None
        notes = [] if attachment is None else [Note(attachment, (
            f"第{attachment}段起是附件（如自评表），不是报告正文，未导入；自评表请用 tui-report scorecard 填写"),
            placed=False)]
        notes += [Note(no, (f"第{no}段是嵌入的外部文档（altChunk），其中的文字不在 Word 文件本身里，未导入；"
                            "请在 Word/WPS 中打开并另存为 .docx 后再导入"), placed=False) for no in chunks]
        return lines, kind, "—", notes
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(name, 1, "看起来是二进制文件，不是文本；支持 .txt、.md、.docx、.doc、.wps、.odt 与 .pdf")
    try:
        decoded = decode(data)
    except DecodeError as exc:
        raise SourceError(name, exc.line, exc.message) from None
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    text, attachment = _before_attachment(text)
    notes = [] if attachment is None else [Note(attachment, (
        f"第{attachment}行起是附件（如自评表），不是报告正文，未导入；"
        "自评表可用 tui-report scorecard import 读入"), placed=False)]
    if suffix in (".md", ".markdown"):
        return _markdown_lines(text), "Markdown", decoded.encoding, notes
    return [Line(no, l) for no, l in enumerate(text.split("\n"), 1)], "纯文本", decoded.encoding, notes


def _before_attachment(text: str) -> tuple[str, int | None]:
    """The report's own text, up to a line that is just 附件 (附件1 …, bold
    in Markdown) as GB/T 9704 marks attachments; and that line's number."""
    from tui_report.importer.docx_reader import ATTACHMENT_MARK

    lines = text.split("\n")
    for n, line in enumerate(lines):
        if ATTACHMENT_MARK.fullmatch(line.strip().strip("*").strip()) and n > 0:
            keep = lines[:n]
            while keep and keep[-1].strip() in ("", "---", "***", "___"):
                keep.pop()
            return "\n".join(keep) + "\n", n + 1
    return text, None


# --- deciding year, department, title ----------------------------------------

def _title(found: str | None, department: str, year: int) -> tuple[str, str]:
    """(title with placeholders, how it was decided)."""
    if found is None:
        return STANDARD_TITLE, "原文没有标题行，已用标准标题"
    t = found
    if department:
        t = t.replace(department, "{{department}}")
    t = re.sub(rf"(?<![0-9]){year}(?=\s*年)", "{{year}}", t)
    core = re.sub(r"\{\{department\}\}|\{\{year\}\}|年度|年|部门|\s", "", t)
    if core == "整体支出绩效自评报告" and "{{department}}" not in t:
        return STANDARD_TITLE, f"原标题“{found}”缺少单位或年度，已用标准标题"
    return t, f"标题取自原文第一行“{found}”"


# --- the import ----------------------------------------------------------------

def import_file(path: str | Path, department: str | None = None, year: int | None = None,
                title: str | None = None) -> Imported:
    path = Path(path)
    lines, kind, encoding, left_out = read_lines(path)
    cleaned = None
    if kind in ("纯文本", "PDF"):
        cleaned = flatten.clean([line.text for line in lines])
        if cleaned.describe():
            lines = [Line(no, text) for no, text in enumerate(cleaned.lines, 1)]
    if not any(l.text.strip() for l in lines):
        raise SourceError(path.name, 1, "文件是空的，没有可导入的内容；请确认选对了文件")
    tree = outline.build(lines, "段" if kind.startswith("Word") else "行")
    source_texts = [l.text for l in lines if l.text.strip()]
    facts: list[str] = []
    notes = list(tree.notes) + left_out
    if cleaned is not None:
        notes += [Note(0, what) for what in cleaned.describe()]
    if not tree.headings_found and not tree.contents_only:
        notes.append(Note(lines[0].no, "未找到任何编号标题（如“一、”“（一）”“1.”），全文已放入一个章节“正文”；请在编辑器中拆分章节", placed=False))

    year_found = True
    if year is None:
        year = metadata.year_of(tree.title, source_texts)
        if year is None:
            year_found = False
            year = date.today().year - 1
            notes.append(Note(0, f"正文中没有“20xx年”，年度暂定为 {year}；请用 --year 指定", placed=False))
        else:
            facts.append(f"年度：{year}（取自标题，或正文中最常写的“××××年度”；可用 --year 指定）")
    else:
        facts.append(f"年度：{year}")
    if department is None:
        department, source = metadata.department_and_source(tree.title, source_texts)
        if not department:
            department, source = metadata.department_and_source("".join(source_texts[:3]), [])
        if department:
            facts.append(f"单位：{department}（{_DEPARTMENT_SOURCES[source]}；可用 --department 指定）")
        else:
            notes.append(Note(0, "未找到单位名称；请用 --department 指定，或在 report.toml 中填写 department", placed=False))
    else:
        facts.append(f"单位：{department}")
    if title is not None:
        report_title = title
        facts.append(f"标题：{title}")
    else:
        report_title, how = _title(tree.title, department, year)
        facts.append(f"标题：{report_title}（{how}）")

    for node in tree.walk():
        for text in [node.title, *node.body]:
            if "{{" in text:
                notes.append(Note(node.line, f"第{node.line}行附近的原文含“{{{{”，在报告中会被当作占位符；请检查", placed=False))
                break

    unit = metadata.unit_of(source_texts)
    ex = prose_figures.Extractor(unit)
    found_arithmetic = proposals.Proposals()

    def convert(node: outline.Node) -> Section:
        lines = list(zip(node.body, node.body_lines, strict=True))
        body: list[str] = []
        if node.run_in and lines:
            # 1、收入:792.22万元。其中…: the heading is the first sentence of
            # its paragraph, and the arithmetic reads them together
            join = proposals.run_in_join(node.title)
            joined = proposals.convert(node.title + join + lines[0][0], lines[0][1], ex, found_arithmetic)
            title, first = joined.split(join, 1)
            title_text = ex.replace_year(title, year)
            body.append(ex.replace_year(first, year))
            lines = lines[1:]
        else:
            title_text = ex.replace_year(ex.replace(node.title, node.line), year)
        # a table's rows, or 其中： and its part paragraphs, are read together
        for i, j in arithmetic.paragraph_groups([b for b, _ in lines]):
            group = "\n".join(b for b, _ in lines[i:j])
            converted = proposals.convert(group, lines[i][1], ex, found_arithmetic)
            body += [ex.replace_year(b, year) for b in converted.split("\n")]
        return Section(title=title_text, body="\n".join(body), run_in=node.run_in,
                       children=[convert(c) for c in node.children])

    sections = [convert(n) for n in tree.sections]
    found = ex.result
    for f in found.unnamed:
        notes.append(Note(f.line, f"第{f.line}行的金额 {f.text} 前面没有名称，已建数字 {f.id}；请在 report.toml 中补上 label", placed=False))
    figures = {
        fid: Figure(id=fid, label=f.label, value=f.value, unit=f.unit if f.unit != unit else None,
                    prev=found_arithmetic.prev.get(fid), decimals=_finer_decimals(f.value, f.unit))
        for fid, f in found.figures.items()
    }
    figures.update(found_arithmetic.figures(unit))
    checks = [Check(rule=i.rule, message=i.message, id=i.id)
              for i in IDENTITIES if all(n in figures for n in i.needs)]
    known_rules = {c.rule.replace(" ", "") for c in checks}
    checks += [c for c in found_arithmetic.checks if c.rule.replace(" ", "") not in known_rules]
    report = Report(root=path.parent, title=report_title, department=department, year=year, unit=unit,
                    figures=figures, checks=checks, sections=sections)
    report.import_notes = unsure.notes(tree, report)
    return Imported(report, path.name, kind, encoding, tree, found, notes, facts, found_arithmetic, year_found)


LEVEL_NAMES = ("一级", "二级", "三级", "四级")


def summary(imp: Imported, dest: str) -> str:
    r = imp.report
    per_level = Counter(level for s in r.sections for _, level in s.walk())
    enc = f"，{imp.encoding}" if imp.encoding != "—" else ""
    out = [f"已将 {imp.source}（{imp.kind}{enc}）导入到 {dest}"]
    out += [f"  {f}" for f in imp.facts]
    out.append(f"  金额单位：{r.unit}")
    out.append("章节：" + "，".join(f"{LEVEL_NAMES[l - 1]} {per_level[l]} 个" for l in sorted(per_level)))
    out.append(f"数字：{len(r.figures)} 个")
    width = max((len(fid) for fid in r.figures), default=0)
    for fid, fig in r.figures.items():
        f = imp.extraction.figures.get(fid)
        if f is None:  # derived from the arithmetic of the prose
            out.append(f"  {fid.ljust(width)}  {fig.label}  = {fig.formula}")
        else:
            prev = f"，上年 {format(fig.prev, 'f')}" if fig.prev is not None else ""
            out.append(f"  {fid.ljust(width)}  {fig.label}  {f.text}（第{f.line}行{prev}）")
    out.append(f"校验：提议 {len(r.checks)} 条")
    out += [f"  {c.id}: {c.rule}" for c in r.checks]
    a = imp.arithmetic
    if a.found:
        out.append(f"正文算术：识别 {a.found} 处（其中、占比、同比增减、表格合计、执行率）；"
                   f"比例改为派生数字 {len(a.shares)} 个，执行率 {1 if a.rate else 0} 个，上年数 {len(a.prev)} 个")
    if a.source_errors:
        out.append("原文中不成立（已按原文导入，请核对原文）：")
        out += [f"  第{line}行：{message}" for line, message in a.source_errors]
    if imp.extraction.years:
        out.append(f"年份：{imp.extraction.years} 处“{r.year}年”改为 {{{{year}}}}")
    done = [n for n in imp.notes if n.placed]
    left = [n for n in imp.notes if not n.placed]
    if done:
        out.append("已更正：")
        out += [f"  {n.message}" for n in done]
    out.append("未能归位：" + ("无" if not left else ""))
    out += [f"  {n.message}" for n in left]
    unsure_lines = unsure_problems(imp, Path(dest))
    if unsure_lines:
        out.append(f"不确定是标题还是正文（{len(unsure_lines)} 处，请查看；记在 report.toml 的 [import] 中，"
                   "tui-report check 也列出，直到改动该处文字或确认）：")
        out += [f"  {p.format()}" for p in unsure_lines]
    return "\n".join(out) + "\n"


def unsure_problems(imp: Imported, folder: Path | None = None) -> list[Problem]:
    """The lines import was unsure of, as the ``import-unsure`` info problems
    `check` gives for them: at the title or paragraph each became in
    ``folder`` (the folder the import wrote); without one, in the imported
    model (line 1 of its section)."""
    report = imp.report
    if folder is not None and (folder / REPORT_FILE).is_file():
        try:
            report = load(folder)
        except TuiReportError:
            report = imp.report
    return import_notes.run(report)
