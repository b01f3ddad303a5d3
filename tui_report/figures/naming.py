"""Ids for new figures: the one a person would have chosen, offered before
they have to think of one.

A figure's id is what prose writes (``{{spend_total}}``), what rules name
and what next year's ``new`` and the importer look for, so a known amount
gets the id every report uses for it (``figures.identities``: 实际支出 is
``spend_total`` as in the sample); other labels get a readable fallback.
"""

from __future__ import annotations

import re
from pathlib import Path

from tui_report.figures.formula import FUNCTIONS
from tui_report.figures.identities import KNOWN_FIGURES
from tui_report.report.model import Report
from tui_report.report.store import FIGURE_ID_RE

#: Longer ids are a paste gone wrong, and make prose hard to read.
MAX_ID = 40

#: Rates and other derived amounts reports commonly carry, beside the
#: figures of ``identities`` (the execution rate as docs/format.md names it).
EXTRA_IDS = (
    ("预算执行率", "exec_rate"),
    ("执行率", "exec_rate"),
    ("结转结余率", "carryover_rate"),
    ("满意度", "satisfaction"),
)

#: Names a figure id may not take: the report's own placeholders and the
#: formula functions, which would mean something else in prose or rules.
FIELDS = frozenset(Report(Path(), "", "", 2000).fields())
RESERVED = FIELDS | frozenset(FUNCTIONS)


def valid_id(fid: str) -> str | None:
    """Why ``fid`` cannot be a figure id (a sentence to show), or None."""
    if not fid:
        return "编号不能为空"
    if len(fid) > MAX_ID:
        return f"编号过长（最多 {MAX_ID} 个字符）"
    if not FIGURE_ID_RE.match(fid):
        return f"编号“{fid}”只能含英文字母、数字和下划线，且不以数字开头（例如 spend_total）"
    if fid in FIELDS:
        return f"“{fid}”是报告字段 {{{{{fid}}}}} 的名称，请换一个编号"
    if fid in RESERVED:
        return f"“{fid}”是公式函数的名称，请换一个编号"
    return None


def _known(label: str) -> str | None:
    label = label.strip()
    for known in KNOWN_FIGURES:
        if label in known.names:
            return known.id
    return next((fid for words, fid in EXTRA_IDS if label == words), None)


def _ascii_slug(label: str) -> str | None:
    """An English label as an id (``Training fee`` → ``training_fee``)."""
    if not label.isascii():
        return None
    slug = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:MAX_ID].rstrip("_")
    if not slug or not FIGURE_ID_RE.match(slug):
        return None
    return slug  # a reserved word (``year``) is made free by :func:`_free`


def _free(base: str, existing: set[str]) -> str:
    if base not in existing and valid_id(base) is None:
        return base
    n = 2
    while f"{base}_{n}" in existing:
        n += 1
    return f"{base}_{n}"


def suggest_id(label: str, existing: set[str]) -> str:
    """A valid id for a new figure called ``label``, not in ``existing``."""
    base = _known(label) or _ascii_slug(label.strip())
    if base is not None:
        return _free(base, existing)
    n = 1
    while f"figure_{n}" in existing:
        n += 1
    return f"figure_{n}"


_CLAUSE_END = "，。；、：:（()\n 　！？"
_LINKING = "为是共计达约合总额金额了"


def label_before(text: str, offset: int) -> str:
    """A name for an amount from the words before it ("基本支出125.32万元"
    → 基本支出): the clause it starts, minus linking words (为、共计…)."""
    before = text[:offset]
    cut = max(before.rfind(ch) for ch in _CLAUSE_END)
    clause = before[cut + 1:].rstrip(_LINKING)
    return clause[-12:]
