"""Money typed in imported prose → figures, and the prose → placeholders.

``全年实际到位资金230.32万元`` becomes ``全年实际到位资金{{funds_received}}``
and a figure labelled 全年实际到位资金 worth 230.32: the number is then typed
once, checked, and carried to next year. A figure's name is the words right
before the amount (back to the previous punctuation), with the year, "其中"
and "为" trimmed; the names every report uses (``figures.identities``) get the ids
the identities need. The same name and value met again is the same figure.

Amounts are read with ``Decimal`` from the digits as typed; nothing in the
text is evaluated.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from tui_report.checks.typed_amounts import is_standard
from tui_report.figures.identities import match_label

AMOUNT = re.compile(
    r"(?<![0-9０-９.．A-Za-z_])(?<![0-9０-９][,，])"
    r"(?P<num>[0-9０-９]{1,3}(?:[,，][0-9０-９]{3})+(?:[.．][0-9０-９]+)?|[0-9０-９]+(?:[.．][0-9０-９]+)?)"
    r"\s*(?P<unit>亿元|万元|千元|元)(?![素旦宵])"
)
#: clause punctuation ends a name; quotes and brackets are part of it (“三公”经费, 因公出国（境）费)
_BOUNDARY = "，,。；;：:、！？!?【】[]\n\x01"
_LEAD = re.compile(r"^(?:\d{4}年度?|\{\{year\}\}年度?|年度|其中|包括|含|另有|共有|全年共|截至年底|截至年末|以及|及|和)+")
_TRAIL = re.compile(r"(?:为|是|达到|达|约为|约|共计|合计|总计|计|共)+$")
#: words that may follow a known name and still mean that figure
_KNOWN_TAIL = re.compile(r"^(?:总额|总计|合计|数|金额|财政拨款|拨款|资金|经费|支出)?$")
MAX_LABEL = 16

#: start → (end, make(ids) → the text to put in), see :meth:`Extractor.replace`
Spans = dict[int, tuple[int, Callable[[dict[int, str]], str]]]


@dataclass
class Found:
    id: str
    label: str
    value: Decimal
    unit: str
    line: int
    text: str  # the amount as typed, for the summary


@dataclass
class Extraction:
    unit: str = "万元"
    figures: dict[str, Found] = field(default_factory=dict)
    unnamed: list[Found] = field(default_factory=list)
    years: int = 0  # literal years turned into {{year}}


def parse_amount(text: str) -> Decimal:
    return Decimal(unicodedata.normalize("NFKC", text).replace(",", ""))


def report_unit(texts: list[str]) -> str:
    """The unit most amounts are typed in; the others keep their own."""
    counts = Counter(m.group("unit") for t in texts for m in AMOUNT.finditer(t))
    return counts.most_common(1)[0][0] if counts else "万元"


def name_before(text: str, start: int, floor: int = 0) -> str:
    """The words naming the amount at ``start``: back to punctuation or to
    the previous amount, trimmed of year and filler."""
    i = start
    if i > floor and text[i - 1] in "，,：:":  # 项目支出，28.67万元: the name is one clause back
        i -= 1
    end = i
    while i > floor and text[i - 1] not in _BOUNDARY:
        i -= 1
    seg = _LEAD.sub("", text[i:end].strip()) or text[i:end].strip()
    return _TRAIL.sub("", seg).strip() or seg


class Extractor:
    """Keeps the figures found so far, so later prose reuses them."""

    def __init__(self, unit: str):
        self.result = Extraction(unit=unit)
        self._serial = 0
        #: (how it was named, the name, value, unit) → the figure made for it
        self._seen: dict[tuple, Found] = {}

    def _new_id(self, base: str) -> str:
        if base not in self.result.figures:
            return base
        n = 2
        while f"{base}_{n}" in self.result.figures:
            n += 1
        return f"{base}_{n}"

    def _figure(self, name: str, value: Decimal, unit: str, line: int, typed: str) -> Found:
        figures = self.result.figures
        match = match_label(name) if name else None
        known = match[0] if match and _KNOWN_TAIL.match(match[1]) else None
        # the same amount named the same way is the same figure: looked up,
        # not searched for (a long report has thousands of amounts)
        if known is not None:
            key = ("known", known.id, value, unit)
            same = self._seen.get(key)
            if same is not None:
                return same
            label = known.label if known.id not in figures else name
            found = Found(self._new_id(known.id), label, value, unit, line, typed)
        else:
            label = name[-MAX_LABEL:]
            key = ("label", label, value, unit)
            same = self._seen.get(key) if label else None
            if same is not None:
                return same
            self._serial += 1
            found = Found(self._new_id(f"amount_{self._serial}"), label or "未命名金额", value, unit, line, typed)
            if not label:
                self.result.unnamed.append(found)
        figures[found.id] = found
        if key is not None and (known is not None or label):
            self._seen.setdefault(key, found)
        self._seen.setdefault(("label", found.label, value, unit), found)
        return found

    def replace(self, text: str, line: int, spans: Spans | None = None) -> str:
        """``text`` with every amount replaced by its figure's placeholder.

        ``spans`` (start → (end, make)) are put in by ``make(ids)`` instead,
        once every other amount has its figure: ``ids`` maps the start of
        each amount in ``text`` to the figure it became, so a percentage can
        become a derived figure of two of them (``{{a_share}}``) and an
        amount of change ``{{a.change}}``."""
        spans = spans or {}
        out: list[str | Callable[[dict[int, str]], str]] = []
        ids: dict[int, str] = {}
        last = 0
        taken = sorted(spans.items())
        events = sorted([(m.start(), m.end(), m) for m in AMOUNT.finditer(text)] +
                        [(a, end, make) for a, (end, make) in taken], key=lambda e: (e[0], isinstance(e[2], re.Match)))
        for start, end, what in events:
            if start < last:
                continue  # inside a span already put in
            if isinstance(what, re.Match):
                if is_standard(text, start, end):
                    continue  # 300元/年, 每人100元: a rule quoted, not an amount of the report
                name = name_before(text, start, last)
                fig = self._figure(name, parse_amount(what.group("num")), what.group("unit"), line, what.group(0))
                ids[start] = fig.id
                out.append(text[last:start])
                out.append("{{" + fig.id + "}}")
            else:
                out.append(text[last:start])
                out.append(what)
            last = end
        out.append(text[last:])
        return "".join(part if isinstance(part, str) else part(ids) for part in out)

    def replace_year(self, text: str, year: int) -> str:
        # the spaces a PDF leaves around a year (现将 2021 年) go with it: beside
        # a placeholder they would read as stray spaces in Chinese text
        new, n = re.subn(rf"(?:(?<=[\u4e00-\u9fff])[ \t\u3000]+)?(?<![0-9０-９]){year}[ \t\u3000]*(?=年)",
                         "{{year}}", text)
        self.result.years += n
        return new
