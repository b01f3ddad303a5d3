"""Every reach into Textual's private parts, in one place.

Textual has no public hook for four things the editor needs: a soft wrap by
rules other than its own (Chinese line breaking), a last say over keys that
no widget handled (keys typed ahead of a focus change), paging a list before
its first layout without a KeyError, and its palette's English "No matches
found" in Chinese. Each is done here, by subclassing or calling a private
name, and nowhere else: the rest of ``tui/`` uses only what this module
exports. ``INTERNALS`` lists every private name used, and
``tests/test_compat_canaries.py`` fails naming the one a Textual release
renamed or removed, so an upgrade (``make lock``) breaks there, loudly,
before it breaks in front of a user.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

from textual import events
from textual._dispatch_key import dispatch_key
from textual._wrap import compute_wrap_offsets
from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.expand_tabs import get_tab_widths
from textual.geometry import clamp
from textual.notifications import Notification
from textual.widgets import OptionList, TextArea
from textual.widgets.option_list import Option
from textual.widgets.text_area import DocumentNavigator, Location, WrappedDocument

#: the Textual release these were read against (pinned in pyproject)
CHECKED_AGAINST = "8.2.8"

#: (module or class path, private name) of every reach in this module
INTERNALS: tuple[tuple[str, str], ...] = (
    ("textual._dispatch_key", "dispatch_key"),
    ("textual._wrap", "compute_wrap_offsets"),
    ("textual.widgets.text_area.WrappedDocument", "_wrap_offsets"),
    ("textual.widgets.text_area.WrappedDocument", "_offset_to_line_info"),
    ("textual.widgets.text_area.WrappedDocument", "_line_index_to_offsets"),
    ("textual.widgets.text_area.WrappedDocument", "_tab_width_cache"),
    ("textual.widgets.text_area.WrappedDocument", "_tab_width"),
    ("textual.widgets.text_area.WrappedDocument", "_width"),
    ("textual.widgets.TextArea", "_set_document"),
    ("textual.widgets.TextArea", "_rewrap_and_refresh_virtual_size"),
    ("textual.widgets.TextArea", "_on_key"),
    ("textual.app.App", "_on_key"),
    ("textual.app.App", "_check_bindings"),
    ("textual.app.App", "_driver"),
    ("textual.app.App", "_notifications"),
    ("textual.app.App", "_exit"),
    ("textual.widgets.OptionList", "_move_page"),
    ("textual.widgets.OptionList", "_index_to_line"),
    ("textual.command.CommandPalette", "_action_command_list"),
    ("textual.command.CommandPalette", "_start_no_matches_countdown"),
    ("textual.command.CommandPalette", "_stop_no_matches_countdown"),
    ("textual.command.CommandPalette", "_NO_MATCHES"),
    ("textual.command.CommandPalette", "_NO_MATCHES_COUNTDOWN"),
    ("textual.command.CommandPalette", "_list_visible"),
    ("textual.command.CommandPalette", "_no_matches_timer"),
    ("textual.pilot.Pilot", "_wait_for_screen"),
)

__all__ = ["CHECKED_AGAINST", "INTERNALS", "KeyFallbackApp", "Location", "RuleWrapTextArea", "SafePagingOptionList",
           "LocalisedCommandPalette", "can_suspend", "is_exiting", "is_rule_wrapped", "laid_out", "notifications",
           "plain_wrapped_document", "rule_wrapped_document", "send_key", "wait_for_screen", "wrap_tables"]

# -- soft wrap by our own rules ------------------------------------------------------

#: (line, width) → the offsets at which the line breaks
WrapRule = Callable[[str, int], list[int]]


class _RuleWrappedDocument(WrappedDocument):
    """A WrappedDocument whose break offsets come from ``rule``.

    Textual's drawing, cursor placement, clicks and up/down/home/end over
    wrapped lines read only the offsets a WrappedDocument keeps
    (``_wrap_offsets`` and the two y tables built from them), so computing
    those our own way is enough. A line holding a tab is left to Textual,
    which knows how wide each tab is; spaces do not hang past the width."""

    def __init__(self, document: Any, width: int = 0, tab_width: int = 4, *, rule: WrapRule) -> None:
        self._rule = rule
        super().__init__(document, width, tab_width)

    def _wrap_line(self, line: str) -> tuple[list[int], list[int]]:
        tab_sections = get_tab_widths(line, self._tab_width)
        tabs = [width for _, width in tab_sections]
        if not self._width:
            return [], tabs
        if "\t" in line:
            return compute_wrap_offsets(line, self._width, tab_size=self._tab_width,
                                        precomputed_tab_sections=tab_sections), tabs
        return self._rule(line, self._width), tabs

    def _reindex(self) -> None:
        """The y tables from the break offsets: cheap (no measuring), so an
        edit re-wraps only its own lines and then rebuilds these whole."""
        offset_to_line_info: list[tuple[int, int]] = []
        line_index_to_offsets: list[list[int]] = []
        y = 0
        for line_index, offsets in enumerate(self._wrap_offsets):
            count = len(offsets) + 1
            line_index_to_offsets.append(list(range(y, y + count)))
            offset_to_line_info.extend((line_index, section) for section in range(count))
            y += count
        self._offset_to_line_info = offset_to_line_info
        self._line_index_to_offsets = line_index_to_offsets

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        self._width = width
        if tab_width:
            self._tab_width = tab_width
        wrapped = [self._wrap_line(line) for line in self.document.lines]
        self._wrap_offsets = [offsets for offsets, _ in wrapped]
        self._tab_width_cache = [tabs for _, tabs in wrapped]
        self._reindex()

    def wrap_range(self, start: Location, old_end: Location, new_end: Location) -> None:
        # the same lines as Textual's own wrap_range, clamped the same way
        old_max = len(self._wrap_offsets) - 1
        new_max = self.document.line_count - 1
        start_line = clamp(start[0], 0, min(old_max, new_max))
        old_end_line = clamp(old_end[0], 0, old_max)
        new_end_line = clamp(new_end[0], 0, new_max)
        top, old_bottom = sorted((start_line, old_end_line))
        new_bottom = max(start_line, new_end_line)
        wrapped = [self._wrap_line(line) for line in self.document.lines[top:new_bottom + 1]]
        self._wrap_offsets[top:old_bottom + 1] = [offsets for offsets, _ in wrapped]
        self._tab_width_cache[top:old_bottom + 1] = [tabs for _, tabs in wrapped]
        self._reindex()



class RuleWrapTextArea(TextArea):
    """A TextArea whose soft wrap breaks where :meth:`wrap_rule` says.

    Textual builds a plain WrappedDocument in ``__init__`` and again in
    ``_set_document`` (every ``load_text``, every change of language), so
    ours is installed after each."""

    def wrap_rule(self, line: str, width: int) -> list[int]:
        raise NotImplementedError

    def _set_document(self, text: str, language: str | None) -> None:
        super()._set_document(text, language)
        self.wrapped_document = _RuleWrappedDocument(self.document, tab_width=self.indent_width, rule=self.wrap_rule)
        self.navigator = DocumentNavigator(self.wrapped_document)
        self._rewrap_and_refresh_virtual_size()
        self.move_cursor(self.cursor_location)

    async def _on_key(self, event: events.Key) -> None:
        await super()._on_key(event)
        self.after_key(event)

    def after_key(self, event: events.Key) -> None:
        """Called once the TextArea has handled ``event`` (inserted its character)."""


def rule_wrapped_document(document: Any, width: int, rule: WrapRule, tab_width: int = 4) -> WrappedDocument:
    """A document wrapped at ``width`` by ``rule``, outside any TextArea."""
    return _RuleWrappedDocument(document, width, tab_width, rule=rule)


def plain_wrapped_document(document: Any, width: int, tab_width: int = 4) -> WrappedDocument:
    """The same, wrapped by Textual's own rule."""
    return WrappedDocument(document, width, tab_width)


