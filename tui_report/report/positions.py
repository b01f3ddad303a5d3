"""Where values sit in a TOML file, found by a line scan.

Neither TOML library reports positions, and every problem must point at
file, line and column; the report files are written in a regular layout
(docs/format.md), so scanning key lines and table headers is enough.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tui_report.report.model import Span

_KEY_LINE = re.compile(r"^(\s*)([A-Za-z0-9_\-]+|\"[^\"]*\")\s*=\s*")
_AOT_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\s\"-]+?)\s*\]\]")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\s\"-]+?)\s*\]")


@dataclass
class KeyPos:
    line: int
    col: int
    verbatim: bool


@dataclass
class Positions:
    """Where each table's keys sit in a file: ``tables[i][key]`` for the
    i-th table header in file order (index 0 is the root table)."""

    headers: list[str] = field(default_factory=list)  # header name of each table
    keys: list[dict[str, KeyPos]] = field(default_factory=list)


def scan_positions(text: str) -> Positions:
    pos = Positions(headers=[""], keys=[{}])
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _AOT_HEADER.match(line)
        if m:
            pos.headers.append("[[" + re.sub(r"\s+", "", m.group(1)) + "]]")
            pos.keys.append({})
            i += 1
            continue
        m = _TABLE_HEADER.match(line)
        if m:
            pos.headers.append(re.sub(r"\s+", "", m.group(1)))
            pos.keys.append({})
            i += 1
            continue
        m = _KEY_LINE.match(line)
        if not m:
            i += 1
            continue
        key = m.group(2).strip('"')
        start = m.end()
        rest = line[start:]
        delim = rest[:3] if rest[:3] in ('"""', "'''") else rest[:1]
        if delim in ('"""', "'''"):
            after = rest[3:]
            close = after.find(delim)
            if close >= 0:  # opens and closes on one line
                kp = KeyPos(i + 1, start + 4, delim == "'''" or "\\" not in after[:close])
                pos.keys[-1][key] = kp
                i += 1
                continue
            if after.strip() == "":
                kp = KeyPos(i + 2, 1, True)
            else:
                kp = KeyPos(i + 1, start + 4, True)
            raw = [after]
            j = i + 1
            while j < len(lines) and delim not in lines[j]:
                raw.append(lines[j])
                j += 1
            if j < len(lines):
                raw.append(lines[j][: lines[j].find(delim)])
            if delim == '"""' and any("\\" in r for r in raw):
                kp.verbatim = False
            pos.keys[-1][key] = kp
            i = j + 1
            continue
        if delim in ('"', "'"):
            body = rest[1:]
            pos.keys[-1][key] = KeyPos(i + 1, start + 2, delim == "'" or "\\" not in body)
        else:
            pos.keys[-1][key] = KeyPos(i + 1, start + 1, True)
        i += 1
    return pos


_INLINE_KEY = re.compile(r"""\s*([A-Za-z0-9_-]+)\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^,}]*)\s*,?""")


def inline_key_spans(rel: str, lines: list[str], kp: KeyPos) -> dict[str, Span]:
    """Spans of the keys of a one-line inline table ``{ label = "…", value = 1 }``
    starting at ``kp``; string values point at their first character."""
    if not 1 <= kp.line <= len(lines):
        return {}
    line = lines[kp.line - 1]
    i = kp.col - 1
    if line[i:i + 1] != "{":
        return {}
    out: dict[str, Span] = {}
    i += 1
    while i < len(line):
        m = _INLINE_KEY.match(line, i)
        if not m or m.end() == i:
            break
        value = m.group(2)
        start = m.start(2) + (1 if value[:1] in "\"'" else 0)
        out[m.group(1)] = Span(rel, kp.line, start + 1, value[:1] != '"' or "\\" not in value)
        i = m.end()
    return out


def span_of(rel: str, kp: KeyPos | None, fallback: int = 1) -> Span:
    if kp is None:
        return Span(rel, fallback, 1)
    return Span(rel, kp.line, kp.col, kp.verbatim)
