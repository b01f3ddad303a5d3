"""Report → problems.

A pure function of the model: the TUI calls it after every keystroke and the
command line once, so it must not touch the disk. The one exception is the
部门决算 workbook ``[accounts]`` names (``accounts``), read once per version
on disk and cached, and only for a report that names one. The work is split by what
it looks at — ``[figures]`` (figure_values), ``[[checks]]``
(declared), the words of each title and body (prose), the outline
(headings) — and joined here, where prose findings get their file
positions and are judged against the figures.

Each text's problems are remembered by everything they depend on (the
text, where it is in its file, the figures as typed, the report's
fields), so a keystroke re-checks one paragraph; the figures' own
problems are remembered until a figure changes. ``clear()`` forgets all.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Callable
from decimal import Decimal

from tui_report.checks import (
    accounts,
    acknowledge,
    arithmetic,
    carried_over,
    declared,
    figure_values,
    headings,
    import_notes,
    merge_conflict,
    prose,
    scorecard,
    scorecard_carried,
)
from tui_report.figures import yoy
from tui_report.figures.values import Resolved, format_value, is_money, resolve
from tui_report.figures.values import signature as figure_signature
from tui_report.report.model import UNIT_SCALE, Report, Section, Span
from tui_report.report.places import TextPlace
from tui_report.report.problems import Finding, Fix, Problem
from tui_report.report.terminal import safe


def run(report: Report, resolved: Resolved | None = None) -> list[Problem]:
    # copies: acknowledging must not mark the model's own load problems
    problems = [dataclasses.replace(p) for p in report.load_problems]
    if resolved is None:
        try:
            resolved = resolve(report)
        except Exception as exc:  # noqa: BLE001 - a bug here must not hide the other problems
            problems.append(_failed("数字", exc))
            resolved = Resolved()
    used: set[str] = set()
    for stage, check in (("数字", lambda: _figure_values(report, resolved)),
                         ("校验", lambda: declared.run(report, resolved)),
                         ("正文", lambda: _prose(report, resolved, used)),
                         ("标题", lambda: headings.run(report)),
                         ("未用的数字", lambda: figure_values.unused(report, resolved, used)),
                         ("上年文字", lambda: carried_over.run(report)),
                         ("导入记录", lambda: import_notes.run(report)),
                         ("上年的自评表", lambda: scorecard_carried.run(report)),
                         ("自评表", lambda: scorecard.run(report, resolved.values)),
                         ("部门决算", lambda: accounts.run(report, resolved)),
                         ("合并冲突", lambda: merge_conflict.run(report))):
        problems += _guarded(stage, check)
    problems += _guarded("确认", lambda: acknowledge.apply(report, problems))
    carried_over.follow_paragraphs(problems)
    problems = grouped(problems, _full_width_share(report))
    problems.sort(key=Problem.sort_key)
    return problems


#: the figures last checked (the table itself, held: a rebuilt model is a
#: new one, with new file positions), their signature, and the problems
_FIGURES_MEMO: list[tuple[object, tuple, list[Problem]]] = []


def _figure_values(report: Report, resolved: Resolved) -> list[Problem]:
    """The figures' own problems, again only when a figure changed."""
    with _MEMO_LOCK:
        memo = _FIGURES_MEMO[0] if _FIGURES_MEMO else None
        sig = resolved.signature
        if memo is not None and sig and memo[0] is report.figures and memo[1] == sig:
            found = memo[2]
        else:
            found = figure_values.run(report, resolved)
            _FIGURES_MEMO[:] = [(report.figures, sig, found)] if sig else []
        return [dataclasses.replace(p) for p in found]


#: checks that, firing this often in one report, have one cause (a text
#: copied from a web page that made every ，：（） half-width): shown as one
#: warning, each place kept as information so that ``--fix`` and the
#: editor's f still mend them one by one or all at once
GROUPED = {"punct-halfwidth": 30, "punct-space": 30, "punct-list-number": 3}
#: fewer are grouped too when they are the text's usual way (most of its punctuation half-width)
GROUPED_WHEN_USUAL = 5
_FULL_PUNCT = re.compile("[，：；（）]")  # the marks a half-width twin replaces


