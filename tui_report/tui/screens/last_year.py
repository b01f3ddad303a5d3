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

Paragraphs are aligned (last year's beside the one it became), and inside
a changed pair what changed is marked word by word (yearly/word_diff.py):
removed words struck out on last year's side, added words underlined on
this year's, each also bracketed so it reads without colour. A paragraph
cursor (j/k) picks a pair: c puts last year's paragraph into this year's
text, r records that this year's paragraph was reviewed and stays as is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui_report.report.model import Report, Section
from tui_report.tui import strings as S
from tui_report.tui.screens.once import AnswerOnce
from tui_report.yearly.compare import SectionPair, section_pairs

if TYPE_CHECKING:
    from textual import getters

    from tui_report.tui.app import TuiReportApp


def open_last_year(app) -> None:
    """Show the view, or say why it cannot be shown."""
    main = app.main
    session = app.session
    old = session.last_year()  # this year's side shows what is typed
    if old is None:
        return
    report = session.report

    def back(section: Section | None) -> None:
        if section is not None:
            main.outline.select_section(section)
            main.show_section(section)

    app.push_screen(LastYearScreen(old, report, main.current_section), back)


class LastYearScreen(AnswerOnce, Screen[Section | None]):
    """Returns this year's section last shown (None: it exists only last year)."""

    if TYPE_CHECKING:  # the app this screen runs in, typed (Textual's own idiom)
        app = getters.app(TuiReportApp)

    BINDINGS = [
        Binding("escape,ctrl+l", "back", S.LAST_YEAR_BACK),
        Binding("enter", "go", S.LAST_YEAR_GO, show=True),
        Binding("j", "paragraph(1)", S.LY_NEXT, show=True),
        Binding("k", "paragraph(-1)", S.LY_PREVIOUS, show=False),
        Binding("c", "copy_paragraph", S.LY_COPY, show=True),
        Binding("r", "mark_reviewed", S.LY_REVIEWED, show=True),
    ]


    def __init__(self, old: Report, new: Report, current: Section | None) -> None:
        super().__init__()
        self.old, self.new = old, new
        self.pairs: list[SectionPair] = section_pairs(old, new)
        self._texts: dict[str, Text] = {"old": Text(), "new": Text()}
        self.start = next((n for n, p in enumerate(self.pairs) if p.new is current and current is not None), 0)
        #: the aligned paragraphs of the section shown, and the one under the cursor
        self.rows: list[tuple[str | None, str | None]] = []
        self.row = 0
        self._index = self.start

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

    def show(self, index: int, row: int = 0) -> None:
        from tui_report.yearly.word_diff import paragraph_pairs

        self._index = index
        pair = self.pairs[index]
        self.rows = paragraph_pairs(pair.old.body if pair.old else "", pair.new.body if pair.new else "")
        self.row = max(0, min(row, len(self.rows) - 1))
        self._redraw()
        for side in ("#ly-old", "#ly-new"):
            self.query_one(side, VerticalScroll).scroll_home(animate=False)

    def _redraw(self) -> None:
        pair = self.pairs[self._index]
        self._texts = {
            "old": _side(pair, pair.old, self.rows, 0, self.row, self.old, S.LAST_YEAR_ONLY_NEW),
            "new": _side(pair, pair.new, self.rows, 1, self.row, self.new, S.LAST_YEAR_ONLY_OLD),
        }
        for which, text in self._texts.items():
            self.query_one(f"#ly-{which}-text", Static).update(text)

    # paragraphs -----------------------------------------------------------------

    def action_paragraph(self, step: int) -> None:
        if self.rows:
            self.row = max(0, min(self.row + step, len(self.rows) - 1))
            self._redraw()

    def _reload(self) -> None:
        """This year's report changed (a copy, an acknowledgement): pair it
        again, on the same section and paragraph."""
        self.new = self.app.session.report
        section = self.pairs[self._index].new
        self.pairs = section_pairs(self.old, self.new)
        index = self._index
        if section is not None:
            found = self.new.section_at(section.file, tuple(section.path))
            index = next((n for n, p in enumerate(self.pairs) if p.new is found), index)
        self.show(min(index, len(self.pairs) - 1), self.row)

    def action_copy_paragraph(self) -> None:
        """Last year's paragraph under the cursor into this year's text, in
        place of the paragraph it is paired with (or where it stood)."""
        app = self.app
        pair = self.pairs[self._index] if self.pairs else None
        if pair is None or pair.new is None or not self.rows:
            app.notify(S.LY_NO_OLD)
            return
        old, new = self.rows[self.row]
        if old is None:
            app.notify(S.LY_NO_OLD)
            return
        session = app.session
        if session.refuse_read_only():
            return
        lines = [line for line in pair.new.body.split("\n") if line.strip()]
        # this year's paragraphs before the cursor row keep their place
        before = sum(1 for o, n in self.rows[:self.row] if n is not None)
        if new is not None:
            lines[before] = old
        else:
            lines.insert(before, old)
        session.flush()
        session.set_body_from_outside(pair.new, "\n".join(lines))
        app.notify(S.LY_COPIED)
        self._reload()

    def action_mark_reviewed(self) -> None:
        """This year's paragraph, unchanged from last year, stays as it is:
        acknowledged (carried-over), so `check` no longer lists it."""
        app = self.app
        pair = self.pairs[self._index] if self.pairs else None
        if pair is None or pair.new is None or not self.rows or self.rows[self.row][1] is None:
            app.notify(S.LY_NOT_CARRIED)
            return
        text = self.rows[self.row][1]
        from tui_report.checks.carried_over import KEY_LENGTH

        key = (text or "").strip()[:KEY_LENGTH]
        problem = next((p for p in app.session.problems if p.id == "carried-over" and not p.acknowledged
                        and p.extra.get("text") == key and p.file == pair.new.file), None)
        if problem is None:
            app.notify(S.LY_NOT_CARRIED)
            return
        app.session.acknowledge(problem, S.REVIEWED_REASON)
        self._reload()

    def side_text(self, which: str, marked: bool = False) -> str:
        """What one side shows, as plain text (``"old"`` or ``"new"``);
        without ``marked``, the word-difference brackets and the cursor
        left out: the words as written."""
        text = self._texts[which].plain
        if marked:
            return text
        for mark in ("[-", "-]", "{+", "+}", "▶", "▌"):
            text = text.replace(mark, "" if mark not in ("▶",) else "\u3000")
        return text

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


def _side(pair: SectionPair, section: Section | None, rows: list[tuple[str | None, str | None]], which: int,
          cursor: int, report: Report, missing: str) -> Text:
    """One year's heading and paragraphs. A paragraph the other year does
    not have word for word is marked ▌, and in it the words that differ are
    bracketed and styled ([-removed-] last year, {+added+} this year), so it
    reads without colour; the paragraph under the cursor is marked ▶."""
    from tui_report.render.blocks import fill
    from tui_report.yearly.word_diff import diff

    if section is None:
        return Text(missing, style="italic")
    resolved = _resolved(report)
    out = Text()
    out.append(pair.number + section.title, style="bold")
    for n, row in enumerate(rows):
        mine = row[which]
        out.append("\n")
        lead = "▶" if n == cursor else "\u3000"
        if mine is None:
            out.append(lead + "（无）", style="dim italic")
            continue
        shown = fill(mine, report, resolved)
        other = row[1 - which]
        if other is None or other == mine or pair.old is None or pair.new is None:
            out.append(lead, style="bold")
            out.append(shown, style="bold" if other is None and pair.old and pair.new else "")
            continue
        out.append(lead, style="bold")
        out.append("▌", style="bold yellow")
        old_text, new_text = (mine, other) if which == 0 else (other, mine)
        keep = "removed" if which == 0 else "added"
        for piece in diff(old_text, new_text):
            if piece.kind == "same":
                out.append(fill(piece.text, report, resolved))
            elif piece.kind == keep:
                mark = ("[-", "-]") if which == 0 else ("{+", "+}")
                style = "bold strike red" if which == 0 else "bold underline green"
                out.append(mark[0] + fill(piece.text, report, resolved) + mark[1], style=style)
    return out


#: the last report resolved and its values (the object held, not its number:
#: is reused once the object is gone)
_RESOLVED: list[tuple[Report, object]] = []


def _resolved(report: Report):
    from tui_report.figures.values import resolve

    if _RESOLVED and _RESOLVED[0][0] is report:
        return _RESOLVED[0][1]
    got = resolve(report)
    _RESOLVED[:] = [(report, got)]
    return got
