"""Corpus cases that cannot be kept in git as plain files: built on demand."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from . import Case, Expect

GENERATED: list[Case] = []


def case(name: str, description: str, opens: bool, exit: int, expect: list[Expect]):
    def register(build):
        GENERATED.append(Case(name, description, opens, exit, expect, build))
        return build
    return register


@case("big-body-5mb", "a section body of 5 MB (a pasted annex) opens, checks and exports",
      True, 0, [Expect("0 个错误，0 个警告")])
def _big_body(root: Path) -> None:
    para = "本单位严格执行预算，各项支出符合规定，资金使用效益良好。" * 20 + "\n"
    body = para * (5 * 1024 * 1024 // len(para.encode("utf-8")) + 1)
    (root / "sections/budget.toml").write_text(
        f"title = \"一般公共预算支出情况\"\nbody = '''\n{body}'''\n", encoding="utf-8")


@case("oversized-file", "a 40 MB file where a section should be is refused by size, not read",
      True, 1, [Expect("文件过大（40 MB，上限 32 MB）：请确认没有放错文件", "sections/budget.toml", 1, 1)])
def _oversized(root: Path) -> None:
    with open(root / "sections/budget.toml", "wb") as fh:
        fh.truncate(40 * 1024 * 1024)


@case("thousand-sections", "1,000 top-level sections: numbered up to 一千、",
      True, 0, [Expect("0 个错误，0 个警告")])
def _thousand(root: Path) -> None:
    ids = [f"s{n:04d}" for n in range(1, 1001)]
    (root / "report.toml").write_text(
        'department = "示例区科学技术协会"\nyear = 2023\nsections = [\n'
        + "".join(f'  "{i}",\n' for i in ids) + "]\n", encoding="utf-8")
    for path in (root / "sections").iterdir():
        path.unlink()
    for n, sid in enumerate(ids, 1):
        (root / "sections" / f"{sid}.toml").write_text(
            f"title = \"第{n}项\"\nbody = '''\n内容{n}。\n'''\n", encoding="utf-8")


@case("deeply-nested-array", "an array nested 5,000 levels deep cannot crash the parser",
      False, 2, [Expect("TOML 嵌套过深：数组或表嵌套了上千层", "report.toml", 19, 5005)])
def _deep_array(root: Path) -> None:
    with open(root / "report.toml", "a", encoding="utf-8") as fh:
        fh.write("\n[settings]\nx = " + "[" * 5000)


@case("symlink-section-out", "a section file that is a symlink to a file outside the report is not read",
      True, 1, [Expect("文件是指向报告文件夹之外的符号链接，出于安全不予读取；请改为普通文件", "sections/budget.toml", 1, 1)])
def _symlink_out(root: Path) -> None:
    outside = root.parent / f"{root.name}-outside.toml"
    outside.write_text('title = "外部文件"\n', encoding="utf-8")
    (root / "sections/budget.toml").unlink()
    (root / "sections/budget.toml").symlink_to(outside)


@case("symlink-sections-folder-out", "a sections/ folder that links outside the report is not read",
      True, 1, [Expect("文件所在的文件夹是指向报告文件夹之外的符号链接，出于安全不予读取", "sections/overview.toml", 1, 1)])
def _symlink_dir_out(root: Path) -> None:
    outside = root.parent / f"{root.name}-outside"
    shutil.move(root / "sections", outside)
    (root / "sections").symlink_to(outside, target_is_directory=True)


@case("symlink-report-toml", "report.toml as a symlink to /etc/passwd: refused before reading",
      False, 2, [Expect("文件是指向报告文件夹之外的符号链接，出于安全不予读取；请改为普通文件", "report.toml", 1, 1)])
def _symlink_report(root: Path) -> None:
    (root / "report.toml").unlink()
    (root / "report.toml").symlink_to(os.path.abspath("/etc/passwd"))


@case("symlink-section-inside", "a section file linked to another section: a save would break the link",
      True, 1, [Expect("文件是指向别的文件的符号链接，出于安全不予读取；请改为普通文件", "sections/budget.toml", 1, 1)])
def _symlink_inside(root: Path) -> None:
    (root / "sections/budget.toml").unlink()
    (root / "sections/budget.toml").symlink_to("overview.toml")


@case("section-file-is-folder", "a folder named like a section file",
      True, 1, [Expect("应为文件，却是文件夹", "sections/budget.toml", 1, 1)])
def _section_folder(root: Path) -> None:
    (root / "sections/budget.toml").unlink()
    (root / "sections/budget.toml").mkdir()


@case("report-toml-is-folder", "a folder named report.toml",
      False, 2, [Expect("应为文件，却是文件夹", "report.toml", 1, 1)])
def _report_folder(root: Path) -> None:
    (root / "report.toml").unlink()
    (root / "report.toml").mkdir()
