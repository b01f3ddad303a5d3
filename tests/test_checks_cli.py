"""`tui-report check` as a program: json objects, --strict, several
folders, and the pre-commit hook definition running the real command."""

from __future__ import annotations

import json
import re

from .conftest import ROOT, SAMPLE, run_cli
from .test_checks_builtin import write_report


def test_json_objects_have_the_documented_fields():
    data = json.loads(run_cli("check", str(SAMPLE), "--format", "json").stdout)
    assert data and all({"file", "line", "col", "end", "severity", "id", "message", "fix"} <= set(d) for d in data)
    space = next(d for d in data if d["id"] == "punct-space")
    assert (space["file"], space["severity"], space["end"] - space["col"]) == ("sections/performance.toml", "warning", 1)
    assert space["fix"]["old"] == " " and space["fix"]["new"] == ""
    assert next(d for d in data if d["id"] == "check:balance")["fix"] is None


def test_strict_fails_on_warnings_only_report(tmp_path):
    root = write_report(tmp_path, body="{{spend_total}}，学风建设,宣传。{{balance_start}}{{balance_end}}")
    plain = run_cli("check", str(root))
    assert plain.returncode == 0 and "[punct-halfwidth]" in plain.stdout
    assert "0 个错误，1 个警告；其中 1 处可用 --fix 自动修复" in plain.stderr
    assert run_cli("check", str(root), "--strict").returncode == 1


def test_several_folders_in_one_run(tmp_path):
    clean = write_report(tmp_path / "clean", body="{{spend_total}}{{balance_start}}{{balance_end}}")
    res = run_cli("check", str(clean), str(SAMPLE))
    assert res.returncode == 1  # the sample's balance error
    assert f"{SAMPLE}/report.toml:" in res.stdout and str(clean) not in res.stdout
    missing = run_cli("check", str(clean), str(tmp_path / "nope"))
    assert missing.returncode == 2 and "报告文件夹不存在" in missing.stderr
    data = json.loads(run_cli("check", str(clean), str(SAMPLE), "--format", "json").stdout)
    assert all(d["file"].startswith(f"{SAMPLE}/") for d in data)


def hooks() -> list[dict[str, str]]:
    """The hook entries of .pre-commit-hooks.yaml (a flat list of mappings)."""
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    out = []
    for block in re.split(r"^- ", text, flags=re.M)[1:]:
        out.append(dict(re.findall(r"^\s*(\w+):\s*(.+?)\s*$", "  " + block, flags=re.M)))
    return out


def test_pre_commit_hooks_run_the_real_check(tmp_path):
    defs = {h["id"]: h for h in hooks()}
    assert set(defs) == {"tui-report-check", "tui-report-check-strict"}
    root = write_report(tmp_path, body="{{spend_total}}，学风建设,宣传。{{balance_start}}{{balance_end}}")
    for hook_id, expected in (("tui-report-check", 0), ("tui-report-check-strict", 1)):
        h = defs[hook_id]
        assert h["language"] == "python" and h["pass_filenames"] == "false"
        assert re.search(h["files"].replace("\\\\", "\\"), "sections/main.toml")
        program, *args = h["entry"].split()
        assert program == "tui-report"
        hook_args = json.loads(h["args"])
        res = run_cli(*args, *hook_args, cwd=root)  # pre-commit runs hooks at the repository root
        assert res.returncode == expected, (hook_id, res.stdout, res.stderr)
