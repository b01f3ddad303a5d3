"""Paragraphs of a Word .docx file → lines for the outline.

Read with the standard library (zipfile + ElementTree) rather than a Word
library, because what matters here is what such libraries leave out: Word's
automatic numbering. A heading typed as "部门概况" with an automatic "一、"
carries its number only in numbering.xml; the number is rebuilt from there
so the outline sees "一、部门概况" exactly as the reader of the Word file did.
Heading styles (标题 1…4, or an outline level) give the level of headings that
have no number at all. Tables become Markdown table rows. An attachment
(附件, such as the 自评表 tui-report's own DOCX export puts on pages after the
body) is not report prose: reading stops at its mark, a paragraph that is
just ``附件`` or ``附件2``, and the caller is told where (:func:`read_docx_parts`).

The file is untrusted. A DOCTYPE (entity tricks) is refused in any
encoding; parts are read in chunks up to a size limit, so a zip bomb cannot
exhaust memory; a damaged zip (bad CRC, truncated, an unknown compression)
is a :class:`DocxError` naming the part; the body is walked without
recursion; numbering values outside Word's own limits are ignored.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from xml.etree import ElementTree as ET
from xml.parsers import expat

from tui_report.importer.outline import Line
from tui_report.report.errors import TuiReportError
from tui_report.report.numbering import chinese_numeral

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: the decompressed size of one part; a report's document.xml is a few MB
MAX_PART = 32 * 1024 * 1024
#: how many tags ("<") one part may hold: a tree of millions of tiny
#: elements takes gigabytes of memory, and no report has them
MAX_TAGS = 3_000_000
CHUNK = 1024 * 1024
#: Word's own limits: levels 0–8, numbers started at 0–32767, and a number
#: pattern ("%1.%2.") of a few characters
MAX_ILVL, MAX_START, MAX_LVL_TEXT = 8, 32767, 64

_DAMAGED = "：文件可能在下载或拷贝时损坏；请在 Word/WPS 中打开后重新“另存为” .docx 或 .txt 再导入"


class DocxError(TuiReportError):
    """The Word file cannot be read; the message says why."""


def _small_int(text: str | None, lo: int, hi: int) -> int | None:
    """A number from an attribute when it is plain ASCII digits (an optional
    minus) within ``lo``–``hi``; None for anything else ("abc", "²", 10**5000)."""
    if text is None or not re.fullmatch(r"-?[0-9]{1,9}", text.strip()):
        return None
    n = int(text)
    return n if lo <= n <= hi else None


class _Prolog(Exception):
    """The pre-scan reached the root element: no DOCTYPE before it."""


class _Doctype(Exception):
    pass


def _refuse_doctype(name: str, data: bytes) -> None:
    """Refuse a part with a DOCTYPE (internal entities are expanded by the
    parser: "billion laughs"), whatever its encoding: expat itself reads
    the prolog, and stops at the root element, where a DOCTYPE can no
    longer come."""
    parser = expat.ParserCreate()

    def doctype(*_args) -> None:
        raise _Doctype

    def root(*_args) -> None:
        raise _Prolog

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = root
    try:
        parser.Parse(data, True)
    except _Prolog:
        return
    except _Doctype:
        raise DocxError(f"{name} 含 DOCTYPE/ENTITY 声明，出于安全不予读取") from None
    except (expat.ExpatError, ValueError, LookupError) as exc:
        raise DocxError(f"{name} 不是有效的 XML：{exc}") from None


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The decompressed bytes of one part, read in chunks up to
    :data:`MAX_PART` whatever its header says (a zip bomb lies)."""
    name = info.filename
    if info.flag_bits & 0x1:
        raise DocxError(f"{name} 已加密：请在 Word/WPS 中取消文档密码后另存为 .docx 再导入")
    if info.file_size > MAX_PART:
        raise DocxError(f"{name} 解压后超过 {MAX_PART // 1024 // 1024} MB，不予读取")
    chunks: list[bytes] = []
    total = 0
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(CHUNK)
                if not chunk:
                    break
                total += len(chunk)
                if total > MAX_PART:
                    raise DocxError(f"{name} 解压后超过 {MAX_PART // 1024 // 1024} MB，不予读取")
                chunks.append(chunk)
    except DocxError:
        raise
    except NotImplementedError:
        raise DocxError(f"{name} 使用了不支持的压缩方式{_DAMAGED}") from None
    except Exception as exc:  # zipfile.BadZipFile (bad CRC), zlib.error, EOFError, lzma/bz2 errors…
        raise DocxError(f"{name} 已损坏（{_reason(exc)}）{_DAMAGED}") from None
    return b"".join(chunks)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _part(zf: zipfile.ZipFile, name: str) -> ET.Element | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    data = _read_member(zf, info)
    if data.count(b"<") > MAX_TAGS:
        raise DocxError(f"{name} 含有超过 {MAX_TAGS // 10000} 万个 XML 标记，不像是报告，不予读取")
    _refuse_doctype(name, data)
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise DocxError(f"{name} 不是有效的 XML：{exc}") from None
    except (ValueError, LookupError) as exc:  # an unknown encoding declared, …
        raise DocxError(f"{name} 不是有效的 XML：{exc}") from None
    except RecursionError:
        raise DocxError(f"{name} 的 XML 嵌套过深，不予读取") from None


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
        lvl = _small_int(_val(st.find(W + "pPr"), "outlineLvl"), 0, 8)
        if m:
            out[sid] = int(m.group(1))
        elif lvl is not None:
            out[sid] = lvl + 1
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
                # absurd values (a level 10**9, a start of -5 or 10**5000, a
                # pattern of a megabyte repeated on every paragraph) are not
                # Word's: such a level, or such a start, is ignored
                ilvl = _small_int(lvl.get(W + "ilvl", "0"), 0, MAX_ILVL)
                if ilvl is None:
                    continue
                start = _small_int(_val(lvl, "start"), 0, MAX_START)
                pattern = _val(lvl, "lvlText") or ""
                levels[ilvl] = (_val(lvl, "numFmt") or "decimal", pattern if len(pattern) <= MAX_LVL_TEXT else "",
                                1 if start is None else start)
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
                return chinese_numeral(n) if n > 0 else "零"
            if f == "decimalFullWidth":
                return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
            return str(n)

        return re.sub(r"%([1-9])", one, pattern)


