"""Text copied out of Word, a PDF or a web page → one paragraph per line.

Reports arrive flattened: the whole report on one line with its headings
(一、 (一) 1、) in mid-line, or hard-wrapped at a fixed width, with a space
left between two Chinese characters wherever a line was wrapped (``减 幅``,
``关 于``) and page numbers (``- 3 -``) inside a word. Before the outline is
read, headings are split onto lines of their own at their numbers, wrapped
lines are joined, wrap spaces between Chinese characters are removed (not
the spaces between Latin words or around numbers a sentence needs), and
embedded page numbers are dropped. Where a flattened text has no mark at all
between a heading and the words around it (``…基本情况(一)项目基本概况我校…``),
the numbering sequence says which number comes next, and the title ends at
its title noun (情况, 目标…). Every step is counted, so the import summary
can say what was cleaned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tui_report.report.numbering import parse_chinese_numeral

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


#: a heading's number as the numbering sequence reads it (no 第…部分), anywhere in a
#: line (what comes before it is read in code)
_ANY_NUMBER = re.compile(  # the look-ahead lets the scan skip to where a number may start
    rf"(?=[{_CN}0-9（(])(?:(?P<cn>[{_CN}]{{1,3}})、|[（(](?P<pcn>[{_CN}]{{1,3}})[)）]|(?P<ar>\d{{1,2}})[、.．](?![0-9]))")
_GLUED_AFTER = "）)”’》】"
#: 三、四季度, 一、二级: numerals listed, not a heading's number
_NUMERAL_LIST = re.compile(rf"[{_CN}]+[、季级个项月年次名位批类]")
#: the nouns a section's title ends with (…情况, …目标, …原因分析): where a
#: title run straight into its text stops
_TITLE_NOUN = re.compile(r"情况|概况|目标|分析|建议|问题|措施|结果|说明|原则|职能|职责|依据|成效|意见|结论")
#: what carries a title on past such a noun (存在的问题及原因分析, 需要说明的问题,
#: 绩效自评结果拟应用和公开情况)
_TITLE_GOES_ON = "及和与、的暨并之拟"
#: how far into a glued heading's words its title must end
_GLUED_TITLE = 30
_STOPS = "。；;：:，,！？!?"


@dataclass
class Cleaned:
    lines: list[str]
    headings_split: int = 0
    titles_split: int = 0
    lines_joined: int = 0
    spaces_removed: int = 0
    page_numbers: int = 0
    notes: list[str] = field(default_factory=list)

    def describe(self) -> list[str]:
        """What was cleaned, in words, for the import summary."""
        out = []
        if self.headings_split:
            out.append(f"原文是连成一片的文字：在 {self.headings_split} 处行中的标题编号前分行")
        if self.titles_split:
            out.append(f"{self.titles_split} 个标题直接连着正文、中间没有标点：已在标题末尾（“情况”“目标”等）分行")
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
    Latin letter one (a PDF wraps by width, and 581.45 is narrower than 五个字).
    The East Asian wide and full-width blocks, matched at once: a 2 MB
    text has millions of characters to look up one by one."""
    return len(line) + len(_WIDE.findall(line))


#: the blocks whose characters are wide or full-width (Unicode's East Asian
#: Width W and F): Hangul Jamo, CJK radicals to Yi, Hangul syllables, CJK
#: compatibility, vertical and small forms, full-width forms, the CJK planes
_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                   "\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6"
                   "\U00020000-\U0003fffd]")


def clean(lines: list[str]) -> Cleaned:
    """``lines`` as one paragraph a line, and what it took."""
    out = Cleaned(list(lines))
    flattened = _is_flattened(out.lines) or _is_glued(out.lines)
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
        text, glued, out.titles_split = _split_glued_headings(text)
        out.headings_split += glued
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


def _is_glued(lines: list[str]) -> bool:
    """A long line (or a text of a line or two) whose headings run straight
    on from the words before them, two or more in the numbering's order:
    the line breaks were lost, and no punctuation marks where they were."""
    short = sum(1 for line in lines if line.strip()) <= 3
    return any((len(line) > LONG_LINE or short) and _split_glued_headings(line)[1] >= 2 for line in lines)


class _Sequence:
    """Which heading number may come next: the next of each count begun,
    the first of the level under the last heading (（一） under 一、, 1. under
    （一）), or 一、 before any."""

    _UNDER = {None: "cn", "cn": "pcn", "pcn": "ar"}

    def __init__(self) -> None:
        self.last: dict[str, int] = {}
        self.current: str | None = None

    @staticmethod
    def read(m: re.Match) -> tuple[str, int] | None:
        form = m.lastgroup
        if form is None:  # cannot happen: every alternative is a named group
            return None
        raw = m.group(form)
        n = int(raw) if form == "ar" else parse_chinese_numeral(raw)
        return (form, n) if n else None

    def expects(self, form: str, n: int) -> bool:
        return n == self.last.get(form, -1) + 1 or (n == 1 and self._UNDER.get(self.current) == form)

    def take(self, form: str, n: int) -> None:
        self.last[form] = n
        self.current = form
        for deeper in ("pcn", "ar")[("cn", "pcn", "ar").index(form):]:
            if deeper != form:
                self.last.pop(deeper, None)  # 二、 begins its own （一）


def _title_end(words: str) -> int:
    """Where a title run straight into its text ends: after the first title
    noun (情况, 目标…) that the words do not carry on past; 0 when none
    does so within the first _GLUED_TITLE characters before a stop."""
    for m in _TITLE_NOUN.finditer(words, 0, _GLUED_TITLE):
        if any(c in _STOPS for c in words[:m.start()]):
            return 0
        nxt = words[m.end():m.end() + 1]
        if nxt and nxt not in _TITLE_GOES_ON:
            return m.end()
        if not nxt:
            return m.end()
    return 0


def _split_glued_headings(text: str) -> tuple[str, int, int]:
    """A heading whose number runs straight on from the word before it
    (``…基本情况(一)项目基本概况我校2022年…``) put on a line of its own, and its
    title apart from the text it runs into: only a number the numbering
    sequence expects next, followed by a title that ends in a title noun
    within a few words; (text, headings split, titles split).

    One scan over the numbers in the text, not a loop over its lines: a
    number at a line's start moves the sequence on, one inside a line may
    be cut there."""
    seq = _Sequence()
    cuts: list[int] = []
    titles = 0
    for m in _ANY_NUMBER.finditer(text):
        at = m.start()
        line_start = text.rfind("\n", 0, at) + 1
        if not text[line_start:at].strip(" \t\u3000"):  # a heading's number at its line's start
            if (read := _Sequence.read(m)) is not None:
                seq.take(*read)
            continue
        if not (_cjk_at(text, at - 1) or text[at - 1] in _GLUED_AFTER) or not _cjk_at(text, m.end()) \
                or _NUMERAL_LIST.match(text, m.end()):
            continue
        read = _Sequence.read(m)
        if read is None or not seq.expects(*read):
            continue
        end = _title_end(text[m.end():m.end() + _GLUED_TITLE + 1])
        if not end:
            continue
        seq.take(*read)
        cuts.append(at)
        if _cjk_at(text, m.end() + end):  # its title runs into its text: part them
            cuts.append(m.end() + end)
            titles += 1
    if not cuts:
        return text, 0, 0
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return "\n".join(pieces), len(cuts) - titles, titles


def _cjk_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and "\u4e00" <= text[i] <= "\u9fff"


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

