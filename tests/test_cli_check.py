"""`tui-report check` on the sample: the balance rule fails, the spending sum
holds; exit codes say what happened."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from .conftest import ROOT, SAMPLE, run_cli


def test_check_sample_reports_the_balance_rule_and_exits_1():
    res = run_cli("check", str(SAMPLE))
    assert res.returncode == 1
    lines = [l for l in res.stdout.splitlines() if ": error: " in l]
    balance = [l for l in lines if "[check:balance]" in l]
    assert len(balance) == 1
    assert balance[0].startswith("report.toml:")
    assert "本年结余应等于上年结余加全年实际到位资金减实际支出" in balance[0]
    assert "0.00 + 230.32 - 153.99 = 76.33" in balance[0]
    assert "[check:spend-sum]" not in res.stdout  # 153.99 = 125.32 + 28.67 holds


def test_check_json_lists_objects():
    res = run_cli("check", str(SAMPLE), "--format", "json")
    data = json.loads(res.stdout)
    balance = [p for p in data if p["id"] == "check:balance"]
    assert balance and balance[0]["severity"] == "error"
    assert {"file", "line", "col", "end", "severity", "id", "message", "fix"} <= set(balance[0])


def test_check_exit_0_when_sums_hold(sample):
    toml = (sample / "report.toml").read_text(encoding="utf-8")
    (sample / "report.toml").write_text(
        toml.replace('balance_end     = { label = "本年结余", value = 0, unit = "元" }',
                     'balance_end     = { label = "本年结余", value = 76.33 }'), encoding="utf-8")
    res = run_cli("check", str(sample))
    assert "[check:balance]" not in res.stdout
    assert res.returncode == 0, res.stdout


def test_check_exit_2_when_folder_unreadable(tmp_path):
    res = run_cli("check", str(tmp_path / "nope"))
    assert res.returncode == 2
    assert "报告文件夹不存在" in res.stderr


def test_check_bad_rule_is_a_problem_with_position(sample):
    (sample / "report.toml").write_text((sample / "report.toml").read_text(encoding="utf-8") + textwrap.dedent('''
        [[checks]]
        id = "bad"
        rule = "spend_total == nope + 1"
        message = "x"
        '''), encoding="utf-8")
    res = run_cli("check", str(sample))
    bad = [l for l in res.stdout.splitlines() if "[bad-formula]" in l]
    assert len(bad) == 1 and "nope" in bad[0]
    lines = (sample / "report.toml").read_text(encoding="utf-8").splitlines()
    line, col = map(int, bad[0].split(":")[1:3])
    assert lines[line - 1][col - 1:].startswith("nope")


def test_python_dash_m_and_console_script_agree():
    import shutil
    import subprocess

    exe = shutil.which("tui-report")
    if exe is None:
        import sys
        from pathlib import Path
        exe = str(Path(sys.executable).parent / "tui-report")
    a = subprocess.run([exe, "export", str(SAMPLE), "-f", "txt"], capture_output=True, text=True)
    b = run_cli("export", str(SAMPLE), "-f", "txt")
    assert a.returncode == 0 and a.stdout == b.stdout


def test_version_names_python_and_every_library_in_use():
    import importlib.metadata

    out = subprocess.run([sys.executable, "-m", "tui_report", "--version"], capture_output=True, text=True, check=True,
                         cwd=ROOT).stdout
    assert out.startswith("tui-report ")
    for name in ("Python", "textual", "rich", "tomlkit", "weasyprint", "Pango", "python-docx"):
        assert f"\n  {name} " in out, name
    assert f"  textual {importlib.metadata.version('textual')}\n" in out
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").index("--version") < \
        (ROOT / ".ci" / "run").read_text(encoding="utf-8").index("make test")
