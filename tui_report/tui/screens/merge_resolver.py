"""Conflicts a merge left in the report, one at a time: my version and
theirs side by side (one above the other on a narrow terminal), and a key
for each answer: take mine, take theirs, keep both, or rewrite it.

The screen only collects answers; it returns them as
``{(file, block index): lines}`` and the app writes them into the files as
one undoable edit (``apply_resolutions``). "Later" returns what has been
answered so far; the rest stays in the files, where ``check`` still reports it.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Label, Static, TextArea

from tui_report.report.conflict_markers import Block
from tui_report.tui import strings as S
from tui_report.tui.screens.once import AnswerOnce

#: (file, index of the block in its file, the block, where it is in words)
Item = tuple[str, int, Block, str]


class MergeResolverScreen(AnswerOnce, Screen[dict | None]):

    DEFAULT_CSS = """
    MergeResolverScreen { layout: vertical; }
    MergeResolverScreen #resolver-title { height: auto; width: 100%; background: $panel; text-style: bold; }
    MergeResolverScreen #resolver-hint { height: auto; width: 100%; color: $text-muted; }
    MergeResolverScreen #resolver-sides { height: 1fr; }
    MergeResolverScreen .resolver-side { width: 1fr; height: 100%; border: round $primary-muted; padding: 0 1; }
    MergeResolverScreen .resolver-side:focus { border: round $accent; }
    MergeResolverScreen.-narrow #resolver-sides { layout: vertical; }
    MergeResolverScreen.-narrow .resolver-side { width: 100%; height: 1fr; }
    """
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("m", "take('ours')", S.RESOLVER_TAKE_OURS, show=True),
        Binding("t", "take('theirs')", S.RESOLVER_TAKE_THEIRS, show=True),
        Binding("b", "take('both')", S.RESOLVER_TAKE_BOTH, show=True),
        Binding("e", "rewrite", S.RESOLVER_EDIT, show=True),
        Binding("n", "step(1)", S.RESOLVER_NEXT, show=True),
        Binding("escape", "later", S.RESOLVER_LATER, show=True),
    ]

    def __init__(self, items: list[Item]) -> None:
        super().__init__()
        self.items = items
        self.index = 0
        #: answers so far: (file, block index) → the lines that replace the block
        self.answers: dict[tuple[str, int], list[str]] = {}

    def compose(self) -> ComposeResult:
        yield Label("", id="resolver-title", markup=False)
        yield Label(S.RESOLVER_HINT, id="resolver-hint", markup=False)
        with Horizontal(id="resolver-sides"):
            with VerticalScroll(id="resolver-ours", classes="resolver-side"):
                yield Static(id="resolver-ours-text", markup=False)
            with VerticalScroll(id="resolver-theirs", classes="resolver-side"):
                yield Static(id="resolver-theirs-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#resolver-ours").border_title = S.RESOLVER_OURS
        self.query_one("#resolver-theirs").border_title = S.RESOLVER_THEIRS
        self.show(0)
        self.query_one("#resolver-ours").focus()

    @property
    def item(self) -> Item:
        return self.items[self.index]

    def show(self, index: int) -> None:
        self.index = index
        rel, n, block, where = self.item
        title = S.RESOLVER_TITLE.format(n=index + 1, total=len(self.items), where=where)
        chosen = self.answers.get((rel, n))
        if chosen is not None:
            title += "　" + S.RESOLVER_CHOSEN.format(choice=self._choice_name(block, chosen))
        self.query_one("#resolver-title", Label).update(title)
        self.query_one("#resolver-ours-text", Static).update(_lines(block.ours))
        self.query_one("#resolver-theirs-text", Static).update(_lines(block.theirs))

    @staticmethod
    def _choice_name(block: Block, lines: list[str]) -> str:
        for name, label in (("ours", S.RESOLVER_TAKE_OURS), ("theirs", S.RESOLVER_TAKE_THEIRS),
                            ("both", S.RESOLVER_TAKE_BOTH)):
            if lines == block.lines_for(name):
                return label
        return S.RESOLVER_EDIT

    def answer(self, lines: list[str]) -> None:
        rel, n, _block, _where = self.item
        self.answers[(rel, n)] = lines
        left = [i for i in range(len(self.items)) if (self.items[i][0], self.items[i][1]) not in self.answers]
        if not left:
            self.dismiss(dict(self.answers))
            return
        after = [i for i in left if i > self.index]
        self.show(after[0] if after else left[0])

    def action_take(self, choice: str) -> None:
        self.answer(self.item[2].lines_for(choice))

    def action_step(self, step: int) -> None:
        self.show((self.index + step) % len(self.items))

    def action_rewrite(self) -> None:
        _rel, _n, block, _where = self.item
        start = "\n".join(block.ours if not block.commented else block.ours)

        def done(text: str | None) -> None:
            if text is not None:
                self.answer(text.split("\n") if text else [])

        self.app.push_screen(EditBlockDialog(start), done)

    def action_later(self) -> None:
        self.dismiss(dict(self.answers) if self.answers else None)


def _lines(lines: list[str]) -> Text:
    if not lines or lines == [""]:
        return Text(S.RESOLVER_EMPTY, style="italic")
    return Text("\n".join(lines))


class EditBlockDialog(AnswerOnce, ModalScreen[str | None]):
    """The text of one conflict to rewrite (it starts as my version)."""

    DEFAULT_CSS = """
    EditBlockDialog { align: center middle; }
    EditBlockDialog > Vertical { width: 90%; height: 80%; border: round $accent; background: $surface; padding: 0 1; }
    EditBlockDialog TextArea { height: 1fr; }
    EditBlockDialog Button { margin-top: 0; }
    """
    BINDINGS = [Binding("escape", "cancel", S.CANCEL, show=False)]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(S.EDIT_BLOCK_TITLE, classes="dialog-title", markup=False)
            yield TextArea(self.text, id="edit-block", soft_wrap=True, tab_behavior="focus")
            yield Button(S.EDIT_BLOCK_OK, id="edit-block-ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @on(Button.Pressed)
    def _ok(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
