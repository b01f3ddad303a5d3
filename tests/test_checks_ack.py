"""`[[acknowledged]]`: a problem accepted with a reason is shown as
acknowledged and no longer fails `check`; `where` narrows what it covers."""

from __future__ import annotations

import json
import textwrap

import pytest

from tui_report import checks
from tui_report.report.store import load

from .conftest import run_cli
from .test_checks_builtin import write_report


def ack(problem: str, where: str | None = None, reason: str = "已核实") -> str:
    lines = ["", "[[acknowledged]]", f'problem = "{problem}"']
    if where is not None:
        lines.append(f'where = "{where}"')
    lines.append(f'reason = "{reason}"')
    return "\n".join(lines) + "\n"


def append(root, text: str) -> None:
    path = root / "report.toml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def acked(root) -> list[tuple[str, str, bool]]:
    return sorted((p.id, p.where, p.acknowledged) for p in checks.run(load(root)) if p.severity != "info")


def test_acknowledging_the_sample_findings_makes_check_pass(sample):
    append(sample, ack("check:balance", reason="结余已上缴财政，原文按0元填报")
           + ack("unit-mix", reason="结余按元填报，与财政口径一致")
           + ack("punct-*", "overview", "职能职责照录“三定”方案原文"))
    res = run_cli("check", str(sample))
    assert "acknowledged: 本年结余应等于" in res.stdout
    assert "（已确认：结余已上缴财政，原文按0元填报）" in res.stdout
    assert res.returncode == 0, res.stdout  # no unacknowledged error left
    strict = run_cli("check", str(sample), "--strict")
    assert strict.returncode == 1  # punctuation outside overview is still a warning
    data = json.loads(run_cli("check", str(sample), "--format", "json").stdout)
    overview = [d for d in data if d["file"] == "sections/overview.toml"]
    assert overview and all(d["acknowledged"] and d["reason"] == "职能职责照录“三定”方案原文" for d in overview)
    assert not any(d["acknowledged"] for d in data if d["file"] == "sections/assets.toml")


@pytest.mark.parametrize("where, covered", [
    (None, {"balance_start", "balance_end"}),
    ("", {"balance_start", "balance_end"}),
    ("balance_start", {"balance_start"}),
    ("balance_end", {"balance_end"}),
    ("report.toml", {"balance_start", "balance_end"}),
    ("spend_total", set()),
])
def test_where_matches_a_figure_id_or_file(sample, where, covered):
    append(sample, ack("unit-mix", where))
    got = {w for pid, w, a in acked(sample) if pid == "unit-mix" and a}
    assert got == covered


@pytest.mark.parametrize("where, covered", [
    ("overview", {"overview/0", "overview/0/0", "overview/1"}),
    ("overview/0", {"overview/0", "overview/0/0"}),
    ("overview/0/0", {"overview/0/0"}),
    ("overview/1", {"overview/1"}),
    ("sections/assets.toml", {"assets"}),
    ("assets", {"assets"}),
    ("over", set()),  # a path prefix must end at a "/"
    (";", {"assets", "improvements/1"}),  # the offending text as typed
])
def test_where_matches_a_section_path_prefix_a_file_or_the_text(sample, where, covered):
    append(sample, ack("punct-halfwidth", where))
    got = {w for pid, w, a in acked(sample) if pid == "punct-halfwidth" and a}
    assert got == covered


def test_where_matches_the_typed_text_of_a_stale_year(tmp_path):
    root = write_report(tmp_path, body="2020年开展，2021年开展。", extra=ack("stale-year", "2020年", "单位成立年份"))
    assert [(p.extra["text"], p.acknowledged) for p in checks.run(load(root)) if p.id == "stale-year"] == \
        [("2020年", True), ("2021年", False)]


def test_stale_and_reasonless_acknowledgements_are_reported(tmp_path):
    root = write_report(tmp_path, body="{{spend_total}}", extra=ack("stale-year", "2019年") + textwrap.dedent('''
        [[acknowledged]]
        problem = "figure-unused"
        where = "balance_start"
        '''))
    problems = checks.run(load(root))
    unused = [p for p in problems if p.id == "ack-unused"]
    assert len(unused) == 1 and unused[0].severity == "info" and "stale-year" in unused[0].message
    assert unused[0].line == (root / "report.toml").read_text(encoding="utf-8").splitlines().index(
        'problem = "stale-year"') + 1
    noreason = [p for p in problems if p.id == "ack-no-reason"]
    assert len(noreason) == 1 and noreason[0].severity == "warning"
    # the reasonless entry still marks its problem, so the warning is the one thing to act on
    assert [p.acknowledged for p in problems if p.id == "figure-unused" and p.where == "balance_start"] == [True]


def test_acknowledging_does_not_mark_the_models_load_problems(sample):
    (sample / "sections" / "extra.toml").write_text('title = "未列出"\n', encoding="utf-8")
    append(sample, ack("unlisted-file"))
    report = load(sample)
    assert [p.acknowledged for p in checks.run(report) if p.id == "unlisted-file"] == [True]
    assert [p.acknowledged for p in report.load_problems if p.id == "unlisted-file"] == [False]
