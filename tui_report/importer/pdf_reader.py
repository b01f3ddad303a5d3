"""A PDF's text layer → lines of plain text, as the rest of import reads them.

Published reports are mostly PDFs. Their text comes out of pdfplumber one
printed line at a time, so what a page adds around the text is taken out
here: the running header or footer repeated on most pages (a 草稿 mark, the
unit's name) and page numbers (``— 3 —``, ``- 3 -``, ``第3页``), and the
spaces a PDF leaves where glyphs stand apart (``（ 1 ）``, ``支出 153.99万元``)
next to Chinese text. The hard wraps are left to :mod:`.flatten`, which
joins them as for any wrapped text. A PDF with no text at all (a scan) is
refused with what to do instead.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from tui_report.report.errors import TuiReportError

_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]\s*)?\d{1,4}(?:\s*[-—–－])?\s*$|^\s*第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?\s*$")
_WIDE = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’"
#: a space next to a Chinese character or full-width punctuation is a gap between glyphs
_GAP = re.compile(rf"(?<=[{_WIDE}])[ \t]+|[ \t]+(?=[{_WIDE}])")
#: half-width punctuation a PDF set apart from the Chinese beside it (工作者 , 宣传; ( 单位 ));
#: 3.5 and "ISO 9001" keep their form
_LOOSE_PUNCT = re.compile(rf"(?<=[{_WIDE}0-9])[ \t]*([,.:;()])[ \t]*(?=[{_WIDE}])|(?<=[{_WIDE}])[ \t]*([,.:;()])[ \t]*")
#: a page this many times larger than its text is no report (a crafted file)
MAX_PAGES = 2000


class PdfError(TuiReportError):
    """A PDF that cannot be imported; the message says what to do."""


def read_pdf(data: bytes) -> list[str]:
    """The text lines of every page, with headers, footers and page numbers removed."""
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a dependency of the package
        raise PdfError("读取 PDF 需要 pdfplumber；请重新安装 tui-report") from None
    pages: list[list[str]] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise PdfError(f"PDF 有 {len(pdf.pages)} 页，超过 {MAX_PAGES} 页，不像一份报告；请检查文件")
            for page in pdf.pages:
                text = page.extract_text(x_tolerance=1.5) or ""
                pages.append([line for line in text.split("\n") if line.strip()])
    except PdfError:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds for a damaged file
        raise PdfError(f"PDF 无法读取（{type(exc).__name__}）：文件可能已损坏或加密；"
                       "请在阅读器中另存为 PDF，或导入 Word/文本版") from None
    if not any(pages):
        raise PdfError("这个 PDF 没有文字层（可能是扫描件或图片）：无法导入其中的文字；"
                       "请导入 Word 或文本版，或先用 OCR 软件识别文字")
    repeated = _running_lines(pages)
    lines: list[str] = []
    for printed in pages:
        for k, line in enumerate(printed):
            edge = k < 2 or k >= len(printed) - 2
            if _PAGE_NUMBER.match(line) or (edge and _key(line) in repeated):
                continue
            lines.append(_tidy(line))
    return lines


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip())


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines at the top or bottom of at least half the pages (and of two or
    more): a running header or footer, page numbers counted as one."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_key(line) for line in page[:2] + page[-2:]})
    return {key for key, n in counts.items() if n >= max(2, len(pages) // 2 + len(pages) % 2)}


def _tidy(line: str) -> str:
    return _LOOSE_PUNCT.sub(lambda m: m.group(1) or m.group(2), _GAP.sub("", line))
