"""Lines of an existing report → a tree of headings with their prose.

A report typed in Word carries its structure only in the numbers people
typed: 一、（一）1.（1）, with the wrong forms that drift in by hand (``5、``
for 五、, ``2、`` among ``1.`` ``3.``, half-width ``(一)``). The level of a
heading therefore comes from its form *and* from the sequence: ``5、`` right
after 四、 continues the level-1 count, ``2、`` right after ``1.`` continues
the level-3 count. Nesting follows the forms' standard order, so a report
that skips a level (一、 then 1.) still nests, one level deeper each time.

``（1）`` lines with no prose of their own are the numbered list of their
section's body (the twelve duties of the sample), not headings.

The sequence is evidence in both directions: a count whose items mostly
cannot head a section is text, and one whose other items all do takes an
item that missed a length limit narrowly as a heading too (both said as
unsure). A count that restarts at 1 under a heading of its own form that
has no text yet (``3.职责职能`` then ``1.…``) is that heading's list, one level
down. A number alone on its line is read with the line after it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from tui_report.importer import contents
from tui_report.report.model import MAX_LEVEL
from tui_report.report.numbering import TYPED_NUMBER, chinese_numeral, parse_chinese_numeral

#: standard level of each numbering form; ``5、`` may be level 1 or 3
_STD = {"part": (0,), "cn": (1,), "paren_cn": (2,), "ar_dot": (3,), "paren_ar": (4,), "ar_dun": (3, 1)}
_SHOWN = {"part": "第一部分", "cn": "一、", "paren_cn": "（一）", "ar_dot": "1.", "paren_ar": "（1）", "ar_dun": "1、"}
SENTENCE_END = "。！？!?"
#: what ends a run-in heading: a sentence end, or the colon of ``（三）年度收支：全年收入…``
RUN_IN_END = SENTENCE_END + "：:"
#: a heading line ending in one of these goes on on the next line
_CONTINUES = "、，,（(“‘《和及与或的—"
_STRIP = " \t\u3000\u00a0\ufeff\u200b"


@dataclass
class Line:
    """One source line. ``heading`` is an explicit level (a Markdown ``#`` or a
    Word heading style); ``item`` marks an explicit list item."""

    no: int
    text: str
    heading: int | None = None
    item: bool = False


@dataclass
class Node:
    title: str
    level: int
    line: int
    run_in: bool = False
    body: list[str] = field(default_factory=list)  # paragraphs; items as "1. text"
    body_lines: list[int] = field(default_factory=list)  # source line of each paragraph
    children: list[Node] = field(default_factory=list)
    #: made by the import for a heading the numbering says is missing (its title is empty)
    supplied: bool = False

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass
class Note:
    line: int
    message: str
    placed: bool = True  # False: something the import could not place


@dataclass
class Unsure:
    """A numbered line whose evidence points both ways: its own shape says
    heading and its count says text, or its length sits near the limit that
    decided it. The import decides as usual and says so, so the author can look."""

    line: int
    text: str
    why: str  # what pointed the other way, in words for the summary
    heading: bool = False  # how the import took it, set once the outline is built


@dataclass
class Outline:
    title: str | None = None
    title_line: int = 0
    sections: list[Node] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    headings_found: bool = False
    unsure: list[Unsure] = field(default_factory=list)
    #: the text was a table of contents and nothing else
    contents_only: bool = False

    def walk(self):
        for s in self.sections:
            yield from s.walk()


@dataclass
class _Num:
    form: str
    n: int
    rest: str
    prefix: str  # the typed number as written


def _number(text: str) -> _Num | None:
    part = contents.PART.match(text)
    if part:
        n = parse_chinese_numeral(part.group("part"))
        rest = text[part.end():].strip(_STRIP)
        return _Num("part", n, rest, text[: part.end()].strip(_STRIP)) if n and rest else None
    m = TYPED_NUMBER.match(text)
    if not m:
        return None
    rest = text[m.end():]
    if not rest.strip(_STRIP):
        return None
    form = m.lastgroup
    if form is None:  # cannot happen: every alternative is a named group
        raise RuntimeError(f"heading number without a form: {text!r}")
    raw = m.group(form)
    if form in ("cn", "paren_cn"):
        n = parse_chinese_numeral(raw.replace("〇", "零"))
        if n is None:
            return None
    else:
        n = int(unicodedata.normalize("NFKC", raw))
        if n == 0:
            return None
    return _Num(form, n, rest.strip(_STRIP), text[: m.end()].strip(_STRIP))


def split_heading(rest: str) -> tuple[str, bool, str]:
    """(title, run_in, first body paragraph) of a heading's text.

    ``1.做好…工作。正文…`` is a run-in heading: the first sentence is the
    title, the rest its body. A heading that is a whole sentence on its own
    (it has a comma or colon and ends in 。) is a run-in heading with no body, written
    without the 。 the renderer adds back. A short label that merely ends in
    。 (``部门(单位)基本情况。``) keeps its text verbatim."""
    depth = 0
    for i, ch in enumerate(rest):
        depth += (ch in "（(“‘《") - (ch in "）)”’》")
        if ch in RUN_IN_END and i < len(rest) - 1 and depth <= 0:
            after = rest[i + 1:]
            if after[:1] in "”’）)":
                continue  # the 。 closes a quotation, the sentence goes on
            if ch in "：:" and (i == 0 or (rest[i - 1].isdigit() and after[:1].isdigit())):
                continue  # 10:30, or a colon right after the number
            title = rest[:i] if ch == "。" else rest[: i + 1]
            return title, True, after.strip(_STRIP)
    if rest.endswith("。") and any(c in rest for c in "，,：:"):
        return rest[:-1], True, ""
    return rest, False, ""


#: how a report's title ends (a title broken in two lines is joined when only its second part ends so)
_TITLE_ENDS = ("报告", "说明", "决算", "预算", "自评表", "公开")


#: longer than this, a numbered line with no sentence end in it is a form's
#: cells or a table row run together, not a heading
MAX_TITLE = 60
#: no heading, not even a whole sentence run in, is longer than this
MAX_SENTENCE_TITLE = 160
_DIGIT_RUNS = re.compile(r"[0-9０-９]+(?:[.．][0-9]+)?")
#: an item of a count inside a line's words (…项目属性1、持续性…): a list or a
#: form's options run into the line, which no title holds
_INLINE_COUNT = re.compile(r"[\u4e00-\u9fff][1-9][0-9]?、[\u4e00-\u9fff]")


#: a length within this share of the limit that decided a line is a narrow call
NEAR = 0.25


def _may_be_heading(text: str) -> bool:
    """A numbered line can head a section only if it reads as a title or as
    a run-in heading: a table row (``|`` cells) never does, nor a long run
    of words and numbers with no sentence end (a form flattened to text)."""
    return _heading_evidence(text)[0]


def _heading_evidence(text: str) -> tuple[bool, str]:
    """(whether the line may head a section, why the call was narrow or "").

    The call rests on the title's length against a limit: MAX_TITLE for a
    title with no sentence end and no clause mark, MAX_SENTENCE_TITLE for a
    whole first sentence run in. A length within NEAR of its limit, on
    either side, or a title longer than MAX_TITLE kept only because it has
    clause marks (a paragraph that lost its 。 reads so too), is narrow."""
    if "|" in text:
        return False, ""
    num = _number(text)
    if num is None:
        return True, ""
    title, run_in, _ = split_heading(num.rest)
    if not run_in and _INLINE_COUNT.search(title):
        return False, ""  # 项目属性1、持续性项目口: options listed inside a form's line, no title
    clauses = any(c in title for c in "，,；;、")
    if len(title) > MAX_SENTENCE_TITLE:
        near = len(title) <= MAX_SENTENCE_TITLE * (1 + NEAR)
        return False, f"句子长 {len(title)} 字，略长于标题的上限 {MAX_SENTENCE_TITLE} 字" if near else ""
    if not clauses and len(_DIGIT_RUNS.findall(title)) >= 3:
        return False, ""  # 100%100%执行率…: a form's cells, not words
    if run_in:
        if len(title) >= MAX_SENTENCE_TITLE * (1 - NEAR):
            return True, f"作为标题的第一句长 {len(title)} 字，接近上限 {MAX_SENTENCE_TITLE} 字"
        return True, ""
    if len(title) <= MAX_TITLE:
        near = len(title) >= MAX_TITLE * (1 - NEAR) and not clauses
        return True, f"长 {len(title)} 字且没有句末标点，接近标题的上限 {MAX_TITLE} 字" if near else ""
    if clauses:
        return True, f"长 {len(title)} 字，有逗号而没有句末标点：可能是漏了句号的正文"
    near = len(title) <= MAX_TITLE * (1 + NEAR)
    return False, f"长 {len(title)} 字且没有句末标点，略长于标题的上限 {MAX_TITLE} 字" if near else ""


def _heading_numbers(items: list[Line], unsure: dict[int, str] | None = None) -> list[_Num | None]:
    """Each line's heading number, or None. The numbering sequence decides
    too: the items of one count (1、2、3、 in a row) are all headings or all
    text, so when most of them cannot head a section (a form's cells run
    together, each behind a number) none of them does.

    ``unsure`` receives, by index, the lines where the evidence pointed both
    ways: a narrow call on the line's own shape, or a count turned to text
    although its line reads as a heading (said once, at the first such line)."""
    found = [None if line.item else _number(line.text) for line in items]
    evidence = [_heading_evidence(line.text) if num is not None else (False, "")
                for line, num in zip(items, found, strict=True)]
    fits = [ok for ok, _ in evidence]
    numbers = [num.n if num is not None else 0 for num in found]
    runs: dict[str, list[int]] = {}  # form → indexes of its current count
    counts: list[list[int]] = []
    inline: set[int] = set()  # counts whose first item stands inside a line: an inline list
    for k, num in enumerate(found):
        if num is None:
            continue
        run = runs.get(num.form)
        if run is None or num.n != numbers[run[-1]] + 1:
            run = []
            runs[num.form] = run
            counts.append(run)
            if num.n > 1 and k > 0 and _stands_inside(items[k - 1].text, num.n - 1, num.prefix):
                inline.add(id(run))
        run.append(k)
    by_count: set[int] = set()  # lines their count made text
    for run in counts:
        if id(run) not in inline and len(run) >= 3:
            # the other way round: a count whose other items are all headings
            # takes one that missed a length limit narrowly (2. between 1. and
            # 3., a sentence a few characters over) as a heading too
            for k in run:
                if not fits[k] and evidence[k][1] and all(fits[j] for j in run if j != k):
                    fits[k] = True
                    if unsure is not None:
                        unsure[k] = evidence[k][1] + "，但同组编号的其他各个都是标题"
        if id(run) in inline or (sum(not fits[k] for k in run) * 2 >= len(run) and len(run) > 1):
            overruled = [k for k in run if fits[k]]
            if overruled and unsure is not None:
                k = overruled[0]
                first, last = items[run[0]].no, items[run[-1]].no
                unsure[k] = ("它读来像标题，但同组编号的前一个写在上一行之中，像是行内列举" if id(run) in inline
                             else f"它读来像标题，但同一组编号（第{first}–{last}行）多数不像标题")
            by_count.update(run)
            for k in run:
                fits[k] = False
    if unsure is not None:
        for k, (own, why) in enumerate(evidence):
            # a narrow call its count confirms (a form's cells, all text) is no doubt
            if why and k not in unsure and not (k in by_count and not own):
                unsure[k] = why
    return [num if ok else None for num, ok in zip(found, fits, strict=True)]


def _bare_number(text: str) -> bool:
    """A line that is a heading number and nothing else."""
    m = contents.PART.match(text) or TYPED_NUMBER.match(text)
    return m is not None and not text[m.end():].strip(_STRIP)


def _stands_inside(text: str, n: int, prefix: str) -> bool:
    """Whether item ``n`` of the form ``prefix`` shows stands inside ``text``
    (``…成绩 | 1、深入开展…``), not at its start."""
    digits = "".join(ch for ch in prefix if ch.isdigit())
    if not digits:
        return False
    shown = prefix.replace(digits, str(n), 1)
    at = text.find(shown)
    return at > 0 and not text[at - 1].isdigit()


def _join_bare_numbers(items: list[Line], out: Outline, unit: str) -> list[Line]:
    """A number alone on its line (``2.``, ``三、``) with its words on the
    next: one line, before any reading, so that the numbering sequence and
    the heading evidence see the whole of it (a title, or a paragraph that
    is an item of a list). Never when the next line has a number of its own."""
    joined: list[Line] = []
    i = 0
    while i < len(items):
        line = items[i]
        if (line.heading is None and not line.item and _bare_number(line.text) and i + 1 < len(items)
                and items[i + 1].heading is None and not items[i + 1].item
                and not _bare_number(items[i + 1].text) and _number(items[i + 1].text) is None
                and _number(line.text + items[i + 1].text) is not None):
            line = Line(line.no, line.text + items[i + 1].text)
            out.notes.append(Note(line.no, f"第{line.no}{unit}的编号与其后的文字分在两行，已合并：{line.text[:30]}"))
            i += 1
        joined.append(line)
        i += 1
    return joined


def _looks_like_title(text: str) -> bool:
    return len(text) <= 60 and text[-1:] not in "。；;：:！？!?，,"


def build(lines: list[Line], unit: str = "行") -> Outline:
    """``unit`` names a source line in notes: 行 for text, 段 for Word."""
    out = Outline()
    items = [Line(l.no, l.text.strip(_STRIP), l.heading, l.item) for l in lines]
    items = [l for l in items if l.text]
    keep, first_dropped = contents.remove([l.text for l in items])
    if first_dropped is not None:
        dropped = len(items) - len(keep)
        if keep:
            out.notes.append(Note(items[first_dropped].no, f"第{items[first_dropped].no}{unit}起是目录（{dropped} {unit}），已删除；正文中的标题照常导入"))
        else:
            out.contents_only = True
            out.notes.append(Note(items[first_dropped].no, f"原文只有目录（{dropped} {unit}），没有正文；目录已删除，报告是空的，请补写正文",
                                  placed=False))
        items = [items[k] for k in keep]
    items = _join_bare_numbers(items, out, unit)
    narrow: dict[int, str] = {}
    nums = _heading_numbers(items, narrow)
    out.unsure = [Unsure(items[k].no, items[k].text, why) for k, why in sorted(narrow.items())]

    # the report's title: an unnumbered first line, maybe broken in two
    start = 0
    if items and nums[0] is None and not items[0].item and (
            items[0].heading in (None, 1)) and _looks_like_title(items[0].text):
        title = items[0].text
        start = 1
        if (len(items) > 1 and nums[1] is None and items[1].heading is None and not items[1].item
                and len(items[1].text) <= 40 and _looks_like_title(items[1].text)
                and items[1].text.endswith(_TITLE_ENDS) and not title.endswith(_TITLE_ENDS)
                and title[-1:] not in SENTENCE_END):
            title += items[1].text
            start = 2
        out.title, out.title_line = title, items[0].no

    # heading lines broken across two lines are joined
    joined: list[tuple[Line, _Num | None]] = []
    i = start
    while i < len(items):
        line, num = items[i], nums[i]
        is_heading = num is not None or line.heading is not None
        bare = num is None and line.heading is None and _bare_number(line.text)
        if (bare and i + 1 < len(items) and nums[i + 1] is None and items[i + 1].heading is None
                and not items[i + 1].item and _looks_like_title(items[i + 1].text)
                and (num := _number(line.text + items[i + 1].text)) is not None):
            # 三、 alone on its line, the title on the next
            line = Line(line.no, line.text + items[i + 1].text)
            out.notes.append(Note(line.no, f"第{line.no}{unit}的标题编号与标题分在两行，已合并：{line.text}"))
            i += 1
        elif (is_heading and line.text[-1] in _CONTINUES and i + 1 < len(items)
                and nums[i + 1] is None and items[i + 1].heading is None and not items[i + 1].item
                and len(items[i + 1].text) <= 30):
            text = line.text + items[i + 1].text
            line = Line(line.no, text, line.heading, line.item)
            num = _number(text) if num is not None else None
            out.notes.append(Note(line.no, f"第{line.no}{unit}的标题断在两行，已合并：{text}"))
            i += 1
        joined.append((line, num))
        i += 1

    _mark_list_items(joined)
    _nest(joined, out, unit)
    headed = {node.line for node in out.walk() if not node.supplied} if out.headings_found else set()
    for u in out.unsure:
        u.heading = u.line in headed
    if not out.sections:
        # nothing but a title line: it is the text, there is no report title
        body = [out.title] if out.title else []
        out.sections.append(Node("正文", 1, out.title_line, body=body, body_lines=[out.title_line] * len(body)))
        out.title, out.title_line = None, 0
    return out


def _is_paren(line: Line, num: _Num | None) -> bool:
    return num is not None and num.form == "paren_ar" and line.heading is None


def _mark_list_items(joined: list[tuple[Line, _Num | None]]) -> None:
    """``（1）`` lines with no prose between them are a numbered list in the
    body: a whole run of them becomes items unless prose sits between two of
    them (then each has a body and they are level-4 headings). Prose after
    the last one is the section's text going on."""
    i = 0
    while i < len(joined):
        if not _is_paren(*joined[i]):
            i += 1
            continue
        group, inner, pending, j = [i], False, False, i + 1
        while j < len(joined):
            line, num = joined[j]
            if num is None and line.heading is None:
                pending = True
            elif _is_paren(line, num):
                inner = inner or pending
                pending = False
                group.append(j)
            else:
                break
            j += 1
        if not inner:
            for k in group:
                line, num = joined[k]
                if num is None:  # cannot happen: the group holds only _is_paren lines
                    raise RuntimeError(f"list item on line {line.no} has no number")
                joined[k] = (Line(line.no, num.rest, None, True), None)
        i = j


