"""Who last changed each paragraph of a section: ``git blame`` of the text
as it is now (unsaved edits included), mapped from lines to paragraphs."""

from __future__ import annotations

import time
from dataclasses import dataclass

from tui_report.report.model import Section
from tui_report.versions.git import Repo, has_head, run

#: git's author for lines not yet in any version
UNSAVED = "（尚未保存为版本）"


@dataclass(frozen=True)
class Line:
    paragraph: str
    author: str
    when: int
    commit: str
    subject: str

    @property
    def date(self) -> str:
        return time.strftime("%Y-%m-%d", time.localtime(self.when)) if self.when else ""


def _porcelain(text: str) -> dict[int, tuple[str, int, str, str]]:
    """Final line number → (author, time, commit, subject)."""
    out: dict[int, tuple[str, int, str, str]] = {}
    info: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    line_no = 0
    commit = ""
    for line in text.split("\n"):
        if not line:
            continue
        if line.startswith("\t"):
            data = info.setdefault(commit, current)
            unsaved = commit.strip("0") == ""
            out[line_no] = (UNSAVED if unsaved else data.get("author", ""), int(data.get("author-time", "0") or 0),
                            commit, "" if unsaved else data.get("summary", ""))
            continue
        head = line.split(" ")
        if len(head) >= 3 and len(head[0]) == 40 and all(c in "0123456789abcdef" for c in head[0]):
            commit, line_no = head[0], int(head[2])
            current = info.get(commit, {})
            info[commit] = current
            continue
        key, _, value = line.partition(" ")
        current[key] = value
    return out


def blame_section(repo: Repo, rel: str, text: str, section: Section) -> list[Line]:
    """One entry per paragraph (line) of ``section``'s body, in order, for
    the file's current ``text``."""
    body = section.body
    if not body or section.body_span is None:
        return []
    paragraphs = body.split("\n")
    if not has_head(repo):
        return [Line(p, UNSAVED, 0, "", "") for p in paragraphs]
    res = run(repo.top, "blame", "--line-porcelain", "--contents", "-", "--", repo.path_of(rel),
              input=text, check=False)
    if res.code != 0:  # a file not yet in any version
        return [Line(p, UNSAVED, 0, "", "") for p in paragraphs]
    by_line = _porcelain(res.out)
    first = section.body_span.line
    out = []
    for n, paragraph in enumerate(paragraphs):
        author, when, commit, subject = by_line.get(first + n, (UNSAVED, 0, "", ""))
        out.append(Line(paragraph, author, when, commit, subject))
    return out