def _hidden(run: ET.Element) -> bool:
    """A run formatted as hidden text (w:vanish): Word does not show or print it."""
    rpr = run.find(W + "rPr")
    vanish = rpr.find(W + "vanish") if rpr is not None else None
    return vanish is not None and (vanish.get(W + "val") or "true").lower() not in ("0", "false", "off")


def _para_text(p: ET.Element) -> str:
    parts = []
    for run in p.iter(W + "r"):
        if _hidden(run):
            continue
        for el in run:
            if el.tag == W + "t":
                parts.append(el.text or "")
            elif el.tag == W + "tab":
                parts.append("\t")
            elif el.tag in (W + "br", W + "cr"):
                parts.append("\n")
    return "".join(parts)


def _blocks(parent: ET.Element | None):
    """Paragraphs and tables in reading order, including those inside
    content controls (w:sdt) and other wrappers, so no text is skipped.
    Walked with a stack, not recursion: wrappers nested ten thousand deep
    cannot exhaust Python's stack."""
    stack = [iter(list(parent))] if parent is not None else []
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
        elif el.tag in (W + "p", W + "tbl", W + "altChunk"):
            yield el
        else:
            stack.append(iter(list(el)))


#: the mark an attachment starts with (GB/T 9704 8.2): 附件, 附件1, 附件 2
ATTACHMENT_MARK = re.compile(r"附\s*件\s*[0-9０-９一二三四五六七八九十]{0,3}")


def read_docx(data: bytes) -> list[Line]:
    """The lines of a .docx up to its attachments; :class:`DocxError` for
    any file that is not one, is damaged, or is built to hurt the reader."""
    return read_docx_parts(data)[0]


def read_docx_parts(data: bytes) -> tuple[list[Line], int | None]:
    """(the lines of the body, the paragraph number where an attachment
    starts, or None)."""
    lines, attachment, _ = read_docx_all(data)
    return lines, attachment


def read_docx_all(data: bytes) -> tuple[list[Line], int | None, list[int]]:
    """As :func:`read_docx_parts`, and the paragraph numbers where an
    embedded outside document (w:altChunk: HTML, RTF or another .docx pasted
    as a whole) stands: its text is not in the file's own XML, so it is not
    imported, and the import says where it was."""
    try:
        return _read_docx(data)
    except RecursionError:  # a backstop: the walk above does not recurse
        raise DocxError("Word 文档的结构嵌套过深，不予读取") from None


def _read_docx(data: bytes) -> tuple[list[Line], int | None, list[int]]:
    try:
        zf = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile:
        if data.startswith(b"PK\x03\x04"):
            raise DocxError("文件不完整或已损坏（zip 目录无法读取，可能在下载或拷贝时被截断）；"
                            "请重新获取原文件，或在 Word/WPS 中另存为 .docx 或 .txt 再导入") from None
        raise DocxError("不是有效的 .docx 文件（无法按 zip 打开）；若是旧版 .doc，请先在 Word/WPS 中另存为 .docx 或 .txt") from None
    except Exception as exc:  # a damaged directory: struct, overflow, name decoding…
        raise DocxError(f"不是有效的 .docx 文件（zip 结构已损坏：{_reason(exc)}）{_DAMAGED}") from None
    with zf:
        doc = _part(zf, "word/document.xml")
        if doc is None:
            raise DocxError("不是 Word 文档：缺少 word/document.xml")
        levels = _style_levels(_part(zf, "word/styles.xml"))
        numbering = _Numbering(_part(zf, "word/numbering.xml"))
    body = doc.find(W + "body")
    lines: list[Line] = []
    chunks: list[int] = []
    no = 0
    for block in _blocks(body):
        if block.tag == W + "altChunk":
            chunks.append(no + 1)
        elif block.tag == W + "p":
            no += 1
            ppr = block.find(W + "pPr")
            style = _val(ppr, "pStyle")
            level = levels.get(style) if style else None
            outline = _small_int(_val(ppr, "outlineLvl"), 0, 8)
            if outline is not None:
                level = outline + 1
            prefix = ""
            num_pr = ppr.find(W + "numPr") if ppr is not None else None
            if num_pr is not None:
                num_id, ilvl = _val(num_pr, "numId"), _small_int(_val(num_pr, "ilvl") or "0", 0, MAX_ILVL)
                if num_id and num_id != "0" and ilvl is not None:
                    prefix = numbering.text(num_id, ilvl)
            text = _para_text(block)
            if lines and ATTACHMENT_MARK.fullmatch(text.strip()):
                return lines, no, chunks
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
    return lines, None, chunks
