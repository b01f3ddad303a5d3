"""A table of contents in the source: found, taken out, and said.

Published reports (决算 above all) open with their contents: the headings
listed once with nothing between them, sometimes under 目录, sometimes with
dot leaders and page numbers, and then the same headings again with their
text. Imported as it stands, each contents line becomes an empty section and
the real outline appears twice. What marks a contents block is what the
numbering does: a run of heading lines with no prose between them, after
which the numbering starts again at the run's first number (with the same
title, or under a 目录 line). A line with dot leaders and a page number is a
contents entry wherever it stands. Everything taken out is counted, so the
import summary can say so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tui_report.report.numbering import TYPED_NUMBER, parse_chinese_numeral

_CN = "一二三四五六七八九十百零〇"
MARK = re.compile(r"^\s*[(（【]?\s*目\s*录\s*[)）】]?\s*[:：]?\s*$")
#: prose lines a contents block may hold (a 注 on rounding, a stray line)
_TOLERATED = 2
#: 第一部分 / 第一章 before a title (a level above 一、)
PART = re.compile(rf"^\s*第\s*(?P<part>[{_CN}]+)\s*(?:部分|章)\s*[:：、.．]?\s*")
#: 表一：… in a list of the report's tables
_TABLE = re.compile(rf"^\s*(?:附?表\s*[{_CN}0-9]+|[{_CN}]+\s*是)\s*[:：、.．]\s*")
#: dot leaders (or a wide gap) then a page number, at the end of a line
LEADER = re.compile(r"(?:(?:[.．…·・\-—_]{2,}|\s{2,}|\t)\s*(?:\d{1,3}|[(（]\s*\d{1,3}\s*[)）])"
                    r"|\s*PAGEREF\s*\\?_?Toc\d+\s*\\?h\s*\d*)\s*$")
_SENTENCE = re.compile(r"[。；;！？!?]")
_NOISE = re.compile(r"[\s\d年度:：,，.．、“”\"'‘’()（）]+")


@dataclass(frozen=True)
class Key:
    form: str
    n: int
    title: str  # normalised, for comparing two listings of one heading


def key(text: str) -> Key | None:
    """The number and title of a line that could be a contents entry."""
    m = PART.match(text)
    if m:
        n = parse_chinese_numeral(m.group("part"))
        return Key("part", n or 0, _norm(text[m.end():])) if n else None
    m = TYPED_NUMBER.match(text)
    if m and m.lastgroup:
        raw = m.group(m.lastgroup)
        n = parse_chinese_numeral(raw) if m.lastgroup in ("cn", "paren_cn") else int(unicodedata.normalize("NFKC", raw))
        return Key(m.lastgroup, n or 0, _norm(text[m.end():])) if n else None
    m = _TABLE.match(text)
    if m:
        return Key("table", 0, _norm(text[m.end():]))
    return None


def _norm(title: str) -> str:
    title = LEADER.sub("", unicodedata.normalize("NFKC", title))
    return _NOISE.sub("", title)


def _entry_like(text: str) -> bool:
    """A line as contents list it: short, numbered (or led to a page
    number), no sentence inside."""
    return _shaped(text, key(text))


def _shaped(text: str, k: Key | None) -> bool:
    """_entry_like for a line whose key ``k`` is already read."""
    if LEADER.search(text) and len(LEADER.sub("", text)) <= 80:
        return True  # the entry's own words, leaders and page number aside
    if len(text) > 60 or _SENTENCE.search(text.rstrip("。")):
        return False
    return k is not None


def _same(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a == b or a in b or b in a)


def find(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) index spans of ``lines`` that are contents (end exclusive)."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(lines)
    # each line's key and entry shape, read once (the walk below looks at a line many times)
    keys = [key(line) for line in lines]
    entry = [_shaped(line, k) for line, k in zip(lines, keys, strict=True)]
    next_key: list[Key | None] = [None] * (n + 1)
    for at in range(n - 1, -1, -1):
        next_key[at] = keys[at] if keys[at] is not None else next_key[at + 1]
    while i < n:
        marked = MARK.match(lines[i]) is not None
        start = i + 1 if marked else i
        if not (marked or entry[i]):
            i += 1
            continue
        first = next_key[start]
        j = start
        restart = None
        prose = 0
        while j < n:
            if not entry[j]:
                prose += 1
                if prose > _TOLERATED or j == start:
                    break
                j += 1
                continue
            k = keys[j]
            if (j > start and first is not None and k is not None and (k.form, k.n) == (first.form, first.n)
                    and (marked or _same(k.title, first.title))):
                restart = j
                break
            j += 1
        if restart is None:
            # the prose lines let in were the text after the contents after all
            while j > start and not entry[j - 1]:
                j -= 1
        if restart is not None and restart - start >= 2:
            spans.append((i, restart))
            i = restart
            continue
        if marked and j - start >= 2:
            spans.append((i, j))  # under 目录, up to the first prose (or the excerpt's end)
        elif not marked:
            # a lone entry with leaders and a page number is contents too
            spans += [(k, k + 1) for k in range(i, j) if LEADER.search(lines[k])]
        i = max(j, i + 1)
    return spans


def remove(lines: list[str]) -> tuple[list[int], int | None]:
    """Indexes of the lines to keep, and the first dropped line's index (None: none dropped)."""
    spans = find(lines)
    drop = {k for a, b in spans for k in range(a, b)}
    keep = [k for k in range(len(lines)) if k not in drop]
    return keep, (spans[0][0] if spans else None)

