"""Facts about figures that an editor shows beside them: where each one is
used, and how it changed from last year.

The figure table needs them, and so would any other front end; they are
questions about the report, not about the screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from tui_report.figures import formula, yoy
from tui_report.figures.placeholders import PLACEHOLDER
from tui_report.figures.rates import difference, percent_change
from tui_report.report.model import Figure, Report
from tui_report.report.structure import outline


@dataclass
class Usage:
    sections: list[str] = field(default_factory=list)  # labels like 二（一）
    checks: list[str] = field(default_factory=list)  # check ids
    figures: list[str] = field(default_factory=list)  # derived figures' ids


def usages(report: Report) -> dict[str, Usage]:
    out = {fid: Usage() for fid in report.figures}
    for entry in outline(report):
        section = entry.section
        for text in (section.title, section.body):
            if "{{" not in text:
                continue
            for m in PLACEHOLDER.finditer(text):
                computed = yoy.split(m.group(1))  # {{x.rate}} uses x
                use = out.get(computed[0] if computed else m.group(1))
                if use is not None and entry.label not in use.sections:
                    use.sections.append(entry.label)
    for check in report.checks:
        for name in _names(check.rule):
            if name in out and check.id not in out[name].checks:
                out[name].checks.append(check.id)
    for fid, fig in report.figures.items():
        if fig.formula:
            for name in _names(fig.formula):
                if name in out and fid not in out[name].figures:
                    out[name].figures.append(fid)
    return out


def _names(text: str) -> list[str]:
    try:
        return [n.name for n in formula.names(formula.parse(text))]
    except formula.FormulaError:
        return []


def change(fig: Figure, value: Decimal | None = None) -> tuple[Decimal, Decimal | None] | None:
    """This year minus last year, and that in percent of last year (None
    when last year was zero; see :mod:`.rates`); None when either value is
    missing."""
    value = fig.value if value is None else value
    delta = difference(fig.prev, value)
    if delta is None:
        return None
    return delta, percent_change(fig.prev, value)


def figure_in_use(report: Report, fid: str) -> list[str]:
    """Where ``fid`` is named, in words a person can go and look at
    (``正文 二（一）``, ``校验 balance``, ``派生数字 exec_rate``, ``设置
    execution_rate_denominator``, ``标题``); empty when deleting it breaks
    nothing. A setting that stands for the figure counts: formulas reach it
    through the setting's name."""
    use = usages(report).get(fid, Usage())
    out = [f"正文 {label}" for label in use.sections]
    out += [f"校验 {cid}" for cid in use.checks]
    out += [f"派生数字 {other}" for other in use.figures]
    aliases = [key for key, value in (report.settings or {}).items() if value == fid and isinstance(key, str)]
    out += [f"设置 {key}" for key in aliases]
    if any(_names_figure(m.group(1), fid) for m in PLACEHOLDER.finditer(report.title)):
        out.append("标题")
    return out


def _names_figure(name: str, fid: str) -> bool:
    computed = yoy.split(name)
    return (computed[0] if computed else name) == fid
