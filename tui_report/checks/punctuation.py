"""Punctuation in Chinese prose (GB/T 15834-2011), each finding with its fix.

Reports are typed on keyboards that switch between input modes, so
half-width ``( ) , ; :`` slip into Chinese sentences, list numbers get a
顿号 (``2、``), marks get doubled and stray spaces split words. Every rule
here is local to a few characters, so it has a fix that changes only them.

"Chinese text" means a CJK character or full-width mark next to the
punctuation; ASCII runs (``1,000``, ``http://``, ``9:30``) are left alone.
"""

from __future__ import annotations

import re

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
