"""Years and dates in prose against the report's year.

Reports are made by copying last year's file, so a typed "2022年" in a 2023
report is the commonest stale fact. A year is accepted when it is the report
year, when the sentence says it means the previous or next year (上年, 同比,
计划, …), inside a document title 《…》, in a period that covers the report
year (2021—2025年), as a past starting point (2019年成立, 2020年以来), or
as the start of a project's or a fund's name (2022年农村人居环境整治项目).
A typed report year is still noted (info) with the fix ``{{year}}``, so next
year's copy does not go stale.
"""

from __future__ import annotations

import calendar
import re

from tui_report.report.problems import Finding

_Y = r"(?:19|20)\d\d"
_YEAR = re.compile(rf"(?<![\d.])({_Y})(?=\s*年)")
_RANGE = re.compile(rf"(?<![\d.])({_Y})\s*年?\s*(?:[-—–~～]+|至|到)\s*({_Y})(?!\d)")
_DATE_CN = re.compile(
    rf"(?:(?:(?<![\d.])(?P<y>{_Y})|\{{\{{\s*(?P<ph>year|prev_year|next_year)\s*\}}\}})\s*年\s*)?"
    r"(?<![\d.])(?P<m>\d{1,2})\s*月(?!龄|份以上|以上)(?:\s*(?P<d>\d{1,2})\s*日)?"  # 0-36月龄 is an age
)
_DATE_ISO = re.compile(rf"(?<![\d.])(?P<y>{_Y})(?P<s>[-/.])(?P<m>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}})(?![\d])")

_DIGIT = re.compile(r"\d")
_CLAUSE_END = "。；！？\n;!?"
PREV_WORDS = ("上年", "去年", "上一年", "同比", "相比", "对比", "结转", "上期", "较上", "比上", "同期")
PREV_BEFORE = "较比与同自从"
NEXT_WORDS = ("下年", "明年", "下一年", "来年", "下一步", "计划", "预计", "拟", "将", "目标", "力争", "预算")
HISTORY_AFTER = ("成立", "以来", "至今", "起", "开始")
#: a year that begins the name of a project or a fund (2022年农村人居环境整治项目,
#: 2021年中央财政衔接资金): the name is the name, in any year's report
_NAME_AFTER = re.compile(r"年度?[^，。；、,;:：（）()\s]{1,24}?(?:项目|工程|专项资金|资金|经费|补助)")


def _clause(text: str, i: int) -> str:
    start = max(text.rfind(c, 0, i) for c in _CLAUSE_END) + 1
    ends = [e for e in (text.find(c, i) for c in _CLAUSE_END) if e >= 0]
    return text[start: min(ends) if ends else len(text)]


def _in_book_title(text: str, i: int) -> bool:
    line_start = text.rfind("\n", 0, i) + 1
    return text.rfind("《", line_start, i) > text.rfind("》", line_start, i)


def _context(text: str, i: int, y: int, year: int) -> str | None:
    """Which placeholder the sentence says a literal year stands for, or
    "history" for an accepted past starting point, or None."""
    if y == year:
        return "year"
    after = text[i + 4: i + 9].lstrip(" 年度")
    if y < year and after.startswith(HISTORY_AFTER):
        return "history"
    clause = _clause(text, i)
    if y == year - 1 and (any(w in clause for w in PREV_WORDS) or text[i - 1: i] in PREV_BEFORE and i > 0
                          or _compares_with(text, i, y)):
        return "prev_year"
    if y == year + 1 and any(w in clause for w in NEXT_WORDS):
        return "next_year"
    return None


def _compares_with(text: str, i: int, y: int) -> bool:
    """The paragraph compares this year with ``y`` (较2020年度决算数减少…，
    主要原因…二是2020年下拨了…): naming that year in it is no stale copy."""
    start = text.rfind("\n", 0, i) + 1
    end = text.find("\n", i)
    paragraph = text[start:end if end >= 0 else len(text)]
    return re.search(rf"[较比与]{y}\s*年|[较比]上年|同比", paragraph) is not None


def _suspect(y: int, year: int, date: bool = False) -> bool:
    """Whether a year may be left over from copying an earlier report:
    reports are copied from the last few years' files, so a year more than
    three years back is history (1958年建院, 2001年6月起), one more than a year
    ahead a plan (2026年底前完成), and a date in the next year the months in
    which the report is written and signed."""
    return year - 3 <= y <= (year if date else year + 1)


def _typed(i: int, y: str, ctx: str) -> Finding:
    return Finding(
        "typed-year", "info",
        f"年份“{y}”是手工输入的，复制到下一年度的报告时会过时；可改为 {{{{{ctx}}}}}",
        i, 4, (i, y, "{{" + ctx + "}}", f"改为 {{{{{ctx}}}}}"), y + "年")


def scan(text: str, year: int) -> list[Finding]:
    if _DIGIT.search(text) is None:  # every rule here needs a digit
        return []
    out: list[Finding] = []
    done: set[int] = set()  # year offsets already judged

    for m in _RANGE.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if min(a, b) <= year <= max(a, b):
            done.update((m.start(1), m.start(2)))

    for pattern in (_DATE_CN, _DATE_ISO):
        for m in pattern.finditer(text):
            out += _date(text, m, year, done)

    for m in _YEAR.finditer(text):
        i = m.start(1)
        if i in done or _in_book_title(text, i):
            continue
        y = m.group(1)
        ctx = _context(text, i, int(y), year)
        if ctx == "history":
            continue
        if ctx is not None:
            out.append(_typed(i, y, ctx))
            continue
        if not _suspect(int(y), year) or _NAME_AFTER.match(text, i + 4):
            continue
        out.append(Finding(
            "stale-year", "warning",
            f"“{y}年”不是报告年度（{year}年），上下文也未表明指上年或下年；"
            f"本年请写 {{{{year}}}}，上年写 {{{{prev_year}}}} 或“上年”",
            i, 5, None, y + "年"))
    return out


def _date(text: str, m: re.Match, year: int, done: set[int]) -> list[Finding]:
    out: list[Finding] = []
    literal = m.group("y")
    ph = m.groupdict().get("ph")
    if literal is not None:
        y = int(literal)
    elif ph is not None:
        y = year + {"year": 0, "prev_year": -1, "next_year": 1}[ph]
    else:
        y = year
    month = int(m.group("m"))
    day = int(m.group("d")) if m.group("d") else None
    shown = m.group(0)
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= calendar.monthrange(y, month)[1]):
        # an error only when it is surely a date (a year or 日 names it); 36月 alone may be a count
        certain = literal is not None or ph is not None or day is not None
        out.append(Finding("bad-date", "error" if certain else "warning", f"日期“{shown}”不存在",
                           m.start(), len(shown), None, shown))
    if literal is None:
        return out
    i = m.start("y")
    done.add(i)
    if _in_book_title(text, i):
        return out
    ctx = _context(text, i, y, year)
    if ctx in ("year", "prev_year", "next_year"):
        out.append(_typed(i, literal, ctx))
    elif ctx is None and _suspect(y, year, date=True):
        out.append(Finding(
            "date-outside-year", "warning", f"日期“{shown}”不在报告年度（{year}年）内",
            m.start(), len(shown), None, shown))
    return out
