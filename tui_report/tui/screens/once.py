"""A screen answers once. Keys typed ahead (Enter Enter over a slow link,
y y on a delete) reach a dialog that has already answered and is on its way
out: a second dismiss would run the answer again (delete twice) and pop a
screen that is no longer there, which closes the editor. Every dialog and
side screen mixes this in before Textual's Screen class."""

from __future__ import annotations

from textual.await_complete import AwaitComplete


async def _nothing() -> None:
    return None


class AnswerOnce:
    _answered = False

    def dismiss(self, result=None):
        if self._answered or not self.is_active:  # type: ignore[attr-defined]
            return AwaitComplete(_nothing())
        self._answered = True
        return super().dismiss(result)  # type: ignore[misc]