def _nest(joined: list[tuple[Line, _Num | None]], out: Outline, unit: str) -> None:
    # (rank, standard level, typed number, node); a form's rank is its
    # standard level unless the report nests it otherwise (rank_of)
    stack: list[tuple[float, int, int, Node, str]] = []  # … and the form of its number
    memory: dict[str, int] = {}
    rank_of: dict[tuple[str, int], float] = {}
    top_std: dict[int, int] = {}  # id of a top-level node → its standard level
    skipped: set[tuple[int, int]] = set()  # (parent, level) already noted as skipping
    preamble: list[tuple[int, str]] = []

    def prev_n(std: int) -> int:
        for _, s, n, _, _ in reversed(stack):  # the innermost count of that level
            if s == std:
                return n
        return 0

    for line, num in joined:
        if num is None and line.heading is None:
            text = f"1. {line.text}" if line.item else line.text
            if stack:
                stack[-1][3].body.append(text)
                stack[-1][3].body_lines.append(line.no)
            else:
                preamble.append((line.no, text))
            continue
        if num is not None:
            cands = _STD[num.form]
            valid = [s for s in cands if num.n == prev_n(s) + 1]
            inside_level2 = any(s == 2 for _, s, _, _, _ in stack)
            if len(valid) == 1:
                std = valid[0]
            elif len(valid) > 1:
                # both continue a count: the form's own latest sequence wins
                std = memory[num.form] if memory.get(num.form) in valid else (3 if inside_level2 else 1)
            else:
                std = memory.get(num.form) or (cands[0] if len(cands) == 1 or inside_level2 else cands[-1])
            memory[num.form] = std
            if num.form == "ar_dun" and std == 1:
                out.notes.append(Note(line.no, f"第{line.no}{unit}「{num.prefix}」按顺序是一级标题，导出时编为「{chinese_numeral(num.n)}、」"))
            expected = prev_n(std) + 1
            if num.n != expected:
                out.notes.append(Note(line.no, f"第{line.no}{unit}编号「{num.prefix}」与前文不连续（应为第{expected}个），编号将按位置重新计算"))
            text = num.rest
            open_ = stack[-1] if stack else None
            going_on = next((e for e in reversed(stack) if e[4] == num.form and num.n == e[2] + 1), None)
            known: float | None
            if going_on is not None:
                known = going_on[0]  # 2. after 1.: the same count, wherever the report nests it
            elif (num.n == 1 and open_ is not None and open_[4] == num.form and open_[2] >= 1
                    and not open_[3].body and not open_[3].children):
                # 3.职责职能 then 1.…: a count of its own form restarting under
                # a heading that has no text yet is that heading's list
                known = open_[0] + 0.5
            else:
                known = rank_of.get((num.form, std))
            if known is not None:
                rank = known
            else:
                # a form's count starting (1) under a heading its standard
                # level would close: this report nests it there (1. 概况
                # then （一）…), so it ranks below what is open
                rank = float(std)
                if num.n == 1 and stack and stack[-1][0] >= rank:
                    rank = stack[-1][0] + 0.5
                rank_of[(num.form, std)] = rank
        else:
            if line.heading is None:  # cannot happen: such a line is body text, handled above
                raise RuntimeError(f"line {line.no} is neither numbered nor a heading")
            std, text = line.heading, line.text
            rank = float(std)
        if (num is not None and num.n > 1 and prev_n(std) == 0 and out.sections
                and all(top_std.get(id(node), 0) > std for node in out.sections)
                and all(node.level < MAX_LEVEL for top in out.sections for node in top.walk())):
            # 二、 with no 一、 before it, and the text so far under （一）…:
            # the excerpt lost its 一、 — supplied empty, the rest nested under it
            parent = Node("", 1, out.sections[0].line, supplied=True, children=out.sections)
            for top in out.sections:
                for node in top.walk():
                    node.level += 1
            out.sections = [parent]
            top_std[id(parent)] = std
            stack = [(rank, std, num.n - 1, parent, num.form)]
            out.notes.append(Note(parent.line, (
                f"第{parent.line}{unit}起的标题从下一级编号开始，到第{line.no}{unit}的「{num.prefix}」才是一级标题：缺少它前面的一级标题；"
                "已补一个空标题的一级章节，请填写标题"), placed=False))
        while stack and stack[-1][0] >= rank:
            stack.pop()
        level = len(stack) + 1
        if level > MAX_LEVEL:
            para = f"{num.prefix}{text}" if num else text
            stack[-1][3].body.append(para)
            stack[-1][3].body_lines.append(line.no)
            out.notes.append(Note(line.no, f"第{line.no}{unit}的标题超过四级（一、（一）1.（1）），已作为上一级标题下的正文：{para[:30]}", placed=False))
            continue
        parent_key = (id(stack[-1][3]) if stack else 0, std)
        if level < std and num is not None and parent_key not in skipped:
            skipped.add(parent_key)
            out.notes.append(Note(line.no, f"第{line.no}{unit}「{num.prefix}{text[:20]}」上面缺少一级标题，已作为第{level}级"))
        title, run_in, first = split_heading(text)
        node = Node(title, level, line.no, run_in)
        if first:
            node.body.append(first)
            node.body_lines.append(line.no)
        (stack[-1][3].children if stack else out.sections).append(node)
        if not stack:
            top_std[id(node)] = std
        stack.append((rank, std, num.n if num else 0, node, num.form if num else ""))
        out.headings_found = True

    if preamble:
        if out.sections:
            first_section = out.sections[0]
            first_section.body[:0] = [t for _, t in preamble]
            first_section.body_lines[:0] = [n for n, _ in preamble]
            out.notes.append(Note(preamble[0][0], f"第{preamble[0][0]}{unit}起有 {len(preamble)} 段文字在第一个标题之前，已放在第一节「{first_section.title}」正文开头，请移到合适位置", placed=False))
        else:
            out.sections.append(Node("正文", 1, preamble[0][0], body=[t for _, t in preamble],
                                     body_lines=[n for n, _ in preamble]))
