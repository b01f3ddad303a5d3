"""Text copied out of Word, a PDF or a web page → one paragraph per line.

Reports arrive flattened: the whole report on one line with its headings
(一、 (一) 1、) in mid-line, or hard-wrapped at a fixed width, with a space
left between two Chinese characters wherever a line was wrapped (``减 幅``,
``关 于``) and page numbers (``- 3 -``) inside a word. Before the outline is
read, headings are split onto lines of their own at their numbers, wrapped
lines are joined, wrap spaces between Chinese characters are removed (not
the spaces between Latin words or around numbers a sentence needs), and
embedded page numbers are dropped. Every step is counted, so the import
summary can say what was cleaned.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_CJK = "\u4e00-\u9fff"
_PUNCT = "，。；：、！？“”‘’（）《》【】"
#: a line longer than this that holds two or more headings is a flattened report
LONG_LINE = 300
#: a space between two Chinese characters (or their punctuation) is a wrap
_WRAP_SPACE = re.compile(rf"(?<=[{_CJK}{_PUNCT}])[ \t\u3000]+(?=[{_CJK}{_PUNCT}])")
#: ``- 3 -``, ``— 12 —``, ``第3页``, ``第 3 页 共 10 页`` standing inside the text
_PAGE_NUMBER = re.compile(
    rf"(?<=[{_CJK}{_PUNCT}])\s*(?:[-—–－]\s*\d{{1,3}}\s*[-—–－]|第\s*\d{{1,3}}\s*页(?:\s*[/，,]?\s*共\s*\d{{1,3}}\s*页)?)\s*"
    rf"(?=[{_CJK}{_PUNCT}])"
)
_CN = "一二三四五六七八九十"
#: a heading's number: 一、 / （一） / 1、 1. / 第一部分
_NUMBER = rf"(?:[{_CN}]{{1,3}}、|[（(][{_CN}]{{1,3}}[)）]|\d{{1,2}}[、.．](?!\d)|第[{_CN}]{{1,3}}部分)"
#: where a heading starts inside a line: after a sentence ends (or a space)
#: comes a number followed by words; 第…部分 anywhere (决算 contents run
#: them into the line before)
_MID_HEADING = re.compile(
    rf"(?:(?:(?<=[。；！？!?;])|(?<=[。；！？!?;][ \t\u3000])|(?<=[{_CJK}）)][ \t\u3000]))\s*(?={_NUMBER}[ :：]?[{_CJK}“《0-9])"
    # after a colon only a Chinese numeral (如下：一、…): 职能有：1.… is an inline list
    rf"|(?<=[：:])\s*(?=(?:[{_CN}]{{1,3}}、|[（(][{_CN}]{{1,3}}[)）])[{_CJK}“《])"
    rf"|(?<=[{_CJK}）)])(?=第[{_CN}]{{1,3}}部分[ :：]?[{_CJK}0-9]))"
)
_HEADING_AT = re.compile(rf"^\s*{_NUMBER}")
#: 目录 standing inside a flattened line: put on a line of its own
_CONTENTS_MARK = re.compile(r"[ \t\u3000]*[(（【]?目\s*录[)）】]?[ \t\u3000]*(?=第[一二三四五六七八九十]|[一二三四五六七八九十]、)")
_SENTENCE_END = "。！？!?；;：:"
#: what ends a paragraph at the end of a full line; a ； there is a clause the line cut
_PARAGRAPH_END = "。！？!?：:"
#: a short heading, then a space, then its text: the space was a line break
_TITLE_THEN_TEXT = re.compile(
    rf"^(\s*(?:[{_CN}]{{1,3}}、|[（(][{_CN}]{{1,3}}[)）]|\d{{1,2}}[、.．](?!\d))[^。；！？，,;:：\s]{{0,24}}[{_CJK}”）)])[ \t\u3000]+"
    rf"(?=\S)(?![0-9.]+[ \t\u3000])"  # not the spaces a PDF leaves around a number (关于 2020 年度)
)


@dataclass
class Cleaned:
    lines: list[str]
    headings_split: int = 0
    lines_joined: int = 0
    spaces_removed: int = 0
    page_numbers: int = 0
    notes: list[str] = field(default_factory=list)

    def describe(self) -> list[str]:
        """What was cleaned, in words, for the import summary."""
        out = []
        if self.headings_split:
            out.append(f"原文是连成一片的文字：在 {self.headings_split} 处行中的标题编号前分行")
        if self.lines_joined:
            out.append(f"原文按固定宽度折行：合并了 {self.lines_joined} 处被折断的段落")
        if self.spaces_removed:
            out.append(f"删除了 {self.spaces_removed} 处折行留在汉字之间的空格")
        if self.page_numbers:
            out.append(f"删除了 {self.page_numbers} 处夹在正文中的页码")
        return out


def _is_flattened(lines: list[str]) -> bool:
    """A long line holding two or more headings, or a text that is a line
    or two and holds them: the line breaks were lost."""
    short = sum(1 for line in lines if line.strip()) <= 3
    return any((len(line) > LONG_LINE or short) and len(_MID_HEADING.findall(line)) >= 2 for line in lines)


def _wrap_width(lines: list[str]) -> int:
    """The width most lines stop at without ending a sentence; 0 when the
    text is not hard-wrapped. Heading lines do not count: they are short and
    end without a full stop in any text."""
    body = [line.rstrip() for line in lines if len(line.strip()) >= 8 and not _HEADING_AT.match(line)]
    if len(body) < 6:
        return 0
    open_ended = [line for line in body if line[-1] not in _SENTENCE_END]
    if len(open_ended) < len(body) * 0.4:
        return 0
    widths = sorted(_cells(line) for line in open_ended)
    typical = widths[len(widths) // 2]
    if sum(abs(_cells(line) - typical) <= 6 for line in open_ended) < len(open_ended) * 0.6:
        return 0
    if sum(_cells(line) > typical + 6 for line in body) > len(body) * 0.1:
        return 0  # lines far longer than the width: it is not where the text wraps
    return typical


def _cells(line: str) -> int:
    """How wide a line is set: a Chinese character two cells, a digit or a
    Latin letter one (a PDF wraps by width, and 581.45 is narrower than 五个字)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def clean(lines: list[str]) -> Cleaned:
    """``lines`` as one paragraph a line, and what it took."""
    out = Cleaned(list(lines))
    flattened = _is_flattened(out.lines)
    width = _wrap_width(out.lines)
    wrapped = width > 0
    wrap_spaces = sum(len(_WRAP_SPACE.findall(line)) for line in out.lines)
    if not (flattened or wrapped or wrap_spaces >= 3):
        return out
    text = "\n".join(out.lines)
    text, out.page_numbers = _PAGE_NUMBER.subn("", text)
    if wrapped:
        text, out.lines_joined = _join_wrapped(text, width)
    if flattened:
        text = _CONTENTS_MARK.sub("\n目录\n", text)
    if flattened or wrapped:
        text, out.headings_split = _split_at_headings(text)
        text, rejoined = _rejoin_inline_lists(text)
        out.headings_split -= rejoined
    if flattened:
        text = "\n".join(_TITLE_THEN_TEXT.sub(r"\1\n", line, count=1) for line in text.split("\n"))
    text, out.spaces_removed = _WRAP_SPACE.subn("", text)
    out.lines = [line.strip(" \t\u3000") for line in text.split("\n")]
    return out


