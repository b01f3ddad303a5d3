"""The sample's text export reproduces the seed report, with only the
seed's numbering mistakes corrected."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from tui_report.render.markdown import to_markdown
from tui_report.render.text import to_text
from tui_report.report import numbering
from tui_report.report.store import load

from .conftest import SAMPLE, SEED, run_cli

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="seed report not available")

CN = "一二三四五六七八九十"
AMOUNT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?=万元|元)")
NUM_PREFIX = re.compile(
    r"^(?:(?P<cn>[一二三四五六七八九十]+)、\s*"
    r"|(?P<arabic>\d+)、\s*"
    r"|[（(](?P<paren_cn>[一二三四五六七八九十]+)[)）]"
    r"|[（(](?P<paren_n>\d+)[)）]"
    r"|(?P<dot>\d+)\.)"
)


def normalized_seed() -> list[str]:
    """The seed, paragraph per line, with exactly the corrections the export
    makes: computed numbering (五、 not 5、; （一） full-width; 2. not 2、),
    white space around lines dropped, the heading broken over two lines
    joined, amounts in two decimals (0元 → 0.00元: the one way every amount
    prints). Nothing else is touched."""
    lines = [l.strip() for l in SEED.read_text(encoding="utf-8").splitlines()]
    lines = [l for l in lines if l]
    joined = []
    for line in lines:
        if joined and joined[-1].endswith("主要内容、"):
            joined[-1] += line  # the heading broken across two lines
        else:
            joined.append(line)
    joined = [AMOUNT.sub(lambda m: f"{Decimal(m.group(1)):.2f}", line) for line in joined]
    out = []
    level1 = 0
    for line in joined:
        m = NUM_PREFIX.match(line)
        if not m:
            out.append(line)
            continue
        rest = line[m.end():]
        if m.group("cn"):
            level1 = numbering.parse_chinese_numeral(m.group("cn"))
            out.append(f"{m.group('cn')}、{rest}")
        elif m.group("arabic"):
            n = int(m.group("arabic"))
            if n == level1 + 1:
                # `5、 政府性…` after 四、: the next level-1 heading, typed wrong
                level1 = n
                out.append(f"{numbering.chinese_numeral(n)}、{rest}")
            else:
                out.append(f"{n}.{rest}")  # `2、做好…` among 1. 3. …
        elif m.group("paren_cn"):
            out.append(f"（{m.group('paren_cn')}）{rest}")
        elif m.group("paren_n"):
            out.append(f"（{m.group('paren_n')}）{rest}")
        else:
            out.append(f"{m.group('dot')}.{rest}")
    return out


def test_normalization_is_exactly_the_seeds_mistakes():
    seed = normalized_seed()
    assert "五、政府性基金预算支出情况" in seed
    assert "七、社会保险基金预算支出情况" in seed
    assert any(l.startswith("2.做好省、市科协科普项目申报") for l in seed)
    assert "（二）部门(单位)整体支出规模、使用方向和主要内容、涉及范围等。" in seed
    assert len(seed) == 58


def test_text_export_reproduces_the_seed():
    exported = to_text(load(SAMPLE)).splitlines()
    seed = normalized_seed()
    assert exported[0].endswith("整体支出绩效自评报告")
    assert exported[0] == "长沙市芙蓉区科学技术协会2022年度部门整体支出绩效自评报告"
    assert exported[1:] == seed[1:]


def test_text_export_has_no_markdown_and_one_paragraph_per_line():
    text = to_text(load(SAMPLE))
    assert "**" not in text and "#" not in text and "{{" not in text
    assert "\n\n" not in text


def test_markdown_export_numbers_headings_and_fills_placeholders():
    md = to_markdown(load(SAMPLE))
    assert md.startswith("# 长沙市芙蓉区科学技术协会2022年度部门整体支出绩效自评报告\n")
    assert "\n## 五、政府性基金预算支出情况\n" in md
    assert "\n### （一）经济性评价\n" in md
    assert "\n#### 1.职能职责\n" in md
    assert "**1.做好市对区绩效评估“党建带群建”相关工作。**在落实" in md
    assert "实际支出153.99万元" in md and "上年结余0.00元" in md
    assert "{{" not in md


def test_cli_export_txt_to_file(tmp_path):
    out = tmp_path / "r.txt"
    res = run_cli("export", str(SAMPLE), "--format", "txt", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert out.read_text(encoding="utf-8") == to_text(load(SAMPLE))


def test_cli_export_md_to_stdout():
    res = run_cli("export", str(SAMPLE), "--format", "md")
    assert res.returncode == 0, res.stderr
    assert res.stdout == to_markdown(load(SAMPLE))
