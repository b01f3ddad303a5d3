"""Names and places a report or a user gives: a template name that is a path,
a ``previous_report`` no system takes, a full disk or a read-only mount
under `new`, `import`, `convert-encoding` and `scorecard init`, an output
path under a regular file, a new folder that is a symlink or inside the old
one; and what a rewrite keeps (CRLF, a byte-order mark), what an encoding
guess may not do (Big5 read as GBK). Every case ends in a message, never a
traceback, a file outside the report, or mojibake."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui_report import checks
from tui_report.report.encoding import guess
from tui_report.report.folder_writer import section_ids
from tui_report.report.model import Section
from tui_report.report.store import Store
from tui_report.report.templates import TemplateError, find

from .conftest import ROOT, SAMPLE
from .test_hostile_output import run_limited


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "tui_report", *args], cwd=cwd or ROOT, capture_output=True,
                          text=True, env=env, timeout=120)


def no_traceback(res: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in res.stderr and "Exception ignored" not in res.stderr, res.stderr
    assert "缺陷" not in res.stderr + res.stdout, res.stderr + res.stdout  # no check-failed


def settle_setting(report: Path, value: str) -> None:
    text = (report / "report.toml").read_text(encoding="utf-8")
    text = re.sub(r"\n\[settings\][^\[]*", "\n", text)
    (report / "report.toml").write_text(text + f'\n[settings]\nprevious_report = "{value}"\n', encoding="utf-8")


# --- template names are names ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["../../../etc/evil", "/tmp/evil", "central/../central", "x" * 5000, "a\x00b",
                                  "..", "central.toml", " central"])
def test_a_template_name_is_never_a_path(name, tmp_path):
    (tmp_path / "evil.toml").write_text('name = "evil"\n[report]\noutline = [{id = "a", title = "A"}]\n')
    with pytest.raises(TemplateError) as info:
        find(name)
    assert "模板名" in info.value.message and "\x00" not in info.value.message


def test_new_and_scorecard_init_refuse_a_path_as_template(sample, tmp_path):
    for args in (("new", str(tmp_path / "n"), "--template", "../../../../tmp/evil"),
                 ("new", str(tmp_path / "n"), "--template", "x" * 5000),
                 ("scorecard", "init", str(sample), "--template", "/etc/evil")):
        res = cli(*args)
        no_traceback(res)
        assert res.returncode == 2 and "模板名" in res.stderr
    assert not (tmp_path / "n").exists()


@pytest.mark.parametrize("value", ["../../../../../../tmp/evil", "/tmp/evil", r"a\u0000b", "y" * 4000])
def test_the_scorecards_template_value_reads_no_file_outside(sample, tmp_path, value):
    (Path("/tmp") / "evil.toml").write_text('name = "evil"\ntotal = 1\n')
    text = (sample / "scorecard.toml").read_text(encoding="utf-8")
    (sample / "scorecard.toml").write_text(re.sub(r'^template = "[^"]*"', lambda _: f'template = "{value}"', text,
                                                  count=1, flags=re.MULTILINE), encoding="utf-8")
    problems = checks.run(Store.open(sample).report)
    bad = [p for p in problems if p.id == "score-template"]
    assert bad and "模板名" in bad[0].message and bad[0].file == "scorecard.toml"
    assert not any(p.id == "check-failed" for p in problems)
    res = cli("export", str(sample), "--format", "txt")
    no_traceback(res)


# --- previous_report paths -------------------------------------------------------------------------


@pytest.mark.parametrize("value", [r"a\u0000b", "x" * 300, "/".join(["a" * 250] * 20), r"..\u001b]0;t\u0007"])
def test_a_previous_report_no_system_takes_is_a_problem(sample, value):
    settle_setting(sample, value)
    problems = checks.run(Store.open(sample).report)
    assert not any(p.id == "check-failed" for p in problems)
    assert any(p.id == "previous-report" and p.file == "report.toml" for p in problems)
    for args in (("check", str(sample)), ("compare", str(sample))):
        res = cli(*args)
        no_traceback(res)
        assert "previous_report" in res.stdout + res.stderr


# --- the system says no: a full disk, a read-only mount -----------------------------------------------


def test_a_full_disk_under_new_and_import_is_a_message(sample, tmp_path):
    text = tmp_path / "old.txt"
    text.write_text(cli("export", str(sample), "--format", "txt").stdout, encoding="utf-8")
    for args in (("new", str(tmp_path / "a"), "--from", str(sample)),
                 ("new", str(tmp_path / "b"), "--template", "central"),
                 ("import", str(text), "-o", str(tmp_path / "c"))):
        res = run_limited(300, *args)
        no_traceback(res)
        assert res.returncode == 2 and "无法新建" in res.stderr and "最大文件大小" in res.stderr, res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.txt", "report"]  # no folder, no temp folder


@contextlib.contextmanager
def read_only(folder: Path):
    """``folder`` bind-mounted read-only over itself (root only)."""
    if os.geteuid() != 0:
        pytest.skip("mounting needs root")
    if subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True).returncode != 0:
        pytest.skip("mount is not permitted here")
    try:
        if subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], capture_output=True).returncode != 0:
            pytest.skip("a read-only remount is not permitted here")
        yield
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)


def test_a_read_only_mount_is_a_message(sample, tmp_path):
    (sample / "scorecard.toml").unlink()
    path = sample / "sections" / "overview.toml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    with read_only(sample):
        for args, words in ((("convert-encoding", str(sample)), "只读"),
                            (("scorecard", "init", str(sample), "--template", "central"), "只读"),
                            (("check", "--fix", str(sample)), "只读")):
            res = cli(*args)
            no_traceback(res)
            assert words in res.stderr, (args, res.stderr)
            assert res.returncode in (1, 2)


def test_an_output_path_under_a_regular_file_is_a_message(sample, tmp_path):
    plain = tmp_path / "plain"
    plain.write_text("x")
    for args in (("export", str(sample), "--format", "txt", "-o", str(plain / "out.txt")),
                 ("export", str(sample), "--format", "docx", "-o", str(plain / "out.docx")),
                 ("new", str(plain / "n"), "--from", str(sample)),
                 ("new", str(plain / "n"), "--template", "central")):
        res = cli(*args)
        no_traceback(res)
        assert res.returncode == 2 and ("不是文件夹" in res.stderr), (args, res.stderr)


# --- new folders: a symlink, inside the old one -----------------------------------------------------------------


def test_new_into_a_symlink_to_an_empty_folder_fills_that_folder(sample, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "empty")
    res = cli("new", str(tmp_path / "link"), "--from", str(sample))
    no_traceback(res)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "link").is_symlink() and (tmp_path / "empty" / "report.toml").is_file()
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    res = cli("new", str(tmp_path / "dangling"), "--from", str(sample))
    no_traceback(res)
    assert res.returncode == 2 and "符号链接" in res.stderr


def test_new_inside_the_old_folder_copies_no_copy_of_itself(sample):
    res = cli("new", str(sample / "next"), "--from", str(sample))
    assert res.returncode == 0, res.stderr
    assert not [p for p in sample.rglob("*") if p.name.endswith(".tmp")]
    assert not (sample / "next" / "next").exists()
    assert sorted(p.name for p in (sample / "next").iterdir()) == ["report.toml", "scorecard.toml", "sections"]


# --- fidelity: line endings and the byte-order mark --------------------------------------------------------------


@pytest.mark.parametrize("bom", [False, True])
def test_check_fix_on_a_crlf_file_changes_one_line_and_keeps_crlf_and_bom(sample, bom):
    path = sample / "sections" / "assets.toml"
    text = path.read_text(encoding="utf-8")
    i = text.index("，")
    text = text[:i] + "," + text[i + 1:]  # one half-width comma between Chinese: one safe fix
    before = (b"\xef\xbb\xbf" if bom else b"") + text.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(before)
    res = cli("check", "--fix", str(sample))
    assert "已自动修复" in res.stderr, res.stderr
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") == bom
    old_lines, new_lines = before.split(b"\r\n"), after.split(b"\r\n")
    assert len(old_lines) == len(new_lines) and b"\n" not in after.replace(b"\r\n", b"")
    assert sum(a != b for a, b in zip(old_lines, new_lines, strict=True)) == 1


# --- Big5 is not GBK --------------------------------------------------------------------------------------------------

BIG5_BODY = "本會主要職責是組織開展學術交流，推動科學技術普及工作。全年預算收入150萬元，實際支出153萬元。"


def test_big5_is_never_converted_into_mojibake(sample):
    path = sample / "sections" / "overview.toml"
    source = f'title = "部門概況"\nbody = \'\'\'\n{BIG5_BODY}\n\'\'\'\n'
    path.write_bytes(source.encode("big5"))
    assert guess(path.read_bytes()).codec is None  # unsure: both readings are candidates
    res = cli("convert-encoding", str(sample))
    no_traceback(res)
    assert res.returncode == 1 and "Big5" in res.stderr and "GBK" in res.stderr and "--from-encoding big5" in res.stderr
    assert path.read_bytes() == source.encode("big5")  # untouched
    res = cli("check", str(sample))
    assert "--from-encoding big5" in res.stdout
    res = cli("convert-encoding", str(sample), "--from-encoding", "big5")
    assert res.returncode == 0 and "已从 Big5" in res.stdout, res.stderr
    assert path.read_text(encoding="utf-8") == source


def test_gbk_is_still_recognised_and_converted(sample):
    path = sample / "sections" / "overview.toml"
    source = path.read_text(encoding="utf-8")
    path.write_bytes(source.encode("gbk"))
    res = cli("convert-encoding", str(sample))
    assert res.returncode == 0 and "已从 GBK/GB18030 转为 UTF-8" in res.stdout, res.stderr
    assert path.read_text(encoding="utf-8") == source


# --- scale: the file names of an import --------------------------------------------------------------------------------


def test_section_file_names_are_linear_in_the_sections():
    sections = [Section(title=t, id="") for t in ("部门概况", "资产管理", "其他") * 7000]
    started = time.perf_counter()
    ids = section_ids(sections)
    assert time.perf_counter() - started < 2
    assert len(set(ids)) == len(ids) and ids[:4] == ["overview", "assets", "section-03", "overview-2"]


def test_the_sample_is_untouched():
    assert (SAMPLE / "report.toml").is_file()