def _split_at_headings(text: str) -> tuple[str, int]:
    """Each heading inside a line put on a line of its own, and how many
    were (a heading already at a line's start is not counted: the summary
    says only what was done)."""
    count = 0

    def cut(m: re.Match) -> str:
        nonlocal count
        if "\n" in m.group(0) or m.start() == 0 or text[m.start() - 1] == "\n":
            return m.group(0)
        count += 1
        return "\n"

    return _MID_HEADING.sub(cut, text), count


_ARABIC_AT = re.compile(r"^\s*(\d{1,2})([、.．])")


def _rejoin_inline_lists(text: str) -> tuple[str, int]:
    """Lines split at ``2.`` whose ``1.`` stands inside the line before
    (``职能有:1.…；2.…``) are one inline list, not headings: the numbering
    sequence says so, so they are joined back."""
    out: list[str] = []
    n = 0
    for line in text.split("\n"):
        m = _ARABIC_AT.match(line)
        if m and out and int(m.group(1)) > 1:
            before = re.compile(rf"(?<![0-9.．]){int(m.group(1)) - 1}{re.escape(m.group(2))}")
            if any(hit.start() > 0 for hit in before.finditer(out[-1])):
                out[-1] += line
                n += 1
                continue
        out.append(line)
    return "\n".join(out), n


def _join_wrapped(text: str, width: int) -> tuple[str, int]:
    """Join a line that stops mid-sentence at the wrap width with the next,
    unless the next is a heading; a shorter line ended its paragraph. A
    heading's line is joined only when it runs to the full width (a run-in
    heading wrapped in its sentence), never a title line that just ends
    without a full stop."""
    lines = text.split("\n")
    joined: list[str] = []
    n = 0
    prev = ""  # the physical line before, as the text had it
    for line in lines:
        last = joined[-1].rstrip() if joined else ""
        if (last and line.strip() and last[-1] not in _PARAGRAPH_END and _cells(prev.rstrip()) >= width - 6
                and not _HEADING_AT.match(line)
                and (not _HEADING_AT.match(joined[-1]) or _cells(prev.rstrip()) >= width - 6)):
            joined[-1] = last + line.lstrip()
            n += 1
        else:
            joined.append(line)
        prev = line
    return "\n".join(joined), n

