"""Punctuation in Chinese prose (GB/T 15834-2011), each finding with its fix.

Reports are typed on keyboards that switch between input modes, so
half-width ``( ) , ; :`` slip into Chinese sentences, list numbers get a
顿号 (``2、``), marks get doubled and stray spaces split words. Every rule
here is local to a few characters, so it has a fix that changes only them.

"Chinese text" means a CJK character or full-width mark next to the
punctuation; ASCII runs (``1,000``, ``http://``, ``9:30``) are left alone.

ASCII double quotes (``"三公"经费``) are paired in order within a paragraph,
and within a table cell (a bar ends a cell); a pair around or beside
Chinese is ``“三公”``. What is not prose keeps its quotes: inline code
(`` `a="1"` ``), a link's target and title (``[名称](http://… "标题")``),
placeholders (blanked before this check sees the text), an inch or second
after a number (``5"``), and English in quotes among English.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from tui_report.report.problems import Finding

#: CJK ideographs, CJK and full-width punctuation, and the quotation marks,
#: ellipsis and dash Chinese text uses.
_CJK_CLASS = "\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u201c\u201d\u2018\u2019\u2026\u2014"
_CJK = re.compile(f"[{_CJK_CLASS}]")
#: marks that carry their own spacing (a space beside them is always stray)
_MARK = re.compile("[\u3001-\u3003\u3008-\u3011\u3014-\u301f\uff01\uff08\uff09\uff0c\uff1a\uff1b\uff1f\u201c\u201d\u2018\u2019\u2026]")

FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}

_HALF = re.compile(r"[,;:]")
_PAREN = re.compile(r"\(([^()\n]{0,40})\)")
_LONE_PAREN = re.compile(r"[()]")
_LIST_COMMA = re.compile(r"(?:^|(?<=[。；：！？;:]))[ \t]*\d{1,3}(、)", re.M)
_DOUBLED = re.compile(r"[，。、；：]{2,}|！{2,}|？{2,}")
_SPACES = re.compile(r"(?<=\S)[ \t\u3000]+(?=\S)")

#: which mark survives when different marks are doubled: the stronger stop
_RANK = "。；：，、"


def is_cjk(ch: str) -> bool:
    return bool(ch) and _CJK.match(ch) is not None


def _prev(text: str, i: int) -> str:
    return text[i - 1] if i > 0 else ""


def _next_nonspace(text: str, i: int) -> tuple[str, int]:
    """First character at or after ``i`` that is not a space, with the index."""
    j = i
    while j < len(text) and text[j] in " \t":
        j += 1
    return (text[j] if j < len(text) else ""), j


def scan(text: str, is_title: bool = False) -> list[Finding]:
    out: list[Finding] = []
    if not text:
        return out
    if _HALF.search(text) or "(" in text or ")" in text:
        out += _half_width(text)
    if '"' in text:
        out += _quotes(text)
    if not is_title and "、" in text:
        out += _list_commas(text)
    out += _doubled(text)
    if " " in text or "\t" in text or "\u3000" in text:
        out += _spaces(text)
    return out


def _half_width(text: str) -> list[Finding]:
    out: list[Finding] = []
    for m in _HALF.finditer(text):
        i = m.start()
        ch = m.group(0)
        prev = _prev(text, i)
        nxt, j = _next_nonspace(text, i + 1)
        if prev.isdigit() and nxt.isdigit():
            continue  # 1,000 and 9:30
        if not (is_cjk(prev) or is_cjk(nxt)):
            continue
        old = text[i:j]  # the spaces typed after it go with it
        out.append(Finding(
            "punct-halfwidth", "warning",
            f"中文里的半角“{ch}”应为全角“{FULL[ch]}”（GB/T 15834）",
            i, len(old), (i, old, FULL[ch], f"改为“{FULL[ch]}”"), ch))
    paired: set[int] = set()
    for m in _PAREN.finditer(text):
        i, k = m.start(), m.end() - 1
        prev = _prev(text, i)
        if prev == "]":
            continue  # a Markdown link target
        paired.update((i, k))
        after = text[k + 1] if k + 1 < len(text) else ""
        if not (is_cjk(prev) or is_cjk(after) or _CJK.search(m.group(1))):
            continue
        new = "（" + m.group(1) + "）"
        out.append(Finding(
            "punct-halfwidth", "warning",
            f"中文里的半角括号“{m.group(0)}”应为全角“{new}”（GB/T 15834）",
            i, len(m.group(0)), (i, m.group(0), new, f"改为“{new}”"), m.group(0)))
    for m in _LONE_PAREN.finditer(text):
        i = m.start()
        if i in paired:
            continue
        ch = m.group(0)
        if is_cjk(_prev(text, i)) or is_cjk(text[i + 1: i + 2]):
            out.append(Finding(
                "punct-halfwidth", "warning",
                f"中文里的半角“{ch}”应为全角“{FULL[ch]}”（GB/T 15834）",
                i, 1, (i, ch, FULL[ch], f"改为“{FULL[ch]}”"), ch))
    return out


#: what is not prose inside a paragraph: inline code, a link's target (with
#: its title), each a span whose quotes are left alone
_NOT_PROSE = re.compile(r"`[^`\n]*`|\]\([^)\n]*\)")
#: the longest quotation paired (a longer stretch is two stray quotes)
_QUOTE_SPAN = 80


def _quotes(text: str) -> list[Finding]:
    """ASCII double quotes in Chinese text, paired into “ ” (GB/T 15834
    4.1: Chinese text uses full-width quotation marks)."""
    skip = [(m.start(), m.end()) for m in _NOT_PROSE.finditer(text)] if ("`" in text or "](" in text) else []
    starts = [a for a, _ in skip]

    def prose(i: int) -> bool:  # spans do not overlap: the last one starting at or before i
        k = bisect_right(starts, i) - 1
        return k < 0 or i >= skip[k][1]

    quotes = [m.start() for m in re.finditer('"', text) if prose(m.start())]
    out: list[Finding] = []
    # pairs never cross a line (a paragraph) or a table bar (a cell)
    q = 0
    for stop in [m.start() for m in re.finditer(r"[\n|]", text)] + [len(text)]:
        marks = []
        while q < len(quotes) and quotes[q] < stop:
            marks.append(quotes[q])
            q += 1
        k = 0
        while k < len(marks):
            i = marks[k]
            j = marks[k + 1] if k + 1 < len(marks) else None
            if j is not None and j - i <= _QUOTE_SPAN:
                inner = text[i + 1:j]
                if _CJK.search(inner) or is_cjk(_prev(text, i)) or is_cjk(text[j + 1:j + 2]):
                    out += _pair(text, i, j)
                k += 2
                continue
            out += _lone_quote(text, i)
            k += 1
    return out


def _pair(text: str, i: int, j: int) -> list[Finding]:
    """The quotes at ``i`` and ``j`` as “ ”: one finding, or one a mark when
    a placeholder stands between them (the fix must name the text as typed,
    and this sees the placeholder blanked out)."""
    inner = text[i + 1:j]
    if "\ufffc" not in inner:
        new = "“" + inner + "”"
        return [Finding("punct-halfwidth", "warning", f"中文里的半角引号“{text[i:j + 1]}”应为全角“{new}”（GB/T 15834）",
                        i, j + 1 - i, (i, text[i:j + 1], new, f"改为{new}"), '"')]
    return [Finding("punct-halfwidth", "warning", f"中文里的半角引号“\"”应为全角“{mark}”（GB/T 15834）",
                    at, 1, (at, '"', mark, f"改为{mark}"), '"') for at, mark in ((i, "“"), (j, "”"))]


def _lone_quote(text: str, i: int) -> list[Finding]:
    """A quote without its partner beside Chinese: an opening one when words
    follow it, a closing one before punctuation or the end. An inch or
    second mark (``5"``) is not a quote."""
    before, after = _prev(text, i), text[i + 1:i + 2]
    if before.isdigit() or not (is_cjk(before) or is_cjk(after)):
        return []
    words_follow = bool(after) and (after.isalnum() or "\u3400" <= after <= "\u9fff")
    mark = "“" if words_follow else "”"
    return [Finding("punct-halfwidth", "warning", f"中文里的半角引号“\"”应为全角“{mark}”（GB/T 15834）",
                    i, 1, (i, '"', mark, f"改为{mark}"), '"')]


def _list_commas(text: str) -> list[Finding]:
    out = []
    for m in _LIST_COMMA.finditer(text):
        i = m.start(1)
        number = text[m.start():i].strip()
        out.append(Finding(
            "punct-list-number", "warning",
            f"阿拉伯数字序号后应用“.”而不是顿号：“{number}、”应为“{number}.”（GB/T 15834）",
            i - len(number), len(number) + 1, (i, "、", ".", "顿号改为“.”"), number + "、"))
    return out


def _doubled(text: str) -> list[Finding]:
    out = []
    for m in _DOUBLED.finditer(text):
        run = m.group(0)
        keep = run[0] if len(set(run)) == 1 else min(run, key=lambda c: _RANK.index(c) if c in _RANK else 99)
        out.append(Finding(
            "punct-doubled", "warning", f"标点重复“{run}”，应只保留“{keep}”",
            m.start(), len(run), (m.start(), run, keep, f"改为“{keep}”"), run))
    return out


def _spaces(text: str) -> list[Finding]:
    out = []
    for m in _SPACES.finditer(text):
        a, b = text[m.start() - 1], text[m.end()]
        if a == "|" or b == "|":
            continue  # a table row's cells as copied from a page: the bar sets them apart
        stray = (
            (is_cjk(a) and is_cjk(b))
            or _MARK.match(a) is not None
            or _MARK.match(b) is not None
            or (is_cjk(a) and b in "{\ufffc")
            or (a in "}\ufffc" and is_cjk(b))
        )
        if not stray:
            continue
        out.append(Finding(
            "punct-space", "warning", "中文之间多余的空格",
            m.start(), len(m.group(0)), (m.start(), m.group(0), "", "删除空格"), m.group(0)))
    return out
