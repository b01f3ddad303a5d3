"""Lines the import was unsure of, listed until the author has looked.

`tui-report import` decides every numbered line heading or text; where the
evidence pointed both ways it says so and keeps a note in the folder it
writes (``[import] unsure`` in report.toml, :class:`~tui_report.report.model.ImportNote`).
Each note is an ``import-unsure`` info problem at the title or paragraph it
names for as long as that text is still the words the import wrote: any edit
of it (told by the digest of the whole text) ends the note, and so does an
``[[acknowledged]]`` entry (``where`` = the section path or the text's
first characters). As with last year's unreviewed paragraphs
(``carried_over``), the text is found by its words rather than its place, so
a section that was moved or renumbered keeps its note, and the check reads
nothing but the model.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from tui_report.report.model import ImportNote, Report, Section, Span
from tui_report.report.places import TextPlace, where
from tui_report.report.problems import Problem

ID = "import-unsure"
#: how many characters of a title or paragraph name it in a note (and in ``[[acknowledged]] where``)
KEY_LENGTH = 20
#: characters of the text quoted in the message
SHOWN = 24


def key(text: str) -> str:
    return text.strip()[:KEY_LENGTH]


def digest(text: str) -> str:
    """Short, but enough to tell an edited text from the imported one."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:12]


def message(kind: str, why: str, source_line: int, text: str) -> str:
    taken = "标题" if kind == "title" else "正文"
    line = f"原文第{source_line}行" if source_line else "这一行"
    shown = text.strip() if len(text.strip()) <= SHOWN else text.strip()[:SHOWN] + "…"
    reason = f"：{why}" if why else ""
    return (f"导入时不确定{line}是标题还是正文，已按{taken}导入{reason}；请查看「{shown}」，"
            "如有误请改正（改动这段文字或确认后不再提示）")


@dataclass(frozen=True)
class _Text:
    section: Section
    kind: str  # "title" | "body"
    offset: int  # of the paragraph in the body; 0 for a title
    text: str


def _texts(report: Report) -> Iterator[_Text]:
    """Every title and every body paragraph (one line of a body)."""
    for section, _ in report.walk():
        if section.error:
            continue
        if section.title.strip():
            yield _Text(section, "title", 0, section.title)
        offset = 0
        for line in section.body.split("\n") if section.body else ():
            if line.strip():
                yield _Text(section, "body", offset, line)
            offset += len(line) + 1


def _found(report: Report) -> list[tuple[ImportNote, _Text]]:
    """Each note with the text it still names; a note whose text was edited
    or removed names none. Among equal texts the one in the section the
    note names is taken."""
    wanted: dict[tuple[str, str], list[int]] = {}
    for n, note in enumerate(report.import_notes):
        wanted.setdefault((note.kind, key(note.text)), []).append(n)
    candidates: dict[int, list[_Text]] = {}
    for t in _texts(report):
        notes = wanted.get((t.kind, key(t.text)))
        if not notes:
            continue
        whole = digest(t.text)
        for n in notes:
            note = report.import_notes[n]
            if not note.digest or note.digest == whole:
                candidates.setdefault(n, []).append(t)
    out: list[tuple[ImportNote, _Text]] = []
    seen: set[tuple[TextPlace, int]] = set()
    for n, texts in sorted(candidates.items()):
        note = report.import_notes[n]
        t = next((t for t in texts if where(t.section.file, tuple(t.section.path)) == note.section), texts[0])
        place = (TextPlace.of(t.kind, t.section), t.offset)
        if place not in seen:
            seen.add(place)
            out.append((note, t))
    return out


def run(report: Report) -> list[Problem]:
    if not report.import_notes:
        return []
    out: list[Problem] = []
    for note, t in _found(report):
        section = t.section
        if t.kind == "title":
            span = section.title_span or Span(section.file)
            line, col = span.line, span.col
        else:
            span = section.body_span or Span(section.file)
            line, col = span.at(section.body, t.offset)
        out.append(Problem(ID, "info", message(t.kind, note.why, note.source_line, t.text), span.file or section.file,
                           line, col, where=where(section.file, tuple(section.path)),
                           target=TextPlace.of(t.kind, section), offset=t.offset, extra={"text": key(t.text)}))
    return out
