"""``[[acknowledged]]``: problems an author looked at and accepted.

An acknowledgement names a problem id and, optionally, where: the match is
deliberately forgiving so one entry can cover what the author means —

* ``where = ""`` (or absent): every problem with that id;
* a figure id (``balance_start``) or check id (``balance``);
* a section path as problems report it: ``overview`` covers the whole file,
  ``overview/0`` that subsection and everything under it;
* a file (``sections/overview.toml``);
* the offending text as typed (``2019年``, ``0元``).

``problem`` may end in ``*`` to cover a family (``punct-*``); an id that
was renamed still matches under its old name (:data:`RENAMED`). An entry that
matches nothing any more is reported (info) so stale excuses do not pile up.
"""

from __future__ import annotations

from tui_report.report.model import Acknowledgement, Report, Span
from tui_report.report.problems import Problem

#: Problem ids that were renamed: an entry written for the old id keeps
#: covering the problem (``figure-empty`` became the error ``figure-unfilled``).
RENAMED = {"figure-empty": "figure-unfilled"}


def matches(ack: Acknowledgement, p: Problem) -> bool:
    pid = ack.problem.strip()
    pid = RENAMED.get(pid, pid)
    if pid.endswith("*"):
        if not p.id.startswith(pid[:-1]):
            return False
    elif pid != p.id:
        return False
    where = ack.where.strip()
    if not where:
        return True
    return (where == p.where or p.where.startswith(where + "/") or where == p.file
            or where == p.extra.get("text"))


def narrowest_where(problem: Problem, problems: list[Problem]) -> str:
    """The ``where`` for a new acknowledgement of ``problem`` that covers as
    few of the other open ``problems`` as can be: a section path covers
    every paragraph of the section, so where several problems with the same
    id share it, the text as typed (one paragraph, one amount) is used."""
    candidates = [w for w in (problem.where, str(problem.extra.get("text", "")), problem.file) if w]
    if not candidates:
        return ""
    same = [p for p in problems if p.id == problem.id and not p.acknowledged]

    def covered(where: str) -> int:
        ack = Acknowledgement(problem.id, where)
        return sum(1 for p in same if matches(ack, p))

    counts = [covered(w) for w in candidates]
    best = min(counts)
    return candidates[counts.index(best)]


def covered_by(ack: Acknowledgement, problems: list[Problem]) -> int:
    """How many open problems ``ack`` would cover."""
    return sum(1 for p in problems if not p.acknowledged and matches(ack, p))


def apply(report: Report, problems: list[Problem]) -> list[Problem]:
    """Mark acknowledged problems; return problems about the entries."""
    if not report.acknowledged:
        return []
    used = [False] * len(report.acknowledged)
    for p in problems:
        for n, ack in enumerate(report.acknowledged):
            if matches(ack, p):
                p.acknowledged = True
                p.reason = ack.reason
                used[n] = True
                break
    out = []
    for ack, hit in zip(report.acknowledged, used, strict=True):
        span = ack.span or Span("report.toml")
        if not ack.reason.strip():
            out.append(Problem("ack-no-reason", "warning",
                               f"确认“{ack.problem}”缺少说明（reason）；请写明为何接受",
                               span.file, span.line, span.col, where=ack.problem))
        if not hit:
            out.append(Problem("ack-unused", "info",
                               f"确认“{ack.problem}”{'（' + ack.where + '）' if ack.where else ''}已不对应任何问题，可以删除",
                               span.file, span.line, span.col, where=ack.problem))
    return out
