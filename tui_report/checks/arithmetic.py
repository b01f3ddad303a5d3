"""Arithmetic that reports carry in their sentences, recognised and checked.

Published reports state most figures in prose, and reviewers at the finance
bureau check the sums, shares and rates in it (DESIGN.md §7):

* breakdowns — ``支出1210.08万元。其中：工资福利支出803.15万元，…`` — the parts of a
  complete list add up to the total;
* shares — ``财政拨款收入1398.20万元，占97.33%`` — the share is part / total,
  rounded as typed;
* year-on-year — ``比上年减少96.40万元，下降7.38%`` — the implied previous value and
  the rate agree, the direction word matches the sign, and both agree with
  last year's value when the report knows it (``prev``);
* table totals — a 合计 / 小计 / 总计 row or column of a Markdown table;
* a typed 预算执行率 that differs from the report's derived execution rate
  (or from the quotient of the amounts stated with it, a form's row run
  together included where one cut of its digits bears it out);
* lists no cue word announces, read only where the evidence bears them out:
  amounts after a colon that add up exactly, counts of kinds of what a count
  counts (``35个科室，14个管理科室和21个…科室``).

Placeholders take part exactly like typed numbers. Recognition looks only at
the words (and at which placeholders are money and which are rates), so it is
memoised per text; the numbers are judged afterwards against the figure
values, which is cheap, so the editor re-checks on every keystroke.
The importer uses :func:`recognise` on the typed source to propose identities.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import NamedTuple

from tui_report.figures import yoy
from tui_report.figures.placeholders import PLACEHOLDER
from tui_report.figures.rates import rounded
from tui_report.figures.values import Resolved, is_money, shown_places
from tui_report.report.model import UNIT_SCALE, Report
from tui_report.report.problems import Finding

# --- the words -------------------------------------------------------------------

#: full-width digits, point and percent read as their ASCII forms (one
#: character for one, so offsets stay those of the text)
_HALF = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_FULL_WIDTH = re.compile("[０-９．％]")
#: a placeholder, or a number with its unit (what comes before a number is
#: judged in code: a look-behind here makes the scan three times slower)
_QTY = re.compile(
    r"(?=[{\d])(?:(?P<ph>\{\{\s*(?P<name>[^{}\s]*)\s*\}\})"
    r"|(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?:(?P<money>[亿千万]?元)(?![素旦宵])|(?P<pct>%)"
    # counters, each kept from the words it starts (名称, 家庭, 所得, 个月, 项目 …)
    r"|(?P<count>人次|人(?![员民])|名(?![称义单额])|位(?![于置])|个(?![月人性体])|家(?![庭具长属])"
    r"|所(?![得有属在需以])|辆|项(?![目])|次(?![年日月])|户(?![籍口])|台(?![账阶风])|套|件|座"
    r"|处(?![理置室级长])|条(?![件例])|场(?![所地])|篇|批(?![复准次])|张|份(?![额]))))"
)
#: counters that count the same things: 17家单位, 其中…15个
_COUNTER_CLASS = {"名": "人", "位": "人", "家": "个", "所": "个"}
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_NOT_BEFORE = set("0123456789.,ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_SENTENCE_END = "。！？!?\n"
#: a sentence that starts after one of these follows another (a sentence cut
#: to the window, or a new paragraph, does not)
_STOPS = "。！？!?"
_CLAUSE = "，,；;、：:"
_OPEN, _CLOSE = "（(", "）)"
#: a list of parts follows
_LIST = re.compile(r"其中|分别(?:为|是|实现|完成|达到)?|具体为|包括|用于以下(?:几个)?方面|用于如下方面")
#: a list whose parts need not make up the whole amount named before it
#: (``A、B分别为…``): judged only when it adds up or misses by one digit
_WEAK_LIST = ("分别",)
#: a total named after its parts: ``…，合计批复总投资6222.4万元``
_SUM_WORDS = r"合\s*计|共\s*计|总\s*计|累\s*计"
_SUM_WEAK_WORDS = r"全年预算|调整后预算|预算总额"
_SUM_AFTER = re.compile(_SUM_WORDS + "|" + _SUM_WEAK_WORDS)
#: …where the clause starts with them (``收入合计`` is a name, ``合计支出`` a sum)
_SUM_AFTER_HEAD = re.compile(rf"^(?:以上|上述|[两三四五六七八九十\d]+[项批笔个类]?)?(?:{_SUM_WORDS}|共)")
_SUM_AFTER_WEAK_HEAD = re.compile(rf"^(?:{_SUM_WEAK_WORDS})")
_NET = re.compile(r"净值|净额")
_GROSS = re.compile(r"原值|总额")
_DEDUCTED = re.compile(r"折旧|摊销|减值")
#: the list names only some parts: no sum can be checked
_PARTIAL = re.compile(r"等(?![级于同次])|主要|部分|……|…|\.\.\.|以及其他|包括但不限于")
_UP = ("增加", "增长", "上升", "提高", "增多", "上涨", "增")
_DOWN = ("减少", "下降", "降低", "下滑", "回落", "减")
_DIRECTION = "|".join(sorted(_UP + _DOWN, key=len, reverse=True))
#: a comparison with last year, then its direction word (or a computed one)
_YOY = re.compile(
    r"(?:比上年度?|较上年度?|同比|与上年度?相比|与\d{4}年度?相比|比上一年度?|较上一年度?"
    r"|[比较](?:\d{4}|\{\{\s*(?:prev_)?year\s*\}\})年度?(?:决算数?|预算数?|同期)?|[比较]上年(?:决算数?|预算数?|同期))"
    # 与2021年相比，一般公共预算财政拨款支出减少…: a short subject may come between
    r"[，,]?\s*(?:(?<=相比)(?P<subject>[^，,。；;：:\d{}]{1,20}?)|(?<=相比[，,])(?P<subject2>[^，,。；;：:\d{}]{1,20}?))?"
    r"(?:(?P<word>" + _DIRECTION + r")了?|(?P<trend>\{\{\s*[\w.]+\.trend\s*\}\}))"
)
_DIRECTION_END = re.compile(r"(?:" + _DIRECTION + r")了?\s*$")
_LAST_YEAR = re.compile(r"比上|较上|同比|上年|上一年|[比较]\d{4}年|[比较]\{\{\s*(?:prev_)?year\s*\}\}年|与\d{4}年")
_ANY_DIRECTION = re.compile(_DIRECTION)
_RATE_WORD = re.compile(r"(?P<word>增幅|增长率|增长|增加|上升|提高|降幅|减幅|下降|减少|降低|下滑)(?:了|为|是|达)?\s*$")
_RATE_UP = ("增幅", "增长率", "增长", "增加", "上升", "提高")
_SHARE = re.compile(r"占(?P<noun>[^，,；;。%％]{0,12}?)(?:的)?(?:比重|比例|比)?(?:为|是|达)?\s*$")
_EXEC = re.compile(r"(?:预算)?(?P<what>执行|完成|到位|支付)率(?:为|是|达到|达)?\s*$")
_TOTAL_LABEL = re.compile(r"^(?:合\s*计|小\s*计|总\s*计)")
_TOTAL_COLUMN = re.compile(r"^(?:合\s*计|小\s*计|总\s*计)|(?:合\s*计|总\s*计)$")
_RATE_HEADER = re.compile(r"执行率|完成率|到位率|支付率")
#: the words naming an amount spent, budgeted or left, for a rate's operands
_SPENT_WORD = re.compile(r"实际|执行|使用|支付|完成|已拨|拨付|到位|支出(?!预算)")
_BUDGET_WORD = re.compile(r"预算|批复|下达|安排|计划|调整后")
_LEFT_WORD = re.compile(r"结余|剩余|余额|节余|尚余")
#: the words naming an amount stop at punctuation or a placeholder
_LABEL_STOP = frozenset("，,；;、：:。！？!?\n（）()}\x01")
_LABEL_TRIM = re.compile(r"(?:为|是|达到|达|约为|约|共计|合计|总计|计|共|总额)+$")
_LABEL_LEAD = re.compile(r"^(?:其中|包括|分别为|具体为|含|以及|及|和|[0-9]{4}年度?|\{\{year\}\}年度?|年度|全年)+")


#: how far a reading looks from a cue word: a sentence longer than this is
#: cut to it, which keeps every reading linear in the text
WINDOW = 600


class Quantity(NamedTuple):
    """A money amount or a percentage in the text, typed or a placeholder
    (a tuple: a paragraph holds dozens and they are made on every scan)."""

    kind: str  # "money" | "percent"
    offset: int
    length: int
    text: str  # as written
    label: str = ""  # the words naming it (for messages; filled in for quantities in claims)
    value: Decimal | None = None  # typed: the number as written
    unit: str = ""  # typed money: 万元 …; typed percent: %
    places: int = 0  # typed: decimals written
    name: str | None = None  # placeholder: the name inside {{ }}


@dataclass(frozen=True)
class Breakdown:
    total: Quantity
    parts: tuple[Quantity, ...]
    complete: bool  # no 等 / 主要 / 部分: the parts must add up


@dataclass(frozen=True)
class Share:
    part: Quantity
    total: Quantity
    percent: Quantity


@dataclass(frozen=True)
class Change:
    value: Quantity
    word: str  # the direction word as typed, or "" for {{x.trend}}
    up: bool | None  # None: a {{x.trend}} placeholder, judged from the values
    offset: int  # of the direction word
    trend: str | None = None  # the {{x.trend}} name
    delta: Quantity | None = None
    rate: Quantity | None = None
    rate_up: bool | None = None
    rate_word: str = ""


@dataclass(frozen=True)
class TableTotal:
    total: Quantity
    parts: tuple[Quantity, ...]
    where: str  # "合计行第2列" …


@dataclass(frozen=True)
class TypedRate:
    """A typed 执行率 (完成率, 到位率…): judged as the quotient of the two
    amounts it was stated with when the text gives them (``批复1824.15万元，
    执行1711.15万元，执行率93.81%``, or a table row), else against the
    report's derived execution rate."""

    percent: Quantity
    numerator: Quantity | None = None  # what was spent (paid, done)
    denominator: Quantity | None = None  # what was budgeted (planned)
    left: Quantity | None = None  # what is left: the budget is spent + left


