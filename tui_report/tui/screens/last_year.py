"""Last year's text beside this year's, section by section.

Writers start from last year's report and must see which paragraphs they
have not yet rewritten. The report folder records where last year's report
is (``[settings] previous_report``, written by `tui-report new`); sections
are paired as `tui-report compare` pairs them (by file and title, then by
position), so a moved or renamed section still finds its counterpart.

The view opens on the section selected in the outline and follows the
selection in its own list; leaving it puts the outline on the section last
shown. This year's side includes edits not yet saved. Figures are filled
in with each year's own values.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui_report.report.model import Report, Section
from tui_report.report.store import ReportError, Store
from tui_report.tui import strings as S
from tui_report.yearly.compare import SectionPair, previous_root, section_pairs


def open_last_year(app) -> None:
    """Show the view, or say why it cannot be shown."""
    main = app.main
    main.flush()  # this year's side shows what is typed
    report = app.store.report
    root = previous_root(app.store.root, report)
    if root is None:
        app.notify(S.LAST_YEAR_NONE, severity="warning", timeout=15)
        return
    try:
        old = Store.open(root).report
    except ReportError as exc:
        shown = report.settings.get("previous_report", str(root))
        app.notify(S.LAST_YEAR_UNREADABLE.format(path=shown, error=exc), severity="warning", timeout=15)
        return

    def back(section: Section | None) -> None:
        if section is not None:
            main.outline.select_section(section)
            main.show_section(section)

    app.push_screen(LastYearScreen(old, report, main.current_section), back)


class LastYearScreen(Screen[Section | None]):
    """Returns this year's section last shown (None: it exists only last year)."""

    BINDINGS = [
        Binding("escape,ctrl+l", "back", S.LAST_YEAR_BACK),
        Binding("enter", "go", S.LAST_YEAR_GO, show=True),
    ]


    def __init__(self, old: Report, new: Report, current: Section | None) -> None:
        super().__init__()
        self.old, self.new = old, new
        self.pairs: list[SectionPair] = section_pairs(old, new)
        self._texts: dict[str, Text] = {"old": Text(), "new": Text()}
        self.start = next((n for n, p in enumerate(self.pairs) if p.new is current and current is not None), 0)

    def compose(self) -> ComposeResult:
        yield Label(S.LAST_YEAR_TITLE.format(old=self.old.year, new=self.new.year), id="ly-title")
        with Horizontal(id="ly-main"):
            yield OptionList(*[Option(self._label(p), id=str(n)) for n, p in enumerate(self.pairs)], id="ly-list")
            with VerticalScroll(id="ly-old", classes="ly-side"):
                yield Static(id="ly-old-text", markup=False)
            with VerticalScroll(id="ly-new", classes="ly-side"):
                yield Static(id="ly-new-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        lst = self.query_one(OptionList)
        lst.border_title = S.LAST_YEAR_LIST
        self.query_one("#ly-old").border_title = S.LAST_YEAR_OLD.format(year=self.old.year)
        self.query_one("#ly-new").border_title = S.LAST_YEAR_NEW.format(year=self.new.year)
        if self.pairs:
            lst.highlighted = self.start
            self.show(self.start)
        lst.focus()

    @staticmethod
    def _label(pair: SectionPair) -> Text:
        text = Text(S.LAST_YEAR_MARK[pair.status] + " " + "  " * (pair.level - 1))
        text.append(pair.number, style="bold")
        text.append(pair.title)
        return text

    @property
    def pair(self) -> SectionPair | None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is None or not 0 <= highlighted < len(self.pairs):
            return None
        return self.pairs[highlighted]

    def show(self, index: int) -> None:
        pair = self.pairs[index]
        old_lines = _lines(pair.old_filled) if pair.old else []
        new_lines = _lines(pair.new_filled) if pair.new else []
        self._texts = {
            "old": _side(pair, pair.old, old_lines, set(new_lines), S.LAST_YEAR_ONLY_NEW),
            "new": _side(pair, pair.new, new_lines, set(old_lines), S.LAST_YEAR_ONLY_OLD),
        }
        for which, text in self._texts.items():
            self.query_one(f"#ly-{which}-text", Static).update(text)
        for side in ("#ly-old", "#ly-new"):
            self.query_one(side, VerticalScroll).scroll_home(animate=False)

    def side_text(self, which: str) -> str:
        """What one side shows, as plain text (``"old"`` or ``"new"``)."""
        return self._texts[which].plain

    @on(OptionList.OptionHighlighted, "#ly-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show(event.option_index)

    @on(OptionList.OptionSelected, "#ly-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_go()

    def action_back(self) -> None:
        pair = self.pair
        self.dismiss(pair.new if pair is not None else None)

    def action_go(self) -> None:
        pair = self.pair
        section = pair.new if pair is not None else None
        self.dismiss(section)
        if section is not None:
            self.app.main.editor.body_area.focus()


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def _side(pair: SectionPair, section: Section | None, lines: list[str], other: set[str], missing: str) -> Text:
    """One year's heading and paragraphs; a paragraph the other year does
    not have word for word is marked ▌ (and bold), so it reads without colour."""
    if section is None:
        return Text(missing, style="italic")
    out = Text()
    out.append(pair.number + section.title, style="bold")
    for line in lines:
        out.append("\n")
        if pair.old is not None and pair.new is not None and line not in other:
            out.append("▌", style="bold yellow")
            out.append(line, style="bold")
        else:
            out.append("\u3000" + line)
    return out
