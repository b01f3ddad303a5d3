"""Checks on the outline: empty sections and duplicate sibling headings.

Sections with nothing to report (五、六、七 in the sample) still carry a
one-line "无…" body, because reviewers expect every heading and a reason; a
heading with neither prose nor subsections is a gap. A run-in heading is the
first sentence of its paragraph, so its title alone is content.
"""

from __future__ import annotations

import re

from tui_report.report.model import Report, Section, Span
from tui_report.report.numbering import strip_typed_number
from tui_report.report.places import TextPlace, where
from tui_report.report.problems import Problem


def where_of(section: Section) -> str:
    """``overview/0/1``: the section file's id, then the index path."""
    return where(section.file, tuple(section.path))


def _norm(title: str) -> str:
    return strip_typed_number(title).strip().rstrip("。.；;：:").replace(" ", "")


#: a title that is a whole statement (召集本级人民代表大会会议。) carries its
#: content, as an item of a list does; one that names a table (收入支出决算总表)
#: stands for a table published beside the text
_STATEMENT = re.compile(r"[。；;！!]\s*$|表\s*(?:[（(][一二三四五六七八九十\d]+[）)])?\s*$")


def _says_it_all(title: str) -> bool:
    return _STATEMENT.search(title) is not None


def run(report: Report) -> list[Problem]:
    out: list[Problem] = []
    _siblings(report.sections, out)
    for section, _ in report.walk():
        if section.error:
            continue
        if section.children:
            _siblings(section.children, out)
        elif not section.body.strip() and not (section.run_in and section.title.strip()) \
                and not _says_it_all(section.title):
            span = section.title_span or Span(section.file)
            out.append(Problem(
                "empty-section", "warning",
                f"“{section.title or '（无标题）'}”下既没有正文也没有小节；没有内容可写时写明“无…”",
                span.file, span.line, span.col, where=where_of(section),
                target=TextPlace.of("body", section), offset=0))
    return out


def _siblings(sections: list[Section], out: list[Problem]) -> None:
    seen: dict[str, int] = {}
    for n, section in enumerate(sections, 1):
        if section.error:
            continue
        key = _norm(section.title)
        if not key:
            continue
        if key in seen:
            span = section.title_span or Span(section.file)
            out.append(Problem(
                "duplicate-title", "warning",
                f"标题“{section.title}”与同级第 {seen[key]} 个标题重复",
                span.file, span.line, span.col, end=span.col + len(section.title),
                where=where_of(section), target=TextPlace.of("title", section), offset=0))
        else:
            seen[key] = n
