"""A three-way merge of two edited copies of one sequence (the lines of a
body, the entries of a list) against the copy both started from.

Unlike ``git merge-file``, two changes that touch neighbouring items but
not the same item are independent: one person rewriting paragraph 2 and
another paragraph 3 is no conflict, because in a report each paragraph is
one line and neighbours are separate thoughts.
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


@dataclass(frozen=True)
class Hunk(Generic[T]):
    """``base[start:end]`` replaced by ``new`` on one side."""

    start: int
    end: int
    new: tuple[T, ...]
    side: int  # 0 ours, 1 theirs


@dataclass(frozen=True)
class Conflict(Generic[T]):
    base: tuple[T, ...]
    ours: tuple[T, ...]
    theirs: tuple[T, ...]


#: a merged sequence: plain items, and a Conflict where both sides changed the same items
Merged = list


def _hunks(base: Sequence[T], new: Sequence[T], side: int) -> list[Hunk[T]]:
    out = []
    matcher = difflib.SequenceMatcher(None, list(base), list(new), autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            out.append(Hunk(i1, i2, tuple(new[j1:j2]), side))
    return out


def _touch(a: Hunk, b: Hunk) -> bool:
    """Whether two hunks of different sides change the same base items (or
    insert at the same place, or one inserts inside what the other replaces)."""
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def merge(base: Sequence[T], ours: Sequence[T], theirs: Sequence[T],
          both_inserts: bool = False) -> list[T | Conflict[T]]:
    """The merged items, with a :class:`Conflict` in place of each region
    both sides changed differently. ``both_inserts``: two different
    insertions at one place keep both, ours first (entries of a list) rather
    than conflict (paragraphs, whose order is the author's)."""
    hunks = sorted(_hunks(base, ours, 0) + _hunks(base, theirs, 1), key=lambda h: (h.start, h.end, h.side))
    groups: list[list[Hunk[T]]] = []
    for h in hunks:
        if groups and any(_touch(h, g) for g in groups[-1] if g.side != h.side):
            groups[-1].append(h)
            # a hunk of the same side that overlaps the group joins it too (keeps order)
            continue
        if groups and any(g.side == h.side and g.start < h.end and h.start < g.end for g in groups[-1]):
            groups[-1].append(h)
            continue
        groups.append([h])
    # a later group may touch an earlier one through a wide hunk: join until stable
    joined: list[list[Hunk[T]]] = []
    for g in groups:
        if joined and _span(joined[-1])[1] > _span(g)[0] or (
                joined and any(_touch(a, b) for a in joined[-1] for b in g if a.side != b.side)):
            joined[-1] = joined[-1] + g
        else:
            joined.append(g)
    out: list[T | Conflict[T]] = []
    pos = 0
    for g in joined:
        start, end = _span(g)
        out.extend(base[pos:start])
        sides = {h.side for h in g}
        mine = _apply(base, start, end, [h for h in g if h.side == 0])
        yours = _apply(base, start, end, [h for h in g if h.side == 1])
        if len(sides) == 1:
            out.extend(mine if 0 in sides else yours)
        elif mine == yours:
            out.extend(mine)
        elif both_inserts and start == end:
            out.extend(mine)
            out.extend(x for x in yours if x not in mine)
        else:
            out.append(Conflict(tuple(base[start:end]), tuple(mine), tuple(yours)))
        pos = end
    out.extend(base[pos:])
    return out


def _span(group: list[Hunk]) -> tuple[int, int]:
    return min(h.start for h in group), max(h.end for h in group)


def _apply(base: Sequence[T], start: int, end: int, hunks: list[Hunk[T]]) -> list[T]:
    """``base[start:end]`` with one side's hunks applied."""
    out: list[T] = []
    pos = start
    for h in sorted(hunks, key=lambda h: (h.start, h.end)):
        out.extend(base[pos:h.start])
        out.extend(h.new)
        pos = max(pos, h.end)
    out.extend(base[pos:end])
    return out


def conflicts(merged: list) -> int:
    return sum(1 for x in merged if isinstance(x, Conflict))
