"""Merge-conflict markers in a report file, found and resolved.

Two forms exist. A plain ``git merge`` without the report's merge driver
writes git's own markers at the start of lines::

    <<<<<<< HEAD
    my paragraph
    =======
    their paragraph
    >>>>>>> branch

Inside a section's ``'''`` body they leave valid TOML, so nothing else would
notice them; outside a string they break the file. The merge driver
(``tui_report.versions.merge``) writes the same markers around the one
paragraph both sides changed, and, in report.toml and scorecard.toml, a
commented form that keeps the file valid TOML (my line stays live, theirs is
a comment)::

    # <<<<<<< 合并冲突：我的版本
    spend_total = { label = "实际支出", value = 160.00 }
    # ======= 对方的版本
    # spend_total = { label = "实际支出", value = 170.00 }
    # >>>>>>> 合并冲突结束

Both forms are read here, for ``check`` (``merge-conflict``), for the store
(markers outside any string) and for the editor's resolver.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPEN, MIDDLE, BASE, CLOSE = "<<<<<<<", "=======", "|||||||", ">>>>>>>"
_MARK = re.compile(r"^(#\s?)?(<{7}|={7}|\|{7}|>{7})(?=\s|$)(.*)$")

#: what the merge driver writes (the labels say which side is which, in Chinese)
OURS_LABEL = "我的版本"
THEIRS_LABEL = "对方的版本"
PLAIN_OPEN = f"{OPEN} {OURS_LABEL}"
PLAIN_MIDDLE = MIDDLE
PLAIN_CLOSE = f"{CLOSE} {THEIRS_LABEL}"
COMMENT_OPEN = f"# {OPEN} 合并冲突：{OURS_LABEL}"
COMMENT_MIDDLE = f"# {MIDDLE} {THEIRS_LABEL}"
COMMENT_CLOSE = f"# {CLOSE} 合并冲突结束"


@dataclass
class Block:
    """One conflict: lines ``start``…``end`` (1-based, markers included)."""

    start: int
    end: int
    ours: list[str] = field(default_factory=list)
    theirs: list[str] = field(default_factory=list)
    base: list[str] | None = None
    #: the TOML-key form: theirs lines are comments
    commented: bool = False
    ours_label: str = ""
    theirs_label: str = ""

    def lines_for(self, choice: str) -> list[str]:
        """The lines that replace the block: "ours", "theirs" or "both"."""
        if choice == "ours":
            return list(self.ours)
        if choice == "theirs":
            return list(self.theirs)
        if choice == "both":
            return list(self.ours) + [t for t in self.theirs if t not in self.ours]
        raise ValueError(choice)


@dataclass(frozen=True)
class Marker:
    """A marker line that is not part of a complete block (an opening
    without its end, an end without its opening)."""

    line: int
    text: str


def _uncomment(line: str) -> str:
    if line.startswith("# "):
        return line[2:]
    return line[1:] if line.startswith("#") else line


def scan(text: str) -> tuple[list[Block], list[Marker]]:
    """Every complete conflict block of ``text`` and every stray marker."""
    lines = text.split("\n")
    blocks: list[Block] = []
    strays: list[Marker] = []
    i = 0
    while i < len(lines):
        m = _MARK.match(lines[i])
        if not m:
            i += 1
            continue
        commented, kind, label = bool(m.group(1)), m.group(2), m.group(3).strip()
        if kind != OPEN:
            if kind == CLOSE:
                strays.append(Marker(i + 1, lines[i]))
            i += 1
            continue
        block = Block(i + 1, i + 1, commented=commented, ours_label=label)
        part = "ours"
        j = i + 1
        done = False
        while j < len(lines):
            mj = _MARK.match(lines[j])
            if mj and bool(mj.group(1)) == commented:
                kind_j = mj.group(2)
                if kind_j == OPEN:
                    break  # a new block opens before this one closed
                if kind_j == BASE and part == "ours":
                    part, block.base = "base", []
                    j += 1
                    continue
                if kind_j == MIDDLE and part in ("ours", "base"):
                    part = "theirs"
                    j += 1
                    continue
                if kind_j == CLOSE and part == "theirs":
                    block.end = j + 1
                    block.theirs_label = mj.group(3).strip()
                    done = True
                    break
            line = lines[j]
            if part == "ours":
                block.ours.append(line)
            elif part == "base":
                assert block.base is not None
                block.base.append(_uncomment(line) if commented else line)
            else:
                block.theirs.append(_uncomment(line) if commented else line)
            j += 1
        if done:
            blocks.append(block)
            i = block.end
        else:
            strays.append(Marker(i + 1, lines[i]))
            i += 1
    return blocks, strays


def has_markers(text: str) -> bool:
    """Cheap first look: a line starting with a marker (or its comment)."""
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return False
    blocks, strays = scan(text)
    return bool(blocks or strays)


def first_marker_line(text: str) -> int | None:
    blocks, strays = scan(text)
    lines = [b.start for b in blocks] + [s.line for s in strays]
    return min(lines) if lines else None


def resolve(text: str, choices: dict[int, list[str]]) -> str:
    """``text`` with block ``n`` (in :func:`scan` order) replaced by
    ``choices[n]``; blocks without a choice stay as they are."""
    blocks, _ = scan(text)
    lines = text.split("\n")
    for n in sorted(choices, reverse=True):
        if 0 <= n < len(blocks):
            b = blocks[n]
            lines[b.start - 1:b.end] = choices[n]
    return "\n".join(lines)


def plain_block(ours: list[str], theirs: list[str]) -> list[str]:
    """What the merge driver writes for a paragraph both sides changed."""
    return [PLAIN_OPEN, *ours, PLAIN_MIDDLE, *theirs, PLAIN_CLOSE]


def commented_block(ours: list[str], theirs: list[str]) -> list[str]:
    """What the merge driver writes for a TOML key both sides changed: the
    file stays valid TOML and keeps my value until the author chooses."""
    return [COMMENT_OPEN, *ours, COMMENT_MIDDLE, *("# " + t if t else "#" for t in theirs), COMMENT_CLOSE]


def string_regions(text: str) -> set[int]:
    """1-based lines inside a multi-line TOML string (a body): a marker
    there is part of the text, reported with the section it is in."""
    inside: set[int] = set()
    delim: str | None = None
    for n, line in enumerate(text.split("\n"), 1):
        if delim is not None:
            inside.add(n)
            if delim in line:
                delim = None
            continue
        stripped = line.lstrip()
        if stripped.startswith("#"):
            continue
        i = 0
        while i < len(line):
            hits = [k for k in (line.find("'''", i), line.find('"""', i)) if k >= 0]
            if not hits:
                break
            k = min(hits)
            d = line[k:k + 3]
            close = line.find(d, k + 3)
            if close < 0:
                delim = d
                break
            i = close + 3
    return inside


