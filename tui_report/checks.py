"""Report → problems.

A pure function of the model: the TUI calls it after every keystroke and the
command line once, so it must not touch the disk.
"""

from __future__ import annotations

import re
from decimal import Decimal

from . import formula
from .figures import Resolved, resolve
from .model import Report, Span
from .problems import Problem
from .render import PLACEHOLDER

DEFAULT_TOLERANCE = Decimal("0.005")


def _fmt(d: Decimal) -> str:
    """Money-like display: at least two decimals, more only when present."""
    if d.as_tuple().exponent >= -2:
        return format(d.quantize(Decimal("0.01")), "f")
    return format(d, "f")


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?!\s*\()")


def _substitute(text: str, resolved: Resolved) -> str:
    """One side of a rule with figure values in place of ids, so the message
    shows the arithmetic a reviewer would do: 0.00 + 230.32 - 153.99."""
    def value(m: re.Match) -> str:
        v = resolved.values.get(m.group(0))
        return _fmt(v) if v is not None else m.group(0)

    return _NAME.sub(value, text.strip())


def _side(text: str, value: Decimal, resolved: Resolved) -> str:
    steps = [text.strip(), _substitute(text, resolved), _fmt(value)]
    return " = ".join(dict.fromkeys(steps))  # drop repeated steps


def declared(report: Report, resolved: Resolved) -> list[Problem]:
    out = []
    for check in report.checks:
        span = check.span or Span("report.toml")
        tol = check.tolerance if check.tolerance is not None else DEFAULT_TOLERANCE
        try:
            node = formula.parse(check.rule)
            result = formula.evaluate(node, resolved.values, tol)
        except formula.FormulaError as exc:
            line, col = span.at(check.rule, exc.offset)
            if exc.kind == "no-value":
                sev, pid = "warning", "check-incomplete"
                msg = f"校验“{check.message or check.rule}”无法进行：{exc.message}"
            else:
                sev, pid = "error", "bad-formula"
                msg = f"校验规则有误：{exc.message}（{check.rule}）"
            out.append(Problem(pid, sev, msg, span.file, line, col, where=check.id))
            continue
        if not isinstance(result, formula.Comparison):
            line, col = span.at(check.rule, 0)
            out.append(Problem("bad-formula", "error", f"校验规则需要比较（如 ==）：{check.rule}",
                               span.file, line, col, where=check.id))
            continue
        if not result.holds:
            left, right = check.rule[: node.offset], check.rule[node.offset + len(node.op):]
            detail = f"{_side(left, result.left, resolved)}，而 {_side(right, result.right, resolved)}"
            msg = f"{check.message}（{detail}）" if check.message else f"校验不成立：{detail}"
            out.append(Problem(f"check:{check.id}", check.severity, msg, span.file, span.line, span.col,
                               end=span.col + len(check.rule), where=check.id,
                               extra={"left": str(result.left), "right": str(result.right)}))
    return out


def placeholders(report: Report) -> list[Problem]:
    """A placeholder that names nothing is an error, never silently blank."""
    out = []
    names = set(report.fields()) | set(report.figures)
    for section, _ in report.walk():
        for attr, span in (("title", section.title_span), ("body", section.body_span)):
            text = getattr(section, attr)
            if "{{" not in text:
                continue
            for m in PLACEHOLDER.finditer(text):
                if m.group(1) in names:
                    continue
                span = span or Span(section.file)
                line, col = span.at(text, m.start())
                out.append(Problem(
                    "unknown-placeholder", "error",
                    f"占位符 {m.group(0)} 没有对应的数字或字段；请在 report.toml 的 [figures] 中定义“{m.group(1)}”，或改正拼写",
                    span.file, line, col, end=col + len(m.group(0)), where=section.file,
                    target=(attr, section.file, section.path), offset=m.start()))
    return out


def apply_acknowledgements(report: Report, problems: list[Problem]) -> None:
    for p in problems:
        for ack in report.acknowledged:
            if ack.problem == p.id and (not ack.where or ack.where == p.where):
                p.acknowledged = True
                p.reason = ack.reason
                break


def run(report: Report, resolved: Resolved | None = None) -> list[Problem]:
    resolved = resolved or resolve(report)
    problems = list(report.load_problems)
    for fid, exc in resolved.errors.items():
        fig = report.figures[fid]
        span = fig.span or Span("report.toml")
        problems.append(Problem("bad-formula", "error", f"派生数字“{fid}”的公式有误：{exc.message}",
                                span.file, span.line, span.col, where=fid))
    problems += declared(report, resolved)
    problems += placeholders(report)
    apply_acknowledgements(report, problems)
    problems.sort(key=Problem.sort_key)
    return problems


def failing(problems: list[Problem], strict: bool = False) -> bool:
    bad = {"error", "warning"} if strict else {"error"}
    return any(p.severity in bad and not p.acknowledged for p in problems)
