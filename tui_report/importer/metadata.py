"""Which unit, which year and which money unit an imported report is about.

A wrong guess here is copied into every page of the new report, so each is
read from the strongest evidence the text has, in order, and a guess that
has none says so instead of inventing one:

- the department: the report's title (what stands before 部门/单位/整体支出/
  决算… once the year is taken out, or the whole of it when it is nothing
  else, if it ends like a unit's name: …局, …办公室, …中心, …卫生院, …人大办),
  then a labelled field (评价单位：…, 部门：…),
  then the signature (a line that is a unit's name and nothing else), then
  the subject of a sentence: a paragraph's opening
  (``山东省红十字会（以下简称…）成立于…``), or a clause inside a line that goes
  on with what a unit says of itself (``从单位构成看，区政协包括…``,
  ``说明：某某镇人民政府没有使用…``, ``保障某某中心正常运转``), never a list of
  units (``…委员会和各级地方委员会``) nor a name inside a project's
  (``保健院住院楼项目``);
- the year: the title's year, then the year most written as ``YYYY年度``,
  then the year most written at all, not counting years named as the one
  compared with (较2020年, 与上年…); ``20 16`` as a PDF spaces it counts; a
  date (截至2025年6月: when the report was written) and the year in a cited
  document's title (《关于2025年…的通知》) count only when nothing else names one;
- the money unit: a declared ``单位：元`` / ``金额单位：万元``, else 万元 unless
  amounts in 元 clearly outnumber those in 万元 (a few prices per person in 元
  do not make a report in 元); 亿元 is never a report's unit.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

_YEAR = re.compile(r"(?<![0-9])(2[ \u3000]?0[ \u3000]?[0-9][ \u3000]?[0-9])[ \u3000]*(?:年(度)?|-(度))")
#: 2025年6月, 2025年12月30日: a date, the day something was done or written
_DATE_AFTER = re.compile(r"[ \u3000]*(?:[1-9]|1[0-2])[ \u3000]*月")


def _inside_book_title(text: str, at: int) -> bool:
    """Whether ``at`` stands inside 《…》: the year of a document cited by its
    title (《关于2025年…资金的通知》), not of this report."""
    return text.rfind("《", 0, at) > text.rfind("》", 0, at)


_COMPARED = re.compile(r"(?:较|比|与|同|相比|对比|上年|上一年)[^，。,；;]{0,3}$")
#: how a unit's name ends (longest first where one ends another)
_SUFFIXES = (
    "人民代表大会常务委员会办公室", "人大常委会办公室", "人民代表大会常务委员会", "人大常委会",
    "委员会办公厅", "委员会办公室", "人民政府办公室", "街道办事处", "人民政府", "镇政府", "乡政府", "办事处",
    "办公厅", "办公室", "委员会", "联合会", "红十字会", "科学技术协会", "协会", "政协", "党委", "党校",
    "党政办", "政府办", "人大办", "政协办", "中心", "卫生院", "保健院", "医院", "小学", "中学", "学校", "学院", "大学", "幼儿园",
    "管理处", "管理局", "管理所", "服务站", "检察院", "法院", "纪念馆", "图书馆", "文化馆", "博物馆", "局", "厅",
)
_NAME_TAIL = "|".join(re.escape(s) for s in _SUFFIXES)
#: words that follow the unit's name in a title
_REPORT_WORDS = re.compile(
    r"(?:[(（]?本级[)）]?|部门|单位|整体|项目支出|专项资金|决算|预算|绩效|年度|关于)")
_QUALIFIER = re.compile(r"[(（]本级[)）]|本级$")
_LABEL = re.compile(
    r"(?<![级属设个各])(?:评价单位|(?:部门|单位)(?:[(（](?:单位|部门)[)）])?名称|编制单位|填报单位|预算单位|实施单位|主管部门|部门|单位)"
    r"\s*(?:[(（]公章[)）])?\s*(?:[:：]|\|)?\s*"
    rf"(?P<name>[\u4e00-\u9fff（）()]{{2,40}}(?:{_NAME_TAIL}))")
_SUBJECT = re.compile(
    rf"^\s*(?P<name>[\u4e00-\u9fff（）()]{{2,40}}?(?:{_NAME_TAIL}))\s*"
    r"(?:[(（]以下简称|是|为|成立于|于\d|内设|主要职[能责]|的主要职[能责]|机关)")
#: a paragraph that opens with a unit's name (县政协坚持…), the name ending in two characters or more
_OPENING = re.compile(
    rf"^\s*(?P<name>[\u4e00-\u9fff]{{1,30}}?(?:{'|'.join(re.escape(x) for x in _SUFFIXES if len(x) > 1)}))"
    r"(?=[\u4e00-\u9fff])(?!的|和|与|及|等|、)")
#: a unit's name as the subject of a clause inside a line (从单位构成看，区政协包括…;
#: 说明：某某镇人民政府没有使用…; 人员情况，某某委员会部门2022年末实有…): the clause
#: must go on with what a unit says of itself, since a clause inside a line
#: names other units too (根据县财政局要求…), unlike a paragraph's opening
_CLAUSE_SUBJECT = re.compile(
    r"(?:(?<=[。；;，,：:！？!?|])|(?<=[。；;，,：:！？!?|]\s))"
    r"(?!根据|按照|依据|经|由|向|对|在|从|与|和|及|受|配合|协助|会同|上级|主管|各|本|我|该|其)"
    rf"(?P<name>[\u4e00-\u9fff（）()]{{1,40}}?(?:{_NAME_TAIL}))"
    r"(?:[(（]本级[)）]|本级|部门|单位)?(?:20[0-9]{2}年(?:度|末|底)?)?"
    r"(?:[(（]以下简称|是|为|成立于|内设|下设|设有|共有|现有|实有|包括|主要职[能责]|的主要职[能责]|没有|无|未)")
#: 保障某某中心正常运转: the unit whose running the money keeps up is the one reporting
_UPKEEP = re.compile(
    rf"(?:保障|确保|保证|维持)(?P<name>[\u4e00-\u9fff（）()]{{2,40}}?(?:{_NAME_TAIL}))(?:正常|日常)")
#: 2023年省政协办公厅收入…: the unit whose money the sentence counts
_MONEY_SUBJECT = re.compile(
    rf"(?:^|[，。；,;])\s*20[0-9]{{2}}年度?(?P<name>[\u4e00-\u9fff]{{2,30}}?(?:{_NAME_TAIL}))"
    r"(?:收入|支出|实现|年初预算|预算|决算|财政拨款)")
_ALIAS = re.compile(r"(?P<full>[\u4e00-\u9fff]{4,40})[(（]以下简称[“\"]?(?P<short>[\u4e00-\u9fff]{2,10})[”\"]?[)）]")
#: a form's label cell on a line of its own (实施单位, 主管部门 |, 评价单位：)
_LABEL_ALONE = re.compile(
    r"^\s*(?:项目)?(?:评价单位|(?:部门|单位)(?:[(（](?:单位|部门)[)）])?名称|编制单位|填报单位|预算单位|实施单位|主管部门)"
    r"\s*(?:[(（]公章[)）]|[(（]盖章[)）])?\s*[:：|｜]?\s*$")
_STANDALONE = re.compile(rf"^\s*(?P<name>[\u4e00-\u9fff（）()]{{2,30}}(?:{_NAME_TAIL}))\s*$")
_DECLARED_UNIT = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|元)(?![0-9])")
_AMOUNT_UNIT = re.compile(r"[0-9][0-9,，]*(?:\.[0-9]+)?\s*(亿元|万元|元)")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def year_of(title: str | None, lines: list[str]) -> int | None:
    """The report's year, or None when the text names none."""
    for line in ([title] if title else []):
        found = [int(re.sub(r"\D", "", m.group(1))) for m in _YEAR.finditer(_fold(line))]
        if found:
            return found[0]
    fiscal: Counter[int] = Counter()
    named: Counter[int] = Counter()
    dated: Counter[int] = Counter()  # 截至2025年6月, 《关于2025年…的通知》: when it was written, what it cites
    for line in lines:
        text = _fold(line)
        for m in _YEAR.finditer(text):
            if _COMPARED.search(text[max(0, m.start() - 6):m.start()]):
                continue
            year = int(re.sub(r"\D", "", m.group(1)))
            if _DATE_AFTER.match(text, m.end()) or _inside_book_title(text, m.start()):
                dated[year] += 1
                continue
            named[year] += 1
            if m.group(2) or m.group(3):
                fiscal[year] += 1
    for counts in (fiscal, named, dated):
        if counts:
            top = max(counts.values())
            return max(y for y, c in counts.items() if c == top)  # the later year on a tie
    return None