def is_rule_wrapped(wrapped: WrappedDocument) -> bool:
    return isinstance(wrapped, _RuleWrappedDocument)


def wrap_tables(wrapped: WrappedDocument) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
    """The four tables a WrappedDocument keeps (break offsets, y → line,
    line → ys, tab widths): two wraps of one text are the same wrap when
    these are equal."""
    return (wrapped._wrap_offsets, wrapped._offset_to_line_info,
            wrapped._line_index_to_offsets, wrapped._tab_width_cache)


# -- the app's last say over a key -------------------------------------------------

ReturnType = TypeVar("ReturnType")


class KeyFallbackApp(App[ReturnType], Generic[ReturnType]):
    """An App that offers a key no binding and no widget handled to
    :meth:`unhandled_key` before Textual's own last step.

    Textual calls the handlers of every class in the MRO, so this replaces
    the base's ``_on_key`` outright (prevent_default) rather than run the
    bindings twice."""

    def unhandled_key(self, event: events.Key) -> bool:
        """True when the key was dealt with."""
        return False

    async def _on_key(self, event: events.Key) -> None:
        event.prevent_default()
        if await self._check_bindings(event.key):
            return
        if self.unhandled_key(event):
            return
        await dispatch_key(self, event)


def can_suspend(app: App[Any]) -> bool:
    """Whether the terminal can be handed to another program (not in a test
    driver, not on Windows' web driver)."""
    return bool(getattr(app._driver, "can_suspend", False))


def notifications(app: App[Any]) -> list[Notification]:
    """The notifications the app holds now (those on screen)."""
    return list(app._notifications)


def send_key(app: App[Any], event: events.Key) -> None:
    """Queue ``event`` as the terminal driver would, without waiting for it:
    how a burst of keys typed ahead arrives."""
    event.set_sender(app)
    app._driver.send_message(event)  # type: ignore[union-attr]


def is_exiting(app: App[Any]) -> bool:
    """Whether the app has been told to exit."""
    return bool(app._exit)


async def wait_for_screen(pilot: Any) -> None:
    """Wait until the messages sent so far have been handled, quicker than
    ``pilot.pause`` (which waits for the app to go idle)."""
    await pilot._wait_for_screen()


# -- lists ----------------------------------------------------------------------------

def laid_out(option_list: OptionList) -> bool:
    """Whether the list has laid out its highlighted option (a page move
    before that reads positions Textual has not built yet)."""
    return not option_list.option_count or (option_list.highlighted or 0) in option_list._index_to_line


class SafePagingOptionList(OptionList):
    """An OptionList whose PgUp/PgDn work before its first layout: until
    then a page is as many options as rows, instead of a KeyError that
    closes the editor."""

    def _move_page(self, direction: Any) -> None:
        if not laid_out(self):
            step = max(1, self.scrollable_content_region.height)
            self.highlighted = max(0, min(self.option_count - 1, (self.highlighted or 0) + direction * step))
            return
        super()._move_page(direction)


# -- the command palette ------------------------------------------------------------

class LocalisedCommandPalette(CommandPalette):
    """Textual's palette with its "No matches found" in our words, and PgUp/
    PgDn ignored until its hits are laid out (Textual would read positions
    it has not built yet and close the editor)."""

    no_matches: ClassVar[Any] = "No matches found"

    def _action_command_list(self, action: str) -> None:
        if action in ("page_up", "page_down"):
            found = self.query(CommandList)
            if not found or not laid_out(found.first()):
                return
        super()._action_command_list(action)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(Option(self.no_matches, disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)

