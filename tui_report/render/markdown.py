"""Blocks → the Markdown export (and the text the PDF's HTML is made from)."""

from __future__ import annotations

import re

from tui_report.figures.values import Resolved
from tui_report.render.blocks import blocks
from tui_report.report.model import Report

_MD_LIST_START = re.compile(r"^(\d+)([.)])(\s)")


def _md_para(text: str) -> str:
    """Keep a paragraph a paragraph: escape what Markdown would read as a
    heading, list or quote at the start of a line."""
    text = _MD_LIST_START.sub(r"\1\\\2\3", text)
    if text[:1] in "#>+-=" :
        text = "\\" + text
    return text


def to_markdown(report: Report, resolved: Resolved | None = None) -> str:
    parts = []
    for b in blocks(report, resolved):
        if b.kind == "title":
            parts.append(f"# {b.text}")
        elif b.kind == "heading" and b.run_in:
            body = _md_para(b.body) if b.body else ""
            parts.append(f"**{b.number}{b.text}**{body}")
        elif b.kind == "heading":
            parts.append(f"{'#' * (b.level + 1)} {b.number}{b.text}")
        elif b.kind == "item":
            parts.append(f"{b.number}{_md_para(b.text)}")
        elif b.kind == "bullet":
            parts.append(f"- {b.text}")
        elif b.kind == "table":
            rows = b.rows or [[""]]
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
            lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
            parts.append("\n".join(lines))
        else:
            parts.append(_md_para(b.text))
    parts += _attachment(report, resolved)
    return "\n\n".join(parts) + "\n"


def _attachment(report: Report, resolved: Resolved | None) -> list[str]:
    """The 自评表 after the body: 附件, its title, and real tables."""
    from tui_report.render.scorecard import attachment_blocks

    out = []
    for b in attachment_blocks(report, resolved):
        if b.kind == "attachment":
            out.append("---\n\n**" + b.text + "**")
        elif b.kind == "attachment-title":
            out.append("## " + b.text)
        elif b.kind == "caption":
            out.append("**" + b.text + "**")
        else:
            rows = [[c.replace("|", "｜").replace("\n", " ") for c in r] for r in b.rows]
            lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
            lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
            out.append("\n".join(lines))
    return out


