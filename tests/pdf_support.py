"""A report with figures in every heading level, and readers of a PDF's lines.

``with_figures_in_headings(folder)`` adds to a copy of the sample a section
file whose headings at every level (plain and run-in) hold amounts,
percentages followed by ；and 。, years and counts, in every font role the
page uses (黑体, 楷体, bold 仿宋, 仿宋), and a paragraph with bold figures.
"""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path

import pdfplumber

from .conftest import IGNORE_STATE, SAMPLE

MM = 72 / 25.4

SECTION = """\
title = "{{year}}年支出{{spend_total}}，执行率66.86%；结余{{balance_end}}"
body = '''
{{year}}年项目支出{{spend_project}}，基本支出{{spend_basic}}，执行率66.86%。合计{{spend_total}}。
其中**重点项目{{spend_project}}，占18.62%**；其余{{spend_basic}}。
'''

[[sections]]
title = "项目支出{{spend_project}}，占18.62%；基本支出{{spend_basic}}"
body = '''
预算批复{{budget_approved}}，全年实际到位资金{{funds_received}}，到位率153.22%；实际支出{{spend_total}}。
'''

[[sections.sections]]
title = "{{year}}年科普日活动20场次，经费{{spend_project}}"
body = '''
活动20场次，占全年活动的66.67%。
'''

[[sections.sections.sections]]
title = "发放资料10000份，支出{{spend_project}}，完成率100%。"
body = '''
经费{{spend_project}}，完成率100%；满意度98.5%。
'''

[[sections.sections]]
title = "{{year}}年支出{{spend_total}}，完成率100%；满意度98.5%"
run_in = true
body = '''
经费{{spend_project}}，完成率100%；满意度98.5%。
'''

[[sections.sections.sections]]
title = "（附）第4级{{spend_basic}}，占81.38%"
run_in = true
body = '''
人员经费{{spend_basic}}。
'''

[[sections]]
title = "基本支出{{spend_basic}}，占81.38%"
run_in = true
body = '''
其中人员经费{{spend_basic}}，2022年同比增长3.5%。
'''
"""

FILE = "figures-in-headings"


def with_figures_in_headings(folder: Path) -> Path:
    """A copy of the sample in ``folder`` with the section above as its last
    top-level section."""
    shutil.copytree(SAMPLE, folder, ignore=IGNORE_STATE)
    (folder / "sections" / f"{FILE}.toml").write_text(SECTION, encoding="utf-8")
    toml = folder / "report.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('  "disclosure",\n', f'  "disclosure",\n  "{FILE}",\n'), encoding="utf-8")
    return folder


def pdf_lines(path: Path) -> list[tuple[int, float, list[dict]]]:
    """Every text line of every page: (page, baseline from the top, its
    characters left to right)."""
    with pdfplumber.open(path) as doc:
        return lines_of(doc)


def lines_of(doc) -> list[tuple[int, float, list[dict]]]:
    """:func:`pdf_lines` of a PDF pdfplumber has open."""
    out = []
    for page in doc.pages:
        rows = defaultdict(list)
        for c in page.chars:
            rows[round(page.height - c["matrix"][5], 1)].append(c)
        for base in sorted(rows):
            out.append((page.page_number, base, sorted(rows[base], key=lambda c: c["x0"])))
    return out


def text_of(chars) -> str:
    return "".join(c["text"] for c in chars)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def face(char: dict) -> str:
    return char["fontname"].split("+")[-1]