def department_of(title: str | None, lines: list[str]) -> str:
    """The unit's name, or "" when the text does not give it."""
    return department_and_source(title, lines)[0]


def department_and_source(title: str | None, lines: list[str]) -> tuple[str, str]:
    """(the unit's name, where it was read: 标题, 栏目, 落款, 正文) — the import
    summary says which, so a wrong guess is easy to trace; ("", "") when the
    text does not give it."""
    if title:
        name = _from_title(title)
        if name:
            return name, "标题"
    for n, line in enumerate(lines[:40]):  # a labelled field (评价单位：…), or its label alone with the name next
        m = _LABEL.search(_fold(line))
        if m:
            return _clean(m.group("name")), "栏目"
        if _LABEL_ALONE.match(_fold(line)) and n + 1 < len(lines):
            m = _STANDALONE.match(_fold(lines[n + 1]).strip("|｜ "))
            if m:
                return _clean(m.group("name")), "栏目"
    for line in reversed(lines):  # a line that is a unit's name and nothing else: the signature (落款)
        m = _STANDALONE.match(_fold(line))
        if m:
            return _clean(m.group("name")), "落款"
    found = ""
    aliases: dict[str, str] = {}  # 省政协 → 中国人民政治协商会议山东省委员会 (以下简称…)
    for line in lines[:40]:  # the subject of an opening sentence, or whose money a sentence counts
        text = _fold(line)
        for alias in _ALIAS.finditer(text):
            aliases[alias.group("short")] = alias.group("full")
        name = _subject(text)
        if name:
            for short, full in aliases.items():
                if name.startswith(short) and not name.startswith(full):
                    name = full + name[len(short):]
            if not found:
                found = name
            elif name.startswith(found) and name != found:
                return name, "正文"  # 山东省委员会 then 山东省委员会办公厅: the office is the unit that reports
            else:
                return found, "正文"
    if found:
        return found, "正文"
    if title:  # last: whatever stands before the title's year (某某单位2023年度…报告)
        m = re.match(r"^\s*(\S{2,30}?)\s*(?:2[ \u3000]?0[ \u3000]?[0-9][ \u3000]?[0-9])[ \u3000]*年", _fold(title))
        name = m.group(1) if m else ""
        if (name.endswith((*_SUFFIXES, "单位")) and "\u4e00" <= name[0] <= "\u9fff"
                and not name.startswith(("本", "我", "该")) and not _REPORT_WORDS.match(name)):
            return _clean(name), "标题"
    return "", ""


