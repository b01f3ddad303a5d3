"""Reports copied out of Word, a PDF or a web page arrive flattened: one
long line, hard-wrapped lines with spaces left between Chinese characters,
page numbers inside words. They import to the outline of the clean text."""

from __future__ import annotations

import unicodedata

import pytest

from tui_report.importer import flatten
from tui_report.importer.pipeline import import_file, summary

from .conftest import ROOT

CORPUS = ROOT / "tests" / "corpus"
#: reports without tables (a table has no one-line form to recover)
PLAIN = ["hunan-nanxian-cppcc-2021", "gansu-pingliang-cppcc-office-2024",
         "hunan-zhuzhou-hetang-womens-federation-2022", "shandong-red-cross-2021"]


def headings(imp) -> list[tuple[int, str]]:
    out = []

    def walk(nodes, level):
        for n in nodes:
            out.append((level, n.title.rstrip("。")))
            walk(n.children, level + 1)

    walk(imp.outline.sections, 1)
    return out


def _wrapped(text: str, width: int = 60) -> str:
    """Hard-wrapped as a PDF copy is: each paragraph cut where it reaches
    ``width`` cells (a Chinese character two, a digit one: a PDF line is a
    width, not a count of characters), a space left where a line was cut
    inside Chinese text."""
    lines = []
    for para in text.splitlines():
        line, cells = "", 0
        for ch in para:
            w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
            if cells + w > width:
                lines.append(line + " ")
                line, cells = "", 0
            line += ch
            cells += w
        lines.append(line)
    return "\n".join(lines)


@pytest.mark.parametrize("name", PLAIN)
def test_the_one_line_form_imports_to_the_same_outline(name, tmp_path):
    source = CORPUS / f"{name}.txt"
    one = tmp_path / source.name
    one.write_text(" ".join(source.read_text("utf-8").splitlines()), "utf-8")
    flat = import_file(one)
    assert headings(flat) == headings(import_file(source))
    assert "连成一片" in summary(flat, "out")  # the summary says what was cleaned


@pytest.mark.parametrize("name", PLAIN[:2])
def test_a_hard_wrapped_form_imports_to_the_same_outline_and_text(name, tmp_path):
    source = CORPUS / f"{name}.txt"
    wrapped = tmp_path / source.name
    wrapped.write_text(_wrapped(source.read_text("utf-8")), "utf-8")
    imp = import_file(wrapped)
    clean = import_file(source)
    assert headings(imp) == headings(clean)
    bodies = [b for n in imp.outline.walk() for b in n.body]
    assert bodies == [b for n in clean.outline.walk() for b in n.body]
    assert "折行" in summary(imp, "out")


def test_wrap_spaces_and_page_numbers_go_but_needed_spaces_stay():
    lines = ["一、部门概况", "本单位2023年减 幅明显，关 于预算执行 - 3 - 情况良好。", "使用 Microsoft Word 2016 编辑，共 3 个科室。",
             "二、支出情况", "全年支出 100.5 万元。其中：基本 支出80万元，项目支出20.5万元。"]
    cleaned = flatten.clean(lines)
    assert cleaned.lines[1] == "本单位2023年减幅明显，关于预算执行情况良好。"
    assert cleaned.lines[2] == "使用 Microsoft Word 2016 编辑，共 3 个科室。"
    assert cleaned.lines[4] == "全年支出 100.5 万元。其中：基本支出80万元，项目支出20.5万元。"
    assert cleaned.page_numbers == 1 and cleaned.spaces_removed == 3


def test_clean_text_is_left_alone():
    lines = (CORPUS / "hunan-nanxian-cppcc-2021.txt").read_text("utf-8").splitlines()
    cleaned = flatten.clean(lines)
    assert cleaned.lines == lines and cleaned.describe() == []
