"""The problems the checks found, newest run only, in file order.

Each line names the place in words a writer uses (二（一）, 数字 spend_total)
rather than file:line; Enter jumps there, F applies a fix when there is one.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_report.report.problems import Problem, Tally
from tui_report.report.terminal import safe
from tui_report.tui import commands
from tui_report.tui import strings as S

SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}


class ProblemsPanel(OptionList):
    BINDINGS = commands.bindings("problems")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.problems: list[Problem] = []
        #: what is listed; an unchanged check result (most keystrokes) leaves
        #: the list alone instead of rebuilding every line
        self._signature: list | None = None

    def show(self, problems: list[Problem], where: Callable[[Problem], str]) -> None:
        """List ``problems`` (open ones first), keeping the highlighted one
        when it is still there."""
        places = {id(p): where(p) for p in problems}
        signature = [(p.id, p.severity, p.file, p.line, p.col, p.message, p.acknowledged,
                      p.fix is not None, places[id(p)]) for p in problems]
        if signature == self._signature:
            self.problems = self._order(problems)  # same list; keep the new objects
            return
        self._signature = signature
        keep = self.highlighted_problem
        # errors first, then warnings, notes, and what was acknowledged;
        # file order within each (the sort is stable)
        ordered = self._order(problems)
        self.problems = ordered
        options = [Option(self._line(p, places[id(p)]), id=str(n)) for n, p in enumerate(ordered)]
        self.clear_options()
        if not options:
            self.add_option(Option(Text(S.PROBLEMS_NONE, style="italic"), disabled=True))
        else:
            self.add_options(options)
        tally = Tally.of(problems)
        self.border_title = S.PROBLEMS_COUNT.format(errors=tally.errors, warnings=tally.warnings)
        if ordered:
            index = 0
            if keep is not None:
                for n, p in enumerate(ordered):
                    if (p.id, p.where, p.file, p.message) == (keep.id, keep.where, keep.file, keep.message):
                        index = n
                        break
            self.highlighted = index

    @staticmethod
    def _order(problems: list[Problem]) -> list[Problem]:
        rank = {"error": 0, "warning": 1, "info": 2}
        return sorted(problems, key=lambda p: (p.acknowledged, rank.get(p.severity, 3)))

    @staticmethod
    def _line(p: Problem, where: str) -> Text:
        mark = S.SEVERITY_MARK.get(p.severity, "?")
        style = "dim" if p.acknowledged else SEVERITY_STYLE.get(p.severity, "")
        text = Text()
        # no spaces: a space is where a wrapped line would break, leaving the
        # place alone on a line and the message below it
        text.append(mark, style=style)
        text.append(safe(where, keep_newlines=False).replace(" ", "·"), style="bold" if not p.acknowledged else "dim")
        text.append("：")
        # report text in a message may hold control or bidi characters: shown, not obeyed
        text.append(safe(p.message, keep_newlines=False), style="dim" if p.acknowledged else "")
        if p.acknowledged:
            text.append(S.PROBLEM_ACKNOWLEDGED.format(reason=p.reason), style="dim")
        elif p.fix is not None:
            text.append(S.PROBLEM_FIXABLE, style="green")
        return text

    @property
    def highlighted_problem(self) -> Problem | None:
        if self.highlighted is None or not self.problems:
            return None
        if 0 <= self.highlighted < len(self.problems):
            return self.problems[self.highlighted]
        return None