def _subject(text: str) -> str:
    """The unit a line speaks of as its subject: the name opening the
    paragraph, else the first clause inside it that names a single unit."""
    m = _SUBJECT.match(text) or _OPENING.match(text)
    if m and _single(m.group("name")) and not _ITEM_NAMED.match(text, m.end("name")):
        return _clean(m.group("name"))
    inside = [m for pattern in (_MONEY_SUBJECT, _CLAUSE_SUBJECT, _UPKEEP) for m in pattern.finditer(text)]
    for m in sorted(inside, key=lambda m: m.start("name")):
        if _single(m.group("name")) and not _ITEM_NAMED.match(text, m.end("name")):
            return _clean(m.group("name"))
    return ""


#: what follows a unit's name inside an item named after it (市民中心运行维护费,
#: 保健院住院楼项目): the words up to the phrase's end close on an expense or project word
_ITEM_NAMED = re.compile(r"[\u4e00-\u9fff]{0,12}?(?:经费|费用|费|项目|资金|工程)(?=$|[\s|｜，。；：,.;:（(])")


def _single(name: str) -> bool:
    """Not a list of units (政协全国委员会和各级地方委员会): no unit's name
    inside it is followed by 和/与/及/、 and another."""
    return re.search(rf"(?:{_NAME_TAIL})(?:和|与|及|、)", name) is None


def _from_title(title: str) -> str:
    """The unit's name a title gives: what stands before the report's words
    (部门、决算、绩效…), or the whole title once its year is out when it is a
    unit's name and nothing else (``2023年度某某街道办事处``). Either way the
    name is words only: a heading's number, a book title's 《 or a comma
    means the text is no title (three opening lines read as one)."""
    core = _YEAR.sub("", _fold(title))
    core = re.sub(r"^附件\s*\d*", "", core)
    core = re.sub(r"[\s\u3000]+", "", core)
    core = re.sub(r"^20[0-9]{2}(?![0-9])", "", core)  # 2022本溪…局本级决算: a year with no 年 before the name
    m = _REPORT_WORDS.search(core)
    head = core[: m.start()] if m else core
    head = _QUALIFIER.sub("", head).strip("：:，,")
    if not _NAME_ONLY.fullmatch(head):
        return ""
    return _clean(head) if head.endswith(_SUFFIXES) and len(head) >= 3 else ""


#: a unit's name is Chinese words, with at most a bracketed part (（本级）, (筹))
_NAME_ONLY = re.compile(r"[\u4e00-\u9fff（）()·]+")


def _clean(name: str) -> str:
    return _QUALIFIER.sub("", name).strip()


def unit_of(texts: list[str]) -> str:
    """The money unit the report writes its amounts in."""
    declared = Counter(m.group(1) for t in texts for m in _DECLARED_UNIT.finditer(_fold(t)))
    if declared:
        return declared.most_common(1)[0][0]
    counts = Counter(m.group(1) for t in texts for m in _AMOUNT_UNIT.finditer(_fold(t)))
    if counts["元"] >= 3 and counts["元"] >= 2 * counts["万元"]:
        return "元"
    return "万元"
