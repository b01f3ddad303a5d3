"""Hostile text inside report files: escape sequences never reach the
terminal, invisible characters are found, any Decimal is formatted and
compared without raising, a failing check hides no other problem, and
rendering takes time linear in the text (no quadratic markup)."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_report import checks
from tui_report.checks import arithmetic, declared, engine
from tui_report.figures import formula
from tui_report.figures.rates import rounded
from tui_report.report.store import Store, load
from tui_report.report.terminal import INVISIBLE, invisible, safe

from .conftest import ROOT, run_cli

ESC = "\x1b]0;pwned\x07\x1b[2J"


def _body(sample, text: str, index: int = 2) -> None:
    store = Store.open(sample)
    store.set_body(store.report.sections[index], text)
    store.save()


def test_escape_sequences_in_a_report_never_reach_the_terminal(sample):
    _body(sample, "预算{{x" + ESC + "y}}执行良好。\u202e反向文字")
    res = run_cli("check", str(sample))
    assert "\x1b" not in res.stdout + res.stderr and "\x07" not in res.stdout
    assert "<U+001B>" in res.stdout and "[unknown-placeholder]" in res.stdout
    assert "<U+202E>" in res.stdout and "[invisible-char]" in res.stdout


def test_invisible_characters_are_found_and_fixed(sample):
    _body(sample, "实际支出{{spend\u200b_total}}，其中\u202e基本支出。")
    problems = [p for p in checks.run(load(sample)) if p.id == "invisible-char"]
    assert [p.extra["text"] for p in problems] == ["<U+200B>", "<U+202E>"]
    assert all(p.fix is not None and p.fix.safe for p in problems)
    # a name that looks like a figure but is not one is named with its invisible mark
    unknown = [p for p in checks.run(load(sample)) if p.id == "unknown-placeholder"]
    assert unknown and "<U+200B>" in unknown[0].message
    res = run_cli("check", str(sample), "--fix")
    body = load(sample).sections[2].body
    assert "\u200b" not in body and "\u202e" not in body and "{{spend_total}}" in body, res.stderr


def test_terminal_escaping_covers_every_control_and_format_character():
    for code in range(0x110000):
        ch = chr(code)
        if invisible(ch):
            assert INVISIBLE.match(ch), hex(code)
    assert safe("a\x1bb\nc") == "a<U+001B>b\nc"
    assert safe("正常的中文，123。") == "正常的中文，123。"


@pytest.mark.parametrize("rule", [
    "spend_total >= 1234567890123456789012345678901234567.55",
    "spend_total == 99999999999999999999999999999999999999999",
    "spend_total == 1e999",
    "spend_total / 0.0000000000000000000000000000001 < 1",
    "spend_total * 99999999999999999999999999999999 == 1",
])
def test_huge_numbers_in_rules_are_problems_not_crashes(sample, rule):
    toml = sample / "report.toml"
    toml.write_text(toml.read_text("utf-8") + f'\n[[checks]]\nid = "edge"\nrule = "{rule}"\n', "utf-8")
    res = run_cli("check", str(sample))
    assert "Traceback" not in res.stderr and res.returncode == 1
    assert "[check:edge]" in res.stdout or "[bad-formula]" in res.stdout
    assert "[check:balance]" in res.stdout  # the real error is still there


@pytest.mark.parametrize("tolerance", ["-1", "-0.001", "1e9"])
def test_negative_or_absurd_tolerances_are_refused(sample, tolerance):
    toml = sample / "report.toml"
    toml.write_text(toml.read_text("utf-8") + f'\n[[checks]]\nid = "t"\nrule = "spend_total == 153.99"\ntolerance = {tolerance}\n', "utf-8")
    problems = checks.run(load(sample))
    bad = [p for p in problems if p.id == "bad-tolerance"]
    assert len(bad) == 1 and tolerance.lstrip("-") in bad[0].message.replace("1E+9", "1e9")
    assert not [p for p in problems if p.id == "check:t"]


def test_only_ascii_digits_are_numbers_in_formulas():
    for rule in ("spend_total == ١٥٣", "spend_total == １５３", "spend_total == ৩"):
        with pytest.raises(formula.FormulaError):
            formula.parse(rule)


@settings(max_examples=300, deadline=None)
@given(value=st.decimals(allow_nan=True, allow_infinity=True), places=st.integers(min_value=-50, max_value=50))
def test_rounding_and_formatting_never_raise(value, places):
    out = rounded(value, places)
    assert isinstance(out, Decimal)
    declared.amount_text(value)
    declared.percent_text(value) if value.is_finite() else None


def test_a_failing_check_is_one_problem_and_hides_no_other(sample, monkeypatch):
    before = {p.id for p in checks.run(load(sample))}

    def broken(text, values):
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(arithmetic, "check", broken)
    engine.clear()  # the checks remember each text's problems across runs: forget them, as a new process would
    problems = checks.run(load(sample))
    failed = [p for p in problems if p.id == "check-failed"]
    assert failed and "simulated bug" in failed[0].message
    assert before <= {p.id for p in problems}  # the real errors are all still there
    assert "check:balance" in {p.id for p in problems}


PATHOLOGICAL = ["[" * 100_000, "*" * 100_000, "*a " * 33_000, "[a](" * 25_000, "`" * 100_000,
                "__a" * 33_000, "![" * 50_000, "** a" * 25_000, "*a " * 300 + "x" + " a*" * 300]

RENDER = """
import sys
from tui_report.report.store import Store, load
from tui_report.render.text import to_text
from tui_report.render.markdown import to_markdown
from tui_report.export.html import standalone
store = Store.open(sys.argv[1])
store.set_body(store.report.sections[2], sys.stdin.read())
store.save()
report = load(sys.argv[1])
to_text(report); to_markdown(report); doc = standalone(report)
print("RENDERED", len(doc.warnings))
"""


@pytest.mark.parametrize("body", PATHOLOGICAL, ids=lambda b: repr(b[:6]))
def test_100kb_of_pathological_markup_renders(sample, body):
    """Each renderer finishes on 100 KB of runs that make naive patterns
    quadratic (the time limit only catches a hang; bench_render measures)."""
    res = subprocess.run([sys.executable, "-c", RENDER, str(sample)], input=body, capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert "RENDERED" in res.stdout, res.stderr[-2000:]


def test_deep_emphasis_is_flattened_for_the_pdf_with_a_warning(sample, tmp_path):
    _body(sample, "深层" + "*a " * 300 + "x" + " a*" * 300)
    res = run_cli("export", str(sample), "--format", "pdf", "--draft", "-o", str(tmp_path / "out.pdf"))
    assert res.returncode == 0, res.stderr[-2000:]
    assert "嵌套超过" in res.stderr and "sections/" in res.stderr
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")


def test_escape_sequences_in_printed_paths_never_reach_the_terminal(sample, tmp_path):
    hostile = tmp_path / f"x{ESC}y"
    hostile.mkdir()
    report = hostile / "r"
    sample.rename(report)
    for args in (["check", str(report), str(report)], ["export", str(report), "--format", "txt", "-o",
                                                      str(hostile / "out.txt")],
                 ["new", str(hostile / "next"), "--from", str(report)], ["compare", str(report), str(report)],
                 ["import", str(ROOT / "tests" / "corpus" / "hunan-nanxian-cppcc-2021.txt"), "-o",
                  str(hostile / "imported")], ["convert-encoding", str(report)]):
        res = run_cli(*args)
        assert "\x1b" not in res.stdout + res.stderr, args
    assert "<U+001B>" in run_cli("check", str(report), str(report)).stdout