def _full_width_share(report: Report) -> int:
    """How many full-width marks the report's text holds (counted once per
    text: a keystroke changes one)."""
    if len(_FULL_COUNTS) > MEMO_LIMIT:
        _FULL_COUNTS.clear()
    counts = _FULL_COUNTS
    total = 0
    for s, _ in report.walk():
        if s.error:
            continue
        for text in (s.title, s.body or ""):
            n = counts.get(text)
            if n is None:
                n = counts[text] = len(_FULL_PUNCT.findall(text))
            total += n
    return total


_FULL_COUNTS: dict[str, int] = {}


def grouped(problems: list[Problem], full_width: int = 0) -> list[Problem]:
    out: list[Problem] = []
    for pid, limit in GROUPED.items():
        many = [p for p in problems if p.id == pid and not p.acknowledged and p.severity == "warning"]
        usual = len(many) >= GROUPED_WHEN_USUAL and len(many) >= full_width
        if len(many) < limit and not usual:
            continue
        first = min(many, key=Problem.sort_key)
        shown = "、".join(dict.fromkeys(str(p.extra.get("text", "")) for p in many if p.extra.get("text")))
        out.append(dataclasses.replace(
            first, fix=None, offset=first.offset, extra={"count": len(many)},
            message=f"全文 {len(many)} 处同类问题（{shown[:40]}）：{first.message}；"
                    "运行 tui-report check --fix 可一次全部改正，编辑器中按 f 逐处改正"))
        for p in many:
            p.severity = "info"
    return problems + out


def _guarded(stage: str, check: Callable[[], list[Problem]]) -> list[Problem]:
    """A check that fails for an unforeseen reason (a bug) is one problem
    of its own; every other check still runs and its problems stay listed."""
    try:
        return check()
    except Exception as exc:  # noqa: BLE001 - see above
        return [_failed(stage, exc)]


def _failed(stage: str, exc: BaseException) -> Problem:
    return Problem("check-failed", "error",
                   f"“{stage}”检查未能完成（{type(exc).__name__}：{exc}）；其余检查照常进行。"
                   "这是 tui-report 的缺陷，请把报告文件夹与这条信息报告给维护者", "report.toml")


def failing(problems: list[Problem], strict: bool = False) -> bool:
    bad = {"error", "warning"} if strict else {"error"}
    return any(p.severity in bad and not p.acknowledged for p in problems)


# --- prose ---------------------------------------------------------------------

class _Judge:
    """What prose findings are judged against: names a placeholder may use,
    and figure values for typed amounts (indexed only when one is found)."""

    def __init__(self, report: Report, resolved: Resolved):
        self.report = report
        self.resolved = resolved
        self.names = set(report.fields()) | set(report.figures)
        #: placeholder kinds and values for the prose arithmetic
        self.values = arithmetic.Values(report, resolved)
        self._by_value: dict[Decimal, list[str]] | None = None
        #: first characters of every unit a placeholder prints: text after a
        #: placeholder starting otherwise cannot repeat its unit (decided cheaply)
        units = {f.unit or report.unit for f in report.figures.values()} | set(UNIT_SCALE) | {"%"}
        self.unit_start = frozenset(u[0] for u in units if u)

    def by_value(self) -> dict[Decimal, list[str]]:
        if self._by_value is None:
            index: dict[Decimal, list[str]] = {}
            for fid, fig in self.report.figures.items():
                value = self.resolved.values.get(fid)
                if value is None or fig.format == "percent" or not is_money(fig.unit or self.report.unit):
                    continue
                index.setdefault(value, []).append(fid)
            self._by_value = index
        return self._by_value


#: each text's problems and the names it used, by everything they depend
#: on: a keystroke re-checks one paragraph, the rest are looked up. Reset
#: whenever what texts are judged against (figures, their values, the
#: report's year, unit and fields) changes, and when it grows too large.
_MEMO: dict[tuple, tuple[list[Problem], frozenset[str]]] = {}
_MEMO_CONTEXT: list[tuple] = []
MEMO_LIMIT = 50_000
_MEMO_LOCK = threading.RLock()


def clear() -> None:
    """Forget every memoised result (benchmarks time cold runs)."""
    with _MEMO_LOCK:
        _clear()


