"""The problems the checks found, newest run only, in the session's order:
errors first (a short panel shows what blocks the PDF), then warnings and
notes, each in report order; acknowledged ones last.

Each line names the place in words a writer uses (二（一）, 数字 spend_total)
rather than file:line; Enter jumps there, f applies a fix when there is one.
Where a message tells a `check` user to edit report.toml, the editor's own
way of doing it is shown instead.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets.option_list import Option

from tui_report.report.model import Section
from tui_report.report.problems import Problem, Tally
from tui_report.report.terminal import safe
from tui_report.tui import commands
from tui_report.tui import strings as S
from tui_report.tui.textual_compat import SafePagingOptionList

SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}


class ProblemsPanel(SafePagingOptionList):
    BINDINGS = commands.bindings("problems")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.problems: list[Problem] = []
        #: list only the problems of ``here`` (the section being edited)
        self.only_here = False
        #: list only errors (what blocks the PDF)
        self.only_errors = False
        self.here: Section | None = None
        #: what is listed; an unchanged check result (most keystrokes) leaves
        #: the list alone instead of rebuilding every line
        self._signature: list | None = None
        self._filters: tuple[bool, bool] | None = None

    def show(self, ordered: list[Problem], where: Callable[[Problem], str],
             total: list[Problem] | None = None) -> None:
        """List ``ordered`` (already in the session's order), keeping the
        highlighted one when it is still there, else the one now in its
        place (after a fix: the next problem). ``total``: every problem,
        counted in the title whatever the filters show."""
        total = ordered if total is None else total
        if self.only_here:
            here = self.here
            ordered = [p for p in ordered if here is not None and p.target is not None
                       and (p.target.file, tuple(p.target.path)) == here.place]
        places = [where(p) for p in ordered]
        signature = [(p.id, p.severity, p.file, p.line, p.col, p.message, p.acknowledged,
                      p.fix is not None, place) for p, place in zip(ordered, places, strict=True)]
        filters = (self.only_here, self.only_errors)
        if signature == self._signature and self._filters == filters:
            self.problems = ordered  # same list; keep the new objects
            return
        self._signature = signature
        self._filters = filters
        keep = self.highlighted_problem
        keep_index = self.highlighted or 0
        self.problems = ordered
        options = [Option(self.line(p, place), id=str(n)) for n, (p, place) in enumerate(zip(ordered, places,
                                                                                             strict=True))]
        self.clear_options()
        if not options:
            self.add_option(Option(Text(S.PROBLEMS_NONE, style="italic"), disabled=True))
        else:
            self.add_options(options)
        tally = Tally.of(total)
        title = S.PROBLEMS_COUNT.format(errors=tally.errors, warnings=tally.warnings)
        self.border_title = (title + (S.PROBLEMS_ONLY_ERRORS if self.only_errors else "")
                             + (S.PROBLEMS_HERE if self.only_here else ""))
        if ordered:
            index = min(keep_index, len(ordered) - 1)
            if keep is not None:
                for n, p in enumerate(ordered):
                    if (p.id, p.where, p.file, p.message) == (keep.id, keep.where, keep.file, keep.message):
                        index = n
                        break
            self.highlighted = index

    def highlight(self, problem: Problem) -> None:
        for n, p in enumerate(self.problems):
            if p is problem:
                self.highlighted = n
                return

    @staticmethod
    def line(p: Problem, where: str) -> Text:
        mark = S.SEVERITY_MARK.get(p.severity, "?")
        style = "dim" if p.acknowledged else SEVERITY_STYLE.get(p.severity, "")
        text = Text()
        # no spaces: a space is where a wrapped line would break, leaving the
        # place alone on a line and the message below it
        text.append(mark, style=style)
        text.append(safe(where, keep_newlines=False).replace(" ", "·"), style="bold" if not p.acknowledged else "dim")
        text.append("：")
        # report text in a message may hold control or bidi characters: shown, not obeyed
        text.append(safe(tui_message(p), keep_newlines=False), style="dim" if p.acknowledged else "")
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


def tui_message(p: Problem) -> str:
    """The message with its advice for `check` users ("请在 report.toml 中…")
    replaced by the editor's way of doing the same, where there is one."""
    hint = S.TUI_HINTS.get(p.id)
    if hint is None:
        return p.message
    for marker in ("；请在 report.toml", "；请在report.toml", "；在 report.toml", "（在 report.toml"):
        cut = p.message.find(marker)
        if cut >= 0:
            return p.message[:cut] + "；" + hint
    return p.message
