"""Bytes of a file saved on another machine → text.

Chinese government offices save plain text as UTF-8 (newer editors), as
GBK/GB18030 (Notepad and WPS on older Windows), sometimes as UTF-16 with a
byte-order mark. UTF-8 is self-validating, so a strict UTF-8 decode that
succeeds is right; otherwise a BOM names UTF-16/32, and GB18030 (a superset
of GBK and GB2312) is the only legacy encoding these files come in.
Statistical detectors guess wrong on short Chinese texts and would turn a
clear "cannot read this" into silently garbled prose, so none is used.

Both the importer (which reads such files) and the loader with
`convert-encoding` (which names the encoding and converts on request) use
this one detector.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from tui_report.report.errors import TuiReportError

#: codec name → what the user is told (and what iconv calls it)
LABELS = {
    "utf-8": "UTF-8",
    "gb18030": "GBK/GB18030",
    "utf-16": "UTF-16",
    "utf-32": "UTF-32",
}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class DecodeError(TuiReportError):
    """The bytes are in no encoding we recognise; ``line`` is where UTF-8 failed."""

    line: int

    def __init__(self, line: int, message: str):
        super().__init__(message, line=line)


def _reads_as_chinese(text: str) -> bool:
    """GB18030 gives almost any byte string some meaning; take the result
    only when it is text with Chinese in it, not a binary file."""
    if any(ord(c) < 0x20 and c not in "\t\r\n\f" for c in text):
        return False
    return any("\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" for c in text)


def detect_codec(data: bytes) -> str | None:
    """Python codec of a text file that is not UTF-8, or None (UTF-8, or
    nothing recognisable)."""
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                data.decode(codec)
                return codec
            except UnicodeDecodeError:
                return None
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return "gb18030" if _reads_as_chinese(text) else None


def detect(data: bytes) -> str | None:
    """The label of the encoding ``data`` is in ("GBK/GB18030", "UTF-16", …),
    or None when it is UTF-8 or nothing recognisable."""
    codec = detect_codec(data)
    return LABELS[codec] if codec else None


@dataclass
class Decoded:
    text: str
    encoding: str  # as shown to the user: "UTF-8", "GBK/GB18030", …


def decode(data: bytes) -> Decoded:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return Decoded(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    codec = detect_codec(data)
    if codec is not None:
        return Decoded(data.decode(codec), LABELS[codec])
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise DecodeError(1, f"文件以 {LABELS[name]} 标记开头，但内容无法按此编码读取")
    line = data[: utf8_error.start].count(b"\n") + 1
    raise DecodeError(line, "既不是 UTF-8 也不是 GBK/GB18030 编码的文本；请在编辑器中“另存为”UTF-8 后再导入")
