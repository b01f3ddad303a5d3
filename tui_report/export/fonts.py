"""Font roles → the families installed on this machine.

GB/T 9704 names faces by role (仿宋 for the body, 小标宋 for the title, …) and
most machines lack the proprietary ones, so every role is a chain of families
ending in an open font from a Debian package (``styles/fonts.toml``). We pick
the family ourselves instead of handing Pango the whole chain: export can then
say which face it used, and stop with the package to install when nothing of
a role exists, instead of printing tofu boxes in a document that gets
published.

Plain Python and one ``fc-list`` call: fontconfig is what Pango asks, and
``fc-list`` (unlike ``fc-match``) lists only real fonts, never substitutes.
"""

from __future__ import annotations

import os
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tui_report.report.errors import TuiReportError
from tui_report.resources import styles_dir

#: Points at another font table (tests, or a site with its own fonts).
ENV = "TUI_REPORT_FONTS"

#: Roles styles/report.css refers to; a table must give each of them.
ROLES = ("fangsong", "xiaobiaosong", "heiti", "kaiti", "songti")


@dataclass(frozen=True)
class FontChoice:
    role: str  # key in the table, e.g. "fangsong"
    name: str  # the standard's name, e.g. 仿宋
    family: str  # the installed family we use
    weight: int | None  # weight the substitute needs, if any
    preferred: str  # first family of the chain: what the standard asks for

    @property
    def substitute(self) -> bool:
        return self.family != self.preferred

    def describe(self) -> str:
        if self.substitute:
            return f"{self.name}：{self.family}（未安装 {self.preferred}，以此代替）"
        return f"{self.name}：{self.family}"


@dataclass(frozen=True)
class Role:
    key: str
    name: str
    families: tuple[tuple[str, int | None], ...]
    package: str


class FontError(TuiReportError):
    """No font of a role is installed: the message names the package."""

    def __init__(self, missing: list[Role], table: Path):
        self.missing = missing
        self.table = table
        self.packages = sorted({r.package for r in missing if r.package})
        lines = []
        for role in missing:
            tried = "、".join(f for f, _ in role.families)
            if tried:
                lines.append(f"找不到「{role.name}」字体（依次尝试了：{tried}）。")
            else:
                lines.append(f"字体表没有给出「{role.name}」角色。")
        if self.packages:
            pkgs = " ".join(self.packages)
            lines.append(f"请安装 Debian 软件包 {pkgs}：sudo apt-get install {pkgs}")
        lines.append(f"（字体表：{table}）")
        super().__init__("\n".join(lines))


def table_path(path: str | os.PathLike | None = None) -> Path:
    if path is not None:
        return Path(path)
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    return styles_dir() / "fonts.toml"


def load_table(path: str | os.PathLike | None = None) -> list[Role]:
    path = table_path(path)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    roles = []
    for key, spec in data.get("roles", {}).items():
        families: list[tuple[str, int | None]] = []
        for entry in spec.get("families", []):
            if isinstance(entry, str):
                families.append((entry, None))
            else:
                families.append((str(entry["family"]), int(entry["weight"]) if "weight" in entry else None))
        roles.append(Role(key, str(spec.get("name", key)), tuple(families), str(spec.get("package", ""))))
    return roles


def installed_families() -> set[str]:
    """Every family name fontconfig knows, localized names included,
    case-folded (fontconfig matches families case-insensitively)."""
    try:
        out = subprocess.run(
            ["fc-list", "--format", "%{family}\n"], capture_output=True, text=True, timeout=30, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    names = set()
    for line in out.splitlines():
        for name in line.split(","):
            if name.strip():
                names.add(name.strip().casefold())
    return names


def resolve(path: str | os.PathLike | None = None, installed: set[str] | None = None) -> dict[str, FontChoice]:
    """The family each role uses; FontError names every role left without one."""
    table = table_path(path)
    roles = load_table(table)
    if installed is None:
        installed = installed_families()
    if not installed:
        raise FontError([Role("fontconfig", "任何", (("fc-list", None),), "fontconfig")], table)
    chosen, missing = {}, []
    given = {r.key for r in roles}
    roles += [Role(key, key, (), "") for key in ROLES if key not in given]
    for role in roles:
        for family, weight in role.families:
            if family.casefold() in installed:
                chosen[role.key] = FontChoice(role.key, role.name, family, weight, role.families[0][0])
                break
        else:
            missing.append(role)
    if missing:
        raise FontError(missing, table)
    return chosen


def _css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def css(choices: dict[str, FontChoice]) -> str:
    """Custom properties report.css reads: ``--font-ROLE`` and ``--weight-ROLE``."""
    decls = []
    for key, choice in choices.items():
        decls.append(f"  --font-{key}: {_css_string(choice.family)};")
        decls.append(f"  --weight-{key}: {choice.weight or 'normal'};")
    return ":root {\n" + "\n".join(decls) + "\n}\n"
