"""The editor of one section: its title and its body.

Only one body is ever loaded into the text area: Textual's TextArea
re-highlights its whole buffer on each edit, so a 500-section report must
not be one buffer. The editor knows nothing of the store; the screen moves
text between the two, and calls :meth:`load` only after taking the
current text out (so an edit is never applied to the wrong section).
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, TextArea
from textual.widgets.text_area import Selection

from tui_report.report.model import Section
from tui_report.tui import commands
from tui_report.tui import strings as S
from tui_report.tui.kinsoku_area import KinsokuTextArea


class BodyArea(KinsokuTextArea):
    """The body text: Markdown highlighting, soft wrap by the Chinese
    line-breaking rules (kinsoku_area.py), undo/redo, and ``{{`` asking for
    a figure to insert."""

    BINDINGS = commands.bindings("editor")

    class CompletionRequested(Message):
        """The user typed ``{{``: offer figure ids."""

    def action_document_start(self) -> None:
        self.move_cursor((0, 0))

    def action_document_end(self) -> None:
        self.move_cursor(self.document.end)

    def after_key(self, event: events.Key) -> None:
        if event.character == "{" and not self.read_only:
            row, col = self.cursor_location
            line = self.document[row]
            if line[max(0, col - 2):col] == "{{":
                self.post_message(self.CompletionRequested())


class SectionEditor(Vertical):
    class TitleChanged(Message):
        def __init__(self, section: Section, title: str) -> None:
            super().__init__()
            self.section, self.title = section, title

    class BodyChanged(Message):
        def __init__(self, section: Section, body: str) -> None:
            super().__init__()
            self.section, self.body = section, body

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.section: Section | None = None
        self._loading = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="title-row"):
            yield Label(S.TITLE_LABEL, id="title-label")
            yield Input(placeholder=S.TITLE_PLACEHOLDER, id="title", compact=True, select_on_focus=False)
        yield BodyArea(
            "", language="markdown", soft_wrap=True, show_line_numbers=False,
            tab_behavior="focus", placeholder=S.BODY_PLACEHOLDER, id="body",
        )

    @property
    def title_input(self) -> Input:
        return self.query_one("#title", Input)

    @property
    def body_area(self) -> BodyArea:
        return self.query_one("#body", BodyArea)

    @property
    def body_text(self) -> str:
        return self.body_area.text

    @property
    def title_text(self) -> str:
        return self.title_input.value

    def load(self, section: Section | None, read_only: bool = False) -> None:
        """Show ``section`` (None: nothing to edit). Loading clears the undo
        history: it belongs to the text that was there."""
        self.section = section
        self._loading = True
        try:
            if section is None:
                self.title_input.value = ""
                self.body_area.load_text(S.NO_SECTION)
                read_only = True
            elif section.error:
                self.title_input.value = section.title
                self.body_area.load_text(S.SECTION_UNREADABLE.format(error=section.error))
                read_only = True
            else:
                self.title_input.value = section.title
                # the start of a long title is what names it; the cursor at
                # its end would scroll the field to show only the tail
                self.title_input.cursor_position = 0
                self.body_area.load_text(section.body)
            self.body_area.read_only = read_only
            self.title_input.disabled = read_only
            self.body_area.border_title = S.EDITOR_TITLE
        finally:
            self._loading = False

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        # a Changed from before the last load carries the old section's title
        stale = event.value != self.title_input.value
        if self.section is not None and not stale and not self._loading and not self.title_input.disabled:
            self.post_message(self.TitleChanged(self.section, event.value))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self.section is not None and not self._loading and not self.body_area.read_only:
            self.post_message(self.BodyChanged(self.section, self.body_area.text))

    def goto(self, field: str, offset: int) -> None:
        """Put the cursor at character ``offset`` of the title or body."""
        if field == "title":
            self.title_input.focus()
            self.title_input.cursor_position = offset
            return
        text = self.body_area.text
        offset = max(0, min(offset, len(text)))
        before = text[:offset]
        row = before.count("\n")
        col = offset - (before.rfind("\n") + 1)
        self.body_area.focus()
        self.body_area.selection = Selection.cursor((row, col))
        self.body_area.scroll_cursor_visible(center=True, animate=False)

    @property
    def cursor_offset(self) -> int:
        """Character offset of the body cursor, for the preview to follow."""
        row, col = self.body_area.cursor_location
        lines = self.body_area.text.split("\n")
        return sum(len(line) + 1 for line in lines[:row]) + col

    def insert(self, text: str) -> None:
        self.body_area.insert(text)
