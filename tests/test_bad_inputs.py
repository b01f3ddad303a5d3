"""Every case of the bad-input corpus gives the user a message naming the
file, line and what to do — and none crashes `check` or `export`."""

from __future__ import annotations

import json

import pytest

from tui_report.cli import main
from tui_report.report.store import ReportError, Store

from .bad_inputs import BASE, cases
from .conftest import run_cli

CASES = cases()
BY_NAME = {c.name: c for c in CASES}


def run(capsys, *args: str) -> tuple[int, str, str]:
    rc = main(list(args))
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_corpus_is_large_enough_and_named_uniquely():
    assert len(CASES) >= 25
    assert len(BY_NAME) == len(CASES)
    assert all(c.expect for c in CASES)


def test_base_report_is_clean(capsys):
    rc, out, err = run(capsys, "check", str(BASE))
    assert rc == 0 and out == "" and "0 个错误，0 个警告" in err


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_check_shows_the_message(case, tmp_path, capsys):
    root = case.materialize(tmp_path)
    rc, out, err = run(capsys, "check", str(root))
    for expect in case.expect:
        assert expect.line_text() in out + err, f"{case.name}: {case.description}\n{out}{err}"
    assert rc == case.exit, out + err
    rc, out, err = run(capsys, "check", str(root), "--format", "json")
    if case.opens:
        problems = json.loads(out)
        for expect in case.expect:
            if expect.file:
                assert any((p["file"], p["line"], p["col"], p["message"]) ==
                           (expect.file, expect.line, expect.col, expect.text) for p in problems)
    else:
        assert rc == 2 and case.expect[0].line_text() in err


@pytest.mark.parametrize("fmt", ["md", "txt"])
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_export_does_not_crash(case, fmt, tmp_path, capsys):
    root = case.materialize(tmp_path)
    rc, out, err = run(capsys, "export", str(root), "--format", fmt)
    if case.opens:
        broken = [s.file for s, _ in Store.open(root).report.walk() if s.error]
        if broken:  # exported, it would lack that section's text: refused, naming the file
            assert rc == 2 and out == "" and "Traceback" not in err
            assert all(f in err for f in broken) and "无法读取" in err, err
        else:
            assert rc == 0 and out.strip(), err
    else:
        assert rc == 2 and out == ""
        assert case.expect[0].line_text() in err


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_store_opens_or_says_why(case, tmp_path):
    """What the editor gets: a report whose broken sections carry their
    error, or a ReportError with the location."""
    root = case.materialize(tmp_path)
    if not case.opens:
        with pytest.raises(ReportError) as info:
            Store.open(root)
        first = case.expect[0]
        assert (info.value.file, info.value.line, info.value.col, info.value.message) == \
            (first.file, first.line, first.col, first.text)
        return
    store = Store.open(root)
    for expect in case.expect:
        if not expect.file:
            continue
        broken = [s for s in store.report.sections if s.error and s.file == expect.file]
        problems = [p for p in store.report.load_problems if (p.file, p.line, p.col) == (expect.file, expect.line, expect.col)]
        assert broken or problems
        for section in broken:
            assert section.error == f"{expect.file}:{expect.line}:{expect.col}: {expect.text}"


def test_thousand_sections_are_numbered_past_nine_hundred_ninety_nine(tmp_path, capsys):
    root = BY_NAME["thousand-sections"].materialize(tmp_path)
    rc, out, _ = run(capsys, "export", str(root), "--format", "txt")
    assert rc == 0
    assert "九百九十九、第999项" in out and "一千、第1000项" in out


def test_five_megabyte_body_exports_whole(tmp_path, capsys):
    root = BY_NAME["big-body-5mb"].materialize(tmp_path)
    body = Store.open(root).report.sections[1].body
    assert len(body.encode("utf-8")) > 5 * 1024 * 1024
    rc, out, _ = run(capsys, "export", str(root), "--format", "md")
    assert rc == 0 and out.count("各项支出符合规定") == body.count("各项支出符合规定")


def test_sections_after_an_ignored_deep_subtree_keep_their_positions(tmp_path):
    root = BY_NAME["too-many-levels"].materialize(tmp_path)
    report = Store.open(root).report
    level2 = report.sections[0].children[0]
    sibling = level2.children[0].children[1]
    assert sibling.title == "另一个四级"
    lines = (root / "sections/overview.toml").read_text(encoding="utf-8").split("\n")
    assert lines[sibling.title_span.line - 1][sibling.title_span.col - 1:].startswith("另一个四级")
    assert lines[sibling.body_span.line - 1] == "正文。"


def test_unreadable_section_message_reaches_a_real_process(tmp_path):
    root = BY_NAME["gbk-section"].materialize(tmp_path)
    res = run_cli("check", str(root))
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert BY_NAME["gbk-section"].expect[0].line_text() in res.stdout


def test_convert_encoding_fixes_gbk_and_utf16_and_keeps_originals(tmp_path):
    gbk = BY_NAME["gbk-section"].materialize(tmp_path / "gbk")
    original = (gbk / "sections/budget.toml").read_bytes()
    dry = run_cli("convert-encoding", str(gbk), "--dry-run")
    assert dry.returncode == 0 and "sections/budget.toml: GBK/GB18030 → UTF-8（未改动：--dry-run）" in dry.stdout
    assert (gbk / "sections/budget.toml").read_bytes() == original
    res = run_cli("convert-encoding", str(gbk))
    assert res.returncode == 0, res.stderr
    assert "sections/budget.toml: 已从 GBK/GB18030 转为 UTF-8（原文件保存在 .tui-report/originals/sections/budget.toml）" in res.stdout
    assert (gbk / ".tui-report/originals/sections/budget.toml").read_bytes() == original
    text = (gbk / "sections/budget.toml").read_text(encoding="utf-8")
    assert text == original.decode("gb18030")
    assert run_cli("check", str(gbk)).returncode == 0
    assert "所有文件都已是 UTF-8" in run_cli("convert-encoding", str(gbk)).stderr

    utf16 = BY_NAME["utf16-section"].materialize(tmp_path / "utf16")
    assert run_cli("convert-encoding", str(utf16)).returncode == 0
    assert "人员经费" in (utf16 / "sections/budget.toml").read_text(encoding="utf-8")
    assert run_cli("check", str(utf16)).returncode == 0


def test_convert_encoding_leaves_unrecognised_files_alone(tmp_path):
    root = BY_NAME["binary-section"].materialize(tmp_path)
    before = (root / "sections/budget.toml").read_bytes()
    res = run_cli("convert-encoding", str(root))
    assert res.returncode == 1
    assert "sections/budget.toml: 不是 UTF-8，也无法确定编码（或转换会丢字），未改动；请用编辑器另存为 UTF-8" in res.stderr
    assert (root / "sections/budget.toml").read_bytes() == before
