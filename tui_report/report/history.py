"""Undo and redo for the edits the text area does not own: structure edits
(add, delete, move, indent, rename) and figure edits.

A state is the current text of every file plus which files exist, so one
history covers every kind of edit and walking back restores exactly what
was there: undoing everything leaves each file byte-identical to the one
read. What was read from disk (the base a save compares against, and its
hash) is never rolled back: after a save, undo makes an edit of the saved
files rather than pretending the disk went back too.

Text typed between two recorded edits becomes a state of its own when the
next edit (or an undo) comes, so undo never throws typing away: it is one
more step back, and redo brings it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui_report.report.store import Store

#: states kept; the oldest go first
LIMIT = 200

#: what a state that only captures typing is called
TYPING = "typing"


@dataclass(frozen=True)
class State:
    #: report-relative path → current text, for every file that exists in
    #: this state (deleted files are absent)
    texts: dict[str, str]
    #: the edit that led to this state (shown as "撤销：…")
    label: str


def capture(store: Store, label: str) -> State:
    return State({rel: store.text_of(rel) for rel, f in store.files.items() if not f.deleted}, label)


def restore(store: Store, state: State) -> None:
    """Make the store's files hold ``state``'s texts, as unsaved edits,
    and rebuild the model from them."""
    import tomlkit

    from tui_report.report.store import LoadedFile

    for rel in list(store.files):
        f = store.files[rel]
        if rel in state.texts:
            continue
        if f.new:
            del store.files[rel]  # created after the state: never written, simply gone
        else:
            f.deleted = True
    for rel, text in state.texts.items():
        if rel not in store.files:  # a file created and removed again since, or deleted by a save
            store.files[rel] = LoadedFile(rel, "", "", doc=tomlkit.parse(text), dirty=True, new=True)
            continue
        f = store.files[rel]
        f.deleted = False
        if f.new or text != f.text:
            f.doc = tomlkit.parse(text)
            f.dirty = True
        else:
            f.doc = None  # back to the text read: nothing to write
            f.dirty = False
    store.rebuild()


class History:
    """States of the report between edits, with a position in them."""

    def __init__(self, store: Store, limit: int = LIMIT) -> None:
        self.store = store
        self.limit = limit
        self.states: list[State] = [capture(store, "")]
        self.position = 0

    def _sync(self) -> None:
        """Typing since the last state becomes a state, dropping any redo."""
        now = capture(self.store, TYPING)
        if now.texts != self.states[self.position].texts:
            self._push(now)

    def _push(self, state: State) -> None:
        del self.states[self.position + 1:]
        self.states.append(state)
        if len(self.states) > self.limit:
            del self.states[0]
        self.position = len(self.states) - 1

    def record(self, label: str, edit):
        """Run ``edit()`` (which changes the store) as one undoable step;
        returns its result. An edit that raises or changes nothing leaves
        no step."""
        self._sync()
        result = self.store.apply(edit)
        after = capture(self.store, label)
        if after.texts != self.states[self.position].texts:
            self._push(after)
        return result

    @property
    def can_undo(self) -> bool:
        return self.position > 0 or capture(self.store, TYPING).texts != self.states[self.position].texts

    @property
    def can_redo(self) -> bool:
        return self.position < len(self.states) - 1

    def undo(self) -> str | None:
        """Go one state back; returns the label of the edit undone, or None
        when there is nothing to undo."""
        self._sync()
        if self.position == 0:
            return None
        undone = self.states[self.position].label
        self.position -= 1
        restore(self.store, self.states[self.position])
        return undone

    def redo(self) -> str | None:
        """Go one state forward again; None when there is nothing to redo
        (also after typing, which starts a new branch)."""
        self._sync()
        if self.position >= len(self.states) - 1:
            return None
        self.position += 1
        state = self.states[self.position]
        restore(self.store, state)
        return state.label
