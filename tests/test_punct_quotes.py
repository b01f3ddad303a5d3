"""ASCII double quotes in Chinese text (GB/T 15834): flagged as
``punct-halfwidth`` and fixed by pairing them into “ ”, like the other
half-width marks; what is not prose keeps its quotes."""

from __future__ import annotations

import pytest

from tui_report import checks
from tui_report.checks.punctuation import scan
from tui_report.report.store import load

from .conftest import run_cli
from .test_checks_builtin import write_report


def fixed(text: str) -> str:
    """``text`` with every quote fix applied, from the end backwards."""
    for f in sorted(scan(text), key=lambda f: f.offset, reverse=True):
        if f.id == "punct-halfwidth" and f.fix is not None and '"' in f.fix[1]:
            at, old, new, _ = f.fix
            assert text[at:at + len(old)] == old
            text = text[:at] + new + text[at + len(old):]
    return text


@pytest.mark.parametrize(("text", "want"), [
    ('本年未产生"三公"经费。', "本年未产生“三公”经费。"),
    ('"三公"经费', "“三公”经费"),
    ('称为"最美科技工作者"，并"表彰"。', "称为“最美科技工作者”，并“表彰”。"),
    ('他说"Hello"。', "他说“Hello”。"),  # English quoted in a Chinese sentence
    ('| "三公"经费 | 0 |', "| “三公”经费 | 0 |"),  # within a table cell
    ('有个"孤零零的引号', "有个“孤零零的引号"),  # alone: opening before words
    ('经费合计"。', "经费合计”。"),  # alone: closing before a mark
])
def test_ascii_quotes_beside_chinese_are_paired_into_full_width_ones(text, want):
    found = scan(text)
    assert any(f.id == "punct-halfwidth" and f.severity == "warning" for f in found)
    assert fixed(text) == want


@pytest.mark.parametrize("text", [
    'say "hello world" to all',  # English among English
    "屏幕5\"，共两台",  # an inch mark after a number
    '代码`key = "三公"`照样',  # inline code
    '[名称](http://example.invalid/a "标题")说明',  # a link's target and title
    '| "a" | 甲 |',  # quotes pair within a cell, and "a" is not beside Chinese
])
def test_quotes_that_are_not_prose_are_left_alone(text):
    assert not [f for f in scan(text) if f.fix is not None and '"' in f.fix[1]]


def test_a_quotation_does_not_pair_across_a_table_bar_or_a_line():
    found = [f for f in scan('| 甲"乙 | 丙"丁 |\n第一行"甲\n乙"第二行') if '"' in (f.fix[1] if f.fix else "")]
    assert all(len(f.fix[1]) == 1 for f in found) and len(found) == 4  # four lone quotes, no pair


def test_quotes_around_a_placeholder_are_fixed_a_mark_at_a_time(tmp_path):
    root = write_report(tmp_path / "r", body='本年"{{year}}"年度。')
    found = [p for p in checks.run(load(root)) if p.id == "punct-halfwidth"]
    assert len(found) == 2 and {p.fix.new for p in found if p.fix} == {"“", "”"}


def test_check_flags_them_and_fix_pairs_them_in_the_file(tmp_path):
    root = write_report(tmp_path / "r", body='本年未产生"三公"经费，"表彰"先进。')
    res = run_cli("check", str(root))
    assert "punct-halfwidth" in res.stdout + res.stderr and '"三公"' in res.stdout + res.stderr
    res = run_cli("check", str(root), "--fix")
    text = (root / "sections" / "main.toml").read_text(encoding="utf-8")
    assert "本年未产生“三公”经费，“表彰”先进。" in text and '"三公"' not in text
    assert not [p for p in checks.run(load(root)) if p.id == "punct-halfwidth"]