@dataclass(frozen=True)
class Remainder:
    """``rest`` is ``total`` less ``used`` (what is left of a budget, a net value)."""

    total: Quantity
    used: Quantity
    rest: Quantity


@dataclass(frozen=True)
class Claims:
    breakdowns: tuple[Breakdown, ...] = ()
    shares: tuple[Share, ...] = ()
    changes: tuple[Change, ...] = ()
    tables: tuple[TableTotal, ...] = ()
    rates: tuple[TypedRate, ...] = ()
    remainders: tuple[Remainder, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.breakdowns or self.shares or self.changes or self.tables or self.rates
                    or self.remainders)


#: what a placeholder stands for: "money", "percent", "trend" or None
KindOf = Callable[[str], str | None]


def _no_placeholders(name: str) -> str | None:
    return None


_CANDIDATE = re.compile(r"其中|分别|具体为|包括|用于[以如]下|[比较]上|同比|与上年|与\d{4}年|[比较]\d{4}年|[比较]\{\{"
                        r"|执行率|完成率|到位率|支付率|\||" + _SUM_WORDS + "|" + _SUM_WEAK_WORDS +
                        r"|剩余|结余|余额|净值|[元人名个}][(（]"
                        # a list no cue word announces: amounts after a colon, counts after a count
                        r"|元[^。：:]{0,80}[：:][^。：:]{0,80}?\d[\d.]*\s*[亿千万]?元|\d个[^\d，,。]{1,8}[，,]\d+个")
#: 占 then a number soon after (not 挤占、占用)
_SHARE_HINT = re.compile(r"占[^。，,；;{]{0,12}(?:\d|\{\{)")


def _may_hold_claims(text: str) -> bool:
    return _CANDIDATE.search(text) is not None or ("占" in text and _SHARE_HINT.search(text) is not None)


# --- recognition -------------------------------------------------------------------------


def recognise(text: str, kind_of: KindOf = _no_placeholders) -> Claims:
    """Every arithmetic claim in one paragraph (or body)."""
    if not _may_hold_claims(text):
        return Claims()
    if _FULL_WIDTH.search(text):
        text = text.translate(_HALF)
    return _Recogniser(text, kind_of).run()


def quantities(text: str) -> list[Quantity]:
    """Every typed amount and percentage in ``text``, in order."""
    if _FULL_WIDTH.search(text):
        text = text.translate(_HALF)
    return _Recogniser(text, _no_placeholders).quantities


