"""What changed inside a paragraph, word by word, for reading last year's
text beside this year's (`compare`, the editor's Ctrl+L).

Chinese has no spaces between words, so the unit of comparison is a
character, except that a number with its decimal point, a placeholder
``{{...}}`` and a Latin word are single tokens: "300多人" → "350多人" is
one changed number, not a changed "0".
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\{\{[^{}]*\}\}|\d+(?:[.,，]\d+)*%?|[A-Za-z]+|\s+|.", re.S)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class Piece:
    kind: str  # "same" | "removed" | "added"
    text: str


def diff(old: str, new: str) -> list[Piece]:
    """The pieces of both texts in reading order: unchanged, removed (last
    year's) and added (this year's); a replacement is removed then added."""
    a, b = tokens(old), tokens(new)
    out: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(Piece("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Piece("removed", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(Piece("added", "".join(b[j1:j2])))
    return out


#: unchanged text longer than this is cut to its ends around a change
CONTEXT = 12


def trimmed(pieces: list[Piece], context: int = CONTEXT) -> list[Piece]:
    """Long unchanged stretches shortened to the words next to a change, so
    a one-word edit in a long paragraph reads as one line."""
    out = []
    last = len(pieces) - 1
    for n, p in enumerate(pieces):
        if p.kind != "same" or len(p.text) <= 2 * context + 1:
            out.append(p)
            continue
        head = p.text[:context] if n > 0 else ""
        tail = p.text[-context:] if n < last else ""
        out.append(Piece("same", head + "…" + tail))
    return out


def as_text(pieces: list[Piece]) -> str:
    """``[-old-]{+new+}`` marks, as `git diff --word-diff` writes them."""
    marks = {"same": ("", ""), "removed": ("[-", "-]"), "added": ("{+", "+}")}
    return "".join(marks[p.kind][0] + p.text + marks[p.kind][1] for p in trimmed(pieces))


def as_markdown(pieces: list[Piece]) -> str:
    """Struck-through last year, bold this year: reads in a merge request."""
    def esc(text: str) -> str:
        return re.sub(r"([\\`*_~|\[\]])", r"\\\1", text)

    out = []
    for p in trimmed(pieces):
        text = esc(p.text)
        if p.kind == "same" or not p.text.strip():
            out.append(text)
        elif p.kind == "removed":
            out.append(f"~~{text}~~")
        else:
            out.append(f"**{text}**")
    return "".join(out)


def paragraph_pairs(old: str, new: str) -> list[tuple[str | None, str | None]]:
    """Last year's paragraphs against this year's, aligned: a changed
    paragraph is paired with the one it was edited from."""
    a = [p for p in old.split("\n") if p.strip()]
    b = [p for p in new.split("\n") if p.strip()]
    out: list[tuple[str | None, str | None]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out += [(x, x) for x in a[i1:i2]]
        elif op == "replace":
            olds, news = a[i1:i2], b[j1:j2]
            for n in range(max(len(olds), len(news))):
                out.append((olds[n] if n < len(olds) else None, news[n] if n < len(news) else None))
        elif op == "delete":
            out += [(x, None) for x in a[i1:i2]]
        else:
            out += [(None, x) for x in b[j1:j2]]
    return out
