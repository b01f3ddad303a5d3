"""``merge-conflict``: a conflict left by a merge, in a section's text.

A plain ``git merge`` that met two edits of one paragraph leaves both
versions between ``<<<<<<<`` ``=======`` ``>>>>>>>`` lines; inside a ``'''``
body that is still valid TOML, so every other check reads it as prose and a
final PDF would print both versions and the markers. Each such block (and
each stray marker) is an error here, pointing at its line, which keeps the
report from a final export and from ``check --fix`` until it is resolved.

Markers outside the texts (report.toml, scorecard.toml, around a section
file's keys) are found by the store when it reads the files, as a load
problem with the same id: this check only sees the model, never the disk.
"""

from __future__ import annotations

from tui_report.report import conflict_markers as cm
from tui_report.report.model import Report, Span
from tui_report.report.places import TextPlace, where
from tui_report.report.problems import Problem

ID = "merge-conflict"


def run(report: Report) -> list[Problem]:
    out: list[Problem] = []
    for section, _ in report.walk():
        if section.error:
            continue
        for kind in ("title", "body"):
            text = section.title if kind == "title" else section.body
            if not text or ("<<<<<<<" not in text and ">>>>>>>" not in text):
                continue
            span = (section.title_span if kind == "title" else section.body_span) or Span(section.file)
            blocks, strays = cm.scan(text)
            starts = [(b.start, len(b.ours), len(b.theirs)) for b in blocks] + [(s.line, -1, -1) for s in strays]
            for line_no, ours, theirs in sorted(starts):
                offset = sum(len(x) + 1 for x in text.split("\n")[:line_no - 1])
                line, col = span.at(text, offset)
                if ours >= 0:
                    what = f"（我的版本 {ours} 段，对方的版本 {theirs} 段）"
                else:
                    what = "（不成对的冲突标记）"
                out.append(Problem(ID, "error", cm.MESSAGE + what, span.file, line, col,
                                   where=where(section.file, tuple(section.path)), target=TextPlace.of(kind, section),
                                   offset=offset, extra={"text": text.split("\n")[line_no - 1][:20]}))
    return out
