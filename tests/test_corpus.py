"""Published reports of other units (tests/corpus/, see its README): import
proposes the arithmetic they carry, it holds, and a digit changed in the
source is caught by import and by `check`."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from tui_report import checks
from tui_report.checks import arithmetic
from tui_report.importer.pipeline import import_file
from tui_report.report.folder_writer import write_report
from tui_report.report.store import load

from .conftest import ROOT, run_cli

CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.txt"))
ARITHMETIC = {"breakdown-sum", "share", "yoy-rate", "yoy-change", "yoy-direction", "table-total", "execution-rate"}
#: what each report's prose states that import must turn into checks,
#: derived figures or last-year values (rules as ids do not matter)
EXPECTED = {
    "hunan-nanxian-cppcc-2021": {"checks": 1, "prev": 2},
    "hunan-zhuzhou-hetang-womens-federation-2022": {"checks": 2},
    "gansu-pingliang-cppcc-office-2024": {"checks": 1},
    "shandong-red-cross-2021": {"checks": 1, "rate": 1},
    "sichuan-daying-culture-tourism-bureau-2022": {"checks": 2, "shares": 13},
    "sichuan-daying-baojianyuan-2020": {"checks": 2, "shares": 6, "prev": 3},
    "sichuan-jinkouhe-district-unit-2022": {"checks": 2, "prev": 3},
    # four changes in paragraphs; the fifth is inside a run-in heading's title
    "guangxi-wuzhou-military-retirees-unit-2021": {"prev": 4},
}


def test_the_corpus_has_six_or_more_reports_of_other_units():
    assert len(CORPUS) >= 6
    readme = (ROOT / "tests" / "corpus" / "README.md").read_text("utf-8")
    for path in CORPUS:
        assert path.name in readme and "http" in readme  # each with its source


def _wrong_in_source(path: Path) -> bool:
    """Whether the truth file records a relation the source gets wrong."""
    import tomllib

    truth = path.with_suffix(".truth.toml")
    return truth.exists() and any(not r.get("holds", True)
                                  for r in tomllib.loads(truth.read_text("utf-8")).get("relation", []))


def _imported(path: Path, tmp: Path):
    imp = import_file(path)
    dest = tmp / path.stem
    write_report(imp.report, dest)
    return imp, dest


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_import_proposes_the_arithmetic_and_it_holds(path, tmp_path):
    imp, dest = _imported(path, tmp_path)
    a = imp.arithmetic
    if not _wrong_in_source(path):
        assert a.source_errors == []  # these reports add up
    want = EXPECTED.get(path.stem, {})
    proposed_checks = [c for c in imp.report.checks if c.rule]
    assert len(proposed_checks) >= want.get("checks", 0), [c.rule for c in proposed_checks]
    assert len(a.prev) >= want.get("prev", 0)
    assert len(a.shares) >= want.get("shares", 0)
    assert (a.rate is not None) >= bool(want.get("rate"))
    report = load(dest)
    problems = checks.run(report)
    if not _wrong_in_source(path):
        assert not [p for p in problems if p.id in ARITHMETIC], [p.format() for p in problems if p.id in ARITHMETIC]
    assert not [p for p in problems if p.id.startswith("check:")], "a proposed identity fails"


def _claimed_numbers(text: str) -> list[str]:
    """The typed numbers each claim of ``text`` rests on (one per claim)."""
    out = []
    for line in text.splitlines():
        claims = arithmetic.recognise(line)
        for b in claims.breakdowns:
            if b.complete:
                out.append((line, b.parts[0]))
        for s in claims.shares:
            out.append((line, s.percent))
        for c in claims.changes:
            if c.rate is not None:
                out.append((line, c.rate))
    return out


@pytest.mark.parametrize("path", [p for p in CORPUS if p.stem in EXPECTED], ids=lambda p: p.stem)
def test_a_digit_changed_in_the_source_is_caught(path, tmp_path):
    text = path.read_text("utf-8")
    targets = _claimed_numbers(text)
    if not targets:  # claims across paragraphs: change the first part of a 其中： list
        m = re.search(r"其中[:：]\n[^\n]*?(\d+\.\d+)万元", text)
        assert m, "no claim to change"
        at = m.start(1)
    else:
        line, q = targets[0]
        at = text.index(line) + q.offset
    digit = text[at]
    changed = text[:at] + str((int(digit) + 1) % 10) + text[at + 1:]
    source = tmp_path / path.name
    source.write_text(changed, "utf-8")
    imp, dest = _imported(source, tmp_path / "out")
    assert imp.arithmetic.source_errors, "import did not report the broken claim"
    res = run_cli("check", str(dest))
    found = [line for line in res.stdout.splitlines() if any(f"[{pid}]" in line for pid in ARITHMETIC)]
    assert found, res.stdout
    # the message names the numbers with their units (an amount, or a count of people)
    assert re.search(r"\d+(?:\.\d+)?(?:[亿千万]?元|%|[人名位个家所辆项次户台套件座处条场篇批张份])", found[0])


@pytest.mark.parametrize("path", [p for p in CORPUS if EXPECTED.get(p.stem, {}).get("checks")], ids=lambda p: p.stem)
def test_changing_a_figure_of_an_imported_identity_fails_check(path, tmp_path):
    imp, dest = _imported(path, tmp_path)
    rule = next(c.rule for c in imp.report.checks if "==" in c.rule)
    fid = rule.split("==")[1].split("+")[0].strip()
    toml = dest / "report.toml"
    lines = toml.read_text("utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"{fid} ") or line.startswith(f"{fid}="):
            lines[i] = re.sub(r"value = ([\d.]+)", lambda m: f"value = {Decimal(m.group(1)) + 1}", line, count=1)
            break
    else:
        raise AssertionError(f"{fid} not in report.toml")
    toml.write_text("\n".join(lines) + "\n", "utf-8")
    res = run_cli("check", str(dest))
    assert res.returncode == 1, res.stdout + res.stderr
