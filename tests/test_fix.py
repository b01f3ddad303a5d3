"""`check --fix` applies the safe fixes through the store: the file diff is
exactly the fixed lines, nothing else moves, and a second run finds nothing
left to fix."""

from __future__ import annotations

import difflib
import textwrap
from pathlib import Path

import pytest

from tui_report import checks
from tui_report.checks.fixes import FixError, apply_all, apply_fix
from tui_report.report import lock
from tui_report.report.problems import Fix
from tui_report.report.store import Store, load

from .conftest import run_cli
from .test_checks_builtin import write_report


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.toml"))}


def diff(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str]]:
    """Changed lines per file, as ``-old`` / ``+new``."""
    out = {}
    for rel in sorted(set(before) | set(after)):
        lines = [l for l in difflib.unified_diff(before.get(rel, "").splitlines(), after.get(rel, "").splitlines(),
                                                 lineterm="", n=0)
                 if l[:1] in "+-" and not l.startswith(("+++", "---"))]
        if lines:
            out[rel] = lines
    return out


def test_fix_on_the_sample_changes_only_the_fixed_lines(sample):
    before = snapshot(sample)
    res = run_cli("check", str(sample), "--fix")
    assert res.returncode == 1  # the balance error is not a thing to fix automatically
    assert "已自动修复 13 处（4 个文件）" in res.stderr
    changes = diff(before, snapshot(sample))
    assert set(changes) == {"sections/overview.toml", "sections/assets.toml",
                            "sections/improvements.toml", "sections/performance.toml"}
    assert {rel: (sum(l[0] == "-" for l in ls), sum(l[0] == "+" for l in ls)) for rel, ls in changes.items()} == {
        "sections/overview.toml": (7, 7),  # 2 titles + 5 duty lines (one has two commas)
        "sections/assets.toml": (1, 1),  # one line, two semicolons
        "sections/improvements.toml": (1, 1),
        "sections/performance.toml": (2, 2),  # 如下: and the stray space
    }
    # every changed line differs from its old self only in punctuation and spaces
    for rel, lines in changes.items():
        old = [l[1:] for l in lines if l.startswith("-")]
        new = [l[1:] for l in lines if l.startswith("+")]
        assert len(old) == len(new), rel
        for a, b in zip(old, new, strict=True):
            assert strip_punct(a) == strip_punct(b), (a, b)
    assert changes["sections/performance.toml"][-1].endswith("提高资金使用效益，{{year}}年我单位各项经费开支严格按标准支出，效率性、有效性显著，进一步提升了科协“四服务一加强”的整体能力。")
    # what is left: the balance and the two 元 figures
    left = run_cli("check", str(sample), "--format", "json")
    assert left.stdout.count('"id":') == 3
    fixed = snapshot(sample)
    again = run_cli("check", str(sample), "--fix")
    assert "已自动修复 0 处（0 个文件）" in again.stderr
    assert snapshot(sample) == fixed  # nothing moves on a second run


def strip_punct(line: str) -> str:
    return "".join(ch for ch in line if ch not in ",，;；:：()（） ")


def test_fix_handles_several_kinds_and_leaves_the_rest(tmp_path):
    root = write_report(tmp_path, section=textwrap.dedent('''\
        # 注释保留
        title = "（一）概况"
        body = \'\'\'
        实际支出153.99万元,其中基本支出{{spend_basic}}万元。。
        2023年开展了活动，2022年9月15日举办。
        上年结余0万元，本年结余0万元。
        保持不变的一段。
        \'\'\'
        '''))
    before = snapshot(root)
    res = run_cli("check", str(root), "--fix")
    changes = diff(before, snapshot(root))
    assert changes == {"sections/main.toml": [
        '-title = "（一）概况"',
        '+title = "概况"',
        "-实际支出153.99万元,其中基本支出{{spend_basic}}万元。。",
        "-2023年开展了活动，2022年9月15日举办。",
        "+实际支出{{spend_total}}，其中基本支出{{spend_basic}}。",
        "+{{year}}年开展了活动，2022年9月15日举办。",
    ]}, res.stderr
    left = {p.id for p in checks.run(load(root))}
    # not safe to decide automatically: a date in another year, an amount
    # that equals two figures
    assert {"date-outside-year", "typed-amount"} <= left
    assert not left & {"punct-halfwidth", "punct-doubled", "typed-heading-number", "unit-repeated", "typed-year"}


def test_acknowledged_problems_are_not_fixed(tmp_path):
    root = write_report(tmp_path, body="学风建设,宣传。", extra=textwrap.dedent('''
        [[acknowledged]]
        problem = "punct-halfwidth"
        where = "main"
        reason = "引文原样保留"
        '''))
    before = snapshot(root)
    res = run_cli("check", str(root), "--fix")
    assert res.returncode == 0
    assert snapshot(root) == before


def test_fix_refuses_while_an_editor_holds_the_lock(sample):
    held = lock.acquire(sample)
    try:
        before = snapshot(sample)
        res = run_cli("check", str(sample), "--fix")
        assert "未自动修复" in res.stderr
        assert snapshot(sample) == before
        assert "[check:balance]" in res.stdout  # the check itself still ran
    finally:
        held.release()


def test_apply_fix_refuses_when_the_text_moved(sample):
    store = Store.open(sample)
    p = next(p for p in checks.run(store.report) if p.id == "punct-space")
    section = next(s for s, _ in store.report.walk() if s.path == tuple(p.fix.target[2]) and s.file == p.fix.target[1])
    store.set_body(section, "前面插入的文字。" + section.body)
    with pytest.raises(FixError):
        apply_fix(store, p.fix)


def test_apply_all_skips_overlapping_fixes_and_applies_the_rest(sample):
    store = Store.open(sample)
    section = store.report.sections[2]
    store.set_body(section, "甲,乙,丙")
    target = ("body", section.file, section.path)
    fixes = [Fix("a", target, 1, ",", "，"), Fix("overlap", target, 1, ",乙", "X"), Fix("b", target, 3, ",", "，")]
    assert apply_all(store, fixes) == 2
    assert section.body == "甲，乙，丙"