def outside_strings(text: str) -> list[int]:
    """Lines of conflict markers that are not inside a multi-line string:
    in report.toml and scorecard.toml, and around a section file's keys."""
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return []
    blocks, strays = scan(text)
    inside = string_regions(text)
    out = [b.start for b in blocks if b.start not in inside] + [s.line for s in strays if s.line not in inside]
    return sorted(out)


MESSAGE = ("合并冲突：两人改了同一处，文件中还留着两个版本和冲突标记（<<<<<<< ======= >>>>>>>）；"
           "用 tui-report 打开报告，在“合并冲突”中逐处选择保留哪一边或改写")


def load_problems(texts: dict[str, str]) -> list:
    """``merge-conflict`` errors for markers outside the texts of sections
    (report-relative path → file text), as the store reports them when it
    reads the files; markers inside a title or body are the check's."""
    from tui_report.report.problems import Problem

    out = []
    for rel, text in texts.items():
        for line in outside_strings(text):
            out.append(Problem("merge-conflict", "error", MESSAGE, rel, line, 1,
                               where="scorecard" if rel.endswith("scorecard.toml") else ""))
    return out


def unparsable_message(text: str) -> tuple[int, str] | None:
    """(line, message) when a file that is not valid TOML has conflict
    markers outside its strings: git's own merge broke it, and the way out
    is to choose a side, not to look for a typing error."""
    lines = outside_strings(text)
    if not lines:
        return None
    return lines[0], ("合并冲突：git 合并时两边改了同一处，文件中留下了冲突标记（<<<<<<< ======= >>>>>>>），"
                      "文件因此无法读取。请用文本编辑器打开它，在每处标记之间保留要的一边，删去标记行；"
                      "以后先运行 tui-report git-setup 报告文件夹，合并时按段落和数字合并，不再写坏文件 [merge-conflict]")
