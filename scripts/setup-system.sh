#!/usr/bin/env bash
# Install the system packages tui-report needs, when we can.
#
# PDF export needs Pango (WeasyPrint), libharfbuzz-subset0 (fast font
# subsetting) and CJK fonts; texlive-lang-chinese brings FandolFang, the one
# open 仿宋 Debian packages (inside TeX Live), which this script then makes
# visible to fontconfig. The tests also use tmux, poppler-utils and
# LibreOffice (libreoffice-writer-nogui: renders the exported DOCX to PDF to
# measure it), and chromium with chromium-driver (Selenium opens the review's
# HTML in it). Installs with apt-get as root or through passwordless sudo,
# skips what is present, and otherwise says what to install and carries on:
# everything but PDF export works without these.
#
# Measured on a 2-core Debian 12 machine with a nearby mirror:
# libreoffice-writer-nogui takes 18 s to install (49 packages),
# texlive-lang-chinese 35 s (23 packages, a 49 MB download).
set -u

PACKAGES=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  fonts-noto-cjk fonts-lxgw-wenkai texlive-lang-chinese
  tmux poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui
  chromium chromium-driver
)

# what is lost without each optional package, said when it cannot be installed
declare -A WHY=(
  [texlive-lang-chinese]="PDF 正文改用 Noto Serif CJK（宋体）代替仿宋"
  [libreoffice-writer-nogui]="DOCX 的 LibreOffice 排版测试与 .doc/.wps 导入将跳过"
  [libreoffice-calc-nogui]="自评表 xlsx 的 LibreOffice 重算测试将跳过"
  [fonts-lxgw-wenkai]="没有开源楷体，二级标题无法导出 PDF"
  [tmux]="终端端到端测试将跳过"
  [chromium]="review 审阅表的浏览器测试将失败（tests/test_review_browser.py）"
  [chromium-driver]="review 审阅表的浏览器测试将失败（tests/test_review_browser.py）"
)

#: where TeX Live keeps the Fandol fonts; fontconfig does not look there
FANDOL_DIR=/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol

have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# FandolFang → fontconfig: a link in the local fonts folder (only that face:
# the other Fandol faces are not used, and TeX Live's whole font tree would
# change what fontconfig picks for Latin text)
register_fandol() {
  [ -f "$FANDOL_DIR/FandolFang-Regular.otf" ] || return 0
  command -v fc-list >/dev/null 2>&1 || return 0
  if fc-list : family | grep -qi '^FandolFang'; then return 0; fi
  local dest
  if [ "$(id -u)" -eq 0 ]; then dest=/usr/local/share/fonts/fandol
  else dest="${XDG_DATA_HOME:-$HOME/.local/share}/fonts/fandol"; fi
  mkdir -p "$dest" && ln -sf "$FANDOL_DIR/FandolFang-Regular.otf" "$dest/" \
    && fc-cache -f "$dest" >/dev/null 2>&1 \
    && echo "setup-system: FandolFang (仿宋) registered with fontconfig in $dest"
}

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: not a Debian/Ubuntu system; please install the equivalents of: ${PACKAGES[*]}"
  exit 0
fi

missing=()
for p in "${PACKAGES[@]}"; do have "$p" || missing+=("$p"); done
if ! python3 -c 'import ensurepip' >/dev/null 2>&1; then missing+=(python3-venv); fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: system packages present"
  register_fandol
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "setup-system: missing ${missing[*]}"
  echo "setup-system: no root or passwordless sudo; ask an administrator to run:"
  echo "    sudo apt-get install --no-install-recommends ${missing[*]}"
  for p in "${missing[@]}"; do
    [ -n "${WHY[$p]:-}" ] && echo "setup-system:   without $p: ${WHY[$p]}"
  done
  echo "setup-system: continuing (only PDF/DOCX rendering, the tmux and the browser tests need them)"
  register_fandol
  exit 0
fi

echo "setup-system: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq || echo "setup-system: apt-get update failed; trying with the cached lists"
if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
  # one unavailable package (e.g. fonts-lxgw-wenkai on an older release)
  # must not keep the others out
  for p in "${missing[@]}"; do
    if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "$p" >/dev/null; then
      echo "setup-system: could not install $p (not in this release's archive?)${WHY[$p]:+; ${WHY[$p]}}"
    fi
  done
fi
if [ ${#SUDO[@]} -eq 0 ]; then register_fandol; else "${SUDO[@]}" bash -c "$(declare -f register_fandol); FANDOL_DIR='$FANDOL_DIR'; register_fandol"; fi
exit 0
