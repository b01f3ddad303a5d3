"""Lines the outline was unsure of → notes kept in the folder the import writes.

The outline decides every numbered line, heading or text, and keeps the ones
whose evidence pointed both ways (``outline.Unsure``). The author should
look at those, so each becomes an ``[import] unsure`` note naming the title
or paragraph the line became; `check` lists it as ``import-unsure``
(``checks/import_notes``) until that text is edited or the problem
acknowledged, and the import's summary lists the same problems. The
import's sections mirror the outline's nodes one for one, in order, so a
node's source line finds its section; a paragraph is one line of its
section's body, as the folder writer puts it.
"""

from __future__ import annotations

from collections.abc import Iterator

from tui_report.checks import import_notes
from tui_report.importer.outline import Node, Outline, Unsure
from tui_report.report.folder_writer import section_ids
from tui_report.report.model import ImportNote, Report, Section

ID = import_notes.ID


def _pairs(nodes: list[Node], sections: list[Section], where: tuple[str, ...]
           ) -> Iterator[tuple[Node, Section, str]]:
    for n, (node, section) in enumerate(zip(nodes, sections, strict=False)):
        here = (*where, str(n))
        yield node, section, "/".join(here)
        yield from _pairs(node.children, section.children, here)


def notes(tree: Outline, report: Report) -> list[ImportNote]:
    """One note per unsure line of ``tree`` whose text is found in ``report``
    (the model the import made, before it is written), its section named as
    the folder will name it (``overview/1``)."""
    if not tree.unsure:
        return []
    pairs: list[tuple[Node, Section, str]] = []
    for sid, node, section in zip(section_ids(report.sections), tree.sections, report.sections, strict=False):
        pairs.append((node, section, sid))
        pairs += _pairs(node.children, section.children, (sid,))
    out: list[ImportNote] = []
    for u in tree.unsure:
        found = _text(u, pairs)
        if found is None:
            continue
        where, kind, text = found
        out.append(ImportNote(where, kind, import_notes.key(text), import_notes.digest(text), u.why, u.line))
    return out


def _text(u: Unsure, pairs: list[tuple[Node, Section, str]]) -> tuple[str, str, str] | None:
    """(section path, "title" or "body", its text) of the line."""
    for node, section, where in pairs:
        if u.heading and node.line == u.line and not node.supplied and section.title.strip():
            return where, "title", section.title
        if not u.heading and u.line in node.body_lines:
            k = node.body_lines.index(u.line)
            paragraphs = section.body.split("\n")
            if k >= len(paragraphs) or not paragraphs[k].strip():
                return None
            return where, "body", paragraphs[k]
    return None