class _Recogniser:
    def __init__(self, text: str, kind_of: KindOf) -> None:
        self.text = text
        self.kind_of = kind_of
        self.depth = _depths(text)
        self.quantities = list(self._quantities())
        self._offsets = [q.offset for q in self.quantities]
        self._ends = [i for i, c in enumerate(text) if c in _SENTENCE_END]
        self._labels: dict[int, str] = {}
        self._changes_memo: dict[int, bool] = {}

    def _between(self, start: int, end: int) -> list[Quantity]:
        """The quantities that start in [start, end): a slice found by
        bisection, so no reading looks at more than its own stretch of text."""
        offsets = self._offsets
        return self.quantities[bisect_left(offsets, start):bisect_left(offsets, end)]

    def _quantities(self) -> Iterator[Quantity]:
        text = self.text
        for m in _QTY.finditer(text):
            if m.group("ph"):
                name = m.group("name")
                kind = self.kind_of(name)
                if kind not in ("money", "percent"):
                    continue
                yield Quantity(kind, m.start(), m.end() - m.start(), m.group(0), name=name)
                continue
            num = m.group("num")
            start = m.start("num")
            if start and text[start - 1] in _NOT_BEFORE and not (
                    text[start - 1] == "," and (start < 2 or not text[start - 2].isdigit())):
                continue  # inside a longer number or a name (but 科室,14个: a half-width comma ends a clause)
            if "," in num and not _GROUPED.fullmatch(num):  # 2021,300万元: the amount is 300
                cut = num.rindex(",") + 1
                num, start = num[cut:], start + cut
                if not num:
                    continue
            try:
                value = Decimal(num.replace(",", ""))
            except InvalidOperation:  # pragma: no cover - the pattern admits only digits
                continue
            places = _places(num)
            shown = text[start:m.end()]
            if m.group("money"):
                yield Quantity("money", start, m.end() - start, shown, "", value, m.group("money"), places)
            elif m.group("count"):
                if "." in num or (start and text[start - 1] == "第"):  # 第3名 is a rank
                    continue
                yield Quantity("count", start, m.end() - start, shown, "", value, m.group("count"), 0)
            else:
                yield Quantity("percent", start, m.end() - start, shown, "", value, "%", places)

    def _label(self, start: int) -> str:
        got = self._labels.get(start)
        if got is None:
            got = self._labels[start] = self._label_at(start)
        return got

    def _label_at(self, start: int) -> str:
        text = self.text
        i, floor = start, max(0, start - 24)
        while i > floor and text[i - 1] not in _LABEL_STOP:
            i -= 1
        if i == start and i > 0 and text[i - 1] in ":：":  # 收入:792.22万元
            return self._label_at(i - 1)
        seg = _LABEL_LEAD.sub("", text[i:start].strip())
        return _LABEL_TRIM.sub("", seg).strip()[-16:]

    def run(self) -> Claims:
        text = self.text
        breakdowns, shares = self._breakdowns() if _LIST.search(text) else ([], [])
        listed = {b.total.offset for b in breakdowns}
        if any(c in text for c in _OPEN):
            breakdowns += self._bracket_breakdowns()
        if _SUM_AFTER.search(text):
            breakdowns += self._sums_after(listed)
        if ":" in text or "：" in text or "个" in text:
            seen = listed | {b.total.offset for b in breakdowns}
            breakdowns += self._exact_lists(seen)
        remainders = self._remainders() if _LEFT_WORD.search(text) or _NET.search(text) else []
        if "占" in text:
            shares += self._named_shares({s.percent.offset for s in shares})
        changes = list(self._changes()) if _YOY.search(text) else []
        tables = list(self._tables()) if "|" in text else []
        rates = list(self._exec_rates()) if _RATE_HEADER.search(text) else []
        if _RATE_HEADER.search(text) and "%" in text:
            rates += self._glued_rates()
        if "|" in text and _RATE_HEADER.search(text):
            in_table = list(self._table_rates())
            seen = {r.percent.offset for r in in_table}
            rates = [r for r in rates if r.percent.offset not in seen] + in_table
        claims = Claims(tuple(breakdowns), tuple(shares), tuple(changes), tuple(tables), tuple(rates),
                        tuple(remainders))
        return self._labelled(claims) if claims else claims

    def _labelled(self, claims: Claims) -> Claims:
        """The claims with the words naming each of their amounts."""
        def lab(q: Quantity) -> Quantity:
            return q._replace(label=self._label(q.offset))

        def opt(q: Quantity | None) -> Quantity | None:
            return None if q is None else lab(q)

        return Claims(
            tuple(Breakdown(lab(b.total), tuple(lab(p) for p in b.parts), b.complete) for b in claims.breakdowns),
            tuple(Share(lab(s.part), lab(s.total), s.percent) for s in claims.shares),
            tuple(dataclasses.replace(c, value=lab(c.value), delta=opt(c.delta), rate=opt(c.rate))
                  for c in claims.changes),
            claims.tables, claims.rates,
            tuple(Remainder(lab(r.total), lab(r.used), lab(r.rest)) for r in claims.remainders))

    # sentences and clauses

    def _sentence_of(self, pos: int) -> tuple[int, int]:
        """The sentence around ``pos``, cut to :data:`WINDOW` characters each
        side: text with no full stop (a flattened page) is no one sentence."""
        ends = self._ends
        i = bisect_left(ends, pos)
        start = ends[i - 1] + 1 if i else 0
        end = ends[i] if i < len(ends) else len(self.text)
        return max(start, pos - WINDOW), min(end, pos + WINDOW)

    def _runs_on(self, pos: int, end: int) -> bool:
        """Whether the sentence around ``pos`` goes on past ``end`` (it was cut)."""
        i = bisect_left(self._ends, pos)
        return end < (self._ends[i] if i < len(self._ends) else len(self.text))

    def _clause_start(self, pos: int, floor: int) -> int:
        text, depth = self.text, self.depth
        d = depth[pos] if pos < len(text) else 0
        i = pos
        floor = max(floor, pos - WINDOW)
        while i > floor and not (text[i - 1] in _CLAUSE and depth[i - 1] == d):
            i -= 1
        return i

    @staticmethod
    def _like(q: Quantity, total: Quantity) -> bool:
        """``q`` counts what ``total`` counts: money with money, people with people."""
        if q.kind != total.kind:
            return False
        return q.kind != "count" or _COUNTER_CLASS.get(q.unit, q.unit) == _COUNTER_CLASS.get(total.unit, total.unit)

    def _is_change(self, q: Quantity) -> bool:
        """:meth:`_is_change_amount` in the quantity's own clause, worked out
        once per quantity (every reading asks it of the amounts around it)."""
        got = self._changes_memo.get(q.offset)
        if got is None:
            s_start = self._sentence_of(q.offset)[0]
            got = self._changes_memo[q.offset] = self._is_change_amount(q, self._clause_start(q.offset, s_start))
        return got

    def _is_change_amount(self, q: Quantity, clause_start: int) -> bool:
        """``比上年增加20万元`` (or ``{{x.trend}}{{x.change}}``): an amount of
        change, not a part."""
        if q.name is not None and q.name.endswith(".change"):
            return True
        before = self.text[clause_start:q.offset]
        return bool(_DIRECTION_END.search(before) or _LAST_YEAR.search(before))

    # breakdowns and the shares inside them

    def _breakdowns(self) -> tuple[list[Breakdown], list[Share]]:
        text, depth = self.text, self.depth
        out: list[Breakdown] = []
        shares: list[Share] = []
        for m in _LIST.finditer(text):
            k, d = m.start(), depth[m.start()]
            s_start, s_end = self._sentence_of(k)
            line_end = text.find("\n", m.end())
            if d == 0 and line_end >= 0 and not text[m.end():line_end].strip(" \t:："):
                self._list_on_lines(m, s_start, line_end, out, shares)
                continue
            if d > 0:  # a list in brackets ends with them; the total stands before them
                opens = [i for i in range(s_start, k) if text[i] in _OPEN and depth[i] == d - 1]
                open_at = opens[-1] if opens else s_start
                end = next((i for i in range(k, s_end) if depth[i] < d), s_end)
                total = self._last_money(s_start, open_at, d - 1, counts=True)
            else:
                open_at, end = s_start, s_end
                total = self._last_money(s_start, k, 0, counts=True)
                if total is None and s_start > 0 and text[s_start - 1] in _STOPS:
                    p_start, _ = self._sentence_of(s_start - 1)
                    total = self._last_money(p_start, s_start - 1, 0, counts=True)
            if total is None:
                continue
            # the list stops where another one starts at its own depth
            nxt = next((n.start() for n in _LIST.finditer(text, m.end(), end) if depth[n.start()] == d), end)
            end = nxt
            parts: list[Quantity] = []
            part_clauses: list[tuple[Quantity, int]] = []  # each part and the end of its clause
            # parts joined by commas end at a semicolon (what follows is a new
            # subject); parts joined by semicolons run to the full stop
            joiner = None
            before = ""  # the separator before the clause
            for c_start, c_end, sep in self._clauses(m.end(), end, d):
                if joiner and joiner in "，,、" and before and before in "；;":
                    break
                q = next((q for q in self._between(c_start, c_end)
                          if c_start <= q.offset < c_end and depth[q.offset] == d and self._like(q, total)
                          and not self._is_change_amount(q, c_start)), None)
                if q is not None:
                    if parts and joiner is None:
                        joiner = before
                    parts.append(q)
                    part_clauses.append((q, c_end))
                elif parts:
                    # a clause with no amount of its own: 占N% or 比上年… belongs to
                    # the part before; any other words end the list
                    share = self._share_in(c_start, c_end, d)
                    if share is not None:
                        shares.append(Share(part_clauses[-1][0], total, share))
                    elif sep in "、" and c_end < end:
                        pass  # 财政专户资金、单位资金保障0人: names of one part
                    elif any(depth[p.offset] == d for p in self._between(c_start, c_end)
                             if p.kind in ("money", "count")):
                        pass  # 轿车0辆、金额0万元: another measure of the part before
                    elif not self._about_previous(c_start, c_end, d):
                        break
                before = sep
            for q, c_end in part_clauses:
                share = self._share_in(q.offset + q.length, c_end, d)
                if share is not None:
                    shares.append(Share(q, total, share))
            # 等 / 主要 / 部分 count where the list is: a flattened text's
            # sentence may run on into other paragraphs that have them
            reach = part_clauses[-1][1] if part_clauses else end
            # and the clause after the last part (``，……`` or ``等``)
            reach = next((i for i in range(reach + 1, min(end, reach + 40)) if text[i] in _CLAUSE + "。"),
                         min(end, reach + 40))
            region = text[m.end():reach] if depth is _FLAT else \
                "".join(c for i, c in enumerate(text[m.end():reach], m.end()) if depth[i] == d)
            complete = (not _PARTIAL.search(region) and not (reach >= end == s_end and self._runs_on(k, s_end))
                        and not text[max(0, k - 2):k].endswith("主要"))
            if complete and m.group(0).startswith(_WEAK_LIST):
                complete = self._adds_up_or_nearly(total, parts)
            if len(parts) >= 2 or (parts and not complete):
                out.append(Breakdown(total, tuple(parts), complete and len(parts) >= 2))
        return out, shares

    def _adds_up_or_nearly(self, total: Quantity, parts: list[Quantity]) -> bool:
        """Whether typed parts add up to the total, or miss it by one changed
        digit (a difference of one digit, under a tenth of the total): what a
        list that need not be complete must show before it is judged."""
        if total.value is None or any(p.value is None for p in parts) or len(parts) < 2:
            return False
        scale = UNIT_SCALE.get(total.unit, Decimal(1))
        got = sum(((p.value or Decimal(0)) * UNIT_SCALE.get(p.unit, Decimal(1)) for p in parts), Decimal(0))
        want = total.value * scale
        diff = abs(got - want)
        if diff == 0:
            return True
        if want == 0 or diff * 10 > want:
            return False
        digits = diff.normalize().as_tuple().digits
        return len([x for x in digits if x]) == 1

    def _bracket_breakdowns(self) -> list[Breakdown]:
        """``年初预算14818万元（基本支出9896万元、项目支出4922万元）``: brackets
        right after an amount, holding only its parts, one to a clause."""
        text, depth = self.text, self.depth
        out = []
        for q in self.quantities:
            if q.kind not in ("money", "count"):
                continue
            at = q.offset + q.length
            while at < len(text) and text[at] == " ":
                at += 1
            if at >= len(text) or text[at] not in _OPEN:
                continue
            d = depth[q.offset]
            end = next((i for i in range(at + 1, min(len(text), at + 400)) if depth[i] <= d and text[i] in _CLOSE),
                       None)
            if end is None:
                continue
            inner = text[at + 1:end]
            if re.match(r"\s*(?:其中|含|包括|不含|分别|即|合计|共)", inner) or _NET.search(self._label(q.offset)):
                continue  # 其中 has its own reading; 含 names some parts only; a net value is a difference
            parts: list[Quantity] = []
            for c_start, c_end, _ in self._clauses(at + 1, end, d + 1):
                qs = [p for p in self._between(c_start, c_end) if depth[p.offset] == d + 1]
                # a count of other things names the part (3个公司聘用人员1155人), it is no part
                qs = [p for p in qs if self._like(p, q) or p.kind != "count"]
                if len(qs) != 1 or not self._like(qs[0], q) or self._is_change_amount(qs[0], c_start):
                    parts = []
                    break
                parts.append(qs[0])
            if len(parts) >= 2:
                complete = not _PARTIAL.search(inner)
                out.append(Breakdown(q, tuple(parts), complete))
        return out

    def _sums_after(self, seen: set[int]) -> list[Breakdown]:
        """``一批…3374.3万元，二批…2069.51万元，三批…778.59万元，合计批复总投资
        6222.4万元``: a total named after its parts, which are the amounts of
        the clauses before it in its sentence."""
        text, depth = self.text, self.depth
        out = []
        for q in self.quantities:
            if q.kind not in ("money", "count") or q.offset in seen:
                continue
            c_start = self._clause_start(q.offset, 0)
            head = text[c_start:q.offset].strip()
            strong = _SUM_AFTER_HEAD.search(head)
            if not strong and not _SUM_AFTER_WEAK_HEAD.search(head) or self._is_change_amount(q, c_start):
                continue
            s_start, _ = self._sentence_of(q.offset)
            d = depth[q.offset]
            parts: list[Quantity] = []
            for p in self._between(s_start, c_start):
                if depth[p.offset] == d and self._like(p, q) \
                        and not self._is_change(p):
                    parts.append(p)
            if len(parts) < 2:
                continue
            complete = bool(strong) and not _PARTIAL.search(text[s_start:c_start])
            if not complete:
                complete = self._adds_up_or_nearly(q, parts)
            if complete:
                out.append(Breakdown(q, tuple(parts), True))
        return out

    def _exact_lists(self, seen: set[int]) -> list[Breakdown]:
        """Lists no cue word announces, read only where the evidence bears
        them out:

        * after a colon, the amount the sentence gave before it
          (``资金440万元，已分配下达到项目建设单位：A140万元、B140万元、C160万元``),
          only when the parts add up exactly: a list that does not is no claim,
          and never an error;
        * right after a count, counts of kinds of what it counts
          (``内设35个科室，14个管理科室和21个临床医技科室``): the parts' words name
          them so, and a sum a digit off is the error."""
        text, depth = self.text, self.depth
        out = []
        colons = [m.start() for m in re.finditer("[:：]", text)
                  if not (text[m.start() - 1:m.start()].isdigit() and text[m.start() + 1:m.start() + 2].isdigit())]
        for q in self.quantities:
            if q.kind not in ("money", "count") or q.offset in seen or q.value is None or q.value == 0:
                continue
            d = depth[q.offset]
            s_start, s_end = self._sentence_of(q.offset)
            at = q.offset + q.length
            k = bisect_left(colons, at)
            colon = next((c for c in colons[k:k + 8] if c < s_end and depth[c] == d), None)
            if colon is not None:
                between = [p for p in self._between(at, colon) if p.kind in ("money", "count")]
                if between:
                    continue  # the amount right before the colon is the one listed
                parts = self._exact_parts(q, colon + 1, s_end, d)
                # only a list that adds up: a colon also brings on what is
                # not the amount's parts (预算100万元，执行情况：基本支出60万元…)
                holds = len(parts) >= 2 and self._adds_up(q, parts)
            elif q.kind == "count" and (noun := _counted_noun(text, at)) and text[at + len(noun):][:1] in ("，", ","):
                after = at + len(noun) + 1
                parts = self._exact_parts(q, after, self._clause_end(after, s_end, d), d, sep="和及与、")
                # the parts' own words say they are kinds of what the total counts,
                # so a sum a digit off is the error
                named = any(_counted_noun(text, p.offset + p.length).endswith(noun) for p in parts)
                holds = named and len(parts) >= 2 and self._adds_up_or_nearly(q, parts)
            else:
                continue
            if holds:
                out.append(Breakdown(q, tuple(parts), True))
        return out

    def _clause_end(self, start: int, end: int, d: int) -> int:
        return next((i for i in range(start, end) if self.text[i] in "，,；;：:。" and self.depth[i] == d), end)

    def _exact_parts(self, total: Quantity, start: int, end: int, d: int, sep: str = "") -> list[Quantity]:
        """The amounts like ``total``, one to a clause (or to a stretch between
        the ``sep`` words), from ``start`` to the first clause with none."""
        parts: list[Quantity] = []
        pieces = [(c_start, c_end) for c_start, c_end, _ in self._clauses(start, end, d)]
        if sep:
            pieces = [(a, b) for c_start, c_end in pieces for a, b in _cut(self.text, c_start, c_end, sep)]
        for c_start, c_end in pieces:
            qs = [p for p in self._between(c_start, c_end) if self.depth[p.offset] == d and p.kind != "percent"]
            if len(qs) != 1 or not self._like(qs[0], total) or self._is_change_amount(qs[0], c_start):
                break
            parts.append(qs[0])
        return parts

    @staticmethod
    def _adds_up(total: Quantity, parts: list[Quantity]) -> bool:
        if total.value is None or any(p.value is None for p in parts):
            return False
        scale = UNIT_SCALE.get(total.unit, Decimal(1))
        got = sum(((p.value or Decimal(0)) * UNIT_SCALE.get(p.unit, Decimal(1)) for p in parts), Decimal(0))
        return got == total.value * scale

    def _remainders(self) -> list[Remainder]:
        """What is left: ``预算8万元，已使用7.35万元，剩余0.65万元``, and a net
        value with its gross and deduction in brackets after it
        (``净值6216.38万元（原值6606.25万元，累计折旧389.87万元）``)."""
        text, depth = self.text, self.depth
        out = []
        for q in self.quantities:
            if q.kind != "money":
                continue
            label = self._label(q.offset)
            d = depth[q.offset]
            if _NET.search(label):
                at = q.offset + q.length
                if at < len(text) and text[at] in _OPEN:
                    end = next((i for i in range(at + 1, min(len(text), at + 200)) if text[i] in _CLOSE), None)
                    inner = [p for p in self._between(at + 1, end if end is not None else at)
                             if p.kind == "money" and depth[p.offset] == d + 1]
                    gross = [p for p in inner if _GROSS.search(self._label(p.offset))]
                    minus = [p for p in inner if _DEDUCTED.search(self._label(p.offset))]
                    if len(inner) == 2 and len(gross) == 1 and len(minus) == 1:
                        out.append(Remainder(gross[0], minus[0], q))
                continue
            if not _LEFT_WORD.search(label) or "上年" in label or "年初" in label:
                continue
            s_start, _ = self._sentence_of(q.offset)
            before = [p for p in self._between(s_start, q.offset) if p.kind == "money" and depth[p.offset] == d]
            spent = [p for p in before if _SPENT_WORD.search(self._label(p.offset))]
            budget = [p for p in before if _BUDGET_WORD.search(self._label(p.offset))
                      and not _SPENT_WORD.search(self._label(p.offset))]
            if len(spent) == 1 and len(budget) == 1 and budget[0].offset < spent[0].offset:
                out.append(Remainder(budget[0], spent[0], q))
        return out

    def _list_on_lines(self, m: re.Match, s_start: int, line_end: int, out: list[Breakdown],
                       shares: list[Share]) -> None:
        """``基本支出1076.17万元。其中：`` at the end of a paragraph, then a part
        a paragraph: 人员经费896.34万元，主要包括…／公用经费179.83万元，…"""
        text = self.text
        k = m.start()
        total = self._last_money(s_start, k, 0)
        if total is None and s_start > 0 and text[s_start - 1] in _STOPS:
            p_start, _ = self._sentence_of(s_start - 1)
            total = self._last_money(p_start, s_start - 1, 0)
        if total is None:
            return
        complete = not text[max(0, k - 2):k].endswith("主要")
        parts: list[Quantity] = []
        pos = line_end + 1
        while pos < len(text):
            nl = text.find("\n", pos)
            end = nl if nl >= 0 else len(text)
            first_end = next((i for i in range(pos, end) if text[i] in _CLAUSE + "。"), end)
            q = next((q for q in self._between(pos, first_end) if self._like(q, total)
                      and not self._is_change_amount(q, pos)), None)
            if q is None:
                break
            parts.append(q)
            if re.match(r"\s*等", text[q.offset + q.length:first_end]):
                complete = False
            share = self._share_in(q.offset + q.length, end, 0)
            if share is not None:
                shares.append(Share(q, total, share))
            pos = end + 1
        if len(parts) >= 2:
            out.append(Breakdown(total, tuple(parts), complete))

    def _clauses(self, start: int, end: int, d: int) -> Iterator[tuple[int, int, str]]:
        """(start, end, the separator after it) of each clause at depth ``d``."""
        text, depth = self.text, self.depth
        c = start
        for i in range(start, end):
            if text[i] in _CLAUSE and depth[i] == d:
                if i > c:
                    yield c, i, text[i]
                c = i + 1
        if end > c:
            yield c, end, ""

    def _about_previous(self, start: int, end: int, d: int) -> bool:
        """A clause that says more about the amount before it: a rate, a
        change from last year, an amount of change."""
        clause = self.text[start:end]
        if any(q.kind == "percent" for q in self._between(start, end)):
            return True
        return bool(_LAST_YEAR.search(clause) or _ANY_DIRECTION.search(clause)) or not clause.strip()

    def _last_money(self, start: int, end: int, d: int, counts: bool = False) -> Quantity | None:
        """The last amount (or count, with ``counts``) that is no amount of change."""
        for q in reversed(self._between(start, end)):
            if (q.kind == "money" or (counts and q.kind == "count")) \
                    and self.depth[q.offset] == d and not self._is_change(q):
                return q
        return None

    def _share_in(self, start: int, end: int, d: int) -> Quantity | None:
        """``占97.33%`` (or ``占总收入的97.33%``) with no other name in it."""
        for q in self._between(start, end):
            if q.kind == "percent" and self.depth[q.offset] == d:
                m = _SHARE.search(self.text[start:q.offset])
                if m and not _named(m.group("noun")):
                    return q
                return None
        return None

    def _named_shares(self, seen: set[int]) -> list[Share]:
        """``占总支出的N%`` outside a 其中 list: the total is the amount
        earlier in the text whose name the sentence gives."""
        out = []
        text = self.text
        for q in self.quantities:
            if q.kind != "percent" or q.offset in seen:
                continue
            c_start = self._clause_start(q.offset, 0)
            m = _SHARE.search(text[c_start:q.offset])
            if not m or not _named(m.group("noun")):
                continue
            noun = _noun(m.group("noun"))
            before = [p for p in self._between(q.offset - WINDOW, q.offset) if p.kind == "money"]
            if not before:
                continue
            part = before[-1]
            total = None
            for p in reversed(before[:-1]):
                label = _noun(self._label(p.offset))
                if noun and label and (label.endswith(noun) or noun.endswith(label)):
                    total = p
                    break
            if total is not None and self._sentence_of(part.offset) == self._sentence_of(q.offset):
                out.append(Share(part, total, q))
        return out

    # year on year

    def _changes(self) -> Iterator[Change]:
        text, depth = self.text, self.depth
        for m in _YOY.finditer(text):
            s_start, s_end = self._sentence_of(m.start())
            d = depth[m.start()]
            value = None
            said = (m.group("subject") or m.group("subject2") or "").strip()
            subject = _noun(said)
            for q in reversed(self._between(s_start, m.start())):
                if q.kind in ("money", "count") and depth[q.offset] == d and not self._is_change(q):
                    value = q
                    break
            if subject and value is not None:
                # 与上年相比收入总计减少…: the amount of that name, not the last one
                near = [q for q in self._between(s_start, m.start()) if depth[q.offset] == d
                        and q.kind == value.kind]
                named = [q for q in near if said and text[max(0, q.offset - len(said)):q.offset] == said] \
                    or [q for q in near if _noun(self._label(q.offset)) == subject]
                if named:
                    value = named[-1]
            if value is None and s_start > 0 and text[s_start - 1] in _STOPS and d == 0:
                # 收入792.22万元。同比上年度增加…: the value ends the sentence before
                p_start, _ = self._sentence_of(s_start - 1)
                value = self._last_money(p_start, s_start - 1, 0)
            if value is None:
                continue
            word = m.group("word") or ""
            trend = None
            if m.group("trend"):
                trend = m.group("trend").strip("{} ").rpartition(".")[0]
            up = None if trend else word in _UP
            after = [q for q in self._between(m.end(), s_end) if depth[q.offset] == d]
            delta = rate = None
            rate_up, rate_word = None, ""
            clause_end = next((i for i in range(m.end(), s_end) if text[i] in _CLAUSE and depth[i] == d), s_end)
            first = after[0] if after else None
            if first is not None and first.offset < clause_end and not text[m.end():first.offset].strip(" 了为"):
                if first.kind == "percent":
                    rate, rate_up, rate_word = first, up, word
                elif self._like(first, value):
                    delta = first
            if rate is None:
                for q in after:
                    if q.kind != "percent" or q is first:
                        continue
                    c_start = self._clause_start(q.offset, m.end())
                    rw = _RATE_WORD.search(text[c_start:q.offset])
                    if rw and c_start <= clause_end + 1 and (delta is None or q.offset > delta.offset):
                        rate, rate_word = q, rw.group("word")
                        rate_up = rate_word in _RATE_UP
                    break
            if delta is None and rate is None and trend is None:
                continue
            yield Change(value, word, up, m.start("word") if word else m.start("trend"), trend, delta, rate,
                         rate_up, rate_word)

    # tables

    def _tables(self) -> Iterator[TableTotal]:
        text = self.text
        rows: list[tuple[int, str]] = []
        pos = 0
        for line in text.split("\n"):
            if is_table_row(line):
                rows.append((pos, line))
            elif rows:
                yield from self._table(rows)
                rows = []
            pos += len(line) + 1
        if rows:
            yield from self._table(rows)

    def _table(self, rows: list[tuple[int, str]]) -> Iterator[TableTotal]:
        grid: list[list[tuple[int, str]]] = []
        for start, line in rows:
            lead = line.lstrip().startswith("|")
            cells, i = [], (line.index("|") + 1 if lead else 0)
            for raw in (line.strip().strip("|") if lead else line.rstrip().rstrip("|")).split("|"):
                at = line.find(raw, i) if raw else i
                cells.append((start + at, raw))
                i = at + len(raw) + 1
            if all(re.fullmatch(r"\s*:?-{2,}:?\s*", c) for _, c in cells):
                continue  # the separator row
            grid.append(cells)
        if len(grid) < 2:
            return
        header, body = grid[0], grid[1:]
        skip = {j for j, (_, h) in enumerate(header) if re.search(r"率|%|占比|比重|比例|增减|同比", h)}

        def qty(cell: tuple[int, str], j: int) -> Quantity | None:
            at, raw = cell
            s = raw.strip()
            if not s or j in skip:
                return None
            ph = PLACEHOLDER.fullmatch(s)
            if ph:
                kind = self.kind_of(ph.group(1))
                if kind != "money":
                    return None
                return Quantity("money", at + raw.index(s), len(s), s, "", name=ph.group(1))
            num = re.fullmatch(r"(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)\s*(亿元|万元|千元|元)?", s)
            if not num:
                return None
            value = Decimal(num.group(1).replace(",", ""))
            places = _places(num.group(1))
            return Quantity("money", at + raw.index(s), len(s), s, "", value, num.group(2) or "", places)

        # a 合计 / 小计 / 总计 row: each column sums the rows above it
        group: list[list[tuple[int, str]]] = []
        subtotals: list[list[tuple[int, str]]] = []
        everything: list[list[tuple[int, str]]] = []
        for r in body:
            label = r[0][1].strip()
            m = _TOTAL_LABEL.match(label)
            if not m:
                group.append(r)
                everything.append(r)
                continue
            is_sub = "小" in m.group(0)
            above = group if is_sub or not subtotals else subtotals
            if not is_sub and not subtotals:
                above = everything
            for j in range(1, len(r)):
                total = qty(r[j], j)
                parts = [qty(a[j], j) if j < len(a) else None for a in above]
                if total is None or not above or any(p is None for p in parts):
                    continue
                col = header[j][1].strip() if j < len(header) else f"第{j + 1}列"
                yield TableTotal(total, tuple(p for p in parts if p is not None), f"“{label}”行“{col}”列")
            if is_sub:
                subtotals.append(r)
                group = []
        # a 合计 column (收入合计 …): it sums the number columns before it in
        # each row or, standing first, the columns after it up to the next total
        totals = [j for j, (_, h) in enumerate(header) if j and _TOTAL_COLUMN.search(h.strip())]
        for j in totals:
            h = header[j][1]
            later = next((t for t in totals if t > j), len(header))
            for r in body:
                if j >= len(r):
                    continue
                total = qty(r[j], j)
                if total is None:
                    continue
                parts = [qty(r[i], i) for i in range(1, j) if i not in skip]
                if len(parts) < 2 or any(p is None for p in parts):
                    following = [(r[i], i) for i in range(j + 1, min(later, len(r))) if i not in skip]
                    if any(c[1].strip() and qty(c, i) is None for c, i in following):
                        continue  # words among the numbers: not a row of amounts
                    parts = [qty(c, i) for c, i in following if c[1].strip()]
                    if len(parts) < 2:
                        continue
                yield TableTotal(total, tuple(p for p in parts if p is not None),
                                 f"“{r[0][1].strip()}”行“{h.strip()}”列")

    def _table_rates(self) -> Iterator[TypedRate]:
        """A row under a header naming a 执行率: its rate cell is the cell
        before it over the one before that (预算数 | 执行数 | 执行率)."""
        text = self.text
        headed = False
        pos = 0
        for line in text.split("\n"):
            if not is_table_row(line):
                headed = False
            elif _RATE_HEADER.search(line) and not re.search(r"\|\s*\d+(?:\.\d+)?%\s*(?:\||$)", line):
                headed = True  # a header: it names the rate and holds none
            elif headed:
                cells = [(pos + m.start(1), m.group(1)) for m in re.finditer(r"([^|]+)", line)]
                for i, (at, raw) in enumerate(cells):
                    pct = re.fullmatch(r"\s*(\d+(?:\.\d+)?)%\s*", raw)
                    if pct is None or i < 3:
                        continue
                    nums = [re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*", c[1]) for c in cells[i - 2:i]]
                    if not all(nums):
                        break
                    qs = []
                    for (c_at, _), m in zip(cells[i - 2:i], nums, strict=True):
                        assert m is not None
                        num = m.group(1)
                        qs.append(Quantity("money", c_at + m.start(1), len(num), num, "", Decimal(num), "",
                                           _places(num)))
                    number = pct.group(1)
                    q = Quantity("percent", at + pct.start(1), len(number) + 1, number + "%", "", Decimal(number),
                                 "%", _places(number))
                    yield TypedRate(q, qs[1], qs[0])
                    break
            pos += len(line) + 1

    # typed execution rates

    def _glued_rates(self) -> list[TypedRate]:
        """A form's row flattened with its cells run together under a header
        that names a rate: ``年度资金总额194.9194.9100%`` is 预算数 194.9,
        执行数 194.9, 执行率 100%. The digits are read as three numbers only
        where exactly one way of cutting them makes the third the quotient of
        the second by the first, rounded as typed: the cut is the claim's own
        evidence, so a run no cut explains is left alone."""
        out = []
        text = self.text
        for m in _GLUED_RUN.finditer(text):
            at = _RATE_HEADER.search(text, 0, m.start())
            if at is None:
                continue
            cuts = glued_cells(m.group(1))
            if len(cuts) != 1:
                continue
            (a, b, r), = cuts
            start = m.start(1)
            qa = Quantity("money", start, len(a), a, "", Decimal(a), "", _places(a))
            qb = Quantity("money", start + len(a), len(b), b, "", Decimal(b), "", _places(b))
            qr = Quantity("percent", start + len(a) + len(b), len(r) + 1, r + "%", "", Decimal(r), "%", _places(r))
            out.append(TypedRate(qr, qb, qa))
        return out

    def _exec_rates(self) -> Iterator[TypedRate]:
        for q in self.quantities:
            if q.kind == "percent" and q.name is None:
                start = self._clause_start(q.offset, 0)
                m = _EXEC.search(self.text[start:q.offset])
                if m:
                    rate = self._rate_operands(q)
                    # a 完成率 with no amounts is an indicator's, not the budget's
                    if m.group("what") == "执行" or rate.numerator is not None:
                        yield rate

    def _rate_operands(self, q: Quantity) -> TypedRate:
        """The rate with the amounts it is the quotient of, when its sentence
        (or the one before) names what was spent and what was budgeted:
        ``批复1824.15万元，实际执行1711.15万元，执行率93.81%``, or
        ``已使用3.60万元，结余0万元，执行率100%`` (budgeted = used + left)."""
        s_start, _ = self._sentence_of(q.offset)
        d = self.depth[q.offset]
        before = [p for p in self._between(s_start, q.offset) if p.kind == "money"
                  and p.name is None and self.depth[p.offset] == d]
        if not before and s_start > 0:
            p_start, _ = self._sentence_of(s_start - 1)
            before = [p for p in self._between(p_start, s_start) if p.kind == "money"
                      and p.name is None and self.depth[p.offset] == d]
        spent = budget = left = None
        for p in before:
            label = self._label(p.offset)
            if _LEFT_WORD.search(label):
                left = p
            elif _SPENT_WORD.search(label):
                spent = p
            elif _BUDGET_WORD.search(label):
                budget = p
        if spent is not None and budget is not None and budget.offset != spent.offset:
            return TypedRate(q, spent, budget)
        if spent is not None and left is not None and left.offset > spent.offset:
            return TypedRate(q, spent, None, left)
        return TypedRate(q)


#: digits and points run together before a % (a row's cells with nothing between them)
_GLUED_RUN = re.compile(r"(?<![0-9.])([0-9]+(?:\.[0-9]+)?[0-9.]*?[0-9])%")
_CELL = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")


def glued_cells(digits: str) -> list[tuple[str, str, str]]:
    """Every way of cutting ``digits`` (``194.9194.9100``) into a budget, an
    amount spent and a rate (``194.9``, ``194.9``, ``100``) where the rate is
    the amount over the budget rounded as typed (neither 0, which rounds from
    anything small); none when ``digits`` is one number a percentage may be
    (a rate over 1000% is no rate)."""
    if _CELL.fullmatch(digits) and Decimal(digits) <= 1000:
        return []
    out = []
    for i in range(1, len(digits) - 1):
        a = digits[:i]
        if not _CELL.fullmatch(a) or Decimal(a) == 0:
            continue
        for j in range(i + 1, len(digits)):
            b, r = digits[i:j], digits[j:]
            if not (_CELL.fullmatch(b) and _CELL.fullmatch(r)) or len(r.split(".")[0]) > 3:
                continue
            if Decimal(b) == 0 or Decimal(r) == 0:
                continue  # 0 rounds from anything small: no evidence of a cut
            if rounds_to(Decimal(b) * 100 / Decimal(a), Decimal(r), _places(r)):
                out.append((a, b, r))
    return out


class _Flat:
    """The bracket depth of a text with no brackets: 0 everywhere."""

    def __getitem__(self, i: int) -> int:
        return 0


_FLAT = _Flat()


def _depths(text: str) -> list[int] | _Flat:
    if not any(c in text for c in _OPEN + _CLOSE):
        return _FLAT
    out, d = [], 0
    for c in text:
        if c in _CLOSE and d > 0:
            d -= 1
            out.append(d)  # the bracket itself stands outside
            continue
        out.append(d)
        if c in _OPEN:
            d += 1
    # an opening bracket stands outside what it opens
    return out


def _places(number: str) -> int:
    """Decimals typed: what "equal within rounding" is measured against."""
    return len(number.split(".", 1)[1]) if "." in number else 0


def _counted_noun(text: str, at: int) -> str:
    """What a count counts: the words right after its 量词 (35个科室 → 科室), up
    to a joining word."""
    m = re.match(r"[\u4e00-\u9fff]{1,8}", text[at:at + 8])
    return re.split(r"[和及与、]", m.group(0))[0] if m else ""


def _cut(text: str, start: int, end: int, sep: str) -> Iterator[tuple[int, int]]:
    """[start, end) cut at each of the ``sep`` characters."""
    a = start
    for i in range(start, end):
        if text[i] in sep:
            yield a, i
            a = i + 1
    yield a, end


def _noun(noun: str) -> str:
    """The name of a total as it is compared: 本年支出合计 → 支出."""
    n = re.sub(r"^(?:本年度?|全年|年度|当年|\d{4}年度?|\{\{year\}\}年度?)", "", noun.strip())
    n = re.sub(r"(?:的|比重|比例|总额)$", "", n).strip()
    return re.sub(r"(?:合计|总计|总额)$", "", n).strip()


def _named(noun: str) -> bool:
    return bool(_noun(noun))


# --- judging ---------------------------------------------------------------------------------


@dataclass
class Values:
    """What placeholders stand for in one report, for recognition (kinds)
    and for judging (values in 元 or in percent)."""

    report: Report
    resolved: Resolved
    _signature: tuple | None = field(default=None, repr=False)

    @property
    def signature(self) -> tuple:
        """What decides every placeholder's kind: each figure's format and
        unit, and the report's unit. The same object while they stay the
        same, so the memo compares it by identity."""
        global _last_signature
        if self._signature is None:
            unit = self.report.unit
            sig = (unit, tuple((fid, fig.format, fig.unit, fig.derived) for fid, fig in self.report.figures.items()))
            if sig != _last_signature:
                _last_signature = sig
            self._signature = _last_signature
        return self._signature

    def kind_of(self, name: str) -> str | None:
        report = self.report
        fig = report.figures.get(name)
        if fig is not None:  # the common case, kept to two lookups
            if fig.format == "percent":
                return "percent"
            return "money" if (fig.unit or report.unit) in UNIT_SCALE else None
        computed = yoy.split(name)
        fig = report.figures.get(computed[0]) if computed else None
        if fig is None or computed is None:
            return None
        if computed[1] == "trend":
            return "trend"
        if computed[1] == "rate":
            return "percent"
        return "money" if fig.format != "percent" and is_money(fig.unit or report.unit) else None

    def value(self, q: Quantity) -> Decimal | None:
        """Money in 元, a percentage as a number of percent."""
        if q.name is None:
            if q.value is None:
                return None
            return q.value * UNIT_SCALE[q.unit] if q.kind == "money" and q.unit in UNIT_SCALE else q.value
        report, resolved = self.report, self.resolved
        computed = yoy.split(q.name)
        if computed:
            if computed[0] not in report.figures:
                return None
            got = yoy.change(computed[0], report, resolved)
            if got is None:
                return None
            delta, rate = got
            if computed[1] == "rate":
                return None if rate is None else abs(rate)
            return abs(delta) * UNIT_SCALE.get(report.unit, Decimal(1))
        v = resolved.values.get(q.name)
        if v is None:
            return None
        if q.kind == "percent":
            # as printed: a reader checks the rounded rate the text shows
            try:
                return rounded(v * 100, self.places(q))
            except InvalidOperation:
                return v * 100
        return v * UNIT_SCALE.get(report.unit, Decimal(1))

    def places(self, q: Quantity) -> int:
        """Decimals shown: what "equal within rounding" is measured against."""
        if q.name is None:
            return q.places
        computed = yoy.split(q.name)
        fig = self.report.figures.get(computed[0] if computed else q.name)
        if computed and computed[1] == "rate":
            return 2
        return shown_places(fig, self.report) if fig is not None else 2

    def step(self, q: Quantity) -> Decimal:
        """Half of the last shown digit, in the unit of :meth:`value`."""
        half = Decimal(1).scaleb(-self.places(q)) / 2
        if q.kind != "money":
            return half
        unit = q.unit if q.name is None else self._unit_of(q.name)
        return half * UNIT_SCALE.get(unit, Decimal(1))

    def _unit_of(self, name: str) -> str:
        computed = yoy.split(name)
        fig = self.report.figures.get(computed[0] if computed else name)
        return (fig.unit if fig is not None and fig.unit else None) or self.report.unit

    def prev(self, q: Quantity) -> Decimal | None:
        """Last year's value of a placeholder's figure, in 元."""
        fig = self.report.figures.get(q.name) if q.name is not None else None
        prev = yoy.last_year(fig, self.report) if fig is not None else None
        return None if prev is None else prev * UNIT_SCALE.get(self.report.unit, Decimal(1))

    def shown(self, value: Decimal, q: Quantity) -> str:
        """``value`` (in 元) printed in ``q``'s unit and decimals."""
        unit = q.unit if q.name is None else self._unit_of(q.name)
        scale = UNIT_SCALE.get(unit, Decimal(1))
        return f"{format(rounded(value / scale, self.places(q)), 'f')}{unit}"


_NO_CLAIMS = Claims()
#: text → [the figures' kinds signature it was recognised under, its claims];
#: None for a text that cannot hold a claim
_memo: dict[str, list | None] = {}
MAX_ENTRIES = 20000


def claims_of(text: str, values: Values) -> Claims:
    """:func:`recognise`, memoised per text. A figure turned from money into
    a rate changes what its placeholders mean, so the memo also keys on the
    kinds of all figures (one signature per check run, not per name)."""
    entry = _memo.get(text, _NO_ENTRY)
    if entry is _NO_ENTRY:
        if len(_memo) >= MAX_ENTRIES:
            _memo.clear()
        entry = _memo[text] = [None, _NO_CLAIMS] if _may_hold_claims(text) else None  # None: not recognised yet
    if entry is None:
        return _NO_CLAIMS
    signature = values.signature if "{{" in text else _TYPED
    if entry[0] is not signature:
        entry[0], entry[1] = signature, recognise(text, values.kind_of)
    return entry[1]


_NO_ENTRY: list = []
#: the signature of a text without placeholders: its claims never change
_TYPED = ("typed",)
_last_signature: tuple = ()


#: body → the paragraphs (offset, text) in it that may hold a claim
_candidates: dict[str, tuple[tuple[int, str], ...]] = {}


def clear() -> None:
    """Forget what was recognised (benchmarks use it to time a cold run)."""
    _memo.clear()
    _candidates.clear()


def check(text: str, values: Values) -> list[Finding]:
    """Every claim in ``text`` that the numbers do not bear out.

    A body is judged a paragraph at a time (a table's lines together): no
    claim spans two paragraphs, and a keystroke then re-recognises one."""
    blocks = _candidates.get(text)
    if blocks is None:
        if len(_candidates) >= MAX_ENTRIES:
            _candidates.clear()
        blocks = _candidates[text] = tuple(b for b in _blocks(text) if _may_hold_claims(b[1])) \
            if _may_hold_claims(text) else ()
    if not blocks:
        return []
    out: list[Finding] = []
    for start, block in blocks:
        claims = claims_of(block, values)
        if not claims:
            continue
        found: list[Finding] = []
        for b in claims.breakdowns:
            if b.complete:
                _breakdown(b, values, found)
        for s in claims.shares:
            _share(s, values, found)
        for c in claims.changes:
            _change(c, values, found)
        for t in claims.tables:
            _table(t, values, found)
        for r in claims.rates:
            _exec_rate(r, values, found)
        for rem in claims.remainders:
            _remainder(rem, values, found)
        out += [shifted(f, start) for f in found] if start else found
    return out


Claim = Breakdown | Share | Change | TableTotal | TypedRate | Remainder


def verdict(claim: Claim, values: Values) -> Finding | None:
    """The problem with one claim, or None when its numbers hold (or it
    cannot be judged: a partial list, a missing value)."""
    out: list[Finding] = []
    if isinstance(claim, Breakdown):
        if claim.complete:
            _breakdown(claim, values, out)
    elif isinstance(claim, Share):
        _share(claim, values, out)
    elif isinstance(claim, Change):
        _change(claim, values, out)
    elif isinstance(claim, TableTotal):
        _table(claim, values, out)
    elif isinstance(claim, Remainder):
        _remainder(claim, values, out)
    else:
        _exec_rate(claim, values, out)
    return out[0] if out else None


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each paragraph read on its own or with others
    (:func:`paragraph_groups`)."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    for i, j in paragraph_groups(lines):
        block = text[starts[i]:starts[j] - 1]
        if block:
            yield starts[i], block


_LIST_AT_END = re.compile(r"(?:其中|分别为|具体为|包括)[ \t:：]*\n", re.M)
#: a paragraph that starts with a name and an amount: a part of the list above
_PART_LINE = re.compile(r"[^，,。；;:：\n]{0,40}?(?:\d[\d,]*(?:\.\d+)?\s*[亿千万]?元|\{\{[^{}\n]+\}\})")


def is_table_row(line: str) -> bool:
    """A Markdown table row, or a row as published tables are copied into
    text: cells with `` | `` between them and no leading bar."""
    stripped = line.lstrip()
    return stripped.startswith("|") or stripped.count(" | ") >= 2


def paragraph_groups(lines: list[str]) -> list[tuple[int, int]]:
    """Which paragraphs are read together, as [i, j) ranges: a table's rows,
    and a paragraph ending in ``其中：`` with the part paragraphs after it."""
    out = []
    i = 0
    while i < len(lines):
        j = i + 1
        if is_table_row(lines[i]):
            while j < len(lines) and is_table_row(lines[j]):
                j += 1
        elif _LIST_AT_END.search(lines[i] + "\n"):
            while j < len(lines) and _PART_LINE.match(lines[j]) and not is_table_row(lines[j]):
                j += 1
        out.append((i, j))
        i = j
    return out


def shifted(f: Finding, by: int) -> Finding:
    fix = f.fix
    if fix is not None:
        fix = (fix[0] + by, *fix[1:])
    return Finding(f.id, f.severity, f.message, f.offset + by, f.length, fix, f.text, f.data)


def _name(q: Quantity) -> str:
    return f"“{q.label}”" if q.label else ""


def _sum_text(parts, values: Values) -> str:
    return " + ".join(values.shown(values.value(p) or Decimal(0), p) for p in parts)


def _sum_off(total_q: Quantity, parts_q: tuple[Quantity, ...], values: Values) -> tuple[Decimal, Decimal] | None:
    """(total, sum of the parts) when they differ by more than half the
    coarsest digit typed; None when they agree or a value is missing."""
    total = values.value(total_q)
    parts = [values.value(p) for p in parts_q]
    if total is None or any(p is None for p in parts):
        return None
    got = sum((p for p in parts if p is not None), Decimal(0))
    tol = max([values.step(total_q), *(values.step(p) for p in parts_q)])
    return None if abs(got - total) <= tol else (total, got)


def _breakdown(b: Breakdown, values: Values, out: list[Finding]) -> None:
    off = _sum_off(b.total, b.parts, values)
    if off is None:
        return
    total, got = off
    diff = got - total
    out.append(Finding(
        "breakdown-sum", "warning",
        f"{_name(b.total)}{values.shown(total, b.total)}，其中各项之和为{values.shown(got, b.total)}"
        f"（{_sum_text(b.parts, values)}），相差{values.shown(abs(diff), b.total)}；"
        "请核对总数或各项（若只列了部分项目，请写明“主要”或“等”）",
        b.total.offset, b.total.length, None, b.total.text))


def rounds_to(exact: Decimal, typed: Decimal, places: int) -> bool:
    """``typed`` is ``exact`` rounded to ``places`` decimals (half up, or
    half to even as some tools round)."""
    return typed in (rounded(exact, places), rounded(exact, places, ROUND_HALF_EVEN))


def _pct(value: Decimal, places: int) -> str:
    return format(rounded(value, places), "f")


def _share(s: Share, values: Values, out: list[Finding]) -> None:
    part, total, pct = values.value(s.part), values.value(s.total), values.value(s.percent)
    if part is None or total is None or pct is None or total == 0:
        return
    exact = part * 100 / total
    places = values.places(s.percent)
    if rounds_to(exact, pct, places):
        return
    out.append(Finding(
        "share", "warning",
        f"{_name(s.part)}{values.shown(part, s.part)}占{_name(s.total)}{values.shown(total, s.total)}的比例"
        f"应为{_pct(exact, places)}%，文中写作{s.percent.text}；请核对",
        s.percent.offset, s.percent.length, None, s.percent.text))


def _change(c: Change, values: Values, out: list[Finding]) -> None:
    value = values.value(c.value)
    if value is None:
        return
    delta = values.value(c.delta) if c.delta is not None else None
    rate = values.value(c.rate) if c.rate is not None else None
    prev = values.prev(c.value)
    up = c.up
    if c.trend is not None:
        if prev is None:
            return
        up = value > prev
    word_len = len(c.word) if c.word else 0
    # the two direction words of one sentence must agree
    if c.rate is not None and c.rate_up is not None and up is not None and c.rate_word and c.word \
            and c.rate_up != up and c.rate is not c.delta:
        out.append(Finding(
            "yoy-direction", "error",
            f"同一句中先写“{c.word}”，后写“{c.rate_word}”，增减方向相反；请改正其一",
            c.offset, word_len, None, c.word))
        return
    if prev is not None:
        actual = value - prev
        if up is not None and actual != 0 and (actual > 0) != up and c.word:
            out.append(Finding(
                "yoy-direction", "error",
                f"{_name(c.value)}本年{values.shown(value, c.value)}，上年{values.shown(prev, c.value)}，"
                f"实为{'增加' if actual > 0 else '减少'}，文中却写“{c.word}”",
                c.offset, word_len, None, c.word))
            return
        if delta is not None and c.delta is not None and abs(abs(actual) - delta) > values.step(c.delta):
            out.append(Finding(
                "yoy-change", "warning",
                f"{_name(c.value)}本年{values.shown(value, c.value)}，上年{values.shown(prev, c.value)}，"
                f"增减应为{values.shown(abs(actual), c.delta)}，文中写作{c.delta.text}；"
                f"可改用 {{{{{c.value.name}.change}}}}",
                c.delta.offset, c.delta.length, None, c.delta.text))
            return
        if rate is not None and c.rate is not None and prev != 0:
            exact = abs(actual) * 100 / abs(prev)
            places = values.places(c.rate)
            if not rounds_to(exact, rate, places):
                out.append(Finding(
                    "yoy-rate", "warning",
                    f"{_name(c.value)}本年{values.shown(value, c.value)}，上年{values.shown(prev, c.value)}，"
                    f"增减率应为{_pct(exact, places)}%，文中写作{c.rate.text}；可改用 {{{{{c.value.name}.rate}}}}",
                    c.rate.offset, c.rate.length, None, c.rate.text))
        return
    if delta is None or rate is None or up is None or c.delta is None or c.rate is None:
        return
    implied = value - delta if up else value + delta
    if implied <= 0:
        out.append(Finding(
            "yoy-change", "warning",
            f"{_name(c.value)}{values.shown(value, c.value)}比上年{c.word}{c.delta.text}，则上年为"
            f"{values.shown(implied, c.value)}，不合常理；请核对增减额",
            c.delta.offset, c.delta.length, None, c.delta.text))
        return
    exact = delta * 100 / implied
    places = values.places(c.rate)
    if rounds_to(exact, rate, places):
        return
    out.append(Finding(
        "yoy-rate", "warning",
        f"{_name(c.value)}{values.shown(value, c.value)}比上年{c.word}{c.delta.text}，则上年为"
        f"{values.shown(implied, c.value)}，{'增幅' if up else '降幅'}应为{_pct(exact, places)}%，"
        f"文中写作{c.rate.text}；请核对",
        c.rate.offset, c.rate.length, None, c.rate.text))


def _table(t: TableTotal, values: Values, out: list[Finding]) -> None:
    off = _sum_off(t.total, t.parts, values)
    if off is None:
        return
    got = off[1]
    out.append(Finding(
        "table-total", "warning",
        f"表格{t.where}为{t.total.text}，而所合计的各项之和为{values.shown(got, t.total)}"
        f"（{_sum_text(t.parts, values)}）；请核对",
        t.total.offset, t.total.length, None, t.total.text))


def _exec_rate(r: TypedRate, values: Values, out: list[Finding]) -> None:
    if r.numerator is not None and (r.denominator is not None or r.left is not None):
        _quotient_rate(r, values, out)
        return
    report = values.report
    rates = [fid for fid, fig in report.figures.items()
             if fig.derived and fig.format == "percent" and "执行率" in (fig.label or "")]
    if len(rates) != 1:
        return
    fid = rates[0]
    v = values.resolved.values.get(fid)
    typed = values.value(r.percent)
    if v is None or typed is None:
        return
    places = values.places(r.percent)
    if rounds_to(v * 100, typed, places):
        return
    out.append(Finding(
        "execution-rate", "warning",
        f"预算执行率文中写作{r.percent.text}，而按数字“{report.figures[fid].label}”计算为"
        f"{_pct(v * 100, places)}%；请改用占位符 {{{{{fid}}}}}",
        r.percent.offset, r.percent.length, (r.percent.offset, r.percent.text, "{{" + fid + "}}",
                                             f"改为 {{{{{fid}}}}}", False), r.percent.text))


def _quotient_rate(r: TypedRate, values: Values, out: list[Finding]) -> None:
    assert r.numerator is not None
    spent = values.value(r.numerator)
    if r.denominator is not None:
        budget = values.value(r.denominator)
    else:
        assert r.left is not None
        left = values.value(r.left)
        budget = None if spent is None or left is None else spent + left
    typed = values.value(r.percent)
    if spent is None or budget is None or typed is None or budget == 0:
        return
    exact = spent * 100 / budget
    places = values.places(r.percent)
    if rounds_to(exact, typed, places):
        return
    over = r.denominator if r.denominator is not None else r.left
    assert over is not None
    base = (f"预算{values.shown(budget, r.numerator)}" if r.denominator is not None
            else f"已用{r.numerator.text}加结余{over.text}共{values.shown(budget, r.numerator)}")
    out.append(Finding(
        "execution-rate", "warning",
        f"执行{r.numerator.text}占{base}的比例为{_pct(exact, places)}%，"
        f"文中执行率写作{r.percent.text}；请核对",
        r.percent.offset, r.percent.length, None, r.percent.text))


def _remainder(r: Remainder, values: Values, out: list[Finding]) -> None:
    total, used, rest = values.value(r.total), values.value(r.used), values.value(r.rest)
    if total is None or used is None or rest is None:
        return
    tol = max(values.step(r.total), values.step(r.used), values.step(r.rest))
    if abs(total - used - rest) <= tol:
        return
    out.append(Finding(
        "remainder", "warning",
        f"{_name(r.total)}{values.shown(total, r.total)}减去{_name(r.used)}{values.shown(used, r.used)}"
        f"应为{values.shown(total - used, r.rest)}，文中{_name(r.rest)}写作{r.rest.text}；请核对",
        r.rest.offset, r.rest.length, None, r.rest.text))
