"""One title or body → everything the checks need from its words, memoised.

The editor re-checks the whole report after every keystroke, but a keystroke
changes one text. Scanning depends only on the text, whether it is a title,
the report year and the money unit, so results are kept per text and a
re-check rescans just the edited paragraph. Figure-dependent judgements
(does a placeholder name a figure, does a typed amount equal one) are made
afterwards from the cached placeholder and amount lists: they are cheap.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tui_report.checks import punctuation, typed_amounts, years
from tui_report.figures.placeholders import PLACEHOLDER
from tui_report.report.numbering import TYPED_NUMBER
from tui_report.report.problems import Finding
from tui_report.report.terminal import INVISIBLE, invisible, visible

_BRACES = re.compile(r"\{\{|\}\}")

#: entries kept before the memo is dropped and rebuilt (a report of 500
#: sections has about a thousand texts)
MAX_ENTRIES = 20000


@dataclass(frozen=True)
class Scan:
    findings: tuple[Finding, ...]
    #: (name, offset, length) of each ``{{name}}``
    placeholders: tuple[tuple[str, int, int], ...]
    #: typed money amounts, judged against figure values by the checker
    amounts: tuple[Finding, ...]


_memo: dict[tuple, Scan] = {}


def clear() -> None:
    """Forget memoised scans (benchmarks use it to time a cold run)."""
    _memo.clear()


def scan(text: str, is_title: bool, year: int, unit: str) -> Scan:
    """What the prose checks read in one text; memoised."""
    key = (text, is_title, year, unit)
    hit = _memo.get(key)
    if hit is not None:
        return hit
    if len(_memo) >= MAX_ENTRIES:
        _memo.clear()
    result = scan_unmemoised(text, is_title, year, unit)
    _memo[key] = result
    return result


def _invisible(text: str) -> list[Finding]:
    """Control, bidi and zero-width characters: they print nothing, or
    reorder what is around them, or make two equal-looking names differ
    (``{{spend\u200b_total}}``); none belongs in a report."""
    out = []
    for i, ch in enumerate(text):
        if invisible(ch):
            name = unicodedata.name(ch, "控制字符")
            out.append(Finding(
                "invisible-char", "warning",
                f"有看不见的字符 {visible(ch)}（{name}）：它不显示，却会改变文字的显示顺序或让看似相同的名称不同；请删除",
                i, 1, (i, ch, "", f"删除 {visible(ch)}"), visible(ch)))
    return out


def scan_unmemoised(text: str, is_title: bool, year: int, unit: str) -> Scan:
    findings: list[Finding] = _invisible(text) if INVISIBLE.search(text) else []
    placeholders: list[tuple[str, int, int]] = []
    # placeholders are not prose: blank them out (same length, so offsets
    # hold) before the word-level rules look at the text
    words = text
    if "{{" in text or "}}" in text:
        kept = []
        for m in PLACEHOLDER.finditer(text):
            placeholders.append((m.group(1), m.start(), len(m.group(0))))
            kept.append((m.start(), m.end()))
        words = _blank(text, kept)
        for m in _BRACES.finditer(words):
            findings.append(Finding(
                "bad-placeholder", "error",
                f"占位符不完整：“{m.group(0)}”缺少配对的“{'}}' if m.group(0) == '{{' else '{{'}”；写作 {{{{数字编号}}}}",
                m.start(), 2, None, m.group(0)))
    skip_to = 0
    if is_title:
        typed = TYPED_NUMBER.match(text)
        if typed and typed.group(0).strip():
            number = typed.group(0).strip()
            findings.append(Finding(
                "typed-heading-number", "warning",
                f"标题以手工输入的编号“{number}”开头；编号由位置自动生成，请删除",
                typed.start(), typed.end(), (0, typed.group(0), "", f"删除“{number}”"), number))
            skip_to = typed.end()
    for f in punctuation.scan(words, is_title):
        if f.offset >= skip_to:
            findings.append(f)
    findings += years.scan(words, year)
    amounts: list[Finding] = []
    for f in typed_amounts.scan(words, unit):
        (amounts if f.id == "typed-amount" else findings).append(f)
    return Scan(tuple(findings), tuple(placeholders), tuple(amounts))


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each placeholder replaced by a neutral mark of the same
    length: a letter-like stand-in, so ``资金{{x}}，`` still reads as a word
    next to Chinese and ``{{year}}年`` is not taken for a typed year."""
    parts, last = [], 0
    for a, b in spans:
        parts.append(text[last:a])
        parts.append("\ufffc" * (b - a))
        last = b
    parts.append(text[last:])
    return "".join(parts)
