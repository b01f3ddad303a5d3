"""Bytes of a file saved on another machine → text.

Chinese government offices save plain text as UTF-8 (newer editors), as
GBK/GB18030 (Notepad and WPS on older Windows), sometimes as UTF-16 with a
byte-order mark, and now and then as Big5 (a file from Taiwan or Hong
Kong). UTF-8 is self-validating, so a strict UTF-8 decode that succeeds is
right; otherwise a BOM names UTF-16/32. GB18030 and Big5 are not: almost
any Big5 file also decodes as GBK, into mojibake. So both are decoded and
weighed by evidence — the share of characters that are common in
simplified Chinese (GB 2312's level-1 characters and Chinese punctuation;
real GBK text scores close to 1, Big5 read as GBK about a third) — and
GB18030 is taken only when it clearly wins. Otherwise the file is not
guessed at: the message names the candidates and the option that settles
it (``convert-encoding --from-encoding``). General statistical detectors
guess wrong on short Chinese texts and would turn a clear "cannot read
this" into silently garbled prose, so none is used.

Both the importer (which reads such files) and the loader with
`convert-encoding` (which names the encoding and converts on request) use
this one detector.
"""

from __future__ import annotations

import codecs
from collections import Counter
from dataclasses import dataclass

from tui_report.report.errors import TuiReportError

#: codec name → what the user is told (and what iconv calls it)
LABELS = {
    "utf-8": "UTF-8",
    "gb18030": "GBK/GB18030",
    "cp950": "Big5（繁体）",
    "utf-16": "UTF-16",
    "utf-32": "UTF-32",
}

#: codec → how ``--from-encoding`` spells it for a user
OPTION_NAMES = {"cp950": "big5", "gb18030": "gbk"}

#: share of common simplified characters GB18030's reading must reach, and
#: its lead over Big5's reading, to be taken without asking; and, when Big5
#: reads the bytes too, the fewest different common characters that count
#: as evidence (a few characters repeated prove nothing: 概職 in Big5 reads
#: as 阀戮 in GBK, both common)
SURE_SHARE, SURE_LEAD, SURE_DISTINCT = 0.8, 0.2, 6

_PUNCTUATION = frozenset("，。、；：？！“”‘’（）《》—…·【】")

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


def _common(ch: str) -> bool:
    """A character common in simplified Chinese text: GB 2312 level 1 (the
    3,755 most used hanzi, rows 0xB0–0xD7) or Chinese punctuation."""
    if ch in _PUNCTUATION:
        return True
    try:
        raw = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(raw) == 2 and 0xB0 <= raw[0] <= 0xD7


#: characters weighed: plenty of evidence, and a 50 MB file costs no more
EVIDENCE_CHARS = 200_000


def common_share(text: str) -> tuple[float, int]:
    """Share of the non-ASCII characters of ``text`` (its first
    :data:`EVIDENCE_CHARS`) that are common in simplified Chinese (0 when it
    has none), and how many different common ones there are."""
    counts = Counter(text[:EVIDENCE_CHARS])
    total = common = distinct = 0
    for ch, n in counts.items():
        if ord(ch) > 0x7F and not ch.isspace():
            total += n
            if _common(ch):
                common += n
                distinct += 1
    return (common / total if total else 0.0), distinct


@dataclass(frozen=True)
class Guess:
    """What a non-UTF-8 file is: ``codec`` when sure, else the
    ``candidates`` (codecs) it may be, best first (none: unrecognisable)."""

    codec: str | None
    candidates: tuple[str, ...] = ()

    def candidates_text(self) -> str:
        return "、".join(LABELS.get(c, c) for c in self.candidates)


def guess(data: bytes) -> Guess:
    """The encoding of a text file that is not UTF-8, decided by evidence
    (see the module's docstring); ``Guess(None)`` for UTF-8 too."""
    try:
        data.decode("utf-8")
        return Guess(None)
    except UnicodeDecodeError:
        pass
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                data.decode(codec)
                return Guess(codec)
            except UnicodeDecodeError:
                return Guess(None)
    readings: list[tuple[float, int, str]] = []
    for codec in ("gb18030", "cp950"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _reads_as_chinese(text):
            readings.append((*common_share(text), codec))
    if not readings:
        return Guess(None)
    readings.sort(reverse=True)
    shares = {codec: (share, distinct) for share, distinct, codec in readings}
    gb, distinct = shares.get("gb18030", (None, 0))
    big5 = shares.get("cp950")
    if gb is not None and gb >= SURE_SHARE and (
            big5 is None or (gb - big5[0] >= SURE_LEAD and distinct >= SURE_DISTINCT)):
        return Guess("gb18030")
    return Guess(None, tuple(codec for _, _, codec in readings))


def detect_codec(data: bytes) -> str | None:
    """Python codec of a text file that is not UTF-8 when it can be told
    for sure, or None (UTF-8, unrecognisable, or :func:`guess` unsure)."""
    return guess(data).codec


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
    found = guess(data)
    if found.codec is not None:
        return Decoded(data.decode(found.codec), LABELS[found.codec])
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise DecodeError(1, f"文件以 {LABELS[name]} 标记开头，但内容无法按此编码读取")
    line = data[: utf8_error.start].count(b"\n") + 1
    if found.candidates:
        raise DecodeError(line, f"不是 UTF-8，无法确定编码：可能是 {found.candidates_text()}，按任一编码读出的文字都可能是乱码；"
                                "请在编辑器中以正确的编码打开并“另存为”UTF-8（或 iconv -f BIG5 -t UTF-8）后再导入")
    raise DecodeError(line, "既不是 UTF-8 也不是 GBK/GB18030 编码的文本；请在编辑器中“另存为”UTF-8 后再导入")
