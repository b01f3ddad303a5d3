"""A problem shown as a reviewer needs it: the sentence, the numbers, why.

``check`` points at file:line:col, which is right for the author in an
editor and useless for a reviewer holding a published PDF: they need the
sentence as printed (placeholders filled with the figures' values), the part
of it the problem is about, the figures the sentence names, and where in the
report it is (the headings above it, numbered as printed). Problems of the
自评表 show their row's cells; problems of a declared identity show its
rule and the values of the figures in it.
"""

from __future__ import annotations

import re

from tui_report.figures import yoy
from tui_report.figures.placeholders import PLACEHOLDER
from tui_report.figures.scoring import amount
from tui_report.figures.values import Resolved, format_value
from tui_report.render.blocks import fill
from tui_report.report.model import Report, Section
from tui_report.report.numbering import number
from tui_report.report.problems import Problem
from tui_report.review.rows import Finding

#: where a sentence ends (full and half width), and a line break
_ENDS = "。！？；!?;\n"
#: the most characters shown on either side of the problem's text
SIDE = 120
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_INDEX = re.compile(r"^scorecard/(budget|indicators|targets)/(\d+)$")


class Context:
    """What every problem of one report is shown against; built once per
    report (the heading numbers need one walk of the outline)."""

    def __init__(self, report: Report, resolved: Resolved, folder: bool):
        self.report = report
        self.resolved = resolved
        self.folder = folder
        self.places: dict[tuple[str, tuple[int, ...]], tuple[Section, str]] = {}
        for n, top in enumerate(report.sections, 1):
            self._index(top, 1, n, [])

    def _index(self, section: Section, level: int, n: int, above: list[str]) -> None:
        shown = number(level, n) if level <= 4 else ""
        title = fill(section.title, self.report, self.resolved).strip()
        chain = [*above, f"{shown}{title}" if title else shown.rstrip("、.")]
        self.places[(section.file, tuple(section.path))] = (section, " › ".join(chain))
        for k, child in enumerate(section.children, 1):
            self._index(child, level + 1, k, chain)

    def finding(self, p: Problem) -> Finding:
        # an imported report's placeholders are the importer's, not the author's:
        # its messages are shown with the numbers the published text has there
        message = p.message if self.folder else self._fill(p.message)
        f = Finding(p.severity, p.id, message, acknowledged=p.acknowledged, reason=p.reason,
                    location=p.location() if self.folder else "")
        if p.target is not None and (p.target.file, p.target.path) in self.places:
            self._in_text(p, f)
        elif p.where.startswith("scorecard"):
            self._in_scorecard(p, f)
        else:
            self._elsewhere(p, f)
        return f

    # --- prose -------------------------------------------------------------------------

    def _in_text(self, p: Problem, f: Finding) -> None:
        assert p.target is not None
        section, chain = self.places[(p.target.file, p.target.path)]
        f.place = chain + ("（标题）" if p.target.kind == "title" else "")
        text = (section.title if p.target.kind == "title" else section.body) or ""
        start = min(max(p.offset or 0, 0), len(text))
        length = _length(p, text, start)
        end = start + length
        a = max((text.rfind(ch, 0, start) for ch in _ENDS), default=-1) + 1
        ends = [i for i in (text.find(ch, end) for ch in _ENDS) if i != -1]
        b = min(ends) + 1 if ends else len(text)
        if text[b - 1:b] == "\n":
            b -= 1
        a, lead = (a, "") if start - a <= SIDE else (start - SIDE, "…")
        b, tail = (b, "") if b - end <= SIDE else (end + SIDE, "…")
        f.before = lead + self._fill(text[a:start])
        f.text = self._fill(text[start:end])
        f.after = self._fill(text[end:b]) + tail
        f.numbers = self._numbers(text[a:b])

    def _fill(self, text: str) -> str:
        return fill(text, self.report, self.resolved)

    def _numbers(self, text: str) -> list[tuple[str, str]]:
        """(label, value as printed) of each figure the text names, once each."""
        out: dict[str, tuple[str, str]] = {}
        for m in PLACEHOLDER.finditer(text):
            name = m.group(1)
            if name in out:
                continue
            fig = self.report.figures.get(name)
            if fig is not None:
                out[name] = (fig.label or name, format_value(fig, self.resolved.values.get(name), self.report))
            elif yoy.known(name, self.report):
                base, suffix = yoy.split(name) or (name, "")
                label = self.report.figures[base].label or base
                kind = {"change": "增减额", "rate": "增减率", "trend": "增减"}.get(suffix, suffix)
                out[name] = (f"{label}（{kind}）", yoy.text(name, self.report, self.resolved))
        return list(out.values())

    # --- the 自评表 ---------------------------------------------------------------------

    def _in_scorecard(self, p: Problem, f: Finding) -> None:
        card = self.report.scorecard
        f.place = "自评表"
        m = _INDEX.match(p.where)
        if card is None or m is None:
            return
        part, n = m.group(1), int(m.group(2))
        values = self.resolved.values
        if part == "indicators" and n < len(card.indicators):
            ind = card.indicators[n]
            f.place = "自评表 › " + " › ".join(x for x in (ind.level1, ind.level2, ind.name) if x)
            f.numbers = [(label, value) for label, value in (
                ("年度指标值", ind.target or ind.target_initial), ("实际完成值", ind.actual),
                ("分值", _plain(ind.weight)), ("得分", _plain(ind.score)), ("评价", ind.rating)) if value]
        elif part == "budget" and n < len(card.budget):
            row = card.budget[n]
            f.place = f"自评表 › 预算执行 › {row.name}"
            f.numbers = [(label, value) for label, value in (
                ("年初预算数", _plain(amount(row.initial, values))), ("全年预算数", _plain(amount(row.adjusted, values))),
                ("全年执行数", _plain(amount(row.executed, values))),
                ("执行率", _plain(row.rate) + "%" if row.rate is not None else ""),
                ("得分", _plain(row.score))) if value]
        elif part == "targets" and n < len(card.targets):
            target = card.targets[n]
            f.place = "自评表 › 年度总体目标"
            f.numbers = [(label, value) for label, value in (
                ("预期目标", target.planned), ("实际完成情况", target.actual)) if value]

    # --- figures and declared identities ---------------------------------------------------

    def _elsewhere(self, p: Problem, f: Finding) -> None:
        report = self.report
        fig = report.figures.get(p.where)
        if fig is not None:
            f.place = f"数字“{fig.label or fig.id}”"
            f.numbers = [(fig.label or fig.id, format_value(fig, self.resolved.values.get(fig.id), report))]
            return
        check = next((c for c in report.checks if c.id and c.id == p.where), None)
        if check is not None:
            f.place = "校验"
            f.text = check.rule
            names = dict.fromkeys(m.group(0).split(".")[0] for m in _NAME.finditer(check.rule))
            f.numbers = [(report.figures[n].label or n,
                          format_value(report.figures[n], self.resolved.values.get(n), report))
                         for n in names if n in report.figures]


def _length(p: Problem, text: str, start: int) -> int:
    """How many characters the problem is about: its columns when it stays
    on one line, else the text it names when that is what stands there."""
    if p.end is not None and p.end > p.col:
        return min(p.end - p.col, len(text) - start)
    shown = str(p.extra.get("text", "") or "")
    return len(shown) if shown and text.startswith(shown, start) else 0


def _plain(value) -> str:
    if value is None:
        return ""
    return format(value, "f")
