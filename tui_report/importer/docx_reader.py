"""Paragraphs of a Word .docx file → lines for the outline.

Read with the standard library (zipfile + ElementTree) rather than a Word
library, because what matters here is what such libraries leave out: Word's
automatic numbering. A heading typed as "部门概况" with an automatic "一、"
carries its number only in numbering.xml; the number is rebuilt from there
so the outline sees "一、部门概况" exactly as the reader of the Word file did.
Heading styles (标题 1…4, or an outline level) give the level of headings that
have no number at all. Tables become Markdown table rows.

The file is untrusted: a DOCTYPE (entity tricks) is refused, and parts are
read with a size limit so a zip bomb cannot exhaust memory.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from xml.etree import ElementTree as ET

from tui_report.importer.outline import Line
from tui_report.report.errors import TuiReportError
from tui_report.report.numbering import chinese_numeral

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_PART = 64 * 1024 * 1024


class DocxError(TuiReportError):
    """The Word file cannot be read; the message says why."""


def _part(zf: zipfile.ZipFile, name: str) -> ET.Element | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART:
        raise DocxError(f"{name} 解压后超过 {MAX_PART // 1024 // 1024} MB，不予读取")
    with zf.open(info) as fh:
        data = fh.read(MAX_PART + 1)
    if len(data) > MAX_PART:
        raise DocxError(f"{name} 解压后过大，不予读取")
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise DocxError(f"{name} 含 DOCTYPE/ENTITY 声明，出于安全不予读取")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise DocxError(f"{name} 不是有效的 XML：{exc}") from None


def _val(el: ET.Element | None, tag: str) -> str | None:
    if el is None:
        return None
    child = el.find(W + tag)
    return child.get(W + "val") if child is not None else None


def _style_levels(styles: ET.Element | None) -> dict[str, int]:
    """styleId → heading level (1-based) for heading styles."""
    out: dict[str, int] = {}
    if styles is None:
        return out
    for st in styles.iter(W + "style"):
        sid = st.get(W + "styleId")
        if sid is None:  # a style without an id cannot be referred to
            continue
        name = (_val(st, "name") or "").lower()
        m = re.fullmatch(r"(?:heading|标题)\s*([1-9])", name)
        lvl = _val(st.find(W + "pPr"), "outlineLvl")
        if m:
            out[sid] = int(m.group(1))
        elif lvl is not None and lvl.isdigit() and int(lvl) < 9:
            out[sid] = int(lvl) + 1
    return out


class _Numbering:
    """Rebuilds the text of Word's automatic numbers ("一、", "（1）")."""

    def __init__(self, root: ET.Element | None):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # abstractNumId → ilvl → (fmt, text, start)
        self.nums: dict[str, str] = {}  # numId → abstractNumId
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for a in root.iter(W + "abstractNum"):
            abstract_id = a.get(W + "abstractNumId")
            if abstract_id is None:  # no num can refer to it
                continue
            levels = {}
            for lvl in a.iter(W + "lvl"):
                ilvl = int(lvl.get(W + "ilvl", "0"))
                start = _val(lvl, "start")
                levels[ilvl] = (_val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "",
                                int(start) if start and start.isdigit() else 1)
            self.levels[abstract_id] = levels
        for n in root.iter(W + "num"):
            num_id = n.get(W + "numId")
            if num_id is None:  # no paragraph can refer to it
                continue
            self.nums[num_id] = _val(n, "abstractNumId") or ""

    def text(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(self.nums.get(num_id, ""), {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt, pattern, _ = levels[ilvl]
        if fmt == "bullet" or not pattern:
            return ""

        def one(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            n = counters.get(k, levels.get(k, ("decimal", "", 1))[2])
            f = levels.get(k, (fmt,))[0]
            if f.startswith(("chinese", "ideograph", "taiwanese", "japaneseCounting")):
                return chinese_numeral(n)
            if f == "decimalFullWidth":
                return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
            return str(n)

        return re.sub(r"%([1-9])", one, pattern)


def _para_text(p: ET.Element) -> str:
    parts = []
    for el in p.iter():
        if el.tag == W + "t":
            parts.append(el.text or "")
        elif el.tag == W + "tab":
            parts.append("\t")
        elif el.tag in (W + "br", W + "cr"):
            parts.append("\n")
    return "".join(parts)


def _blocks(parent: ET.Element | None):
    """Paragraphs and tables in reading order, including those inside
    content controls (w:sdt) and other wrappers, so no text is skipped."""
    for el in list(parent) if parent is not None else []:
        if el.tag in (W + "p", W + "tbl"):
            yield el
        else:
            yield from _blocks(el)


def read_docx(data: bytes) -> list[Line]:
    try:
        zf = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile:
        raise DocxError("不是有效的 .docx 文件（无法按 zip 打开）；若是旧版 .doc，请先在 Word/WPS 中另存为 .docx 或 .txt") from None
    with zf:
        doc = _part(zf, "word/document.xml")
        if doc is None:
            raise DocxError("不是 Word 文档：缺少 word/document.xml")
        levels = _style_levels(_part(zf, "word/styles.xml"))
        numbering = _Numbering(_part(zf, "word/numbering.xml"))
    body = doc.find(W + "body")
    lines: list[Line] = []
    no = 0
    for block in _blocks(body):
        if block.tag == W + "p":
            no += 1
            ppr = block.find(W + "pPr")
            style = _val(ppr, "pStyle")
            level = levels.get(style) if style else None
            outline = _val(ppr, "outlineLvl")
            if outline is not None and outline.isdigit() and int(outline) < 9:
                level = int(outline) + 1
            prefix = ""
            num_pr = ppr.find(W + "numPr") if ppr is not None else None
            if num_pr is not None:
                num_id, ilvl = _val(num_pr, "numId"), _val(num_pr, "ilvl") or "0"
                if num_id and num_id != "0" and ilvl.isdigit():
                    prefix = numbering.text(num_id, int(ilvl))
            text = _para_text(block)
            for k, part in enumerate(text.split("\n")):
                lines.append(Line(no, (prefix if k == 0 else "") + part, level if k == 0 else None))
        elif block.tag == W + "tbl":
            for tr in block.iter(W + "tr"):
                no += 1
                cells = []
                for tc in tr.iter(W + "tc"):
                    cell = " ".join(_para_text(p).replace("\n", " ") for p in tc.iter(W + "p"))
                    cells.append(cell.replace("|", "｜").strip())
                lines.append(Line(no, "| " + " | ".join(cells) + " |"))
    return lines
