"""Last year's words, still unchanged: a report started from last year's
(``[settings] previous_report``) lists every paragraph whose text is the
same as a paragraph of last year's report, and in it each typed number,
count and date — those are last year's facts until someone looks.

Paragraphs are matched against all of last year's paragraphs, not section
by section, so a section that was moved, renamed or split does not make its
paragraphs appear twice or vanish. The year is taken out before comparing
("2022年" last year and "{{year}}年" this year are the same words).
Editing a paragraph clears it; acknowledging it (``problem =
"carried-over"``, ``where`` = the start of the paragraph, e.g. "每年相同"
for the 职能职责 list) clears it and its numbers.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from tui_report.report.model import Report, Span
from tui_report.report.places import TextPlace, previous_report
from tui_report.report.problems import Problem
from tui_report.report.toml_read import ReportError

#: how many characters of a paragraph name it in [[acknowledged]] where
KEY_LENGTH = 20

_YEAR_PLACEHOLDER = re.compile(r"\{\{\s*(year|prev_year|next_year)\s*\}\}")
_CN_NUM = "零〇一二两三四五六七八九十百千万亿"
#: a typed count, amount or date: 300多人, 5000余人, 1万余份, 二十场次, 9月15日至30日
_TYPED = re.compile(
    r"(?<![\d.{])(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:[至到—–-]\d{1,2}(?:月\d{1,2})?日)?"
    r"|(?<![\d.{])\d[\d,，.]*(?:万|千|百|亿)?(?:多|余)?(?:万|千)?[^\s\d，。、；：,.;:！？（）()“”\"{}%％]?"
    rf"|[{_CN_NUM}]{{1,6}}(?:多|余)?(?:场次|场|个|项|名|人次|人|次|份|期|批|家|所|篇|条|册|本|件|处|座)"
)


_LIST_MARKER = re.compile(r"\s*[（(]?[\d一二三四五六七八九十]{1,3}[)）、.．]")


@dataclass(frozen=True)
class Paragraph:
    section: object
    field: str
    offset: int
    text: str


def _norm(text: str, year: int) -> str:
    """The words without the year: placeholders and the year's own digits."""
    out = _YEAR_PLACEHOLDER.sub(lambda m: {"year": "<Y>", "prev_year": "<P>", "next_year": "<N>"}[m.group(1)], text)
    if year:
        out = out.replace(f"{year}年", "<Y>年").replace(f"{year - 1}年", "<P>年").replace(f"{year + 1}年", "<N>年")
    return re.sub(r"\s+", "", out)


def paragraphs(report: Report):
    """Every paragraph of every body, with where it starts."""
    for section, _ in report.walk():
        if section.error or not section.body:
            continue
        offset = 0
        for line in section.body.split("\n"):
            if line.strip():
                yield Paragraph(section, "body", offset, line)
            offset += len(line) + 1


_cache: dict[str, tuple[tuple, frozenset[str], float]] = {}


def forget() -> None:
    """Read last year's files afresh at the next check, as a new process would."""
    _cache.clear()

#: seconds for which last year's folder is taken as unchanged without a look:
#: the live checks run on every keystroke, last year's report changes rarely
RESTAT_EVERY = 2.0


def _signature(root: Path) -> tuple:
    """Cheap identity of last year's folder: its files' sizes and times."""
    out = []
    try:
        paths = sorted([root / "report.toml", *root.glob("sections/*.toml")])
    except (OSError, ValueError):  # a path the system refuses: no folder to read
        return ()
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            continue
        out.append((path.name, st.st_size, st.st_mtime_ns))
    return tuple(out)


def last_year_texts(root: Path) -> frozenset[str] | None:
    """Last year's paragraphs, normalised; read once per change of its
    files, since the live checks run on every keystroke."""
    from tui_report.report.store import ReportError, Store

    key = str(root)
    now = time.monotonic()
    cached = _cache.get(key)
    if cached is not None and now - cached[2] < RESTAT_EVERY:
        return cached[1]
    sig = _signature(root)
    if cached is not None and cached[0] == sig:
        _cache[key] = (sig, cached[1], now)
        return cached[1]
    try:
        old = Store.open(root).report
    except (ReportError, OSError):
        return None
    texts = frozenset(_norm(p.text, old.year) for p in paragraphs(old))
    _cache[key] = (sig, texts, now)
    return texts


def previous_root(report: Report) -> Path | None:
    """``ReportError`` when the setting cannot be a path (see
    :func:`~tui_report.report.places.previous_report`)."""
    return previous_report(report.root, report.settings)


def typed_numbers(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each count, amount and date typed in a paragraph
    (placeholders are this year's figures and are skipped)."""
    out = []
    spans = [(m.start(), m.end()) for m in re.finditer(r"\{\{[^{}]*\}\}", text)]
    marker = _LIST_MARKER.match(text)  # "1." of a numbered list is not a fact
    if marker:
        spans.append((marker.start(), marker.end()))
    for m in _TYPED.finditer(text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        found = m.group(0).rstrip("，,.")
        if found and any(ch.isdigit() or ch in _CN_NUM for ch in found):
            out.append((m.start(), found))
    return out


def run(report: Report) -> list[Problem]:
    try:
        root = previous_root(report)
    except ReportError as exc:
        return [Problem("previous-report", "warning", exc.message, exc.file, exc.line, exc.col)]
    if root is None:
        return []
    old = last_year_texts(root)
    if old is None:
        return []  # an unreadable last year is said by the editor's Ctrl+L and by `compare`
    from tui_report.checks.headings import where_of

    out: list[Problem] = []
    for para in paragraphs(report):
        if _norm(para.text, report.year) not in old:
            continue
        section = para.section
        span = section.body_span or Span(section.file)
        body = section.body
        target = TextPlace.of("body", section)
        where = where_of(section)
        key = para.text.strip()[:KEY_LENGTH]
        numbers = typed_numbers(para.text)
        listed = "、".join(t for _, t in numbers)
        message = "本段与上年报告相同，尚未核对"
        message += f"；上年的数字，请核对：{listed}" if listed else "；确认仍然适用后改写，或确认“每年相同”"
        line, col = span.at(body, para.offset)
        out.append(Problem("carried-over", "warning", message, span.file, line, col, where=where,
                           target=target, offset=para.offset, extra={"text": key}))
        for offset, typed in numbers:
            line, col = span.at(body, para.offset + offset)
            out.append(Problem("carried-over-number", "info", f"上年的数字，请核对：{typed}", span.file, line, col,
                               end=col + len(typed), where=where, target=target, offset=para.offset + offset,
                               extra={"text": key, "typed": typed}))
    return out


def follow_paragraphs(problems: list[Problem]) -> None:
    """A number inside an acknowledged paragraph is acknowledged with it."""
    done = {(p.file, p.extra.get("text")): p.reason for p in problems
            if p.id == "carried-over" and p.acknowledged}
    for p in problems:
        if p.id == "carried-over-number" and not p.acknowledged:
            reason = done.get((p.file, p.extra.get("text")))
            if reason is not None:
                p.acknowledged, p.reason = True, reason