def _clear() -> None:
    _MEMO.clear()
    _MEMO_CONTEXT.clear()
    _FIGURES_MEMO.clear()
    _FULL_COUNTS.clear()


def _context(report: Report, resolved: Resolved) -> tuple:
    """What every text is judged against, as one comparable value: the
    figures as typed (the values follow from them) and the report's fields."""
    sig = resolved.signature or figure_signature(report)
    values = () if resolved.signature else tuple((fid, str(v)) for fid, v in resolved.values.items())
    return (report.year, tuple(report.fields().items()), sig, values)


def _prose(report: Report, resolved: Resolved, used: set[str]) -> list[Problem]:
    # one run at a time fills the memory: the editor may check on its own
    # thread while a worker thread is still checking an older text
    with _MEMO_LOCK:
        return _prose_memoised(report, resolved, used)


def _prose_memoised(report: Report, resolved: Resolved, used: set[str]) -> list[Problem]:
    judge = _Judge(report, resolved)
    context = _context(report, resolved)
    if _MEMO_CONTEXT != [context] or len(_MEMO) > MEMO_LIMIT:
        _MEMO.clear()
        _MEMO_CONTEXT[:] = [context]
    out: list[Problem] = []
    for section, _ in report.walk():
        if section.error:
            continue
        for kind in ("title", "body"):
            text = section.title if kind == "title" else section.body
            if not text:
                continue
            span = (section.title_span if kind == "title" else section.body_span) or Span(section.file)
            # the title reads into the body's arithmetic when it is run in;
            # the place a problem names follows from file and path
            lead = section.title if kind == "body" and section.run_in else ""
            key = (kind, text, section.file, section.path, span.file, span.line, span.col, span.verbatim, lead)
            memo = _MEMO.get(key)
            if memo is None:
                where = headings.where_of(section)
                names: set[str] = set()
                try:
                    found = _prose_text(report, section, kind, text, span, where, judge, names)
                except Exception as exc:  # noqa: BLE001 - one text's bug must not hide the others'
                    found = [dataclasses.replace(_failed(f"正文 {where}", exc), file=span.file)]
                memo = _MEMO[key] = (found, frozenset(names))
            # copies: acknowledging and grouping mark problems in place
            out += [dataclasses.replace(p) for p in memo[0]]
            used.update(memo[1])
    return out


def _prose_text(report: Report, section: Section, kind: str, text: str, span: Span, where: str,
                judge: _Judge, used: set[str]) -> list[Problem]:
    """The problems of one title or body."""
    out: list[Problem] = []
    scan = prose.scan(text, kind == "title", report.year, report.unit)
    target = TextPlace.of(kind, section)
    for f in scan.findings:
        out.append(_place(f, text, span, target, where))
    for name, offset, length in scan.placeholders:
        computed = yoy.split(name)
        used.add(computed[0] if computed else name)
        if name not in judge.names and not yoy.known(name, report):
            out.append(_place(_unknown_placeholder(name, offset, length), text, span, target, where))
        elif name in report.figures:
            unit_finding = _unit_after(report, name, text, offset + length, judge.unit_start)
            if unit_finding is not None:
                out.append(_place(unit_finding, text, span, target, where))
    for f in scan.amounts:
        out.append(_place(_typed_amount(f, judge), text, span, target, where))
    if kind == "body":
        # its own guard: the newest recognisers must not take the rest of the text's problems with them
        out += _guarded(f"正文算术 {where}", lambda: _arithmetic(section, text, span, target, where, judge))
    return out


def _arithmetic(section: Section, text: str, span: Span, target: TextPlace, where: str,
                judge: _Judge) -> list[Problem]:
    """The body's arithmetic; a run-in heading (``1、收入:792.22万元。`` then
    ``其中…``) reads as the first sentence of its paragraph, so it is read
    with it, and a problem in it points at the title."""
    if not section.run_in or not section.title:
        return [_place(f, text, span, target, where) for f in arithmetic.check(text, judge.values)]
    # a title that stops mid-sentence (``其中：``) runs on into its paragraph
    lead = section.title + ("" if section.title.rstrip()[-1:] in ":：，,、" else "。")
    out = []
    title_span = section.title_span or Span(section.file)
    for f in arithmetic.check(lead + text, judge.values):
        if f.offset >= len(lead):
            out.append(_place(arithmetic.shifted(f, -len(lead)), text, span, target, where))
        elif f.offset + f.length <= len(section.title):
            out.append(_place(f, section.title, title_span, TextPlace.of("title", section), where))
    return out


