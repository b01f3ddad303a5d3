"""`tui-report --help` and every subcommand's --help speak Chinese: no
word of argparse's English is left (option names and metavars are what a
user types, and stay)."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from tui_report.cli import build_parser, translate_error

from .conftest import run_cli

#: argparse's own words, as Python 3.11–3.13 print them
ENGLISH = ["usage:", "positional arguments", "optional arguments", "options:", "show this help message",
           "==SUPPRESS==", "default:", "choose from", "required", "argument"]


def _help(command: tuple[str, ...]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        build_parser().parse_args([*command, "--help"])
    return out.getvalue()


def _subcommands(text: str) -> list[str]:
    """The names a help text lists under its COMMAND / 命令 argument: the
    lines indented by exactly four spaces, each starting with a name."""
    lines = text.split("\n")
    start = next((n for n, line in enumerate(lines) if line.strip() in ("COMMAND", "命令")), None)
    if start is None:
        return []
    names = []
    for line in lines[start + 1:]:
        if not line.strip():
            break
        found = re.match(r"^ {4}([a-z][a-z-]*)(?:\s|$)", line)
        if found:
            names.append(found.group(1))
    return names


def _commands(prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [prefix]
    for name in _subcommands(_help(prefix)):
        out += _commands((*prefix, name))
    return out


def test_every_command_is_listed():
    commands = _commands()
    assert () in commands and ("check",) in commands and ("scorecard", "init") in commands
    assert len(commands) > 20


@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c) or "tui-report")
def test_help_has_no_english_of_argparse(command):
    text = _help(command)
    assert text.startswith("用法：")
    lowered = text.lower()
    assert [word for word in ENGLISH if word in lowered] == []
    assert "显示本帮助并退出" in text


def test_help_through_the_program_and_errors_in_chinese():
    res = run_cli("--help")
    assert res.returncode == 0 and res.stdout.startswith("用法：tui-report")
    assert "参数：" in res.stdout and "选项：" in res.stdout
    res = run_cli("export")
    assert res.returncode == 2 and "缺少必需的参数：path" in res.stderr and "usage" not in res.stderr
    res = run_cli("check", "--format", "xml", ".")
    assert "无效的选择" in res.stderr and "invalid choice" not in res.stderr


def test_unknown_messages_pass_through_unchanged():
    assert translate_error("something else") == "something else"
    assert translate_error("unrecognized arguments: --x") == "无法识别的参数：--x"
