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

Two things follow the chosen family in the stylesheet. The installed
families after it in its chain stand behind it in ``font-family``, so a
character the face lacks is set in the next face of the same role (per
character, by the layout engine) rather than in whatever fontconfig finds;
FandolFang, the open 仿宋, covers GB2312, and a rarer character falls to Noto
Serif CJK. And bold: WeasyPrint never synthesizes it, so for a family with no
bold face (FandolFang, and the real 仿宋_GB2312 too) bold text of that role
is set in the first family of the chain that has one (``--font-ROLE-bold``),
rather than losing the emphasis.
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
    #: installed families after ``family`` in the chain: per-character fallback
    fallbacks: tuple[str, ...] = ()
    #: the family bold text of this role is set in ("" for ``family``)
    bold: str = ""

    @property
    def substitute(self) -> bool:
        return self.family != self.preferred

    @property
    def bold_family(self) -> str:
        return self.bold or self.family

    def describe(self) -> str:
        bold = f"；加粗用 {self.bold}" if self.bold and self.bold != self.family else ""
        if self.substitute:
            return f"{self.name}：{self.family}（未安装 {self.preferred}，以此代替{bold}）"
        return f"{self.name}：{self.family}" + (f"（{bold[1:]}）" if bold else "")


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


#: fontconfig's weight of a bold face (FC_WEIGHT_BOLD)
FC_BOLD = 200


def _scan() -> tuple[set[str], set[str]]:
    """(every family fontconfig knows, the families with a bold face), names
    case-folded, localized names included."""
    try:
        out = subprocess.run(
            ["fc-list", "--format", "%{family}\t%{weight}\n"], capture_output=True, text=True, timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return set(), set()
    names: set[str] = set()
    bold: set[str] = set()
    for line in out.splitlines():
        families, _, weight = line.partition("\t")
        heavy = any(w.strip().isdigit() and int(w) >= FC_BOLD for w in weight.strip("[]").split())
        for name in families.split(","):
            if name.strip():
                names.add(name.strip().casefold())
                if heavy:
                    bold.add(name.strip().casefold())
    return names, bold


def installed_families() -> set[str]:
    """Every family name fontconfig knows, localized names included,
    case-folded (fontconfig matches families case-insensitively)."""
    return _scan()[0]


def family_files(family: str) -> list[Path]:
    """The font files of ``family`` (regular weight first), as fontconfig
    lists them."""
    try:
        out = subprocess.run(["fc-list", "--format", "%{weight}\t%{file}\n", family], capture_output=True,
                             text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    rows = [line.split("\t", 1) for line in out.splitlines() if "\t" in line]
    return [Path(f) for _, f in sorted(rows, key=lambda r: abs(int(r[0]) - 80) if r[0].isdigit() else 999)]


def missing_glyphs(text: str, family: str) -> set[str]:
    """The characters of ``text`` (white space aside) that no file of
    ``family`` has a glyph for: what the fallback families set instead."""
    from fontTools.ttLib import TTCollection, TTFont

    wanted = {ch for ch in text if not ch.isspace()}
    for path in family_files(family):
        fonts = TTCollection(str(path)).fonts if path.suffix.lower() in (".ttc", ".otc") else [TTFont(str(path))]
        for font in fonts:
            cmap = font.getBestCmap() or {}
            wanted = {ch for ch in wanted if ord(ch) not in cmap}
    return wanted


def resolve(path: str | os.PathLike | None = None, installed: set[str] | None = None,
            bold: set[str] | None = None) -> dict[str, FontChoice]:
    """The family each role uses; FontError names every role left without
    one. ``installed`` (and ``bold``, the families with a bold face; all of
    them when not given) stand in for fontconfig in tests."""
    table = table_path(path)
    roles = load_table(table)
    if installed is None:
        installed, bold = _scan()
    if bold is None:
        bold = installed
    if not installed:
        raise FontError([Role("fontconfig", "任何", (("fc-list", None),), "fontconfig")], table)
    chosen, missing = {}, []
    given = {r.key for r in roles}
    roles += [Role(key, key, (), "") for key in ROLES if key not in given]
    for role in roles:
        present = [(f, w) for f, w in role.families if f.casefold() in installed]
        if not present:
            missing.append(role)
            continue
        (family, weight), rest = present[0], present[1:]
        heavy = "" if family.casefold() in bold or weight else next(
            (f for f, _ in rest if f.casefold() in bold), "")
        chosen[role.key] = FontChoice(role.key, role.name, family, weight, role.families[0][0],
                                      tuple(f for f, _ in rest), heavy)
    if missing:
        raise FontError(missing, table)
    return chosen


def _css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def css(choices: dict[str, FontChoice]) -> str:
    """Custom properties report.css reads: ``--font-ROLE`` (the family, then
    its fallbacks), ``--font-ROLE-bold`` (the same led by the family bold text
    is set in) and ``--weight-ROLE``."""
    decls = []
    for key, choice in choices.items():
        chain = [choice.family, *choice.fallbacks]
        bold = [choice.bold_family, *(f for f in chain if f != choice.bold_family)]
        decls.append(f"  --font-{key}: {', '.join(_css_string(f) for f in chain)};")
        decls.append(f"  --font-{key}-bold: {', '.join(_css_string(f) for f in bold)};")
        decls.append(f"  --weight-{key}: {choice.weight or 'normal'};")
    return ":root {\n" + "\n".join(decls) + "\n}\n"
