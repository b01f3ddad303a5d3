"""Bytes of a file someone saved years ago → text.

Chinese government offices save plain text as UTF-8 (newer editors) or as
GBK/GB18030 (Notepad and WPS on older Windows). UTF-8 is self-validating,
so a strict UTF-8 decode that succeeds is right; otherwise GB18030, a
superset of GBK and GB2312, is the only legacy encoding these files come in.
Statistical detectors guess wrong on short Chinese texts and would turn a
clear "cannot read this" into silently garbled prose, so none is used.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class DecodeError(Exception):
    """The bytes are neither UTF-8 nor GB18030; ``line`` is where UTF-8 failed."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def _reads_as_chinese(text: str) -> bool:
    """GB18030 gives almost any byte string some meaning; take the result
    only when it is text with Chinese in it, not a binary file."""
    if any(ord(c) < 0x20 and c not in "\t\r\n\f" for c in text):
        return False
    return any("\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" for c in text)


@dataclass
class Decoded:
    text: str
    encoding: str  # as shown to the user: "UTF-8", "GB18030"


def decode(data: bytes) -> Decoded:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), "UTF-16" if codec == "utf-16" else "UTF-8")
            except UnicodeDecodeError as exc:
                raise DecodeError(data[: exc.start].count(b"\n") + 1,
                                  f"文件以 {codec} 标记开头，但内容无法按此编码读取") from None
    try:
        return Decoded(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _reads_as_chinese(text):
        return Decoded(text, "GB18030")
    line = data[: utf8_error.start].count(b"\n") + 1
    raise DecodeError(line, "既不是 UTF-8 也不是 GBK/GB18030 编码的文本；请在编辑器中“另存为”UTF-8 后再导入")
