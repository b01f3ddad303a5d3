"""Font roles: each resolves to an installed family, or export stops and
names the Debian package to install (never a PDF with tofu boxes)."""

from __future__ import annotations

import pytest

from tui_report.export import fonts

from .conftest import SAMPLE, run_cli

MISSING_HEITI = """
[roles.fangsong]
name = "仿宋"
families = ["Noto Serif CJK SC"]
package = "fonts-noto-cjk"

[roles.xiaobiaosong]
name = "小标宋"
families = [{ family = "Noto Serif CJK SC", weight = 700 }]
package = "fonts-noto-cjk"

[roles.heiti]
name = "黑体"
families = ["不存在的黑体 XYZ", "No Such Sans 0"]
package = "fonts-nosuch-sans"

[roles.kaiti]
name = "楷体"
families = ["LXGW WenKai"]
package = "fonts-lxgw-wenkai"

[roles.songti]
name = "宋体"
families = ["Noto Serif CJK SC"]
package = "fonts-noto-cjk"
"""


def test_missing_role_stops_export_naming_the_package(tmp_path):
    table = tmp_path / "fonts.toml"
    table.write_text(MISSING_HEITI, encoding="utf-8")
    out = tmp_path / "r.pdf"
    res = run_cli("export", str(SAMPLE), "--format", "pdf", "--draft", "-o", str(out), env={fonts.ENV: str(table)})
    assert res.returncode == 2
    assert "找不到「黑体」字体" in res.stderr
    assert "不存在的黑体 XYZ" in res.stderr
    assert "sudo apt-get install fonts-nosuch-sans" in res.stderr
    assert not out.exists()


def test_the_shipped_table_resolves_on_this_machine():
    chosen = fonts.resolve()
    assert set(chosen) == set(fonts.ROLES)
    installed = fonts.installed_families()
    for choice in chosen.values():
        assert choice.family.casefold() in installed


def test_first_installed_family_wins_and_substitutes_are_named(tmp_path):
    table = tmp_path / "fonts.toml"
    table.write_text(MISSING_HEITI.replace('["不存在的黑体 XYZ", "No Such Sans 0"]', '["不存在的黑体 XYZ", "Noto Sans CJK SC"]'), encoding="utf-8")
    chosen = fonts.resolve(table)
    assert chosen["heiti"].family == "Noto Sans CJK SC"
    assert chosen["heiti"].substitute
    assert chosen["heiti"].describe() == "黑体：Noto Sans CJK SC（未安装 不存在的黑体 XYZ，以此代替）"
    assert chosen["xiaobiaosong"].weight == 700 and not chosen["xiaobiaosong"].substitute


def test_resolution_is_case_insensitive_like_fontconfig(tmp_path):
    chosen = fonts.resolve(installed={"noto serif cjk sc", "noto sans cjk sc", "lxgw wenkai"})
    assert chosen["fangsong"].family == "Noto Serif CJK SC"


def test_a_table_without_a_role_the_stylesheet_needs_is_an_error(tmp_path):
    table = tmp_path / "fonts.toml"
    table.write_text(MISSING_HEITI.split("[roles.songti]")[0].replace("不存在的黑体 XYZ", "Noto Sans CJK SC"), encoding="utf-8")
    with pytest.raises(fonts.FontError) as err:
        fonts.resolve(table)
    assert "没有给出「songti」角色" in str(err.value)


def test_no_fonts_at_all_names_fontconfig():
    with pytest.raises(fonts.FontError) as err:
        fonts.resolve(installed=set())
    assert "fontconfig" in str(err.value)


def test_font_css_quotes_family_names():
    chosen = fonts.resolve(installed={"noto serif cjk sc", "noto sans cjk sc", "lxgw wenkai"})
    css = fonts.css(chosen)
    assert '--font-kaiti: "LXGW WenKai";' in css
    assert "--weight-xiaobiaosong: 700;" in css
    assert "--weight-fangsong: normal;" in css
