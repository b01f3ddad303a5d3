"""Small modal questions: choices (quit, conflict, delete), one line of
input (export path, section id, a reason), and picking a figure to insert
(a figure's own fields are screens/figure_dialog.py).

Every dialog works from the keyboard alone: Tab moves between buttons,
Enter confirms, Esc cancels, and each choice also has a letter key.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui_report.report.model import Report
from tui_report.tui import strings as S
from tui_report.tui.screens.once import AnswerOnce


class ChoiceDialog(AnswerOnce, ModalScreen[str | None]):
    """A question with a few answers; returns the chosen answer's id, or
    None on Esc."""

    BINDINGS = [Binding("escape", "cancel", S.CANCEL, show=False)]

    def __init__(self, title: str, message: str, choices: list[tuple[str, str, str]]) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text, self.message = title, message
        self.choices = choices  # (result, label, key)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.message, classes="dialog-message", markup=False)
            with Horizontal(classes="dialog-buttons"):
                for n, (result, label, key) in enumerate(self.choices):
                    hint = f"（{key.upper()}）" if key and len(key) == 1 else ""
                    yield Button(label + hint, id=f"choice-{result}",
                                 variant="primary" if n == 0 else "default")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_key(self, event: events.Key) -> None:
        for result, _label, key in self.choices:
            if key and event.key == key:
                event.stop()
                self.dismiss(result)
                return

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def action_cancel(self) -> None:
        self.dismiss(None)


class InputDialog(AnswerOnce, ModalScreen[str | None]):
    """One line of text, checked by ``validate`` (which returns an error
    message or None); a refused value keeps the dialog open."""

    BINDINGS = [Binding("escape", "cancel", S.CANCEL, show=False)]

    def __init__(self, title: str, prompt: str, value: str = "",
                 validate: Callable[[str], str | None] | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text, self.prompt, self.value = title, prompt, value
        self.validate = validate

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Label(self.prompt, markup=False)
            yield Input(self.value, id="dialog-input")
            yield Label("", id="dialog-error", classes="dialog-error", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        error = self.validate(event.value) if self.validate else None
        if error:
            self.query_one("#dialog-error", Label).update(error)
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class FigurePicker(AnswerOnce, ModalScreen[str | None]):
    """Choose a figure to insert as ``{{id}}``: type to filter by id or
    label, Enter inserts."""

    BINDINGS = [Binding("escape", "cancel", S.CANCEL, show=False)]

    def __init__(self, report: Report, values: dict) -> None:
        super().__init__(classes="dialog-screen")
        self.report, self.values = report, values

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Label(S.PICKER_TITLE, classes="dialog-title")
            yield Input(placeholder=S.PICKER_FILTER, id="picker-filter")
            yield OptionList(id="picker-list")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, query: str) -> None:
        from tui_report.figures import yoy
        from tui_report.figures.values import Resolved, format_value

        resolved = Resolved(values=dict(self.values))
        query = query.strip().lower()
        options = []
        # the report's own fields ({{year}}年, {{department}}) come first:
        # the most common placeholders in any report's first paragraph
        for name, shown in self.report.fields().items():
            label = S.PICKER_FIELDS.get(name, name)
            if query and query not in name.lower() and query not in label.lower():
                continue
            options.append(Option(Text(f"{name}  {label}  {shown}"), id=name))
        for fid, fig in self.report.figures.items():
            named = [(fid, fig.label, format_value(fig, self.values.get(fid), self.report))]
            if fig.prev is not None and not fig.derived:
                # year on year, computed: the prose never carries a hand-made change
                for suffix, what in (("trend", S.YOY_TREND), ("change", S.YOY_CHANGE), ("rate", S.YOY_RATE)):
                    name = f"{fid}.{suffix}"
                    named.append((name, fig.label + what, yoy.text(name, self.report, resolved)))
            for name, label, shown in named:
                if query and query not in name.lower() and query not in label.lower():
                    continue
                options.append(Option(Text(f"{name}  {label}  {shown}"), id=name))
        lst = self.query_one(OptionList)
        lst.clear_options()
        lst.add_options(options)
        if options:
            lst.highlighted = 0

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        lst = self.query_one(OptionList)
        if lst.highlighted is not None and lst.option_count:
            self.dismiss(lst.get_option_at_index(lst.highlighted).id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_key(self, event: events.Key) -> None:
        # arrows move in the list while typing in the filter
        if event.key in ("up", "down"):
            lst = self.query_one(OptionList)
            if lst.option_count:
                event.stop()
                current = lst.highlighted or 0
                step = -1 if event.key == "up" else 1
                lst.highlighted = max(0, min(lst.option_count - 1, current + step))

    def action_cancel(self) -> None:
        self.dismiss(None)
