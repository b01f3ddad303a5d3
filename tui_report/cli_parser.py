"""The command line's argument parser, in Chinese.

argparse writes its own words in English ("usage:", "positional
arguments", "show this help message and exit", its error messages). A
user of this tool reads Chinese, so those words are put in Chinese here,
through argparse's public methods only (``format_usage``, ``format_help``,
``error``): option names and metavars stay as typed.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

#: argparse's headings and phrases → Chinese (whole lines or prefixes)
_HEADINGS = {
    "positional arguments:": "参数：",
    "options:": "选项：",
    "optional arguments:": "选项：",
}

#: argparse's error messages → Chinese, by pattern
_ERRORS = [
    (re.compile(r"^the following arguments are required: (.*)$"), "缺少必需的参数：{0}"),
    (re.compile(r"^unrecognized arguments: (.*)$"), "无法识别的参数：{0}"),
    (re.compile(r"^argument (\S+): invalid choice: (.*) \(choose from (.*)\)$"), "参数 {0}：无效的选择 {1}（可选：{2}）"),
    (re.compile(r"^argument (\S+): expected one argument$"), "参数 {0} 后面需要一个值"),
    (re.compile(r"^argument (\S+): expected at least one argument$"), "参数 {0} 后面至少需要一个值"),
    (re.compile(r"^argument (\S+): invalid (\w+) value: (.*)$"), "参数 {0}：不是有效的值 {2}"),
    (re.compile(r"^argument (\S+): not allowed with argument (\S+)$"), "参数 {0} 不能与 {1} 同时使用"),
    (re.compile(r"^argument (\S+): ignored explicit argument (.*)$"), "参数 {0} 不接受值 {1}"),
    (re.compile(r"^ambiguous option: (\S+) could match (.*)$"), "选项 {0} 有歧义，可能是：{1}"),
]

HELP = "显示本帮助并退出"


def _chinese(text: str) -> str:
    lines = []
    in_usage = False
    for line in text.split("\n"):
        if "==SUPPRESS==" in line:
            continue  # a hidden subcommand (merge-driver) is listed by 3.11's argparse with this mark
        if line.startswith("usage: "):
            line = "用法：" + line[len("usage: "):]
            in_usage = True
        elif in_usage and line.startswith("       "):
            line = line[1:]  # the usage continues under "用法：", one cell narrower than "usage: "
        else:
            in_usage = False
        line = _HEADINGS.get(line, line)
        lines.append(line)
    return "\n".join(lines)


def translate_error(message: str) -> str:
    for pattern, words in _ERRORS:
        found = pattern.match(message)
        if found:
            return words.format(*found.groups())
    return message


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words are Chinese; subcommand parsers
    made from it are of the same class."""

    def __init__(self, *args, **kwargs) -> None:
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False  # argparse's own -h says "show this help message and exit"
        super().__init__(*args, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP)

    def format_usage(self) -> str:
        return _chinese(super().format_usage())

    def format_help(self) -> str:
        return _chinese(super().format_help())

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{translate_error(message)}\n")
