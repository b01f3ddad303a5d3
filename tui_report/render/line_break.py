"""Where a line of Chinese prose may break, and the lines it makes at a width.

A terminal wraps CJK text before any character, so a line of the preview
could begin with "，" or leave "76.33" at the end of one line and "万元" at
the start of the next. GB/T 15834 (and the W3C's *Requirements for Chinese
Text Layout*) forbid both: closing punctuation never begins a line, opening
punctuation never ends one, a dash or an ellipsis is never cut in two. A
number read across two lines is a misread amount, so a number, its unit and
the first character after it stay together too.

The rules only choose *where* to break; how many cells a character takes is
the caller's to say (``cell_width``), because only the terminal knows
(``tui/cell_width.py``: quotes may be two cells wide). A bad break is never
fixed by letting a line run past the width: the break moves earlier and the
character goes to the next line, so every line fits the widget it is drawn
in. Only a run with no allowed break at all (a number wider than the line)
is cut where it must be.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

#: may not begin a line (行首禁则): closing punctuation, pause and stop
#: marks, the connector and separator marks, and what belongs after a number
NO_LINE_START = frozenset(
    "，。、；：？！）》」』】〕〗〙〛〉］｝”’"
    "·・‧．％‰℃°′″～〜－-／/"
    ",.;:?!)]}%"
    "｠﹞"
)

#: may not end a line (行尾禁则): opening punctuation, and a currency sign
#: that belongs before its amount
NO_LINE_END = frozenset(
    "（《「『【〔〖〘〚〈［｛“‘"
    "([{"
    "￥¥$＄£€＃#"
    "｟﹝"
)

#: marks written doubled (——, ……) that may not be cut between the two
_DOUBLED = frozenset("—―…⋯")

#: units kept with the number before them, longest first; after a number,
#: any one CJK character is kept with it in any case (2022年, 3次)
UNITS = tuple(sorted((
    "万元", "亿元", "千元", "百万元", "元", "万", "亿",
    "个百分点", "百分点", "场次", "人次", "万人", "平方米", "立方米", "公里", "千米", "公顷", "余人",
    "年度", "个月", "小时", "分钟",
    "人", "个", "次", "项", "名", "份", "年", "月", "日", "天", "家", "场", "户", "篇", "条", "件",
    "台", "辆", "所", "期", "批", "套", "册", "本", "张", "部", "处", "座", "支", "位", "种", "类",
    "倍", "岁", "号", "届", "轮", "课", "节", "级", "万册", "万份", "万次",
), key=len, reverse=True))

#: digits with their decimal point, thousands separators, clock colon and
#: percent sign: never broken inside
_NUMBER = re.compile(r"\d+(?:[.,:：]\d+)*[%‰％]?")

#: characters that glue to a number that follows them (第3次, 约5人 is fine
#: either way, 第 alone at a line's end is not)
_BEFORE_NUMBER = frozenset("第")

CellWidth = Callable[[str], int]


def char_cells(ch: str) -> int:
    """Cells a character takes where nothing better is known: wide and
    fullwidth characters two, marks that combine with the one before none,
    everything else (ambiguous “ ” … included) one, as most terminals do."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cc"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _wide(ch: str) -> bool:
    """CJK (ideographs, kana, fullwidth forms): breakable before and after,
    unlike the letters of a Latin word."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _ideograph(ch: str) -> bool:
    cp = ord(ch)
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF
            or 0x20000 <= cp <= 0x3134F)


def _glued(text: str) -> list[bool]:
    """``glued[i]``: the characters either side of offset ``i`` belong to
    one number with its unit (or 第 and its number)."""
    glued = [False] * (len(text) + 1)
    for m in _NUMBER.finditer(text):
        start, end = m.span()
        if start > 0 and text[start - 1] in _BEFORE_NUMBER:
            start -= 1
        if text[end - 1] not in "%‰％" and end < len(text) and _ideograph(text[end]):
            unit = next((u for u in UNITS if text.startswith(u, end)), text[end])
            end += len(unit)
        for i in range(start + 1, end):
            glued[i] = True
    return glued


def _relaxed(a: str, b: str) -> bool:
    """The punctuation rules alone: what still holds when a run longer than
    the line (a long number, a long English word) has to be cut."""
    return b not in NO_LINE_START and a not in NO_LINE_END


def break_points(text: str) -> list[int]:
    """The offsets ``i`` (``0 < i < len(text)``) where a line may begin with
    ``text[i]``: between CJK characters, after a space, never against the
    punctuation rules, never inside a number with its unit, a Latin word or
    a doubled dash or ellipsis. Spaces stay at the end of the line before."""
    glued = _glued(text)
    out = []
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        if not _relaxed(a, b) or b.isspace() or glued[i] or (a == b and a in _DOUBLED):
            continue
        if a.isspace() or _wide(a) or _wide(b):
            out.append(i)
    return out


def wrap_offsets(text: str, width: int, cell_width: CellWidth = char_cells,
                 hang_spaces: bool = True) -> list[int]:
    """The offsets where each line after the first begins, for ``text`` (one
    line, without a newline) drawn ``width`` cells wide: the last allowed
    break that fits, then the last one the punctuation rules allow, and only
    then wherever the width runs out.

    With ``hang_spaces`` spaces at a break may run past the width (they are
    invisible at a line's end, as in Rich and Textual's Content); without,
    they count like any character (Textual's TextArea draws them)."""
    if "\n" in text:
        raise ValueError("wrap_offsets takes one line; split the text at newlines first")
    n = len(text)
    width = max(width, 1)
    cells = [cell_width(ch) for ch in text]
    allowed = [False] * (n + 1)
    for i in break_points(text):
        allowed[i] = True
    offsets: list[int] = []
    start = 0
    while start < n:
        end, used = start, 0
        while end < n and used + cells[end] <= width:
            used += cells[end]
            end += 1
        if hang_spaces:
            while end < n and text[end].isspace():
                end += 1
        if end >= n:
            break
        if end == start:  # one character wider than the line: it goes alone
            end = start + 1
        cut = next((i for i in range(end, start, -1) if allowed[i]), 0)
        if not cut:
            cut = next((i for i in range(end, start, -1) if _relaxed(text[i - 1], text[i])), end)
        offsets.append(cut)
        start = cut
    return offsets


def wrap(text: str, width: int, cell_width: CellWidth = char_cells, hang_spaces: bool = True) -> list[str]:
    """``text`` as the lines it makes ``width`` cells wide; a newline in it
    is a line break of its own and is not part of any line, so for a text
    without newlines ``"".join(wrap(text, w)) == text``. A first line's
    indent (　　) stays at its start: no break is allowed before a space."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        cuts = [0, *wrap_offsets(paragraph, width, cell_width, hang_spaces), len(paragraph)]
        lines.extend(paragraph[a:b] for a, b in zip(cuts, cuts[1:], strict=False))
    return lines
