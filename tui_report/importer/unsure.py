"""Lines the outline was unsure of → ``import-unsure`` problems where they landed.

The outline decides every numbered line, heading or text, and keeps the ones
whose evidence pointed both ways (``outline.Unsure``). The author should
look at those, in the folder the import wrote, so each becomes an info
problem at the title or paragraph the line became: file, line and column as
`check` prints them, and the place the editor jumps to. The import's
sections mirror the outline's nodes one for one, in order, so a node's
source line finds its section; a paragraph is one line of its section's
body, as the folder writer puts it.
"""

from __future__ import annotations

from tui_report.importer.outline import Node, Outline, Unsure
from tui_report.report.model import Report, Section, Span
from tui_report.report.places import TextPlace, where
from tui_report.report.problems import Problem

ID = "import-unsure"


def _pairs(nodes: list[Node], sections: list[Section]):
    for node, section in zip(nodes, sections, strict=False):
        yield node, section
        yield from _pairs(node.children, section.children)


def message(u: Unsure) -> str:
    taken = "标题" if u.heading else "正文"
    shown = u.text if len(u.text) <= 24 else u.text[:24] + "…"
    return f"导入时不确定原文第{u.line}行是标题还是正文，已按{taken}导入：{u.why}；请查看「{shown}」"


def problems(tree: Outline, report: Report) -> list[Problem]:
    """One info problem per unsure line of ``tree``, placed in ``report``
    (the folder as loaded, for file lines; the model alone gives line 1)."""
    if not tree.unsure:
        return []
    pairs = list(_pairs(tree.sections, report.sections))
    out: list[Problem] = []
    for u in tree.unsure:
        found = _place(u, pairs)
        if found is None:
            continue
        section, kind, offset, row = found
        span = (section.title_span if kind == "title" else section.body_span) or Span(section.file)
        out.append(Problem(ID, "info", message(u), span.file or section.file, span.line + row, span.col if row == 0 else 1,
                           where=where(section.file, tuple(section.path)),
                           target=TextPlace.of(kind, section), offset=offset))
    return out


def _place(u: Unsure, pairs: list[tuple[Node, Section]]) -> tuple[Section, str, int, int] | None:
    """(section, "title" or "body", offset in that text, line within it) of the line."""
    for node, section in pairs:
        if u.heading and node.line == u.line and not node.supplied:
            return section, "title", 0, 0
        if not u.heading and u.line in node.body_lines:
            k = node.body_lines.index(u.line)
            paragraphs = section.body.split("\n")
            if k >= len(paragraphs):
                return section, "body", 0, 0
            return section, "body", sum(len(p) + 1 for p in paragraphs[:k]), k
    return None