def _place(f: Finding, text: str, span: Span, target: TextPlace, where: str) -> Problem:
    line, col = span.at(text, f.offset)
    shown = text[f.offset: f.offset + f.length]
    fix = None
    if f.fix is not None:
        offset, old, new, description = f.fix[:4]
        safe = f.fix[4] if len(f.fix) > 4 else True
        fix = Fix(description, target, offset, old, new, safe)
    return Problem(
        f.id, f.severity, f.message, span.file, line, col,
        end=col + f.length if "\n" not in shown else None,
        fix=fix, where=where, target=target, offset=f.offset,
        extra={"text": f.text or shown})


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*", re.ASCII)


def _unknown_placeholder(name: str, offset: int, length: int) -> Finding:
    if not _IDENTIFIER.fullmatch(name):
        # never echo an arbitrary name: it may hide characters that look alike
        shown = safe(name)
        return Finding(
            "unknown-placeholder", "error",
            f"占位符 {{{{{shown}}}}} 的名称不是有效的编号（只能用英文字母、数字和 _）；请改正",
            offset, length, None, "{{" + shown + "}}")
    return Finding(
        "unknown-placeholder", "error",
        f"占位符 {{{{{name}}}}} 没有对应的数字或字段；请在 report.toml 的 [figures] 中定义“{name}”，或改正拼写",
        offset, length, None, "{{" + name + "}}")


def _unit_after(report: Report, fid: str, text: str, end: int, unit_start: frozenset) -> Finding | None:
    """``{{spend_total}}万元`` prints the unit twice: the placeholder has it."""
    if text[end:end + 1] not in unit_start:
        return None
    fig = report.figures[fid]
    unit = "%" if fig.format == "percent" else (fig.unit or report.unit)
    candidates = [unit] + ([u for u in UNIT_SCALE if u != unit] if is_money(unit) else [])
    for u in sorted(candidates, key=len, reverse=True):
        if u and text.startswith(u, end):
            return Finding(
                "unit-repeated", "warning",
                f"{{{{{fid}}}}} 印出时已带单位“{unit}”，其后的“{u}”重复了",
                end, len(u), (end, u, "", f"删除“{u}”"), u)
    return None


def _typed_amount(f: Finding, judge: _Judge) -> Finding:
    report = judge.report
    value, unit = f.data
    typed = f.text
    scale, dst = UNIT_SCALE.get(unit), UNIT_SCALE.get(report.unit)
    in_unit = value * scale / dst if scale is not None and dst is not None else value
    matches = judge.by_value().get(in_unit, [])
    if len(matches) == 1:
        fid = matches[0]
        fig = report.figures[fid]
        shown = format_value(fig, judge.resolved.values.get(fid), report)
        new = "{{" + fid + "}}"
        same = shown == typed.replace(" ", "")
        note = "" if same else f"（将印出为“{shown}”）"
        return dataclasses.replace(
            f, message=f"金额“{typed}”是手工输入的，与数字“{fig.label}”相同；请改用占位符 {new}{note}",
            fix=(f.offset, typed, new, f"改为 {new}", same))
    if matches:
        labels = "、".join(f"“{report.figures[m].label}”{{{{{m}}}}}" for m in matches)
        return dataclasses.replace(
            f, message=f"金额“{typed}”是手工输入的，与 {labels} 都相同；请改用其中正确的占位符")
    # the common case, built directly: a pasted table makes thousands of them
    return Finding(f.id, f.severity,
                   f"金额“{typed}”是手工输入的；请在 report.toml 的 [figures] 中定义它，正文用占位符引用，数字只写一次",
                   f.offset, f.length, f.fix, f.text, f.data)


def section_problems(problems: list[Problem], section: Section) -> list[Problem]:
    """Problems inside one section's title or body (for the editor's gutter)."""
    return [p for p in problems if p.target is not None and p.target.file == section.file
            and p.target.path == tuple(section.path)]
