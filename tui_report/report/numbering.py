"""Heading numbers computed from position: 一、 → （一） → 1. → （1）.

Hand-typed numbers are what drift in Word files (五 becomes ``5、``), so the
report stores none and this module is the only place a number is made.
"""

from __future__ import annotations

import re

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 99 → 九十九, 100 → 一百."""
    if n <= 0:
        raise ValueError(f"no Chinese numeral for {n}")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = _DIGITS[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + _DIGITS[rest]
        if rest < 20:
            return head + "一" + chinese_numeral(rest)
        return head + chinese_numeral(rest)
    if n < 10000:
        rest = n % 1000
        head = _DIGITS[n // 1000] + "千"
        if rest == 0:
            return head
        if rest < 100:  # 一千零五, 一千零一十, 一千零二十
            return head + "零" + (chinese_numeral(rest) if not 10 <= rest < 20 else "一" + chinese_numeral(rest))
        return head + chinese_numeral(rest)
    return str(n)  # no report has ten thousand headings; never fail to number one


def parse_chinese_numeral(text: str) -> int | None:
    """Inverse of :func:`chinese_numeral`, and the counts tables write in
    words (两千, 一万二千, 〇); None when not a numeral (or zero)."""
    text = text.replace("〇", "零").replace("两", "二")
    if not text or any(c not in _DIGITS + "十百千万" for c in text):
        return None
    total, section, current = 0, 0, 0
    for ch in text:
        if ch == "万":
            total += (section + current) * 10000
            section, current = 0, 0
        elif ch in "十百千":
            section += (current or 1) * {"十": 10, "百": 100, "千": 1000}[ch]
            current = 0
        else:
            current = _DIGITS.index(ch)
    total += section + current
    return total or None


def number(level: int, n: int) -> str:
    """The printed number of the ``n``-th heading at ``level`` (1-based)."""
    if level == 1:
        return chinese_numeral(n) + "、"
    if level == 2:
        return "（" + chinese_numeral(n) + "）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"heading level {level} is deeper than 4")


_CN = "一二三四五六七八九十百零〇"
#: A typed heading number of any of the forms real reports use, right or
#: wrong, with the white space around it. The group that matched names the
#: form: ``cn`` 一、, ``paren_cn`` （一）, ``ar_dot`` 1., ``paren_ar`` （1）, and
#: ``ar_dun`` 1、 (the drifted form: level 1 or 3 by context). The checks
#: strip typed numbers with it and the importer reads the outline with it.
TYPED_NUMBER = re.compile(
    r"^\s*(?:"
    rf"(?P<cn>[{_CN}]+)\s*[、.．]"
    rf"|[（(]\s*(?P<paren_cn>[{_CN}]+)\s*[)）]"
    r"|(?P<ar_dun>[0-9０-９]{1,2})\s*、"
    # 1. but not 1.5; 2.2023年… is item 2 about the year 2023
    r"|(?P<ar_dot>[0-9０-９]{1,2})\s*[.．](?:(?![0-9０-９])|(?=(?:19|20)[0-9]{2}\s*年))"
    r"|[（(]\s*(?P<paren_ar>[0-9０-９]{1,2})\s*[)）]"
    r")\s*"
)


def strip_typed_number(title: str) -> str:
    """Title without a leading hand-typed number."""
    return TYPED_NUMBER.sub("", title, count=1)
