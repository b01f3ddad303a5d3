"""Blocks → the Markdown export (and the text the PDF's HTML is made from)."""

from __future__ import annotations

import re
from typing import assert_never

from tui_report.figures.values import Resolved
from tui_report.render.blocks import blocks
from tui_report.report.model import Report

_MD_LIST_START = re.compile(r"^(\d+)([.)])(\s)")


#: link schemes a Markdown reader may follow; any other (javascript:,
#: vbscript:, data:, file: …) makes the link plain text
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_LINK_DEST = re.compile(r"\]\(([ \t]*<?[^)\s>]*)")
_REF_DEF = re.compile(r"^( {0,3})\[([^\]\n]*)\]:", re.MULTILINE)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def unsafe_link(dest: str) -> bool:
    """Whether a link target, read the way a Markdown renderer and then a
    browser read it (backslash escapes, character references, blanks and
    control characters dropped), has a scheme other than http(s) or mailto."""
    import html

    text = html.unescape(_ESCAPED.sub(r"\1", dest))
    text = "".join(ch for ch in text if ch > " " and ch != "\x7f").lstrip("<")
    m = _SCHEME.match(text)
    return m is not None and m.group(1).lower() not in SAFE_SCHEMES


def _neutral_link(m: re.Match) -> str:
    return "]\\(" + m.group(1) if unsafe_link(m.group(1)) else m.group(0)


def md_inline(text: str) -> str:
    """Report text as Markdown *text*, never markup a reader would act on:
    ``<`` is written ``&lt;`` (so ``<script>``, ``<iframe>``, ``<img
    onerror=…>`` and ``<javascript:…>`` autolinks are shown as typed, not
    passed to the HTML a Markdown viewer makes), and a link or picture
    whose target has an unsafe scheme loses its link (``](`` → ``]\\(``),
    as does a link reference definition. Emphasis and http links stay."""
    if "](" in text:
        text = _LINK_DEST.sub(_neutral_link, text)
    if "]:" in text:
        text = _REF_DEF.sub(r"\1\\[\2]:", text)
    return text.replace("<", "&lt;")


def _md_para(text: str) -> str:
    """Keep a paragraph a paragraph: escape what Markdown would read as a
    heading, list or quote at the start of a line."""
    text = md_inline(text)
    text = _MD_LIST_START.sub(r"\1\\\2\3", text)
    if text[:1] in "#>+-=" :
        text = "\\" + text
    return text


def to_markdown(report: Report, resolved: Resolved | None = None) -> str:
    parts = []
    for b in blocks(report, resolved):
        match b.kind:
            case "title":
                parts.append(f"# {md_inline(b.text)}")
            case "heading" if b.run_in:
                body = _md_para(b.body) if b.body else ""
                parts.append(f"**{b.number}{md_inline(b.text)}**{body}")
            case "heading":
                parts.append(f"{'#' * (b.level + 1)} {b.number}{md_inline(b.text)}")
            case "item":
                parts.append(f"{b.number}{_md_para(b.text)}")
            case "bullet":
                parts.append(f"- {md_inline(b.text)}")
            case "table":
                rows = [[md_inline(c) for c in r] for r in b.rows] or [[""]]
                width = max(len(r) for r in rows)
                rows = [r + [""] * (width - len(r)) for r in rows]
                lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
                lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
                parts.append("\n".join(lines))
            case "para":
                parts.append(_md_para(b.text))
            case _ as unknown:
                assert_never(unknown)
    parts += _attachment(report, resolved)
    return "\n\n".join(parts) + "\n"


def _attachment(report: Report, resolved: Resolved | None) -> list[str]:
    """The 自评表 after the body: 附件, its title, and real tables."""
    from tui_report.render.scorecard import attachment_blocks

    out = []
    for b in attachment_blocks(report, resolved):
        match b.kind:
            case "attachment":
                out.append("---\n\n**" + md_inline(b.text) + "**")
            case "attachment-title":
                out.append("## " + md_inline(b.text))
            case "caption":
                out.append("**" + md_inline(b.text) + "**")
            case "table":
                out.append(_attachment_table(b.rows))
            case _ as unknown:
                assert_never(unknown)
    return out


def _attachment_table(cells: list[list[str]]) -> str:
    rows = [[md_inline(c.replace("|", "｜").replace("\n", " ")) for c in r] for r in cells]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


