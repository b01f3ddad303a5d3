"""Keys typed ahead of a focus change.

Textual decides which widget gets a key when the key arrives: keys that come
in one burst with Enter or Ctrl+G (typing ahead over a slow SSH link) are all
sent to the outline, although Enter moves the focus to the body. Unhandled,
they bubble back to the app; this hands them once to the widget that has the
focus now, so the text lands in the body instead of being lost.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input, TextArea

#: Non-printing keys that edit text and so belong to a text widget too.
EDIT_KEYS = frozenset({
    "enter", "backspace", "delete", "tab", "left", "right", "up", "down", "home", "end",
})


#: Marks a key handed on once; if it comes back unhandled it is dropped.
#: (An attribute, not a subclass: Textual picks handlers by class name.)
HANDED_ON = "_tui_report_handed_on"


def redeliver(event: events.Key, focused: Widget | None) -> bool:
    """Hand ``event`` to ``focused`` if it is a text widget that never saw
    it; True when handed on."""
    if getattr(event, HANDED_ON, False) or not isinstance(focused, (TextArea, Input)):
        return False
    if not (event.is_printable or event.key in EDIT_KEYS):
        return False
    again = events.Key(event.key, event.character)
    setattr(again, HANDED_ON, True)
    focused.post_message(again)
    return True
