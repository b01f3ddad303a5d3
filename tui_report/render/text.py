"""Blocks → plain text, and inline Markdown reduced to its words."""

from __future__ import annotations

import re
from typing import assert_never

from tui_report.figures.values import Resolved
from tui_report.render.blocks import blocks
from tui_report.report.model import Report

#: Every pattern stops at the next mark of its own kind and at 500
#: characters (a bracket holds no bracket, an emphasis no other star), so
#: plain text takes time linear in its length whatever runs of ``[``, ``*``
#: or ``(`` a hostile body holds.
_SPAN = 500
_INLINE_MD = [
    (re.compile(rf"\*\*((?:[^*\n]|\*(?!\*)){{1,{_SPAN}}}?)\*\*"), r"\1"),
    (re.compile(rf"__((?:[^_\n]|_(?!_)){{1,{_SPAN}}}?)__"), r"\1"),
    (re.compile(rf"(?<![\w*])\*(?!\s)([^*\n]{{1,{_SPAN}}})(?<!\s)\*(?![\w*])"), r"\1"),
    (re.compile(rf"`([^`\n]{{0,{_SPAN}}})`"), r"\1"),
    (re.compile(rf"!\[([^\[\]\n]{{0,{_SPAN}}})\]\([^()\n]{{0,{_SPAN}}}\)"), r"\1"),
    (re.compile(rf"\[([^\[\]\n]{{0,{_SPAN}}})\]\([^()\n]{{0,{_SPAN}}}\)"), r"\1"),
]


def plain(text: str) -> str:
    """Inline Markdown (emphasis, code, links) reduced to its words."""
    for pattern, repl in _INLINE_MD:
        text = pattern.sub(repl, text)
    return text


def to_text(report: Report, resolved: Resolved | None = None) -> str:
    """The text a user pastes into the finance bureau's web form: no Markdown,
    one paragraph per line."""
    lines = []
    for b in blocks(report, resolved):
        match b.kind:
            case "title" | "para" | "bullet":
                # a web form takes no list marks: a bullet is its own line
                lines.append(plain(b.text))
            case "heading":
                lines.append(plain(f"{b.number}{b.text}{b.body}"))
            case "item":
                lines.append(plain(f"{b.number}{b.text}"))
            case "table":
                lines.extend("\t".join(plain(c) for c in row) for row in b.rows)
            case _ as unknown:
                assert_never(unknown)
    return "\n".join(lines) + "\n"
